/**
 * rmqx tap EXCHANGE: a live copy of an exchange's traffic. A server-named, exclusive,
 * auto-delete queue is bound to the exchange; it takes nothing from anyone else's queues and is
 * gone when rmqx exits.
 */
import { arg, defineCommand, opt, type OptValues } from '../../cli/define.js';
import { collectPair, positiveInt, positiveNumber } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { UsageError } from '../../errors.js';
import { FORMAT_OPTIONS, messageFormat, writeBatch } from './format.js';
import { withTarget } from './target.js';

const collect = (v: string, acc: string[] = []) => [...acc, v];

const OPTIONS = {
  routingKey: opt.repeat('-k, --routing-key <key>', 'binding key, repeatable (default: everything: # for topic, every bound key for direct)', collect),
  arg: opt.repeat('--arg <k=v>', 'binding argument for headers exchanges, repeatable (x-match=any …)', collectPair),
  count: opt.value('-n, --count <n>', 'stop after n messages', positiveInt),
  idleTimeout: opt.value('--idle-timeout <seconds>', 'stop after this long without a message', positiveNumber),
  ...FORMAT_OPTIONS,
};

export const tap = defineCommand({
  name: 'tap',
  summary: 'show a live copy of the messages passing through an exchange, taking nothing',
  args: { exchange: arg.required('exchange') },
  options: OPTIONS,
  run: (ctx, { exchange }, o) => tapExchange(ctx, exchange, o),
});

async function tapExchange(ctx: Context, exchange: string, o: OptValues<typeof OPTIONS>): Promise<void> {
  if (exchange === '' || exchange === 'amq.default') {
    throw new UsageError('the default exchange cannot be bound, so it cannot be tapped', "tap the exchange the publisher uses, or `rmqx get QUEUE` to look at a queue's messages");
  }
  const format = messageFormat(ctx, o);
  const keys = o.routingKey ?? (await defaultKeys(ctx, exchange));
  const target = { op: 'tap', kind: 'exchange', name: exchange, vhost: ctx.amqpVhost };
  const session = await ctx.amqp('tap');
  const { declareTap, Consumer } = await import('../../amqp/receive.js');
  const queue = await withTarget(target, () => declareTap(session, exchange, keys.map((routingKey) => ({ routingKey, arguments: o.arg }))));
  ctx.out.note(`tapping exchange '${exchange}' (${keys.map((k) => `'${k}'`).join(', ')}) through queue '${queue}'; Ctrl-C to stop`);
  const consumer = await Consumer.start(session, queue, { prefetch: 0, noAck: true, exclusive: true });
  const count = o.count ?? Infinity;
  const idleMs = o.idleTimeout !== undefined ? o.idleTimeout * 1000 : undefined;
  let seen = 0;
  try {
    while (seen < count) {
      const batch = await consumer.next({ interrupted: ctx.io.interrupted, idleMs });
      if (typeof batch === 'string') break;
      const take = batch.slice(0, count - seen);
      try {
        await writeBatch(ctx, take, format, seen + 1);
      } catch {
        break; // stdout closed: a tap holds nothing, so nothing is lost
      }
      seen += take.length;
    }
  } finally {
    await consumer.cancel();
  }
  ctx.out.note(`${seen} message(s) seen on exchange '${exchange}'`);
}

/**
 * Without -k: '#' catches everything on a topic exchange, any key does for fanout and an empty
 * headers binding; a direct exchange only routes exact keys, so bind every key bound there now
 * (asked of the management API; '#' when it cannot be reached).
 */
async function defaultKeys(ctx: Context, exchange: string): Promise<string[]> {
  try {
    const mgmt = await ctx.mgmt();
    const x = await mgmt.exchanges.get(ctx.amqpVhost, exchange);
    if (x.type !== 'direct') return ['#'];
    const bound = await mgmt.bindings.fromExchange(ctx.amqpVhost, exchange);
    const keys = [...new Set(bound.map((b) => b.routing_key))];
    if (keys.length === 0) ctx.out.warn(`direct exchange '${exchange}' has no bindings yet: give the keys to tap with -k`);
    return keys.length ? keys : ['#'];
  } catch {
    ctx.out.verbose('could not ask the management API for the exchange type; binding with #');
    return ['#'];
  }
}
