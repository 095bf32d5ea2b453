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
  return name;
}

// shared with the kinds (src/kinds/), where objects are compared
export { sameSet, sameValue } from '../kinds/kind.js';
export { tagList } from '../kinds/tags.js';
