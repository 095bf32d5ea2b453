import type { Http } from '../http.js';
import { path } from '../path.js';
import { find, t } from './common.js';
import type { Json } from '../types.js';

/**
 * A dynamic shovel's definition: the value of its runtime parameter (component `shovel`), with
 * the API's own keys (src-protocol, src-uri, src-queue, dest-exchange-key, ack-mode …).
 */
export type ShovelValue = Record<string, string | number | boolean | string[]>;

/** One runtime parameter of component `shovel`: GET /api/parameters/shovel/{vhost}/{name}. */
export interface ShovelParameter extends Json {
  vhost: string;
  name: string;
  component: string;
  value: ShovelValue;
}

/** One shovel's status: GET /api/shovels. Its URIs come without credentials. */
export interface ShovelStatus extends Json {
  name: string;
  vhost: string;
  /** dynamic or static */
  type?: string;
  /** starting, running, terminated */
  state?: string;
  node?: string;
  timestamp?: string;
  /** why a terminated shovel stopped */
  reason?: unknown;
}

/** /api/parameters/shovel (the definitions) and /api/shovels (the status; rabbitmq_shovel_management). */
export class ShovelsApi {
  constructor(private readonly http: Http) {}
  /** GET /api/parameters/shovel[/{vhost}] */
  list(vhost?: string): Promise<ShovelParameter[]> {
    return vhost === undefined
      ? this.http.get(path('parameters', 'shovel'), t('list', 'shovels'))
      : this.http.get(path('parameters', 'shovel', vhost), t('list shovels in', 'vhost', vhost));
  }
  /** GET /api/parameters/shovel/{vhost}/{name}: undefined when there is none */
  find(vhost: string, name: string): Promise<ShovelParameter | undefined> {
    return find(this.http, path('parameters', 'shovel', vhost, name), t('show', 'shovel', name, vhost));
  }
  /** PUT /api/parameters/shovel/{vhost}/{name}: {value}; the broker (re)starts the shovel */
  async put(vhost: string, name: string, value: ShovelValue): Promise<void> {
    await this.http.request('PUT', path('parameters', 'shovel', vhost, name), { component: 'shovel', vhost, name, value }, t('declare', 'shovel', name, vhost));
  }
  /** DELETE /api/parameters/shovel/{vhost}/{name}: stops and removes it */
  async delete(vhost: string, name: string): Promise<void> {
    await this.http.request('DELETE', path('parameters', 'shovel', vhost, name), undefined, t('delete', 'shovel', name, vhost));
  }
  /** GET /api/shovels[/{vhost}]: every shovel's status, static ones included */
  status(vhost?: string): Promise<ShovelStatus[]> {
    return vhost === undefined ? this.http.get(path('shovels'), t('list', 'shovel status')) : this.http.get(path('shovels', vhost), t('list shovel status in', 'vhost', vhost));
  }
  /** DELETE /api/shovels/vhost/{vhost}/{name}/restart */
  async restart(vhost: string, name: string): Promise<void> {
    await this.http.request('DELETE', path('shovels', 'vhost', vhost, name, 'restart'), undefined, t('restart', 'shovel', name, vhost));
  }
}
