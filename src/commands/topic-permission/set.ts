import { arg, defineCommand } from '../../cli/define.js';
import { UsageError } from '../../errors.js';
import { topicPermissionKind } from '../../kinds/permission.js';
import { ensure } from '../../plan/execute.js';
import { checkRegex } from '../permission/common.js';
import { requireName } from '../shared.js';

export const topicPermissionSet = defineCommand({
  name: 'set',
  summary: "set a user's topic permission for one exchange in the vhost (-V), like rabbitmqctl set_topic_permissions (idempotent)",
  args: { user: arg.required('user'), exchange: arg.required('exchange'), write: arg.required('write'), read: arg.required('read') },
  help: `
WRITE and READ are regular expressions over routing keys; '' allows nothing, '.*' everything.

Example:
  rmqx topic-permission set alice amq.topic '^alice\\.' '.*' -V shop`,
  async run(ctx, { user, exchange, write, read }) {
    requireName('user', user);
    if (!exchange) throw new UsageError('exchange name is empty', 'topic permissions apply to a named topic exchange, such as amq.topic');
    const patterns = { write: checkRegex('write', write), read: checkRegex('read', read) };
    await ensure(ctx, topicPermissionKind, { vhost: ctx.vhost, user, exchange, ...patterns });
  },
});
