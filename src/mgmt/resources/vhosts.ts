import type { Http } from '../http.js';
import { path } from '../path.js';
import { t, find } from './common.js';
import type { Json, Vhost } from '../types.js';

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
  /** POST /api/vhosts/{name}/deletion/protection (RabbitMQ 4.1+): DELETE of the vhost is refused (412) until it is lifted */
  async protect(name: string): Promise<void> {
    await this.http.request('POST', path('vhosts', name, 'deletion', 'protection'), undefined, t('protect from deletion', 'vhost', name));
  }
  /** DELETE /api/vhosts/{name}/deletion/protection (RabbitMQ 4.1+) */
  async unprotect(name: string): Promise<void> {
    await this.http.request('DELETE', path('vhosts', name, 'deletion', 'protection'), undefined, t('lift the deletion protection of', 'vhost', name));
  }
  /** DELETE /api/vhosts/{name} */
  async delete(name: string): Promise<void> {
    await this.http.request('DELETE', path('vhosts', name), undefined, t('delete', 'vhost', name));
  }
}
