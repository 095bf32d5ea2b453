import { arg, defineCommand } from '../../cli/define.js';
import { getPath } from '../../render/view.js';
import { EXCHANGE_SHOW_VIEW } from './views.js';

export const exchangeShow = defineCommand({
  name: 'show',
  summary: "show one exchange ('' or amq.default: the default exchange)",
  args: { name: arg.required('name') },
  async run(ctx, { name }) {
    // the API names the default exchange amq.default in paths; '' would be the vhost's list
    const x = await (await ctx.mgmt()).exchanges.get(ctx.vhost, name === '' ? 'amq.default' : name);
    await ctx.out.object(x, EXCHANGE_SHOW_VIEW.filter((c) => getPath(x, c.key) !== undefined));
  },
});
