import { arg, defineCommand } from '../../cli/define.js';
import { DataError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import type { Mgmt } from '../../mgmt/client.js';
import { unprotectHint, vhostKind, vhostProtected, type VhostSpec } from '../../kinds/vhost.js';
import type { Kind } from '../../kinds/kind.js';
import { removeObject } from '../../plan/execute.js';
import { BULK_OPTIONS, bulkDelete, nameOrPattern } from '../bulk.js';
import { IF_EXISTS, YES } from '../options.js';

/** The one-line refusal for a protected vhost, with the command that lifts the protection. */
export function protectedError(name: string): DataError {
  return new DataError(`delete vhost '${name}': it is protected from deletion; lift the protection first: ${unprotectHint(name)}`);
}

/** DELETE, with the broker's 412 for a protected vhost (4.1+) in rmqx's words. */
async function deleteVhost(m: Mgmt, name: string): Promise<void> {
  try {
    await m.vhosts.delete(name);
  } catch (e) {
    if (e instanceof ApiError && e.status === 412 && /protected from deletion/i.test(e.reason)) throw protectedError(name);
    throw e;
  }
}

export const vhostDelete = defineCommand({
  name: 'delete',
  summary: 'delete a virtual host and everything in it (or every vhost whose name matches --name-regex)',
  args: { name: arg.optional('name') },
  options: { ...IF_EXISTS, ...BULK_OPTIONS, ...YES },
  help: `Asks on a terminal; needs --yes elsewhere. A vhost protected from deletion (RabbitMQ 4.1+,
\`rmqx vhost add NAME --protect-from-deletion\`) is exit 65 until the protection is lifted.

With --name-regex RE instead of NAME: every vhost whose name matches (JavaScript syntax,
unanchored), except the default vhost '/' (deleted only by name) and protected vhosts, which are
skipped. --dry-run lists them and deletes nothing. A failure part-way is exit 3 naming what was
deleted and what failed; --json lists every outcome.

  rmqx vhost delete --name-regex '^ci-' --dry-run
  rmqx vhost delete --name-regex '^ci-' --yes`,
  async run(ctx, { name }, { ifExists, yes, nameRegex, dryRun }) {
    const which = nameOrPattern('vhost', name, { nameRegex, dryRun });
    if ('pattern' in which) {
      const m = await ctx.mgmt();
      const all = await m.vhosts.list();
      await bulkDelete(ctx, {
        kind: 'vhost',
        plural: 'vhosts',
        where: '',
        pattern: which.pattern,
        all: all.map((v) => ({ name: v.name, protected: vhostProtected(v) })),
        keep: (v) => (v.name === '/' ? "the default vhost '/' is deleted only by name" : v.protected ? `it is protected from deletion (${unprotectHint(v.name)} lifts it)` : undefined),
        remove: (v) => deleteVhost(m, v.name),
        yes,
        dryRun,
      });
      return;
    }
    // asked before any request: without --yes off a terminal, nothing is sent
    await ctx.confirm(`delete vhost '${which.name}' with all its queues, exchanges and messages`, yes);
    const kind: Kind<VhostSpec> = { ...vhostKind, remove: (mm, v) => deleteVhost(mm, v.name) };
    await removeObject(ctx, kind, { name: which.name }, { ifExists });
  },
});
