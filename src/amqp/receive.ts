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

/** Settle every delivery up to and including `tag` on the channel, one frame. */
function settleUpTo(ch: Channel, tag: number, how: Settle): void {
  if (how === 'ack') ch.ack(byTag(tag), true);
  else ch.nack(byTag(tag), true, how === 'requeue');
}

/** Passive declare: the queue's message and consumer counts, or AmqpError 404. */
export async function inspectQueue(session: Session, queue: string): Promise<{ messageCount: number; consumerCount: number }> {
  const ch = await session.channel();
  try {
    const ok = await ch.checkQueue(queue);
    return { messageCount: ok.messageCount, consumerCount: ok.consumerCount };
  } catch (e) {
    throw session.error ?? toAmqpError(e);
  } finally {
    await ch.close().catch(() => {});
  }
}

/** basic.get in a loop, holding every message unacked until settle(): requeueing inside the loop would fetch the same message again. */
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

  /** The next message, or undefined when the queue is empty. */
  async next(): Promise<Delivery | undefined> {
    let m: GetMessage | false;
    try {
      m = await this.ch.get(this.queue, { noAck: false });
    } catch (e) {
      throw this.session.error ?? toAmqpError(e);
    }
    if (!m) return undefined;
    this.last = m.fields.deliveryTag;
    return delivered(m, m.fields.messageCount);
  }

  /** Settle everything fetched so far. */
  settle(how: Settle): void {
    if (this.last !== undefined) settleUpTo(this.ch, this.last, how);
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

  private constructor(
    private readonly session: Session,
    private readonly ch: Channel,
  ) {}

  static async start(session: Session, queue: string, o: ConsumeOptions): Promise<Consumer> {
    const ch = await session.channel();
    const c = new Consumer(session, ch);
    try {
      if (!o.noAck || o.prefetch > 0) await ch.prefetch(o.prefetch);
      const ok = await ch.consume(queue, (m: ConsumeMessage | null) => c.onMessage(m), {
        noAck: Boolean(o.noAck),
        exclusive: Boolean(o.exclusive),
        arguments: o.arguments,
      });
      c.tagName = ok.consumerTag;
    } catch (e) {
      throw session.error ?? toAmqpError(e);
    }
    return c;
  }

  private onMessage(m: ConsumeMessage | null): void {
    if (m === null) this.cancelled = true;
    else this.buffer.push(delivered(m));
    const w = this.wakeup;
    this.wakeup = undefined;
    w?.();
  }

  /** Deliveries that arrived so far (waits for at least one), or undefined once cancelled. */
  async next(signal?: Promise<unknown>): Promise<Delivery[] | undefined> {
    while (this.buffer.length === 0) {
      if (this.cancelled) return undefined;
      const arrived = new Promise<void>((r) => (this.wakeup = r));
      const winner = await Promise.race([arrived.then(() => 'message' as const), this.session.failed(), ...(signal ? [signal.then(() => 'signal' as const)] : [])]);
      if (winner === 'signal') return [];
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

  settleUpTo(tag: number, how: Settle): void {
    settleUpTo(this.ch, tag, how);
  }

  settleOne(tag: number, how: Settle): void {
    if (how === 'ack') this.ch.ack(byTag(tag), false);
    else this.ch.nack(byTag(tag), false, how === 'requeue');
  }

  /** Stop deliveries; what is already delivered stays ours to settle. */
  async cancel(): Promise<void> {
    if (this.cancelled || !this.tagName || this.session.error) return;
    this.cancelled = true;
    await this.ch.cancel(this.tagName).catch(() => {});
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
