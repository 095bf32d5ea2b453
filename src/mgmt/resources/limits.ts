import type { Http } from '../http.js';
import { path } from '../path.js';
import { find, t } from './common.js';
import type { Json } from '../types.js';

/** The limits of one vhost or one user, as the API lists them: {vhost|user, value: {max-…: N}}. */
export interface LimitRow extends Json {
  vhost?: string;
  user?: string;
  value: Record<string, number>;
}

/**
 * /api/vhost-limits/{vhost}/{name} and /api/user-limits/{user}/{name}: the same shape, one route
 * each. A DELETE of a limit that is not set is 204 (3.10 answers 500 for a user that does not
 * exist), so callers read first.
 */
export class LimitsApi {
  constructor(
    private readonly http: Http,
    private readonly route: 'vhost-limits' | 'user-limits',
    /** the owner's kind in words: 'vhost', 'user' */
    private readonly owner: 'vhost' | 'user',
  ) {}
  /** GET /api/{route}: every owner that has limits */
  list(): Promise<LimitRow[]> {
    return this.http.get(path(this.route), t('list', this.route.replace('-', ' ')));
  }
  /** GET /api/{route}/{owner}: its limits ({} when none); undefined when the owner does not exist */
  async find(owner: string): Promise<Record<string, number> | undefined> {
    const rows = await find<LimitRow[]>(this.http, path(this.route, owner), t('read limits of', this.owner, owner));
    if (rows === undefined) return undefined;
    return rows[0]?.value ?? {};
  }
  /** PUT /api/{route}/{owner}/{name}: {value} */
  async put(owner: string, name: string, value: number): Promise<void> {
    await this.http.request('PUT', path(this.route, owner, name), { value }, t(`set ${name} of`, this.owner, owner));
  }
  /** DELETE /api/{route}/{owner}/{name} */
  async delete(owner: string, name: string): Promise<void> {
    await this.http.request('DELETE', path(this.route, owner, name), undefined, t(`clear ${name} of`, this.owner, owner));
  }
}
