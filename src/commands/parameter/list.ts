import { arg, defineCommand } from '../../cli/define.js';
import { maskedRow, PARAMETER_VIEW } from '../../kinds/parameter.js';
import { ALL_VHOSTS, listVhost, scopedView } from '../scope.js';

export const parameterList = defineCommand({
  name: 'list',
  summary: 'list the runtime parameters of the vhost (-V; --all-vhosts for every one), of one COMPONENT or all',
  args: { component: arg.optional('component') },
  options: { ...ALL_VHOSTS },
  async run(ctx, { component }, { allVhosts }) {
    const vhost = listVhost(ctx, 'in-vhost', allVhosts);
    const api = (await ctx.mgmt()).parameters;
    const rows = component !== undefined && component !== '' ? await api.list(component, vhost) : (await api.list()).filter((p) => vhost === undefined || p.vhost === vhost);
    await ctx.out.list(rows.map(maskedRow), scopedView(PARAMETER_VIEW, vhost));
  },
});
