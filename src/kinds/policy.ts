/**
 * Policies and operator policies: one kind each, made by one function (their API routes and
 * shape are the same; the broker accepts fewer keys in an operator policy). Pattern, what they
 * apply to, priority and definition all change in place.
 */
import { DataError, describeTarget } from '../errors.js';
import type { Mgmt } from '../mgmt/client.js';
import { ApiError, refusalWords } from '../mgmt/errors.js';
import type { PoliciesApi, Policy } from '../mgmt/resources/policies.js';
import { POLICY_FIELDS } from '../mgmt/fields.js';
import type { Json } from '../mgmt/types.js';
import { withFields } from '../render/view.js';
import { argumentDiff, mutable, type Kind } from './kind.js';

export const POLICY_TARGETS = ['all', 'queues', 'exchanges', 'classic_queues', 'quorum_queues', 'streams'] as const;

export interface PolicySpec {
  vhost: string;
  name: string;
  pattern: string;
  applyTo: string;
  priority: number;
  definition: Json;
}

export function policySpecOf(p: Policy): PolicySpec {
  return { vhost: p.vhost, name: p.name, pattern: p.pattern, applyTo: p['apply-to'] ?? 'all', priority: Number(p.priority ?? 0), definition: p.definition ?? {} };
}

export const POLICY_VIEW = withFields(
  [{ key: 'name' }, { key: 'pattern' }, { key: 'apply-to' }, { key: 'priority', align: 'right' }, { key: 'definition' }],
  POLICY_FIELDS,
);

// the broker's refusal words (src/mgmt/errors.ts), as the policy tests import them from here
export { refusalWords } from '../mgmt/errors.js';

/** A kind of policy on one of the two routes: the same reads, diff and writes. */
function kindOf(name: 'policy' | 'operator policy', api: (m: Mgmt) => PoliciesApi): Kind<PolicySpec> {
  const describe = (p: Pick<PolicySpec, 'name' | 'vhost'>) => describeTarget({ kind: name, name: p.name, vhost: p.vhost });
  return {
    name,
    scope: 'vhost',
    dependsOn: ['vhost'],
    identity: (p) => ({ kind: name, vhost: p.vhost, name: p.name }),
    describe,
    async read(m, p) {
      const found = await api(m).find(p.vhost, p.name);
      return found && policySpecOf(found);
    },
    async list(m, vhost) {
      return (await api(m).list(vhost)).map(policySpecOf);
    },
    diff: (have, want) => [
      ...mutable('pattern', have.pattern, want.pattern),
      ...mutable('apply-to', have.applyTo, want.applyTo),
      ...mutable('priority', have.priority, want.priority),
      // the definition key by key, so a change names the keys it touches
      ...argumentDiff(have.definition, want.definition, { mutable: true }),
    ],
    async write(m, p) {
      try {
        await api(m).put(p.vhost, p.name, { pattern: p.pattern, 'apply-to': p.applyTo, priority: p.priority, definition: p.definition });
      } catch (e) {
        // a refused key or value: the broker's reason, in one line
        if (e instanceof ApiError && e.status === 400) throw new DataError(`set ${describe(p)}: ${refusalWords(e.reason)}`);
        throw e;
      }
    },
    remove: (m, p) => api(m).delete(p.vhost, p.name),
    verbs: { create: 'set', update: 'updated', delete: 'cleared' },
    view: POLICY_VIEW,
    outcome: ({ want }) => (want ? { pattern: want.pattern, 'apply-to': want.applyTo, priority: want.priority, definition: want.definition } : {}),
  };
}

export const policyKind: Kind<PolicySpec> = kindOf('policy', (m) => m.policies);
export const operatorPolicyKind: Kind<PolicySpec> = kindOf('operator policy', (m) => m.operatorPolicies);

/** The ha-* keys of classic queue mirroring (RabbitMQ 4.0 removed it). */
export function mirroringKeys(definition: Json): string[] {
  return Object.keys(definition).filter((k) => k.startsWith('ha-'));
}

/** A queue or an exchange a policy may apply to. */
export interface PolicyObject {
  kind: 'queue' | 'exchange';
  name: string;
  /** a queue's type: classic, quorum, stream */
  type?: string;
}

/** Whether a policy's apply-to covers the object (its pattern aside). */
export function appliesTo(applyTo: string, o: PolicyObject): boolean {
  switch (applyTo) {
    case 'all':
      return true;
    case 'queues':
      return o.kind === 'queue';
    case 'exchanges':
      return o.kind === 'exchange';
    case 'classic_queues':
      return o.kind === 'queue' && (o.type ?? 'classic') === 'classic';
    case 'quorum_queues':
      return o.kind === 'queue' && o.type === 'quorum';
    case 'streams':
      return o.kind === 'queue' && o.type === 'stream';
    default:
      return false;
  }
}

export interface PolicyConflict {
  priority: number;
  policy: PolicySpec;
  other: PolicySpec;
  /** the objects both apply to: which one wins is not defined */
  objects: PolicyObject[];
}

/**
 * Pairs of policies of equal priority that both apply to some object (pattern and apply-to):
 * the broker then picks one of them, and which one is not defined. Patterns JavaScript cannot
 * read (PCRE-only syntax) are left out and named in `unchecked`.
 */
export function policyConflicts(policies: readonly PolicySpec[], objects: readonly PolicyObject[]): { conflicts: PolicyConflict[]; unchecked: string[] } {
  const unchecked: string[] = [];
  const matching = new Map<PolicySpec, Set<PolicyObject>>();
  for (const p of policies) {
    let re: RegExp;
    try {
      re = new RegExp(p.pattern);
    } catch {
      unchecked.push(p.name);
      continue;
    }
    matching.set(p, new Set(objects.filter((o) => appliesTo(p.applyTo, o) && re.test(o.name))));
  }
  const checked = [...matching.keys()].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
  const conflicts: PolicyConflict[] = [];
  for (let i = 0; i < checked.length; i++) {
    for (let j = i + 1; j < checked.length; j++) {
      const a = checked[i] as PolicySpec;
      const b = checked[j] as PolicySpec;
      if (a.priority !== b.priority) continue;
      const bs = matching.get(b) as Set<PolicyObject>;
      const both = [...(matching.get(a) as Set<PolicyObject>)].filter((o) => bs.has(o));
      if (both.length) conflicts.push({ priority: a.priority, policy: a, other: b, objects: both });
    }
  }
  return { conflicts, unchecked };
}
