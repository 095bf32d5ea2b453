import type { View } from '../../render/view.js';

/** `queue list`: what an operator looks at first. */
export const QUEUE_LIST_VIEW: View = [
  { key: 'name' },
  { key: 'type' },
  { key: 'messages', align: 'right' },
  { key: 'messages_ready', header: 'ready', align: 'right' },
  { key: 'messages_unacknowledged', header: 'unacked', align: 'right' },
  { key: 'consumers', align: 'right' },
  { key: 'state' },
];

/** `queue show` on a TTY and in TSV (JSON shows the whole object). */
export const QUEUE_SHOW_VIEW: View = [
  { key: 'name' },
  { key: 'vhost' },
  { key: 'type' },
  { key: 'durable' },
  { key: 'auto_delete' },
  { key: 'exclusive' },
  { key: 'arguments' },
  { key: 'policy' },
  { key: 'effective_policy_definition' },
  { key: 'state' },
  { key: 'node' },
  { key: 'leader' },
  { key: 'members' },
  { key: 'messages' },
  { key: 'messages_ready' },
  { key: 'messages_unacknowledged' },
  { key: 'consumers' },
  { key: 'memory' },
];
