import { arg, defineCommand, opt } from '../../cli/define.js';
import { nonEmpty } from '../../cli/parsers.js';
import { PartialError, describeError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import type { TopicPermission } from '../../mgmt/types.js';
import { topicPermissionKind } from '../../kinds/permission.js';
import { IF_EXISTS } from '../options.js';
import { reportMissing } from '../permission/common.js';
import { requireName } from '../shared.js';

export const topicPermissionClear = defineCommand({
  name: 'clear',
  summary: "remove a user's topic permissions in the vhost (-V): all of them, or one exchange's",
  args: { user: arg.required('user') },
  options: { ...IF_EXISTS, exchange: opt.value('--exchange <name>', "only this exchange's entry", nonEmpty('--exchange')) },
  help: `
The management API can only remove all of a user's topic permissions in a vhost at once. With
--exchange, rmqx removes them all and puts back the other exchanges' entries right away: for that
moment the user has no topic permissions in the vhost (which means no topic restrictions).`,
  async run(ctx, { user }, { ifExists, exchange }) {
    requireName('user', user);
    const vhost = ctx.vhost;
    const mgmt = await ctx.mgmt();
    const api = mgmt.topicPermissions;
    const what = exchange === undefined ? 'topic permissions' : `topic permission for exchange '${exchange}'`;
    const op = `clear ${what} of user '${user}' in vhost '${vhost}'`;
    const outcome = { action: 'cleared', kind: topicPermissionKind.name, vhost, user, ...(exchange === undefined ? {} : { exchange }) };
    const missing = () => reportMissing(ctx, mgmt, { outcome, op, what, ifExists });

    let keep: TopicPermission[] = [];
    if (exchange !== undefined) {
      const all = await api.find(vhost, user);
      if (!all.some((p) => p.exchange === exchange)) return missing();
      keep = all.filter((p) => p.exchange !== exchange);
    }
    try {
      await api.delete(vhost, user);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return missing();
      throw e;
    }
    const restored: string[] = [];
    for (const p of keep) {
      try {
        await api.put(vhost, user, { exchange: p.exchange, write: p.write, read: p.read });
        restored.push(p.exchange);
      } catch (e) {
        const lost = keep.filter((k) => !restored.includes(k.exchange));
        const reason = describeError(e).line;
        throw new PartialError(
          `${op}: removed, but could not put back the entries of ${lost.map((k) => `'${k.exchange}'`).join(', ')}: ${reason}`,
          `restore with: ${lost.map((k) => `rmqx topic-permission set '${user}' '${k.exchange}' '${k.write}' '${k.read}' -V '${vhost}'`).join('; ')}`,
        );
      }
    }
    await ctx.report({ ...outcome, changed: true, note: `cleared ${what} of user '${user}' in vhost '${vhost}'` });
  },
});
