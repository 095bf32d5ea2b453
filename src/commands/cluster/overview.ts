import { defineCommand } from '../../cli/define.js';
import { getPath, type Column, type View } from '../../render/view.js';

/** A per-second rate as the API gives it (…_details.rate), shown to one decimal on a terminal. */
const rate = (key: string, header: string): Column => ({ key: `${key}_details.rate`, header: `${header}/s`, align: 'right', human: (v) => (typeof v === 'number' ? v.toFixed(1) : '') });

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
  // message rates and churn: what changes, per second (the broker reports them once its
  // statistics have been collected; rows it does not report are left out)
  rate('message_stats.publish', 'published'),
  rate('message_stats.deliver_get', 'delivered'),
  rate('message_stats.ack', 'acked'),
  rate('churn_rates.connection_created', 'connections opened'),
  rate('churn_rates.connection_closed', 'connections closed'),
  rate('churn_rates.channel_created', 'channels opened'),
  rate('churn_rates.channel_closed', 'channels closed'),
  rate('churn_rates.queue_declared', 'queues declared'),
  rate('churn_rates.queue_created', 'queues created'),
  rate('churn_rates.queue_deleted', 'queues deleted'),
];

export const overview = defineCommand({
  name: 'overview',
  summary: 'cluster name, versions, message and object totals, message rates and churn (per second)',
  async run(ctx) {
    const o = await (await ctx.mgmt()).cluster.overview();
    await ctx.out.object(o, OVERVIEW_VIEW.filter((c) => !c.key.endsWith('_details.rate') || getPath(o, c.key) !== undefined));
  },
});
