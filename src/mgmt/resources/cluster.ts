import type { Http } from '../http.js';
import { path } from '../path.js';
import { t } from './common.js';
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
