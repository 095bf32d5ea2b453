/** Queues: every property is fixed once declared (policies change the rest). */
import { UsageError, describeTarget } from '../errors.js';
import { declaredQueueArguments, queueType } from '../mgmt/defaults.js';
import { DECLARE_COLUMNS } from '../mgmt/resources/queues.js';
import type { Arguments, Queue } from '../mgmt/types.js';
import { argumentDiff, immutable, type Kind } from './kind.js';

export interface QueueSpec {
  vhost: string;
  name: string;
  /** undefined: not asked (the vhost's default for a new queue; any type for an existing one) */
  type?: string;
  durable: boolean;
  autoDelete: boolean;
  /** the arguments to send, x-queue-type included when a type was asked */
  arguments: Arguments;
}

/** What the broker reports, as a spec, without what it fills in by itself (mgmt/defaults.ts). */
export function queueSpecOf(q: Queue): QueueSpec {
  return { vhost: q.vhost, name: q.name, type: queueType(q), durable: Boolean(q.durable), autoDelete: Boolean(q.auto_delete), arguments: declaredQueueArguments(q) };
}

/**
 * Names starting with `amq.` belong to the broker. It refuses to create one with
 * "401 Access refused", which would read like a wrong password: say what it is instead.
 */
export function reservedName(kind: 'queue' | 'exchange', name: string): void {
  if (name.startsWith('amq.')) throw new UsageError(`${kind} names starting with 'amq.' are reserved for the broker: '${name}'`);
}

export const queueKind: Kind<QueueSpec> = {
  name: 'queue',
  scope: 'vhost',
  dependsOn: ['vhost'],
  identity: (q) => ({ kind: 'queue', vhost: q.vhost, name: q.name }),
  describe: (q) => describeTarget({ kind: 'queue', name: q.name, vhost: q.vhost }),
  async read(m, q) {
    const found = await m.queues.find(q.vhost, q.name);
    return found && queueSpecOf(found);
  },
  async list(m, vhost) {
    return (await m.queues.list(vhost, { columns: DECLARE_COLUMNS, stats: false })).map(queueSpecOf);
  },
  diff: (have, want) => [
    ...immutable('durable', have.durable, want.durable),
    ...immutable('auto_delete', have.autoDelete, want.autoDelete),
    // a queue declared without a type is classic; the type is compared here, not as an argument
    ...immutable('type', have.type ?? 'classic', want.type),
    ...argumentDiff(have.arguments, want.arguments, { mutable: false, ignore: ['x-queue-type'] }),
  ],
  async write(m, want, have) {
    if (!have) reservedName('queue', want.name);
    await m.queues.put(want.vhost, want.name, { durable: want.durable, auto_delete: want.autoDelete, arguments: want.arguments });
  },
  remove: (m, q) => m.queues.delete(q.vhost, q.name),
  conflictHint: 'a queue cannot change once declared: use the same properties, a policy for arguments, or delete and re-declare it (its messages go too)',
  verbs: { create: 'declared', update: 'updated', delete: 'deleted' },
  outcome: ({ action, want }) => (action === 'create' && want?.type ? { type: want.type } : {}),
};
