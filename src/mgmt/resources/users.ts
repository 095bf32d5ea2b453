import type { Http } from '../http.js';
import { path } from '../path.js';
import { t, find } from './common.js';
import type { Json, User } from '../types.js';

export class UsersApi {
  constructor(private readonly http: Http) {}
  /** GET /api/users */
  list(): Promise<User[]> {
    return this.http.get(path('users'), t('list', 'users'));
  }
  /** GET /api/users/{name} */
  get(name: string): Promise<User> {
    return this.http.get(path('users', name), t('show', 'user', name));
  }
  find(name: string): Promise<User | undefined> {
    return find(this.http, path('users', name), t('show', 'user', name));
  }
  /** PUT /api/users/{name}: {password | password_hash, hashing_algorithm, tags} */
  async put(name: string, body: Json, op = 'add'): Promise<void> {
    await this.http.request('PUT', path('users', name), body, t(op, 'user', name));
  }
  /** DELETE /api/users/{name} */
  async delete(name: string): Promise<void> {
    await this.http.request('DELETE', path('users', name), undefined, t('delete', 'user', name));
  }
  /** GET /api/whoami */
  whoami(): Promise<{ name: string; tags: string[] | string }> {
    return this.http.get(path('whoami'), t('read', 'current user'));
  }
}
