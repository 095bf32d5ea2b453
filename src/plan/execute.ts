/**
 * Executing plans: `ensure` is "plan one object, execute" for every declare, add, set and bind;
 * `outcomeOf` turns a change into the one outcome shape that --json, --detailed-exitcode and the
 * notes on stderr are made from (Context.report records it).
 */
import type { Context } from '../cli/context.js';
import { DataError, NotFoundError } from '../errors.js';
import { ApiError } from '../mgmt/errors.js';
import { differenceWords, type Kind } from '../kinds/kind.js';
import type { Outcome } from '../render/output.js';
import { planOne, type Change } from './plan.js';

/** Read the object, plan it against `want`, write it when the plan says so, report. Conflict → 65. */
export async function ensure<Spec>(ctx: Context, kind: Kind<Spec>, want: Spec, extra: (c: Change<Spec>) => Promise<Record<string, unknown>> | Record<string, unknown> = () => ({})): Promise<Change<Spec>> {
  const m = await ctx.mgmt();
  await kind.check?.(m, want);
  const have = await kind.read(m, want);
  const change = planOne(kind, have, want);
  if (change.action === 'conflict') throw new DataError(differenceWords(kind.describe(want), change.differences), kind.conflictHint);
  if (change.action === 'create' || change.action === 'update') await kind.write(m, want, have);
  await ctx.report({ ...outcomeOf(change), ...(await extra(change)) });
  return change;
}

/** One change as an outcome: the kind's verb, its identity's name and vhost, what was updated, a note. */
export function outcomeOf<Spec>(change: Change<Spec>): Outcome {
  const { kind, action, want, have } = change;
  const subject = (want ?? have) as Spec;
  const id = kind.identity(subject);
  const changed = action === 'create' || action === 'update' || action === 'delete';
  const verb = action === 'update' ? kind.verbs.update : action === 'delete' ? kind.verbs.delete : kind.verbs.create;
  const what = kind.describe(subject);
  const fields = change.differences.map((d) => d.field);
  let note: string;
  if (action === 'update') note = `${verb} ${what}: ${fields.join(', ')}`;
  else if (action === 'unchanged') note = kind.notes?.unchanged?.(subject) ?? `${what}: already as asked, nothing changed`;
  else if (action === 'create') note = kind.notes?.create?.(subject) ?? `${verb} ${what}`;
  else note = `${verb} ${what}`;
  return {
    action: verb,
    kind: kind.outcomeKind ?? kind.name,
    ...(id.name !== undefined ? { name: id.name } : {}),
    ...(id.vhost !== undefined ? { vhost: id.vhost } : {}),
    changed,
    ...(action === 'update' ? { updated: fields } : {}),
    ...(kind.outcome?.(change) ?? {}),
    note,
  };
}

/** Remove one object; a missing one is 66, or success with nothing changed under --if-exists. */
export async function removeObject<Spec>(ctx: Context, kind: Kind<Spec>, s: Spec, opts: { ifExists?: boolean | undefined }): Promise<void> {
  const m = await ctx.mgmt();
  const gone: Change<Spec> = { kind, action: 'delete', have: s, differences: [] };
  try {
    await kind.remove(m, s);
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 404)) throw e;
    const what = kind.describe(s);
    if (!opts.ifExists) throw new NotFoundError(`${imperative(kind.verbs.delete)} ${what}: it does not exist`, 'add --if-exists to make a missing object a success');
    await ctx.report({ ...outcomeOf(gone), changed: false, note: `${what} does not exist; nothing to do` });
    return;
  }
  await ctx.report(outcomeOf(gone));
}

/** 'deleted' → 'delete', 'cleared' → 'clear', 'unbound' → 'unbind' */
export function imperative(past: string): string {
  const irregular: Record<string, string> = { cleared: 'clear', unbound: 'unbind', bound: 'bind', set: 'set' };
  return irregular[past] ?? past.replace(/d$/, '');
}
