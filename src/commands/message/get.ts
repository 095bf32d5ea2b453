/**
 * rmqx get: look at messages without taking them. It fetches up to --count, keeps them unacked
 * while it writes them, then requeues them all (--ack removes them, --reject dead-letters them).
 */
import { arg, defineCommand, opt, type OptValues } from '../../cli/define.js';
import { positiveInt } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { NegativeOutcome } from '../../errors.js';
import type { View } from '../../render/view.js';
import { preview, propertiesSummary } from '../../render/messages.js';
import type { Delivered } from '../../amqp/envelope.js';
import { FORMAT_OPTIONS, messageFormat, writeBatch } from './format.js';
import { conflict } from './conflicts.js';
import { withTarget, withTargetIter } from './target.js';
import { deliveryCount, keepPastDeliveryLimit } from './delivery-limit.js';
import type { Delivery } from '../../amqp/receive.js';

const GET_VIEW: View = [
  { key: 'index', header: '#', align: 'right' },
  { key: 'exchange' },
  { key: 'routing_key', header: 'routing key' },
  { key: 'redelivered' },
  { key: 'properties' },
  { key: 'payload_bytes', header: 'bytes', align: 'right' },
  { key: 'payload' },
];

const OPTIONS = {
  count: opt.withDefault('-n, --count <n>', 'how many messages, at most', positiveInt, 1),
  ack: opt.flag('--ack', 'remove the messages after showing them'),
  reject: opt.flag('--reject', 'reject them after showing them (dead-lettered if the queue has a DLX, else dropped)'),
  require: opt.flag('--require', 'exit 1 when the queue is empty'),
  ...FORMAT_OPTIONS,
};

export const get = defineCommand({
  name: 'get',
  summary: 'show messages without removing them (they are requeued afterwards)',
  args: { queue: arg.required('queue') },
  options: OPTIONS,
  run: (ctx, { queue }, o) => getMessages(ctx, queue, o),
});

async function getMessages(ctx: Context, queue: string, o: OptValues<typeof OPTIONS>): Promise<void> {
  if (o.reject && o.ack) throw conflict(OPTIONS.reject, OPTIONS.ack);
  const format = messageFormat(ctx, o);
  const how = o.ack ? 'ack' : o.reject ? 'reject' : 'requeue';
  const target = { op: 'get from', kind: 'queue', name: queue, vhost: ctx.amqpVhost };
  const session = await ctx.amqp('get');
  const { Fetcher } = await import('../../amqp/receive.js');
  const fetcher = await withTarget(target, () => Fetcher.open(session, queue));
  const table: Delivered[] = [];
  let n = 0;
  let settled = false;
  /** quorum-queue messages, checked against the delivery limit before they are requeued */
  const held: Delivery[] = [];
  try {
    // Stream what is fetched (except for a table, which needs every row); the messages stay
    // unacked on the broker until the whole batch is written.
    let pending: Delivered[] = [];
    for await (const batch of withTargetIter(target, fetcher.fetch(o.count))) {
      for (const m of batch) {
        n++;
        if (how === 'requeue' && deliveryCount(m) !== undefined) held.push(m);
        if (format === 'block') table.push(m);
        else pending.push(m);
      }
      if (pending.length >= 100) {
        await writeBatch(ctx, pending, format, n - pending.length + 1);
        pending = [];
      }
    }
    if (pending.length) await writeBatch(ctx, pending, format, n - pending.length + 1);
    if (table.length) await ctx.out.list(table.map(row), GET_VIEW);
    if (how === 'requeue') await keepPastDeliveryLimit(ctx, session, queue, held, (tag, h) => fetcher.settleOne(tag, h));
    fetcher.settle(how);
    settled = true;
  } finally {
    // Whatever went wrong while writing, nothing is taken: the batch goes back.
    if (!settled) {
      fetcher.settle('requeue');
      if (n) ctx.out.note(`output not written completely: all ${n} message(s) went back to the queue`);
    }
  }
  if (n === 0) {
    if (o.require) throw new NegativeOutcome(`queue '${queue}' in vhost '${ctx.amqpVhost}' is empty`);
    ctx.out.note(`queue '${queue}' in vhost '${ctx.amqpVhost}' is empty`);
    return;
  }
  const verbWord = how === 'ack' ? 'removed' : how === 'reject' ? 'rejected' : 'requeued';
  ctx.record({ action: verbWord, kind: 'message', name: queue, vhost: ctx.amqpVhost, changed: how !== 'requeue', count: n });
  ctx.out.note(`${n} message(s) from queue '${queue}', ${verbWord}`);
}

function row(m: Delivered, i: number): Record<string, unknown> {
  return {
    index: i + 1,
    exchange: m.exchange === '' ? "''" : m.exchange,
    routing_key: m.routingKey,
    redelivered: m.redelivered,
    properties: propertiesSummary(m),
    payload_bytes: m.content.length,
    payload: preview(m.content),
  };
}
