/**
 * rmqx get: look at messages without taking them. It fetches up to --count, keeps them unacked
 * while it writes them, then requeues them all (--ack removes them, --reject dead-letters them).
 */
import { Option, type Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { positiveInt } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { NegativeOutcome } from '../../errors.js';
import type { View } from '../../render/view.js';
import { preview, propertiesSummary } from '../../render/messages.js';
import type { Delivered } from '../../amqp/envelope.js';
import { addFormatOptions, messageFormat, writeBatch } from './format.js';
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

export function registerGet(program: Command): void {
  addFormatOptions(
    verb(program, 'get <queue>', 'show messages without removing them (they are requeued afterwards)')
      .option('-n, --count <n>', 'how many messages, at most', positiveInt, 1)
      .option('--ack', 'remove the messages after showing them')
      .addOption(new Option('--reject', 'reject them after showing them (dead-lettered if the queue has a DLX, else dropped)').conflicts('ack'))
      .option('--require', 'exit 1 when the queue is empty'),
  ).action(run(get));
}

async function get(ctx: Context, [queue]: string[], o: Record<string, any>): Promise<void> {
  const format = messageFormat(ctx, o);
  const how = o.ack ? 'ack' : o.reject ? 'reject' : 'requeue';
  const target = { op: 'get from', kind: 'queue', name: queue, vhost: ctx.amqpVhost };
  const session = await ctx.amqp('get');
  const { Fetcher } = await import('../../amqp/receive.js');
  const fetcher = await withTarget(target, () => Fetcher.open(session, queue as string));
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
    if (how === 'requeue') await keepPastDeliveryLimit(ctx, session, queue as string, held, (tag, h) => fetcher.settleOne(tag, h));
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
  if (how !== 'requeue') ctx.changed = true;
  const verbWord = how === 'ack' ? 'removed' : how === 'reject' ? 'rejected' : 'requeued';
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
