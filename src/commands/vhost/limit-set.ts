import { arg, defineCommand, opt } from '../../cli/define.js';
import { limitValue } from '../../cli/parsers.js';
import { runLimitSet } from './limit-common.js';
import { VHOST_OWNER } from './limit-owner.js';

export const vhostLimitSet = defineCommand({
  name: 'set',
  summary: "set a vhost's limits (idempotent): the number of connections and of queues it may have",
  args: { vhost: arg.required('vhost') },
  options: {
    maxConnections: opt.value('--max-connections <n>', 'at most N client connections to the vhost; 0 refuses all, -1 is no limit', limitValue),
    maxQueues: opt.value('--max-queues <n>', 'at most N queues in the vhost; -1 is no limit', limitValue),
  },
  help: `Only the limits given are set; the others stay as they are (clear them with \`rmqx vhost limit
clear\`). The same again changes nothing (exit 0 with --detailed-exitcode; 2 when something changed).

  rmqx vhost limit set shop --max-connections 100 --max-queues 500`,
  run: (ctx, { vhost }, o) => runLimitSet(ctx, VHOST_OWNER, vhost, { 'max-connections': o.maxConnections, 'max-queues': o.maxQueues }),
});
