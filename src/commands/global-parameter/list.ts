import { defineCommand } from '../../cli/define.js';
import { GLOBAL_PARAMETER_VIEW, maskedRow } from '../../kinds/parameter.js';

export const globalParameterList = defineCommand({
  name: 'list',
  summary: 'list the global parameters',
  async run(ctx) {
    await ctx.out.list((await (await ctx.mgmt()).globalParameters.list()).map(maskedRow), GLOBAL_PARAMETER_VIEW);
  },
});
