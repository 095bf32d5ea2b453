import { defineCommand } from '../../cli/define.js';
import { LINK_VIEW, linkRow } from '../../kinds/federation.js';
import { ALL_VHOSTS, listVhost, scopedView } from '../scope.js';
import { pluginRoute } from '../shovel/common.js';

export const linkList = defineCommand({
  name: 'list',
  summary: 'list the federation links of the vhost (-V; --all-vhosts for every one) with their status',
  options: { ...ALL_VHOSTS },
  help: `One link per federated exchange or queue and upstream. status is the broker's: starting,
running, error (error then says why: econnrefused, auth failure …), shutdown.`,
  async run(ctx, _args, { allVhosts }) {
    const vhost = listVhost(ctx, 'in-vhost', allVhosts);
    const m = await ctx.mgmt();
    const links = await pluginRoute('rabbitmq_federation_management', 'list federation links', () => m.federation.links(vhost));
    await ctx.out.list(links.map(linkRow), scopedView(LINK_VIEW, vhost));
  },
});
