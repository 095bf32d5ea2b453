// rmqx get against the real broker, checked with a second client (amqplib directly): it looks
// without taking by default, --ack removes exactly --count, --reject dead-letters, and the
// output formats (NDJSON, raw body, TSV through a pipe).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { amqpPeer, bodies } from '../helpers/amqp.js';
import { BIN, BROKER, dropVhost, freshVhost, rmqx, unique, until, type CliOptions } from '../helpers/cli.js';

let vhost = '';

/** the second client: amqplib in this file's vhost */
const amqp = amqpPeer(() => vhost);
const { onChannel, count, newQueue, send, fill, take, settledCount, withDeadLetters } = amqp;

before(async () => {
  vhost = await freshVhost('it-get');
});
after(async () => {
  await amqp.close();
  await dropVhost(vhost);
});

/** rmqx in this file's vhost; a hung rmqx is killed (code 128) rather than hanging the suite */
const run = (args: string[], opts: CliOptions = {}) => rmqx([...args, '-V', vhost], { timeoutMs: 30_000, ...opts });

const envelopes = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));

// ---- settling -------------------------------------------------------------------------------

describe('get: what happens to the messages', () => {
  test('by default they are requeued: the count is unchanged, and the next get sees them redelivered', async () => {
    const q = await newQueue('requeue');
    await fill(q, 3);
    const r = await run(['get', q, '--json', '--count', '2']);
    assert.equal(r.code, 0, r.stderr);
    const got = envelopes(r.stdout);
    assert.deepEqual(got.map((e) => e.payload), ['m0', 'm1']);
    assert.deepEqual(got.map((e) => e.redelivered), [false, false]);
    assert.deepEqual(got.map((e) => e.message_count), [2, 1]);
    assert.deepEqual(got.map((e) => e.routing_key), [q, q]);
    assert.match(r.stderr, new RegExp(`2 message\\(s\\) from queue '${q}', requeued`));
    assert.equal(await settledCount(q, 3), 3);
    const again = await run(['get', q, '--json']);
    assert.equal(again.code, 0, again.stderr);
    const [first] = envelopes(again.stdout);
    assert.equal(first.payload, 'm0');
    assert.equal(first.redelivered, true);
    assert.equal(await settledCount(q, 3), 3);
    // and amqplib agrees, in order
    const all = await take(q, 3);
    assert.deepEqual(bodies(all), ['m0', 'm1', 'm2']);
    assert.deepEqual(all.map((m) => m.fields.redelivered), [true, true, false]);
  });

  test('--count larger than the queue returns what there is, and requeues it', async () => {
    const q = await newQueue('fewer');
    await fill(q, 2);
    const r = await run(['get', q, '--json', '--count', '10']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(envelopes(r.stdout).map((e) => e.payload), ['m0', 'm1']);
    assert.equal(await settledCount(q, 2), 2);
  });

  test('--ack removes exactly --count, the first ones', async () => {
    const q = await newQueue('ack');
    await fill(q, 5);
    const r = await run(['get', q, '--json', '--count', '2', '--ack']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(envelopes(r.stdout).map((e) => e.payload), ['m0', 'm1']);
    assert.match(r.stderr, /2 message\(s\) from queue .*removed/);
    assert.equal(await settledCount(q, 3), 3);
    assert.deepEqual(bodies(await take(q, 3)), ['m2', 'm3', 'm4']);
  });

  test('--ack over several output batches: 230 of 250, in order, 20 left', async () => {
    const q = await newQueue('ack-many');
    await fill(q, 250);
    const r = await run(['get', q, '--json', '--count', '230', '--ack']);
    assert.equal(r.code, 0, r.stderr);
    const got = envelopes(r.stdout).map((e) => e.payload);
    assert.equal(got.length, 230);
    assert.deepEqual(got, Array.from({ length: 230 }, (_, i) => `m${i}`));
    assert.equal(await settledCount(q, 20), 20);
    assert.deepEqual(bodies(await take(q, 20)), Array.from({ length: 20 }, (_, i) => `m${230 + i}`));
  });

  test('--reject with a dead-letter exchange on the queue moves them to the DLQ', async () => {
    const { q, dlq } = await withDeadLetters('reject');
    await fill(q, 3);
    const r = await run(['get', q, '--json', '--count', '2', '--reject']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(envelopes(r.stdout).map((e) => e.payload), ['m0', 'm1']);
    assert.match(r.stderr, /2 message\(s\) from queue .*rejected/);
    await until(async () => (await count(dlq)) === 2, 'two messages dead-lettered');
    assert.equal(await settledCount(q, 1), 1);
    const dead = await take(dlq, 2);
    assert.deepEqual(bodies(dead), ['m0', 'm1']);
    const death = (dead[0]?.properties.headers as Record<string, any>)['x-death'];
    assert.equal(death?.[0]?.reason, 'rejected');
    assert.equal(death?.[0]?.queue, q);
  });

  test('an empty queue: exit 0, nothing on stdout, a note on stderr; --require makes it 1', async () => {
    const q = await newQueue('empty');
    const r = await run(['get', q]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`queue '${q}' in vhost '${vhost}' is empty`));
    const j = await run(['get', q, '--json']);
    assert.equal(j.code, 0, j.stderr);
    assert.equal(j.stdout, '');
    const req = await run(['get', q, '--require']);
    assert.equal(req.code, 1, req.stderr);
    assert.match(req.stderr, /^rmqx: .*is empty/m);
    assert.equal(req.stdout, '');
  });

  test('a missing queue is 66 naming the queue and the vhost', async () => {
    const q = unique('missing');
    for (const extra of [[], ['--ack'], ['--json', '--count', '5']]) {
      const r = await run(['get', q, ...extra]);
      assert.equal(r.code, 66, r.stderr);
      assert.match(r.stderr, new RegExp(`^rmqx: get from queue '${q}' in vhost '${vhost}': .*NOT_FOUND`, 'm'));
      assert.equal(r.stdout, '');
    }
  });

  test('a stream queue (no basic.get): refused, 65 naming the queue, not 69 "unavailable"', async () => {
    const s = unique('stream');
    await onChannel((ch) => ch.assertQueue(s, { durable: true, arguments: { 'x-queue-type': 'stream' } }));
    await fill(s, 1);
    const r = await run(['get', s]);
    assert.equal(r.code, 65, r.stderr);
    assert.match(r.stderr, new RegExp(`^rmqx: get from queue '${s}'`, 'm'));
  });

  test('bad values and conflicting flags are 64, and the queue is not touched', async () => {
    const q = await newQueue('usage');
    await fill(q, 2);
    const cases = [
      ['--count', '0'],
      ['--count', '-1'],
      ['--count', 'x'],
      ['--ack', '--reject'],
      ['--body', '--json'],
    ];
    for (const args of cases) {
      const r = await run(['get', q, ...args]);
      assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^rmqx: /, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
    assert.equal(await settledCount(q, 2), 2);
    // not even fetched and requeued: nothing is marked redelivered
    const all = await take(q, 2);
    assert.deepEqual(all.map((m) => m.fields.redelivered), [false, false]);
  });
});

// ---- output ---------------------------------------------------------------------------------

describe('get: output', () => {
  test('--body writes the exact bytes of one binary message, and requeues it', async () => {
    const q = await newQueue('body');
    const content = Buffer.concat([randomBytes(100_000), Buffer.from([0x0a, 0x0d, 0x00, 0xff])]);
    await send('', q, [{ content }]);
    const r = await run(['get', q, '--body']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdoutBytes.length, content.length);
    assert.ok(r.stdoutBytes.equals(content), 'stdout differs from the body');
    assert.equal(await settledCount(q, 1), 1);
  });

  test('TSV through a pipe: exchange, routing key, redelivered, payload (escaped; binary as base64:)', async () => {
    const q = await newQueue('tsv');
    await onChannel((ch) => ch.bindQueue(q, 'amq.direct', 'k1'));
    const bin = Buffer.from([0xff, 0x00, 0x01]);
    await send('amq.direct', 'k1', [{ content: Buffer.from('plain text') }, { content: Buffer.from('a\tb\nc\\d') }, { content: bin }]);
    await send('', q, [{ content: Buffer.from('via default') }]);
    const r = await run(['get', q, '--count', '4']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        'amq.direct\tk1\tfalse\tplain text',
        'amq.direct\tk1\tfalse\ta\\tb\\nc\\\\d',
        `amq.direct\tk1\tfalse\tbase64:${bin.toString('base64')}`,
        `\t${q}\tfalse\tvia default`,
        '',
      ].join('\n'),
    );
    const again = await run(['get', q]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, 'amq.direct\tk1\ttrue\tplain text\n');
    assert.equal(await settledCount(q, 4), 4);
  });

  test('--json: one envelope per line, binary as base64, properties as set', async () => {
    const q = await newQueue('json');
    const bin = randomBytes(32);
    await send('', q, [
      { content: Buffer.from('{"id":17}'), options: { contentType: 'application/json', persistent: true, headers: { attempt: 1 }, messageId: 'm-9', timestamp: 1763700000 } },
      { content: bin },
    ]);
    const r = await run(['get', q, '--json', '--count', '2']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.endsWith('\n'));
    const [a, b] = envelopes(r.stdout);
    assert.deepEqual(a, {
      exchange: '',
      routing_key: q,
      redelivered: false,
      message_count: 1,
      properties: { content_type: 'application/json', headers: { attempt: 1 }, delivery_mode: 2, message_id: 'm-9', timestamp: 1763700000 },
      payload: '{"id":17}',
      payload_bytes: 9,
      payload_encoding: 'string',
    });
    assert.equal(b.payload_encoding, 'base64');
    assert.equal(b.payload, bin.toString('base64'));
    assert.equal(b.payload_bytes, 32);
    assert.deepEqual(b.properties, {});
  });

  test('a closed stdout (| head): exit 0 and nothing is taken, even with --ack', async () => {
    const q = await newQueue('epipe');
    const total = 3000;
    await send('', q, Array.from({ length: total }, (_, i) => ({ content: Buffer.from(`m${i}`.padEnd(200, '.')) })));
    const child = spawn(process.execPath, [BIN, 'get', q, '--count', String(total), '--ack', '--json', '-V', vhost], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_URL: BROKER.url, RMQX_AMQP_URL: BROKER.amqpUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(killer);
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /removed/);
    assert.equal(await settledCount(q, total), total);
  });
});

describe('get: quorum queues with a delivery limit', () => {
  test('looking again and again loses nothing: a message at the limit is republished, not dropped', async () => {
    const q = unique('dlimit');
    await onChannel((ch) => ch.assertQueue(q, { durable: true, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 2 } }));
    await send('', q, [{ content: Buffer.from('keep me'), options: { headers: { k: 'v' } } }]);
    for (let i = 1; i <= 5; i++) {
      const r = await run(['get', q, '--json']);
      assert.equal(r.code, 0, r.stderr);
      const [m] = envelopes(r.stdout);
      assert.equal(m?.payload, 'keep me', `get number ${i}`);
      assert.equal(m?.properties.headers.k, 'v');
    }
    assert.equal(await settledCount(q, 1), 1);
  });
});
