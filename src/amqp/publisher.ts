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

export class Publisher {
  readonly stats: PublishStats = { published: 0, confirmed: 0, nacked: 0, returned: 0 };
  /** the first few returned messages, to name them */
  readonly returns: Returned[] = [];
  private inFlight = 0;
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
      if (this.returns.length < 20) {
        const f = m.fields as unknown as { exchange: string; routingKey: string; replyText: string };
        this.returns.push({ exchange: f.exchange, routingKey: f.routingKey, replyText: f.replyText });
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
  async publish(exchange: string, routingKey: string, m: Outgoing): Promise<void> {
    while (this.inFlight >= this.window || this.needDrain) {
      await Promise.race([new Promise<void>((r) => (this.slot = r)), this.session.failed()]);
    }
    if (this.session.error) throw this.session.error;
    let ok: boolean;
    this.inFlight++;
    this.stats.published++;
    try {
      let options = this.options.get(m.properties);
      if (!options) {
        // Object.assign onto a literal: amqplib reads these options far faster than a spread copy
        options = Object.assign({ mandatory: true }, m.properties);
        this.options.set(m.properties, options);
      }
      ok = this.ch.publish(exchange, routingKey, m.content, options, (err: unknown) => {
      this.inFlight--;
      if (err) this.stats.nacked++;
      else this.stats.confirmed++;
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
      throw new UnencodableMessage((e as Error).message);
    }
    if (!ok) this.needDrain = true;
  }

  private needDrain = false;

  /** Let a waiting publish() look again at the window and the socket. */
  private wake(): void {
    const s = this.slot;
    this.slot = undefined;
    s?.();
  }

  /** Wait until every message sent so far is confirmed or nacked. */
  async flush(): Promise<void> {
    while (this.inFlight > 0) {
      await Promise.race([new Promise<void>((r) => (this.drained = r)), this.session.failed()]);
    }
    if (this.session.error) throw this.session.error;
  }
}
