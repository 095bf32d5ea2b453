/**
 * Looking must not lose messages. A quorum queue counts a requeue as a delivery, and one with a
 * delivery limit drops (or dead-letters) a message whose count passes it. Before rmqx requeues
 * messages it only looked at, those a requeue would push past the limit are republished to the
 * queue with confirms, and only then is the original acked: the message stays, at the tail.
 */
import type { Context } from '../../cli/context.js';
import type { Session } from '../../amqp/session.js';
import type { Delivery, Settle } from '../../amqp/receive.js';
import { republishable } from '../../amqp/envelope.js';

/** x-delivery-count is set by quorum queues only: no header, no limit to fear. */
export function deliveryCount(m: Delivery): number | undefined {
  const h = (m.properties.headers as Record<string, unknown> | undefined)?.['x-delivery-count'];
  return typeof h === 'number' ? h : undefined;
}

/** The queue's delivery limit from its arguments or its policies; undefined when none (or unknown). */
async function deliveryLimit(ctx: Context, queue: string): Promise<number | undefined> {
  try {
    const q = await (await ctx.mgmt()).queues.get(ctx.amqpVhost, queue);
    const limits = [q.arguments?.['x-delivery-limit'], (q.effective_policy_definition as Record<string, unknown> | undefined)?.['delivery-limit']].filter(
      (v): v is number => typeof v === 'number',
    );
    return limits.length ? Math.min(...limits) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Republish, then ack, the messages a requeue would drop. Returns how many were saved this way;
 * the caller requeues the rest as usual.
 */
export async function keepPastDeliveryLimit(
  ctx: Context,
  session: Session,
  queue: string,
  held: Delivery[],
  settleOne: (tag: number, how: Settle) => void,
): Promise<number> {
  if (session.error || !held.some((m) => deliveryCount(m) !== undefined)) return 0;
  const limit = await deliveryLimit(ctx, queue);
  if (limit === undefined) return 0;
  const atRisk = held.filter((m) => (deliveryCount(m) ?? -1) >= limit);
  if (atRisk.length === 0) return 0;
  const { Publisher } = await import('../../amqp/publisher.js');
  const pub = await Publisher.open(session);
  let saved = 0;
  for (const m of atRisk) {
    const properties = republishable(m.properties, ['x-delivery-count']);
    await pub.publish('', queue, { content: m.content, properties }, (outcome) => {
      if (outcome === 'confirmed') {
        settleOne(m.tag, 'ack');
        saved++;
      }
    });
  }
  await pub.flush();
  ctx.out.warn(
    `${saved} message(s) of queue '${queue}' had reached its delivery limit (${limit}): a requeue would have dropped them, so they were republished to the tail of the queue`,
  );
  return saved;
}
