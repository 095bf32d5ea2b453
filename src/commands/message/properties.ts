/** Message property flags shared by publish and rpc: every basic property, typed headers. */
import { InvalidArgumentError } from 'commander';
import { checkProperty, EnvelopeError, headersFromJson, type PublishProperties } from '../../amqp/envelope.js';
import { UsageError } from '../../errors.js';
import { opt, type OptValues } from '../../cli/define.js';
import { choice, collectPair, nonNegativeInt } from '../../cli/parsers.js';
import { conflict } from './conflicts.js';

function octet(value: string): number {
  const n = nonNegativeInt(value);
  if (n > 255) throw new InvalidArgumentError(`'${value}' must be from 0 to 255`);
  return n;
}

/** --timestamp now | SECONDS | 2026-11-21T10:00:00Z → seconds since 1970 */
export function parseTimestamp(value: string): number {
  if (value === 'now') return Math.floor(Date.now() / 1000);
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--timestamp: '${value}' is not 'now', seconds since 1970, or an ISO 8601 date`);
  return Math.floor(ms / 1000);
}

/** The property flags of publish and rpc, an option table (src/cli/define.ts) spread into their options. */
export const PROPERTY_OPTIONS = {
  contentType: opt.string('--content-type <type>', 'content_type, e.g. application/json'),
  contentEncoding: opt.string('--content-encoding <enc>', 'content_encoding, e.g. gzip'),
  correlationId: opt.string('--correlation-id <id>', 'correlation_id'),
  replyTo: opt.string('--reply-to <queue>', 'reply_to'),
  expiration: opt.value('--expiration <ms>', 'per-message TTL in milliseconds', (v) => String(nonNegativeInt(v))),
  messageId: opt.string('--message-id <id>', 'message_id'),
  priority: opt.value('--priority <0-255>', 'priority', octet),
  // parsed when the command runs (parseTimestamp), so 'now' is the time of the run
  timestamp: opt.string('--timestamp <when>', "timestamp: 'now', seconds since 1970, or an ISO 8601 date"),
  type: opt.string('--type <type>', 'type'),
  userId: opt.string('--user-id <user>', 'user_id (the broker checks it is the connecting user)'),
  appId: opt.string('--app-id <id>', 'app_id'),
  persistent: opt.flag('--persistent', 'delivery_mode 2: written to disk by durable queues'),
  deliveryMode: opt.choice('--delivery-mode <1|2>', 'delivery_mode: 1 transient, 2 persistent', choice(['1', '2'])),
  header: opt.repeat('-H, --header <k=v>', 'header, repeatable: n=3 is a number, ok=true a boolean, id:=007 a string, k={"a":1} JSON', collectPair),
};

/** The values of PROPERTY_OPTIONS. */
export type PropertyValues = OptValues<typeof PROPERTY_OPTIONS>;

/** The property flags the user gave, as amqplib publish options; flags that disagree are 64. */
export function propertiesFrom(o: PropertyValues): PublishProperties {
  if (o.deliveryMode !== undefined && o.persistent) throw conflict(PROPERTY_OPTIONS.deliveryMode, PROPERTY_OPTIONS.persistent);
  const p: PublishProperties = {};
  const set = <K extends keyof PublishProperties>(k: K, v: PublishProperties[K] | undefined) => {
    if (v !== undefined) p[k] = v;
  };
  set('contentType', o.contentType);
  set('contentEncoding', o.contentEncoding);
  set('correlationId', o.correlationId);
  set('replyTo', o.replyTo);
  set('expiration', o.expiration);
  set('messageId', o.messageId);
  set('priority', o.priority);
  set('timestamp', o.timestamp !== undefined ? parseTimestamp(o.timestamp) : undefined);
  set('type', o.type);
  set('userId', o.userId);
  set('appId', o.appId);
  set('deliveryMode', o.persistent ? 2 : o.deliveryMode !== undefined ? Number(o.deliveryMode) : undefined);
  if (o.header) {
    try {
      p.headers = headersFromJson(o.header, 'header');
    } catch (e) {
      throw new UsageError(`-H: ${(e as Error).message}`);
    }
  }
  for (const [k, v] of Object.entries(p)) {
    if (typeof v === 'string' && k !== 'expiration' && Buffer.byteLength(v) > 255) throw new UsageError(`--${kebab(k)}: longer than 255 bytes`);
  }
  return p;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Envelope properties with flag properties laid over them (flags win; headers merge). */
export function mergeProperties(base: PublishProperties, flags: PublishProperties): PublishProperties {
  const merged = { ...base, ...flags };
  if (base.headers && flags.headers) merged.headers = { ...base.headers, ...flags.headers };
  return merged;
}

export { checkProperty, EnvelopeError };
