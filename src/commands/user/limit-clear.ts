import { arg, defineCommand, opt } from '../../cli/define.js';
import type { UserLimit } from '../../kinds/limit.js';
import { IF_EXISTS } from '../options.js';
import { runLimitClear } from '../vhost/limit-common.js';
import { USER_OWNER } from './limit-set.js';

export const userLimitClear = defineCommand({
  name: 'clear',
  summary: 'remove limits of a user: --max-connections, --max-channels, or --all',
  args: { user: arg.required('user') },
  options: {
    maxConnections: opt.flag('--max-connections', 'the connection limit'),
    maxChannels: opt.flag('--max-channels', 'the channel limit'),
    all: opt.flag('--all', 'every limit of the user'),
    ...IF_EXISTS,
  },
  help: `None of the named limits set (or the user missing) is exit 66; with --if-exists, 0.`,
  async run(ctx, { user }, o) {
    const asked: UserLimit[] = [];
    if (o.maxConnections) asked.push('max-connections');
    if (o.maxChannels) asked.push('max-channels');
    await runLimitClear(ctx, USER_OWNER, user, asked, o.all, o.ifExists);
  },
});
