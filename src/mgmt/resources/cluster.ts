import type { Http } from '../http.js';
import { path } from '../path.js';
import { t, listing } from './common.js';
import type { Json } from '../types.js';

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
  /** GET /api/nodes/{name} */
  node(name: string): Promise<Json> {
    return this.http.get(path('nodes', name), t('show', 'node', name));
  }
  /** GET /api/connections or /api/vhosts/{vhost}/connections */
  connections(vhost?: string): Promise<Json[]> {
    return this.http.get(...listing('connections', vhost, true));
  }
  /** The same list, in batches as it arrives (Http.getList) */
  connectionStream(vhost?: string): AsyncGenerator<Json[]> {
    return this.http.getList(...listing('connections', vhost, true));
  }
  /** DELETE /api/connections/{name} with X-Reason */
  async closeConnection(name: string, reason: string): Promise<void> {
    await this.http.request('DELETE', path('connections', name), undefined, t('close', 'connection', name), { 'x-reason': reason });
  }
  /** GET /api/channels or /api/vhosts/{vhost}/channels, in batches as it arrives (Http.getList) */
  channelStream(vhost?: string): AsyncGenerator<Json[]> {
    return this.http.getList(...listing('channels', vhost, true));
  }
  /** GET /api/consumers or /api/consumers/{vhost}, in batches as it arrives (Http.getList) */
  consumerStream(vhost?: string): AsyncGenerator<Json[]> {
    return this.http.getList(...listing('consumers', vhost));
  }
}
