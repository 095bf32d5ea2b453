/**
 * rmqx consume: take messages. Each batch is acked only after its output has been written;
 * on Ctrl-C, --count, --idle-timeout or a closed stdout, whatever was not written goes back to
 * the queue. --requeue / --reject hold the messages and settle them the other way at the end.
 */
import { arg, defineCommand, opt, type OptValues } from '../../cli/define.js';
import { nonNegativeInt, positiveInt, positiveNumber, prefetchCount } from '../../cli/parsers.js';
import type { Context } from '../../cli/context.js';
import { AmqpError, DataError, EXIT, RmqxError, UsageError, connectionLost, describeError } from '../../errors.js';
import { parseDuration } from '../../cli/durations.js';
import type { Delivery, Settle } from '../../amqp/receive.js';
import type { Session } from '../../amqp/session.js';
import { FORMAT_OPTIONS, messageFormat, writeBatch } from './format.js';
import { conflict } from './conflicts.js';
import { withTarget } from './target.js';
import { signalWords } from '../../io.js';
import { deliveryCount, keepPastDeliveryLimit } from './delivery-limit.js';
import { now } from '../../clock.js';

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
  retries: opt.withDefault('--retries <n>', 'with several AMQP URLs: reconnect this many times when the connection is lost, and go on consuming (default 3; 0: never)', nonNegativeInt, 3),
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

With several AMQP URLs a lost connection is followed through the next node (--retries); what
it had delivered and rmqx had not acked comes again, and --idle-timeout waits for it, up to
--timeout after the reconnect (RabbitMQ 4.x gives back what a quorum-queue consumer on a lost
node held after its consumer-disconnected-timeout, 60 s by default), then exit 75.

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
  // Through a pipe rmqx cannot see what the reader has read, so written messages are held unacked
  // until it is safe to think so (see PipeAcks): a reader that stops (| head) makes the next
  // write fail, and everything held goes back to the queue. So that a next batch can always
  // arrive while messages are held, a batch is at most half the prefetch.
  const behind = !hold && Boolean(ctx.io.stdoutIsPipe);
  if (behind && prefetch === 1 && count > 1) prefetch = 2;
  const perWrite = behind && prefetch > 0 ? Math.max(1, Math.floor(prefetch / 2)) : Infinity;

  const target = { op: 'consume from', kind: 'queue', name: queue, vhost: ctx.amqpVhost };
  const { Consumer, LOST_HOLD_HINT } = await import('../../amqp/receive.js');
  const startOn = (session: Session, from: unknown) =>
    withTarget(target, () => Consumer.start(session, queue, { prefetch, arguments: from !== undefined ? { 'x-stream-offset': from } : undefined })).catch((e: unknown) => {
      // a classic or quorum queue refuses the argument (PRECONDITION_FAILED, nothing taken)
      if (offset !== undefined && e instanceof AmqpError && e.replyCode === 406 && /x-stream-offset/.test(e.replyText)) {
        throw new DataError(describeError(e).line, '--offset is for stream queues only: leave it out to take messages from a classic or quorum queue, or use `rmqx get` to look without taking');
      }
      throw e;
    });
  /**
   * A stream with no running member on the node (none there, or the node has just started):
   * the broker refuses the consumer (406 "does not have a running replica on the local node";
   * the channel error ends the connection's use): tried again on a new connection (through the
   * next AMQP URL, when there are several), after 0.25, 0.5, 1, 2, 2 … s, up to --timeout; then
   * 75, not a data error.
   */
  const start = async (session: Session, from: unknown) => {
    const since = Date.now();
    for (let pause = 250; ; pause = Math.min(2 * pause, 2000)) {
      try {
        return await startOn(session, from);
      } catch (e) {
        // 3.10: "does not have a replica on the local node"; 4.3: "… a running replica …"
        if (!(e instanceof AmqpError && e.replyCode === 406 && /does not have a (running )?replica on the local node/.test(e.replyText))) throw e;
        if (Date.now() - since + pause > ctx.settings.timeoutMs || ctx.io.stoppedBy) {
          throw new RmqxError(describeError(e).line, EXIT.temporary, 'the stream has no running member on that node (none there, or the node has just started): connect through a node that has one (--amqp-url takes several), or try again');
        }
        await new Promise((r) => setTimeout(r, pause));
        // with several AMQP URLs, the next node may have its member running
        session = await ctx.reconnectAmqp('consume', { next: true });
      }
    }
  };
  let consumer = await start(await ctx.amqp('consume'), offset);
  // With several AMQP URLs a lost connection is followed through the next node that answers:
  // what it had delivered and rmqx had not acked goes back to the queue by itself and comes again
  // (at-least-once); a stream is read on from the offset after the last one written.
  const failover = !hold && ctx.settings.amqpUrls.length > 1 && o.retries > 0;
  let reconnects = 0;
  let lastOffset: number | undefined;
  /**
   * from a queue (not a stream): what lost connections had delivered and rmqx had not acked. It
   * comes back marked redelivered and is waited for past --idle-timeout, up to --timeout after
   * the reconnect (RabbitMQ 4.x gives back what a quorum-queue consumer on a lost node held
   * after its consumer-disconnected-timeout, 60 s by default)
   */
  let awaitingReturn = 0;
  let reconnectedAt = 0;

  let taken = 0;
  let acked = 0;
  let lastTaken: number | undefined;
  const pipe = behind ? new PipeAcks(prefetch, perWrite) : undefined;
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
        let batch: Awaited<ReturnType<typeof consumer.next>>;
        try {
          batch = await withTarget(target, () => consumer.next({ interrupted: ctx.io.interrupted, idleMs }));
        } catch (e) {
          if (!failover || reconnects >= o.retries || ctx.io.stoppedBy || !connectionLost(e)) throw e;
          // a stream is read on after the last message written, so what was written does not
          // come again; from a queue, what was written and not acked does
          const held = pipe?.dropHeld() !== undefined && lastOffset === undefined ? taken - acked : 0;
          taken -= held;
          acked = taken;
          const unwritten = pending.length + consumer.takeBuffered().length;
          if (!consumer.fromStream) awaitingReturn += held + unwritten;
          pending = [];
          const why = describeError(e).line;
          for (;;) {
            reconnects++;
            try {
              consumer = await start(await ctx.reconnectAmqp('consume'), lastOffset !== undefined ? lastOffset + 1 : offset);
              break;
            } catch (e2) {
              // a node that has just lost a quorum queue's leader may refuse for a moment
              if (reconnects >= o.retries || ctx.io.stoppedBy || !connectionLost(e2)) throw e2;
              await new Promise((r) => setTimeout(r, 1000 * reconnects));
            }
          }
          ctx.out.warn(`${why}; reconnected (${reconnects} of --retries ${o.retries}): consuming on${held ? `; the ${held} written but not yet acked will come again (at-least-once)` : ''}`);
          reconnectedAt = Date.now();
          continue;
        }
        // quiet, but what the lost connection held has not all come back yet: wait on for it
        if (batch === 'idle' && awaitingReturn > 0 && Date.now() - reconnectedAt < ctx.settings.timeoutMs) continue;
        if (typeof batch === 'string') {
          stoppedBy = batch === 'cancelled' ? 'the broker cancelling the consumer (queue deleted?)' : batch === 'idle' ? `${o.idleTimeout} s without a message` : signalWords(ctx.io.stoppedBy);
          break;
        }
        pending = batch;
      }
      const take = pending.splice(0, Math.min(count - taken, perWrite));
      for (const m of take) if (m.redelivered && awaitingReturn > 0) awaitingReturn--;
      // within its first moments a reader may still be about to leave: hold what was written
      // then, and let the write that would hold too many wait until that moment is over
      if (pipe) await pipe.ready(take.length);
      const started = now();
      let bytes: number;
      try {
        bytes = await writeBatch(ctx, take, format, taken + 1);
      } catch {
        // stdout closed (| head): this batch was not written, and what is held may be unread:
        // all of it goes back
        writeFailed = true;
        stoppedBy = 'stdout closing';
        const held = pipe?.dropHeld();
        if (held !== undefined) consumer.settleUpTo(held, 'requeue');
        requeue(consumer, take);
        break;
      }
      if (hold === 'requeue') for (const m of take) if (deliveryCount(m) !== undefined) quorumHeld.push(m);
      const last = (take[take.length - 1] as Delivery).tag;
      const at = ((take[take.length - 1] as Delivery).properties.headers as Record<string, unknown> | undefined)?.['x-stream-offset'];
      if (typeof at === 'number') lastOffset = at;
      if (pipe) {
        const done = pipe.written(last, take.length, bytes, started);
        if (done) {
          consumer.settleUpTo(done.tag, 'ack');
          acked += done.n;
        }
      } else if (!hold) {
        consumer.settleUpTo(last, 'ack');
        acked += take.length;
      }
      lastTaken = last;
      taken += take.length;
    }
    if (taken >= count) stoppedBy = `--count ${count}`;
  } finally {
    // the end came from our side (count, idle, Ctrl-C): what was written is delivered
    const rest = writeFailed ? undefined : pipe?.releaseAll();
    if (rest) {
      consumer.settleUpTo(rest.tag, 'ack');
      acked += rest.n;
    }
    await consumer.cancel();
    // Deliveries that were never written go back.
    requeue(consumer, pending);
    requeue(consumer, consumer.takeBuffered());
    if (hold === 'requeue' && quorumHeld.length) await keepPastDeliveryLimit(ctx, await ctx.amqp('consume'), queue, quorumHeld, (tag, h) => consumer.settleOne(tag, h));
    if (hold && lastTaken !== undefined) consumer.settleUpTo(lastTaken, writeFailed ? 'requeue' : hold);
  }
  const action = hold === 'requeue' || (hold && writeFailed) ? 'requeued' : hold === 'reject' ? 'rejected' : 'acked';
  ctx.record({ action, kind: 'message', name: queue, vhost: ctx.amqpVhost, changed: taken > 0 && hold !== 'requeue', count: hold ? taken : acked });
  if (hold) {
    ctx.out.note(`${taken} message(s) from queue '${queue}' ${hold === 'requeue' || writeFailed ? 'requeued' : 'rejected'}; stopped by ${stoppedBy}`);
  } else {
    const back = taken - acked;
    const again = reconnects ? `; ${reconnects} reconnect(s): what was written and not acked before each came again (at-least-once)` : '';
    ctx.out.note(`${acked} message(s) from queue '${queue}' acked; stopped by ${stoppedBy}${back ? ` (${back} written ones were requeued: the reader may not have read them)` : ''}${again}`);
  }
  if (awaitingReturn > 0 && stoppedBy.endsWith('without a message')) {
    throw new RmqxError(
      `consume from queue '${queue}': ${awaitingReturn} message(s) held by the lost connection had not come back to the queue within --timeout ${ctx.settings.timeoutMs / 1000} s of the reconnect; they are there for the next consume`,
      EXIT.temporary,
      `${LOST_HOLD_HINT}; raise --timeout to wait for them`,
    );
  }
}

function requeue(consumer: { settleOne(tag: number, how: Settle): void }, batch: Delivery[]): void {
  for (const m of batch) consumer.settleOne(m.tag, 'requeue');
}

/**
 * When a message written to a pipe may be acked. A pipe does not say what its reader read, so:
 * - a message is certainly read once PIPE_BYTES more were written after it (a Linux pipe holds
 *   64 KiB unless its reader enlarged it): it is acked then;
 * - holding more would stop the broker sending (the prefetch), so past half the prefetch the
 *   oldest batches are acked anyway once a later write succeeded (at least one batch behind);
 * - nothing is acked for a write that began in the first READER_MS of the stream: a reader that
 *   stops at once (| head -3) reads its lines and leaves a moment later, and a write in that
 *   moment still succeeds. The write that would hold more than the prefetch allows waits until
 *   that moment is over; by then such a reader is gone, the write fails, and all goes back.
 * A reader that quits mid-stream can thus leave acked what it did not read only when the
 * messages are small (under PIPE_BYTES in half a prefetch): `--count` takes exactly N.
 */
export class PipeAcks {
  static readonly PIPE_BYTES = 64 * 1024;
  static readonly READER_MS = 100;
  private held: { tag: number; n: number; end: number }[] = [];
  private heldN = 0;
  private bytes = 0;
  private firstWrite: number | undefined;

  constructor(
    private readonly prefetch: number,
    private readonly perWrite: number,
    private readonly clock: () => number = now,
  ) {}

  /** ms to wait before writing n more messages (0: write now) */
  waitBefore(n: number): number {
    if (this.firstWrite === undefined || this.heldN + n < this.prefetch) return 0;
    return Math.max(0, this.firstWrite + PipeAcks.READER_MS - this.clock());
  }

  /**
   * Wait until n more may be written. A timer may fire a little early (libuv counts from the
   * loop's cached time, which lags): waited for until the clock says so, or that write would
   * still count as one of the first moments, nothing would be acked, and with the prefetch full
   * the broker would send nothing more (the consume stalled until --idle-timeout).
   */
  async ready(n: number, sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.ceil(ms)))): Promise<void> {
    for (let ms = this.waitBefore(n); ms > 0; ms = this.waitBefore(n)) await sleep(ms);
  }

  /** a batch was written (the write began at `started`): what may now be acked, up to which tag */
  written(tag: number, n: number, bytes: number, started: number): { tag: number; n: number } | undefined {
    this.firstWrite ??= started;
    this.bytes += bytes;
    this.held.push({ tag, n, end: this.bytes });
    this.heldN += n;
    if (started < this.firstWrite + PipeAcks.READER_MS) return undefined;
    let done: { tag: number; n: number } | undefined;
    while (this.held.length > 1) {
      const oldest = this.held[0] as { tag: number; n: number; end: number };
      const read = this.bytes - oldest.end >= PipeAcks.PIPE_BYTES;
      const crowded = this.heldN > this.prefetch - this.perWrite;
      if (!read && !crowded) break;
      this.held.shift();
      this.heldN -= oldest.n;
      done = { tag: oldest.tag, n: (done?.n ?? 0) + oldest.n };
    }
    return done;
  }

  /** the write failed: nothing held is acked; the last held tag (requeue up to it), if any */
  dropHeld(): number | undefined {
    const last = this.held[this.held.length - 1]?.tag;
    this.held = [];
    this.heldN = 0;
    return last;
  }

  /** the end came from rmqx's side: everything written is delivered */
  releaseAll(): { tag: number; n: number } | undefined {
    const last = this.held[this.held.length - 1];
    const n = this.heldN;
    this.held = [];
    this.heldN = 0;
    return last ? { tag: last.tag, n } : undefined;
  }
}
