import { arg, defineCommand } from '../../cli/define.js';
import { NotFoundError } from '../../errors.js';
import { describeParameter, maskedRow, PARAMETER_VIEW } from '../../kinds/parameter.js';
import { withFields } from '../../render/view.js';
import { requireName } from '../shared.js';

export const parameterShow = defineCommand({
  name: 'show',
  summary: 'show one runtime parameter of the vhost (-V)',
  args: { component: arg.required('component'), name: arg.required('name') },
  async run(ctx, { component, name }) {
    const id = { component: requireName('component', component), vhost: ctx.vhost, name: requireName('parameter', name) };
    const p = await (await ctx.mgmt()).parameters.find(id.component, id.vhost, id.name);
    if (!p) throw new NotFoundError(`${describeParameter(id)} does not exist`, `\`rmqx parameter list ${component}\` lists them`);
    await ctx.out.object(maskedRow(p), withFields([{ key: 'component' }, { key: 'vhost' }, { key: 'name' }, { key: 'value' }], PARAMETER_VIEW.fields ?? []));
  },
});
