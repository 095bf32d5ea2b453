/**
 * Where a message would go: the broker's routing computed from its exchanges and bindings,
 * without publishing. Pure: no I/O, no output. It follows what RabbitMQ's rabbit_exchange:route
 * does (3.10 and 4.x alike):
 *
 * - each exchange is visited once (exchange-to-exchange cycles end there), breadth first;
 * - direct: binding key = routing key; fanout: every binding; topic: words split on '.',
 *   `*` one word, `#` zero or more (an empty routing key has zero words); headers: the
 *   binding's `x-match` all (default) / any / all-with-x / any-with-x against the headers, keys
 *   starting with `x-` left out unless -with-x, values equal as Erlang's == has them;
 * - the default exchange '' routes to the queue named by the routing key (the API lists those
 *   implicit bindings; a queue named here is enough too);
 * - when an exchange's own bindings match nothing at all (no queue, no exchange), its
 *   alternate exchange is next: the exchange argument `alternate-exchange`, else its policy's;
 * - any other exchange type (x-consistent-hash, x-delayed-message, x-local-random, …) routes by
 *   rules the bindings do not tell: it is reported as inexact, with the bindings it might use,
 *   never guessed.
 */

export type Headers = Record<string, unknown>;

export interface RouteExchange {
  name: string;
  type: string;
  internal?: boolean;
  arguments?: Record<string, unknown>;
  /** the alternate exchange its policy names, if any */
  policyAlternate?: string;
}

export interface RouteBinding {
  source: string;
  destination: string;
  destination_type: 'queue' | 'exchange';
  routing_key: string;
  arguments?: Record<string, unknown>;
}

export interface Topology {
  exchanges: readonly RouteExchange[];
  bindings: readonly RouteBinding[];
  /** queue names, for the default exchange (the API's implicit bindings cover them too) */
  queues?: readonly string[];
}

export interface Message {
  exchange: string;
  routingKey: string;
  headers?: Headers;
}

/** How the message got into an exchange. */
export interface Step {
  exchange: string;
  type: string;
  via: 'publish' | 'binding' | 'alternate-exchange';
  /** the exchange-to-exchange binding that brought it here (via 'binding') */
  binding?: { routing_key: string; arguments: Record<string, unknown> };
  /** where the alternate exchange was named (via 'alternate-exchange') */
  from?: 'argument' | 'policy';
}

/** A queue the message reaches, and one way it gets there. */
export interface Route {
  queue: string;
  /** the exchanges it passes, the first one published to */
  path: Step[];
  /** the binding from the last exchange to the queue (for the default exchange, the queue's name) */
  binding: { routing_key: string; arguments: Record<string, unknown> };
}

/** An exchange whose type routes by rules the bindings do not tell. */
export interface Inexact {
  exchange: string;
  type: string;
  path: Step[];
  /** what it might route to: its bindings' destinations */
  candidates: Array<{ destination: string; destination_type: 'queue' | 'exchange'; routing_key: string }>;
}

export interface Outcome {
  /** the exchange published to does not exist */
  missing?: true;
  /** the exchange published to is internal: publishers cannot use it */
  internal?: true;
  /** distinct queue names, in the order found */
  queues: string[];
  routes: Route[];
  inexact: Inexact[];
  /** an alternate exchange named but not there */
  missingAlternates: Array<{ exchange: string; alternate: string }>;
  /** no inexact exchange on the way: the answer is what the broker would do */
  exact: boolean;
}

export const BUILTIN_TYPES: ReadonlySet<string> = new Set(['direct', 'fanout', 'topic', 'headers']);

export function route(topology: Topology, msg: Message): Outcome {
  const exchanges = new Map(topology.exchanges.map((x) => [x.name, x]));
  const bySource = new Map<string, RouteBinding[]>();
  for (const b of topology.bindings) {
    const list = bySource.get(b.source) ?? [];
    list.push(b);
    bySource.set(b.source, list);
  }
  const out: Outcome = { queues: [], routes: [], inexact: [], missingAlternates: [], exact: true };
  const start = exchanges.get(msg.exchange) ?? (msg.exchange === '' ? { name: '', type: 'direct' } : undefined);
  if (!start) return { ...out, missing: true };
  if (start.internal) return { ...out, internal: true };

  const headers = msg.headers ?? {};
  const seen = new Set<string>([start.name]);
  const work: Array<{ x: RouteExchange; path: Step[] }> = [{ x: start, path: [{ exchange: start.name, type: start.type, via: 'publish' }] }];
  const queues = new Set<string>();
  while (work.length > 0) {
    const { x, path } = work.shift() as { x: RouteExchange; path: Step[] };
    let bindings = bySource.get(x.name) ?? [];
    if (x.name === '') bindings = defaultBindings(bindings, topology.queues ?? []);
    if (!BUILTIN_TYPES.has(x.type)) {
      out.exact = false;
      out.inexact.push({ exchange: x.name, type: x.type, path, candidates: bindings.map((b) => ({ destination: b.destination, destination_type: b.destination_type, routing_key: b.routing_key })) });
      continue;
    }
    const matched = bindings.filter((b) => matches(x.type, b, msg.routingKey, headers));
    if (matched.length === 0) {
      const ae = alternateOf(x);
      if (!ae) continue;
      const target = exchanges.get(ae.name);
      if (!target) {
        out.missingAlternates.push({ exchange: x.name, alternate: ae.name });
        continue;
      }
      if (seen.has(target.name)) continue;
      seen.add(target.name);
      work.push({ x: target, path: [...path, { exchange: target.name, type: target.type, via: 'alternate-exchange', from: ae.from }] });
      continue;
    }
    for (const b of matched) {
      const binding = { routing_key: b.routing_key, arguments: b.arguments ?? {} };
      if (b.destination_type === 'queue') {
        queues.add(b.destination);
        out.routes.push({ queue: b.destination, path, binding });
        continue;
      }
      const target = exchanges.get(b.destination);
      if (!target || seen.has(target.name)) continue;
      seen.add(target.name);
      work.push({ x: target, path: [...path, { exchange: target.name, type: target.type, via: 'binding', binding }] });
    }
  }
  out.queues = [...queues];
  return out;
}

/** The default exchange's bindings: one per queue, keyed by its name (the API's list, or the queue names). */
function defaultBindings(listed: readonly RouteBinding[], queues: readonly string[]): RouteBinding[] {
  const names = new Set(listed.map((b) => b.destination));
  return [...listed, ...queues.filter((q) => !names.has(q)).map((q): RouteBinding => ({ source: '', destination: q, destination_type: 'queue', routing_key: q, arguments: {} }))];
}

/** The alternate exchange: the exchange's own argument wins over its policy's (rabbit_policy:get_arg). */
function alternateOf(x: RouteExchange): { name: string; from: 'argument' | 'policy' } | undefined {
  const arg = x.arguments?.['alternate-exchange'];
  if (typeof arg === 'string') return { name: arg, from: 'argument' };
  if (typeof x.policyAlternate === 'string') return { name: x.policyAlternate, from: 'policy' };
  return undefined;
}

export function matches(type: string, b: RouteBinding, routingKey: string, headers: Headers): boolean {
  switch (type) {
    case 'direct':
      return b.routing_key === routingKey;
    case 'fanout':
      return true;
    case 'topic':
      return topicMatches(b.routing_key, routingKey);
    case 'headers':
      return headersMatch(b.arguments ?? {}, headers);
    default:
      return false;
  }
}

/** RabbitMQ's split: '' is no words at all; 'a.' is 'a' and ''. */
export function words(key: string): string[] {
  return key === '' ? [] : key.split('.');
}

/** Topic binding key against a routing key: `*` exactly one word, `#` zero or more. */
export function topicMatches(bindingKey: string, routingKey: string): boolean {
  const pattern = words(bindingKey);
  const key = words(routingKey);
  // memoised: positions (i in pattern, j in key)
  const memo = new Map<number, boolean>();
  const at = (i: number, j: number): boolean => {
    const id = i * (key.length + 1) + j;
    const hit = memo.get(id);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === pattern.length) r = j === key.length;
    else if (pattern[i] === '#') r = at(i + 1, j) || (j < key.length && at(i, j + 1));
    else r = j < key.length && (pattern[i] === '*' || pattern[i] === key[j]) && at(i + 1, j + 1);
    memo.set(id, r);
    return r;
  };
  return at(0, 0);
}

export const X_MATCH = ['all', 'any', 'all-with-x', 'any-with-x'] as const;
export type XMatch = (typeof X_MATCH)[number];

/** A headers binding's arguments against a message's headers (rabbit_exchange_type_headers). */
export function headersMatch(args: Record<string, unknown>, headers: Headers): boolean {
  const raw = args['x-match'];
  const kind: XMatch = (X_MATCH as readonly unknown[]).includes(raw) ? (raw as XMatch) : 'all';
  const withX = kind.endsWith('-with-x');
  const keys = Object.keys(args).filter((k) => k !== 'x-match' && (withX || !k.startsWith('x-')));
  const hit = (k: string) => Object.prototype.hasOwnProperty.call(headers, k) && sameValue(args[k], headers[k]);
  return kind.startsWith('all') ? keys.every(hit) : keys.some(hit);
}

/** Erlang's == on AMQP field values: numbers by value (1 == 1.0), strings, booleans, tables and arrays by content. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => sameValue(v, b[i]));
  const ka = Object.keys(a as object).sort();
  const kb = Object.keys(b as object).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** "orders [topic] --eu.*--> eu [fanout] ==> q" style words for one route's path. */
export function describePath(path: readonly Step[]): string {
  return path
    .map((s, i) => {
      const name = s.exchange === '' ? '(default)' : s.exchange;
      if (i === 0) return name;
      if (s.via === 'alternate-exchange') return `(alternate${s.from === 'policy' ? ', by policy' : ''}) ${name}`;
      return `--[${s.binding?.routing_key ?? ''}]--> ${name}`;
    })
    .join(' ');
}
