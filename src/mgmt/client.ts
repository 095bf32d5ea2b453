/**
 * The management API client: one object per resource, each method naming its route.
 * Loaded on demand (it pulls in axios), so commands that never speak HTTP never pay for it.
 */
import { Http, type HttpOptions } from './http.js';
import { path, query } from './path.js';
import type { Target } from './errors.js';
import type { Binding, Exchange, Json, Page, Permission, Queue, TopicPermission, User, Vhost } from './types.js';

export type { HttpOptions } from './http.js';

const t = (op: string, kind: string, name?: string, vhost?: string): Target => ({ op, kind, name, vhost });

export class Mgmt {
  readonly http: Http;
  readonly vhosts: VhostsApi;
  readonly users: UsersApi;
  readonly permissions: PermissionsApi;
  readonly topicPermissions: TopicPermissionsApi;
  readonly exchanges: ExchangesApi;
  readonly queues: QueuesApi;
  readonly bindings: BindingsApi;
  readonly cluster: ClusterApi;

  constructor(opts: HttpOptions) {
    this.http = new Http(opts);
    this.vhosts = new VhostsApi(this.http);
    this.users = new UsersApi(this.http);
    this.permissions = new PermissionsApi(this.http);
    this.topicPermissions = new TopicPermissionsApi(this.http);
    this.exchanges = new ExchangesApi(this.http);
    this.queues = new QueuesApi(this.http);
    this.bindings = new BindingsApi(this.http);
    this.cluster = new ClusterApi(this.http);
  }

  close(): void {
    this.http.close();
  }
}

/** GET that answers undefined on 404 instead of throwing: for idempotent declares. */
async function find<T>(http: Http, p: string, target: Target): Promise<T | undefined> {
  try {
    return await http.get<T>(p, target);
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
}

export class VhostsApi {
  constructor(private readonly http: Http) {}
  /** GET /api/vhosts */
  list(): Promise<Vhost[]> {
    return this.http.get(path('vhosts'), t('list', 'vhosts'));
  }
  /** GET /api/vhosts/{name} */
  get(name: string): Promise<Vhost> {
    return this.http.get(path('vhosts', name), t('show', 'vhost', name));
  }
  find(name: string): Promise<Vhost | undefined> {
    return find(this.http, path('vhosts', name), t('show', 'vhost', name));
  }
  /** PUT /api/vhosts/{name} */
  async put(name: string, body: Json): Promise<void> {
    await this.http.request('PUT', path('vhosts', name), body, t('add', 'vhost', name));
  }
  /** DELETE /api/vhosts/{name} */
  async delete(name: string): Promise<void> {
    await this.http.request('DELETE', path('vhosts', name), undefined, t('delete', 'vhost', name));
  }
}

export class UsersApi {
  constructor(private readonly http: Http) {}
  /** GET /api/users */
  list(): Promise<User[]> {
    return this.http.get(path('users'), t('list', 'users'));
  }
  /** GET /api/users/{name} */
  get(name: string): Promise<User> {
    return this.http.get(path('users', name), t('show', 'user', name));
  }
  find(name: string): Promise<User | undefined> {
    return find(this.http, path('users', name), t('show', 'user', name));
  }
  /** PUT /api/users/{name}: {password | password_hash, hashing_algorithm, tags} */
  async put(name: string, body: Json, op = 'add'): Promise<void> {
    await this.http.request('PUT', path('users', name), body, t(op, 'user', name));
  }
  /** DELETE /api/users/{name} */
  async delete(name: string): Promise<void> {
    await this.http.request('DELETE', path('users', name), undefined, t('delete', 'user', name));
  }
  /** GET /api/whoami */
  whoami(): Promise<{ name: string; tags: string[] | string }> {
    return this.http.get(path('whoami'), t('read', 'current user'));
  }
}

export class PermissionsApi {
  constructor(private readonly http: Http) {}
  /** GET /api/permissions, /api/vhosts/{vhost}/permissions or /api/users/{user}/permissions */
  list(filter: { vhost?: string; user?: string } = {}): Promise<Permission[]> {
    if (filter.user !== undefined) return this.http.get(path('users', filter.user, 'permissions'), t('list permissions of', 'user', filter.user));
    if (filter.vhost !== undefined) return this.http.get(path('vhosts', filter.vhost, 'permissions'), t('list permissions in', 'vhost', filter.vhost));
    return this.http.get(path('permissions'), t('list', 'permissions'));
  }
  find(vhost: string, user: string): Promise<Permission | undefined> {
    return find(this.http, path('permissions', vhost, user), t('show permissions of', 'user', user, vhost));
  }
  /** PUT /api/permissions/{vhost}/{user}: {configure, write, read} */
  async put(vhost: string, user: string, body: { configure: string; write: string; read: string }): Promise<void> {
    await this.http.request('PUT', path('permissions', vhost, user), body, t('set permissions of', 'user', user, vhost));
  }
  /** DELETE /api/permissions/{vhost}/{user} */
  async delete(vhost: string, user: string): Promise<void> {
    await this.http.request('DELETE', path('permissions', vhost, user), undefined, t('clear permissions of', 'user', user, vhost));
  }
}

export class TopicPermissionsApi {
  constructor(private readonly http: Http) {}
  /** GET /api/topic-permissions, /api/vhosts/{vhost}/topic-permissions or /api/users/{user}/topic-permissions */
  list(filter: { vhost?: string; user?: string } = {}): Promise<TopicPermission[]> {
    if (filter.user !== undefined)
      return this.http.get(path('users', filter.user, 'topic-permissions'), t('list topic permissions of', 'user', filter.user));
    if (filter.vhost !== undefined)
      return this.http.get(path('vhosts', filter.vhost, 'topic-permissions'), t('list topic permissions in', 'vhost', filter.vhost));
    return this.http.get(path('topic-permissions'), t('list', 'topic permissions'));
  }
  /** GET /api/topic-permissions/{vhost}/{user}: one entry per exchange */
  async find(vhost: string, user: string): Promise<TopicPermission[]> {
    return (await find<TopicPermission[]>(this.http, path('topic-permissions', vhost, user), t('show topic permissions of', 'user', user, vhost))) ?? [];
  }
  /** PUT /api/topic-permissions/{vhost}/{user}: {exchange, write, read} */
  async put(vhost: string, user: string, body: { exchange: string; write: string; read: string }): Promise<void> {
    await this.http.request('PUT', path('topic-permissions', vhost, user), body, t('set topic permissions of', 'user', user, vhost));
  }
  /** DELETE /api/topic-permissions/{vhost}/{user}: every exchange's entry */
  async delete(vhost: string, user: string): Promise<void> {
    await this.http.request('DELETE', path('topic-permissions', vhost, user), undefined, t('clear topic permissions of', 'user', user, vhost));
  }
}

export class ExchangesApi {
  constructor(private readonly http: Http) {}
  /** GET /api/exchanges or /api/exchanges/{vhost} */
  list(vhost?: string): Promise<Exchange[]> {
    return vhost === undefined ? this.http.get(path('exchanges'), t('list', 'exchanges')) : this.http.get(path('exchanges', vhost), t('list exchanges in', 'vhost', vhost));
  }
  /** GET /api/exchanges/{vhost}/{name} */
  get(vhost: string, name: string): Promise<Exchange> {
    return this.http.get(path('exchanges', vhost, name), t('show', 'exchange', name, vhost));
  }
  find(vhost: string, name: string): Promise<Exchange | undefined> {
    return find(this.http, path('exchanges', vhost, name), t('show', 'exchange', name, vhost));
  }
  /** PUT /api/exchanges/{vhost}/{name}: {type, durable, auto_delete, internal, arguments} */
  async put(vhost: string, name: string, body: Json): Promise<void> {
    await this.http.request('PUT', path('exchanges', vhost, name), body, t('declare', 'exchange', name, vhost));
  }
  /** DELETE /api/exchanges/{vhost}/{name}[?if-unused=true] */
  async delete(vhost: string, name: string, opts: { ifUnused?: boolean } = {}): Promise<void> {
    await this.http.request('DELETE', path('exchanges', vhost, name) + query({ 'if-unused': opts.ifUnused || undefined }), undefined, t('delete', 'exchange', name, vhost));
  }
}

export interface QueuePageQuery {
  page: number;
  pageSize: number;
  name?: string;
  useRegex?: boolean;
  columns?: string[];
}

export class QueuesApi {
  constructor(private readonly http: Http) {}
  /** GET /api/queues[/{vhost}]?page=&page_size=&name=&use_regex=&columns= : one page, filtered by the server */
  page(vhost: string | undefined, q: QueuePageQuery): Promise<Page<Queue>> {
    const p = (vhost === undefined ? path('queues') : path('queues', vhost)) +
      query({
        page: q.page,
        page_size: q.pageSize,
        name: q.name,
        use_regex: q.useRegex || undefined,
        columns: q.columns?.join(','),
      });
    return this.http.get(p, vhost === undefined ? t('list', 'queues') : t('list queues in', 'vhost', vhost));
  }
  /** Every page in turn, so a broker with tens of thousands of queues never needs one giant answer. */
  async *pages(vhost: string | undefined, q: Omit<QueuePageQuery, 'page'>): AsyncGenerator<Queue[]> {
    for (let page = 1; ; page++) {
      const answer = await this.page(vhost, { ...q, page });
      yield answer.items;
      if (page >= answer.page_count) return;
    }
  }
  /** GET /api/queues/{vhost}/{name} */
  get(vhost: string, name: string): Promise<Queue> {
    return this.http.get(path('queues', vhost, name), t('show', 'queue', name, vhost));
  }
  find(vhost: string, name: string): Promise<Queue | undefined> {
    return find(this.http, path('queues', vhost, name) + query({ columns: 'name,vhost,type,durable,auto_delete,exclusive,arguments' }), t('show', 'queue', name, vhost));
  }
  /** PUT /api/queues/{vhost}/{name}: {durable, auto_delete, arguments} */
  async put(vhost: string, name: string, body: Json): Promise<void> {
    await this.http.request('PUT', path('queues', vhost, name), body, t('declare', 'queue', name, vhost));
  }
  /** DELETE /api/queues/{vhost}/{name}[?if-empty=true&if-unused=true] */
  async delete(vhost: string, name: string, opts: { ifEmpty?: boolean; ifUnused?: boolean } = {}): Promise<void> {
    const q = query({ 'if-empty': opts.ifEmpty || undefined, 'if-unused': opts.ifUnused || undefined });
    await this.http.request('DELETE', path('queues', vhost, name) + q, undefined, t('delete', 'queue', name, vhost));
  }
  /** DELETE /api/queues/{vhost}/{name}/contents */
  async purge(vhost: string, name: string): Promise<void> {
    await this.http.request('DELETE', path('queues', vhost, name, 'contents'), undefined, t('purge', 'queue', name, vhost));
  }
}

export type DestinationType = 'q' | 'e';

export class BindingsApi {
  constructor(private readonly http: Http) {}
  /** GET /api/bindings or /api/bindings/{vhost} */
  list(vhost?: string): Promise<Binding[]> {
    return vhost === undefined ? this.http.get(path('bindings'), t('list', 'bindings')) : this.http.get(path('bindings', vhost), t('list bindings in', 'vhost', vhost));
  }
  /** GET /api/queues/{vhost}/{queue}/bindings */
  ofQueue(vhost: string, queue: string): Promise<Binding[]> {
    return this.http.get(path('queues', vhost, queue, 'bindings'), t('list bindings of', 'queue', queue, vhost));
  }
  /** GET /api/exchanges/{vhost}/{exchange}/bindings/source */
  fromExchange(vhost: string, exchange: string): Promise<Binding[]> {
    return this.http.get(path('exchanges', vhost, exchange, 'bindings', 'source'), t('list bindings of', 'exchange', exchange, vhost));
  }
  /** GET /api/bindings/{vhost}/e/{source}/{q|e}/{destination}: every binding between the two */
  between(vhost: string, source: string, type: DestinationType, destination: string, target: Target): Promise<Binding[]> {
    return this.http.get(path('bindings', vhost, 'e', source, type, destination), target);
  }
  /** POST /api/bindings/{vhost}/e/{source}/{q|e}/{destination}: {routing_key, arguments} */
  async create(vhost: string, source: string, type: DestinationType, destination: string, body: { routing_key: string; arguments: Json }, target: Target): Promise<void> {
    await this.http.request('POST', path('bindings', vhost, 'e', source, type, destination), body, target);
  }
  /** DELETE /api/bindings/{vhost}/e/{source}/{q|e}/{destination}/{properties_key} */
  async delete(vhost: string, source: string, type: DestinationType, destination: string, propertiesKey: string, target: Target): Promise<void> {
    await this.http.request('DELETE', path('bindings', vhost, 'e', source, type, destination, propertiesKey), undefined, target);
  }
}

export class ClusterApi {
  constructor(private readonly http: Http) {}
  /** GET /api/overview */
  overview(): Promise<Json> {
    return this.http.get(path('overview'), t('read', 'overview'));
  }
  /** GET /api/nodes */
  nodes(): Promise<Json[]> {
    return this.http.get(path('nodes'), t('list', 'nodes'));
  }
  /** GET /api/connections or /api/vhosts/{vhost}/connections */
  connections(vhost?: string): Promise<Json[]> {
    return vhost === undefined ? this.http.get(path('connections'), t('list', 'connections')) : this.http.get(path('vhosts', vhost, 'connections'), t('list connections in', 'vhost', vhost));
  }
  /** DELETE /api/connections/{name} with X-Reason */
  async closeConnection(name: string, reason: string): Promise<void> {
    await this.http.request('DELETE', path('connections', name), undefined, t('close', 'connection', name), { 'x-reason': reason });
  }
  /** GET /api/channels or /api/vhosts/{vhost}/channels */
  channels(vhost?: string): Promise<Json[]> {
    return vhost === undefined ? this.http.get(path('channels'), t('list', 'channels')) : this.http.get(path('vhosts', vhost, 'channels'), t('list channels in', 'vhost', vhost));
  }
  /** GET /api/consumers or /api/consumers/{vhost} */
  consumers(vhost?: string): Promise<Json[]> {
    return vhost === undefined ? this.http.get(path('consumers'), t('list', 'consumers')) : this.http.get(path('consumers', vhost), t('list consumers in', 'vhost', vhost));
  }
}
