/**
 * Publishing with confirms, pipelined: up to `window` messages await their confirm at once,
 * so throughput is the broker's, and memory stays bounded however long the input is. Every
 * message goes out with the mandatory flag, so an unroutable one always comes back and is
 * counted; whether that fails the run is the caller's choice.
 */
import type { ConfirmChannel, Message } from 'amqplib';
import type { Session } from './session.js';
import type { Outgoing, PublishProperties } from './envelope.js';

export interface PublishStats {
  published: number;
  confirmed: number;
  nacked: number;
  returned: number;
}

export interface Returned {
  exchange: string;
  routingKey: string;
  replyText: string;
}

/** amqplib could not encode a message (headers too large, a value of the wrong type). */
export class UnencodableMessage extends Error {}

/** What became of one message: confirmed, nacked, returned as unroutable, or never confirmed (the session failed). */
export type Settled = 'confirmed' | 'nacked' | 'returned' | 'lost';

interface Pending {
  exchange: string;
  routingKey: string;
  content: Buffer;
  returned: boolean;
}

export class Publisher {
  /** messages whose caller wants their own outcome, in publish order */
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  readonly stats: PublishStats = { published: 0, confirmed: 0, nacked: 0, returned: 0 };
  /** the first few returned messages, to name them */
  readonly returns: Returned[] = [];
  private inFlight = 0;
  /** messages 1..inOrder (in publish order) are all confirmed: where a stopped run resumes */
  private inOrder = 0;
  /** confirmed messages past a gap (a confirm still awaited, or a nack) */
  private readonly ahead = new Set<number>();
  /** publish options per properties object: --lines shares one, so they are built once */
  private readonly options = new WeakMap<object, PublishProperties & { mandatory: boolean }>();
  private slot?: () => void;
  private drained?: () => void;

  private constructor(
    private readonly session: Session,
    private readonly ch: ConfirmChannel,
    private readonly window: number,
  ) {
    ch.on('return', (m: Message) => {
      this.stats.returned++;
      const f = m.fields as unknown as { exchange: string; routingKey: string; replyText: string };
      if (this.returns.length < 20) this.returns.push({ exchange: f.exchange, routingKey: f.routingKey, replyText: f.replyText });
      // The broker returns a message before confirming it, and says not which one it was: it is
      // the oldest unconfirmed one with the same routing and bytes (identical ones are alike).
      for (const p of this.pending.values()) {
        if (!p.returned && p.routingKey === f.routingKey && p.exchange === f.exchange && p.content.equals(m.content)) {
          p.returned = true;
          break;
        }
      }
    });
    ch.on('drain', () => {
      this.needDrain = false;
      this.wake();
    });
  }

  static async open(session: Session, window = 1000): Promise<Publisher> {
    return new Publisher(session, await session.confirmChannel(), window);
  }

  /**
   * Send one message. Resolves at once while the window has room and the socket takes data;
   * otherwise when a confirm or a drain makes room. Rejects when the broker closes the channel
   * (a missing exchange: 404).
   */
  async publish(exchange: string, routingKey: string, m: Outgoing, onSettled?: (outcome: Settled) => void): Promise<void> {
    while (this.inFlight >= this.window || this.needDrain) {
      await this.session.within(new Promise<void>((r) => (this.slot = r)), this.needDrain ? 'the socket to drain' : 'publisher confirms');
    }
    if (this.session.error) throw this.session.error;
    let ok: boolean;
    this.inFlight++;
    this.stats.published++;
    const id = ++this.seq;
    const entry: Pending | undefined = onSettled ? { exchange, routingKey, content: m.content, returned: false } : undefined;
    if (entry) this.pending.set(id, entry);
    try {
      let options = this.options.get(m.properties);
      if (!options) {
        // Object.assign onto a literal: amqplib reads these options far faster than a spread copy
        options = Object.assign({ mandatory: true }, m.properties);
        this.options.set(m.properties, options);
      }
      ok = this.ch.publish(exchange, routingKey, m.content, options, (err: unknown) => {
      this.inFlight--;
      // amqplib also calls back with an error for messages in flight when the channel closes:
      // those were not nacked, just never confirmed
      if (!err) {
        this.stats.confirmed++;
        this.advance(id);
      } else if (!this.session.error) this.stats.nacked++;
      if (entry) {
        this.pending.delete(id);
        onSettled?.(!err ? (entry.returned ? 'returned' : 'confirmed') : this.session.error ? 'lost' : 'nacked');
      }
      this.wake();
      if (this.inFlight === 0) {
        const d = this.drained;
        this.drained = undefined;
        d?.();
      }
      });
    } catch (e) {
      // amqplib refused to encode it (nothing was sent): not in flight, not published
      this.inFlight--;
      this.stats.published--;
      this.pending.delete(id);
      throw new UnencodableMessage((e as Error).message);
    }
    if (!ok) this.needDrain = true;
  }

  private needDrain = false;

  /**
   * How many messages, counted from the first one published, are confirmed without a gap: a
   * run that stops part-way resumes after them, losing nothing and repeating none of them.
   */
  get confirmedInOrder(): number {
    return this.inOrder;
  }

  private advance(id: number): void {
    if (id !== this.inOrder + 1) {
      this.ahead.add(id);
      return;
    }
    this.inOrder++;
    while (this.ahead.delete(this.inOrder + 1)) this.inOrder++;
  }

  /** Let a waiting publish() look again at the window and the socket. */
  private wake(): void {
    const s = this.slot;
    this.slot = undefined;
    s?.();
  }

  /** Close the channel (after flush(): nothing is in flight); a channel already gone is fine. */
  async close(): Promise<void> {
    try {
      await this.ch.close();
    } catch {
      /* closed with its connection, or by the broker */
    }
  }

  /** Wait until every message sent so far is confirmed or nacked. */
  async flush(): Promise<void> {
    while (this.inFlight > 0) {
      await this.session.within(new Promise<void>((r) => (this.drained = r)), 'publisher confirms');
    }
    if (this.session.error) throw this.session.error;
  }
}
