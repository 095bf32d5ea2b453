import { arg, defineCommand, opt } from '../../cli/define.js';
import { UsageError } from '../../errors.js';
import { exchangeKind, type ExchangeSpec } from '../../kinds/exchange.js';
import type { Kind } from '../../kinds/kind.js';
import { removeObject } from '../../plan/execute.js';
import { BULK_OPTIONS, bulkDelete, nameOrPattern } from '../bulk.js';
import { IF_EXISTS, YES } from '../options.js';

/** The default exchange and the amq.* ones belong to the broker: never deleted. */
export function brokerOwned(name: string): string | undefined {
  if (name === '') return 'the default exchange cannot be deleted';
  if (name.startsWith('amq.')) return 'it belongs to the broker';
  return undefined;
}

export const exchangeDelete = defineCommand({
  name: 'delete',
  summary: 'delete an exchange and its bindings (or every exchange of the vhost whose name matches --name-regex)',
  args: { name: arg.optional('name') },
  options: {
    ...IF_EXISTS,
    ifUnused: opt.flag('--if-unused', 'only when nothing is bound to or from it (else exit 65)'),
    ...BULK_OPTIONS,
    ...YES,
  },
  help: `With --name-regex RE instead of NAME: every exchange of the vhost (-V) whose name matches
(JavaScript syntax, unanchored), except the default exchange and the amq.* exchanges, which are
never deleted. --dry-run lists them and deletes nothing; otherwise rmqx asks on a terminal and
needs --yes elsewhere. A failure part-way is exit 3 naming what was deleted and what failed.

  rmqx exchange delete --name-regex '^test\\.' --dry-run -V shop`,
  async run(ctx, { name }, { ifExists, ifUnused, nameRegex, dryRun, yes }) {
    if (name === '' && nameRegex === undefined) throw new UsageError("the default exchange '' cannot be deleted");
    const which = nameOrPattern('exchange', name, { nameRegex, dryRun });
    const vhost = ctx.vhost;
    if ('pattern' in which) {
      const m = await ctx.mgmt();
      const all = await m.exchanges.list(vhost);
      await bulkDelete(ctx, {
        kind: 'exchange',
        plural: 'exchanges',
        where: `in vhost '${vhost}'`,
        pattern: which.pattern,
        all: all.map((x) => ({ name: x.name, vhost })),
        keep: (x) => (brokerOwned(x.name) ? 'the default exchange and the amq.* exchanges belong to the broker' : undefined),
        remove: (x) => m.exchanges.delete(vhost, x.name, { ifUnused }),
        yes,
        dryRun,
      });
      return;
    }
    const owned = brokerOwned(which.name);
    if (owned) throw new UsageError(which.name === '' ? "the default exchange '' cannot be deleted" : `'${which.name}' belongs to the broker and cannot be deleted`);
    // the broker checks --if-unused (400, exit 65): the kind's delete with it
    const kind: Kind<ExchangeSpec> = { ...exchangeKind, remove: (m, x) => m.exchanges.delete(x.vhost, x.name, { ifUnused }) };
    // only the identity counts for a delete
    await removeObject(ctx, kind, { vhost, name: which.name, type: 'direct', durable: true, autoDelete: false, internal: false, arguments: {} }, { ifExists });
  },
});
