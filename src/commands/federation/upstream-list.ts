import { defineCommand } from '../../cli/define.js';
import { UPSTREAM_VIEW, upstreamRow } from '../../kinds/federation.js';
import { ALL_VHOSTS, listVhost, scopedView } from '../scope.js';

export const upstreamList = defineCommand({
  name: 'list',
  summary: 'list the federation upstreams of the vhost (-V; --all-vhosts for every one); URIs without passwords',
  options: { ...ALL_VHOSTS },
  async run(ctx, _args, { allVhosts }) {
    const vhost = listVhost(ctx, 'in-vhost', allVhosts);
    const rows = (await (await ctx.mgmt()).federation.upstreams(vhost)).map(upstreamRow);
    await ctx.out.list(rows, scopedView(UPSTREAM_VIEW, vhost));
  },
});
