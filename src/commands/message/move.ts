/**
 * rmqx queue move SRC DST: republish with confirms, ack the source only after the confirm.
 * Nothing is lost; after a crash a message may exist twice, never zero times.
 */
import type { Command } from 'commander';
import { run, verb } from '../../cli/command.js';
import { positiveInt } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { NegativeOutcome, UsageError } from '../../errors.js';
import type { PublishProperties } from '../../amqp/envelope.js';
import { withTarget } from './target.js';

export function registerMove(program: Command): void {
  const queue = program.commands.find((c) => c.name() === 'queue');
  if (!queue) throw new Error('queue move needs the queue noun registered first');
  verb(queue, 'move <source> <destination>', 'move messages to another queue (or exchange) with confirms: none lost')
    .option('-n, --count <n>', 'move at most n messages (default: all that are there when it starts)', positiveInt)
    .option('-e, --exchange <name>', 'republish to this exchange instead of straight to the destination queue')
    .option('-k, --routing-key <key>', 'with --exchange: the routing key (default: each message keeps its own)')
    .action(run(move));
}

async function move(ctx: Context, [source, destination]: string[], o: Record<string, any>): Promise<void> {
  if (o.exchange === undefined && o.routingKey !== undefined) throw new UsageError('--routing-key needs --exchange (a queue is reached by its name)');
  if (o.exchange === undefined && source === destination) throw new UsageError('source and destination are the same queue');
  const vhost = ctx.vhost;
  const session = await ctx.amqp('queue move');
  const { inspectQueue, Consumer } = await import('../../amqp/receive.js');
  const { Publisher } = await import('../../amqp/publisher.js');
  const src = await withTarget({ op: 'move from', kind: 'queue', name: source, vhost }, () => inspectQueue(session, source as string));
  if (o.exchange === undefined) {
    await withTarget({ op: 'move to', kind: 'queue', name: destination, vhost }, () => inspectQueue(session, destination as string));
  }
  const target = Math.min(o.count ?? Infinity, src.messageCount);
  if (target === 0) {
    ctx.out.note(`queue '${source}' in vhost '${vhost}' is empty; nothing to move`);
    if (ctx.out.json) await ctx.out.write(JSON.stringify({ moved: 0 }) + '\n');
    return;
  }
  const pub = await Publisher.open(session);
  const consumer = await Consumer.start(session, source as string, { prefetch: Math.min(target, 500) });
  let moved = 0;
  let stoppedBy = '';
  const interrupted = ctx.io.interrupted;
  try {
    while (moved < target) {
      let timer: NodeJS.Timeout | undefined;
      // if someone else takes the remaining messages, stop after a quiet second
      const idle = new Promise<void>((r) => (timer = setTimeout(r, 2000)));
      const batch = await consumer.next(Promise.race([interrupted, idle]));
      clearTimeout(timer);
      if (!batch || batch.length === 0) {
        stoppedBy = batch ? ' (stopped: no more messages arrived)' : ' (stopped: the source queue was deleted)';
        break;
      }
      const take = batch.slice(0, target - moved);
      const before = { ...pub.stats };
      for (const m of take) {
        const exchange = o.exchange ?? '';
        const routingKey = o.exchange === undefined ? (destination as string) : (o.routingKey ?? m.routingKey);
        await pub.publish(exchange, routingKey, { content: m.content, properties: republishable(m.properties) });
      }
      await pub.flush();
      const last = take[take.length - 1]!.tag;
      if (pub.stats.nacked > before.nacked || pub.stats.returned > before.returned) {
        // Not all of this batch reached the destination: keep it all in the source.
        consumer.settleUpTo(last, 'requeue');
        for (const m of batch.slice(take.length)) consumer.settleOne(m.tag, 'requeue');
        throw new NegativeOutcome(
          `moved ${moved} message(s); the next batch of ${take.length} was not accepted by the destination (${pub.stats.returned - before.returned} unroutable, ${pub.stats.nacked - before.nacked} nacked) and stays in '${source}' (some may now be in both)`,
        );
      }
      consumer.settleUpTo(last, 'ack');
      moved += take.length;
      for (const m of batch.slice(take.length)) consumer.settleOne(m.tag, 'requeue');
    }
  } finally {
    await consumer.cancel();
    for (const m of consumer.takeBuffered()) consumer.settleOne(m.tag, 'requeue');
  }
  if (moved) ctx.changed = true;
  if (ctx.out.json) await ctx.out.write(JSON.stringify({ moved }) + '\n');
  const to = o.exchange === undefined ? `queue '${destination}'` : `exchange '${o.exchange}'`;
  ctx.out.note(`moved ${moved} message(s) from queue '${source}' to ${to} in vhost '${vhost}'${stoppedBy}`);
}

/** Received properties as publish options: everything the message carried, nothing undefined. */
function republishable(p: Record<string, unknown>): PublishProperties {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== null) out[k] = v;
  return out as PublishProperties;
}
