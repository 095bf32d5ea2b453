import { declaredQueueArguments, queueType } from '../../mgmt/defaults.js';
import { QUEUE_FIELDS } from '../../mgmt/fields.js';
import { cellText, getPath, withFields, type Column, type View } from '../../render/view.js';

/**
 * The delivery limit a quorum queue has, read from the queue object the broker returns:
 * - RabbitMQ 4.x reports it as `delivery_limit`: the number in force (20, its default, when
 *   neither an argument nor a policy sets one), or "unlimited" (x-delivery-limit -1).
 * - RabbitMQ 3.x has no such field and no default: the smaller of the queue's x-delivery-limit
 *   and its policy's delivery-limit, else no limit ("unlimited", 4.x's word for it).
 * undefined when unknown: not a quorum queue, or a new queue whose statistics (which carry
 * `delivery_limit` and `messages`) have not come in yet. `brokerReports`: the broker is one
 * that reports the field (capability deliveryLimitReported), so its absence says nothing yet
 * (on 4.3 `messages` may come in a moment before `delivery_limit`: not "unlimited" meanwhile).
 */
export function deliveryLimitOf(q: Record<string, unknown>, brokerReports = false): number | string | undefined {
  const reported = q.delivery_limit;
  if (typeof reported === 'number' || typeof reported === 'string') return reported;
  if (queueType(q) !== 'quorum' || brokerReports) return undefined;
  const set = [getPath(q, 'arguments.x-delivery-limit'), getPath(q, 'effective_policy_definition.delivery-limit')].filter((v): v is number => typeof v === 'number');
  if (set.length) return Math.min(...set);
  return 'messages' in q ? 'unlimited' : undefined;
}

/**
 * Arguments on a TTY and in TSV: without those the broker fills in by itself (x-queue-type equal
 * to the type column), so 3.x and 4.x show the same; --json keeps the broker's document.
 */
const ARGUMENTS: Column = { key: 'arguments', format: (_v, row) => cellText(declaredQueueArguments(row)) };

/** `queue list`: what an operator looks at first. */
export const QUEUE_LIST_VIEW: View = withFields([
  { key: 'name' },
  { key: 'type' },
  { key: 'messages', align: 'right' },
  { key: 'messages_ready', header: 'ready', align: 'right' },
  { key: 'messages_unacknowledged', header: 'unacked', align: 'right' },
  { key: 'consumers', align: 'right' },
  { key: 'state' },
  { ...ARGUMENTS, hidden: true },
], QUEUE_FIELDS);

/** `queue show` on a TTY and in TSV (JSON shows the whole object). */
export const QUEUE_SHOW_VIEW: View = [
  { key: 'name' },
  { key: 'vhost' },
  { key: 'type' },
  { key: 'durable' },
  { key: 'auto_delete' },
  { key: 'exclusive' },
  ARGUMENTS,
  { key: 'policy' },
  { key: 'effective_policy_definition' },
  // 4.x reports it; on 3.x it is worked out from the arguments and policy (see deliveryLimitOf)
  { key: 'delivery_limit', format: (_v, q) => cellText(deliveryLimitOf(q)) },
  { key: 'state' },
  { key: 'node' },
  { key: 'leader' },
  { key: 'members' },
  { key: 'messages' },
  { key: 'messages_ready' },
  { key: 'messages_unacknowledged' },
  { key: 'consumers' },
  { key: 'memory' },
];

/**
 * The rows of `queue show` this queue has: fields its type lacks (leader for a classic queue) are
 * left out, and so is a delivery limit not known yet (see deliveryLimitOf).
 */
export function queueShowView(q: Record<string, unknown>, brokerReportsLimit = false): View {
  const limit = deliveryLimitOf(q, brokerReportsLimit);
  return QUEUE_SHOW_VIEW.filter((c) => (c.key === 'delivery_limit' ? limit : getPath(q, c.key)) !== undefined).map((c) =>
    c.key === 'delivery_limit' ? { ...c, format: () => cellText(limit) } : c,
  );
}
