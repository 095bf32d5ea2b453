import { defineCommand } from '../../cli/define.js';
import { EXCHANGE_VIEW } from '../../kinds/exchange.js';
import { ALL_VHOSTS, listVhost, scopedView } from '../scope.js';

export const exchangeList = defineCommand({
  name: 'list',
  summary: "list exchanges (one vhost; --all-vhosts for every one); the default exchange's name is ''",
  options: { ...ALL_VHOSTS },
  async run(ctx, _args, { allVhosts }) {
    const vhost = listVhost(ctx, 'in-vhost', allVhosts);
    await ctx.out.listPages((await ctx.mgmt()).exchanges.stream(vhost), scopedView(EXCHANGE_VIEW, vhost));
  },
});
