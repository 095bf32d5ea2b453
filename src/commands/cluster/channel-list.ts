import { defineCommand } from '../../cli/define.js';
import { CHANNEL_FIELDS } from '../../mgmt/fields.js';
import { withFields } from '../../render/view.js';
import { ALL_VHOSTS, listVhost } from '../scope.js';

export const CHANNEL_VIEW = withFields(
  [
    { key: 'name' },
    { key: 'user' },
    { key: 'vhost' },
    { key: 'consumer_count', header: 'consumers', align: 'right' },
    { key: 'messages_unacknowledged', header: 'unacked', align: 'right' },
    { key: 'prefetch_count', header: 'prefetch', align: 'right' },
  ],
  CHANNEL_FIELDS,
);

export const channelList = defineCommand({
  name: 'list',
  summary: 'list channels (all vhosts unless -V/RMQX_VHOST/the profile names one)',
  options: { ...ALL_VHOSTS },
  async run(ctx, _args, { allVhosts }) {
    await ctx.out.listPages((await ctx.mgmt()).cluster.channelStream(listVhost(ctx, 'across-vhosts', allVhosts)), CHANNEL_VIEW);
  },
});
