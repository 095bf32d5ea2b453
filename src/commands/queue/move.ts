/**
 * rmqx queue move SRC DST: republish with confirms, ack each source message only after its own
 * confirm. Nothing is lost, and nothing is doubled by a partial failure: a message the
 * destination did not take stays in the source. After a crash a message may exist twice,
 * never zero times. With several AMQP URLs, a lost connection is followed through the next node
 * that answers (--retries), and the move goes on from what is still in the source.
 */
import { arg, defineCommand, opt, type OptValues } from '../../cli/define.js';
import { nonNegativeInt, positiveInt } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { AmqpError, EXIT, NegativeOutcome, RmqxError, UsageError, connectionLost, describeError } from '../../errors.js';
import type { Session } from '../../amqp/session.js';
import type { Consumer } from '../../amqp/receive.js';
import type { Publisher } from '../../amqp/publisher.js';
import { republishable } from '../../amqp/envelope.js';
import { withTarget } from '../message/target.js';
import { signalWords } from '../../io.js';

const MOVE_OPTIONS = {
  count: opt.value('-n, --count <n>', 'move at most n messages (default: all that are there when it starts)', positiveInt),
  exchange: opt.string('-e, --exchange <name>', 'republish to this exchange instead of straight to the destination queue'),
  routingKey: opt.string('-k, --routing-key <key>', 'with --exchange: the routing key (default: each message keeps its own)'),
  retries: opt.withDefault('--retries <n>', 'with several AMQP URLs: reconnect this many times when the move loses its connection, and go on (default 3; 0: never)', nonNegativeInt, 3),
};

export const queueMove = defineCommand({
  name: 'move',
  summary: 'move messages to another queue (or exchange) with confirms: none lost',
  args: { source: arg.required('source'), destination: arg.required('destination') },
  options: MOVE_OPTIONS,
  help: `
A message is acked at the source only once the destination confirmed it. What the destination
nacks goes back to the source and is moved again on a new channel after a growing pause, for
up to --timeout (then exit 1). With several AMQP URLs a lost connection is followed through
the next node; what it held unacked comes back to the source and is waited for up to
--timeout (RabbitMQ 4.x gives back what a quorum-queue consumer on a lost node held after
its consumer-disconnected-timeout, 60 s by default), then exit 75; moving again later moves it.

  rmqx queue move orders.dlq orders
  rmqx queue move big-q big-q.v2 --amqp-url amqp://a,amqp://b,amqp://c --timeout 90`,
  run: (ctx, { source, destination }, o) => move(ctx, source, destination, o),
});

async function move(ctx: Context, source: string, destination: string, o: OptValues<typeof MOVE_OPTIONS>): Promise<void> {
  if (o.exchange === undefined && o.routingKey !== undefined) throw new UsageError('--routing-key needs --exchange (a queue is reached by its name)');
  if (o.exchange === undefined && source === destination) throw new UsageError('source and destination are the same queue');
  const vhost = ctx.amqpVhost;
  const session = await ctx.amqp('queue move');
  const { inspectQueue, Consumer: Consumers, LOST_HOLD_HINT } = await import('../../amqp/receive.js');
  const { Publisher: Publishers } = await import('../../amqp/publisher.js');
  const src = await withTarget({ op: 'move from', kind: 'queue', name: source, vhost }, () => inspectQueue(session, source));
  if (o.exchange === undefined) {
    await withTarget({ op: 'move to', kind: 'queue', name: destination, vhost }, () => inspectQueue(session, destination));
  }
  let target = Math.min(o.count ?? Infinity, src.messageCount);
  if (target === 0) {
    ctx.record({ action: 'moved', kind: 'message', changed: false, count: 0 });
    await ctx.out.result({ moved: 0, kept: 0 }, { note: `queue '${source}' in vhost '${vhost}' is empty; nothing to move` });
    return;
  }
  const prefetch = Math.min(target, 500);
  const to = o.exchange === undefined ? `queue '${destination}'` : `exchange '${o.exchange}'`;
  const destinationTarget = { op: 'move to', kind: o.exchange === undefined ? 'queue' : 'exchange', name: o.exchange ?? destination, vhost };
  const failover = ctx.settings.amqpUrls.length > 1 && o.retries > 0;
  let moved = 0;
  let seen = 0;
  /** source messages to leave where they are: requeued at the end, so they are not fetched again meanwhile */
  let kept: number[] = [];
  let refused = 0;
  /** refused by a nack (not returned as unroutable): moved again after a pause, for up to --timeout */
  let nacked: number[] = [];
  /** since when nacked messages have been sent back without any message moved meanwhile */
  let nackStreak = { since: 0, moved: -1, rounds: 0 };
  let foreign = 0;
  let stoppedBy = '';
  let reconnects = 0;
  /** republished on connections that were lost before their source messages' acks were known */
  let inDoubt = 0;
  /**
   * delivered on lost connections and not acked: they come back to the source marked redelivered,
   * and are waited for (RabbitMQ 4.x keeps what a quorum-queue consumer on a lost node held until
   * the node is back or its consumer-disconnected-timeout, 60 s by default, has passed)
   */
  let awaitingReturn = 0;
  let current: Session = session;
  for (;;) {
    let pub: Publisher | undefined;
    /** published on this connection by publishers before `pub` (each nack round has its own) */
    let publishedBefore = 0;
    let consumer: Consumer | undefined;
    try {
      pub = await Publishers.open(current);
      let p = pub;
      const c = (consumer = await withTarget({ op: 'move from', kind: 'queue', name: source, vhost }, () => Consumers.start(current, source, { prefetch })));
      /**
       * After the confirms: what the destination nacked goes back to the source to be moved
       * again after a pause (1, 2, 4, 5, 5 … s), until a round moves something or for up to
       * --timeout without one, each round on a new channel: RabbitMQ 3.10 goes on nacking
       * everything a channel publishes to a quorum queue that changed leader while the channel
       * was publishing to it (a new channel's messages were confirmed 3 s after the election,
       * the old one's still nacked after 60 s). Whether there was any.
       */
      const moveNackedAgain = async (): Promise<boolean> => {
        await withTarget(destinationTarget, () => p.flush());
        if (nacked.length === 0 || ctx.io.stoppedBy) return false;
        if (moved > nackStreak.moved) nackStreak = { since: Date.now(), moved, rounds: 0 };
        if (Date.now() - nackStreak.since >= ctx.settings.timeoutMs) return false;
        const pause = Math.min(1000 * 2 ** nackStreak.rounds, 5000);
        nackStreak.rounds++;
        const again = new Set(nacked);
        for (const tag of nacked) c.settleOne(tag, 'requeue');
        kept = kept.filter((t) => !again.has(t));
        refused -= nacked.length;
        seen -= nacked.length;
        ctx.out.warn(`${nacked.length} message(s) refused by the destination (nacked); moving them again in ${pause / 1000} s (for up to --timeout ${ctx.settings.timeoutMs / 1000} s)`);
        nacked = [];
        await new Promise((r) => setTimeout(r, pause));
        const stale = p;
        publishedBefore += stale.stats.published;
        pub = p = await Publishers.open(current);
        await stale.close();
        return true;
      };
      let quietSince: number | undefined;
      /** after a reconnect, until the first delivery: the source may have no leader yet */
      let electing = reconnects > 0;
      // (again after a round of nacked messages sent back to the source)
      for (;;) {
        while (seen < target) {
          // if someone else takes the remaining messages, stop after a quiet two seconds
          const batch = await c.next({ interrupted: ctx.io.interrupted, idleMs: 2000 });
          if (batch === 'idle') {
            // messages awaiting their confirms hold the prefetch, and so do those the destination
            // refused: first the confirms; then the refused go back to the source to be moved
            // again after a pause (a quorum queue nacks while it elects a leader)
            if (await moveNackedAgain()) {
              quietSince = undefined;
              continue;
            }
            // ... unless the source still has messages ready, or has just failed over: a quorum
            // queue that lost its leader delivers nothing (and counts nothing) until a new one is
            // elected. Those are waited for up to --timeout.
            const ready = electing ? Infinity : (await inspectQueue(current, source)).messageCount;
            quietSince ??= Date.now() - 2000;
            if ((ready > 0 || awaitingReturn > 0) && Date.now() - quietSince < ctx.settings.timeoutMs) continue;
            if (ready > 0) {
              const what = electing ? `${target - seen} message(s) still to move` : `${ready} message(s) are ready there`;
              throw new RmqxError(`move from queue '${source}': ${what}, but none was delivered within ${ctx.settings.timeoutMs / 1000} s`, EXIT.temporary, "raise --timeout, or see `rmqx queue show` for the queue's state");
            }
            if (awaitingReturn > 0) {
              throw new RmqxError(
                `move from queue '${source}': ${awaitingReturn} message(s) held by the lost connection have not come back to the queue within ${ctx.settings.timeoutMs / 1000} s (moved ${moved})`,
                EXIT.temporary,
                `${LOST_HOLD_HINT}; run the same move again then, or raise --timeout`,
              );
            }
          }
          if (typeof batch === 'string') {
            stoppedBy = batch === 'interrupted' ? ` (stopped by ${signalWords(ctx.io.stoppedBy)})` : batch === 'idle' ? ' (stopped: no more messages arrived)' : ' (stopped: the source queue was deleted)';
            break;
          }
          quietSince = undefined;
          electing = false;
          const take = batch.slice(0, target - seen);
          for (const m of batch.slice(take.length)) c.settleOne(m.tag, 'requeue');
          for (const m of take) {
            seen++;
            if (m.redelivered && awaitingReturn > 0) awaitingReturn--;
            // the broker refuses a user_id that is not the publishing user's, and closes the channel
            if (typeof m.properties.userId === 'string' && m.properties.userId !== current.user) {
              foreign++;
              kept.push(m.tag);
              continue;
            }
            const exchange = o.exchange ?? '';
            const routingKey = o.exchange === undefined ? destination : (o.routingKey ?? m.routingKey);
            await withTarget(destinationTarget, () =>
              p.publish(exchange, routingKey, { content: m.content, properties: republishable(m.properties) }, (outcome) => {
                if (outcome === 'confirmed') {
                  c.settleOne(m.tag, 'ack');
                  moved++;
                } else {
                  kept.push(m.tag);
                  if (outcome !== 'lost') refused++;
                  if (outcome === 'nacked') nacked.push(m.tag);
                }
              }),
            );
          }
        }
        // what was sent is confirmed (and acked at the source) before anything is reported; the
        // last messages' refusals come with their confirms: those go again too
        await withTarget(destinationTarget, () => p.flush());
        if (!stoppedBy && (await moveNackedAgain())) continue;
        break;
      }
      break;
    } catch (e) {
      // A failure part-way (the connection lost with its node, a timeout): the broker puts back,
      // marked redelivered, every message rmqx had not acked or whose ack it never got. Those
      // already republished are then in both places: never more than were republished, nor more
      // than the prefetch (the most the broker lets rmqx hold unacked). A destination the broker
      // refuses (a 4xx on the channel: no such exchange, no access) stored nothing.
      const doubt = Math.min(publishedBefore + (pub?.stats.published ?? 0), prefetch);
      inDoubt += doubt;
      let failure = e;
      if (failover && connectionLost(e) && reconnects < o.retries && !ctx.io.stoppedBy) {
        reconnects++;
        const why = describeError(e).line;
        try {
          // a node that has just lost a quorum queue's leader may refuse for a moment
          if (!consumer) await new Promise((r) => setTimeout(r, 1000 * reconnects));
          // what the lost channel had delivered and rmqx had not acked (taken or still buffered)
          awaitingReturn += seen - moved + (consumer?.takeBuffered().length ?? 0);
          current = await ctx.reconnectAmqp('queue move');
          // what the lost channel held went back to the source: count again from what moved.
          // Up to `doubt` of those were moved already (their acks were lost) and will be moved
          // again: without --count they do not take the place of messages never moved (the
          // move still ends when the source is empty)
          seen = moved;
          if (o.count === undefined) target += doubt;
          kept = [];
          nacked = [];
          refused = 0;
          foreign = 0;
          ctx.out.warn(
            `${why}; reconnected (${reconnects} of --retries ${o.retries}): moving on from queue '${source}'; up to ${doubt} message(s) republished before the loss may be in both queues (at-least-once)`,
          );
          continue;
        } catch (e2) {
          failure = e2;
        }
      }
      const refusedHere = failure instanceof AmqpError && failure.replyCode >= 400 && failure.replyCode < 500;
      if (inDoubt > 0 && !refusedHere) {
        ctx.out.warn(
          `moved ${moved} message(s) from queue '${source}' to ${to} in vhost '${vhost}' before the failure; up to ${inDoubt} message(s) may now be in both queues (those are back in '${source}' marked redelivered); if the broker itself went down, moved messages whose acks it had not yet written may come back to '${source}' as well`,
        );
      }
      throw failure;
    } finally {
      if (consumer) {
        await consumer.cancel();
        for (const m of consumer.takeBuffered()) consumer.settleOne(m.tag, 'requeue');
        for (const tag of kept) consumer.settleOne(tag, 'requeue');
      }
    }
  }
  const doubled = reconnects ? `; ${reconnects} reconnect(s): up to ${inDoubt} may be in both queues (at-least-once)` : '';
  ctx.record({ action: 'moved', kind: 'message', changed: moved > 0, count: moved });
  await ctx.out.result(
    { moved, kept: kept.length, ...(failover ? { reconnects, in_doubt: inDoubt } : {}) },
    { note: `moved ${moved} message(s) from queue '${source}' to ${to} in vhost '${vhost}'${stoppedBy}${doubled}` },
  );
  if (kept.length) {
    const why = [
      refused ? `${refused} not accepted by the destination (unroutable or nacked)` : '',
      foreign ? `${foreign} carry a user_id other than '${current.user}', which the broker would refuse` : '',
    ]
      .filter(Boolean)
      .join('; ');
    throw new NegativeOutcome(`${kept.length} message(s) stay in queue '${source}': ${why}`);
  }
}
