import { arg, defineCommand } from '../../cli/define.js';
import { NotFoundError } from '../../errors.js';
import { SHOVEL_FIELDS, shovelKind } from '../../kinds/shovel.js';
import { withFields } from '../../render/view.js';
import { requireName } from '../shared.js';
import { shovelRows } from './list.js';

export const shovelShow = defineCommand({
  name: 'show',
  summary: 'show one shovel of the vhost (-V): its definition (URIs without passwords) and state',
  args: { name: arg.required('name') },
  async run(ctx, { name }) {
    requireName('shovel', name);
    const row = (await shovelRows(await ctx.mgmt(), ctx.vhost)).find((r) => r.name === name);
    if (!row) throw new NotFoundError(`${shovelKind.describe({ vhost: ctx.vhost, name, value: {} })} does not exist`, '`rmqx shovel list` lists them');
    const keys = [...SHOVEL_FIELDS.filter((k) => row[k] !== undefined), ...Object.keys(row).filter((k) => !SHOVEL_FIELDS.includes(k))];
    await ctx.out.object(row, withFields(keys.map((key) => ({ key })), SHOVEL_FIELDS));
  },
});
