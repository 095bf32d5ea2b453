import type { Http } from '../http.js';
import { path, query } from '../path.js';
import { find, t } from './common.js';
import type { Json } from '../types.js';

/** A policy as the API has it (GET /api/policies/{vhost}/{name}); operator policies have the same shape. */
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

/** What applies to one queue or exchange, as the broker reports it on the object. */
export interface Applied extends Json {
  name: string;
  vhost: string;
  type?: string;
  policy?: string | null;
  operator_policy?: string | null;
  effective_policy_definition?: Json | null;
}

/**
 * /api/policies, or /api/operator-policies (the same routes and shape; operator policies take
 * fewer keys, checked by the broker). `kind` is the word in errors: 'policy', 'operator policy'.
 */
export class PoliciesApi {
  constructor(
    private readonly http: Http,
    private readonly route: 'policies' | 'operator-policies' = 'policies',
    private readonly kind: string = 'policy',
  ) {}
  /** GET /api/{route} or /api/{route}/{vhost}. Needs the policymaker (or monitoring) tag. */
  list(vhost?: string): Promise<Policy[]> {
    return vhost === undefined ? this.http.get(path(this.route), t('list', this.route.replace('-', ' '))) : this.http.get(path(this.route, vhost), t(`list ${this.route.replace('-', ' ')} in`, 'vhost', vhost));
  }
  /** GET /api/{route}/{vhost}/{name}: undefined when there is none */
  find(vhost: string, name: string): Promise<Policy | undefined> {
    return find(this.http, path(this.route, vhost, name), t('show', this.kind, name, vhost));
  }
  /** GET /api/{route}/{vhost}/{name} */
  get(vhost: string, name: string): Promise<Policy> {
    return this.http.get(path(this.route, vhost, name), t('show', this.kind, name, vhost));
  }
  /** PUT /api/{route}/{vhost}/{name}: {pattern, definition, priority, apply-to}. Needs policymaker. */
  async put(vhost: string, name: string, p: PolicyParams): Promise<void> {
    await this.http.request('PUT', path(this.route, vhost, name), p, t('set', this.kind, name, vhost));
  }
  /** DELETE /api/{route}/{vhost}/{name} */
  async delete(vhost: string, name: string): Promise<void> {
    await this.http.request('DELETE', path(this.route, vhost, name), undefined, t('clear', this.kind, name, vhost));
  }

  /**
   * The policy, operator policy and effective definition of one queue (undefined when there is
   * no such queue). Asked first without statistics (4.x reports the three from the queue's own
   * record, at once); a broker that leaves them out there (3.x) is asked again with statistics,
   * where they are as of the last statistics emission.
   */
  async appliedToQueue(vhost: string, name: string): Promise<Applied | undefined> {
    const target = t('show', 'queue', name, vhost);
    const quick = await find<Applied>(this.http, path('queues', vhost, name) + query({ disable_stats: true }), target);
    if (!quick || 'policy' in quick) return quick;
    return find<Applied>(this.http, path('queues', vhost, name) + query({ columns: 'name,vhost,type,policy,operator_policy,effective_policy_definition' }), target);
  }
  /** The policy of one exchange (exchanges have no operator policies); undefined when there is no such exchange. */
  appliedToExchange(vhost: string, name: string): Promise<Applied | undefined> {
    return find<Applied>(this.http, path('exchanges', vhost, name), t('show', 'exchange', name, vhost));
  }
  /**
   * Every queue's name, vhost and type, and every exchange's name and vhost, in the vhost (or in
   * every vhost when it is undefined: one request each, so a vhost deleted meanwhile is no error):
   * what policies may apply to.
   */
  async objects(vhost?: string): Promise<{ queues: Array<{ name: string; vhost: string; type?: string }>; exchanges: Array<{ name: string; vhost: string }> }> {
    const where = (what: string) => (vhost === undefined ? path(what) : path(what, vhost));
    const target = (what: string) => (vhost === undefined ? t('list', what) : t(`list ${what} in`, 'vhost', vhost));
    const [queues, exchanges] = await Promise.all([
      this.http.get<Array<{ name: string; vhost: string; type?: string }>>(where('queues') + query({ disable_stats: true, columns: 'name,vhost,type' }), target('queues')),
      this.http.get<Array<{ name: string; vhost: string }>>(where('exchanges') + query({ columns: 'name,vhost' }), target('exchanges')),
    ]);
    return { queues, exchanges };
  }
}
