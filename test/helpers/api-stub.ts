/**
 * A STATEFUL stub of the management API, for in-process tests that need a broker's memory
 * without a broker: vhosts, users, permissions, topic permissions, exchanges, queues and
 * bindings, each read, written and removed the way RabbitMQ answers (measured on 3.10.8 and
 * 4.3.6): 201 when a PUT or POST creates, 204 when it updates or deletes, 404
 * {error:'Object Not Found', reason:'Not Found'} for a missing object, 400 for inequivalent
 * exchange and queue properties, GET of one queue honouring ?columns=. Deleting a vhost, user,
 * exchange or queue takes what depends on it along, as the broker does.
 *
 * It models state and nothing else: no route knows about any test. A route it does not model
 * answers 501, so a command that starts calling one fails loudly instead of reading "not found".
 * Built on startStub() (test/helpers/stub-server.ts), so every request is recorded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { startStub, type Recorded, type Reply, type Stub } from './stub-server.js';

/** Where the two tested brokers answer differently, and which one the stub answers like. */
export type StubBroker = '3.10' | '4.3';

type Args = Record<string, unknown>;

interface VhostRec {
  name: string;
  description: string;
  tags: string[];
  defaultQueueType: string | undefined;
  tracing: boolean;
  exchanges: Map<string, ExchangeRec>;
  queues: Map<string, QueueRec>;
  bindings: BindingRec[];
}

interface ExchangeRec {
  name: string;
  type: string;
  durable: boolean;
  auto_delete: boolean;
  internal: boolean;
  arguments: Args;
}

interface QueueRec {
  name: string;
  type: string;
  durable: boolean;
  auto_delete: boolean;
  arguments: Args;
}

interface BindingRec {
  source: string;
  destination: string;
  destination_type: 'queue' | 'exchange';
  routing_key: string;
  arguments: Args;
}

interface UserRec {
  name: string;
  password_hash: string;
  hashing_algorithm: string;
  tags: string[];
}

interface Patterns {
  configure: string;
  write: string;
  read: string;
}

export interface ApiStub {
  url: string;
  broker: StubBroker;
  /** every request received, rmqx's and api()'s alike, in order */
  requests: Recorded[];
  /** the API over HTTP as guest, like test/helpers/cli.ts api() (its requests are recorded too) */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

const SHA256 = 'rabbit_password_hashing_sha256';
const NOT_FOUND: Reply = { status: 404, body: { error: 'Object Not Found', reason: 'Not Found' } };
const badRequest = (reason: unknown): Reply => ({ status: 400, body: { error: 'bad_request', reason } });
const notFound = (reason: string): Reply => ({ status: 404, body: { error: 'not_found', reason } });
const ok = (body: unknown): Reply => ({ status: 200, body });
const created = (existed: boolean): Reply => ({ status: existed ? 204 : 201 });
const NO_CONTENT: Reply = { status: 204 };

/** The broker's rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ password)), a 4-byte salt. */
export function sha256PasswordHash(password: string, salt: Buffer = randomBytes(4)): string {
  const digest = createHash('sha256').update(Buffer.concat([salt, Buffer.from(password, 'utf8')])).digest();
  return Buffer.concat([salt, digest]).toString('base64');
}

/** Tags as the API takes them: an array, or a comma-separated string. */
function tagsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String).filter(Boolean);
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter(Boolean);
  return [];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Args)[k])]));
  return v;
}

/** The API's properties_key: the routing key alone, or with a digest of the arguments after '~'. */
function propertiesKey(b: Pick<BindingRec, 'routing_key' | 'arguments'>): string {
  if (Object.keys(b.arguments).length === 0) return b.routing_key;
  const digest = createHash('sha1').update(JSON.stringify(canonical(b.arguments))).digest('base64url').slice(0, 6);
  return `${b.routing_key}~${digest}`;
}

/** Only the ?columns= asked for (in alphabetical order); a dotted column picks a nested field, as the API does. */
function pickColumns(doc: Args, columns: string | null): Args {
  if (!columns) return doc;
  return sorted(picked(doc, columns));
}

function picked(doc: Args, columns: string): Args {
  const out: Args = {};
  for (const col of columns.split(',').filter(Boolean)) {
    const [head, ...rest] = col.split('.');
    const value = doc[head as string];
    if (value === undefined) continue;
    if (rest.length === 0) out[head as string] = value;
    else if (value && typeof value === 'object') {
      const inner = picked(value as Args, rest.join('.'));
      if (Object.keys(inner).length) out[head as string] = { ...((out[head as string] as Args) ?? {}), ...inner };
    }
  }
  return out;
}

/**
 * "received 'false' but current is 'true'"; an argument only one side has is "the value '5' of
 * type 'long'" against "none": as the broker words an inequivalent declare.
 */
function inequivalent(field: string, kind: string, name: string, vhost: string, want: unknown, have: unknown, argument = false): Reply {
  const amqpType = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? 'long' : 'double') : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'longstr' : 'table');
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const oneSided = argument && (want === undefined || have === undefined);
  const words = (v: unknown) => (v === undefined ? 'none' : oneSided ? `the value '${text(v)}' of type '${amqpType(v)}'` : `'${text(v)}'`);
  return badRequest(`inequivalent arg '${field}' for ${kind} '${name}' in vhost '${vhost}': received ${words(want)} but current is ${words(have)}`);
}

/** The document with its keys in alphabetical order, as the API returns exchanges and queues. */
function sorted(doc: Args): Args {
  return Object.fromEntries(Object.keys(doc).sort().map((k) => [k, doc[k]]));
}

const DEFAULT_EXCHANGES: Array<[string, string, boolean]> = [
  ['', 'direct', false],
  ['amq.direct', 'direct', false],
  ['amq.fanout', 'fanout', false],
  ['amq.headers', 'headers', false],
  ['amq.match', 'headers', false],
  ['amq.topic', 'topic', false],
  ['amq.rabbitmq.trace', 'topic', true],
];

export async function startApiStub(opts: { broker?: StubBroker } = {}): Promise<ApiStub> {
  const broker = opts.broker ?? '3.10';
  const stub: Stub = await startStub();
  const vhosts = new Map<string, VhostRec>();
  const users = new Map<string, UserRec>();
  /** key: vhost NUL user */
  const permissions = new Map<string, Patterns>();
  /** key: vhost NUL user → exchange → patterns */
  const topicPermissions = new Map<string, Map<string, Omit<Patterns, 'configure'>>>();
  const key = (vhost: string, user: string) => `${vhost}\u0000${user}`;

  function addVhost(name: string): VhostRec {
    const v: VhostRec = { name, description: '', tags: [], defaultQueueType: undefined, tracing: false, exchanges: new Map(), queues: new Map(), bindings: [] };
    for (const [x, type, internal] of DEFAULT_EXCHANGES) v.exchanges.set(x, { name: x, type, durable: true, auto_delete: false, internal, arguments: {} });
    vhosts.set(name, v);
    return v;
  }
  addVhost('/').description = 'Default virtual host';
  users.set('guest', { name: 'guest', password_hash: sha256PasswordHash('guest'), hashing_algorithm: SHA256, tags: ['administrator'] });
  permissions.set(key('/', 'guest'), { configure: '.*', write: '.*', read: '.*' });

  /** route(METHOD, /api/a/{}/b/{}): the {} are path segments, handed over decoded */
  function route(method: string, pattern: string, handle: (params: string[], req: Recorded) => Reply): void {
    const re = new RegExp(`^${pattern.replace(/\//g, '\\/').replace(/\{\}/g, '([^/]+)')}$`);
    stub.on(method, re, (req) => handle((re.exec(req.path) as RegExpExecArray).slice(1).map(decodeURIComponent), req));
  }
  const body = (req: Recorded): Args => (req.body && typeof req.body === 'object' ? (req.body as Args) : {});

  // ---- vhosts
  const vhostDoc = (v: VhostRec): Args => {
    const type = v.defaultQueueType ?? (broker === '3.10' ? 'undefined' : 'classic');
    const metadata: Args = { description: v.description, tags: v.tags, ...(v.defaultQueueType || broker !== '3.10' ? { default_queue_type: type } : {}) };
    return { name: v.name, description: v.description, tags: v.tags, default_queue_type: type, ...(broker === '4.3' ? { protected_from_deletion: false } : {}), metadata, tracing: v.tracing, cluster_state: { 'rabbit@stub': 'running' } };
  };
  route('GET', '/api/vhosts/{}', ([name]) => {
    const v = vhosts.get(name as string);
    return v ? ok(vhostDoc(v)) : NOT_FOUND;
  });
  route('PUT', '/api/vhosts/{}', ([name], req) => {
    const b = body(req);
    const existed = vhosts.get(name as string);
    const v = existed ?? addVhost(name as string);
    // a PUT replaces description and tags (absent: none), and changes tracing only when given
    v.description = String(b.description ?? '');
    v.tags = tagsOf(b.tags);
    if (b.tracing !== undefined) v.tracing = Boolean(b.tracing);
    // 3.10 reads only `defaultqueuetype` and keeps the type when it is absent; 4.3 reads either
    // key, and an update without one sets classic
    const type = broker === '3.10' ? b.defaultqueuetype : (b.default_queue_type ?? b.defaultqueuetype);
    if (typeof type === 'string' && type !== '' && type !== 'undefined') v.defaultQueueType = type;
    else if (broker === '4.3' && existed) v.defaultQueueType = 'classic';
    return created(Boolean(existed));
  });
  route('DELETE', '/api/vhosts/{}', ([name]) => {
    if (!vhosts.delete(name as string)) return NOT_FOUND;
    for (const k of [...permissions.keys()]) if (k.startsWith(`${name}\u0000`)) permissions.delete(k);
    for (const k of [...topicPermissions.keys()]) if (k.startsWith(`${name}\u0000`)) topicPermissions.delete(k);
    return NO_CONTENT;
  });

  // ---- users
  route('GET', '/api/users/{}', ([name]) => {
    const u = users.get(name as string);
    return u ? ok({ name: u.name, password_hash: u.password_hash, hashing_algorithm: u.hashing_algorithm, tags: u.tags, limits: {} }) : NOT_FOUND;
  });
  route('PUT', '/api/users/{}', ([name], req) => {
    const b = body(req);
    const existed = users.has(name as string);
    let hash = '';
    let algorithm = SHA256;
    // neither password nor password_hash: the broker sets an empty hash (no password), also on an update
    if (typeof b.password === 'string') hash = sha256PasswordHash(b.password);
    else if (typeof b.password_hash === 'string') {
      hash = b.password_hash;
      if (typeof b.hashing_algorithm === 'string') algorithm = b.hashing_algorithm;
    }
    users.set(name as string, { name: name as string, password_hash: hash, hashing_algorithm: algorithm, tags: tagsOf(b.tags) });
    return created(existed);
  });
  route('DELETE', '/api/users/{}', ([name]) => {
    if (!users.delete(name as string)) return NOT_FOUND;
    for (const k of [...permissions.keys()]) if (k.endsWith(`\u0000${name}`)) permissions.delete(k);
    for (const k of [...topicPermissions.keys()]) if (k.endsWith(`\u0000${name}`)) topicPermissions.delete(k);
    return NO_CONTENT;
  });

  // ---- permissions
  route('GET', '/api/permissions/{}/{}', ([vhost, user]) => {
    const p = permissions.get(key(vhost as string, user as string));
    return p ? ok({ user, vhost, ...p }) : NOT_FOUND;
  });
  route('PUT', '/api/permissions/{}/{}', ([vhost, user], req) => {
    if (!vhosts.has(vhost as string) || !users.has(user as string)) return badRequest('vhost_or_user_not_found');
    const b = body(req);
    const k = key(vhost as string, user as string);
    const existed = permissions.has(k);
    permissions.set(k, { configure: String(b.configure ?? ''), write: String(b.write ?? ''), read: String(b.read ?? '') });
    return created(existed);
  });
  route('DELETE', '/api/permissions/{}/{}', ([vhost, user]) => (permissions.delete(key(vhost as string, user as string)) ? NO_CONTENT : NOT_FOUND));

  // ---- topic permissions: one entry per exchange, all of a user's in a vhost read and removed at once
  route('GET', '/api/topic-permissions/{}/{}', ([vhost, user]) => {
    const entries = topicPermissions.get(key(vhost as string, user as string));
    return entries?.size ? ok([...entries].map(([exchange, p]) => ({ user, vhost, exchange, ...p }))) : NOT_FOUND;
  });
  route('PUT', '/api/topic-permissions/{}/{}', ([vhost, user], req) => {
    const v = vhosts.get(vhost as string);
    if (!v || !users.has(user as string)) return badRequest('vhost_or_user_not_found');
    const b = body(req);
    const exchange = String(b.exchange ?? '');
    // 4.x refuses a topic permission for an exchange that does not exist
    if (broker === '4.3' && !v.exchanges.has(exchange)) return badRequest(['no_such_exchange', exchange]);
    const k = key(vhost as string, user as string);
    const entries = topicPermissions.get(k) ?? new Map();
    const existed = entries.size > 0;
    entries.set(exchange, { write: String(b.write ?? ''), read: String(b.read ?? '') });
    topicPermissions.set(k, entries);
    return created(existed);
  });
  route('DELETE', '/api/topic-permissions/{}/{}', ([vhost, user]) => (topicPermissions.delete(key(vhost as string, user as string)) ? NO_CONTENT : NOT_FOUND));

  // ---- exchanges
  const exchangeDoc = (vhost: string, x: ExchangeRec): Args => sorted({ ...x, vhost, incoming: [], outgoing: [], user_who_performed_action: 'guest' });
  route('GET', '/api/exchanges/{}/{}', ([vhost, name]) => {
    const x = vhosts.get(vhost as string)?.exchanges.get(name as string);
    return x ? ok(exchangeDoc(vhost as string, x)) : NOT_FOUND;
  });
  route('PUT', '/api/exchanges/{}/{}', ([vhost, name], req) => {
    const v = vhosts.get(vhost as string);
    if (!v) return notFound('vhost_not_found');
    const b = body(req);
    const want: ExchangeRec = { name: name as string, type: String(b.type ?? 'direct'), durable: Boolean(b.durable), auto_delete: Boolean(b.auto_delete), internal: Boolean(b.internal), arguments: (b.arguments as Args) ?? {} };
    const have = v.exchanges.get(name as string);
    if (have) {
      for (const f of ['type', 'durable', 'auto_delete', 'internal'] as const) if (!same(have[f], want[f])) return inequivalent(f, 'exchange', want.name, v.name, want[f], have[f]);
      for (const k of new Set([...Object.keys(have.arguments), ...Object.keys(want.arguments)])) {
        if (!same(have.arguments[k], want.arguments[k])) return inequivalent(k, 'exchange', want.name, v.name, want.arguments[k], have.arguments[k], true);
      }
      return NO_CONTENT;
    }
    v.exchanges.set(want.name, want);
    return created(false);
  });
  route('DELETE', '/api/exchanges/{}/{}', ([vhost, name]) => {
    const v = vhosts.get(vhost as string);
    if (!v || !v.exchanges.delete(name as string)) return NOT_FOUND;
    v.bindings = v.bindings.filter((b) => b.source !== name && !(b.destination_type === 'exchange' && b.destination === name));
    return NO_CONTENT;
  });

  // ---- queues
  const queueDoc = (vhost: string, q: QueueRec): Args => sorted({
    name: q.name,
    vhost,
    type: q.type,
    durable: q.durable,
    auto_delete: q.auto_delete,
    exclusive: false,
    arguments: q.arguments,
    node: 'rabbit@stub',
    state: 'running',
    policy: null,
    consumers: 0,
    messages: 0,
    messages_ready: 0,
    messages_unacknowledged: 0,
  });
  route('GET', '/api/queues/{}/{}', ([vhost, name], req) => {
    const q = vhosts.get(vhost as string)?.queues.get(name as string);
    return q ? ok(pickColumns(queueDoc(vhost as string, q), new URLSearchParams(req.query).get('columns'))) : NOT_FOUND;
  });
  route('PUT', '/api/queues/{}/{}', ([vhost, name], req) => {
    const v = vhosts.get(vhost as string);
    if (!v) return notFound('vhost_not_found');
    const b = body(req);
    const args: Args = { ...((b.arguments as Args) ?? {}) };
    const type = String(args['x-queue-type'] ?? v.defaultQueueType ?? 'classic');
    // 4.x records the type it chose among the arguments
    if (broker === '4.3') args['x-queue-type'] = type;
    // the API's durable and auto_delete default to false
    const want: QueueRec = { name: name as string, type, durable: Boolean(b.durable), auto_delete: Boolean(b.auto_delete), arguments: args };
    const have = v.queues.get(name as string);
    if (have) {
      for (const f of ['durable', 'auto_delete'] as const) if (have[f] !== want[f]) return inequivalent(f, 'queue', want.name, v.name, want[f], have[f]);
      // x-queue-type is compared with the queue's type, and only when the request names one
      const asked = (b.arguments as Args | undefined)?.['x-queue-type'];
      if (asked !== undefined && asked !== have.type) return inequivalent('x-queue-type', 'queue', want.name, v.name, asked, have.type, true);
      for (const k of new Set([...Object.keys(have.arguments), ...Object.keys(want.arguments)])) {
        if (k === 'x-queue-type') continue;
        if (!same(have.arguments[k], want.arguments[k])) return inequivalent(k, 'queue', want.name, v.name, want.arguments[k], have.arguments[k], true);
      }
      return NO_CONTENT;
    }
    v.queues.set(want.name, want);
    return created(false);
  });
  route('DELETE', '/api/queues/{}/{}', ([vhost, name]) => {
    const v = vhosts.get(vhost as string);
    // an empty queue without consumers: ?if-empty and ?if-unused always hold
    if (!v || !v.queues.delete(name as string)) return NOT_FOUND;
    v.bindings = v.bindings.filter((b) => !(b.destination_type === 'queue' && b.destination === name));
    return NO_CONTENT;
  });

  // ---- bindings between an exchange and a queue (q) or exchange (e)
  const bindingDoc = (vhost: string, b: BindingRec): Args => ({ source: b.source, vhost, destination: b.destination, destination_type: b.destination_type, routing_key: b.routing_key, arguments: b.arguments, properties_key: propertiesKey(b) });
  const destinationType = (t: string): BindingRec['destination_type'] => (t === 'q' ? 'queue' : 'exchange');
  const between = (v: VhostRec, source: string, t: string, destination: string) => v.bindings.filter((b) => b.source === source && b.destination_type === destinationType(t) && b.destination === destination);
  for (const t of ['q', 'e']) {
    // missing ends or vhost: no bindings, not 404 (both brokers)
    route('GET', `/api/bindings/{}/e/{}/${t}/{}`, ([vhost, source, destination]) => {
      const v = vhosts.get(vhost as string);
      return ok(v ? between(v, source as string, t, destination as string).map((b) => bindingDoc(v.name, b)) : []);
    });
    route('POST', `/api/bindings/{}/e/{}/${t}/{}`, ([vhost, source, destination], req) => {
      const v = vhosts.get(vhost as string);
      if (!v) return notFound('vhost_not_found');
      if (!v.exchanges.has(source as string)) return notFound(`no exchange '${source}' in vhost '${vhost}'`);
      const destExists = t === 'q' ? v.queues.has(destination as string) : v.exchanges.has(destination as string);
      if (!destExists) return notFound(`no ${t === 'q' ? 'queue' : 'exchange'} '${destination}' in vhost '${vhost}'`);
      const b = body(req);
      const want: BindingRec = { source: source as string, destination: destination as string, destination_type: destinationType(t), routing_key: String(b.routing_key ?? ''), arguments: (b.arguments as Args) ?? {} };
      // binding again what is bound is 201 too, and no second binding
      if (!between(v, want.source, t, want.destination).some((x) => x.routing_key === want.routing_key && same(x.arguments, want.arguments))) v.bindings.push(want);
      return { status: 201 };
    });
    route('DELETE', `/api/bindings/{}/e/{}/${t}/{}/{}`, ([vhost, source, destination, props]) => {
      const v = vhosts.get(vhost as string);
      const found = v && between(v, source as string, t, destination as string).find((b) => propertiesKey(b) === props);
      if (!v || !found) return NOT_FOUND;
      v.bindings = v.bindings.filter((b) => b !== found);
      return NO_CONTENT;
    });
  }

  // everything else: not modelled, and saying so
  for (const method of ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'HEAD']) {
    stub.on(method, /.*/, (req) => ({ status: 501, body: { error: 'not_implemented', reason: `the API stub models no ${req.method} ${req.path}` } }));
  }

  return {
    url: stub.url,
    broker,
    requests: stub.requests,
    async api(method, path, reqBody) {
      const res = await fetch(stub.url + path, {
        method,
        headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' },
        body: reqBody === undefined ? undefined : JSON.stringify(reqBody),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    close: () => stub.close(),
  };
}
