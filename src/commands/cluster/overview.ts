import { defineCommand } from '../../cli/define.js';
import type { View } from '../../render/view.js';

/** What a person asks first; --json prints the whole API document. */
export const OVERVIEW_VIEW: View = [
  { key: 'cluster_name', header: 'cluster' },
  { key: 'rabbitmq_version', header: 'RabbitMQ' },
  { key: 'erlang_version', header: 'Erlang' },
  { key: 'management_version', header: 'management' },
  { key: 'node' },
  { key: 'queue_totals.messages', header: 'messages' },
  { key: 'queue_totals.messages_ready', header: 'messages ready' },
  { key: 'queue_totals.messages_unacknowledged', header: 'messages unacked' },
  { key: 'object_totals.connections', header: 'connections' },
  { key: 'object_totals.channels', header: 'channels' },
  { key: 'object_totals.consumers', header: 'consumers' },
  { key: 'object_totals.queues', header: 'queues' },
  { key: 'object_totals.exchanges', header: 'exchanges' },
];

export const overview = defineCommand({
  name: 'overview',
  summary: 'cluster name, versions, message and object totals',
  async run(ctx) {
    await ctx.out.object(await (await ctx.mgmt()).cluster.overview(), OVERVIEW_VIEW);
  },
});
