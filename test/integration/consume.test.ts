// rmqx consume against the real broker, checked with a second client (amqplib directly):
// it takes exactly what it says, settles the other way with --requeue/--reject, and loses
// nothing when stdout closes or Ctrl-C arrives; stream queues with --offset.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { amqpPeer, bodies } from '../helpers/amqp.js';
import { BIN, BROKER, dropVhost, freshVhost, rmqx, unique, until, type CliOptions } from '../helpers/cli.js';

let vhost = '';

/** the second client: amqplib in this file's vhost */
const amqp = amqpPeer(() => vhost);
const { onChannel, count, newQueue, fill, take, settledCount, withDeadLetters } = amqp;

before(async () => {
  vhost = await freshVhost('it-consume');
});
after(async () => {
  await amqp.close();
  await dropVhost(vhost);
});

/** rmqx in this file's vhost; a hung rmqx is killed (code 128) rather than hanging the suite */
const run = (args: string[], opts: CliOptions = {}) => rmqx([...args, '-V', vhost], { timeoutMs: 30_000, ...opts });

const payloads = (stdout: string) => stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l).payload as string);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `m${from + i}`);

/** "N message(s) from queue 'q' acked; stopped by …" → N */
function reported(stderr: string, q: string, fate = 'acked'): number {
  const m = new RegExp(`(\\d+) message\\(s\\) from queue '${q}' ${fate}; stopped by`).exec(stderr);
  assert.ok(m, `no "… ${fate}; stopped by" note on stderr: ${stderr}`);
  return Number(m[1]);
}

/** A consume process we drive ourselves: its stdout lines as they come, its exit. */
function spawnConsume(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'consume', ...args, '-V', vhost], {
    env: { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_URL: BROKER.url, RMQX_AMQP_URL: BROKER.amqpUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines: string[] = [];
  let partial = '';
  let waiter: { n: number; resolve: () => void } | undefined;
  child.stdout.on('data', (c: Buffer) => {
    const parts = (partial + c.toString()).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
    if (waiter && lines.length >= waiter.n) waiter.resolve();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal });
    }),
  );
  return {
    child,
    lines,
    stderr: () => stderr,
    exit,
    /** resolves once n lines were read (rejects if the process ends first) */
    read(n: number): Promise<void> {
      if (lines.length >= n) return Promise.resolve();
      return Promise.race([
        new Promise<void>((resolve) => (waiter = { n, resolve })),
        exit.then(() => {
          throw new Error(`consume ended after ${lines.length} line(s), before ${n}: ${stderr}`);
        }),
      ]);
    },
  };
}

// ---- taking ---------------------------------------------------------------------------------

describe('consume: taking and settling', () => {
  test('--count N takes exactly N, in order, and acks them', async () => {
    const q = await newQueue('count');
    await fill(q, 10);
    const r = await run(['consume', q, '--count', '4', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(payloads(r.stdout), range(0, 4));
    const first = JSON.parse(r.stdout.split('\n')[0] as string);
    assert.deepEqual(first, { exchange: '', routing_key: q, redelivered: false, properties: {}, payload: 'm0', payload_bytes: 2, payload_encoding: 'string' });
    assert.equal(reported(r.stderr, q), 4);
    assert.match(r.stderr, /stopped by --count 4/);
    assert.equal(await settledCount(q, 6), 6);
    assert.deepEqual(bodies(await take(q, 6)), range(4, 10));
  });

  test('--count past the default prefetch: 250 of 300, exactly, none redelivered twice', async () => {
    const q = await newQueue('count-many');
    await fill(q, 300);
    const r = await run(['consume', q, '--count', '250', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(payloads(r.stdout), range(0, 250));
    assert.equal(reported(r.stderr, q), 250);
    assert.equal(await settledCount(q, 50), 50);
    assert.deepEqual(bodies(await take(q, 50)), range(250, 300));
  });

  test('--ack may be given explicitly', async () => {
    const q = await newQueue('ack');
    await fill(q, 2);
    const r = await run(['consume', q, '--ack', '--count', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(payloads(r.stdout), ['m0']);
    assert.equal(await settledCount(q, 1), 1);
  });

  test('--idle-timeout ends it once the queue stays empty; everything taken is acked', async () => {
    const q = await newQueue('idle');
    await fill(q, 3);
    const r = await run(['consume', q, '--idle-timeout', '1', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(payloads(r.stdout), range(0, 3));
    assert.equal(reported(r.stderr, q), 3);
    assert.match(r.stderr, /without a message/);
    assert.equal(await settledCount(q, 0), 0);
    const empty = await run(['consume', q, '--idle-timeout', '0.5', '--json']);
    assert.equal(empty.code, 0, empty.stderr);
    assert.equal(empty.stdout, '');
    assert.equal(reported(empty.stderr, q), 0);
  });

  test('--requeue --count N shows N and leaves the queue as it was', async () => {
    const q = await newQueue('requeue');
    await fill(q, 5);
    const r = await run(['consume', q, '--requeue', '--count', '3', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(payloads(r.stdout), range(0, 3));
    assert.equal(reported(r.stderr, q, 'requeued'), 3);
    assert.equal(await settledCount(q, 5), 5);
    const all = await take(q, 5);
    assert.deepEqual(bodies(all), range(0, 5));
    assert.deepEqual(all.map((m) => m.fields.redelivered), [true, true, true, false, false]);
  });

  test('--reject --count N dead-letters exactly N', async () => {
    const { q, dlq } = await withDeadLetters('reject');
    await fill(q, 5);
    const r = await run(['consume', q, '--reject', '--count', '2', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(payloads(r.stdout), range(0, 2));
    assert.equal(reported(r.stderr, q, 'rejected'), 2);
    await until(async () => (await count(dlq)) === 2, 'two messages dead-lettered');
    assert.equal(await settledCount(q, 3), 3);
    assert.deepEqual(bodies(await take(dlq, 2)), range(0, 2));
    assert.deepEqual(bodies(await take(q, 3)), range(2, 5));
  });

  test('--requeue or --reject without --count, and conflicting flags, are 64; the queue is not touched', async () => {
    const q = await newQueue('usage');
    await fill(q, 2);
    const cases = [['--requeue'], ['--reject'], ['--requeue', '--ack', '--count', '1'], ['--reject', '--ack', '--count', '1'], ['--requeue', '--reject', '--count', '1'], ['--count', '0'], ['--idle-timeout', '0'], ['--body', '--json'], ['--offset', 'sometime']];
    for (const args of cases) {
      const r = await run(['consume', q, ...args]);
      assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^rmqx: /, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
    assert.equal(await settledCount(q, 2), 2);
    const all = await take(q, 2);
    assert.deepEqual(all.map((m) => m.fields.redelivered), [false, false]);
  });

  test('a missing queue is 66 naming it', async () => {
    const q = unique('missing');
    const r = await run(['consume', q, '--count', '1']);
    assert.equal(r.code, 66, r.stderr);
    assert.match(r.stderr, new RegExp(`^rmqx: consume from queue '${q}' in vhost '${vhost}': .*NOT_FOUND`, 'm'));
    assert.equal(r.stdout, '');
  });
});

// ---- nothing lost ---------------------------------------------------------------------------

describe('consume: nothing lost when it is stopped', () => {
  test('a closed stdout: clean exit 0, and left in the queue + acked == published', async () => {
    const q = await newQueue('epipe');
    const total = 20_000;
    // ~250 bytes per envelope: several MB, far more than a pipe holds, so rmqx is still writing
    await fill(q, total, 100);
    const c = spawnConsume([q, '--json']);
    await c.read(3);
    assert.equal(JSON.parse(c.lines[0] as string).payload, 'm0'.padEnd(100, '.'));
    c.child.stdout.destroy();
    const { code, signal } = await c.exit;
    assert.equal(signal, null, `killed by ${signal}: ${c.stderr()}`);
    assert.equal(code, 0, c.stderr());
    assert.match(c.stderr(), /stopped by stdout closing/);
    // Through a pipe rmqx acks a batch only after the next one was written, so lines the
    // reader got may go back to the queue too (at least once); what it acks, it wrote.
    const acked = reported(c.stderr(), q);
    assert.ok(acked <= c.lines.length + 200, `acked ${acked}, but the reader got ${c.lines.length} lines`);
    assert.ok(acked < total, `acked all ${total}: the pipe never filled, the test proves nothing`);
    assert.equal((await settledCount(q, total - acked)) + acked, total);
  });

  test('| head -3 on a busy queue: the reader leaves early, and the unread messages stay in the queue', async () => {
    const q = await newQueue('head');
    const total = 2000;
    await fill(q, total);
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" consume ${q} --json -V ${vhost} | head -3`], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_URL: BROKER.url, RMQX_AMQP_URL: BROKER.amqpUrl },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 3);
    const acked = reported(r.stderr, q);
    // acking as soon as a batch was written, this acked the whole first batch (7 of which head
    // showed 3, in five runs of five here): now that batch waits for the next write, which fails
    assert.ok(acked <= 3, `acked ${acked} for 3 lines shown`);
    assert.equal((await settledCount(q, total - acked)) + acked, total);
  });

  test('through a pipe with --prefetch 100, twelve runs of 3,000: every run writes all 3,000 (none stalls with the prefetch held)', async () => {
    // The write that fills the prefetch waits out the reader's first 100 ms; a timer that fired a
    // little early made it count as one of them: nothing was acked, the broker sent nothing more,
    // and rmqx stopped at --idle-timeout with 100 lines (5 of 35 runs here before the fix)
    const q = await newQueue('pipe-prefetch');
    const short: string[] = [];
    for (let i = 0; i < 12; i++) {
      await fill(q, 3000);
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" consume ${q} --prefetch 100 --count 3000 --idle-timeout 5 -V ${vhost} | cat`], {
        env: { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_URL: BROKER.url, RMQX_AMQP_URL: BROKER.amqpUrl },
        encoding: 'utf8',
        timeout: 60_000,
      });
      assert.equal(r.status, 0, r.stderr);
      const lines = r.stdout.split('\n').filter(Boolean).length;
      if (lines !== 3000) short.push(`run ${i + 1}: ${lines} lines; ${r.stderr.trim()}`);
    }
    assert.deepEqual(short, []);
    assert.equal(await count(q), 0);
  });

  test('Ctrl-C: exit 130 after the 5 messages were written and acked; queue + acked == published', async () => {
    const q = await newQueue('sigint');
    const c = spawnConsume([q, '--json']);
    await fill(q, 5);
    await c.read(5);
    assert.deepEqual(c.lines.map((l) => JSON.parse(l).payload), range(0, 5));
    c.child.kill('SIGINT');
    const { code, signal } = await c.exit;
    assert.equal(signal, null, `killed by ${signal}: ${c.stderr()}`);
    assert.equal(code, 130, c.stderr());
    assert.match(c.stderr(), /stopped by Ctrl-C/);
    const acked = reported(c.stderr(), q);
    assert.equal(acked, 5);
    assert.equal((await settledCount(q, 5 - acked)) + acked, 5);
  });

  test('Ctrl-C in a busy stream: every message is either acked (and reported) or back in the queue', async () => {
    const q = await newQueue('sigint-busy');
    const total = 20_000;
    await fill(q, total, 100);
    const c = spawnConsume([q, '--json']);
    await c.read(5);
    c.child.kill('SIGINT');
    const { code, signal } = await c.exit;
    assert.equal(signal, null, `killed by ${signal}: ${c.stderr()}`);
    assert.equal(code, 130, c.stderr());
    const acked = reported(c.stderr(), q);
    assert.match(c.stderr(), /stopped by Ctrl-C/);
    // every line written was a message acked, and every message acked was written
    assert.equal(c.lines.filter(Boolean).length, acked);
    assert.ok(acked < total, 'Ctrl-C did not stop it: it drained the whole queue');
    assert.equal((await settledCount(q, total - acked)) + acked, total);
  });

  test('SIGTERM (timeout, systemd, Kubernetes) in a busy stream: the same summary as Ctrl-C, exit 143, nothing lost or doubled', async () => {
    const q = await newQueue('sigterm-busy');
    const total = 20_000;
    await fill(q, total, 100);
    const c = spawnConsume([q, '--json']);
    await c.read(5);
    c.child.kill('SIGTERM');
    const { code, signal } = await c.exit;
    assert.equal(signal, null, `killed by ${signal}: ${c.stderr()}`);
    assert.equal(code, 143, c.stderr());
    assert.match(c.stderr(), /stopped by SIGTERM/);
    const acked = reported(c.stderr(), q);
    const written = c.lines.filter(Boolean).map((l) => JSON.parse(l).payload as string);
    assert.equal(written.length, acked);
    assert.equal(new Set(written).size, written.length, 'a message was written twice');
    assert.ok(acked < total, 'SIGTERM did not stop it');
    assert.equal((await settledCount(q, total - acked)) + acked, total);
  });
});

// ---- streams --------------------------------------------------------------------------------

describe('consume: stream queues', () => {
  test('--offset first | N | last | next', async () => {
    const s = unique('stream');
    await onChannel((ch) => ch.assertQueue(s, { durable: true, arguments: { 'x-queue-type': 'stream' } }));
    await fill(s, 10);

    const first = await run(['consume', s, '--offset', 'first', '--count', '10', '--json']);
    assert.equal(first.code, 0, first.stderr);
    assert.deepEqual(payloads(first.stdout), range(0, 10));

    // reading a stream takes nothing away: the same again
    const again = await run(['consume', s, '--offset', 'first', '--count', '10', '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(payloads(again.stdout), range(0, 10));

    const fromFive = await run(['consume', s, '--offset', '5', '--count', '5', '--json']);
    assert.equal(fromFive.code, 0, fromFive.stderr);
    assert.deepEqual(payloads(fromFive.stdout), range(5, 10));

    // last: from the last chunk written, so a tail of the stream ending with m9
    const last = await run(['consume', s, '--offset', 'last', '--idle-timeout', '1', '--json']);
    assert.equal(last.code, 0, last.stderr);
    const tail = payloads(last.stdout);
    assert.ok(tail.length >= 1 && tail.length <= 10, tail.join(','));
    assert.deepEqual(tail, range(10 - tail.length, 10));

    // a time: an ISO 8601 date before the first message, an interval reaching back past it
    for (const when of ['2020-01-01T00:00:00Z', '1h']) {
      const t = await run(['consume', s, '--offset', when, '--count', '10', '--json']);
      assert.equal(t.code, 0, `${when}: ${t.stderr}`);
      assert.deepEqual(payloads(t.stdout), range(0, 10), when);
    }

    const next = await run(['consume', s, '--offset', 'next', '--idle-timeout', '1', '--json']);
    assert.equal(next.code, 0, next.stderr);
    assert.equal(next.stdout, '');
    assert.equal(reported(next.stderr, s), 0);
  });
});

describe('consume: the broker closing the connection', () => {
  test('--requeue held messages: a forced close is 75 with the broker reason, not an internal error, and nothing is lost', async () => {
    const q = await newQueue('forced');
    await fill(q, 3);
    const child = spawnConsume([q, '--requeue', '--count', '10', '--json']);
    const name = await until(async () => {
      const r = await rmqx(['connection', 'list', '--json', '-V', vhost]);
      const list = JSON.parse(r.stdout || '[]') as Array<{ name: string; client_properties?: { connection_name?: string } }>;
      return list.find((c) => c.client_properties?.connection_name === 'rmqx consume')?.name;
    }, 'the consume connection');
    const closed = await rmqx(['connection', 'close', name, '--reason', 'test closes it']);
    assert.equal(closed.code, 0, closed.stderr);
    await child.read(3);
    const { code } = await child.exit;
    const stderr = child.stderr();
    assert.equal(code, 75, stderr);
    assert.doesNotMatch(stderr, /internal error/);
    assert.match(stderr, /test closes it|CONNECTION_FORCED/);
    assert.equal(await settledCount(q, 3), 3);
  });
});
