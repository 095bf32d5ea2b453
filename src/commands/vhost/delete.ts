import { arg, defineCommand } from '../../cli/define.js';
import { vhostKind } from '../../kinds/vhost.js';
import { removeObject } from '../../plan/execute.js';
import { IF_EXISTS, YES } from '../options.js';
import { requireName } from '../shared.js';

export const vhostDelete = defineCommand({
  name: 'delete',
  summary: 'delete a virtual host and everything in it',
  args: { name: arg.required('name') },
  options: { ...IF_EXISTS, ...YES },
  async run(ctx, { name }, { ifExists, yes }) {
    requireName('vhost', name);
    await ctx.confirm(`delete vhost '${name}' with all its queues, exchanges and messages`, yes);
    await removeObject(ctx, vhostKind, { name }, { ifExists });
  },
});
