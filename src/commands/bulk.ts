/**
 * Deletes by name pattern (`queue delete --name-regex RE`, and the same for exchanges, vhosts and
 * users): match, leave out what must never go (the broker's own exchanges, the default vhost,
 * protected vhosts, the user rmqx is logged in as), show with --dry-run, ask on a TTY (--yes
 * otherwise), delete one by one, and report every item: a failure part-way is exit 3 naming what
 * was deleted and what failed; --json gives the list of outcomes.
 */
import type { Context } from '../cli/context.js';
import { opt } from '../cli/define.js';
import { regex } from '../cli/parsers.js';
import { ApiError, RmqxError, UsageError, describeError, exitCodeOf, PartialError, describeTarget } from '../errors.js';
import type { Outcome } from '../render/output.js';
import { withFields } from '../render/view.js';

export const BULK_OPTIONS = {
  nameRegex: opt.value('--name-regex <regex>', 'delete every one whose name matches (instead of NAME); JavaScript syntax, unanchored', regex),
  dryRun: opt.flag('--dry-run', 'with --name-regex: list what would be deleted, delete nothing'),
} as const;

/** NAME or --name-regex, exactly one; --dry-run only with --name-regex. */
export function nameOrPattern(word: string, name: string | undefined, o: { nameRegex?: string | undefined; dryRun?: boolean | undefined }): { name: string } | { pattern: string } {
  if (name !== undefined && o.nameRegex !== undefined) throw new UsageError(`${word} NAME and --name-regex: give one of them`);
  if (o.nameRegex !== undefined) return { pattern: o.nameRegex };
  if (o.dryRun) throw new UsageError('--dry-run goes with --name-regex', `\`--name-regex '^${name ?? 'NAME'}$' --dry-run\` shows what one name would delete`);
  if (name === undefined || name === '') throw new UsageError(`which ${word}? give its NAME, or --name-regex RE for every one that matches`);
  return { name };
}

/** One object a bulk delete may remove. */
export interface BulkItem {
  name: string;
  vhost?: string;
}

export interface BulkDelete<T extends BulkItem> {
  /** 'queue' */
  kind: string;
  /** 'queues' */
  plural: string;
  /** where they were looked for, in words: "in vhost 'shop'", or '' */
  where: string;
  pattern: string;
  /** every object of the kind there */
  all: readonly T[];
  /** why one must not be deleted by pattern, or undefined */
  keep?(item: T): string | undefined;
  remove(item: T): Promise<void>;
  yes: boolean | undefined;
  dryRun: boolean | undefined;
}

const OUTCOME_VIEW = withFields([{ key: 'action' }, { key: 'name', human: (v) => (v === '' ? '(default)' : String(v)) }, { key: 'error' }], ['action', 'kind', 'name', 'vhost', 'changed', 'reason', 'error']);
const NAME_VIEW = withFields([{ key: 'name' }], ['action', 'kind', 'name', 'vhost', 'changed']);

/** The objects whose names match, split into those to delete and those kept with the reason. */
export function matching<T extends BulkItem>(all: readonly T[], pattern: string, keep?: (item: T) => string | undefined): { doomed: T[]; kept: Array<{ item: T; reason: string }> } {
  const re = new RegExp(pattern);
  const doomed: T[] = [];
  const kept: Array<{ item: T; reason: string }> = [];
  for (const item of all) {
    if (!re.test(item.name)) continue;
    const reason = keep?.(item);
    if (reason === undefined) doomed.push(item);
    else kept.push({ item, reason });
  }
  return { doomed, kept };
}

/** "'a', 'b', 'c' and 7 more" */
function someNames(items: readonly BulkItem[], max = 5): string {
  const shown = items.slice(0, max).map((i) => `'${i.name}'`).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

export async function bulkDelete<T extends BulkItem>(ctx: Context, b: BulkDelete<T>): Promise<void> {
  const { doomed, kept } = matching(b.all, b.pattern, b.keep);
  const where = b.where ? ` ${b.where}` : '';
  const base = (item: T): Pick<Outcome, 'kind' | 'name' | 'vhost'> => ({ kind: b.kind, name: item.name, ...(item.vhost !== undefined ? { vhost: item.vhost } : {}) });
  const what = (item: T) => describeTarget({ kind: b.kind, name: item.name, vhost: item.vhost });
  const keptOutcomes: Outcome[] = kept.map(({ item, reason }) => ({ action: 'skipped', ...base(item), changed: false, reason }));
  // one note per reason: "skipped 7 exchanges in vhost 'v' ('', 'amq.direct', …): …"
  for (const reason of new Set(kept.map((k) => k.reason))) {
    const items = kept.filter((k) => k.reason === reason).map((k) => k.item);
    ctx.out.note(items.length === 1 ? `skipped ${what(items[0] as T)}: ${reason}` : `skipped ${items.length} ${b.plural}${where} (${someNames(items)}): ${reason}`);
  }
  if (!doomed.length) {
    ctx.out.note(`no ${b.plural}${where} match '${b.pattern}'${kept.length ? ' that may be deleted' : ''}; nothing to do`);
    if (ctx.out.json) await ctx.out.list(keptOutcomes, OUTCOME_VIEW);
    return;
  }
  if (b.dryRun) {
    const would: Outcome[] = doomed.map((item) => ({ action: 'would delete', ...base(item), changed: false }));
    if (ctx.out.json) await ctx.out.list([...would, ...keptOutcomes], OUTCOME_VIEW);
    else await ctx.out.list(would, NAME_VIEW);
    ctx.out.note(`would delete ${doomed.length} ${doomed.length === 1 ? b.kind : b.plural}${where} matching '${b.pattern}' (dry run: nothing deleted)`);
    return;
  }
  await ctx.confirm(`delete ${doomed.length} ${doomed.length === 1 ? b.kind : b.plural}${where} matching '${b.pattern}': ${someNames(doomed)}`, b.yes);

  const outcomes: Outcome[] = [];
  const failed: Array<{ item: T; error: unknown }> = [];
  let stopped: unknown;
  for (const item of doomed) {
    if (stopped !== undefined) {
      outcomes.push({ action: 'not attempted', ...base(item), changed: false });
      continue;
    }
    try {
      await b.remove(item);
      const o: Outcome = { action: 'deleted', ...base(item), changed: true };
      ctx.record(o);
      outcomes.push(o);
      ctx.out.note(`deleted ${what(item)}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        // gone since it was listed: what was asked holds
        const o: Outcome = { action: 'deleted', ...base(item), changed: false, reason: 'it no longer exists' };
        ctx.record(o);
        outcomes.push(o);
        ctx.out.note(`${what(item)} no longer exists; nothing to do`);
        continue;
      }
      failed.push({ item, error: e });
      outcomes.push({ action: 'failed', ...base(item), changed: false, error: describeError(e).line });
      ctx.out.note(`failed: ${describeError(e).line}`);
      // the broker cannot be reached (or the request was refused as a whole): stop asking it
      if (!(e instanceof ApiError) || e.status === 401) stopped = e;
    }
  }
  if (ctx.out.json) await ctx.out.list([...outcomes, ...keptOutcomes], OUTCOME_VIEW);
  if (!failed.length) return;
  const deleted = outcomes.filter((o) => o.action === 'deleted');
  const notAttempted = outcomes.filter((o) => o.action === 'not attempted').length;
  const failures = failed.map((f) => describeError(f.error).line).join('; ');
  const message =
    `deleted ${deleted.length} of ${doomed.length} ${doomed.length === 1 ? b.kind : b.plural}${where} matching '${b.pattern}'` +
    `${deleted.length ? `: ${someNames(deleted.map((o) => ({ name: String(o.name) })), 10)}` : ''}; failed: ${failures}` +
    (notAttempted ? `; not attempted: ${notAttempted}` : '');
  const hint = 'run it again to retry what is left';
  if (deleted.length) throw new PartialError(message, hint);
  // nothing deleted: the failure's own exit code (65 refused, 77 denied, 69 unreachable …)
  throw new RmqxError(message, exitCodeOf(failed[0]?.error), hint);
}
