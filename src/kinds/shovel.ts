/**
 * Dynamic shovels: a runtime parameter of component `shovel` whose value is the whole
 * definition (src-protocol, src-uri, src-queue or src-exchange, dest-…, ack-mode …). The
 * broker fills nothing in, and every key changes in place (a PUT replaces the definition and
 * restarts the shovel). A URI may carry a password: it is compared, never shown (maskUri).
 */
import { DataError, describeTarget } from '../errors.js';
import type { Mgmt } from '../mgmt/client.js';
import { ApiError, oneLine } from '../mgmt/errors.js';
import type { ShovelParameter, ShovelStatus, ShovelValue } from '../mgmt/resources/shovels.js';
import { withFields } from '../render/view.js';
import { argumentDiff, type Difference, type Kind } from './kind.js';

/** The keys whose values are URIs (a string, or a list of them). */
export const URI_KEYS: readonly string[] = ['src-uri', 'dest-uri', 'uri'];

/** amqp://user:secret@host/v → amqp://user:***@host/v; anything else as it is. */
export function maskUri(uri: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(uri);
  if (!m) return uri;
  const [, scheme, authority, rest] = m as unknown as [string, string, string, string];
  const at = authority.lastIndexOf('@');
  if (at < 0) return uri;
  const userinfo = authority.slice(0, at);
  const colon = userinfo.indexOf(':');
  if (colon < 0) return uri;
  return `${scheme}${userinfo.slice(0, colon)}:***${authority.slice(at)}${rest}`;
}

/** Every URI with a password inside a text (a broker's refusal may quote one) masked. */
export function maskUris(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>,]*/gi, (u) => maskUri(u));
}

/** A definition with its URIs masked: what lists, show, notes and JSON print. */
export function maskedValue<V extends Record<string, unknown>>(value: V): V {
  const out: Record<string, unknown> = { ...value };
  for (const k of URI_KEYS) {
    const v = out[k];
    if (typeof v === 'string') out[k] = maskUri(v);
    else if (Array.isArray(v)) out[k] = v.map((u) => (typeof u === 'string' ? maskUri(u) : u));
  }
  return out as V;
}

/** The broker's refusal in one line, URIs masked: 3.x HTML-escapes it; both start with "Validation failed". */
export function refusal(reason: string): string {
  return maskUris(oneLine(reason).replace(/<<"([^"]*)">>/g, '$1'));
}

/** Definitions key by key, every key mutable; a URI's values are secrets (named, never shown). */
export function valueDiff(have: Record<string, unknown>, want: Record<string, unknown>): Difference[] {
  return argumentDiff(have, want, { mutable: true }).map((d) => (URI_KEYS.includes(d.field) ? { ...d, secret: true } : d));
}

export interface ShovelSpec {
  vhost: string;
  name: string;
  value: ShovelValue;
}

const describe = (s: Pick<ShovelSpec, 'name' | 'vhost'>) => describeTarget({ kind: 'shovel', name: s.name, vhost: s.vhost });

/** What a list and show print: the definition's keys (URIs masked) with the status next to them. */
export type ShovelRow = Record<string, unknown> & { vhost: string; name: string };

export function shovelRow(p: ShovelParameter | undefined, status: ShovelStatus | undefined): ShovelRow {
  const name = (p?.name ?? status?.name) as string;
  const vhost = (p?.vhost ?? status?.vhost) as string;
  const value = p ? maskedValue(p.value) : {};
  const reason = status?.reason;
  return {
    vhost,
    name,
    type: status?.type ?? 'dynamic',
    state: status?.state ?? null,
    ...value,
    ...(p ? {} : { 'src-uri': maskOf(status?.src_uri), 'dest-uri': maskOf(status?.dest_uri), 'src-queue': status?.src_queue, 'src-exchange': status?.src_exchange, 'src-address': status?.src_address, 'dest-queue': status?.dest_queue, 'dest-exchange': status?.dest_exchange, 'dest-address': status?.dest_address }),
    ...(reason !== undefined ? { reason: maskUris(typeof reason === 'string' ? reason : JSON.stringify(reason)) } : {}),
    ...(status?.node !== undefined ? { node: status.node } : {}),
    ...(status?.timestamp !== undefined ? { timestamp: status.timestamp } : {}),
  };
}

const maskOf = (v: unknown) => (typeof v === 'string' ? maskUri(v) : v);

export const SHOVEL_FIELDS: readonly string[] = [
  'vhost', 'name', 'type', 'state', 'reason', 'node', 'timestamp',
  'src-protocol', 'src-uri', 'src-queue', 'src-exchange', 'src-exchange-key', 'src-address', 'src-delete-after', 'src-prefetch-count',
  'dest-protocol', 'dest-uri', 'dest-queue', 'dest-exchange', 'dest-exchange-key', 'dest-address', 'dest-add-forward-headers', 'dest-add-timestamp-header',
  'ack-mode', 'reconnect-delay',
];

const none = (v: unknown) => (v === null || v === undefined ? '(unknown)' : String(v));

export const SHOVEL_VIEW = withFields(
  [
    { key: 'name' },
    { key: 'state', human: none },
    { key: 'src-uri' },
    { key: 'src-queue' },
    { key: 'src-exchange' },
    { key: 'src-address' },
    { key: 'dest-uri' },
    { key: 'dest-queue' },
    { key: 'dest-exchange' },
    { key: 'dest-address' },
    { key: 'ack-mode' },
  ],
  SHOVEL_FIELDS,
);

export const shovelKind: Kind<ShovelSpec> = {
  name: 'shovel',
  scope: 'vhost',
  dependsOn: ['vhost'],
  identity: (s) => ({ kind: 'shovel', vhost: s.vhost, name: s.name }),
  describe,
  async read(m, s) {
    const found = await m.shovels.find(s.vhost, s.name);
    return found && { vhost: found.vhost, name: found.name, value: found.value };
  },
  async list(m: Mgmt, vhost?: string) {
    return (await m.shovels.list(vhost)).map((p) => ({ vhost: p.vhost, name: p.name, value: p.value }));
  },
  diff: (have, want) => valueDiff(have.value, want.value),
  async write(m, s) {
    try {
      await m.shovels.put(s.vhost, s.name, s.value);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) throw new DataError(`declare ${describe(s)}: ${refusal(e.reason)}`);
      throw e;
    }
  },
  remove: (m, s) => m.shovels.delete(s.vhost, s.name),
  verbs: { create: 'declared', update: 'updated', delete: 'deleted' },
  view: SHOVEL_VIEW,
  outcome: ({ want }) => (want ? { value: maskedValue(want.value) } : {}),
};
