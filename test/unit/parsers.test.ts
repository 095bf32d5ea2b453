import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { collectPair, jsonObject, nonNegativeInt, positiveInt, typedPair } from '../../src/cli/parsers.js';

test('counts: whole numbers only', () => {
  assert.equal(nonNegativeInt('0'), 0);
  assert.equal(positiveInt('42'), 42);
  for (const bad of ['-1', 'x', '1.5', '', '1e3']) assert.throws(() => nonNegativeInt(bad), InvalidArgumentError, bad);
  assert.throws(() => positiveInt('0'), InvalidArgumentError);
  assert.throws(() => nonNegativeInt('99999999999999999999'), /too large/);
});

test('--arguments must be a JSON object', () => {
  assert.deepEqual(jsonObject('{"x-max-length": 10}'), { 'x-max-length': 10 });
  assert.throws(() => jsonObject('{x'), /not valid JSON/);
  assert.throws(() => jsonObject('[1]'), /JSON object/);
  assert.throws(() => jsonObject('null'), /JSON object/);
});

test('typed pairs: numbers, booleans, forced strings, JSON', () => {
  assert.deepEqual(typedPair('attempt=1'), ['attempt', 1]);
  assert.deepEqual(typedPair('ratio=0.5'), ['ratio', 0.5]);
  assert.deepEqual(typedPair('flag=true'), ['flag', true]);
  assert.deepEqual(typedPair('id:=007'), ['id', '007']);
  assert.deepEqual(typedPair('id=007'), ['id', '007']);
  assert.deepEqual(typedPair('name=a=b'), ['name', 'a=b']);
  assert.deepEqual(typedPair('t={"a":[1,2]}'), ['t', { a: [1, 2] }]);
  assert.deepEqual(typedPair('empty='), ['empty', '']);
  assert.deepEqual(typedPair('big=12345678901234567890'), ['big', '12345678901234567890']);
  assert.throws(() => typedPair('novalue'), /key=value/);
  assert.throws(() => typedPair('=v'), /key=value/);
  assert.deepEqual(collectPair('b=2', { a: 1 }), { a: 1, b: 2 });
});

test('a prefetch is 1 to 65535: 70000 is usage (64) naming the range, before any connection', async () => {
  const { prefetchCount } = await import('../../src/cli/parsers.js');
  assert.equal(prefetchCount('65535'), 65535);
  assert.throws(() => prefetchCount('70000'), /out of range: a prefetch is 1 to 65535/);
  assert.throws(() => prefetchCount('0'), /at least 1/);
  const { runInProcess } = await import('../helpers/memory-io.js');
  const r = await runInProcess(['consume', 'q', '--prefetch', '70000'], { env: { RMQX_AMQP_URL: 'amqp://127.0.0.1:9' } });
  assert.equal(r.code, 64);
  assert.match(r.stderr, /^rmqx: option '--prefetch <n>' argument '70000' is invalid\. '70000' is out of range: a prefetch is 1 to 65535/);
});

test('a value that looks like JSON or a number but is not one is refused (64), never sent as a string without a word; key:= sends text', async () => {
  assert.throws(() => typedPair('j={bad'), /'\{bad' starts like JSON but is not .*; to send it as text, write key:=\{bad/);
  assert.throws(() => typedPair('n=1e999'), /'1e999' is a number out of range \(to send it as text, write key:=1e999\)/);
  assert.deepEqual(typedPair('j:={bad'), ['j', '{bad']);
  assert.deepEqual(typedPair('n:=1e999'), ['n', '1e999']);
  const { runInProcess } = await import('../helpers/memory-io.js');
  const r = await runInProcess(['publish', '-k', 'q', 'x', '-H', 'j={bad'], { env: { RMQX_AMQP_URL: 'amqp://127.0.0.1:9' } });
  assert.equal(r.code, 64);
  assert.match(r.stderr, /^rmqx: option .*-H.* argument 'j=\{bad' is invalid/);
});
