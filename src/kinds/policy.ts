/** Policies: pattern, what they apply to, priority and definition all change in place. */
import { describeTarget } from '../errors.js';
import type { Policy } from '../mgmt/resources/policies.js';
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

export const policyKind: Kind<PolicySpec> = {
  name: 'policy',
  scope: 'vhost',
  dependsOn: ['vhost'],
  identity: (p) => ({ kind: 'policy', vhost: p.vhost, name: p.name }),
  describe: (p) => describeTarget({ kind: 'policy', name: p.name, vhost: p.vhost }),
  async read(m, p) {
    const found = await m.policies.find(p.vhost, p.name);
    return found && policySpecOf(found);
  },
  async list(m, vhost) {
    return (await m.policies.list(vhost)).map(policySpecOf);
  },
  diff: (have, want) => [
    ...mutable('pattern', have.pattern, want.pattern),
    ...mutable('apply-to', have.applyTo, want.applyTo),
    ...mutable('priority', have.priority, want.priority),
    // the definition key by key, so a change names the keys it touches
    ...argumentDiff(have.definition, want.definition, { mutable: true }),
  ],
  async write(m, p) {
    await m.policies.put(p.vhost, p.name, { pattern: p.pattern, 'apply-to': p.applyTo, priority: p.priority, definition: p.definition });
  },
  remove: (m, p) => m.policies.delete(p.vhost, p.name),
  verbs: { create: 'set', update: 'updated', delete: 'cleared' },
  view: POLICY_VIEW,
  outcome: ({ want }) => (want ? { pattern: want.pattern, 'apply-to': want.applyTo, priority: want.priority, definition: want.definition } : {}),
};
