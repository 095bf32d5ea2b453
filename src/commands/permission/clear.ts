import { arg, defineCommand } from '../../cli/define.js';
import { ApiError } from '../../mgmt/errors.js';
import { IF_EXISTS } from '../options.js';
import { requireName } from '../shared.js';
import { reportMissing } from './common.js';

export const permissionClear = defineCommand({
  name: 'clear',
  summary: "remove a user's permissions in the vhost (-V)",
  args: { user: arg.required('user') },
  options: { ...IF_EXISTS },
  async run(ctx, { user }, { ifExists }) {
    requireName('user', user);
    const vhost = ctx.vhost;
    const mgmt = await ctx.mgmt();
    const outcome = { action: 'cleared', kind: 'permissions', vhost, user };
    const op = `clear permissions of user '${user}' in vhost '${vhost}'`;
    try {
      await mgmt.permissions.delete(vhost, user);
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e;
      return reportMissing(ctx, mgmt, { outcome, op, what: 'permissions', ifExists });
    }
    await ctx.report({ ...outcome, changed: true, note: `cleared permissions of user '${user}' in vhost '${vhost}'` });
  },
});
