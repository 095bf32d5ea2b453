import type { Http } from '../http.js';
import { path } from '../path.js';
import { t } from './common.js';
import type { Json } from '../types.js';

/** One entry of GET /api/feature-flags. */
export interface FeatureFlag extends Json {
  name: string;
  /** enabled, disabled, unavailable (4.x: not every node supports it), state_changing */
  state: string;
  /** 3.x: stable, experimental; 4.x: required, stable, experimental */
  stability: string;
  desc?: string;
  doc_url?: string;
  provided_by?: string;
}

export class FeatureFlagsApi {
  constructor(private readonly http: Http) {}
  /** GET /api/feature-flags */
  list(): Promise<FeatureFlag[]> {
    return this.http.get(path('feature-flags'), t('list', 'feature flags'));
  }
  /** PUT /api/feature-flags/{name}/enable (cannot be undone) */
  async enable(name: string): Promise<void> {
    await this.http.request('PUT', path('feature-flags', name, 'enable'), {}, t('enable', 'feature flag', name));
  }
}
