import { arg, defineCommand, opt } from '../../cli/define.js';
import { choice } from '../../cli/parsers.js';
import { queueKind, type QueueSpec } from '../../kinds/queue.js';
import { ensure } from '../../plan/execute.js';
import { deprecationWarnings } from '../deprecated-use.js';
import { newName } from '../shared.js';
import { QUEUE_ARGUMENT_OPTIONS, QUEUE_TYPES, argumentOptions, queueRequest, type QueueRequest } from './arguments.js';

/** Deprecated features a queue declared over HTTP would use (never exclusive there). */
export function deprecatedFeaturesOf(req: QueueRequest): string[] {
  const out: string[] = [];
  if (!req.durable && (req.type === undefined || req.type === 'classic')) out.push('transient_nonexcl_queues');
  if ('x-queue-master-locator' in req.arguments) out.push('queue_master_locator');
  return out;
}

export const queueDeclare = defineCommand({
  name: 'declare',
  summary: 'declare a queue (idempotent: the same again changes nothing; a different one is exit 65)',
  args: { name: arg.required('name') },
  options: {
    type: opt.choice('--type <type>', `queue type: ${QUEUE_TYPES.join(', ')} (default: the vhost's default queue type, classic unless set)`, choice(QUEUE_TYPES)),
    durable: opt.negatable('--no-durable', 'a transient queue, gone when the broker restarts (classic only)'),
    autoDelete: opt.flag('--auto-delete', 'delete the queue when its last consumer goes (classic only)'),
    ...QUEUE_ARGUMENT_OPTIONS,
    ...argumentOptions('queue arguments'),
  },
  help: `
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
  async run(ctx, { name }, o) {
    const req = queueRequest(o);
    const want: QueueSpec = { vhost: ctx.vhost, name: newName('queue', name), type: req.type, durable: req.durable, autoDelete: req.autoDelete, arguments: req.arguments };
    await ensure(ctx, queueKind, want, async (change) => {
      if (change.action !== 'create') return {};
      const warnings = await deprecationWarnings(ctx, queueKind.describe(want), deprecatedFeaturesOf(req));
      return warnings.length ? { warnings } : {};
    });
  },
});
