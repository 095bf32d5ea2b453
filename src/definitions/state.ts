/**
 * A definitions document as objects of each kind (src/kinds/): the desired state from a file and
 * the actual state from the broker's own export go through the same functions here and then
 * through each kind's diff, so `apply`, `plan` and the one-object commands decide alike.
 *
 * Broker-owned objects are left out on both sides: `amq.*` exchanges and the default exchange,
 * its bindings, the `internal_cluster_id` global parameter. A field a file leaves out of a vhost
 * (description, tags, default queue type) is "whatever is there": 3.x exports leave them out.
 */
import { DataError } from '../errors.js';
import { declaredQueueArguments, queueType } from '../mgmt/defaults.js';
import type { Arguments, Queue, User, Vhost } from '../mgmt/types.js';
import type { BindingSpec } from '../kinds/binding.js';
import type { ExchangeSpec } from '../kinds/exchange.js';
import type { Kind } from '../kinds/kind.js';
import type { LimitName, LimitSpec } from '../kinds/limit.js';
import type { GlobalParameterSpec, ParameterSpec } from '../kinds/parameter.js';
import type { PermissionSpec, TopicPermissionSpec } from '../kinds/permission.js';
import type { PolicySpec } from '../kinds/policy.js';
import type { QueueSpec } from '../kinds/queue.js';
import { tagList } from '../kinds/tags.js';
import { userSpecOf, type UserSpec } from '../kinds/user.js';
import { vhostSpecOf, type VhostSpec } from '../kinds/vhost.js';
import { objectWords, type Definitions, type Obj } from './document.js';

/** Every object of a state, by kind; the kinds in dependency order. */
export interface State {
  vhosts: VhostSpec[];
  users: UserSpec[];
  globalParameters: GlobalParameterSpec[];
  vhostLimits: LimitSpec[];
  userLimits: LimitSpec[];
  permissions: PermissionSpec[];
  topicPermissions: TopicPermissionSpec[];
  exchanges: ExchangeSpec[];
  queues: QueueSpec[];
  bindings: BindingSpec[];
  policies: PolicySpec[];
  operatorPolicies: PolicySpec[];
  parameters: ParameterSpec[];
}

export type StateKey = keyof State;

/** Runtime parameter components that are other kinds in a definitions file. */
const VHOST_LIMITS_COMPONENT = 'vhost-limits';
const OPERATOR_POLICY_COMPONENT = 'operator_policy';
/** Global parameters the broker sets for itself. */
export const BROKER_GLOBALS = new Set(['internal_cluster_id']);

export const brokerOwnedExchange = (name: string) => name === '' || name.startsWith('amq.');

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const meta = (v: Obj): Obj => (v.metadata && typeof v.metadata === 'object' ? (v.metadata as Obj) : {});

/** A vhost as a file states it: a field left out is not compared. */
function wantVhost(v: Obj): VhostSpec {
  const m = meta(v);
  const tags = v.tags ?? m.tags;
  const spec: VhostSpec = { name: String(v.name) };
  const description = str(v.description) ?? str(m.description);
  if (description !== undefined) spec.description = description;
  if (tags !== undefined) spec.tags = tagList(tags);
  const type = str(v.default_queue_type) ?? str(m.default_queue_type);
  if (type !== undefined && type !== 'undefined') spec.defaultQueueType = type;
  if (typeof v.tracing === 'boolean') spec.tracing = v.tracing;
  const p = v.protected_from_deletion ?? m.protected_from_deletion;
  if (typeof p === 'boolean') spec.protectedFromDeletion = p;
  return spec;
}

/** How a file's user gets its password: from a variable it names, or a hash. */
function wantUser(u: Obj, index: number, env: Record<string, string | undefined>): UserSpec {
  const spec: UserSpec = { name: String(u.name), tags: tagList(u.tags) };
  const variable = str(u.password_env);
  if (variable !== undefined) {
    const pw = env[variable];
    if (pw === undefined || pw === '') throw new DataError(`${objectWords('users', index, u)}: its password comes from environment variable ${variable}, which is not set`, `export ${variable}=… before running rmqx`);
    spec.password = { kind: 'password', password: pw };
  } else if (typeof u.password_hash === 'string') {
    spec.password = u.password_hash === '' ? { kind: 'none' } : { kind: 'hash', hash: u.password_hash, algorithm: str(u.hashing_algorithm) };
  }
  return spec;
}

/** RabbitMQ 3.x's rabbitmqctl export_definitions writes some maps as lists of pairs: [["max-queues", 500]]. */
function pairsObject(value: unknown): unknown {
  return Array.isArray(value) && value.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string') ? Object.fromEntries(value as Array<[string, unknown]>) : value;
}

function limitsOf(owner: string, value: unknown): LimitSpec | undefined {
  const v = pairsObject(value);
  if (!v || typeof v !== 'object') return undefined;
  return { owner, limits: v as Partial<Record<LimitName, number>> };
}

function policyOf(p: Obj): PolicySpec {
  return {
    vhost: String(p.vhost),
    name: String(p.name),
    pattern: String(p.pattern),
    applyTo: str(p['apply-to']) ?? 'all',
    priority: Number(p.priority ?? 0),
    definition: (pairsObject(p.definition) as Obj) ?? {},
  };
}

function queueOf(q: Obj, side: 'want' | 'have'): QueueSpec {
  const like = q as unknown as Queue;
  const args: Arguments = { ...((q.arguments as Arguments) ?? {}) };
  const durable = q.durable === undefined ? true : Boolean(q.durable);
  const autoDelete = Boolean(q.auto_delete);
  if (side === 'have') return { vhost: String(q.vhost), name: String(q.name), type: queueType(like), durable, autoDelete, arguments: declaredQueueArguments(like) };
  // a file's queue without a type takes the vhost's default when created and matches any type
  const type = str(q.type) ?? str(args['x-queue-type']);
  if (type !== undefined) args['x-queue-type'] = type;
  return { vhost: String(q.vhost), name: String(q.name), type, durable, autoDelete, arguments: args };
}

function exchangeOf(x: Obj): ExchangeSpec {
  return {
    vhost: String(x.vhost),
    name: String(x.name),
    type: String(x.type),
    durable: x.durable === undefined ? true : Boolean(x.durable),
    autoDelete: Boolean(x.auto_delete),
    internal: Boolean(x.internal),
    arguments: (x.arguments as Arguments) ?? {},
  };
}

function bindingOf(b: Obj): BindingSpec {
  return {
    vhost: String(b.vhost),
    source: String(b.source),
    destinationType: b.destination_type === 'exchange' ? 'e' : 'q',
    destination: String(b.destination),
    routingKey: str(b.routing_key) ?? '',
    arguments: (b.arguments as Arguments) ?? {},
  };
}

export interface StateOptions {
  side: 'want' | 'have';
  /** where passwords named by password_env are read (want side) */
  env?: Record<string, string | undefined>;
  /** the broker's vhosts as GET /api/vhosts gives them (have side: richer than 3.x exports) */
  vhostObjects?: readonly Vhost[];
}

/** A document's objects, by kind. */
export function stateOf(doc: Definitions, opts: StateOptions): State {
  const want = opts.side === 'want';
  const s: State = {
    vhosts: [],
    users: [],
    globalParameters: [],
    vhostLimits: [],
    userLimits: [],
    permissions: [],
    topicPermissions: [],
    exchanges: [],
    queues: [],
    bindings: [],
    policies: [],
    operatorPolicies: [],
    parameters: [],
  };
  const vhostLimits = new Map<string, LimitSpec>();
  const addVhostLimits = (l: LimitSpec | undefined) => {
    if (!l) return;
    const known = vhostLimits.get(l.owner);
    vhostLimits.set(l.owner, { owner: l.owner, limits: { ...(known?.limits ?? {}), ...l.limits } });
  };

  if (opts.vhostObjects) s.vhosts = opts.vhostObjects.map(vhostSpecOf);
  for (const v of doc.vhosts ?? []) {
    if (!opts.vhostObjects) s.vhosts.push(want ? wantVhost(v) : vhostSpecOf({ ...meta(v), ...v } as unknown as Vhost));
    addVhostLimits(limitsOf(String(v.name), v.limits));
  }
  (doc.users ?? []).forEach((u, i) => {
    s.users.push(want ? wantUser(u, i, opts.env ?? {}) : userSpecOf(u as unknown as User));
    const l = limitsOf(String(u.name), u.limits);
    if (l && (want || Object.keys(l.limits).length)) s.userLimits.push(l);
  });
  for (const g of doc.global_parameters ?? []) {
    const name = String(g.name);
    if (BROKER_GLOBALS.has(name)) continue;
    s.globalParameters.push({ name, value: g.value });
  }
  for (const p of doc.permissions ?? []) s.permissions.push({ vhost: String(p.vhost), user: String(p.user), configure: String(p.configure), write: String(p.write), read: String(p.read) });
  for (const p of doc.topic_permissions ?? []) s.topicPermissions.push({ vhost: String(p.vhost), user: String(p.user), exchange: String(p.exchange), write: String(p.write), read: String(p.read) });
  for (const x of doc.exchanges ?? []) if (!brokerOwnedExchange(String(x.name))) s.exchanges.push(exchangeOf(x));
  for (const q of doc.queues ?? []) s.queues.push(queueOf(q, opts.side));
  for (const b of doc.bindings ?? []) if (!brokerOwnedExchange(String(b.source))) s.bindings.push(bindingOf(b));
  for (const p of doc.policies ?? []) s.policies.push(policyOf(p));
  for (const p of doc.operator_policies ?? []) s.operatorPolicies.push(policyOf(p));
  for (const p of doc.parameters ?? []) {
    const component = String(p.component);
    if (component === VHOST_LIMITS_COMPONENT) addVhostLimits(limitsOf(String(p.vhost), p.value));
    else if (component === OPERATOR_POLICY_COMPONENT) s.operatorPolicies.push(policyOf({ ...(p.value as Obj), vhost: p.vhost, name: p.name }));
    else s.parameters.push({ component, vhost: String(p.vhost), name: String(p.name), value: p.value });
  }
  // a file's `limits: {}` states "no limits" (what --prune clears); the broker's empty ones are none
  for (const l of vhostLimits.values()) if (want || Object.keys(l.limits).length) s.vhostLimits.push(l);
  return s;
}

/** Which state key holds each kind (by the kind's name). */
export const STATE_KEYS: Record<string, StateKey> = {
  vhost: 'vhosts',
  user: 'users',
  'global parameter': 'globalParameters',
  'vhost limits': 'vhostLimits',
  'user limits': 'userLimits',
  permission: 'permissions',
  'topic permission': 'topicPermissions',
  exchange: 'exchanges',
  queue: 'queues',
  binding: 'bindings',
  policy: 'policies',
  'operator policy': 'operatorPolicies',
  parameter: 'parameters',
};

export type AnyKind = Kind<any>;
