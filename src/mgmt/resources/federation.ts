import type { Http } from '../http.js';
import { path } from '../path.js';
import { find, t } from './common.js';
import type { Json } from '../types.js';

/** A federation upstream's definition, with the API's keys (uri, exchange, queue, max-hops, ack-mode …). */
export type UpstreamValue = Record<string, string | number | boolean | string[]>;

/** One runtime parameter of component `federation-upstream`. */
export interface UpstreamParameter extends Json {
  vhost: string;
  name: string;
  component: string;
  value: UpstreamValue;
}

/** One federation link: GET /api/federation-links (rabbitmq_federation_management). */
export interface FederationLink extends Json {
  vhost: string;
  upstream: string;
  /** exchange or queue */
  type: string;
  exchange?: string;
  queue?: string;
  /** starting, running, error, shutdown … */
  status?: string;
  error?: string;
  uri?: string;
}

const COMPONENT = 'federation-upstream';

/** /api/parameters/federation-upstream and /api/federation-links. */
export class FederationApi {
  constructor(private readonly http: Http) {}
  /** GET /api/parameters/federation-upstream[/{vhost}] */
  upstreams(vhost?: string): Promise<UpstreamParameter[]> {
    return vhost === undefined
      ? this.http.get(path('parameters', COMPONENT), t('list', 'federation upstreams'))
      : this.http.get(path('parameters', COMPONENT, vhost), t('list federation upstreams in', 'vhost', vhost));
  }
  findUpstream(vhost: string, name: string): Promise<UpstreamParameter | undefined> {
    return find(this.http, path('parameters', COMPONENT, vhost, name), t('show', 'federation upstream', name, vhost));
  }
  async putUpstream(vhost: string, name: string, value: UpstreamValue): Promise<void> {
    await this.http.request('PUT', path('parameters', COMPONENT, vhost, name), { component: COMPONENT, vhost, name, value }, t('declare', 'federation upstream', name, vhost));
  }
  async deleteUpstream(vhost: string, name: string): Promise<void> {
    await this.http.request('DELETE', path('parameters', COMPONENT, vhost, name), undefined, t('delete', 'federation upstream', name, vhost));
  }
  /** GET /api/federation-links[/{vhost}] */
  links(vhost?: string): Promise<FederationLink[]> {
    return vhost === undefined ? this.http.get(path('federation-links'), t('list', 'federation links')) : this.http.get(path('federation-links', vhost), t('list federation links in', 'vhost', vhost));
  }
}
