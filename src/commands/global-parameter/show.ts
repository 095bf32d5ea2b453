import { arg, defineCommand } from '../../cli/define.js';
import { NotFoundError } from '../../errors.js';
import { GLOBAL_PARAMETER_VIEW, maskedRow } from '../../kinds/parameter.js';
import { requireName } from '../shared.js';

export const globalParameterShow = defineCommand({
  name: 'show',
  summary: 'show one global parameter',
  args: { name: arg.required('name') },
  async run(ctx, { name }) {
    const p = await (await ctx.mgmt()).globalParameters.find(requireName('global parameter', name));
    if (!p) throw new NotFoundError(`global parameter '${name}' does not exist`, '`rmqx global-parameter list` lists them');
    await ctx.out.object(maskedRow(p), GLOBAL_PARAMETER_VIEW);
  },
});
