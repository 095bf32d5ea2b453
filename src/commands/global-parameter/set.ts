import { arg, defineCommand } from '../../cli/define.js';
import { globalParameterKind } from '../../kinds/parameter.js';
import { ensure } from '../../plan/execute.js';
import { valueArg } from '../parameter/value.js';
import { newName } from '../shared.js';

export const globalParameterSet = defineCommand({
  name: 'set',
  summary: 'set a global parameter to a JSON value (idempotent)',
  args: { name: arg.required('name', 'cluster_name, cluster_tags, …'), value: arg.required('value', 'a JSON value') },
  help: `VALUE is JSON: a string in JSON quotes ('"text"'), a number, an object or a list. The same
value again changes nothing.

  rmqx global-parameter set cluster_name '"prod-eu"'`,
  async run(ctx, { name, value }) {
    await ensure(ctx, globalParameterKind, { name: newName('global parameter', name), value: valueArg(value) });
  },
});
