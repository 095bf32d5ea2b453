import { arg, defineCommand } from '../../cli/define.js';
import { BINDING_OPTIONS, bind, bindingSpec } from '../binding/core.js';

// DEST SOURCE, the order of `queue bind QUEUE EXCHANGE`: the destination first, messages flow SOURCE -> DEST.

export const exchangeBind = defineCommand({
  name: 'bind',
  summary: 'bind exchange DESTINATION to exchange SOURCE (idempotent; messages flow SOURCE -> DESTINATION)',
  args: { destination: arg.required('destination'), source: arg.required('source') },
  options: BINDING_OPTIONS,
  async run(ctx, { destination, source }, o) {
    await bind(ctx, bindingSpec(ctx.vhost, source, 'e', destination, o));
  },
});
