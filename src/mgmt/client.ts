/**
 * The management API client: one object per resource, each method naming its route.
 * Loaded on demand (it pulls in axios), so commands that never speak HTTP never pay for it.
 */
import { Http, type HttpOptions } from './http.js';
import { VhostsApi } from './resources/vhosts.js';
import { UsersApi } from './resources/users.js';
import { PermissionsApi, TopicPermissionsApi } from './resources/permissions.js';
import { ExchangesApi } from './resources/exchanges.js';
import { QueuesApi } from './resources/queues.js';
import { BindingsApi } from './resources/bindings.js';
import { ClusterApi } from './resources/cluster.js';
import { DeprecatedFeaturesApi } from './resources/deprecated.js';
import { PoliciesApi } from './resources/policies.js';
import { ShovelsApi } from './resources/shovels.js';
import { FederationApi } from './resources/federation.js';
import { FeatureFlagsApi } from './resources/feature-flags.js';
import { HealthApi } from './resources/health.js';
import { LimitsApi } from './resources/limits.js';
import { GlobalParametersApi, ParametersApi } from './resources/parameters.js';
import { DefinitionsApi } from './resources/definitions.js';
import { readCapabilities, type Capabilities } from './capabilities.js';

export type { HttpOptions } from './http.js';

export class Mgmt {
  readonly http: Http;
  readonly vhosts: VhostsApi;
  readonly users: UsersApi;
  readonly permissions: PermissionsApi;
  readonly topicPermissions: TopicPermissionsApi;
  readonly exchanges: ExchangesApi;
  readonly queues: QueuesApi;
  readonly bindings: BindingsApi;
  readonly cluster: ClusterApi;
  readonly deprecatedFeatures: DeprecatedFeaturesApi;
  readonly policies: PoliciesApi;
  readonly operatorPolicies: PoliciesApi;
  readonly shovels: ShovelsApi;
  readonly federation: FederationApi;
  readonly featureFlags: FeatureFlagsApi;
  readonly health: HealthApi;
  readonly vhostLimits: LimitsApi;
  readonly userLimits: LimitsApi;
  readonly parameters: ParametersApi;
  readonly globalParameters: GlobalParametersApi;
  readonly definitions: DefinitionsApi;
  private caps?: Promise<Capabilities>;

  constructor(opts: HttpOptions) {
    this.http = new Http(opts);
    this.vhosts = new VhostsApi(this.http);
    this.users = new UsersApi(this.http);
    this.permissions = new PermissionsApi(this.http);
    this.topicPermissions = new TopicPermissionsApi(this.http);
    this.exchanges = new ExchangesApi(this.http);
    this.queues = new QueuesApi(this.http);
    this.bindings = new BindingsApi(this.http);
    this.cluster = new ClusterApi(this.http);
    this.deprecatedFeatures = new DeprecatedFeaturesApi(this.http);
    this.policies = new PoliciesApi(this.http);
    this.operatorPolicies = new PoliciesApi(this.http, 'operator-policies', 'operator policy');
    this.vhostLimits = new LimitsApi(this.http, 'vhost-limits', 'vhost');
    this.userLimits = new LimitsApi(this.http, 'user-limits', 'user');
    this.parameters = new ParametersApi(this.http);
    this.globalParameters = new GlobalParametersApi(this.http);
    this.health = new HealthApi(this.http);
    this.shovels = new ShovelsApi(this.http);
    this.federation = new FederationApi(this.http);
    this.featureFlags = new FeatureFlagsApi(this.http);
    this.definitions = new DefinitionsApi(this.http);
  }

  /** What this broker can do (version and feature flags), read once per run, on first use. */
  capabilities(): Promise<Capabilities> {
    this.caps ??= readCapabilities(this.http);
    return this.caps;
  }

  close(): void {
    this.http.close();
  }
}
