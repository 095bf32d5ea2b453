import { declaredQueueArguments } from '../../mgmt/defaults.js';
import { cellText, type Column, type View } from '../../render/view.js';

/**
 * Arguments on a TTY and in TSV: without those the broker fills in by itself (x-queue-type equal
 * to the type column), so 3.x and 4.x show the same; --json keeps the broker's document.
 */
const ARGUMENTS: Column = { key: 'arguments', format: (_v, row) => cellText(declaredQueueArguments(row)) };

/** `queue list`: what an operator looks at first. */
export const QUEUE_LIST_VIEW: View = [
  { key: 'name' },
  { key: 'type' },
  { key: 'messages', align: 'right' },
  { key: 'messages_ready', header: 'ready', align: 'right' },
  { key: 'messages_unacknowledged', header: 'unacked', align: 'right' },
  { key: 'consumers', align: 'right' },
  { key: 'state' },
  { ...ARGUMENTS, hidden: true },
];

/** `queue show` on a TTY and in TSV (JSON shows the whole object). */
export const QUEUE_SHOW_VIEW: View = [
  { key: 'name' },
  { key: 'vhost' },
  { key: 'type' },
  { key: 'durable' },
  { key: 'auto_delete' },
  { key: 'exclusive' },
  ARGUMENTS,
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
