import { arg, defineCommand } from '../../cli/define.js';
import { UNBIND_OPTIONS, bindingSpec, unbind } from '../binding/core.js';

export const queueUnbind = defineCommand({
  name: 'unbind',
  summary: 'remove the binding of a queue to an exchange with this routing key and arguments',
  args: { queue: arg.required('queue'), exchange: arg.required('exchange') },
  options: UNBIND_OPTIONS,
  async run(ctx, { queue, exchange }, o) {
    await unbind(ctx, bindingSpec(ctx.vhost, exchange, 'q', queue, o), o.ifExists);
  },
});
