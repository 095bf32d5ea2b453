// rmqx publish against the real broker, checked with a second client (amqplib directly):
// bodies from an argument, a file and stdin, --lines, every property flag, typed headers,
// exit codes, --ndjson input (and its errors), and the envelope round trip in both directions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GetMessage, Options } from 'amqplib';
import { amqpPeer, bodies } from '../helpers/amqp.js';
import { BROKER, api, dropVhost, freshVhost, rmqx, unique, type CliOptions } from '../helpers/cli.js';

let vhost = '';
const dir = mkdtempSync(join(tmpdir(), 'rmqx-publish-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

/** the second client: amqplib in this file's vhost */
const amqp = amqpPeer(() => vhost);
const { onChannel, count, newQueue, send, take } = amqp;

before(async () => {
  vhost = await freshVhost('it-publish');
});
after(async () => {
  await amqp.close();
  await dropVhost(vhost);
  rmSync(dir, { recursive: true, force: true });
});

/** rmqx in this file's vhost; a hung rmqx is killed (code 128) rather than hanging the suite */
const run = (args: string[], opts: CliOptions = {}) => rmqx([...args, '-V', vhost], { timeoutMs: 30_000, ...opts });

/** The properties amqplib decoded, without the ones that are not set. */
function setProps(m: GetMessage): Record<string, unknown> {
  return Object.fromEntries(Object.entries(m.properties).filter(([, v]) => v !== undefined));
}

// ---- bodies ---------------------------------------------------------------------------------

describe('publish: bodies', () => {
  test('a body argument is published once, as its UTF-8 bytes, to the default exchange', async () => {
    const q = await newQueue('arg');
    const r = await run(['publish', 'héllo wörld ✓', '-k', q]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /published 1 message\(s\): 1 confirmed/);
    const [m] = await take(q, 1);
    assert.deepEqual(m?.content, Buffer.from('héllo wörld ✓', 'utf8'));
    assert.equal(m?.fields.exchange, '');
    assert.equal(m?.fields.routingKey, q);
    assert.equal(await count(q), 0);
  });

  test('--file: 300 KB of random bytes arrive byte-identical', async () => {
    const q = await newQueue('file');
    const content = randomBytes(300 * 1024);
    const r = await run(['publish', '--file', file('random.bin', content), '-k', q]);
    assert.equal(r.code, 0, r.stderr);
    const [m] = await take(q, 1);
    assert.equal(m?.content.length, content.length);
    assert.ok(m?.content.equals(content), 'the body differs from the file');
    assert.equal(await count(q), 0);
  });

  test('stdin: binary bytes (with newlines and invalid UTF-8) are one message, exact', async () => {
    const q = await newQueue('stdin');
    const content = Buffer.concat([Buffer.from('line 1\nline 2\r\n'), randomBytes(4096), Buffer.from([0xff, 0xfe, 0x0a])]);
    const r = await run(['publish', '-k', q], { input: content });
    assert.equal(r.code, 0, r.stderr);
    const [m] = await take(q, 1);
    assert.ok(m?.content.equals(content));
    assert.equal(await count(q), 0);
  });

  test('an empty stdin is one empty message', async () => {
    const q = await newQueue('empty');
    const r = await run(['publish', '-k', q], { input: '' });
    assert.equal(r.code, 0, r.stderr);
    const [m] = await take(q, 1);
    assert.equal(m?.content.length, 0);
  });

  test('--lines: one message per line, in order, bytes exact; a last line without \\n counts', async () => {
    const q = await newQueue('lines');
    const input = Buffer.concat([Buffer.from('first\nsecond\r\n\nü ✓\n'), Buffer.from([0xff, 0x00, 0x0a]), Buffer.from('last without newline')]);
    const r = await run(['publish', '--lines', '-k', q], { input });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /published 6 message\(s\): 6 confirmed/);
    assert.equal(await count(q), 6);
    const got = await take(q, 6);
    assert.deepEqual(
      got.map((m) => m.content),
      [Buffer.from('first'), Buffer.from('second\r'), Buffer.alloc(0), Buffer.from('ü ✓'), Buffer.from([0xff, 0x00]), Buffer.from('last without newline')],
    );
  });

  test('--lines --file: many lines over many read chunks, in order', async () => {
    const q = await newQueue('lines-file');
    const n = 3000;
    const text = Array.from({ length: n }, (_, i) => `message ${i} ${'x'.repeat(i % 50)}`).join('\n') + '\n';
    const r = await run(['publish', '--lines', '--file', file('lines.txt', text), '-k', q, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).published, n);
    assert.equal(await count(q), n);
    const got = await take(q, n);
    assert.deepEqual(bodies(got), text.split('\n').slice(0, n));
  });

  test('--count N with --rate publishes exactly N (the rate is not timed here)', async () => {
    const q = await newQueue('count');
    const r = await run(['publish', 'tick', '-k', q, '--count', '25', '--rate', '1000']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /published 25 message\(s\): 25 confirmed/);
    assert.equal(await count(q), 25);
    assert.deepEqual(bodies(await take(q, 25)), Array(25).fill('tick'));
  });

  test('--json: one summary document with published and confirmed counts', async () => {
    const q = await newQueue('json');
    const r = await run(['publish', 'x', '-k', q, '--count', '3', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1, r.stdout);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.published, 3);
    assert.equal(doc.confirmed, 3);
    assert.equal(doc.nacked, 0);
    assert.equal(doc.returned, 0);
    assert.equal(await count(q), 3);
  });

  test('an exchange and routing key route through bindings', async () => {
    const q = await newQueue('routed');
    await onChannel((ch) => ch.bindQueue(q, 'amq.topic', 'eu.*'));
    const r = await run(['publish', 'routed', '-e', 'amq.topic', '-k', 'eu.created']);
    assert.equal(r.code, 0, r.stderr);
    const [m] = await take(q, 1);
    assert.equal(m?.fields.exchange, 'amq.topic');
    assert.equal(m?.fields.routingKey, 'eu.created');
  });
});

// ---- properties and headers -----------------------------------------------------------------

describe('publish: properties and headers', () => {
  test('every property flag is seen by an amqplib consumer', async () => {
    const q = await newQueue('props');
    const r = await run([
      'publish', '{"id":17}', '-k', q,
      '--content-type', 'application/json',
      '--content-encoding', 'identity',
      '--correlation-id', 'c-17',
      '--reply-to', 'replies',
      '--expiration', '3600000',
      '--message-id', 'm-9',
      '--priority', '5',
      '--timestamp', '1763700000',
      '--type', 'created',
      '--app-id', 'shop',
      '--user-id', 'guest',
      '--persistent',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [m] = await take(q, 1);
    assert.ok(m);
    const { headers, ...props } = setProps(m);
    assert.deepEqual(props, {
      contentType: 'application/json',
      contentEncoding: 'identity',
      correlationId: 'c-17',
      replyTo: 'replies',
      expiration: '3600000',
      messageId: 'm-9',
      priority: 5,
      timestamp: 1763700000,
      type: 'created',
      appId: 'shop',
      userId: 'guest',
      deliveryMode: 2,
    });
    assert.deepEqual(headers ?? {}, {});
  });

  test('--delivery-mode 1 and 2, --timestamp as an ISO date, --priority 0', async () => {
    const q = await newQueue('props2');
    const r = await run(['publish', 'x', '-k', q, '--delivery-mode', '1', '--timestamp', '2026-11-21T10:00:00Z', '--priority', '0']);
    assert.equal(r.code, 0, r.stderr);
    const [m] = await take(q, 1);
    assert.equal(m?.properties.deliveryMode, 1);
    assert.equal(m?.properties.timestamp, Date.parse('2026-11-21T10:00:00Z') / 1000);
    assert.equal(m?.properties.priority, 0);
    const p = await run(['publish', 'y', '-k', q, '--delivery-mode', '2']);
    assert.equal(p.code, 0, p.stderr);
    assert.equal((await take(q, 1))[0]?.properties.deliveryMode, 2);
  });

  test('--user-id other than the connecting user: the broker refuses, nothing stored', async () => {
    const q = await newQueue('userid');
    const r = await run(['publish', 'x', '-k', q, '--user-id', 'somebody-else']);
    assert.equal(r.code, 65, r.stderr);
    assert.match(r.stderr, /^rmqx: .*user_id/im);
    assert.equal(await count(q), 0);
  });

  test('typed headers: n=3 a number, ok=true a boolean, id:=007 a string, j={…} a table', async () => {
    const q = await newQueue('headers');
    const r = await run(['publish', 'x', '-k', q, '-H', 'n=3', '-H', 'ok=true', '-H', 'id:=007', '-H', 'j={"a":[1,2]}', '-H', 'plain=007', '-H', 'ratio=0.5', '-H', 'big=3000000000']);
    assert.equal(r.code, 0, r.stderr);
    const [m] = await take(q, 1);
    const h = m?.properties.headers as Record<string, unknown>;
    assert.deepEqual(h, { n: 3, ok: true, id: '007', j: { a: [1, 2] }, plain: '007', ratio: 0.5, big: 3000000000 });
    assert.equal(typeof h.n, 'number');
    assert.equal(typeof h.ok, 'boolean');
    assert.equal(typeof h.id, 'string');
  });

  test('typed header notation on -H: timestamp, bytearray, decimal', async () => {
    const q = await newQueue('headers-typed');
    const r = await run(['publish', 'x', '-k', q, '-H', 'ts={"!":"timestamp","value":1763700000}', '-H', 'b={"!":"bytearray","value":"AAH+/w=="}', '-H', 'd={"!":"decimal","value":{"places":2,"digits":12345}}']);
    assert.equal(r.code, 0, r.stderr);
    const [m] = await take(q, 1);
    assert.deepEqual(m?.properties.headers, {
      ts: { '!': 'timestamp', value: 1763700000 },
      b: Buffer.from([0x00, 0x01, 0xfe, 0xff]),
      d: { '!': 'decimal', value: { places: 2, digits: 12345 } },
    });
  });
});

// ---- exit codes -----------------------------------------------------------------------------

describe('publish: exit codes', () => {
  test('a missing exchange is 66 naming it, nothing published', async () => {
    const q = await newQueue('noexchange');
    const r = await run(['publish', 'x', '-e', 'no-such-exchange', '-k', q]);
    assert.equal(r.code, 66, r.stderr);
    assert.match(r.stderr, /^rmqx: publish to exchange 'no-such-exchange' in vhost '[^']+': NOT_FOUND/m);
    // the channel closing is not the broker nacking the message
    assert.doesNotMatch(r.stderr, /nacked/);
    assert.equal(r.stdout, '');
    assert.equal(await count(q), 0);
  });

  test('--mandatory: an unroutable message is exit 1 naming the routing key', async () => {
    const key = unique('nobody-bound');
    const r = await run(['publish', 'x', '-k', key, '--mandatory', '--json']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^rmqx: .*unroutable.*'${key}'`, 'm'));
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.published, 1);
    assert.equal(doc.returned, 1);
    const routable = await newQueue('routable');
    const ok = await run(['publish', 'x', '-k', routable, '--mandatory']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(await count(routable), 1);
  });

  test('without --mandatory: an unroutable message is exit 0 with a warning naming the routing key', async () => {
    const key = unique('nobody-bound');
    const r = await run(['publish', 'x', '-k', key]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`warning: .*unroutable.*'${key}'`));
    assert.equal(r.stdout, '');
  });

  test('nacked by the broker (a full queue with reject-publish): exit 1 naming the count; --json counts them', async () => {
    const q = await newQueue('nack', { 'x-max-length': 1, 'x-overflow': 'reject-publish' });
    const r = await run(['publish', 'x', '-k', q, '--count', '3', '--json']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^rmqx: 2 message\(s\) were nacked/m);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.published, 3);
    assert.equal(doc.confirmed, 1);
    assert.equal(doc.nacked, 2);
    assert.equal(await count(q), 1);
  });

  test('bad values and conflicting flags are 64, and nothing is published', async () => {
    const q = await newQueue('usage');
    const cases: Array<[string[], string?]> = [
      [['x', '--priority', 'x']],
      [['x', '--priority', '300']],
      [['x', '--priority', '-1']],
      [['x', '-H', 'novalue']],
      [['x', '-H', '=3']],
      [['--lines', '--ndjson'], '{"payload":"a"}\n'],
      [['x', '--delivery-mode', '3']],
      [['x', '--persistent', '--delivery-mode', '1']],
      [['x', '--expiration', 'soon']],
      [['x', '--expiration', '-5']],
      [['x', '--timestamp', 'yesterday']],
      [['x', '--count', '0']],
      [['x', '--rate', '0']],
      [['x', '--message-id', 'm'.repeat(256)]],
      [['x', '--file', '/etc/hostname']],
      [['--lines', '--count', '2'], 'a\nb\n'],
    ];
    for (const [args, input] of cases) {
      const r = await run(['publish', ...args, '-k', q], input === undefined ? {} : { input });
      assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^rmqx: /, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
    assert.equal(await count(q), 0);
  });

  test('an unreadable --file is 66 naming it, and nothing is published', async () => {
    const q = await newQueue('nofile');
    const missing = join(dir, 'does-not-exist.bin');
    for (const mode of [[], ['--lines'], ['--ndjson']]) {
      const r = await run(['publish', '--file', missing, '-k', q, ...mode]);
      assert.equal(r.code, 66, `${mode.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /does-not-exist\.bin/);
    }
    const d = await run(['publish', '--file', dir, '-k', q]);
    assert.ok(d.code === 65 || d.code === 66, `a directory: ${d.code} ${d.stderr}`);
    assert.equal(await count(q), 0);
  });

  test('a --file that exists but cannot be read is 66 naming it, not 70 "internal error"', { skip: process.platform !== 'linux' }, async () => {
    // write-only (--w-------): EACCES on open for a user, EINVAL on read for root
    const q = await newQueue('unreadable');
    const wrong: string[] = [];
    for (const mode of [[], ['--lines'], ['--ndjson']]) {
      const r = await run(['publish', '--file', '/proc/self/clear_refs', '-k', q, ...mode]);
      if (r.code !== 66 || !/clear_refs/.test(r.stderr)) wrong.push(`${mode.join(' ') || 'body'}: exit ${r.code} ${r.stderr.split('\n')[0]}`);
    }
    assert.deepEqual(wrong, []);
    assert.equal(await count(q), 0);
  });

  test('a header amqplib cannot encode is 64 before anything is sent (not a hang)', async () => {
    const q = await newQueue('unencodable');
    const cases = [
      ['-H', 'd={"!":"decimal","value":"x"}'],
      ['-H', 'l={"!":"long","value":"zz"}'],
      ['-H', 'b={"!":"int8","value":300}'],
      ['-H', `${'k'.repeat(300)}=1`],
      ['-H', `big=${'x'.repeat(70_000)}`],
    ];
    // at once: each one that hangs costs the whole timeout
    const results = await Promise.all(cases.map((args) => run(['publish', 'x', '-k', q, ...args], { timeoutMs: 15_000 })));
    const wrong = results
      .map((r, i) => ({ r, what: (cases[i]?.[1] ?? '').slice(0, 40) }))
      .filter(({ r }) => r.code !== 64 || !/^rmqx: /m.test(r.stderr))
      .map(({ r, what }) => `${what}: exit ${r.code}${r.code === 128 ? ' (killed: it hung)' : ''} ${r.stderr.trim()}`);
    assert.deepEqual(wrong, []);
    assert.equal(await count(q), 0);
  });
});

// ---- connecting ------------------------------------------------------------------------------

describe('publish, get, consume: connecting', () => {
  test('a vhost that does not exist is 66 naming it (not 69 "connection reset")', async () => {
    const missing = unique('no-such-vhost');
    for (const args of [['publish', 'x', '-k', 'q'], ['get', 'q'], ['consume', 'q', '--count', '1']]) {
      const r = await rmqx([...args, '-V', missing], { timeoutMs: 30_000 });
      assert.equal(r.code, 66, `${args[0]}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^rmqx: .*'${missing}'`, 'm'), args[0]);
    }
  });

  test('a vhost the user has no permissions in is 77 naming it', async () => {
    const bare = unique('no-perms');
    await api('PUT', `/api/vhosts/${encodeURIComponent(bare)}`, {});
    // the API grants the creating user full permissions: take them away
    await api('DELETE', `/api/permissions/${encodeURIComponent(bare)}/guest`);
    try {
      const r = await rmqx(['publish', 'x', '-k', 'q', '-V', bare], { timeoutMs: 30_000 });
      assert.equal(r.code, 77, r.stderr);
      assert.match(r.stderr, new RegExp(`^rmqx: .*'${bare}'`, 'm'));
    } finally {
      await dropVhost(bare);
    }
  });

  test('a wrong password is 77, and the password is printed nowhere', async () => {
    const q = await newQueue('auth');
    const noCredentials = BROKER.amqpUrl.replace(/\/\/[^@/]*@/, '//');
    const r = await run(['publish', 'x', '-k', q, '-p', 'not-the-password-xyz', '--verbose'], { env: { RMQX_AMQP_URL: noCredentials } });
    assert.equal(r.code, 77, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /not-the-password-xyz/);
    assert.equal(await count(q), 0);
    // --verbose logs the AMQP steps, never the credentials of the URL
    const v = await run(['publish', 'x', '-k', q, '--verbose']);
    assert.equal(v.code, 0, v.stderr);
    assert.match(v.stderr, /AMQP connected/);
    assert.doesNotMatch(v.stderr, /guest:guest|:guest@/);
  });
});

// ---- --ndjson input -------------------------------------------------------------------------

describe('publish --ndjson', () => {
  const line = (routingKey: string, payload: string) => JSON.stringify({ exchange: '', routing_key: routingKey, properties: {}, payload, payload_encoding: 'string' });

  test('a malformed line 3 in a --file: 65 naming line 3, and NOTHING is published', async () => {
    const q = await newQueue('nd-file');
    const f = file('bad3.ndjson', [line(q, 'one'), line(q, 'two'), '{"routing_key": oops', line(q, 'four')].join('\n') + '\n');
    const r = await run(['publish', '--ndjson', '--file', f]);
    assert.equal(r.code, 65, r.stderr);
    assert.match(r.stderr, /^rmqx: .*line 3\b/m);
    assert.equal(await count(q), 0);
  });

  test('a malformed line 3 on stdin: 65 naming line 3; the 2 lines before it are published and reported', async () => {
    const q = await newQueue('nd-stdin');
    const r = await run(['publish', '--ndjson', '--json'], { input: [line(q, 'one'), line(q, 'two'), 'not json', line(q, 'four')].join('\n') + '\n' });
    assert.equal(r.code, 65, r.stderr);
    assert.equal(JSON.parse(r.stdout).published, 2);
    assert.match(r.stderr, /^rmqx: .*line 3\b/m);
    assert.match(r.stderr, /\b2 message\(s\)[^\n]*published/);
    assert.equal(await count(q), 2);
    assert.deepEqual(bodies(await take(q, 2)), ['one', 'two']);
  });

  test('an unknown property, a bad payload_encoding, invalid base64, a wrong payload_bytes: 65 naming the problem', async () => {
    const q = await newQueue('nd-bad');
    const cases: Array<[object, RegExp]> = [
      [{ routing_key: q, payload: 'x', properties: { colour: 'red' } }, /unknown property "colour"/],
      [{ routing_key: q, payload: 'x', payload_encoding: 'hex' }, /payload_encoding/],
      [{ routing_key: q, payload: '!!not base64!!', payload_encoding: 'base64' }, /base64/],
      [{ routing_key: q, payload: 'abc', payload_bytes: 7 }, /payload_bytes/],
      [{ routing_key: q, payload: 'x', properties: { delivery_mode: 7 } }, /delivery_mode/],
      [[1, 2], /line 1/],
    ];
    for (const [doc, why] of cases) {
      for (const via of ['stdin', 'file'] as const) {
        const text = JSON.stringify(doc) + '\n';
        const r = via === 'stdin' ? await run(['publish', '--ndjson'], { input: text }) : await run(['publish', '--ndjson', '--file', file('one-bad.ndjson', text)]);
        assert.equal(r.code, 65, `${via} ${JSON.stringify(doc)}: ${r.stderr}`);
        assert.match(r.stderr, /line 1/);
        assert.match(r.stderr, why);
      }
    }
    assert.equal(await count(q), 0);
  });

  test('a header amqplib cannot encode on line 2: 65 naming line 2; from a --file nothing published, from stdin line 1 (not a hang)', async () => {
    const q = await newQueue('nd-unencodable');
    const bad = JSON.stringify({ routing_key: q, payload: 'two', properties: { headers: { d: { '!': 'decimal', value: 'x' } } } });
    const text = [line(q, 'one'), bad, line(q, 'three')].join('\n') + '\n';
    const f = await run(['publish', '--ndjson', '--file', file('unencodable.ndjson', text)], { timeoutMs: 15_000 });
    const fromFile = { code: f.code, hung: f.code === 128, line2: /line 2/.test(f.stderr), published: await count(q) };
    assert.deepEqual(fromFile, { code: 65, hung: false, line2: true, published: 0 }, `--file: ${f.stderr}`);
    const i = await run(['publish', '--ndjson'], { input: text, timeoutMs: 15_000 });
    const fromStdin = { code: i.code, hung: i.code === 128, line2: /line 2/.test(i.stderr), published: await count(q) };
    assert.deepEqual(fromStdin, { code: 65, hung: false, line2: true, published: 1 }, `stdin: ${i.stderr}`);
  });

  test('blank lines and CRLF are fine; flags override the envelope (-k) and merge headers', async () => {
    const q = await newQueue('nd-override');
    // CRLF line ends, as a file saved on Windows has them
    const input = ['', JSON.stringify({ exchange: '', routing_key: 'elsewhere', properties: { content_type: 'text/plain', headers: { a: 1, b: 'env' } }, payload: 'p1' }), '   ', JSON.stringify({ routing_key: 'elsewhere', payload: 'p2' }), ''].join('\r\n');
    const r = await run(['publish', '--ndjson', '-k', q, '-H', 'b=flag', '--app-id', 'over'], { input });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /published 2 message\(s\): 2 confirmed/);
    const [m1, m2] = await take(q, 2);
    assert.equal(m1?.content.toString(), 'p1');
    assert.equal(m1?.properties.contentType, 'text/plain');
    assert.equal(m1?.properties.appId, 'over');
    assert.deepEqual(m1?.properties.headers, { a: 1, b: 'flag' });
    assert.equal(m2?.content.toString(), 'p2');
    assert.deepEqual(m2?.properties.headers, { b: 'flag' });
  });
});

// ---- the envelope round trip with a second client ------------------------------------------

/** Headers of every type the broker carries, as amqplib sends them. */
const EVERY_TYPE_HEADERS = {
  small: 42,
  negative: -7,
  short: 1000,
  int: 100_000,
  big: 2 ** 40 + 3,
  beyondInt32: 3_000_000_000,
  maxSafe: Number.MAX_SAFE_INTEGER,
  float: 3.25,
  yes: true,
  no: false,
  text: 'héllo ✓',
  empty: '',
  nested: { a: 1, b: { c: 'd', list: [1, 2] } },
  mixed: [1, 'two', true, 2.5, { x: 1 }, null, [3, 4]],
  ts: { '!': 'timestamp', value: 1763700000 },
  bytes: Buffer.from([0x00, 0x01, 0xc3, 0x28, 0xfe, 0xff]),
  dec: { '!': 'decimal', value: { places: 2, digits: 12345 } },
  nil: null,
};

const EVERY_PROPERTY: Options.Publish = {
  contentType: 'application/octet-stream',
  contentEncoding: 'identity',
  deliveryMode: 2,
  priority: 7,
  correlationId: 'corr-1',
  replyTo: 'reply-queue',
  expiration: '3600000',
  messageId: 'msg-1',
  timestamp: 1763700000,
  type: 'test.type',
  userId: 'guest',
  appId: 'amqplib-test',
  headers: EVERY_TYPE_HEADERS,
};

describe('envelope round trip with a second client', () => {
  test('amqplib → get --json > file → publish --ndjson --file → amqplib: content, properties and headers identical', async () => {
    // one publish lands in `src` (for rmqx) and `ref` (how amqplib decodes the original)
    const fan = unique('fan');
    const src = await newQueue('rt-src');
    const ref = await newQueue('rt-ref');
    const dst = await newQueue('rt-dst');
    await onChannel(async (ch) => {
      await ch.assertExchange(fan, 'fanout', { durable: false, autoDelete: false });
      await ch.bindQueue(src, fan, '');
      await ch.bindQueue(ref, fan, '');
    });
    const binary = randomBytes(300 * 1024);
    const json = Buffer.from('{"text":"ü ✓"}\n');
    await send(fan, 'rk.binary', [
      { content: binary, options: EVERY_PROPERTY },
      { content: json, options: { contentType: 'application/json', headers: { attempt: 2 } } },
      { content: Buffer.alloc(0) },
    ]);
    const saved = await run(['get', src, '--json', '--count', '3']);
    assert.equal(saved.code, 0, saved.stderr);
    const envs = saved.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(envs.length, 3);
    assert.deepEqual(envs.map((e) => e.payload_encoding), ['base64', 'string', 'string']);
    assert.deepEqual(envs.map((e) => e.payload_bytes), [binary.length, json.length, 0]);
    assert.equal(envs[0].exchange, fan);
    assert.equal(envs[0].routing_key, 'rk.binary');
    assert.deepEqual(envs[0].properties.headers.bytes, { '!': 'bytearray', value: EVERY_TYPE_HEADERS.bytes.toString('base64') });
    assert.deepEqual(envs[0].properties.headers.ts, { '!': 'timestamp', value: 1763700000 });
    assert.deepEqual(envs[0].properties.headers.dec, { '!': 'decimal', value: { places: 2, digits: 12345 } });

    const f = file('saved.ndjson', saved.stdoutBytes);
    const r = await run(['publish', '--ndjson', '--file', f, '-e', '', '-k', dst]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /published 3 message\(s\): 3 confirmed/);

    const originals = await take(ref, 3);
    const copies = await take(dst, 3);
    for (let i = 0; i < 3; i++) {
      const [o, c] = [originals[i] as GetMessage, copies[i] as GetMessage];
      assert.ok(c.content.equals(o.content), `message ${i}: content differs`);
      assert.deepEqual(c.properties, o.properties, `message ${i}: properties differ`);
    }
    // and the original as amqplib decoded it is what was sent
    const h = originals[0]?.properties.headers as Record<string, unknown>;
    assert.deepEqual(h, EVERY_TYPE_HEADERS);
    assert.equal(await count(src), 3, 'get without --ack leaves the source as it was');
  });

  test('get --json --count 10 --ack > saved; publish --ndjson < saved restores routing and properties', async () => {
    const ex = unique('orders');
    const q = await newQueue('restore');
    await onChannel(async (ch) => {
      await ch.assertExchange(ex, 'topic', { durable: false });
      await ch.bindQueue(q, ex, '#');
    });
    const sent = Array.from({ length: 10 }, (_, i) => ({
      key: `${i % 2 ? 'us' : 'eu'}.created.${i}`,
      content: i === 5 ? randomBytes(64) : Buffer.from(`order ${i}`),
      options: { messageId: `m-${i}`, contentType: 'text/plain', priority: i % 4, headers: { i, even: i % 2 === 0 }, persistent: i % 2 === 0 } as Options.Publish,
    }));
    const ch = await (await amqp.connection()).createConfirmChannel();
    for (const s of sent) ch.publish(ex, s.key, s.content, s.options);
    await ch.waitForConfirms();
    await ch.close();

    const saved = await run(['get', q, '--json', '--count', '10', '--ack']);
    assert.equal(saved.code, 0, saved.stderr);
    assert.equal(await count(q), 0, 'get --ack took them');
    const r = await run(['publish', '--ndjson'], { input: saved.stdoutBytes });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /published 10 message\(s\): 10 confirmed/);
    const back = await take(q, 10);
    assert.deepEqual(back.map((m) => m.fields.exchange), sent.map(() => ex));
    assert.deepEqual(back.map((m) => m.fields.routingKey), sent.map((s) => s.key));
    for (const [i, m] of back.entries()) {
      const s = sent[i]!;
      assert.ok(m.content.equals(s.content), `message ${i}: content`);
      assert.equal(m.properties.messageId, `m-${i}`);
      assert.equal(m.properties.contentType, 'text/plain');
      assert.equal(m.properties.priority, i % 4);
      assert.equal(m.properties.deliveryMode, i % 2 === 0 ? 2 : 1);
      assert.deepEqual(m.properties.headers, { i, even: i % 2 === 0 });
    }
  });

  test('rmqx publish → amqplib sees it → amqplib republishes it unchanged → get --json shows the same envelope', async () => {
    const q1 = await newQueue('rtb-1');
    const q2 = await newQueue('rtb-2');
    const r = await run([
      'publish', 'body ✓', '-k', q1,
      '--content-type', 'text/plain', '--content-encoding', 'utf-8', '--correlation-id', 'c-1', '--reply-to', 'rq',
      '--expiration', '3600000', '--message-id', 'id-1', '--priority', '3', '--timestamp', '1763700000', '--type', 't',
      '--app-id', 'rmqx-test', '--user-id', 'guest', '--persistent',
      '-H', 'n=3', '-H', 'ok=true', '-H', 'id:=007', '-H', 'j={"a":[1,2],"b":{"c":null}}', '-H', 'f=2.5', '-H', 'big=5000000000',
      '-H', 'ts={"!":"timestamp","value":1700000000}', '-H', 'raw={"!":"bytearray","value":"/wAB"}', '-H', 'd={"!":"decimal","value":{"places":1,"digits":15}}',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const expectedHeaders = {
      n: 3, ok: true, id: '007', j: { a: [1, 2], b: { c: null } }, f: 2.5, big: 5000000000,
      ts: { '!': 'timestamp', value: 1700000000 }, raw: Buffer.from([0xff, 0x00, 0x01]), d: { '!': 'decimal', value: { places: 1, digits: 15 } },
    };
    const [m] = await take(q1, 1);
    assert.ok(m);
    assert.deepEqual(m.properties.headers, expectedHeaders);
    assert.equal(m.properties.userId, 'guest');
    // republish exactly what amqplib decoded
    const { headers, ...rest } = setProps(m);
    await send('', q2, [{ content: m.content, options: { ...rest, headers } as Options.Publish }]);
    const g = await run(['get', q2, '--json']);
    assert.equal(g.code, 0, g.stderr);
    assert.deepEqual(JSON.parse(g.stdout), {
      exchange: '',
      routing_key: q2,
      redelivered: false,
      message_count: 0,
      properties: {
        content_type: 'text/plain',
        content_encoding: 'utf-8',
        headers: {
          n: 3, ok: true, id: '007', j: { a: [1, 2], b: { c: null } }, f: 2.5, big: 5000000000,
          ts: { '!': 'timestamp', value: 1700000000 }, raw: { '!': 'bytearray', value: '/wAB' }, d: { '!': 'decimal', value: { places: 1, digits: 15 } },
        },
        delivery_mode: 2,
        priority: 3,
        correlation_id: 'c-1',
        reply_to: 'rq',
        expiration: '3600000',
        message_id: 'id-1',
        timestamp: 1763700000,
        type: 't',
        user_id: 'guest',
        app_id: 'rmqx-test',
      },
      payload: 'body ✓',
      payload_bytes: Buffer.byteLength('body ✓'),
      payload_encoding: 'string',
    });
  });
});

describe('publish: stopped part-way', () => {
  test('SIGTERM mid --lines: confirms settled, a resume point (--skip N), exit 143; resuming gives every line exactly once', async () => {
    const q = await newQueue('resume');
    const total = 200_000;
    const input = file('resume.txt', Array.from({ length: total }, (_, i) => `line-${i + 1}`).join('\n') + '\n');
    const { spawn } = await import('node:child_process');
    const { openSync, closeSync } = await import('node:fs');
    const { BIN } = await import('../helpers/cli.js');
    const fd = openSync(input, 'r');
    const child = spawn(process.execPath, [BIN, 'publish', '--lines', '-k', q, '--rate', '20000', '--json', '-V', vhost], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_URL: BROKER.url, RMQX_AMQP_URL: BROKER.amqpUrl },
      stdio: [fd, 'pipe', 'pipe'],
    });
    closeSync(fd);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const t0 = Date.now();
    while ((await count(q)) < 1000) {
      assert.ok(Date.now() - t0 < 30_000, `nothing published: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGTERM');
    assert.equal(await exit, 143, stderr);
    assert.match(stderr, /stopped by SIGTERM/);
    const doc = JSON.parse(stdout) as { published: number; confirmed: number; resume: { confirmed_in_order: number; sent_unconfirmed: number; skip: number } };
    assert.ok(doc.published < total, 'SIGTERM did not stop it');
    // what was sent was confirmed before it left: nothing is in doubt
    assert.equal(doc.confirmed, doc.published);
    assert.deepEqual(doc.resume, { confirmed_in_order: doc.published, sent_unconfirmed: 0, skip: doc.published });
    assert.match(stderr, new RegExp(`resume point: the first ${doc.published} message\\(s\\) of the input are confirmed on the broker; to go on, run the same command with \`--skip ${doc.published}\``));
    assert.match(stderr, new RegExp(`tail -n \\+${doc.published + 1} FILE`));

    const rest = await run(['publish', '--lines', '-k', q, '--skip', String(doc.resume.skip), '--file', input]);
    assert.equal(rest.code, 0, rest.stderr);
    assert.match(rest.stderr, new RegExp(`published ${total - doc.published} message\\(s\\)`));
    const got = (await take(q, total)).map((m) => m.content.toString());
    assert.equal(new Set(got).size, total, 'a line was published twice');
    assert.equal(got[0], 'line-1');
    assert.equal(got[total - 1], `line-${total}`);
    assert.equal(await count(q), 0);
  });

  test('--skip leaves out the first n messages of --count, --lines and --ndjson', async () => {
    const q = await newQueue('skip');
    assert.equal((await run(['publish', '-k', q, 'x', '--count', '5', '--skip', '2'])).code, 0);
    assert.equal((await take(q, 3)).length, 3);
    assert.equal((await run(['publish', '--lines', '-k', q, '--skip', '1'], { input: 'a\nb\nc\n' })).code, 0);
    assert.deepEqual((await take(q, 2)).map((m) => m.content.toString()), ['b', 'c']);
    const nd = ['{"payload":"p1","payload_encoding":"string","routing_key":"' + q + '"}', '', '{"payload":"p2","payload_encoding":"string","routing_key":"' + q + '"}'].join('\n');
    assert.equal((await run(['publish', '--ndjson', '--skip', '1'], { input: nd })).code, 0);
    assert.deepEqual((await take(q, 1)).map((m) => m.content.toString()), ['p2']);
    assert.equal(await count(q), 0);
    const bad = await run(['publish', '-k', q, 'x', '--skip', '-1']);
    assert.equal(bad.code, 64);
  });
});
