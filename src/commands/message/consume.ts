/**
 * rmqx consume: take messages. Each batch is acked only after its output has been written;
 * on Ctrl-C, --count, --idle-timeout or a closed stdout, whatever was not written goes back to
 * the queue. --requeue / --reject hold the messages and settle them the other way at the end.
 */
import { arg, defineCommand, opt, type OptValues } from '../../cli/define.js';
import { positiveInt, positiveNumber, prefetchCount } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { AmqpError, DataError, UsageError, describeError } from '../../errors.js';
import { parseDuration } from '../../cli/durations.js';
import type { Delivery, Settle } from '../../amqp/receive.js';
import { FORMAT_OPTIONS, messageFormat, writeBatch } from './format.js';
import { conflict } from './conflicts.js';
import { withTarget } from './target.js';
import { signalWords } from '../../io.js';
import { deliveryCount, keepPastDeliveryLimit } from './delivery-limit.js';

const OFFSET_WORDS = "first, last, next, an offset number, an ISO 8601 time (2026-05-01T12:00:00Z) or an interval back from now (30m, 2h, 7D)";

/** ISO 8601 as Date.parse reads it, and nothing looser (V8 would take "May 5" or "1 2 3"). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * x-stream-offset from --offset. A time becomes an AMQP timestamp (whole seconds; the stream
 * starts at the first chunk written then or later); an interval is sent as the broker's own
 * notation ("30m"), which it turns into "now minus 30 minutes" on its own clock, the one its
 * chunk timestamps come from (3.10 and 4.3 alike).
 */
export function streamOffset(v: string): unknown {
  if (v === 'first' || v === 'last' || v === 'next') return v;
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new UsageError(`--offset: '${v}' is too large for an offset`);
    return n;
  }
  if (parseDuration(v)) return v;
  const ms = ISO_TIME.test(v) ? Date.parse(v) : NaN;
  if (!Number.isNaN(ms)) return { '!': 'timestamp', value: Math.floor(ms / 1000) };
  throw new UsageError(`--offset: '${v}' is not ${OFFSET_WORDS}`);
}

const OPTIONS = {
  count: opt.value('-n, --count <n>', 'stop after n messages', positiveInt),
  idleTimeout: opt.value('--idle-timeout <seconds>', 'stop after this long without a message', positiveNumber),
  prefetch: opt.value('--prefetch <n>', 'messages in flight from the broker, 1-65535 (default 200; with --requeue/--reject: --count)', prefetchCount),
  ack: opt.flag('--ack', 'ack each message once written (the default)'),
  requeue: opt.flag('--requeue', 'with --count: hold the messages, then requeue them at the end'),
  reject: opt.flag('--reject', 'with --count: hold the messages, then reject (dead-letter) them at the end'),
  offset: opt.string('--offset <where>', `stream queues only: where to start reading: ${OFFSET_WORDS}; without it a stream gives only new messages (next)`),
  ...FORMAT_OPTIONS,
};

export const consume = defineCommand({
  name: 'consume',
  summary: 'take messages: each is acked once its output is written',
  args: { queue: arg.required('queue') },
  options: OPTIONS,
  help: `
Streams: reading takes nothing away. A stream keeps every message until its retention
(--max-age, --max-length-bytes on \`queue declare\`) removes it, so --requeue and --reject
change nothing there. A time is whole seconds and starts at the first chunk written then or
later; an interval (30m) is counted back from now by the broker's own clock. --offset on a
classic or quorum queue is refused by the broker (exit 65) and takes nothing.

  rmqx consume events --offset first --count 100 --json
  rmqx consume events --offset 2026-05-01T12:00:00Z --idle-timeout 2
  rmqx consume events --offset 30m`,
  run: (ctx, { queue }, o) => consumeMessages(ctx, queue, o),
});

async function consumeMessages(ctx: Context, queue: string, o: OptValues<typeof OPTIONS>): Promise<void> {
  // as commander checked them: --requeue against --ack and --reject, --reject against --ack
  if (o.requeue && o.ack) throw conflict(OPTIONS.requeue, OPTIONS.ack);
  if (o.requeue && o.reject) throw conflict(OPTIONS.requeue, OPTIONS.reject);
  if (o.reject && o.ack) throw conflict(OPTIONS.reject, OPTIONS.ack);
  const format = messageFormat(ctx, o);
  const hold: Settle | undefined = o.requeue ? 'requeue' : o.reject ? 'reject' : undefined;
  if (hold && o.count === undefined) throw new UsageError(`--${hold} needs --count: the messages are held until the end`);
  const offset = o.offset !== undefined ? streamOffset(o.offset) : undefined;
  const count = o.count ?? Infinity;
  // Holding n messages unacked needs a prefetch of n (0 = unlimited, past AMQP's 65535).
  let prefetch = o.prefetch ?? 200;
  if (hold) prefetch = count > 65535 ? 0 : count;
  else if (count < prefetch) prefetch = count;
  // Through a pipe, a written batch is acked only once the next one was written too: a reader
  // that stopped (| head) makes that next write fail, and both go back to the queue. So that the
  // next batch can always arrive, a batch is at most half the prefetch.
  const behind = !hold && Boolean(ctx.io.stdoutIsPipe);
  /** through a pipe, the pause before the second write (see below); once per run */
  const FIRST_ACK_DELAY_MS = 100;
  if (behind && prefetch === 1 && count > 1) prefetch = 2;
  const perWrite = behind && prefetch > 0 ? Math.max(1, Math.floor(prefetch / 2)) : Infinity;

  const target = { op: 'consume from', kind: 'queue', name: queue, vhost: ctx.amqpVhost };
  const session = await ctx.amqp('consume');
  const { Consumer } = await import('../../amqp/receive.js');
  const consumer = await withTarget(target, () =>
    Consumer.start(session, queue, { prefetch, arguments: offset !== undefined ? { 'x-stream-offset': offset } : undefined }),
  ).catch((e: unknown) => {
    // a classic or quorum queue refuses the argument (PRECONDITION_FAILED, nothing taken)
    if (offset !== undefined && e instanceof AmqpError && e.replyCode === 406 && /x-stream-offset/.test(e.replyText)) {
      throw new DataError(describeError(e).line, '--offset is for stream queues only: leave it out to take messages from a classic or quorum queue, or use `rmqx get` to look without taking');
    }
    throw e;
  });

  let taken = 0;
  let acked = 0;
  let lastTaken: number | undefined;
  let unacked: { tag: number; n: number } | undefined;
  /** delivered, not yet written */
  let pending: Delivery[] = [];
  let stoppedBy = 'the end of the queue';
  let writeFailed = false;
  /** with --requeue: quorum-queue messages, checked against the delivery limit at the end */
  const quorumHeld: Delivery[] = [];
  const idleMs = o.idleTimeout !== undefined ? o.idleTimeout * 1000 : undefined;
  try {
    while (taken < count) {
      if (pending.length === 0) {
        const batch = await withTarget(target, () => consumer.next({ interrupted: ctx.io.interrupted, idleMs }));
        if (typeof batch === 'string') {
          stoppedBy = batch === 'cancelled' ? 'the broker cancelling the consumer (queue deleted?)' : batch === 'idle' ? `${o.idleTimeout} s without a message` : signalWords(ctx.io.stoppedBy);
          break;
        }
        pending = batch;
      }
      const take = pending.splice(0, Math.min(count - taken, perWrite));
      // A reader that stops at once (| head -3) leaves a moment after its last read; a second
      // write in that moment would still succeed and ack the first batch, unread. So through a
      // pipe, the second write waits a little: by then such a reader is gone and the write fails.
      if (behind && unacked && taken === unacked.n) await new Promise((r) => setTimeout(r, FIRST_ACK_DELAY_MS));
      try {
        await writeBatch(ctx, take, format, taken + 1);
      } catch {
        // stdout closed (| head): this batch was not written; it goes back with the rest, and
        // so does the one before it, which the reader may not have read.
        writeFailed = true;
        stoppedBy = 'stdout closing';
        if (unacked) consumer.settleUpTo(unacked.tag, 'requeue');
        unacked = undefined;
        requeue(consumer, take);
        break;
      }
      if (hold === 'requeue') for (const m of take) if (deliveryCount(m) !== undefined) quorumHeld.push(m);
      const last = (take[take.length - 1] as Delivery).tag;
      if (!hold && behind) {
        if (unacked) consumer.settleUpTo(unacked.tag, 'ack');
        acked += unacked?.n ?? 0;
        unacked = { tag: last, n: take.length };
      } else if (!hold) {
        consumer.settleUpTo(last, 'ack');
        acked += take.length;
      }
      lastTaken = last;
      taken += take.length;
    }
    if (taken >= count) stoppedBy = `--count ${count}`;
  } finally {
    // the end came from our side (count, idle, Ctrl-C): what was written last is delivered
    if (unacked) {
      consumer.settleUpTo(unacked.tag, 'ack');
      acked += unacked.n;
    }
    await consumer.cancel();
    // Deliveries that were never written go back.
    requeue(consumer, pending);
    requeue(consumer, consumer.takeBuffered());
    if (hold === 'requeue' && quorumHeld.length) await keepPastDeliveryLimit(ctx, session, queue, quorumHeld, (tag, h) => consumer.settleOne(tag, h));
    if (hold && lastTaken !== undefined) consumer.settleUpTo(lastTaken, writeFailed ? 'requeue' : hold);
  }
  const action = hold === 'requeue' || (hold && writeFailed) ? 'requeued' : hold === 'reject' ? 'rejected' : 'acked';
  ctx.record({ action, kind: 'message', name: queue, vhost: ctx.amqpVhost, changed: taken > 0 && hold !== 'requeue', count: hold ? taken : acked });
  if (hold) {
    ctx.out.note(`${taken} message(s) from queue '${queue}' ${hold === 'requeue' || writeFailed ? 'requeued' : 'rejected'}; stopped by ${stoppedBy}`);
  } else {
    const back = taken - acked;
    ctx.out.note(`${acked} message(s) from queue '${queue}' acked; stopped by ${stoppedBy}${back ? ` (${back} written ones were requeued: the reader may not have read them)` : ''}`);
  }
}

function requeue(consumer: { settleOne(tag: number, how: Settle): void }, batch: Delivery[]): void {
  for (const m of batch) consumer.settleOne(m.tag, 'requeue');
}
