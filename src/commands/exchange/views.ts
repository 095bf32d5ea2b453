import type { View } from '../../render/view.js';

export const EXCHANGE_LIST_VIEW: View = [{ key: 'name' }, { key: 'type' }, { key: 'durable' }, { key: 'auto_delete' }, { key: 'internal' }, { key: 'arguments' }];

export const EXCHANGE_SHOW_VIEW: View = [
  { key: 'name' },
  { key: 'vhost' },
  { key: 'type' },
  { key: 'durable' },
  { key: 'auto_delete' },
  { key: 'internal' },
  { key: 'arguments' },
  { key: 'policy' },
  { key: 'message_stats.publish_in', header: 'published in' },
  { key: 'message_stats.publish_out', header: 'published out' },
];
