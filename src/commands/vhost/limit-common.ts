/**
 * What `vhost limit` and `user limit` share: set through ensure (one outcome for the limits
 * given), clear (read first: the broker answers 204 for a limit that is not set), list.
 */
import type { Context } from '../../cli/context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { limitsToClear, limitWords, type LimitName, type LimitSpec } from '../../kinds/limit.js';
import type { Kind } from '../../kinds/kind.js';
import type { LimitsApi, LimitRow } from '../../mgmt/resources/limits.js';
import type { Mgmt } from '../../mgmt/client.js';
import { ensure, outcomeOf } from '../../plan/execute.js';
import { requireName } from '../shared.js';

export interface LimitOwner {
  /** 'vhost' or 'user' */
  word: 'vhost' | 'user';
  kind: Kind<LimitSpec>;
  api(m: Mgmt): LimitsApi;
  /** the limit names it takes, in flag order */
  names: readonly LimitName[];
}

const flag = (n: LimitName) => `--${n}`;

/** set: the limits given (at least one), through ensure. */
export async function runLimitSet(ctx: Context, o: LimitOwner, owner: string, given: Partial<Record<LimitName, number | undefined>>): Promise<void> {
  requireName(o.word, owner);
  const limits: LimitSpec['limits'] = {};
  for (const n of o.names) if (given[n] !== undefined) limits[n] = given[n];
  if (!Object.keys(limits).length) throw new UsageError(`${o.word} limit set '${owner}': no limit given`, `give ${o.names.map(flag).join(' and/or ')} N (-1 for no limit)`);
  await ensure(ctx, o.kind, { owner, limits });
}

/** clear: the limits named (or --all that are set); none of them set is 66, or 0 with --if-exists. */
export async function runLimitClear(ctx: Context, o: LimitOwner, owner: string, asked: readonly LimitName[], all: boolean | undefined, ifExists: boolean | undefined): Promise<void> {
  requireName(o.word, owner);
  if (all && asked.length) throw new UsageError(`--all and ${asked.map(flag).join(', ')}: give one or the other`);
  if (!all && !asked.length) throw new UsageError(`${o.word} limit clear '${owner}': which limit?`, `give ${o.names.map(flag).join(', ')} or --all`);
  const m = await ctx.mgmt();
  const have = await o.api(m).find(owner);
  const subject = `limits of ${o.word} '${owner}'`;
  const nothing = async (why: string) => {
    if (!ifExists) throw new NotFoundError(`clear ${subject}: ${why}`, 'add --if-exists to make a missing limit a success');
    await ctx.report({ ...outcomeOf({ kind: o.kind, action: 'delete', have: { owner, limits: {} }, differences: [] }), changed: false, note: `${subject}: ${why}; nothing to do` });
  };
  if (have === undefined) return nothing(`${o.word} '${owner}' does not exist`);
  const names = all ? o.names.filter((n) => have[n as keyof typeof have] !== undefined) : asked;
  const { present } = limitsToClear(have as LimitSpec['limits'], names);
  if (!present.length) return nothing(all ? 'none is set' : `${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} not set`);
  const cleared: LimitSpec['limits'] = {};
  for (const n of present) {
    await o.api(m).delete(owner, n);
    cleared[n] = (have as LimitSpec['limits'])[n];
  }
  const spec: LimitSpec = { owner, limits: cleared };
  await ctx.report({ ...outcomeOf({ kind: o.kind, action: 'delete', have: spec, differences: [] }), note: `cleared ${present.map((n) => `${n} (was ${limitWords(cleared[n])})`).join(', ')} of ${o.word} '${owner}'` });
}

/** list: one owner's limits (66 when it does not exist), or every owner that has any. */
export async function runLimitList(ctx: Context, o: LimitOwner, owner: string | undefined): Promise<void> {
  const api = o.api(await ctx.mgmt());
  let rows: LimitRow[];
  if (owner !== undefined) {
    const limits = await api.find(requireName(o.word, owner));
    if (limits === undefined) throw new NotFoundError(`${o.word} '${owner}' does not exist`, `\`rmqx ${o.word} list\` lists them`);
    rows = Object.keys(limits).length ? [{ [o.word]: owner, value: limits }] : [];
  } else rows = (await api.list()).filter((r) => Object.keys(r.value ?? {}).length > 0);
  await ctx.out.list(rows, o.kind.view ?? []);
}
