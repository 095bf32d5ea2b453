// Streams and quorum-queue limits against the real broker (3.10 and 4.3 alike): stream
// arguments on declare, the delivery limit `queue show` reports (what each broker says and
// does, decided by rmqx's capability table from the broker's version), and every `consume --offset` form read back
// from a real stream.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { amqpPeer } from '../helpers/amqp.js';
import { Capabilities } from '../../src/mgmt/capabilities.js';
import { api, dropVhost, freshVhost, rmqx, unique, until, type CliOptions } from '../helpers/cli.js';

let vhost = '';
const amqp = amqpPeer(() => vhost);
const { onChannel, send, settledCount, count } = amqp;

before(async () => {
  vhost = await freshVhost('it-streams');
});
after(async () => {
  await amqp.close();
  await dropVhost(vhost);
});

const run = (args: string[], opts: CliOptions = {}) => rmqx([...args, '-V', vhost], { timeoutMs: 30_000, ...opts });
const queuePath = (q: string) => `/api/queues/${encodeURIComponent(vhost)}/${encodeURIComponent(q)}`;
const payloads = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).payload as string);
const brokerVersionText = async () => String((await api('GET', '/api/overview')).body?.rabbitmq_version ?? '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const publish = (q: string, bodies: string[]) => send('', q, bodies.map((b) => ({ content: Buffer.from(b) })));

/** The queue object once its statistics are in (they carry messages and, on 4.x, delivery_limit). */
const withStats = (q: string) =>
  until(async () => {
    const r = await api('GET', queuePath(q));
    return r.status === 200 && 'messages' in r.body ? (r.body as Record<string, unknown>) : undefined;
  }, `statistics of queue '${q}'`);

/** `queue show` through a pipe (TSV) → its rows */
async function shown(q: string): Promise<Map<string, string>> {
  const r = await run(['queue', 'show', q]);
  assert.equal(r.code, 0, r.stderr);
  return new Map(r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]));
}

/** Take the queue's one message without settling it and close the channel: the broker gets it back as a failed delivery. */
async function returnOnce(q: string): Promise<void> {
  await onChannel((ch) => until(async () => (await ch.get(q, { noAck: false })) || undefined, `the message of '${q}'`));
}

// ---- declare --------------------------------------------------------------------------------

describe('queue declare: streams', () => {
  test('--max-age, --max-length-bytes, --stream-max-segment-size-bytes, --initial-cluster-size: the broker has exactly these; the same again is 0, another age 65', async () => {
    const s = unique('retained');
    const flags = ['--type', 'stream', '--max-age', '7D', '--max-length-bytes', '20000000000', '--stream-max-segment-size-bytes', '100000000', '--initial-cluster-size', '1'];
    const r = await run(['queue', 'declare', s, ...flags, '--detailed-exitcode']);
    assert.equal(r.code, 2, r.stderr);
    const q = (await api('GET', queuePath(s))).body;
    assert.equal(q.type, 'stream');
    assert.deepEqual(q.arguments, { 'x-queue-type': 'stream', 'x-max-age': '7D', 'x-max-length-bytes': 20000000000, 'x-stream-max-segment-size-bytes': 100000000, 'x-initial-cluster-size': 1 });

    const again = await run(['queue', 'declare', s, ...flags, '--detailed-exitcode']);
    assert.equal(again.code, 0, again.stderr);
    const other = await run(['queue', 'declare', s, '--type', 'stream', '--max-age', '12h', '--max-length-bytes', '20000000000', '--stream-max-segment-size-bytes', '100000000', '--initial-cluster-size', '1']);
    assert.equal(other.code, 65, other.stderr);
    assert.match(other.stderr, /x-max-age=7D.*asked for .*x-max-age=12h/);
    assert.equal((await api('GET', queuePath(s))).body.arguments['x-max-age'], '7D');
  });

  test('the same keys through --arg and --arguments: accepted as the flags are', async () => {
    const s = unique('by-arg');
    const r = await run(['queue', 'declare', s, '--arg', 'x-queue-type=stream', '--arg', 'x-max-age=12h', '--arguments', '{"x-stream-max-segment-size-bytes": 500000, "x-max-length-bytes": 1000000}']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await api('GET', queuePath(s))).body.arguments, { 'x-queue-type': 'stream', 'x-max-age': '12h', 'x-stream-max-segment-size-bytes': 500000, 'x-max-length-bytes': 1000000 });
    // a re-declare with the flags sees the same queue
    const again = await run(['queue', 'declare', s, '--type', 'stream', '--max-age', '12h', '--stream-max-segment-size-bytes', '500000', '--max-length-bytes', '1000000', '--detailed-exitcode']);
    assert.equal(again.code, 0, again.stderr);
  });

  test('bad ages and sizes, stream flags on classic or quorum queues, quorum flags on streams: 64, one line, nothing created', async () => {
    const cases: string[][] = [
      ['--type', 'stream', '--max-age', '7d'],
      ['--type', 'stream', '--max-age', '0D'],
      ['--type', 'stream', '--max-age', '1.5h'],
      ['--type', 'stream', '--arg', 'x-max-age=7'],
      ['--type', 'stream', '--stream-max-segment-size-bytes', '3000000001'],
      ['--type', 'classic', '--max-age', '7D'],
      ['--type', 'quorum', '--max-age', '7D'],
      ['--type', 'quorum', '--stream-max-segment-size-bytes', '1000'],
      ['--type', 'classic', '--arg', 'x-stream-max-segment-size-bytes=1000'],
      ['--type', 'stream', '--delivery-limit', '5'],
      ['--type', 'classic', '--delivery-limit', '5'],
      ['--type', 'classic', '--initial-cluster-size', '1'],
      ['--initial-cluster-size', '1'],
    ];
    for (const flags of cases) {
      const q = unique('refused');
      const r = await run(['queue', 'declare', q, ...flags]);
      assert.equal(r.code, 64, `${flags.join(' ')}: ${r.stderr}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.match(lines[0]!, /^rmqx: /, flags.join(' '));
      assert.ok(lines.length === 1 || (lines.length === 2 && lines[1]!.startsWith('hint: ')), r.stderr);
      assert.equal((await api('GET', queuePath(q))).status, 404, `${flags.join(' ')} created the queue`);
    }
  });

  test('quorum: --delivery-limit and --initial-cluster-size are x-delivery-limit and x-quorum-initial-group-size', async () => {
    const q = unique('limited');
    const r = await run(['queue', 'declare', q, '--type', 'quorum', '--delivery-limit', '5', '--initial-cluster-size', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await api('GET', queuePath(q))).body.arguments, { 'x-queue-type': 'quorum', 'x-delivery-limit': 5, 'x-quorum-initial-group-size': 1 });
  });
});

// ---- the delivery limit ---------------------------------------------------------------------

describe('queue show: the delivery limit of a quorum queue', () => {
  test('none set: what the broker reports (4.x: delivery_limit 20; 3.x: no field, no limit), and the broker does just that', async () => {
    const q = unique('default-limit');
    assert.equal((await run(['queue', 'declare', q, '--type', 'quorum'])).code, 0);
    // whether this broker reports the field, from its version by rmqx's capability table (4.3
    // can answer with messages a moment before delivery_limit: the object alone cannot tell)
    const reports = new Capabilities(await brokerVersionText(), new Set()).has('deliveryLimitReported');
    const obj = await until(async () => {
      const o = await withStats(q);
      return !reports || 'delivery_limit' in o ? o : undefined;
    }, `delivery_limit of queue '${q}'`);
    assert.equal('delivery_limit' in obj, reports, JSON.stringify(obj));
    if (reports) assert.equal(obj.delivery_limit, 20, 'RabbitMQ 4.x applies 20 when none is set');
    const expected = reports ? '20' : 'unlimited';
    assert.equal((await shown(q)).get('delivery_limit'), expected);

    // what it shows is what the broker does: 20 returns keep the message, the 21st drops it
    // under a limit of 20; without a limit it stays
    await publish(q, ['once']);
    for (let i = 0; i < 20; i++) await returnOnce(q);
    assert.equal(await settledCount(q, 1), 1, 'lost within the limit');
    await returnOnce(q);
    assert.equal(await settledCount(q, reports ? 0 : 1), reports ? 0 : 1, `delivery limit ${expected}: after 21 returns`);
  });

  test('--delivery-limit 5, then a policy of 2: shown as 5, then 2 (the smaller), and a third return drops the message', async () => {
    const q = unique('policy-limit');
    assert.equal((await run(['queue', 'declare', q, '--type', 'quorum', '--delivery-limit', '5'])).code, 0);
    await withStats(q);
    assert.equal((await shown(q)).get('delivery_limit'), '5');
    const policy = await api('PUT', `/api/policies/${encodeURIComponent(vhost)}/${encodeURIComponent(`p-${q}`)}`, { pattern: `^${q}$`, definition: { 'delivery-limit': 2 }, 'apply-to': 'queues' });
    assert.ok(policy.status < 300, JSON.stringify(policy.body));
    await until(async () => (await shown(q)).get('delivery_limit') === '2', 'the policy to apply');

    await publish(q, ['m']);
    await returnOnce(q);
    await returnOnce(q);
    assert.equal(await settledCount(q, 1), 1, 'lost within the limit');
    await returnOnce(q);
    assert.equal(await settledCount(q, 0), 0, 'kept past a delivery limit of 2');
  });

  test('classic queues and streams have no delivery_limit row', async () => {
    const c = unique('classic');
    const s = unique('stream');
    assert.equal((await run(['queue', 'declare', c, '--type', 'classic'])).code, 0);
    assert.equal((await run(['queue', 'declare', s, '--type', 'stream'])).code, 0);
    await withStats(c);
    await withStats(s);
    assert.equal((await shown(c)).has('delivery_limit'), false);
    assert.equal((await shown(s)).has('delivery_limit'), false);
  });
});

// ---- consume --offset -----------------------------------------------------------------------

describe('consume --offset: every form against a real stream', () => {
  const a = ['a0', 'a1', 'a2', 'a3', 'a4'];
  const b = ['b0', 'b1', 'b2', 'b3', 'b4'];
  let s = '';
  /** when the last of batch a was confirmed, and the first of b was sent (4 s later) */
  let aDone = 0;
  let bStart = 0;

  before(async () => {
    s = unique('offsets');
    assert.equal((await run(['queue', 'declare', s, '--type', 'stream'])).code, 0);
    await publish(s, a);
    aDone = Date.now();
    await sleep(4000);
    bStart = Date.now();
    await publish(s, b);
  });

  const read = async (offset: string, extra: string[] = ['--idle-timeout', '1']) => {
    const r = await run(['consume', s, '--offset', offset, '--json', ...extra]);
    assert.equal(r.code, 0, `--offset ${offset}: ${r.stderr}`);
    return payloads(r.stdout);
  };

  test('first, and an offset number', async () => {
    assert.deepEqual(await read('first', ['--count', '10']), [...a, ...b]);
    assert.deepEqual(await read('first'), [...a, ...b]);
    assert.deepEqual(await read('0', ['--count', '2']), ['a0', 'a1']);
    assert.deepEqual(await read('5'), b);
    assert.deepEqual(await read('8'), ['b3', 'b4']);
    assert.deepEqual(await read('1000'), []);
  });

  test('last: the last chunk written, a tail of the second batch', async () => {
    const tail = await read('last');
    assert.ok(tail.length >= 1, 'nothing from last');
    assert.deepEqual(tail, b.slice(b.length - tail.length));
  });

  test('an ISO 8601 time between the batches: the second batch only; one before both: everything', async () => {
    const between = new Date(Math.floor((aDone + 2000) / 1000) * 1000);
    assert.ok(between.getTime() > aDone && between.getTime() < bStart - 1000);
    assert.deepEqual(await read(between.toISOString()), b);
    assert.deepEqual(await read(between.toISOString().replace(/\.000Z$/, 'Z')), b);
    assert.deepEqual(await read('2020-01-01T00:00:00Z'), [...a, ...b]);
    assert.deepEqual(await read('2099-01-01T00:00:00Z'), []);
  });

  test('an interval back from now: reaching between the batches gives the second, reaching past both gives everything', async () => {
    // seconds back to two to three seconds before the second batch, which is after the first
    const back = Math.ceil((Date.now() - bStart) / 1000) + 2;
    assert.deepEqual(await read(`${back}s`), b, `${back}s`);
    assert.deepEqual(await read('30m'), [...a, ...b]);
    assert.deepEqual(await read('1h'), [...a, ...b]);
    assert.deepEqual(await read('7D'), [...a, ...b]);
  });

  test('next: only what is published after the consumer attached; reading took nothing', async () => {
    const pending = run(['consume', s, '--offset', 'next', '--count', '1', '--json']);
    await until(async () => {
      const r = await api('GET', `/api/consumers/${encodeURIComponent(vhost)}`);
      return r.status === 200 && (r.body as Array<{ queue?: { name?: string } }>).some((c) => c.queue?.name === s);
    }, 'the next consumer');
    await publish(s, ['c0']);
    const r = await pending;
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(payloads(r.stdout), ['c0']);
    assert.deepEqual(await read('first'), [...a, ...b, 'c0']);
  });

  test('stopping part-way (--count below what the stream holds, --requeue, --reject) ends at once: nothing is nacked (3.10 would close the connection, 540)', async () => {
    for (const extra of [[], ['--requeue'], ['--reject']]) {
      const t0 = Date.now();
      const r = await run(['consume', s, '--offset', 'first', '--count', '2', '--json', '--timeout', '20', ...extra]);
      const took = Date.now() - t0;
      assert.equal(r.code, 0, `${extra.join(' ')}: ${r.stderr}`);
      assert.deepEqual(payloads(r.stdout), ['a0', 'a1']);
      assert.ok(took < 8000, `${extra.join(' ')}: took ${took} ms, waiting out --timeout on a closed connection`);
    }
    // and the stream still holds everything
    assert.deepEqual((await read('first')).slice(0, 10), [...a, ...b]);
  });

  test('a bad --offset is 64 with one line', async () => {
    for (const bad of ['7d', 'yesterday', '0m', '-1']) {
      const r = await run(['consume', s, '--offset', bad]);
      assert.equal(r.code, 64, `${bad}: ${r.stderr}`);
      assert.match(r.stderr, /^rmqx: --offset: .*\n$/);
    }
  });
});

describe('consume --offset on a classic or quorum queue', () => {
  test('65 naming x-stream-offset and the queue type, with a hint, and nothing taken', async () => {
    for (const type of ['classic', 'quorum']) {
      const q = unique(`not-a-stream-${type}`);
      assert.equal((await run(['queue', 'declare', q, '--type', type])).code, 0);
      await publish(q, ['kept']);
      const r = await run(['consume', q, '--offset', 'first', '--idle-timeout', '1']);
      assert.equal(r.code, 65, `${type}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`^rmqx: consume from queue '${q}' in vhost '${vhost}': PRECONDITION_FAILED .*x-stream-offset.*${type}`));
      assert.match(r.stderr, /^hint: --offset is for stream queues only/m);
      assert.equal(r.stdout, '');
      assert.equal(await count(q), 1, `${type}: the message was taken`);
    }
  });
});
