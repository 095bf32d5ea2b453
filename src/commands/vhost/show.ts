import { arg, defineCommand } from '../../cli/define.js';
import { requireName } from '../shared.js';

export const vhostShow = defineCommand({
  name: 'show',
  summary: 'show one virtual host',
  args: { name: arg.required('name') },
  async run(ctx, { name }) {
    await ctx.out.object(await (await ctx.mgmt()).vhosts.get(requireName('vhost', name)));
  },
});
