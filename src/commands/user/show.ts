import { arg, defineCommand } from '../../cli/define.js';
import { withoutSecrets } from '../../kinds/user.js';
import { requireName } from '../shared.js';

export const userShow = defineCommand({
  name: 'show',
  summary: 'show one user (never its password hash)',
  args: { name: arg.required('name') },
  async run(ctx, { name }) {
    requireName('user', name);
    await ctx.out.object(withoutSecrets(await (await ctx.mgmt()).users.get(name)));
  },
});
