import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { choice } from '../../cli/parsers.js';
import { DataError } from '../../errors.js';
import { declaredQueueArguments, queueType } from '../../mgmt/defaults.js';
import type { Queue } from '../../mgmt/types.js';
import { deprecationWarnings } from '../deprecated-use.js';
import { describe, requireName } from '../shared.js';
import { QUEUE_TYPES, argumentDifferences, argumentsOptions, differenceWords, namedQueueArgumentOptions, queueRequest, type QueueRequest } from './arguments.js';
import { reservedName } from './names.js';

/** Pairs of "has" / "asked" for every property the existing queue has otherwise. */
export function queueDifferences(existing: Queue, req: QueueRequest): Array<[string, string]> {
  const d: Array<[string, string]> = [];
  if (Boolean(existing.durable) !== req.durable) d.push([`durable=${Boolean(existing.durable)}`, `durable=${req.durable}`]);
  if (Boolean(existing.auto_delete) !== req.autoDelete) d.push([`auto_delete=${Boolean(existing.auto_delete)}`, `auto_delete=${req.autoDelete}`]);
  // A queue declared without a type is classic; the broker reports `type` (3.8+).
  const have = queueType(existing);
  if (req.type !== undefined && have !== req.type) d.push([`type=${have}`, `type=${req.type}`]);
  // the type is compared above, with its default; the rest of the table key by key, without
  // what the broker filled in by itself (x-queue-type: classic on 4.x)
  d.push(...argumentDifferences(declaredQueueArguments(existing), req.arguments, ['x-queue-type']));
  return d;
}

/** Deprecated features a queue declared over HTTP would use (never exclusive there). */
export function deprecatedFeaturesOf(req: QueueRequest): string[] {
  const out: string[] = [];
  if (!req.durable && (req.type === undefined || req.type === 'classic')) out.push('transient_nonexcl_queues');
  if ('x-queue-master-locator' in req.arguments) out.push('queue_master_locator');
  return out;
}

export function queueDeclare(queue: Command): void {
  const cmd = verb(queue, 'declare <name>', 'declare a queue (idempotent: the same again changes nothing; a different one is exit 65)')
    .option('--type <type>', `queue type: ${QUEUE_TYPES.join(', ')} (default: the vhost's default queue type, classic unless set)`, choice(QUEUE_TYPES))
    .option('--no-durable', 'a transient queue, gone when the broker restarts (classic only)')
    .option('--auto-delete', 'delete the queue when its last consumer goes (classic only)');
  namedQueueArgumentOptions(cmd);
  argumentsOptions(cmd, 'queue arguments');
  cmd.addHelpText(
    'after',
    `
An existing queue is compared with what you ask, before anything is sent: durable, auto-delete,
type and every argument. The same → exit 0, nothing changed. A difference → exit 65 naming it,
and nothing is sent (a queue's properties cannot change; policies can set most arguments).
Without --type, any type is accepted for an existing queue: \`queue declare q\` on a quorum queue q
succeeds unchanged. With --type, the type must match (a queue declared without one is classic).
Quorum and stream queues are always durable and never auto-delete.

With --type, a flag or argument the type does not take is exit 64 before anything is sent:
--max-age and --stream-max-segment-size-bytes are for streams, --delivery-limit for quorum
queues, --max-priority for classic ones; the same keys given with --arg are checked the same
way. --initial-cluster-size needs --type quorum or stream (x-quorum-initial-group-size or
x-initial-cluster-size). Without --type the vhost's default type decides, so the broker does.

  rmqx queue declare events --type stream --max-age 7D --max-length-bytes 20000000000
  rmqx queue declare orders --type quorum --delivery-limit 5`,
  );
  cmd.action(
    run(async (ctx, [name], o) => {
      requireName('queue', name);
      const req = queueRequest(o);
      const vhost = ctx.vhost;
      const api = (await ctx.mgmt()).queues;
      const existing = await api.find(vhost, name);
      const subject = { action: 'declared', kind: 'queue', name, vhost };
      if (existing) {
        const diffs = queueDifferences(existing, req);
        if (diffs.length > 0) {
          throw new DataError(
            differenceWords(describe(subject), diffs),
            'a queue cannot change once declared: use the same properties, a policy for arguments, or delete and re-declare it (its messages go too)',
          );
        }
        await ctx.report({ ...subject, changed: false });
        return;
      }
      reservedName('queue', name);
      await api.put(vhost, name, { durable: req.durable, auto_delete: req.autoDelete, arguments: req.arguments });
      const warnings = await deprecationWarnings(ctx, describe(subject), deprecatedFeaturesOf(req));
      await ctx.report({ ...subject, changed: true, ...(req.type ? { type: req.type } : {}), ...(warnings.length ? { warnings } : {}) });
    }),
  );
}
