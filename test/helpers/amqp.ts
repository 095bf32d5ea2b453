/**
 * A second AMQP client (amqplib directly, not rmqx) for the integration tests: it sets queues
 * up, publishes, and looks at what rmqx left behind. One connection per test file, to that
 * file's vhost, opened on first use and closed by close().
 */
import amqplib, { type Channel, type ChannelModel, type GetMessage, type Options } from 'amqplib';
import { BROKER, unique, until } from './cli.js';

/** One message for send(): its body and, optionally, its properties. */
export interface Outgoing {
  content: Buffer;
  options?: Options.Publish;
}

/** The bodies of messages, as UTF-8 text. */
export const bodies = (ms: GetMessage[]) => ms.map((m) => m.content.toString('utf8'));

/** `vhost` is read when the connection is first needed, so it may be set in a before() hook. */
export function amqpPeer(vhost: () => string) {
  let opened: Promise<ChannelModel> | undefined;

  /** The peer's connection, opened on the first call. */
  const connection = (): Promise<ChannelModel> =>
    (opened ??= amqplib.connect(`${BROKER.amqpUrl}/${encodeURIComponent(vhost())}`));

  /** Close the connection, if it was ever opened; never throws. */
  async function close(): Promise<void> {
    if (!opened) return;
    await opened.then((c) => c.close()).catch(() => {});
  }

  /** fn on a channel of its own, closed afterwards; a channel error rejects fn's promise only. */
  async function onChannel<T>(fn: (ch: Channel) => Promise<T>): Promise<T> {
    const ch = await (await connection()).createChannel();
    ch.on('error', () => {});
    try {
      return await fn(ch);
    } finally {
      await ch.close().catch(() => {});
    }
  }

  /** Messages really in the queue now (passive declare), not the API's lagging statistics. */
  const count = (q: string) => onChannel(async (ch) => (await ch.checkQueue(q)).messageCount);

  /** A durable queue with a unique name starting with `prefix`. */
  async function newQueue(prefix: string, args?: Record<string, unknown>): Promise<string> {
    const q = unique(prefix);
    await onChannel((ch) => ch.assertQueue(q, { durable: true, arguments: args }));
    return q;
  }

  /** Publish with confirms through amqplib. */
  async function send(exchange: string, routingKey: string, messages: Outgoing[]): Promise<void> {
    const ch = await (await connection()).createConfirmChannel();
    try {
      for (const m of messages) ch.publish(exchange, routingKey, m.content, m.options ?? {});
      await ch.waitForConfirms();
    } finally {
      await ch.close();
    }
  }

  /** m0 … m(n-1) to queue q through the default exchange (padded to `size` bytes if given). */
  const fill = (q: string, n: number, size = 0) => send('', q, Array.from({ length: n }, (_, i) => ({ content: Buffer.from(`m${i}`.padEnd(size, '.')) })));

  /** Take exactly n messages (removing them), polling while they are on their way. */
  async function take(q: string, n: number): Promise<GetMessage[]> {
    return onChannel(async (ch) => {
      const got: GetMessage[] = [];
      await until(async () => {
        while (got.length < n) {
          const m = await ch.get(q, { noAck: true });
          if (!m) return false;
          got.push(m);
        }
        return true;
      }, `${n} message(s) in queue '${q}' (have ${got.length})`);
      return got;
    });
  }

  /**
   * The queue's count once it has settled at `expected`: after a connection closes, the broker
   * requeues what it held asynchronously, so a passive declare right then may see fewer. Settled
   * means no consumer left and the same count on two polls in a row. Returns the last count seen,
   * for the assertion to show.
   */
  async function settledCount(q: string, expected: number): Promise<number> {
    let last = -1;
    let previous = -2;
    await until(async () => {
      const ok = await onChannel((ch) => ch.checkQueue(q));
      [previous, last] = [last, ok.messageCount];
      return ok.consumerCount === 0 && last === previous && last === expected;
    }, `queue '${q}' to settle at ${expected}`).catch(() => {});
    return last;
  }

  /** A queue that dead-letters into a second queue through the default exchange. */
  async function withDeadLetters(prefix: string): Promise<{ q: string; dlq: string }> {
    const dlq = await newQueue(`${prefix}-dlq`);
    const q = await newQueue(prefix, { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': dlq });
    return { q, dlq };
  }

  return { connection, close, onChannel, count, newQueue, send, fill, take, settledCount, withDeadLetters };
}
