/**
 * What the broker fills in by itself, in one place: values nobody asked for, which are therefore
 * never a difference when a declare compares, and are left out of the human views (table, TSV).
 * `--json` keeps the broker's document as the API gives it.
 *
 * - `x-queue-type`: RabbitMQ 4.x adds `x-queue-type: classic` to a classic queue's arguments
 *   (3.x leaves them empty). The queue's `type` field says the same on every version, so an
 *   `x-queue-type` equal to `type` carries nothing of its own, whoever put it there.
 */
import type { Arguments } from './types.js';

interface QueueLike {
  type?: unknown;
  arguments?: Arguments | undefined;
}

/** The queue's type: the broker's `type` field, else its x-queue-type, else classic (its default). */
export function queueType(q: QueueLike): string {
  return String(q.type ?? q.arguments?.['x-queue-type'] ?? 'classic');
}

/** A queue's arguments without the ones the broker fills in by itself. */
export function declaredQueueArguments(q: QueueLike): Arguments {
  const args = { ...(q.arguments ?? {}) };
  if (args['x-queue-type'] !== undefined && args['x-queue-type'] === queueType(q)) delete args['x-queue-type'];
  return args;
}
