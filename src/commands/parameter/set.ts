import { arg, defineCommand } from '../../cli/define.js';
import { parameterKind } from '../../kinds/parameter.js';
import { ensure } from '../../plan/execute.js';
import { newName, requireName } from '../shared.js';
import { valueArg } from './value.js';

export const parameterSet = defineCommand({
  name: 'set',
  summary: 'set a runtime parameter of a component in the vhost (-V) to a JSON value (idempotent)',
  args: { component: arg.required('component', 'federation-upstream, shovel, …'), name: arg.required('name'), value: arg.required('value', 'a JSON value') },
  help: `VALUE is JSON: an object, a number, or a string in JSON quotes ('"text"'). The broker checks it
for its component (exit 65 with its reason); a component the broker does not know is refused the
same way. The same value again changes nothing.

  rmqx parameter set federation-upstream origin '{"uri":"amqp://origin","expires":3600000}' -V shop`,
  async run(ctx, { component, name, value }) {
    requireName('component', component);
    newName('parameter', name);
    await ensure(ctx, parameterKind, { component, vhost: ctx.vhost, name, value: valueArg(value) });
  },
});
