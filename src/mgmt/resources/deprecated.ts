import type { Http } from '../http.js';
import { path } from '../path.js';
import { t } from './common.js';
import type { Json } from '../types.js';

/** One entry of GET /api/deprecated-features (RabbitMQ 3.13+). */
export interface DeprecatedFeature extends Json {
  name: string;
  /** permitted_by_default, denied_by_default, disconnected, removed */
  deprecation_phase: string;
  /** 4.x: permitted or denied on this broker, configuration included */
  state?: string;
  doc_url?: string;
  desc?: string;
  provided_by?: string;
}

export class DeprecatedFeaturesApi {
  constructor(private readonly http: Http) {}
  /** GET /api/deprecated-features */
  list(): Promise<DeprecatedFeature[]> {
    return this.http.get(path('deprecated-features'), t('list', 'deprecated features'));
  }
  /** GET /api/deprecated-features/used: the ones something on the broker uses now */
  used(): Promise<DeprecatedFeature[]> {
    return this.http.get(path('deprecated-features', 'used'), t('list', 'deprecated features in use'));
  }
}
