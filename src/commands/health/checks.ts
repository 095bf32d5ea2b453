/**
 * The management API's health checks, as data: each one's name (the API's own path words),
 * what it checks, the capability a broker needs to have it (src/mgmt/capabilities.ts), what it
 * takes, and the path it is asked at.
 */
import type { Capability } from '../../mgmt/capabilities.js';

/** What one run of a check is given (each check reads only its own). */
export interface CheckParams {
  port?: number;
  protocol?: string;
  within?: Within;
  /** the vhost, or undefined for every vhost (quorum-queues-without-elected-leaders) */
  vhost?: string;
  pattern?: string;
}

export interface Within {
  amount: number;
  unit: 'days' | 'weeks' | 'months' | 'years';
}

export type Takes = 'none' | 'port' | 'protocol' | 'within' | 'vhost-pattern';

export interface CheckDef {
  readonly name: string;
  readonly summary: string;
  readonly capability?: Capability;
  readonly takes: Takes;
  segments(p: CheckParams): Array<string | number>;
}

const simple = (name: string, summary: string, capability?: Capability): CheckDef => ({ name, summary, capability, takes: 'none', segments: () => name.split('/') });

export const CHECKS: readonly CheckDef[] = [
  simple('alarms', 'no resource alarm (memory, disk) in effect anywhere in the cluster'),
  simple('local-alarms', 'no resource alarm in effect on the node that answers'),
  {
    name: 'certificate-expiration',
    summary: 'no TLS listener certificate expires within --within (default 4W)',
    takes: 'within',
    segments: (p) => ['certificate-expiration', p.within?.amount ?? 4, p.within?.unit ?? 'weeks'],
  },
  { name: 'port-listener', summary: 'the node listens on PORT', takes: 'port', segments: (p) => ['port-listener', p.port ?? 0] },
  { name: 'protocol-listener', summary: 'the node has a listener for PROTOCOL (amqp, amqp/ssl, http, mqtt, stomp, …)', takes: 'protocol', segments: (p) => ['protocol-listener', p.protocol ?? ''] },
  simple('virtual-hosts', 'every virtual host is running on the node'),
  simple('node-is-mirror-sync-critical', 'no classic mirrored queue would lose its only synchronised mirror if the node stopped', 'classicMirroring'),
  simple('node-is-quorum-critical', 'no quorum queue or stream would lose its quorum if the node stopped'),
  simple('metadata-store/initialized', 'the metadata store has finished initialising', 'healthMetadataStore'),
  simple('metadata-store/initialized/with-data', 'the metadata store has initialised and holds at least one virtual host', 'healthMetadataStore'),
  {
    name: 'quorum-queues-without-elected-leaders',
    summary: 'every quorum queue (in -V, or --all-vhosts; named by --pattern) has an elected leader',
    capability: 'healthQuorumLeaders',
    takes: 'vhost-pattern',
    segments: (p) => ['quorum-queues-without-elected-leaders', ...(p.vhost === undefined ? ['all-vhosts'] : ['vhost', p.vhost]), ...(p.pattern !== undefined ? ['pattern', p.pattern] : [])],
  },
  simple('is-in-service', 'the node is booted and not in maintenance mode', 'healthServing'),
  simple('below-node-connection-limit', 'the node is below its connection limit', 'healthServing'),
  simple('ready-to-serve-clients', 'in service, below the connection limit and listening for AMQP', 'healthServing'),
  simple('reached-target-cluster-size', 'the cluster has as many nodes as its configured target size', 'healthClusterSize'),
];

export const CHECK_NAMES: readonly string[] = CHECKS.map((c) => c.name);

export function checkNamed(name: string): CheckDef | undefined {
  return CHECKS.find((c) => c.name === name);
}

const UNIT_WORDS: Record<string, Within['unit']> = {
  d: 'days', day: 'days', days: 'days', D: 'days',
  w: 'weeks', W: 'weeks', week: 'weeks', weeks: 'weeks',
  M: 'months', month: 'months', months: 'months',
  y: 'years', Y: 'years', year: 'years', years: 'years',
};
export const WITHIN_WORDS = 'a whole number and a unit: D (days), W (weeks), M (months), Y (years), e.g. 30D, 4W, 6M';

/** "30D" → {30, days}; "4 weeks" → {4, weeks}; 'm' alone is refused (minutes or months?). */
export function parseWithin(text: string): Within | undefined {
  const m = /^(\d+)\s*([A-Za-z]+)$/.exec(text.trim());
  if (!m) return undefined;
  const amount = Number(m[1]);
  const unit = UNIT_WORDS[m[2] as string] ?? UNIT_WORDS[(m[2] as string).toLowerCase().length > 1 ? (m[2] as string).toLowerCase() : ''];
  if (!unit || !Number.isSafeInteger(amount)) return undefined;
  return { amount, unit };
}

/** A TCP port, 1–65535. */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** A protocol name as the broker spells its listeners: amqp, amqp/ssl, http, http/web-stomp, … (one per check). */
export function parseProtocol(text: string): string | undefined {
  return /^[A-Za-z0-9][A-Za-z0-9/._-]*$/.test(text) ? text : undefined;
}
