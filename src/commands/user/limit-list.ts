import { arg, defineCommand } from '../../cli/define.js';
import { runLimitList } from '../vhost/limit-common.js';
import { USER_OWNER } from './limit-set.js';

export const userLimitList = defineCommand({
  name: 'list',
  summary: "list user limits: of USER, else of every user that has any",
  args: { user: arg.optional('user') },
  run: (ctx, { user }) => runLimitList(ctx, USER_OWNER, user),
});
