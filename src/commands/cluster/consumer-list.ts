import { defineCommand } from '../../cli/define.js';
import { CONSUMER_FIELDS } from '../../mgmt/fields.js';
import { withFields } from '../../render/view.js';
import { ALL_VHOSTS, listVhost } from '../scope.js';

export const CONSUMER_VIEW = withFields(
  [
    { key: 'queue.name', header: 'queue' },
    { key: 'queue.vhost', header: 'vhost' },
    { key: 'consumer_tag', header: 'consumer tag' },
    { key: 'channel_details.connection_name', header: 'connection' },
    { key: 'ack_required', header: 'ack required' },
    { key: 'prefetch_count', header: 'prefetch', align: 'right' },
    { key: 'active' },
  ],
  CONSUMER_FIELDS,
);

export const consumerList = defineCommand({
  name: 'list',
  summary: 'list consumers (all vhosts unless -V/RMQX_VHOST/the profile names one)',
  options: { ...ALL_VHOSTS },
  async run(ctx, _args, { allVhosts }) {
    await ctx.out.listPages((await ctx.mgmt()).cluster.consumerStream(listVhost(ctx, 'across-vhosts', allVhosts)), CONSUMER_VIEW);
  },
});
