import type { Http } from '../http.js';
import { path } from '../path.js';
import { t, find } from './common.js';
import type { Permission, TopicPermission } from '../types.js';

export class PermissionsApi {
  constructor(private readonly http: Http) {}
  /** GET /api/permissions, /api/vhosts/{vhost}/permissions or /api/users/{user}/permissions */
  list(filter: { vhost?: string; user?: string } = {}): Promise<Permission[]> {
    if (filter.user !== undefined) return this.http.get(path('users', filter.user, 'permissions'), t('list permissions of', 'user', filter.user));
    if (filter.vhost !== undefined) return this.http.get(path('vhosts', filter.vhost, 'permissions'), t('list permissions in', 'vhost', filter.vhost));
    return this.http.get(path('permissions'), t('list', 'permissions'));
  }
  find(vhost: string, user: string): Promise<Permission | undefined> {
    return find(this.http, path('permissions', vhost, user), t('show permissions of', 'user', user, vhost));
  }
  /** PUT /api/permissions/{vhost}/{user}: {configure, write, read} */
  async put(vhost: string, user: string, body: { configure: string; write: string; read: string }): Promise<void> {
    await this.http.request('PUT', path('permissions', vhost, user), body, t('set permissions of', 'user', user, vhost));
  }
  /** DELETE /api/permissions/{vhost}/{user} */
  async delete(vhost: string, user: string): Promise<void> {
    await this.http.request('DELETE', path('permissions', vhost, user), undefined, t('clear permissions of', 'user', user, vhost));
  }
}

export class TopicPermissionsApi {
  constructor(private readonly http: Http) {}
  /** GET /api/topic-permissions, /api/vhosts/{vhost}/topic-permissions or /api/users/{user}/topic-permissions */
  list(filter: { vhost?: string; user?: string } = {}): Promise<TopicPermission[]> {
    if (filter.user !== undefined)
      return this.http.get(path('users', filter.user, 'topic-permissions'), t('list topic permissions of', 'user', filter.user));
    if (filter.vhost !== undefined)
      return this.http.get(path('vhosts', filter.vhost, 'topic-permissions'), t('list topic permissions in', 'vhost', filter.vhost));
    return this.http.get(path('topic-permissions'), t('list', 'topic permissions'));
  }
  /** GET /api/topic-permissions/{vhost}/{user}: one entry per exchange */
  async find(vhost: string, user: string): Promise<TopicPermission[]> {
    return (await find<TopicPermission[]>(this.http, path('topic-permissions', vhost, user), t('show topic permissions of', 'user', user, vhost))) ?? [];
  }
  /** PUT /api/topic-permissions/{vhost}/{user}: {exchange, write, read} */
  async put(vhost: string, user: string, body: { exchange: string; write: string; read: string }): Promise<void> {
    await this.http.request('PUT', path('topic-permissions', vhost, user), body, t('set topic permissions of', 'user', user, vhost));
  }
  /** DELETE /api/topic-permissions/{vhost}/{user}: every exchange's entry */
  async delete(vhost: string, user: string): Promise<void> {
    await this.http.request('DELETE', path('topic-permissions', vhost, user), undefined, t('clear topic permissions of', 'user', user, vhost));
  }
}
