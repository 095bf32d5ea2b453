import { defineCommand } from '../../cli/define.js';
import { USER_VIEW, withoutSecrets } from '../../kinds/user.js';

export const userList = defineCommand({
  name: 'list',
  summary: 'list users (never their password hashes)',
  async run(ctx) {
    const users = await (await ctx.mgmt()).users.list();
    await ctx.out.list(users.map(withoutSecrets), USER_VIEW);
  },
});
