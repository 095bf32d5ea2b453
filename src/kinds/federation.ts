/**
 * Federation upstreams: a runtime parameter of component `federation-upstream` whose value is
 * the definition (uri, exchange, queue, max-hops, ack-mode, expires, message-ttl,
 * prefetch-count, reconnect-delay, trust-user-id). The broker fills nothing in; every key
 * changes in place (links using it restart). The URI is compared, never shown.
 */
import { DataError, describeTarget } from '../errors.js';
import { ApiError } from '../mgmt/errors.js';
import type { FederationLink, UpstreamParameter, UpstreamValue } from '../mgmt/resources/federation.js';
import { withFields } from '../render/view.js';
import type { Kind } from './kind.js';
import { maskedValue, maskUri, maskUris, refusal, valueDiff } from './shovel.js';

export interface UpstreamSpec {
  vhost: string;
  name: string;
  value: UpstreamValue;
}

const describe = (s: Pick<UpstreamSpec, 'name' | 'vhost'>) => describeTarget({ kind: 'federation upstream', name: s.name, vhost: s.vhost });

export function upstreamRow(p: UpstreamParameter): Record<string, unknown> {
  return { vhost: p.vhost, name: p.name, ...maskedValue(p.value) };
}

export const UPSTREAM_FIELDS: readonly string[] = [
  'vhost', 'name', 'uri', 'exchange', 'queue', 'max-hops', 'ack-mode', 'expires', 'message-ttl', 'prefetch-count', 'reconnect-delay', 'trust-user-id',
];

export const UPSTREAM_VIEW = withFields(
  [{ key: 'name' }, { key: 'uri' }, { key: 'exchange' }, { key: 'queue' }, { key: 'max-hops', align: 'right' }, { key: 'ack-mode' }, { key: 'prefetch-count', align: 'right' }],
  UPSTREAM_FIELDS,
);

/** A link as listed: its URI masked (the broker already leaves the password out; belt and braces). */
export function linkRow(l: FederationLink): Record<string, unknown> {
  const { local_channel: _channel, ...rest } = l;
  return { ...rest, ...(typeof l.uri === 'string' ? { uri: maskUri(l.uri) } : {}), ...(typeof l.error === 'string' ? { error: maskUris(l.error) } : {}) };
}

export const LINK_FIELDS: readonly string[] = [
  'vhost', 'upstream', 'type', 'exchange', 'queue', 'upstream_exchange', 'upstream_queue', 'status', 'error', 'uri', 'node', 'id', 'timestamp', 'local_connection',
];

export const LINK_VIEW = withFields(
  [
    { key: 'upstream' },
    { key: 'type' },
    { key: 'exchange' },
    { key: 'queue' },
    { key: 'status' },
    { key: 'uri' },
    { key: 'error' },
  ],
  LINK_FIELDS,
);

export const upstreamKind: Kind<UpstreamSpec> = {
  name: 'federation upstream',
  scope: 'vhost',
  dependsOn: ['vhost'],
  identity: (s) => ({ kind: 'federation upstream', vhost: s.vhost, name: s.name }),
  describe,
  async read(m, s) {
    const found = await m.federation.findUpstream(s.vhost, s.name);
    return found && { vhost: found.vhost, name: found.name, value: found.value };
  },
  async list(m, vhost) {
    return (await m.federation.upstreams(vhost)).map((p) => ({ vhost: p.vhost, name: p.name, value: p.value }));
  },
  diff: (have, want) => valueDiff(have.value, want.value),
  async write(m, s) {
    try {
      await m.federation.putUpstream(s.vhost, s.name, s.value);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) throw new DataError(`declare ${describe(s)}: ${refusal(e.reason)}`);
      throw e;
    }
  },
  remove: (m, s) => m.federation.deleteUpstream(s.vhost, s.name),
  verbs: { create: 'declared', update: 'updated', delete: 'deleted' },
  view: UPSTREAM_VIEW,
  outcome: ({ want }) => (want ? { value: maskedValue(want.value) } : {}),
};
