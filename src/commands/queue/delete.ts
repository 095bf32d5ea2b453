import { arg, defineCommand, opt } from '../../cli/define.js';
import { queueKind, type QueueSpec } from '../../kinds/queue.js';
import type { Kind } from '../../kinds/kind.js';
import { removeObject } from '../../plan/execute.js';
import { BULK_OPTIONS, bulkDelete, nameOrPattern } from '../bulk.js';
import { IF_EXISTS, YES } from '../options.js';

export const queueDelete = defineCommand({
  name: 'delete',
  summary: 'delete a queue and its messages (or every queue of the vhost whose name matches --name-regex)',
  args: { name: arg.optional('name') },
  options: {
    ...IF_EXISTS,
    ifEmpty: opt.flag('--if-empty', 'only when it holds no messages (else exit 65)'),
    ifUnused: opt.flag('--if-unused', 'only when it has no consumers (else exit 65)'),
    ...BULK_OPTIONS,
    ...YES,
  },
  help: `With --name-regex RE instead of NAME: every queue of the vhost (-V) whose name matches (JavaScript
syntax, unanchored: '^tmp\\.' for a prefix). --dry-run lists them and deletes nothing; otherwise
rmqx asks on a terminal and needs --yes elsewhere. --if-empty and --if-unused apply to each. A
failure part-way is exit 3 naming what was deleted and what failed; --json lists every outcome.

  rmqx queue delete --name-regex '^tmp\\.' --dry-run -V shop
  rmqx queue delete --name-regex '^tmp\\.' --if-empty --yes -V shop`,
  async run(ctx, { name }, { ifExists, ifEmpty, ifUnused, nameRegex, dryRun, yes }) {
    const which = nameOrPattern('queue', name, { nameRegex, dryRun });
    const vhost = ctx.vhost;
    const m = await ctx.mgmt();
    if ('pattern' in which) {
      const all = await m.queues.list(vhost, { columns: ['name', 'vhost'], stats: false });
      await bulkDelete(ctx, {
        kind: 'queue',
        plural: 'queues',
        where: `in vhost '${vhost}'`,
        pattern: which.pattern,
        all: all.map((q) => ({ name: q.name, vhost })),
        remove: (q) => m.queues.delete(vhost, q.name, { ifEmpty, ifUnused }),
        yes,
        dryRun,
      });
      return;
    }
    // the broker checks --if-empty and --if-unused (400, exit 65): the kind's delete with them
    const kind: Kind<QueueSpec> = { ...queueKind, remove: (mm, q) => mm.queues.delete(q.vhost, q.name, { ifEmpty, ifUnused }) };
    // only the identity counts for a delete
    await removeObject(ctx, kind, { vhost, name: which.name, durable: true, autoDelete: false, arguments: {} }, { ifExists });
  },
});
