import type { Command } from 'commander';
import { noun, run, verb } from '../../cli/command.js';
import { nonEmpty } from '../../cli/parsers.js';
import { NotFoundError, PartialError, UsageError, describeError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import type { TopicPermission } from '../../mgmt/types.js';
import type { View } from '../../render/view.js';
import { ifExistsOption, requireName } from '../shared.js';
import { topicPermissionKind } from '../../kinds/permission.js';
import { ensure } from '../../plan/execute.js';
import { checkRegex, explicitVhost, whyMissing } from '../permission/common.js';

export const TOPIC_PERMISSION_VIEW: View = [{ key: 'user' }, { key: 'vhost' }, { key: 'exchange' }, { key: 'write' }, { key: 'read' }];

export function registerTopicPermission(program: Command): void {
  const tp = noun(program, 'topic-permission', "users' topic permissions: routing-key patterns per topic exchange", 'topic-permissions');

  verb(tp, 'set <user> <exchange> <write> <read>', "set a user's topic permission for one exchange in the vhost (-V), like rabbitmqctl set_topic_permissions (idempotent)")
    .addHelpText(
      'after',
      `
WRITE and READ are regular expressions over routing keys; '' allows nothing, '.*' everything.

Example:
  rmqx topic-permission set alice amq.topic '^alice\\.' '.*' -V shop`,
    )
    .action(
      run(async (ctx, [user, exchange, write, read]) => {
        requireName('user', user);
        if (!exchange) throw new UsageError('exchange name is empty', 'topic permissions apply to a named topic exchange, such as amq.topic');
        const patterns = { write: checkRegex('write', write ?? ''), read: checkRegex('read', read ?? '') };
        await ensure(ctx, topicPermissionKind, { vhost: ctx.vhost, user: user as string, exchange, ...patterns });
      }),
    );

  ifExistsOption(verb(tp, 'clear <user>', "remove a user's topic permissions in the vhost (-V): all of them, or one exchange's"))
    .option('--exchange <name>', "only this exchange's entry", nonEmpty('--exchange'))
    .addHelpText(
      'after',
      `
The management API can only remove all of a user's topic permissions in a vhost at once. With
--exchange, rmqx removes them all and puts back the other exchanges' entries right away: for that
moment the user has no topic permissions in the vhost (which means no topic restrictions).`,
    )
    .action(
      run(async (ctx, [user], o) => {
        requireName('user', user);
        const vhost = ctx.vhost;
        const mgmt = await ctx.mgmt();
        const api = mgmt.topicPermissions;
        const exchange: string | undefined = o.exchange;
        const what = exchange === undefined ? 'topic permissions' : `topic permission for exchange '${exchange}'`;
        const op = `clear ${what} of user '${user}' in vhost '${vhost}'`;
        const outcome = { action: 'cleared', kind: 'topic permissions', vhost, user, ...(exchange === undefined ? {} : { exchange }) };
        const missing = async (): Promise<void> => {
          const why = await whyMissing(mgmt, user as string, vhost, what);
          if (o.ifExists) {
            await ctx.report({ ...outcome, changed: false, note: `${why}; nothing to do` });
            return;
          }
          throw new NotFoundError(`${op}: ${why}`, 'add --if-exists to make that a success');
        };

        let keep: TopicPermission[] = [];
        if (exchange !== undefined) {
          const all = await api.find(vhost, user as string);
          if (!all.some((p) => p.exchange === exchange)) return missing();
          keep = all.filter((p) => p.exchange !== exchange);
        }
        try {
          await api.delete(vhost, user as string);
        } catch (e) {
          if (e instanceof ApiError && e.status === 404) return missing();
          throw e;
        }
        const restored: string[] = [];
        for (const p of keep) {
          try {
            await api.put(vhost, user as string, { exchange: p.exchange, write: p.write, read: p.read });
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
      }),
    );

  verb(tp, 'list', 'list topic permissions: all of them, or those of --user and/or of the vhost given with -V')
    .option('--user <name>', "only this user's topic permissions", nonEmpty('--user'))
    .action(
      run(async (ctx, _args, o) => {
        const vhost = explicitVhost(ctx);
        const api = (await ctx.mgmt()).topicPermissions;
        let rows: TopicPermission[];
        if (o.user !== undefined) {
          rows = await api.list({ user: o.user });
          if (vhost !== undefined) rows = rows.filter((p) => p.vhost === vhost);
        } else {
          rows = await api.list({ vhost });
        }
        await ctx.out.list(rows, TOPIC_PERMISSION_VIEW);
      }),
    );
}
