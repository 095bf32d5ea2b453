import { arg, defineCommand } from '../../cli/define.js';
import { requireName } from '../shared.js';
import { queueShowView } from './views.js';

export const queueShow = defineCommand({
  name: 'show',
  summary: 'show one queue (--json: every field the API has)',
  args: { name: arg.required('name') },
  help: `
A quorum queue shows its delivery_limit: on RabbitMQ 4.x the broker reports it (20 when no
argument or policy sets one, "unlimited" for -1); on 3.x, which has no default, it is the
smaller of x-delivery-limit and the policy's delivery-limit, else "unlimited". With --json
the object is the broker's own: delivery_limit is there on 4.x only.`,
  async run(ctx, { name }) {
    requireName('queue', name);
    const q = await (await ctx.mgmt()).queues.get(ctx.vhost, name);
    await ctx.out.object(q, queueShowView(q));
  },
});
