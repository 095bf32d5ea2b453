import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparisonWords, holds, parseComparison, parseWaitDuration, poll, seconds, type Probe } from '../../src/commands/wait/conditions.js';
import { startStub } from '../helpers/stub-server.js';
import { runInProcess } from '../helpers/memory-io.js';

test('comparisons: a number is =, and the five operators', () => {
  assert.deepEqual(parseComparison('7'), { op: '=', value: 7 });
  assert.deepEqual(parseComparison('=0'), { op: '=', value: 0 });
  assert.deepEqual(parseComparison('==3'), { op: '=', value: 3 });
  assert.deepEqual(parseComparison('<=5'), { op: '<=', value: 5 });
  assert.deepEqual(parseComparison('>= 1'), { op: '>=', value: 1 });
  assert.deepEqual(parseComparison('<3'), { op: '<', value: 3 });
  assert.deepEqual(parseComparison('>0'), { op: '>', value: 0 });
  for (const bad of ['', '-1', '1.5', '=>1', '!=1', 'a', '>= ', '99999999999999999999']) assert.equal(parseComparison(bad), undefined, bad);
  assert.equal(holds({ op: '=', value: 0 }, 0), true);
  assert.equal(holds({ op: '<=', value: 5 }, 6), false);
  assert.equal(holds({ op: '>=', value: 1 }, 1), true);
  assert.equal(holds({ op: '<', value: 1 }, 1), false);
  assert.equal(holds({ op: '>', value: 1 }, 2), true);
  assert.equal(comparisonWords({ op: '=', value: 0 }), '0');
  assert.equal(comparisonWords({ op: '>=', value: 1 }), '>= 1');
});

test('durations: a plain number is seconds; ms, s, m, h', () => {
  assert.equal(parseWaitDuration('30'), 30_000);
  assert.equal(parseWaitDuration('60s'), 60_000);
  assert.equal(parseWaitDuration('500ms'), 500);
  assert.equal(parseWaitDuration('2m'), 120_000);
  assert.equal(parseWaitDuration('1.5s'), 1500);
  assert.equal(parseWaitDuration('1h'), 3_600_000);
  for (const bad of ['', '-1s', '1d', 's', '1 s s']) assert.equal(parseWaitDuration(bad), undefined, bad);
  assert.equal(seconds(30_000), '30 s');
  assert.equal(seconds(1500), '1.5 s');
});

/** A fake clock: sleep advances it. */
function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
}

test('poll: returns at the first look that holds, looking once per interval', async () => {
  const c = clock();
  let n = 0;
  const seen: string[] = [];
  const r = await poll(async (): Promise<Probe> => ({ holds: ++n === 3, value: `look ${n}` }), { timeoutMs: 10_000, intervalMs: 1000, ...c, progress: (p) => seen.push(p.value) });
  assert.deepEqual([r.ok, r.looks, r.last?.value, r.elapsedMs], [true, 3, 'look 3', 2000]);
  assert.deepEqual(seen, ['look 1', 'look 2']);
});

test('poll: never waits past the timeout, and reports the last value seen', async () => {
  const c = clock();
  let n = 0;
  const r = await poll(async () => ({ holds: false, value: `messages ${++n}` }), { timeoutMs: 2500, intervalMs: 1000, ...c });
  assert.equal(r.ok, false);
  assert.equal(r.elapsedMs, 2500);
  assert.equal(r.last?.value, 'messages 3');
});

test('poll: a look that does not answer is abandoned at the deadline (real time)', async () => {
  const started = Date.now();
  const r = await poll(() => new Promise<Probe>(() => {}), { timeoutMs: 150, intervalMs: 50 });
  assert.equal(r.ok, false);
  assert.equal(r.last, undefined);
  assert.ok(Date.now() - started < 1000, 'bounded');
});

test('poll: a look that throws ends the wait with its error', async () => {
  await assert.rejects(poll(async () => { throw new Error('401'); }, { timeoutMs: 1000, intervalMs: 10 }), /401/);
});

test('wait on a TTY stderr (in process): the progress line is drawn each look and cleared before the outcome; none with --quiet or off a TTY', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  let looks = 0;
  stub.on('GET', '/api/queues/v/q', () => (++looks < 3 ? { status: 404, body: { error: 'Object Not Found', reason: 'Not Found' } } : { body: { name: 'q', vhost: 'v' } }));
  const env = { RMQX_URL: stub.url, NO_COLOR: '1' };
  const tty = await runInProcess(['wait', 'queue', 'q', '--timeout', '10s', '--interval', '100ms', '-V', 'v'], { env, tty: true });
  assert.equal(tty.code, 0, tty.stderr);
  const drawn = tty.stderr.match(/\r\x1b\[Kwaiting: queue 'q' in vhost 'v': does not exist \(0 s of 10 s\)/g) ?? [];
  assert.equal(drawn.length, 2, JSON.stringify(tty.stderr));
  assert.match(tty.stderr, /\r\x1b\[Kqueue 'q' in vhost 'v': exists \(after 0\.\d s\)\n$/);

  for (const [opts, args] of [[{ tty: true }, ['-q']], [{ tty: false }, []]] as const) {
    looks = 0;
    const r = await runInProcess(['wait', 'queue', 'q', '--timeout', '10s', '--interval', '100ms', '-V', 'v', ...args], { env, ...opts });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /waiting:|\x1b\[K/, JSON.stringify(r.stderr));
  }
});

test('wait shovel: running and flow (4.x: running under credit flow) hold; blocked and terminated do not, naming the state', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  let state = 'flow';
  stub.on('GET', '/api/shovels/v', () => ({ body: [{ name: 's', vhost: 'v', type: 'dynamic', state, ...(state === 'terminated' ? { reason: 'econnrefused' } : {}) }] }));
  const env = { RMQX_URL: stub.url };
  for (const ok of ['running', 'flow']) {
    state = ok;
    const r = await runInProcess(['wait', 'shovel', 's', '--json', '-V', 'v', '--timeout', '1s'], { env });
    assert.equal(r.code, 0, `${ok}: ${r.stderr}`);
    assert.equal(JSON.parse(r.stdout).state, ok);
  }
  for (const [bad, words] of [['blocked', 'state blocked'], ['terminated', 'state terminated: econnrefused'], ['starting', 'state starting']]) {
    state = bad as string;
    const r = await runInProcess(['wait', 'shovel', 's', '-V', 'v', '--timeout', '300ms', '--interval', '100ms'], { env });
    assert.equal(r.code, 75, `${bad}: ${r.stderr}`);
    assert.equal(r.stderr, `rmqx: shovel 's' in vhost 'v': ${words}, waited for running (0.3 s)\n`);
  }
});
