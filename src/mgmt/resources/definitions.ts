import type { Http } from '../http.js';
import { path } from '../path.js';
import { t } from './common.js';
import type { Json } from '../types.js';

export class DefinitionsApi {
  constructor(private readonly http: Http) {}
  /** GET /api/definitions, or /api/definitions/{vhost}: the broker's own export */
  get(vhost?: string): Promise<Json> {
    return vhost === undefined ? this.http.get(path('definitions'), t('export', 'definitions')) : this.http.get(path('definitions', vhost), t('export definitions of', 'vhost', vhost));
  }
  /** POST /api/definitions, or /api/definitions/{vhost}: the broker's own import (all of it, or one vhost's objects) */
  async import(doc: Json, vhost?: string): Promise<void> {
    const p = vhost === undefined ? path('definitions') : path('definitions', vhost);
    await this.http.request('POST', p, doc, vhost === undefined ? t('import', 'definitions') : t('import definitions into', 'vhost', vhost));
  }
}
