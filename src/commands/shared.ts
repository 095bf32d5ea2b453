/** Small pieces every command family uses. */
import { NotFoundError, UsageError, describeTarget } from '../errors.js';
import { ApiError } from '../mgmt/errors.js';
import type { Context } from '../cli/context.js';
import type { Outcome } from '../render/output.js';
import { imperative } from '../plan/execute.js';

/**
 * Run a delete; a 404 is success (nothing changed) with --if-exists, exit 66 without.
 */
export async function deleting(ctx: Context, outcome: Subject, ifExists: boolean | undefined, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      if (ifExists) {
        await ctx.report({ ...outcome, changed: false, note: `${describe(outcome)} does not exist; nothing to do` });
        return;
      }
      throw new NotFoundError(`${imperative(outcome.action)} ${describe(outcome)}: it does not exist`, 'add --if-exists to make a missing object a success');
    }
    throw e;
  }
  await ctx.report({ ...outcome, changed: true });
}

export type Subject = Pick<Outcome, 'action' | 'kind' | 'name' | 'vhost'>;

export const describe = describeTarget;

/** A positional name must not be empty. */
export function requireName(what: string, name: string | undefined): string {
  if (name === undefined || name === '') throw new UsageError(`${what} name is empty`);
  // AMQP names are short strings: at most 255 bytes; the broker has none longer
  const bytes = Buffer.byteLength(name, 'utf8');
  if (bytes > 255) throw new UsageError(`${what} name is ${bytes} bytes long; RabbitMQ takes at most 255 (UTF-8)`);
  return name;
}

/**
 * The name of an object being made: also no control characters, which some brokers refuse
 * and every list shows garbled. (Existing objects keep being reachable by requireName, so one
 * made by another tool can still be shown and deleted.)
 */
export function newName(what: string, name: string | undefined): string {
  const n = requireName(what, name);
  const control = /[\u0000-\u001f\u007f]/.exec(n);
  if (control) throw new UsageError(`${what} name has a control character (U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}) at position ${control.index + 1}`);
  return n;
}

// shared with the kinds (src/kinds/), where objects are compared
export { sameSet, sameValue } from '../kinds/kind.js';
export { tagList } from '../kinds/tags.js';

/**
 * Batches of a streamed list with only the items `keep` accepts (listings filtered by rmqx). A
 * batch left empty is not passed on: the first batch is what --columns is checked against.
 */
export async function* keepOnly<T>(batches: AsyncIterable<T[]>, keep: (item: T) => boolean): AsyncGenerator<T[]> {
  for await (const batch of batches) {
    const kept = batch.filter(keep);
    if (kept.length) yield kept;
  }
}
