import { arg, defineCommand } from '../../cli/define.js';
import { shovelKind } from '../../kinds/shovel.js';
import { removeObject } from '../../plan/execute.js';
import { IF_EXISTS } from '../options.js';
import { requireName } from '../shared.js';

export const shovelDelete = defineCommand({
  name: 'delete',
  summary: 'stop and remove a dynamic shovel of the vhost (-V); messages it has not moved stay where they are',
  args: { name: arg.required('name') },
  options: { ...IF_EXISTS },
  async run(ctx, { name }, { ifExists }) {
    await removeObject(ctx, shovelKind, { vhost: ctx.vhost, name: requireName('shovel', name), value: {} }, { ifExists });
  },
});
