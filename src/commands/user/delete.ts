import { arg, defineCommand } from '../../cli/define.js';
import { userKind } from '../../kinds/user.js';
import { removeObject } from '../../plan/execute.js';
import { BULK_OPTIONS, bulkDelete, nameOrPattern } from '../bulk.js';
import { IF_EXISTS, YES } from '../options.js';

export const userDelete = defineCommand({
  name: 'delete',
  summary: 'delete a user and its permissions (or every user whose name matches --name-regex)',
  args: { name: arg.optional('name') },
  options: { ...IF_EXISTS, ...BULK_OPTIONS, ...YES },
  help: `With --name-regex RE instead of NAME: every user whose name matches (JavaScript syntax,
unanchored), except the user rmqx is logged in as, which is skipped. --dry-run lists them and
deletes nothing; otherwise rmqx asks on a terminal and needs --yes elsewhere. A failure part-way
is exit 3 naming what was deleted and what failed; --json lists every outcome.

  rmqx user delete --name-regex '^ci-' --dry-run`,
  async run(ctx, { name }, { ifExists, nameRegex, dryRun, yes }) {
    const which = nameOrPattern('user', name, { nameRegex, dryRun });
    if ('pattern' in which) {
      const m = await ctx.mgmt();
      const self = ctx.settings.username;
      await bulkDelete(ctx, {
        kind: 'user',
        plural: 'users',
        where: '',
        pattern: which.pattern,
        all: (await m.users.list()).map((u) => ({ name: u.name })),
        keep: (u) => (u.name === self ? 'rmqx is logged in as this user' : undefined),
        remove: (u) => m.users.delete(u.name),
        yes,
        dryRun,
      });
      return;
    }
    await removeObject(ctx, userKind, { name: which.name }, { ifExists });
  },
});
