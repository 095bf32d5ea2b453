import { arg, defineCommand, opt } from '../../cli/define.js';
import { limitValue } from '../../cli/parsers.js';
import { USER_LIMITS, userLimitKind } from '../../kinds/limit.js';
import { runLimitSet, type LimitOwner } from '../vhost/limit-common.js';

export const USER_OWNER: LimitOwner = { word: 'user', kind: userLimitKind, api: (m) => m.userLimits, names: USER_LIMITS };

export const userLimitSet = defineCommand({
  name: 'set',
  summary: "set a user's limits (idempotent): the number of connections and of channels it may open",
  args: { user: arg.required('user') },
  options: {
    maxConnections: opt.value('--max-connections <n>', 'at most N connections of the user; 0 refuses all, -1 is no limit', limitValue),
    maxChannels: opt.value('--max-channels <n>', 'at most N channels of the user, over all its connections; -1 is no limit', limitValue),
  },
  help: `Only the limits given are set; the others stay as they are (clear them with \`rmqx user limit
clear\`). The same again changes nothing (exit 0 with --detailed-exitcode; 2 when something changed).

  rmqx user limit set svc-orders --max-connections 10 --max-channels 200`,
  run: (ctx, { user }, o) => runLimitSet(ctx, USER_OWNER, user, { 'max-connections': o.maxConnections, 'max-channels': o.maxChannels }),
});
