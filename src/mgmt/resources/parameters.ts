import type { Http } from '../http.js';
import { path } from '../path.js';
import { find, t } from './common.js';
import type { Json } from '../types.js';

/** A runtime parameter (GET /api/parameters/{component}/{vhost}/{name}). */
export interface Parameter extends Json {
  component: string;
  vhost: string;
  name: string;
  value: unknown;
}

/** A global parameter (GET /api/global-parameters/{name}). */
export interface GlobalParameter extends Json {
  name: string;
  value: unknown;
}

/** /api/parameters: runtime parameters, per component and vhost (federation-upstream, shovel …). */
export class ParametersApi {
  constructor(private readonly http: Http) {}
  /** GET /api/parameters, /api/parameters/{component} or /api/parameters/{component}/{vhost} */
  list(component?: string, vhost?: string): Promise<Parameter[]> {
    if (component === undefined) return this.http.get(path('parameters'), t('list', 'parameters'));
    if (vhost === undefined) return this.http.get(path('parameters', component), t('list', `${component} parameters`));
    return this.http.get(path('parameters', component, vhost), t(`list ${component} parameters in`, 'vhost', vhost));
  }
  /** GET /api/parameters/{component}/{vhost}/{name}: undefined when there is none */
  find(component: string, vhost: string, name: string): Promise<Parameter | undefined> {
    return find(this.http, path('parameters', component, vhost, name), t('show', `${component} parameter`, name, vhost));
  }
  /** PUT /api/parameters/{component}/{vhost}/{name}: {value} */
  async put(component: string, vhost: string, name: string, value: unknown): Promise<void> {
    await this.http.request('PUT', path('parameters', component, vhost, name), { component, vhost, name, value }, t('set', `${component} parameter`, name, vhost));
  }
  /** DELETE /api/parameters/{component}/{vhost}/{name} */
  async delete(component: string, vhost: string, name: string): Promise<void> {
    await this.http.request('DELETE', path('parameters', component, vhost, name), undefined, t('clear', `${component} parameter`, name, vhost));
  }
}

/** /api/global-parameters: cluster-wide parameters (cluster_name, cluster_tags …). */
export class GlobalParametersApi {
  constructor(private readonly http: Http) {}
  /** GET /api/global-parameters */
  list(): Promise<GlobalParameter[]> {
    return this.http.get(path('global-parameters'), t('list', 'global parameters'));
  }
  /** GET /api/global-parameters/{name}: undefined when there is none */
  find(name: string): Promise<GlobalParameter | undefined> {
    return find(this.http, path('global-parameters', name), t('show', 'global parameter', name));
  }
  /** PUT /api/global-parameters/{name}: {name, value} */
  async put(name: string, value: unknown): Promise<void> {
    await this.http.request('PUT', path('global-parameters', name), { name, value }, t('set', 'global parameter', name));
  }
  /** DELETE /api/global-parameters/{name} */
  async delete(name: string): Promise<void> {
    await this.http.request('DELETE', path('global-parameters', name), undefined, t('clear', 'global parameter', name));
  }
}
