/**
 * The plan of `apply` and `plan`: the desired state (a file) against the actual one (the
 * broker's export), kind by kind through src/plan/plan.ts, with what a whole-state plan adds:
 * which objects `--prune` may delete (only kinds and vhosts the file covers, never what the
 * broker or the connection itself needs), and what `--recreate` does to an object that cannot
 * change in place (delete and declare again, with the bindings that go with it). Pure.
 */
import { bindingKind, type BindingSpec } from '../kinds/binding.js';
import { exchangeKind } from '../kinds/exchange.js';
import type { Kind } from '../kinds/kind.js';
import { userLimitKind, vhostLimitKind, type LimitName, type LimitSpec } from '../kinds/limit.js';
import { globalParameterKind, parameterKind } from '../kinds/parameter.js';
import { permissionKind, topicPermissionKind } from '../kinds/permission.js';
import { operatorPolicyKind, policyKind } from '../kinds/policy.js';
import { queueKind, type QueueSpec } from '../kinds/queue.js';
import { userKind } from '../kinds/user.js';
import { vhostKind } from '../kinds/vhost.js';
import { identityKey, order, planOne, type Change } from '../plan/plan.js';
import type { Definitions, Section } from '../definitions/document.js';
import { STATE_KEYS, type State, type StateKey } from '../definitions/state.js';

/** Every kind a definitions file declares, in dependency order. */
export const APPLY_KINDS: readonly Kind<any>[] = [
  vhostKind,
  userKind,
  globalParameterKind,
  vhostLimitKind,
  userLimitKind,
  permissionKind,
  exchangeKind,
  queueKind,
  topicPermissionKind,
  bindingKind,
  policyKind,
  operatorPolicyKind,
  parameterKind,
];

/** One step of a plan: a change, and for a conflict whether --recreate turns it into delete-and-declare. */
export interface Step {
  change: Change<any>;
  /** a conflict that --recreate deletes and declares again */
  recreate?: boolean;
  /** a queue's messages, lost if it is deleted or recreated (read for those only) */
  messages?: number;
  /** a binding that exists now but goes with a recreated queue or exchange: declared again */
  rebind?: boolean;
  /** a delete --prune leaves out, and why (shown, never executed) */
  kept?: string;
}

export interface Coverage {
  /** the kinds whose sections the file has (what --prune may delete) */
  kinds: Set<string>;
  /** vhost-scoped kinds are pruned only in these vhosts */
  vhosts: Set<string>;
  /** owners whose limits the file states (their other limits are cleared by --prune) */
  vhostLimitOwners: Set<string>;
  userLimitOwners: Set<string>;
}

/** Which kinds a section covers. */
const SECTION_KINDS: Record<Section, readonly string[]> = {
  users: ['user'],
  vhosts: ['vhost'],
  permissions: ['permission'],
  topic_permissions: ['topic permission'],
  parameters: ['parameter', 'operator policy'],
  global_parameters: ['global parameter'],
  policies: ['policy'],
  operator_policies: ['operator policy'],
  queues: ['queue'],
  exchanges: ['exchange'],
  bindings: ['binding'],
};

/** What a file covers: its sections' kinds, its vhosts (or -V's), and the owners whose limits it states. */
export function coverageOf(doc: Definitions, want: State, scope: string | undefined): Coverage {
  const kinds = new Set<string>();
  for (const [section, names] of Object.entries(SECTION_KINDS)) if (Array.isArray(doc[section])) for (const n of names) kinds.add(n);
  // a file applied to one vhost (-V) prunes inside it only: never other vhosts, users or global parameters
  if (scope !== undefined) for (const n of ['vhost', 'user', 'global parameter']) kinds.delete(n);
  const vhosts = new Set<string>(scope !== undefined ? [scope] : []);
  if (scope === undefined) {
    for (const v of want.vhosts) vhosts.add(v.name);
    for (const key of ['permissions', 'topicPermissions', 'exchanges', 'queues', 'bindings', 'policies', 'operatorPolicies', 'parameters'] as const) {
      for (const o of want[key]) vhosts.add(o.vhost);
    }
  }
  return {
    kinds,
    vhosts,
    vhostLimitOwners: new Set(want.vhostLimits.map((l) => l.owner)),
    userLimitOwners: new Set(want.userLimits.map((l) => l.owner)),
  };
}

export interface PlanOptions {
  prune?: boolean;
  recreate?: boolean;
  /** the user rmqx is connected as: never deleted, nor its permissions */
  self?: string;
}

/** Why --prune must leave an object alone, or undefined. */
function keepReason(kind: Kind<any>, o: any, opts: PlanOptions): string | undefined {
  switch (kind.name) {
    case 'vhost':
      return o.name === '/' ? 'the default vhost' : o.protectedFromDeletion ? 'protected from deletion' : undefined;
    case 'user':
      return o.name === opts.self ? 'the user rmqx is connected as' : undefined;
    case 'permission':
      return o.user === opts.self ? 'the permissions of the user rmqx is connected as' : undefined;
    case 'queue':
      return (o as QueueSpec).autoDelete ? 'an auto-delete queue: the broker removes it with its last consumer' : undefined;
    case 'global parameter':
      // the broker's own: an empty cluster_tags list is its default (4.x)
      return o.name === 'cluster_tags' && Array.isArray(o.value) && o.value.length === 0 ? "the broker's default" : undefined;
    default:
      return undefined;
  }
}

/** Limits of an owner that the file does not state (what --prune clears). */
function extraLimits(have: LimitSpec, want: LimitSpec | undefined): LimitSpec | undefined {
  const extra: Partial<Record<LimitName, number>> = {};
  for (const [k, v] of Object.entries(have.limits) as Array<[LimitName, number]>) if (want?.limits[k] === undefined) extra[k] = v;
  return Object.keys(extra).length ? { owner: have.owner, limits: extra } : undefined;
}

/** The whole plan, in execution order (creates and updates by dependency, deletes reversed). */
export function planState(want: State, have: State, cover: Coverage, opts: PlanOptions = {}): Step[] {
  const steps: Step[] = [];
  for (const kind of APPLY_KINDS) {
    const key = STATE_KEYS[kind.name] as StateKey;
    const wants = want[key] as any[];
    const haves = have[key] as any[];
    const byKey = new Map(haves.map((h) => [identityKey(kind, h), h]));
    const seen = new Set<string>();
    for (const w of wants) {
      const k = identityKey(kind, w);
      if (seen.has(k)) throw new Error(`${kind.describe(w)} is in the file twice`);
      seen.add(k);
      // a file's `limits: {}` states none: nothing to write, only (with --prune) some to clear
      if ((kind === vhostLimitKind || kind === userLimitKind) && Object.keys((w as LimitSpec).limits).length === 0) continue;
      const change = planOne(kind, byKey.get(k), w);
      steps.push(change.action === 'conflict' ? { change, recreate: Boolean(opts.recreate) } : { change });
    }
    if (!opts.prune || (!cover.kinds.has(kind.name) && kind !== vhostLimitKind && kind !== userLimitKind)) continue;
    for (const [k, h] of byKey) {
      if (kind === vhostLimitKind || kind === userLimitKind) {
        const owners = kind === vhostLimitKind ? cover.vhostLimitOwners : cover.userLimitOwners;
        if (!owners.has(h.owner)) continue;
        const extra = extraLimits(h, wants.find((w) => w.owner === h.owner));
        if (extra) steps.push({ change: { kind, action: 'delete', have: extra, differences: [] } });
        continue;
      }
      if (seen.has(k)) continue;
      if (kind.scope === 'vhost' && !cover.vhosts.has(h.vhost)) continue;
      const kept = keepReason(kind, h, opts);
      steps.push({ change: { kind, action: 'delete', have: h, differences: [] }, ...(kept ? { kept } : {}) });
    }
  }
  markRebinds(steps);
  const ordered = order(steps.map((s) => s.change));
  const byChange = new Map(steps.map((s) => [s.change, s]));
  return ordered.map((c) => byChange.get(c) as Step);
}

/**
 * A recreated queue or exchange loses its bindings: the file's bindings to or from it that
 * exist now are declared again after it.
 */
function markRebinds(steps: Step[]): void {
  const gone = new Set<string>();
  for (const s of steps) {
    if (!s.recreate) continue;
    const o = s.change.want as { vhost: string; name: string };
    gone.add(`${s.change.kind.name}\u0000${o.vhost}\u0000${o.name}`);
  }
  if (!gone.size) return;
  for (const s of steps) {
    if (s.change.kind !== bindingKind || s.change.action !== 'unchanged') continue;
    const b = s.change.want as BindingSpec;
    const dest = `${b.destinationType === 'q' ? 'queue' : 'exchange'}\u0000${b.vhost}\u0000${b.destination}`;
    if (gone.has(`exchange\u0000${b.vhost}\u0000${b.source}`) || gone.has(dest)) {
      s.change = { ...s.change, action: 'create', have: undefined };
      s.rebind = true;
    }
  }
}

export interface Summary {
  create: number;
  update: number;
  delete: number;
  recreate: number;
  /** conflicts not to be recreated: apply refuses them */
  conflict: number;
  unchanged: number;
  /** deletes --prune leaves out */
  kept: number;
}

export function summaryOf(steps: readonly Step[]): Summary {
  const s: Summary = { create: 0, update: 0, delete: 0, recreate: 0, conflict: 0, unchanged: 0, kept: 0 };
  for (const step of steps) {
    if (step.kept) s.kept++;
    else if (step.change.action === 'conflict') step.recreate ? s.recreate++ : s.conflict++;
    else s[step.change.action]++;
  }
  return s;
}

/** Steps that change the broker when executed. */
export function toExecute(steps: readonly Step[]): Step[] {
  return steps.filter((s) => !s.kept && (s.change.action === 'create' || s.change.action === 'update' || s.change.action === 'delete' || (s.change.action === 'conflict' && s.recreate)));
}
