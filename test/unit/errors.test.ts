import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, AmqpError, ConfigError, DataError, EXIT, NetworkError, NotFoundError, UsageError, describeError, exitCodeOf } from '../../src/errors.js';

const target = { op: 'declare', kind: 'queue', name: 'orders', vhost: 'shop' };

test('HTTP statuses map to the sysexits of CLI.md', () => {
  const code = (s: number) => exitCodeOf(new ApiError(s, 'e', 'r', 'PUT', '/api/x', target));
  assert.equal(code(400), EXIT.data);
  assert.equal(code(405), EXIT.data);
  assert.equal(code(401), EXIT.permission);
  assert.equal(code(403), EXIT.permission);
  assert.equal(code(404), EXIT.notFound);
  assert.equal(code(503), EXIT.temporary);
  assert.equal(code(500), EXIT.unavailable);
});

test('network failures: refused is unavailable, a timeout is temporary', () => {
  assert.equal(exitCodeOf(new NetworkError('ECONNREFUSED', 'http://h:15672', 'x')), 69);
  assert.equal(exitCodeOf(new NetworkError('ENOTFOUND', 'http://h:15672', 'x')), 69);
  assert.equal(exitCodeOf(new NetworkError('ETIMEDOUT', 'http://h:15672', 'x')), 75);
});

test('AMQP reply codes map like their HTTP cousins', () => {
  assert.equal(exitCodeOf(new AmqpError(404, 'NOT_FOUND - no queue')), 66);
  assert.equal(exitCodeOf(new AmqpError(403, 'ACCESS_REFUSED')), 77);
  assert.equal(exitCodeOf(new AmqpError(406, 'PRECONDITION_FAILED - inequivalent arg')), 65);
});

test('rmqx errors keep their own codes; anything else is an internal error', () => {
  assert.equal(exitCodeOf(new UsageError('x')), 64);
  assert.equal(exitCodeOf(new DataError('x')), 65);
  assert.equal(exitCodeOf(new NotFoundError('x')), 66);
  assert.equal(exitCodeOf(new ConfigError('x')), 78);
  assert.equal(exitCodeOf(new TypeError('boom')), 70);
});

test('an API error names the operation, the object, the vhost and the broker reason', () => {
  const d = describeError(new ApiError(400, 'bad_request', "inequivalent arg 'durable'", 'PUT', '/api/queues/shop/orders', target));
  assert.equal(d.line, "declare queue 'orders' in vhost 'shop': inequivalent arg 'durable'");
  const nf = describeError(new ApiError(404, 'Object Not Found', 'Not Found', 'GET', '/api/queues/shop/orders', { ...target, op: 'show' }));
  assert.match(nf.hint ?? '', /vhost 'shop'/);
  const internal = describeError(new TypeError('boom'));
  assert.match(internal.line, /internal error: boom/);
});

test('a lost or refused AMQP connection hints at the AMQP listener, an HTTP one at the management plugin', () => {
  const amqp = describeError(new NetworkError('ECONNRESET', 'amqp://127.0.0.1:5672', 'socket closed', { op: 'talk to', kind: 'AMQP broker' }));
  assert.match(amqp.hint ?? '', /listening for AMQP/);
  assert.doesNotMatch(amqp.hint ?? '', /management plugin/);
  const http = describeError(new NetworkError('ECONNREFUSED', 'http://127.0.0.1:15672', 'refused', { op: 'list', kind: 'vhosts' }));
  assert.match(http.hint ?? '', /management plugin/);
});

test("the broker's refusal is one line: HTML entities read, 'Validation failed' and line breaks gone", () => {
  const err = new ApiError(400, 'bad_request', 'Validation failed\n\n&lt;&lt;"x"&gt;&gt; is\n  not a valid value', 'PUT', '/api/x', target);
  const { line } = describeError(err);
  assert.equal(line, `declare queue 'orders' in vhost 'shop': <<"x">> is not a valid value`);
  assert.doesNotMatch(line, /\n/);
});
