import { arg, defineCommand, opt } from '../../cli/define.js';
import { choice, list } from '../../cli/parsers.js';
import { UsageError } from '../../errors.js';
import { vhostKind } from '../../kinds/vhost.js';
import { ensure } from '../../plan/execute.js';
import { newName } from '../shared.js';

export const vhostAdd = defineCommand({
  name: 'add',
  summary: 'add a virtual host (idempotent: updates description, tags, queue type, tracing and deletion protection when they differ)',
  args: { name: arg.required('name') },
  options: {
    description: opt.string('--description <text>', 'description'),
    tags: opt.value('--tags <list>', 'comma-separated tags', list),
    defaultQueueType: opt.choice('--default-queue-type <type>', 'queue type for queues declared without one', choice(['classic', 'quorum', 'stream'])),
    tracing: opt.flag('--tracing', 'enable the firehose tracer'),
    protectFromDeletion: opt.flag('--protect-from-deletion', 'refuse to delete the vhost until the protection is lifted (RabbitMQ 4.1 and later)'),
    noProtectFromDeletion: opt.flag('--no-protect-from-deletion', 'lift the deletion protection'),
  },
  help: `--protect-from-deletion makes the broker refuse \`rmqx vhost delete\` (and every other delete of the
vhost) until --no-protect-from-deletion lifts it. RabbitMQ 4.1 and later have it; on older
brokers --protect-from-deletion is exit 64, and --no-protect-from-deletion changes nothing (no
vhost can be protected there).`,
  async run(ctx, { name }, { protectFromDeletion, noProtectFromDeletion, ...o }) {
    newName('vhost', name);
    if (protectFromDeletion && noProtectFromDeletion) throw new UsageError('--protect-from-deletion and --no-protect-from-deletion: give one of them');
    const protect = protectFromDeletion ? true : noProtectFromDeletion ? false : undefined;
    if (protect) {
      const caps = await (await ctx.mgmt()).capabilities();
      if (!caps.has('vhostDeletionProtection')) throw new UsageError(`--protect-from-deletion: RabbitMQ ${caps.version} cannot protect a vhost from deletion (RabbitMQ 4.1 and later can)`, 'leave the flag out on this broker');
    }
    await ensure(ctx, vhostKind, { name, ...o, ...(protect === undefined ? {} : { protectedFromDeletion: protect }) });
  },
});
