import { arg, defineCommand } from '../../cli/define.js';
import { NotFoundError } from '../../errors.js';
import { passwordBody, samePassword } from '../../kinds/user.js';
import { requireName, tagList } from '../shared.js';
import { newPassword, PASSWORD_SOURCES } from './password-source.js';

/** user passwd NAME [password source]: change an existing user's password; keeps its tags. */
export const userPasswd = defineCommand({
  name: 'passwd',
  summary: "change a user's password (keeps its tags; idempotent)",
  args: { name: arg.required('name') },
  options: { ...PASSWORD_SOURCES },
  async run(ctx, { name }, source) {
    requireName('user', name);
    const pw = await newPassword(ctx, source, `new password for user '${name}'`, PASSWORD_SOURCES);
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
  },
});
