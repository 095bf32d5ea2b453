import { arg, defineCommand, opt } from '../../cli/define.js';
import type { VhostLimit } from '../../kinds/limit.js';
import { IF_EXISTS } from '../options.js';
import { runLimitClear } from './limit-common.js';
import { VHOST_OWNER } from './limit-owner.js';

export const vhostLimitClear = defineCommand({
  name: 'clear',
  summary: "remove limits of a vhost: --max-connections, --max-queues, or --all",
  args: { vhost: arg.required('vhost') },
  options: {
    maxConnections: opt.flag('--max-connections', 'the connection limit'),
    maxQueues: opt.flag('--max-queues', 'the queue limit'),
    all: opt.flag('--all', 'every limit of the vhost'),
    ...IF_EXISTS,
  },
  help: `None of the named limits set (or the vhost missing) is exit 66; with --if-exists, 0.`,
  async run(ctx, { vhost }, o) {
    const asked: VhostLimit[] = [];
    if (o.maxConnections) asked.push('max-connections');
    if (o.maxQueues) asked.push('max-queues');
    await runLimitClear(ctx, VHOST_OWNER, vhost, asked, o.all, o.ifExists);
  },
});
