import { arg, defineCommand } from '../../cli/define.js';
import { BINDING_OPTIONS, bind, bindingSpec } from '../binding/core.js';

export const queueBind = defineCommand({
  name: 'bind',
  summary: 'bind a queue to an exchange (idempotent; messages flow EXCHANGE -> QUEUE)',
  args: { queue: arg.required('queue'), exchange: arg.required('exchange') },
  options: BINDING_OPTIONS,
  async run(ctx, { queue, exchange }, o) {
    await bind(ctx, bindingSpec(ctx.vhost, exchange, 'q', queue, o));
  },
});
