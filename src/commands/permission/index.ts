import type { Command } from 'commander';
import { noun, run, verb } from '../../cli/command.js';
import { nonEmpty } from '../../cli/parsers.js';
import { NotFoundError } from '../../errors.js';
import { ApiError } from '../../mgmt/errors.js';
import type { Permission } from '../../mgmt/types.js';
import type { View } from '../../render/view.js';
import { ifExistsOption, requireName } from '../shared.js';
import { permissionKind } from '../../kinds/permission.js';
import { ensure } from '../../plan/execute.js';
import { checkRegex, explicitVhost, whyMissing } from './common.js';

export const PERMISSION_VIEW: View = [{ key: 'user' }, { key: 'vhost' }, { key: 'configure' }, { key: 'write' }, { key: 'read' }];

export function registerPermission(program: Command): void {
  const permission = noun(program, 'permission', "users' permissions in virtual hosts (configure, write, read)", 'permissions');

  verb(permission, 'set <user> <configure> <write> <read>', "set a user's permissions in the vhost (-V), like rabbitmqctl set_permissions (idempotent)")
    .addHelpText(
      'after',
      `
Each pattern is a regular expression over resource names; '' grants nothing, '.*' everything.

Examples:
  rmqx permission set alice '.*' '.*' '.*' -V shop
  rmqx permission set reader '' '' '^orders\\.' -V shop`,
    )
    .action(
      run(async (ctx, [user, configure, write, read]) => {
        requireName('user', user);
        const patterns = { configure: checkRegex('configure', configure ?? ''), write: checkRegex('write', write ?? ''), read: checkRegex('read', read ?? '') };
        await ensure(ctx, permissionKind, { vhost: ctx.vhost, user: user as string, ...patterns });
      }),
    );

  ifExistsOption(verb(permission, 'clear <user>', "remove a user's permissions in the vhost (-V)")).action(
    run(async (ctx, [user], o) => {
      requireName('user', user);
      const vhost = ctx.vhost;
      const mgmt = await ctx.mgmt();
      const outcome = { action: 'cleared', kind: 'permissions', vhost, user };
      try {
        await mgmt.permissions.delete(vhost, user as string);
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 404)) throw e;
        const why = await whyMissing(mgmt, user as string, vhost, 'permissions');
        if (o.ifExists) {
          await ctx.report({ ...outcome, changed: false, note: `${why}; nothing to do` });
          return;
        }
        throw new NotFoundError(`clear permissions of user '${user}' in vhost '${vhost}': ${why}`, 'add --if-exists to make that a success');
      }
      await ctx.report({ ...outcome, changed: true, note: `cleared permissions of user '${user}' in vhost '${vhost}'` });
    }),
  );

  verb(permission, 'list', 'list permissions: all of them, or those of --user and/or of the vhost given with -V')
    .option('--user <name>', "only this user's permissions", nonEmpty('--user'))
    .action(
      run(async (ctx, _args, o) => {
        const vhost = explicitVhost(ctx);
        const api = (await ctx.mgmt()).permissions;
        let rows: Permission[];
        if (o.user !== undefined) {
          rows = await api.list({ user: o.user });
          if (vhost !== undefined) rows = rows.filter((p) => p.vhost === vhost);
        } else {
          rows = await api.list({ vhost });
        }
        await ctx.out.list(rows, PERMISSION_VIEW);
      }),
    );
}
