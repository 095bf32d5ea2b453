import { arg, defineCommand } from '../../cli/define.js';
import { requireName } from '../shared.js';
import { queueType } from '../../mgmt/defaults.js';
import { queueShowView } from './views.js';

export const queueShow = defineCommand({
  name: 'show',
  summary: 'show one queue (--json: every field the API has)',
  args: { name: arg.required('name') },
  help: `
A quorum queue shows its delivery_limit: on RabbitMQ 4.x the broker reports it (20 when no
argument or policy sets one, "unlimited" for -1; a queue declared a moment ago has the row
once its statistics are in); on 3.x, which has no default, it is the smaller of
x-delivery-limit and the policy's delivery-limit, else "unlimited". With --json the object
is the broker's own: delivery_limit is there on 4.x only.`,
  async run(ctx, { name }) {
    requireName('queue', name);
    const m = await ctx.mgmt();
    const q = await m.queues.get(ctx.vhost, name);
    // a quorum queue without the field: a 3.x broker (worked out) or a 4.x one still gathering
    // the new queue's statistics (left out); only then is the broker's version asked
    const reports = queueType(q) === 'quorum' && !('delivery_limit' in q) && ctx.out.mode !== 'json' ? (await m.capabilities()).has('deliveryLimitReported') : false;
    await ctx.out.object(q, queueShowView(q, reports));
  },
});
