import { arg, defineCommand } from '../../cli/define.js';
import { permissionKind } from '../../kinds/permission.js';
import { ensure } from '../../plan/execute.js';
import { requireName } from '../shared.js';
import { checkRegex } from './common.js';

export const permissionSet = defineCommand({
  name: 'set',
  summary: "set a user's permissions in the vhost (-V), like rabbitmqctl set_permissions (idempotent)",
  args: { user: arg.required('user'), configure: arg.required('configure'), write: arg.required('write'), read: arg.required('read') },
  help: `
Each pattern is a regular expression over resource names; '' grants nothing, '.*' everything.

Examples:
  rmqx permission set alice '.*' '.*' '.*' -V shop
  rmqx permission set reader '' '' '^orders\\.' -V shop`,
  async run(ctx, { user, configure, write, read }) {
    requireName('user', user);
    const patterns = { configure: checkRegex('configure', configure), write: checkRegex('write', write), read: checkRegex('read', read) };
    await ensure(ctx, permissionKind, { vhost: ctx.vhost, user, ...patterns });
  },
});
