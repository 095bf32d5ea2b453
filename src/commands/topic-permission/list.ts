import { defineCommand, opt } from '../../cli/define.js';
import { nonEmpty } from '../../cli/parsers.js';
import { TOPIC_PERMISSION_VIEW } from '../../kinds/permission.js';
import type { TopicPermission } from '../../mgmt/types.js';
import { ALL_VHOSTS, listVhost } from '../scope.js';

export const topicPermissionList = defineCommand({
  name: 'list',
  summary: 'list topic permissions: all of them, or those of --user and/or of the vhost given with -V',
  options: { user: opt.value('--user <name>', "only this user's topic permissions", nonEmpty('--user')), ...ALL_VHOSTS },
  async run(ctx, _args, { user, allVhosts }) {
    const vhost = listVhost(ctx, 'across-vhosts', allVhosts);
    const api = (await ctx.mgmt()).topicPermissions;
    let rows: TopicPermission[];
    if (user !== undefined) {
      rows = await api.list({ user });
      if (vhost !== undefined) rows = rows.filter((p) => p.vhost === vhost);
    } else {
      rows = await api.list({ vhost });
    }
    await ctx.out.list(rows, TOPIC_PERMISSION_VIEW);
  },
});
