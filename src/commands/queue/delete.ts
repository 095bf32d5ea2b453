import { arg, defineCommand, opt } from '../../cli/define.js';
import { queueKind, type QueueSpec } from '../../kinds/queue.js';
import type { Kind } from '../../kinds/kind.js';
import { removeObject } from '../../plan/execute.js';
import { IF_EXISTS } from '../options.js';
import { requireName } from '../shared.js';

export const queueDelete = defineCommand({
  name: 'delete',
  summary: 'delete a queue and its messages',
  args: { name: arg.required('name') },
  options: {
    ...IF_EXISTS,
    ifEmpty: opt.flag('--if-empty', 'only when it holds no messages (else exit 65)'),
    ifUnused: opt.flag('--if-unused', 'only when it has no consumers (else exit 65)'),
  },
  async run(ctx, { name }, { ifExists, ifEmpty, ifUnused }) {
    requireName('queue', name);
    // the broker checks --if-empty and --if-unused (400, exit 65): the kind's delete with them
    const kind: Kind<QueueSpec> = { ...queueKind, remove: (m, q) => m.queues.delete(q.vhost, q.name, { ifEmpty, ifUnused }) };
    // only the identity counts for a delete
    await removeObject(ctx, kind, { vhost: ctx.vhost, name, durable: true, autoDelete: false, arguments: {} }, { ifExists });
  },
});
