import type { View } from '../../render/view.js';

// `exchange list` shows the kind's view (EXCHANGE_VIEW, src/kinds/exchange.ts)

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
