import { arg, defineCommand } from '../../cli/define.js';
import { UNBIND_OPTIONS, bindingSpec, unbind } from '../binding/core.js';

// DEST SOURCE, as `exchange bind`

export const exchangeUnbind = defineCommand({
  name: 'unbind',
  summary: 'remove the binding of exchange DESTINATION to exchange SOURCE with this routing key and arguments',
  args: { destination: arg.required('destination'), source: arg.required('source') },
  options: UNBIND_OPTIONS,
  async run(ctx, { destination, source }, o) {
    await unbind(ctx, bindingSpec(ctx.vhost, source, 'e', destination, o), o.ifExists);
  },
});
