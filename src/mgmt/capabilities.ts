/**
 * What this broker can do, read from the broker itself: its version (GET /api/overview's
 * `rabbitmq_version`) and its enabled feature flags (GET /api/feature-flags). Every difference
 * between RabbitMQ versions that rmqx acts on is one row of CAPABILITIES, never a version check
 * in a command.
 */
import type { Http } from './http.js';
import { path, query } from './path.js';
import { t } from './resources/common.js';

interface Rule {
  /** the first version that has it: [major, minor], or [major, minor, patch] for what came in a patch release */
  since?: readonly [number, number] | readonly [number, number, number];
  /** or: a feature flag that must be enabled */
  flag?: string;
  /** the first version that no longer has it (removed features) */
  until?: readonly [number, number];
  /** what it is, for --verbose and the docs */
  what: string;
}

export const CAPABILITIES = {
  deprecatedFeatures: { since: [3, 13], what: 'GET /api/deprecated-features and /api/deprecated-features/used' },
  classicMirroring: { until: [4, 0], what: 'classic queue mirroring: the ha-mode, ha-params and ha-sync-mode policy keys (removed in RabbitMQ 4.0)' },
  // health checks (GET /api/health/checks/…) added after 3.x, where they first shipped, read from
  // rabbitmq-server's deps/rabbitmq_management/src/rabbit_mgmt_dispatcher.erl at every tag
  // v3.10.0–v4.3.5: 3.10–3.13 and 4.0.0–4.0.5 have the 3.x set (4.0 drops
  // node-is-mirror-sync-critical, see classicMirroring); the others came in patch releases, and
  // each release line after keeps them (4.0.6 → 4.1.0, 4.1.1 → 4.2.0, 4.2.4 → 4.3.0)
  healthMetadataStore: { since: [4, 0, 6], what: 'the metadata-store/initialized and metadata-store/initialized/with-data health checks' },
  healthQuorumLeaders: { since: [4, 1, 0], what: 'the quorum-queues-without-elected-leaders health check' },
  healthServing: { since: [4, 1, 1], what: 'the is-in-service, below-node-connection-limit and ready-to-serve-clients health checks' },
  healthClusterSize: { since: [4, 2, 4], what: 'the reached-target-cluster-size health check' },
  deliveryLimitReported: { since: [4, 0], what: 'quorum queues report delivery_limit with their statistics (20 when no argument or policy sets one)' },
  vhostDeletionProtection: { since: [4, 1], what: 'vhost deletion protection: POST/DELETE /api/vhosts/{name}/deletion/protection, protected_from_deletion on the vhost' },
} as const satisfies Record<string, Rule>;
export type Capability = keyof typeof CAPABILITIES;

/** "3.10.8" → [3, 10, 8]; anything unparseable is [0, 0, 0] (knows nothing). */
export function parseVersion(v: string | undefined): [number, number, number] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(v ?? '');
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : [0, 0, 0];
}

export class Capabilities {
  private readonly v: [number, number, number];
  constructor(
    readonly version: string,
    readonly flags: ReadonlySet<string>,
  ) {
    this.v = parseVersion(version);
  }
  has(name: Capability): boolean {
    const rule: Rule = CAPABILITIES[name];
    if (rule.flag !== undefined && !this.flags.has(rule.flag)) return false;
    // an unreadable version ([0, 0, 0]) knows nothing: the broker decides
    if (rule.until !== undefined && this.v[0] !== 0 && atLeast(this.v, rule.until)) return false;
    if (rule.since !== undefined) {
      const [major, minor, patch = 0] = rule.since;
      if (this.v[0] !== major) return this.v[0] > major;
      if (this.v[1] !== minor) return this.v[1] > minor;
      return this.v[2] >= patch;
    }
    return true;
  }
}

function atLeast(v: readonly [number, number, number], [major, minor]: readonly [number, number]): boolean {
  return v[0] !== major ? v[0] > major : v[1] >= minor;
}

/** One read of the version and the enabled feature flags (a user without monitoring rights sees none). */
export async function readCapabilities(http: Http): Promise<Capabilities> {
  const [overview, flags] = await Promise.all([
    http.get<{ rabbitmq_version?: string }>(path('overview') + query({ columns: 'rabbitmq_version' }), t('read', 'overview')),
    http.get<Array<{ name?: string; state?: string }>>(path('feature-flags'), t('list', 'feature flags')).catch(() => []),
  ]);
  return new Capabilities(overview.rabbitmq_version ?? '', new Set(flags.filter((f) => f.state === 'enabled').map((f) => String(f.name))));
}
