import { arg, defineCommand } from '../../cli/define.js';
import { globalParameterKind } from '../../kinds/parameter.js';
import { removeObject } from '../../plan/execute.js';
import { IF_EXISTS } from '../options.js';
import { requireName } from '../shared.js';

export const globalParameterClear = defineCommand({
  name: 'clear',
  summary: 'remove a global parameter (cluster_name goes back to the default)',
  args: { name: arg.required('name') },
  options: { ...IF_EXISTS },
  async run(ctx, { name }, { ifExists }) {
    await removeObject(ctx, globalParameterKind, { name: requireName('global parameter', name), value: null }, { ifExists });
  },
});
