import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { NotFoundError } from '../../errors.js';
import { requireName, tagList } from '../shared.js';
import { newPassword, passwordBody, passwordOptions, samePassword } from './password-source.js';

const SOURCES = { hash: true, none: true };

/** user passwd NAME [password source]: change an existing user's password; keeps its tags. */
export function userPasswd(user: Command): void {
  passwordOptions(verb(user, 'passwd <name>', "change a user's password (keeps its tags; idempotent)"), SOURCES).action(
    run(async (ctx, [name], o) => {
      requireName('user', name);
      const pw = await newPassword(ctx, o, `new password for user '${name}'`, SOURCES);
      const api = (await ctx.mgmt()).users;
      const existing = await api.find(name);
      if (!existing) throw new NotFoundError(`change password of user '${name}': it does not exist`, 'create it with `rmqx user add`');
      const tags = tagList(existing.tags);
      if (samePassword(pw, existing)) {
        await ctx.report({ action: 'updated', kind: 'user', name, changed: false, updated: [], note: `user '${name}': the password is already as asked, nothing changed` });
        return;
      }
      await api.put(name, passwordBody(pw, tags), 'change password of');
      await ctx.report({ action: 'updated', kind: 'user', name, changed: true, updated: ['password'], note: `changed the password of user '${name}'` });
    }),
  );
}
