import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparisonWords, holds, parseComparison, parseWaitDuration, poll, seconds, type Probe } from '../../src/commands/wait/conditions.js';

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
