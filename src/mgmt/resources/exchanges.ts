import type { Http } from '../http.js';
import { path, query } from '../path.js';
import { t, find, listing } from './common.js';
import type { Exchange, Json } from '../types.js';

export class ExchangesApi {
  constructor(private readonly http: Http) {}
  /** GET /api/exchanges or /api/exchanges/{vhost} */
  list(vhost?: string): Promise<Exchange[]> {
    return this.http.get(...listing('exchanges', vhost));
  }
  /** The same list as it arrives, in batches (Http.getList): memory bounded by a batch. */
  stream(vhost?: string): AsyncGenerator<Exchange[]> {
    return this.http.getList(...listing('exchanges', vhost));
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
