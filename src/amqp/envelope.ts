/**
 * The message envelope (CLI.md "Messages"): the management API's `get` shape, used for every
 * output of get/consume/tap/rpc and for `publish --ndjson` input. Bodies survive byte for byte
 * (base64 when not valid UTF-8). Header values keep their values and kinds: strings, booleans,
 * numbers, tables, arrays, void; the kinds JSON cannot say are written in amqplib's own
 * {"!": type, "value": …} notation (timestamp, decimal, and "bytearray" with a base64 value).
 * Integer widths are not kept: amqplib decodes every integer to a number and re-encodes it in
 * the smallest signed width that holds it (a typed {"!": "int32", "value": 5} forces one).
 */
import { isUtf8 } from 'node:buffer';

export interface EnvelopeProperties {
  content_type?: string;
  content_encoding?: string;
  headers?: Record<string, unknown>;
  delivery_mode?: number;
  priority?: number;
  correlation_id?: string;
  reply_to?: string;
  expiration?: string;
  message_id?: string;
  timestamp?: number;
  type?: string;
  user_id?: string;
  app_id?: string;
  cluster_id?: string;
}

export interface Envelope {
  exchange: string;
  routing_key: string;
  redelivered?: boolean;
  message_count?: number;
  properties: EnvelopeProperties;
  payload: string;
  payload_bytes: number;
  payload_encoding: 'string' | 'base64';
}

/** amqplib's publish options (camelCase), the subset rmqx sets. */
export interface PublishProperties {
  contentType?: string;
  contentEncoding?: string;
  headers?: Record<string, unknown>;
  deliveryMode?: number;
  priority?: number;
  correlationId?: string;
  replyTo?: string;
  expiration?: string;
  messageId?: string;
  timestamp?: number;
  type?: string;
  userId?: string;
  appId?: string;
}

/** A message as rmqx reads it from the broker, independent of amqplib's classes. */
export interface Delivered {
  exchange: string;
  routingKey: string;
  redelivered: boolean;
  messageCount?: number;
  properties: Record<string, unknown>;
  content: Buffer;
}

/** A message to publish. */
export interface Outgoing {
  exchange?: string;
  routingKey?: string;
  content: Buffer;
  properties: PublishProperties;
}

/** [envelope key, amqplib key, kind] */
const PROPS: ReadonlyArray<[keyof EnvelopeProperties, keyof PublishProperties | 'clusterId', 'string' | 'octet' | 'timestamp' | 'table']> = [
  ['content_type', 'contentType', 'string'],
  ['content_encoding', 'contentEncoding', 'string'],
  ['headers', 'headers', 'table'],
  ['delivery_mode', 'deliveryMode', 'octet'],
  ['priority', 'priority', 'octet'],
  ['correlation_id', 'correlationId', 'string'],
  ['reply_to', 'replyTo', 'string'],
  ['expiration', 'expiration', 'string'],
  ['message_id', 'messageId', 'string'],
  ['timestamp', 'timestamp', 'timestamp'],
  ['type', 'type', 'string'],
  ['user_id', 'userId', 'string'],
  ['app_id', 'appId', 'string'],
  ['cluster_id', 'clusterId', 'string'],
];

/**
 * The envelope of a delivered message. It runs once per message of every get and consume, mostly
 * before V8 has optimised it, so it builds each object once, in its final key order (the
 * management API's), with an indexed loop: spreads and destructuring cost ~3 ms per 1,000
 * messages there.
 */
export function toEnvelope(m: Delivered): Envelope {
  const content = m.content;
  const text = isUtf8(content);
  const payload = content.toString(text ? 'utf8' : 'base64');
  const encoding = text ? 'string' : 'base64';
  const properties = envelopeProperties(m.properties);
  return m.messageCount === undefined
    ? { exchange: m.exchange, routing_key: m.routingKey, redelivered: m.redelivered, properties, payload, payload_bytes: content.length, payload_encoding: encoding }
    : { exchange: m.exchange, routing_key: m.routingKey, redelivered: m.redelivered, message_count: m.messageCount, properties, payload, payload_bytes: content.length, payload_encoding: encoding };
}

function envelopeProperties(p: Record<string, unknown>): EnvelopeProperties {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < PROPS.length; i++) {
    const spec = PROPS[i]!;
    const key = spec[0];
    const v = p[spec[1]];
    if (v === undefined || v === null) continue;
    if (key === 'headers') {
      // amqplib always sends a headers table; an empty one says nothing
      if (Object.keys(v as object).length) out.headers = tableToJson(v as Record<string, unknown>);
      continue;
    }
    out[key] = v;
  }
  return out;
}

function tableToJson(t: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) out[k] = valueToJson(v);
  return out;
}

function valueToJson(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { '!': 'bytearray', value: v.toString('base64') };
  if (Array.isArray(v)) return v.map(valueToJson);
  if (v !== null && typeof v === 'object') {
    if (Object.hasOwn(v, '!')) return v; // timestamp, decimal: amqplib's typed notation, JSON-safe
    return tableToJson(v as Record<string, unknown>);
  }
  if (typeof v === 'bigint') return Number(v);
  return v;
}

function valueFromJson(v: unknown, where: string): unknown {
  if (Array.isArray(v)) return v.map((x, i) => valueFromJson(x, `${where}[${i}]`));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Object.hasOwn(o, '!')) {
      const type = o['!'];
      if (type === 'bytearray') {
        if (typeof o.value !== 'string') throw new EnvelopeError(`${where}: a bytearray needs a base64 "value"`);
        return Buffer.from(o.value, 'base64');
      }
      if (type === 'timestamp') {
        if (!Number.isSafeInteger(o.value) || (o.value as number) < 0) throw new EnvelopeError(`${where}: a timestamp needs a whole number "value" of seconds`);
        return o;
      }
      if (typeof type !== 'string' || !TYPED.has(type)) throw new EnvelopeError(`${where}: unknown typed value "${String(type)}"`);
      checkTyped(type, o.value, where);
      return o;
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if (Buffer.byteLength(k) > 255) throw new EnvelopeError(`${where}: the key "${k.slice(0, 20)}…" is longer than 255 bytes`);
      out[k] = valueFromJson(x, `${where}.${k}`);
    }
    return out;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) throw new EnvelopeError(`${where}: ${v} is not a number AMQP can carry`);
  return v;
}

const INT_RANGES: Record<string, [number, number]> = {
  byte: [-128, 127],
  int8: [-128, 127],
  unsignedbyte: [0, 255],
  uint8: [0, 255],
  short: [-32768, 32767],
  int16: [-32768, 32767],
  unsignedshort: [0, 65535],
  uint16: [0, 65535],
  int: [-(2 ** 31), 2 ** 31 - 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  unsignedint: [0, 2 ** 32 - 1],
  uint32: [0, 2 ** 32 - 1],
};

/** A typed value amqplib would otherwise throw on (or silently write as 0). */
function checkTyped(type: string, value: unknown, where: string): void {
  const bad = (what: string) => new EnvelopeError(`${where}: a ${type} needs ${what}, not ${JSON.stringify(value)}`);
  const range = INT_RANGES[type];
  if (range) {
    if (!Number.isInteger(value) || (value as number) < range[0] || (value as number) > range[1]) throw bad(`a whole number from ${range[0]} to ${range[1]}`);
    return;
  }
  switch (type) {
    case 'long':
    case 'int64': {
      const ok = Number.isSafeInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value) && BigInt(value) >= -(2n ** 63n) && BigInt(value) < 2n ** 63n);
      if (!ok) throw bad('a whole number within 64 bits');
      return;
    }
    case 'double':
    case 'float64':
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('a finite number');
      return;
    case 'decimal': {
      const d = value as { places?: unknown; digits?: unknown } | null;
      const ok = d !== null && typeof d === 'object' && Number.isInteger(d.places) && (d.places as number) >= 0 && (d.places as number) <= 255 && Number.isInteger(d.digits) && (d.digits as number) >= 0 && (d.digits as number) <= 2 ** 32 - 1;
      if (!ok) throw bad('{"places": 0..255, "digits": 0..4294967295}');
      return;
    }
  }
}

/** Bytes amqplib's encoder uses for a field table; it has a 64 KiB buffer for them. */
export function encodedTableSize(t: Record<string, unknown>): number {
  let n = 4;
  for (const [k, v] of Object.entries(t)) n += 1 + Buffer.byteLength(k) + encodedValueSize(v);
  return n;
}

const TYPED_SIZE: Record<string, number> = { double: 8, float64: 8, float: 4, long: 8, int64: 8, timestamp: 8, decimal: 5, byte: 1, int8: 1, unsignedbyte: 1, uint8: 1, short: 2, int16: 2, unsignedshort: 2, uint16: 2, int: 4, int32: 4, unsignedint: 4, uint32: 4 };

function encodedValueSize(v: unknown): number {
  if (v === null || v === undefined) return 1;
  if (typeof v === 'boolean') return 2;
  if (typeof v === 'string') return 5 + Buffer.byteLength(v);
  if (typeof v === 'number') return 1 + (Number.isInteger(v) ? (v >= -128 && v < 128 ? 1 : v >= -32768 && v < 32768 ? 2 : v >= -(2 ** 31) && v < 2 ** 31 ? 4 : 8) : 8);
  if (Buffer.isBuffer(v)) return 5 + v.length;
  if (Array.isArray(v)) return 5 + v.reduce((a: number, x) => a + encodedValueSize(x), 0);
  if (typeof v === 'object') {
    const typed = (v as Record<string, unknown>)['!'];
    if (typeof typed === 'string') return 1 + (TYPED_SIZE[typed] ?? 8);
    return 1 + encodedTableSize(v as Record<string, unknown>);
  }
  return 9;
}

/** amqplib encodes field tables into a 64 KiB buffer; a larger one would throw at publish time. */
const MAX_TABLE = 65536;

/** Types amqplib's encoder accepts in the {"!": type, value} notation. */
const TYPED = new Set(['decimal', 'double', 'float64', 'float', 'byte', 'int8', 'unsignedbyte', 'uint8', 'short', 'int16', 'unsignedshort', 'uint16', 'int', 'int32', 'unsignedint', 'uint32', 'long', 'int64']);

export class EnvelopeError extends Error {}

/** Headers given as JSON (envelope input) into what amqplib encodes, with their types. */
export function headersFromJson(h: unknown, where = 'headers'): Record<string, unknown> {
  if (h === null || typeof h !== 'object' || Array.isArray(h)) throw new EnvelopeError(`${where} must be an object`);
  const table = valueFromJson(h, where) as Record<string, unknown>;
  const size = encodedTableSize(table);
  if (size > MAX_TABLE) throw new EnvelopeError(`${where} take ${size} bytes encoded; at most ${MAX_TABLE} fit (put large data in the body)`);
  return table;
}

const isStr = (v: unknown): v is string => typeof v === 'string';

/** Check and convert one parsed envelope. Throws EnvelopeError naming the field. */
export function fromEnvelope(doc: unknown): Outgoing {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new EnvelopeError('not a JSON object');
  const e = doc as Record<string, unknown>;
  if (!isStr(e.payload)) throw new EnvelopeError('"payload" must be a string');
  const encoding = e.payload_encoding ?? 'string';
  if (encoding !== 'string' && encoding !== 'base64') throw new EnvelopeError('"payload_encoding" must be "string" or "base64"');
  if (encoding === 'base64' && (e.payload.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(e.payload))) throw new EnvelopeError('"payload" is not valid base64');
  const content = Buffer.from(e.payload, encoding === 'base64' ? 'base64' : 'utf8');
  if (e.payload_bytes !== undefined && e.payload_bytes !== content.length)
    throw new EnvelopeError(`"payload_bytes" says ${String(e.payload_bytes)} but the payload has ${content.length} bytes`);
  if (e.exchange !== undefined && !isStr(e.exchange)) throw new EnvelopeError('"exchange" must be a string');
  if (e.routing_key !== undefined && !isStr(e.routing_key)) throw new EnvelopeError('"routing_key" must be a string');
  const props = e.properties ?? {};
  if (props === null || typeof props !== 'object' || Array.isArray(props)) throw new EnvelopeError('"properties" must be an object');
  const out: PublishProperties = {};
  const known = new Map(PROPS.map((p) => [p[0] as string, p]));
  for (const [key, value] of Object.entries(props as Record<string, unknown>)) {
    const spec = known.get(key);
    if (!spec) throw new EnvelopeError(`unknown property "${key}"`);
    if (value === null || value === undefined) continue;
    const [, amqpKey, kind] = spec;
    if (amqpKey === 'clusterId') continue; // deprecated in 0-9-1 and refused by RabbitMQ on publish
    (out as Record<string, unknown>)[amqpKey] = checkProperty(key, kind, value);
  }
  return { exchange: e.exchange as string | undefined, routingKey: e.routing_key as string | undefined, content, properties: out };
}

export function checkProperty(key: string, kind: 'string' | 'octet' | 'timestamp' | 'table', value: unknown): unknown {
  switch (kind) {
    case 'string':
      if (key === 'expiration' && typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
      if (!isStr(value)) throw new EnvelopeError(`property "${key}" must be a string`);
      if (Buffer.byteLength(value) > 255 && key !== 'expiration') throw new EnvelopeError(`property "${key}" is longer than 255 bytes`);
      if (key === 'expiration' && !/^\d+$/.test(value)) throw new EnvelopeError(`property "expiration" must be a whole number of milliseconds`);
      return value;
    case 'octet':
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 255) throw new EnvelopeError(`property "${key}" must be a whole number from 0 to 255`);
      if (key === 'delivery_mode' && value !== 1 && value !== 2) throw new EnvelopeError('property "delivery_mode" must be 1 (transient) or 2 (persistent)');
      return value;
    case 'timestamp':
      if (!Number.isSafeInteger(value) || (value as number) < 0) throw new EnvelopeError(`property "${key}" must be whole seconds since 1970`);
      return value;
    case 'table':
      return headersFromJson(value, 'property "headers"');
  }
}

/**
 * A received message's properties as publish options, to send it on unchanged: everything it
 * carried, nothing undefined. `dropHeaders` leaves out broker-set headers (x-delivery-count).
 */
export function republishable(p: Record<string, unknown>, dropHeaders: readonly string[] = []): PublishProperties {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined && v !== null) out[k] = v;
  if (dropHeaders.length && out.headers && typeof out.headers === 'object') {
    const headers = { ...(out.headers as Record<string, unknown>) };
    for (const h of dropHeaders) delete headers[h];
    out.headers = headers;
  }
  return out as PublishProperties;
}
