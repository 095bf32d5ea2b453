/**
 * Request/reply over direct reply-to: consume the pseudo-queue amq.rabbitmq.reply-to (no ack),
 * publish on the same channel with reply_to and a fresh correlation_id, and wait for the reply
 * carrying that id. Replies to other ids (late answers to earlier requests) are dropped.
 */
import { randomUUID } from 'node:crypto';
import type { Channel, ConsumeMessage, Message } from 'amqplib';
import type { Delivered, Outgoing } from './envelope.js';
import { toAmqpError, type Session } from './session.js';

export const REPLY_TO = 'amq.rabbitmq.reply-to';

export class RpcTimeout extends Error {}
export class RpcUnroutable extends Error {}

export class RpcClient {
  private waiting?: { id: string; resolve: (m: Delivered) => void; reject: (e: Error) => void };

  private constructor(
    private readonly session: Session,
    private readonly ch: Channel,
  ) {
    ch.on('return', (m: Message) => {
      const w = this.waiting;
      if (w && m.properties.correlationId === w.id) {
        this.waiting = undefined;
        w.reject(new RpcUnroutable((m.fields as unknown as { replyText: string }).replyText));
      }
    });
  }

  static async open(session: Session): Promise<RpcClient> {
    const ch = await session.channel();
    const client = new RpcClient(session, ch);
    try {
      await ch.consume(REPLY_TO, (m: ConsumeMessage | null) => m && client.onReply(m), { noAck: true });
    } catch (e) {
      throw session.error ?? toAmqpError(e);
    }
    return client;
  }

  private onReply(m: ConsumeMessage): void {
    const w = this.waiting;
    if (!w || m.properties.correlationId !== w.id) return;
    this.waiting = undefined;
    const f = m.fields as unknown as { exchange: string; routingKey: string; redelivered: boolean };
    w.resolve({ exchange: f.exchange, routingKey: f.routingKey, redelivered: f.redelivered, properties: m.properties as unknown as Record<string, unknown>, content: m.content });
  }

  /** One request; resolves with the reply, rejects with RpcTimeout / RpcUnroutable / AmqpError. */
  async call(exchange: string, routingKey: string, m: Outgoing, timeoutMs: number): Promise<Delivered> {
    const id = m.properties.correlationId ?? randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const reply = new Promise<Delivered>((resolve, reject) => {
      this.waiting = { id, resolve, reject };
      timer = setTimeout(() => {
        this.waiting = undefined;
        reject(new RpcTimeout(`no reply within ${timeoutMs / 1000} s`));
      }, timeoutMs);
    });
    this.ch.publish(exchange, routingKey, m.content, { ...m.properties, correlationId: id, replyTo: REPLY_TO, mandatory: true });
    try {
      return await Promise.race([reply, this.session.failed()]);
    } finally {
      clearTimeout(timer);
    }
  }
}
