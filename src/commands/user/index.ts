import type { Command } from 'commander';
import { noun, run, verb } from '../../cli/command.js';
import type { View } from '../../render/view.js';
import { deleting, ifExistsOption, requireName } from '../shared.js';
import { userAdd } from './add.js';
import { userHashPassword } from './hash-password.js';
import { userPasswd } from './passwd.js';
import { withoutSecrets } from './password-source.js';
import { userTags } from './tags.js';

export const USER_VIEW: View = [{ key: 'name' }, { key: 'tags' }];

export function registerUser(program: Command): void {
  const user = noun(program, 'user', 'users of the broker (internal database)', 'users');

  userAdd(user);

  ifExistsOption(verb(user, 'delete <name>', 'delete a user and its permissions')).action(
    run(async (ctx, [name], o) => {
      requireName('user', name);
      const api = (await ctx.mgmt()).users;
      await deleting(ctx, { action: 'deleted', kind: 'user', name }, o.ifExists, () => api.delete(name));
    }),
  );

  verb(user, 'list', 'list users (never their password hashes)').action(
    run(async (ctx) => {
      const users = await (await ctx.mgmt()).users.list();
      await ctx.out.list(users.map(withoutSecrets), USER_VIEW);
    }),
  );

  verb(user, 'show <name>', 'show one user (never its password hash)').action(
    run(async (ctx, [name]) => {
      requireName('user', name);
      await ctx.out.object(withoutSecrets(await (await ctx.mgmt()).users.get(name)));
    }),
  );

  userPasswd(user);
  userTags(user);
  userHashPassword(user);
}
