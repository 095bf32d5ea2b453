import { arg, defineCommand, opt } from '../../cli/define.js';
import { choice, list } from '../../cli/parsers.js';
import { vhostKind } from '../../kinds/vhost.js';
import { ensure } from '../../plan/execute.js';
import { requireName } from '../shared.js';

export const vhostAdd = defineCommand({
  name: 'add',
  summary: 'add a virtual host (idempotent: updates description and tags when they differ)',
  args: { name: arg.required('name') },
  options: {
    description: opt.string('--description <text>', 'description'),
    tags: opt.value('--tags <list>', 'comma-separated tags', list),
    defaultQueueType: opt.choice('--default-queue-type <type>', 'queue type for queues declared without one', choice(['classic', 'quorum', 'stream'])),
    tracing: opt.flag('--tracing', 'enable the firehose tracer'),
  },
  async run(ctx, { name }, o) {
    await ensure(ctx, vhostKind, { name: requireName('vhost', name), ...o });
  },
});
