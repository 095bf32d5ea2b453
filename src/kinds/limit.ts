/**
 * Vhost limits and user limits: one object per vhost (or user), its limits by name
 * (max-connections, max-queues; max-connections, max-channels). The object exists as long as its
 * owner does; a limit a Spec does not state is "whatever is there". Values are whole numbers,
 * -1 meaning no limit. Every limit changes in place (one PUT per limit that differs).
 */
import { DataError, NotFoundError } from '../errors.js';
import type { Mgmt } from '../mgmt/client.js';
import { ApiError } from '../mgmt/errors.js';
import type { LimitsApi, LimitRow } from '../mgmt/resources/limits.js';
import { withFields, type View } from '../render/view.js';
import { mutable, type Difference, type Kind } from './kind.js';
import { refusalWords } from '../mgmt/errors.js';

export const VHOST_LIMITS = ['max-connections', 'max-queues'] as const;
export const USER_LIMITS = ['max-connections', 'max-channels'] as const;
export type VhostLimit = (typeof VHOST_LIMITS)[number];
export type UserLimit = (typeof USER_LIMITS)[number];
export type LimitName = VhostLimit | UserLimit;

export interface LimitSpec {
  /** the vhost or user the limits belong to */
  owner: string;
  /** the limits stated (set ones, as read) */
  limits: Partial<Record<LimitName, number>>;
}

/** What differs between two limit sets, for the limits `want` states, in the order given. */
export function limitDiff(have: LimitSpec['limits'], want: LimitSpec['limits']): Difference[] {
  return (Object.keys(want) as LimitName[]).flatMap((k) => mutable(k, have[k], want[k]));
}

/** The limits of `want` that differ from `have` (what a write puts). */
export function limitsToWrite(have: LimitSpec['limits'] | undefined, want: LimitSpec['limits']): Array<[LimitName, number]> {
  return (Object.entries(want) as Array<[LimitName, number]>).filter(([k, v]) => have?.[k] !== v);
}

/** Which of the asked limits are set (what a clear removes), and which are not. */
export function limitsToClear(have: LimitSpec['limits'], asked: readonly LimitName[]): { present: LimitName[]; absent: LimitName[] } {
  return { present: asked.filter((k) => have[k] !== undefined), absent: asked.filter((k) => have[k] === undefined) };
}

/** "-1" is no limit, in words. */
export function limitWords(value: number | undefined): string {
  return value === undefined ? 'not set' : value === -1 ? 'no limit' : String(value);
}

function viewOf(owner: 'vhost' | 'user', names: readonly string[]): View {
  return withFields(
    [{ key: owner }, ...names.map((n) => ({ key: `value.${n}`, header: n, align: 'right' as const }))],
    [owner, 'value'],
  );
}

export const VHOST_LIMIT_VIEW = viewOf('vhost', VHOST_LIMITS);
export const USER_LIMIT_VIEW = viewOf('user', USER_LIMITS);

/** The vhost-limit or user-limit kind: the same reads and writes on two routes. */
function kindOf(owner: 'vhost' | 'user', api: (m: Mgmt) => LimitsApi): Kind<LimitSpec> {
  const name = `${owner} limits`;
  const describe = (s: Pick<LimitSpec, 'owner'>) => `limits of ${owner} '${s.owner}'`;
  const missing = (s: LimitSpec) => new NotFoundError(`${owner} '${s.owner}' does not exist`, owner === 'vhost' ? '`rmqx vhost list` lists the vhosts' : '`rmqx user list` lists the users');
  return {
    name,
    scope: 'cluster',
    dependsOn: [owner],
    identity: (s) => ({ kind: name, name: s.owner }),
    describe,
    async check(m, want) {
      if ((await api(m).find(want.owner)) === undefined) throw missing(want);
    },
    async read(m, want) {
      const limits = await api(m).find(want.owner);
      return limits && { owner: want.owner, limits: limits as LimitSpec['limits'] };
    },
    async list(m) {
      return (await api(m).list()).map((r: LimitRow) => ({ owner: String(r[owner] ?? ''), limits: r.value as LimitSpec['limits'] }));
    },
    diff: (have, want) => limitDiff(have.limits, want.limits),
    async write(m, want, have) {
      for (const [k, v] of limitsToWrite(have?.limits, want.limits)) {
        try {
          await api(m).put(want.owner, k, v);
        } catch (e) {
          if (e instanceof ApiError && e.status === 404) throw missing(want);
          if (e instanceof ApiError && e.status === 400) throw new DataError(`set ${k} of ${owner} '${want.owner}': ${refusalWords(e.reason)}`);
          throw e;
        }
      }
    },
    async remove(m, s) {
      for (const k of Object.keys(s.limits)) await api(m).delete(s.owner, k);
    },
    verbs: { create: 'set', update: 'set', delete: 'cleared' },
    notes: { unchanged: (s) => `${describe(s)}: already as asked (${Object.entries(s.limits).map(([k, v]) => `${k} ${limitWords(v)}`).join(', ')}), nothing changed` },
    outcome: ({ want, have }) => ({ [owner]: (want ?? have)?.owner, limits: (want ?? have)?.limits ?? {} }),
    view: owner === 'vhost' ? VHOST_LIMIT_VIEW : USER_LIMIT_VIEW,
  };
}

export const vhostLimitKind: Kind<LimitSpec> = kindOf('vhost', (m) => m.vhostLimits);
export const userLimitKind: Kind<LimitSpec> = kindOf('user', (m) => m.userLimits);
