import { arg, defineCommand } from '../../cli/define.js';
import { parameterKind } from '../../kinds/parameter.js';
import { removeObject } from '../../plan/execute.js';
import { IF_EXISTS } from '../options.js';
import { requireName } from '../shared.js';

export const parameterClear = defineCommand({
  name: 'clear',
  summary: 'remove a runtime parameter of a component from the vhost (-V)',
  args: { component: arg.required('component'), name: arg.required('name') },
  options: { ...IF_EXISTS },
  async run(ctx, { component, name }, { ifExists }) {
    requireName('component', component);
    await removeObject(ctx, parameterKind, { component, vhost: ctx.vhost, name: requireName('parameter', name), value: null }, { ifExists });
  },
});
