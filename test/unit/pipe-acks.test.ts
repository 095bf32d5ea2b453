/** PipeAcks: when `consume` may ack what it wrote to a pipe (src/commands/message/consume.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PipeAcks } from '../../src/commands/message/consume.js';

function pipe(prefetch: number, perWrite = Math.floor(prefetch / 2)) {
  let t = 1000;
  const acks = new PipeAcks(prefetch, perWrite, () => t);
  return { acks, at: (ms: number) => (t = 1000 + ms) };
}

test('nothing written in the first 100 ms is acked; the write that would fill the prefetch waits until they are over', () => {
  const { acks, at } = pipe(200);
  assert.equal(acks.waitBefore(1), 0);
  assert.equal(acks.written(1, 1, 50, 1000), undefined);
  at(1);
  assert.equal(acks.written(101, 100, 5000, 1001), undefined);
  // 101 held: another 99 would hold the whole prefetch (and the broker would send no more), so
  // that write waits for the reader's first moments to pass
  at(2);
  assert.equal(acks.waitBefore(98), 0);
  assert.equal(acks.waitBefore(99), 98);
  at(100);
  assert.equal(acks.waitBefore(99), 0);
});

test('a write that fails sends back everything held, up to the last tag written', () => {
  const { acks } = pipe(200);
  acks.written(1, 1, 50, 1000);
  acks.written(101, 100, 5000, 1001);
  assert.equal(acks.dropHeld(), 101);
  assert.equal(acks.dropHeld(), undefined);
  assert.equal(acks.releaseAll(), undefined);
});

test('after the first moments, a batch is acked once 64 KiB more were written after it', () => {
  const { acks } = pipe(200, 10);
  acks.written(10, 10, 40_000, 1000);
  assert.equal(acks.written(20, 10, 40_000, 1200), undefined, 'only 40,000 bytes after the first batch');
  assert.deepEqual(acks.written(30, 10, 40_000, 1300), { tag: 10, n: 10 });
  // 80,000 after the second batch now
  assert.deepEqual(acks.written(40, 10, 30_000, 1400), { tag: 20, n: 10 });
  assert.deepEqual(acks.releaseAll(), { tag: 40, n: 20 });
});

test('small messages: past half the prefetch the oldest batches are acked, always one batch behind', () => {
  const { acks } = pipe(200);
  acks.written(50, 50, 1000, 1000);
  acks.written(100, 50, 1000, 1010);
  // 199 held > 200 - 100: the oldest batches go until at most 100 are held, never the last one
  assert.deepEqual(acks.written(199, 99, 2000, 1150), { tag: 100, n: 100 });
  assert.equal(acks.written(200, 1, 20, 1160), undefined, '100 held: not past half the prefetch');
  assert.deepEqual(acks.written(201, 1, 20, 1170), { tag: 199, n: 99 });
  assert.deepEqual(acks.releaseAll(), { tag: 201, n: 2 });
});

test('a prefetch of 2 writes one message at a time and never holds both', () => {
  const { acks, at } = pipe(2, 1);
  acks.written(1, 1, 10, 1000);
  assert.equal(acks.waitBefore(1), 100);
  assert.deepEqual(acks.written(2, 1, 10, 1100), { tag: 1, n: 1 });
  at(100);
  assert.equal(acks.waitBefore(1), 0);
});

test('ready() waits until the clock has passed the first moments, even when a timer fires early; the write then acks', async () => {
  let t = 1000;
  const acks = new PipeAcks(100, 50, () => t);
  acks.written(1, 1, 30, 1000);
  acks.written(50, 49, 1470, 1002);
  t = 1003;
  const asked: number[] = [];
  // libuv counts timers from the loop's cached time: a long one fires 1.5 ms short of what was asked
  await acks.ready(50, async (ms) => {
    asked.push(ms);
    t += ms > 1.5 ? ms - 1.5 : ms;
  });
  assert.ok(t >= 1100, `ready() returned at ${t}, inside the first 100 ms`);
  assert.deepEqual(asked, [97, 1.5]);
  // the write that fills the prefetch acks the older batches, so the broker can send more
  assert.deepEqual(acks.written(100, 50, 1500, t), { tag: 50, n: 50 });
});
