import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { EnvelopeError, fromEnvelope, toEnvelope, type Delivered } from '../../src/amqp/envelope.js';

// amqplib's own field-table codec (its package exports hide lib/, so require the file by path):
// what the headers look like on the wire, and how amqplib decodes them for rmqx.
const codec = createRequire(import.meta.url)(fileURLToPath(new URL('../../node_modules/amqplib/lib/codec.js', import.meta.url))) as {
  encodeTable(buf: Buffer, val: unknown, offset: number): number;
  decodeFields(slice: Buffer): Record<string, unknown>;
};
const wire = (t: Record<string, unknown>): Buffer => {
  const buf = Buffer.alloc(65536);
  const n = codec.encodeTable(buf, t, 0);
  return Buffer.from(buf.subarray(0, n));
};
const decode = (b: Buffer) => codec.decodeFields(b.subarray(4));

/** A delivery as receive.ts hands it over: amqplib's decoded properties. */
function delivered(properties: Record<string, unknown>, content: Buffer, extra: Partial<Delivered> = {}): Delivered {
  return { exchange: 'orders', routingKey: 'eu.created', redelivered: false, properties, content, ...extra };
}

/** Through JSON text, as `get --json > f; publish --ndjson --file f` does. */
const viaJson = (d: Delivered) => fromEnvelope(JSON.parse(JSON.stringify(toEnvelope(d))));

const BYTES = Buffer.from([0x00, 0x01, 0xfe, 0xff, 0xc3, 0x28, 0x80]);

/** Headers of every type the broker carries, as amqplib encodes and decodes them. */
const EVERY_TYPE: Record<string, unknown> = {
  small: 42,
  short: 1000,
  negative: -70000,
  big: 2 ** 40 + 3,
  maxSafe: Number.MAX_SAFE_INTEGER,
  float: 3.25,
  negativeFloat: -0.5,
  yes: true,
  no: false,
  text: 'héllo, wörld ✓',
  empty: '',
  nested: { a: 1, b: { c: 'd', e: [1, 2] } },
  emptyTable: {},
  mixed: [1, 'two', true, 2.5, { x: 1 }, null, [3]],
  ts: { '!': 'timestamp', value: 1763700000 },
  bytes: BYTES,
  dec: { '!': 'decimal', value: { places: 2, digits: 12345 } },
  nil: null,
};

describe('envelope codec', () => {
  test('every header type survives toEnvelope → JSON text → fromEnvelope, on the wire byte for byte', () => {
    const decoded = decode(wire(EVERY_TYPE));
    const env = toEnvelope(delivered({ headers: decoded }, Buffer.from('x')));
    const h = env.properties.headers as Record<string, unknown>;
    // the JSON notation of the types JSON cannot say
    assert.deepEqual(h.bytes, { '!': 'bytearray', value: BYTES.toString('base64') });
    assert.deepEqual(h.ts, { '!': 'timestamp', value: 1763700000 });
    assert.deepEqual(h.dec, { '!': 'decimal', value: { places: 2, digits: 12345 } });
    assert.equal(h.big, 2 ** 40 + 3);
    assert.equal(h.nil, null);
    assert.deepEqual(h.mixed, [1, 'two', true, 2.5, { x: 1 }, null, [3]]);
    const back = viaJson(delivered({ headers: decoded }, Buffer.from('x')));
    assert.deepEqual(back.properties.headers, decoded);
    assert.ok(Buffer.isBuffer((back.properties.headers as Record<string, unknown>).bytes));
    assert.deepEqual(wire(back.properties.headers as Record<string, unknown>), wire(EVERY_TYPE));
  });

  test('a byte array inside a nested table and an array is a bytearray too', () => {
    const decoded = decode(wire({ t: { b: BYTES }, a: [BYTES] }));
    const env = toEnvelope(delivered({ headers: decoded }, Buffer.from('x')));
    const b64 = { '!': 'bytearray', value: BYTES.toString('base64') };
    assert.deepEqual(env.properties.headers, { t: { b: b64 }, a: [b64] });
    assert.deepEqual(viaJson(delivered({ headers: decoded }, Buffer.from('x'))).properties.headers, decoded);
  });

  test('every basic property maps both ways; the key order is the management API\'s', () => {
    const props = {
      contentType: 'application/json',
      contentEncoding: 'gzip',
      headers: { attempt: 1 },
      deliveryMode: 2,
      priority: 5,
      correlationId: 'c-17',
      replyTo: 'amq.rabbitmq.reply-to',
      expiration: '60000',
      messageId: 'm-9',
      timestamp: 1763700000,
      type: 'created',
      userId: 'guest',
      appId: 'shop',
      clusterId: undefined,
    };
    const env = toEnvelope(delivered(props, Buffer.from('{"id":17}'), { redelivered: true, messageCount: 4 }));
    assert.deepEqual(Object.keys(env), ['exchange', 'routing_key', 'redelivered', 'message_count', 'properties', 'payload', 'payload_bytes', 'payload_encoding']);
    assert.deepEqual(env, {
      exchange: 'orders',
      routing_key: 'eu.created',
      redelivered: true,
      message_count: 4,
      properties: {
        content_type: 'application/json',
        content_encoding: 'gzip',
        headers: { attempt: 1 },
        delivery_mode: 2,
        priority: 5,
        correlation_id: 'c-17',
        reply_to: 'amq.rabbitmq.reply-to',
        expiration: '60000',
        message_id: 'm-9',
        timestamp: 1763700000,
        type: 'created',
        user_id: 'guest',
        app_id: 'shop',
      },
      payload: '{"id":17}',
      payload_bytes: 9,
      payload_encoding: 'string',
    });
    const out = fromEnvelope(JSON.parse(JSON.stringify(env)));
    const { clusterId: _unused, ...expected } = props;
    assert.deepEqual(out.properties, expected);
    assert.equal(out.exchange, 'orders');
    assert.equal(out.routingKey, 'eu.created');
    assert.deepEqual(out.content, Buffer.from('{"id":17}'));
  });

  test('unset properties and an empty headers table are left out; no message_count without one', () => {
    const env = toEnvelope(delivered({ contentType: undefined, headers: {}, deliveryMode: undefined, priority: undefined }, Buffer.alloc(0)));
    assert.deepEqual(env.properties, {});
    assert.equal('message_count' in env, false);
    assert.equal(env.payload, '');
    assert.equal(env.payload_bytes, 0);
    assert.equal(env.payload_encoding, 'string');
  });

  test('payload_encoding: string for valid UTF-8, base64 otherwise; both come back byte for byte', () => {
    const payloadOf = (content: Buffer) => {
      const { payload, payload_bytes, payload_encoding } = toEnvelope(delivered({}, content));
      return { payload, payload_bytes, payload_encoding };
    };
    const text = Buffer.from('héllo\n\t"quoted"\u0000 ✓', 'utf8');
    assert.deepEqual(payloadOf(text), { payload: text.toString('utf8'), payload_bytes: text.length, payload_encoding: 'string' });
    for (const invalid of [BYTES, Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]) /* a UTF-16 surrogate */, Buffer.from('abc\xff', 'latin1')]) {
      const p = payloadOf(invalid);
      assert.equal(p.payload_encoding, 'base64', invalid.toString('hex'));
      assert.equal(p.payload, invalid.toString('base64'));
      assert.equal(p.payload_bytes, invalid.length);
      assert.deepEqual(viaJson(delivered({}, invalid)).content, invalid);
    }
    assert.deepEqual(viaJson(delivered({}, text)).content, text);
    // a UTF-8 byte order mark is valid UTF-8 and is kept
    const bom = Buffer.from([0xef, 0xbb, 0xbf, 0x61]);
    assert.equal(payloadOf(bom).payload_encoding, 'string');
    assert.deepEqual(viaJson(delivered({}, bom)).content, bom);
  });

  test('input without payload_encoding or payload_bytes is a string payload', () => {
    const m = fromEnvelope({ routing_key: 'q', payload: 'ü' });
    assert.deepEqual(m.content, Buffer.from('ü'));
    assert.deepEqual(m.properties, {});
    assert.equal(m.exchange, undefined);
  });

  test('payload_bytes that does not match the payload is an error', () => {
    assert.throws(() => fromEnvelope({ payload: 'abc', payload_bytes: 4 }), (e: Error) => e instanceof EnvelopeError && /payload_bytes/.test(e.message));
    // counted in bytes, not characters
    assert.throws(() => fromEnvelope({ payload: 'ü', payload_bytes: 1 }), EnvelopeError);
    assert.equal(fromEnvelope({ payload: 'ü', payload_bytes: 2 }).content.length, 2);
    assert.throws(() => fromEnvelope({ payload: 'AAEC', payload_encoding: 'base64', payload_bytes: 4 }), EnvelopeError);
  });

  test('a bad payload_encoding, invalid base64 or a missing payload is an error', () => {
    assert.throws(() => fromEnvelope({ payload: 'x', payload_encoding: 'hex' }), /payload_encoding/);
    assert.throws(() => fromEnvelope({ payload: 'not base64!', payload_encoding: 'base64' }), /not valid base64/);
    assert.throws(() => fromEnvelope({ payload: 'AA=A', payload_encoding: 'base64' }), EnvelopeError);
    assert.throws(() => fromEnvelope({ payload_encoding: 'string' }), /"payload" must be a string/);
    assert.throws(() => fromEnvelope({ payload: 5 }), /"payload" must be a string/);
    for (const notObject of [null, [], 'x', 3]) assert.throws(() => fromEnvelope(notObject), EnvelopeError);
  });

  test('an unknown or mistyped property is an error naming it', () => {
    assert.throws(() => fromEnvelope({ payload: 'x', properties: { colour: 'red' } }), /unknown property "colour"/);
    assert.throws(() => fromEnvelope({ payload: 'x', properties: { contentType: 'text/plain' } }), /unknown property "contentType"/);
    assert.throws(() => fromEnvelope({ payload: 'x', properties: { priority: 256 } }), /priority/);
    assert.throws(() => fromEnvelope({ payload: 'x', properties: { priority: 1.5 } }), /priority/);
    assert.throws(() => fromEnvelope({ payload: 'x', properties: { delivery_mode: 3 } }), /delivery_mode/);
    assert.throws(() => fromEnvelope({ payload: 'x', properties: { content_type: 7 } }), /content_type/);
    assert.throws(() => fromEnvelope({ payload: 'x', properties: { message_id: 'x'.repeat(256) } }), /message_id/);
    assert.throws(() => fromEnvelope({ payload: 'x', properties: { timestamp: -1 } }), /timestamp/);
    assert.throws(() => fromEnvelope({ payload: 'x', properties: { timestamp: '2026-01-01' } }), /timestamp/);
    assert.throws(() => fromEnvelope({ payload: 'x', properties: { headers: [1] } }), /headers/);
    assert.throws(() => fromEnvelope({ payload: 'x', properties: [] }), /"properties" must be an object/);
    assert.throws(() => fromEnvelope({ payload: 'x', exchange: 1 }), /"exchange"/);
    assert.throws(() => fromEnvelope({ payload: 'x', routing_key: null }), /"routing_key"/);
  });

  test('expiration: a number becomes the string AMQP carries; anything but whole milliseconds is an error', () => {
    assert.equal(fromEnvelope({ payload: 'x', properties: { expiration: 60000 } }).properties.expiration, '60000');
    assert.equal(fromEnvelope({ payload: 'x', properties: { expiration: 0 } }).properties.expiration, '0');
    assert.equal(fromEnvelope({ payload: 'x', properties: { expiration: '1500' } }).properties.expiration, '1500');
    for (const bad of [-1, 1.5, '1.5', 'soon', '']) {
      assert.throws(() => fromEnvelope({ payload: 'x', properties: { expiration: bad } }), /expiration/, String(bad));
    }
  });

  test('null properties are skipped; cluster_id is accepted and not published', () => {
    const m = fromEnvelope({ payload: 'x', properties: { content_type: null, cluster_id: 'c1', app_id: 'a' } });
    assert.deepEqual(m.properties, { appId: 'a' });
  });

  test('typed header values: bad bytearray and timestamp values and unknown types are errors', () => {
    const h = (headers: unknown) => () => fromEnvelope({ payload: 'x', properties: { headers } });
    assert.throws(h({ b: { '!': 'bytearray', value: 5 } }), /bytearray/);
    assert.throws(h({ t: { '!': 'timestamp', value: 'yesterday' } }), /timestamp/);
    assert.throws(h({ t: { '!': 'timestamp', value: -5 } }), /timestamp/);
    assert.throws(h({ deep: { list: [{ '!': 'complex', value: 1 } ] } }), /unknown typed value "complex"/);
    // the error names where the value is
    assert.throws(h({ deep: { list: [{ '!': 'complex', value: 1 }] } }), /deep\.list\[0\]/);
  });

  test('typed header values amqplib cannot encode are refused by the codec, not at publish time', () => {
    // Whatever fromEnvelope accepts must be encodable: the publisher must never meet an
    // encoding error after it has started sending (see the integration tests: it hangs).
    const bad: Array<[string, unknown]> = [
      ['decimal with a string', { '!': 'decimal', value: 'x' }],
      ['decimal without digits', { '!': 'decimal', value: { places: 2 } }],
      ['long that is not a number', { '!': 'long', value: 'zz' }],
      ['int8 out of range', { '!': 'int8', value: 300 }],
      ['int8 that is not a number', { '!': 'int8', value: 'abc' }],
      ['uint32 negative', { '!': 'uint32', value: -1 }],
    ];
    const problems: string[] = [];
    for (const [what, value] of bad) {
      let accepted: unknown;
      try {
        accepted = fromEnvelope({ payload: 'x', properties: { headers: { v: value } } }).properties.headers;
      } catch (e) {
        if (!(e instanceof EnvelopeError)) problems.push(`${what}: threw ${String(e)} instead of an EnvelopeError`);
        continue;
      }
      // accepted: then amqplib must encode it, to exactly the value given
      try {
        const encoded = decode(wire(accepted as Record<string, unknown>));
        if (encoded.v !== (value as { value: unknown }).value) problems.push(`${what}: accepted, and encoded as ${JSON.stringify(encoded.v)}`);
      } catch (e) {
        problems.push(`${what}: accepted, but amqplib cannot encode it (${(e as Error).message})`);
      }
    }
    assert.deepEqual(problems, []);
  });

  test('typed numbers amqplib knows (int, long, float) are accepted and keep their value', () => {
    const m = fromEnvelope({ payload: 'x', properties: { headers: { i: { '!': 'int', value: 5 }, l: { '!': 'long', value: 7 }, f: { '!': 'float', value: 1.5 } } } });
    assert.deepEqual(decode(wire(m.properties.headers as Record<string, unknown>)), { i: 5, l: 7, f: 1.5 });
    assert.equal(wire(m.properties.headers as Record<string, unknown>).includes(Buffer.from('iI')), true, 'i is an int32 (tag I)');
  });
});
