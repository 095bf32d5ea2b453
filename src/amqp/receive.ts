/**
 * Receiving: basic.get batches held unacked until the caller settles them, and consumers that
 * hand over deliveries in batches (one await per batch, not per message). Delivery tags are
 * plain numbers here; amqplib's message objects stay inside this file.
 */
import type { Channel, ConsumeMessage, GetMessage, Message } from 'amqplib';
import type { Delivered } from './envelope.js';
import { toAmqpError, type Session } from './session.js';

export type Settle = 'ack' | 'requeue' | 'reject';

export interface Delivery extends Delivered {
  tag: number;
}

function delivered(m: Message, messageCount?: number): Delivery {
  const f = m.fields as Message['fields'] & { exchange: string; routingKey: string; redelivered?: boolean; messageCount?: number };
  return {
    tag: f.deliveryTag,
    exchange: f.exchange,
    routingKey: f.routingKey,
    redelivered: Boolean(f.redelivered),
    messageCount: messageCount ?? f.messageCount,
    properties: m.properties as unknown as Record<string, unknown>,
    content: m.content,
  };
}

const byTag = (tag: number) => ({ fields: { deliveryTag: tag } }) as unknown as Message;

/** Settle the delivery `tag` (or, `upTo`, every one up to and including it: one frame). */
function settle(ch: Channel, tag: number, upTo: boolean, how: Settle): void {
  if (how === 'ack') ch.ack(byTag(tag), upTo);
  else ch.nack(byTag(tag), upTo, how === 'requeue');
}


/** Passive declare: the queue's message and consumer counts, or AmqpError 404. */
export async function inspectQueue(session: Session, queue: string): Promise<{ messageCount: number; consumerCount: number }> {
  const ch = await session.channel();
  try {
    const ok = await session.within(ch.checkQueue(queue), 'queue.declare passive');
    return { messageCount: ok.messageCount, consumerCount: ok.consumerCount };
  } catch (e) {
    throw session.error ?? toAmqpError(e);
  } finally {
    await ch.close().catch(() => {});
  }
}

/**
 * Fetch up to n messages and hold them unacked until settle(): requeueing inside the loop
 * would fetch the same message again. One basic.get first (it fails fast on a stream, and tells
 * how many remain), then a consumer with a prefetch of exactly what is wanted, which streams
 * the rest in one round trip instead of one per message, then basic.get again for anything
 * left (messages published meanwhile, or to see that the queue is empty).
 */
export class Fetcher {
  private last?: number;
  private constructor(
    private readonly session: Session,
    private readonly ch: Channel,
    readonly queue: string,
  ) {}

  static async open(session: Session, queue: string): Promise<Fetcher> {
    const ch = await session.channel();
    return new Fetcher(session, ch, queue);
  }

  private async getOne(): Promise<Delivery | undefined> {
    let m: GetMessage | false;
    try {
      m = await this.session.within(this.ch.get(this.queue, { noAck: false }), 'basic.get');
    } catch (e) {
      throw this.session.error ?? toAmqpError(e);
    }
    if (!m) return undefined;
    this.last = m.fields.deliveryTag;
    return delivered(m, m.fields.messageCount);
  }

  /** Batches of messages, n in all at most. `message_count` is what remained after each. */
  async *fetch(n: number): AsyncGenerator<Delivery[]> {
    const first = await this.getOne();
    if (!first) return;
    yield [first];
    let taken = 1;
    const remaining = first.messageCount ?? 0;
    const want = Math.min(n - taken, remaining, 65535);
    if (want > 0) {
      for await (const batch of this.consumeSome(want)) {
        for (const [i, m] of batch.entries()) m.messageCount = Math.max(remaining - taken - i, 0);
        taken += batch.length;
        yield batch;
      }
    }
    while (taken < n) {
      const m = await this.getOne();
      if (!m) return;
      taken++;
      yield [m];
    }
  }

  /** Up to `want` deliveries from a consumer whose prefetch is `want`, so no more can come. */
  private async *consumeSome(want: number): AsyncGenerator<Delivery[]> {
    let buffer: Delivery[] = [];
    let wake: (() => void) | undefined;
    let tag: string;
    try {
      await this.session.within(this.ch.prefetch(want), 'basic.qos');
      tag = (
        await this.session.within(this.ch.consume(this.queue, (m: ConsumeMessage | null) => {
          if (m) {
            buffer.push(delivered(m));
            this.last = m.fields.deliveryTag;
          }
          wake?.();
        }), 'basic.consume')
      ).consumerTag;
    } catch (e) {
      throw this.session.error ?? toAmqpError(e);
    }
    let got = 0;
    try {
      while (got < want) {
        if (buffer.length === 0) {
          // another consumer may take what we counted: a quiet half second ends this phase
          let timer: NodeJS.Timeout | undefined;
          const quiet = await Promise.race([
            new Promise<boolean>((r) => (wake = () => r(false))),
            new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 500))),
            this.session.failed(),
          ]);
          clearTimeout(timer);
          wake = undefined;
          if (quiet && buffer.length === 0) break;
          continue;
        }
        const batch = buffer;
        buffer = [];
        got += batch.length;
        yield batch;
      }
    } finally {
      if (!this.session.error) await this.session.within(this.ch.cancel(tag), 'basic.cancel').catch(() => {});
    }
    // deliveries that raced the cancel are ours too: prefetch kept them within `want`
    if (buffer.length) yield buffer;
  }

  /** Settle one fetched message ahead of the rest. */
  settleOne(tag: number, how: Settle): void {
    if (!this.session.error) settle(this.ch, tag, false, how);
  }

  /** Settle everything fetched so far (nothing to do once the session failed: the broker requeues). */
  settle(how: Settle): void {
    if (this.last !== undefined && !this.session.error) settle(this.ch, this.last, true, how);
    this.last = undefined;
  }
}

export interface ConsumeOptions {
  prefetch: number;
  noAck?: boolean;
  exclusive?: boolean;
  arguments?: Record<string, unknown>;
}

/**
 * A consumer whose deliveries are taken in batches. `next()` resolves with everything that
 * arrived since the last call (at least one message), or undefined when the broker cancelled
 * the consumer (queue deleted).
 */
export class Consumer {
  private buffer: Delivery[] = [];
  private wakeup?: () => void;
  private cancelled = false;
  private tagName?: string;
  /**
   * The deliveries come from a stream (they carry x-stream-offset). A stream keeps every
   * message whatever its readers do, so there is nothing to requeue or reject, and RabbitMQ 3.x
   * closes the connection on a nack of a stream delivery (540 NOT_IMPLEMENTED; 4.x ignores it):
   * such settles are not sent, the deliveries end with the channel. Were a classic or quorum
   * message to carry that header, the broker would still requeue it when the channel closes.
   */
  private stream = false;
  /** whether any delivery so far came from a stream */
  get fromStream(): boolean {
    return this.stream;
  }

  private constructor(
    private readonly session: Session,
    private readonly ch: Channel,
  ) {}

  static async start(session: Session, queue: string, o: ConsumeOptions): Promise<Consumer> {
    const ch = await session.channel();
    const c = new Consumer(session, ch);
    try {
      if (!o.noAck || o.prefetch > 0) await session.within(ch.prefetch(o.prefetch), 'basic.qos');
      const ok = await session.within(
        ch.consume(queue, (m: ConsumeMessage | null) => c.onMessage(m), {
          noAck: Boolean(o.noAck),
          exclusive: Boolean(o.exclusive),
          arguments: o.arguments,
        }),
        'basic.consume',
      );
      c.tagName = ok.consumerTag;
    } catch (e) {
      throw session.error ?? toAmqpError(e);
    }
    return c;
  }

  private onMessage(m: ConsumeMessage | null): void {
    if (m === null) this.cancelled = true;
    else {
      if (m.properties.headers?.['x-stream-offset'] !== undefined) this.stream = true;
      this.buffer.push(delivered(m));
    }
    const w = this.wakeup;
    this.wakeup = undefined;
    w?.();
  }

  /**
   * Deliveries that arrived so far (waits for at least one), or why there are none: the broker
   * cancelled the consumer (queue deleted), `idleMs` passed without a message, or `interrupted`
   * resolved. Rejects when the session fails.
   */
  async next(o: { interrupted?: Promise<unknown>; idleMs?: number } = {}): Promise<Delivery[] | 'cancelled' | 'idle' | 'interrupted'> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const idle = o.idleMs === undefined ? undefined : new Promise<'idle'>((r) => (timer = setTimeout(() => r('idle'), o.idleMs)));
      const interrupted = o.interrupted?.then(() => 'interrupted' as const);
      while (this.buffer.length === 0) {
        if (this.cancelled) return 'cancelled';
        const arrived = new Promise<'message'>((r) => (this.wakeup = () => r('message')));
        const why = await Promise.race([arrived, this.session.failed(), ...(idle ? [idle] : []), ...(interrupted ? [interrupted] : [])]);
        if (why !== 'message') return why;
      }
    } finally {
      clearTimeout(timer);
    }
    const out = this.buffer;
    this.buffer = [];
    return out;
  }

  /** Deliveries received but not yet handed out by next(). */
  takeBuffered(): Delivery[] {
    const out = this.buffer;
    this.buffer = [];
    return out;
  }

  /** No-ops once the session failed: the broker requeues what was unacked on a dead channel. */
  settleUpTo(tag: number, how: Settle): void {
    if (!this.session.error && !(this.stream && how !== 'ack')) settle(this.ch, tag, true, how);
  }

  settleOne(tag: number, how: Settle): void {
    if (!this.session.error && !(this.stream && how !== 'ack')) settle(this.ch, tag, false, how);
  }

  /** Stop deliveries; what is already delivered stays ours to settle. */
  async cancel(): Promise<void> {
    if (this.cancelled || !this.tagName || this.session.error) return;
    this.cancelled = true;
    await this.session.within(this.ch.cancel(this.tagName), 'basic.cancel').catch(() => {});
  }
}

/** A server-named, exclusive, auto-delete queue bound to `exchange` with each binding: a tap. */
export async function declareTap(session: Session, exchange: string, bindings: Array<{ routingKey: string; arguments?: Record<string, unknown> }>): Promise<string> {
  const ch = await session.channel();
  try {
    await ch.checkExchange(exchange);
    const q = await ch.assertQueue('', { exclusive: true, autoDelete: true, durable: false });
    for (const b of bindings) await ch.bindQueue(q.queue, exchange, b.routingKey, b.arguments);
    return q.queue;
  } catch (e) {
    throw session.error ?? toAmqpError(e);
  }
}

/**
 * Hint for messages a lost connection held that have not come back: a quorum queue keeps what a
 * consumer on a lost node held for a while (consume and queue move wait for them).
 */
export const LOST_HOLD_HINT = 'a quorum queue keeps what a consumer on a lost node held until the node is back or its consumer-disconnected-timeout (60 s by default on RabbitMQ 4.x) has passed';
