import type { Http } from '../http.js';
import { path } from '../path.js';
import { find, t } from './common.js';
import type { Json } from '../types.js';

/** A policy as the API has it (GET /api/policies/{vhost}/{name}). */
export interface Policy extends Json {
  vhost: string;
  name: string;
  pattern: string;
  'apply-to': string;
  priority: number;
  definition: Json;
}

export interface PolicyParams {
  pattern: string;
  'apply-to': string;
  priority: number;
  definition: Json;
}

export class PoliciesApi {
  constructor(private readonly http: Http) {}
  /** GET /api/policies or /api/policies/{vhost}. Needs the policymaker (or monitoring) tag. */
  list(vhost?: string): Promise<Policy[]> {
    return vhost === undefined ? this.http.get(path('policies'), t('list', 'policies')) : this.http.get(path('policies', vhost), t('list policies in', 'vhost', vhost));
  }
  /** GET /api/policies/{vhost}/{name}: undefined when there is none */
  find(vhost: string, name: string): Promise<Policy | undefined> {
    return find(this.http, path('policies', vhost, name), t('show', 'policy', name, vhost));
  }
  /** GET /api/policies/{vhost}/{name} */
  get(vhost: string, name: string): Promise<Policy> {
    return this.http.get(path('policies', vhost, name), t('show', 'policy', name, vhost));
  }
  /** PUT /api/policies/{vhost}/{name}: {pattern, definition, priority, apply-to}. Needs policymaker. */
  async put(vhost: string, name: string, p: PolicyParams): Promise<void> {
    await this.http.request('PUT', path('policies', vhost, name), p, t('set', 'policy', name, vhost));
  }
  /** DELETE /api/policies/{vhost}/{name} */
  async delete(vhost: string, name: string): Promise<void> {
    await this.http.request('DELETE', path('policies', vhost, name), undefined, t('clear', 'policy', name, vhost));
  }
}
