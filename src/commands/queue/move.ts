/**
 * rmqx queue move SRC DST: republish with confirms, ack each source message only after its own
 * confirm. Nothing is lost, and nothing is doubled by a partial failure: a message the
 * destination did not take stays in the source. After a crash a message may exist twice,
 * never zero times.
 */
import { arg, defineCommand, opt, type OptValues } from '../../cli/define.js';
import { positiveInt } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { AmqpError, NegativeOutcome, UsageError } from '../../errors.js';
import { republishable } from '../../amqp/envelope.js';
import { withTarget } from '../message/target.js';
import { signalWords } from '../../io.js';

const MOVE_OPTIONS = {
  count: opt.value('-n, --count <n>', 'move at most n messages (default: all that are there when it starts)', positiveInt),
  exchange: opt.string('-e, --exchange <name>', 'republish to this exchange instead of straight to the destination queue'),
  routingKey: opt.string('-k, --routing-key <key>', 'with --exchange: the routing key (default: each message keeps its own)'),
};

export const queueMove = defineCommand({
  name: 'move',
  summary: 'move messages to another queue (or exchange) with confirms: none lost',
  args: { source: arg.required('source'), destination: arg.required('destination') },
  options: MOVE_OPTIONS,
  run: (ctx, { source, destination }, o) => move(ctx, source, destination, o),
});

async function move(ctx: Context, source: string, destination: string, o: OptValues<typeof MOVE_OPTIONS>): Promise<void> {
  if (o.exchange === undefined && o.routingKey !== undefined) throw new UsageError('--routing-key needs --exchange (a queue is reached by its name)');
  if (o.exchange === undefined && source === destination) throw new UsageError('source and destination are the same queue');
  const vhost = ctx.amqpVhost;
  const session = await ctx.amqp('queue move');
  const { inspectQueue, Consumer } = await import('../../amqp/receive.js');
  const { Publisher } = await import('../../amqp/publisher.js');
  const src = await withTarget({ op: 'move from', kind: 'queue', name: source, vhost }, () => inspectQueue(session, source));
  if (o.exchange === undefined) {
    await withTarget({ op: 'move to', kind: 'queue', name: destination, vhost }, () => inspectQueue(session, destination));
  }
  const target = Math.min(o.count ?? Infinity, src.messageCount);
  if (target === 0) {
    ctx.record({ action: 'moved', kind: 'message', changed: false, count: 0 });
    await ctx.out.result({ moved: 0, kept: 0 }, { note: `queue '${source}' in vhost '${vhost}' is empty; nothing to move` });
    return;
  }
  const pub = await Publisher.open(session);
  const prefetch = Math.min(target, 500);
  const consumer = await Consumer.start(session, source, { prefetch });
  const to = o.exchange === undefined ? `queue '${destination}'` : `exchange '${o.exchange}'`;
  let moved = 0;
  let seen = 0;
  /** source messages to leave where they are: requeued at the end, so they are not fetched again meanwhile */
  const kept: number[] = [];
  let refused = 0;
  let foreign = 0;
  let stoppedBy = '';
  try {
    while (seen < target) {
      // if someone else takes the remaining messages, stop after a quiet two seconds
      const batch = await consumer.next({ interrupted: ctx.io.interrupted, idleMs: 2000 });
      if (typeof batch === 'string') {
        stoppedBy = batch === 'interrupted' ? ` (stopped by ${signalWords(ctx.io.stoppedBy)})` : batch === 'idle' ? ' (stopped: no more messages arrived)' : ' (stopped: the source queue was deleted)';
        break;
      }
      const take = batch.slice(0, target - seen);
      for (const m of batch.slice(take.length)) consumer.settleOne(m.tag, 'requeue');
      for (const m of take) {
        seen++;
        // the broker refuses a user_id that is not the publishing user's, and closes the channel
        if (typeof m.properties.userId === 'string' && m.properties.userId !== session.user) {
          foreign++;
          kept.push(m.tag);
          continue;
        }
        const exchange = o.exchange ?? '';
        const routingKey = o.exchange === undefined ? destination : (o.routingKey ?? m.routingKey);
        await withTarget({ op: 'move to', kind: o.exchange === undefined ? 'queue' : 'exchange', name: o.exchange ?? destination, vhost }, () =>
          pub.publish(exchange, routingKey, { content: m.content, properties: republishable(m.properties) }, (outcome) => {
            if (outcome === 'confirmed') {
              consumer.settleOne(m.tag, 'ack');
              moved++;
            } else {
              kept.push(m.tag);
              if (outcome !== 'lost') refused++;
            }
          }),
        );
      }
    }
    await withTarget({ op: 'move to', kind: o.exchange === undefined ? 'queue' : 'exchange', name: o.exchange ?? destination, vhost }, () => pub.flush());
  } catch (e) {
    // A failure part-way (the connection lost with its node, a timeout): the broker puts back,
    // marked redelivered, every message rmqx had not acked or whose ack it never got. Those
    // already republished are then in both places: never more than were republished, nor more
    // than the prefetch (the most the broker lets rmqx hold unacked). A destination the broker
    // refuses (a 4xx on the channel: no such exchange, no access) stored nothing.
    const refused = e instanceof AmqpError && e.replyCode >= 400 && e.replyCode < 500;
    if (pub.stats.published > 0 && !refused) {
      ctx.out.warn(
        `moved ${moved} message(s) from queue '${source}' to ${to} in vhost '${vhost}' before the failure; up to ${Math.min(pub.stats.published, prefetch)} message(s) may now be in both queues (those are back in '${source}' marked redelivered); if the broker itself went down, moved messages whose acks it had not yet written may come back to '${source}' as well`,
      );
    }
    throw e;
  } finally {
    await consumer.cancel();
    for (const m of consumer.takeBuffered()) consumer.settleOne(m.tag, 'requeue');
    for (const tag of kept) consumer.settleOne(tag, 'requeue');
  }
  ctx.record({ action: 'moved', kind: 'message', changed: moved > 0, count: moved });
  await ctx.out.result({ moved, kept: kept.length }, { note: `moved ${moved} message(s) from queue '${source}' to ${to} in vhost '${vhost}'${stoppedBy}` });
  if (kept.length) {
    const why = [
      refused ? `${refused} not accepted by the destination (unroutable or nacked)` : '',
      foreign ? `${foreign} carry a user_id other than '${session.user}', which the broker would refuse` : '',
    ]
      .filter(Boolean)
      .join('; ');
    throw new NegativeOutcome(`${kept.length} message(s) stay in queue '${source}': ${why}`);
  }
}
