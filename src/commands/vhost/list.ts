import { defineCommand } from '../../cli/define.js';
import { VHOST_VIEW } from '../../kinds/vhost.js';

export const vhostList = defineCommand({
  name: 'list',
  summary: 'list virtual hosts',
  async run(ctx) {
    await ctx.out.list(await (await ctx.mgmt()).vhosts.list(), VHOST_VIEW);
  },
});
