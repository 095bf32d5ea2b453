// Stream and quorum-queue arguments, pure: the broker's duration notation (7D, 12h), --offset
// forms, the delivery limit read from a queue object (4.x reports it, 3.x does not), and the
// declare/consume flags that are refused before anything is sent.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { durationOption, parseDuration } from '../../src/cli/durations.js';
import { streamOffset } from '../../src/commands/message/consume.js';
import { deliveryLimitOf, queueShowView } from '../../src/commands/queue/views.js';
import { UsageError } from '../../src/errors.js';
import { startStub, type Stub } from '../helpers/stub-server.js';
import { runInProcess, type RunOptions } from '../helpers/memory-io.js';

async function stubFor(t: TestContext): Promise<{ stub: Stub; rmqx: (argv: string[], opts?: RunOptions) => ReturnType<typeof runInProcess> }> {
  const stub = await startStub();
  t.after(() => stub.close());
  // an AMQP URL nothing answers on: a command that tried to connect would be 69, not 64
  return { stub, rmqx: (argv, opts = {}) => runInProcess(argv, { ...opts, env: { RMQX_URL: stub.url, RMQX_AMQP_URL: 'amqp://127.0.0.1:1', ...opts.env } }) };
}

// ---- durations ------------------------------------------------------------------------------

test('parseDuration: a whole number above 0 and one of Y M D h m s, case as the broker has it', () => {
  assert.deepEqual(parseDuration('7D'), { amount: 7, unit: 'D' });
  assert.deepEqual(parseDuration('12h'), { amount: 12, unit: 'h' });
  assert.deepEqual(parseDuration('30m'), { amount: 30, unit: 'm' });
  assert.deepEqual(parseDuration('1Y'), { amount: 1, unit: 'Y' });
  assert.deepEqual(parseDuration('6M'), { amount: 6, unit: 'M' });
  assert.deepEqual(parseDuration('90s'), { amount: 90, unit: 's' });
  // the broker takes a leading zero (07D is 7 days)
  assert.deepEqual(parseDuration('07D'), { amount: 7, unit: 'D' });
  // 3.10 and 4.3 refuse all of these with 400
  for (const bad of ['0D', '7d', '7H', '1.5h', '7', '', 'D', ' 7D', '7D ', '7 D', '-1D', '7Dh', '1w', '99999999999999999999D']) {
    assert.equal(parseDuration(bad), undefined, bad);
  }
  assert.equal(parseDuration(7), undefined);
  assert.equal(parseDuration(null), undefined);
});

test('durationOption: the value as given, or commander\'s InvalidArgumentError naming the units', () => {
  assert.equal(durationOption('7D'), '7D');
  assert.throws(() => durationOption('7d'), (e: unknown) => e instanceof InvalidArgumentError && /'7d' is not a duration: .*Y, M, D, h, m, s/.test(e.message));
});

// ---- --offset -------------------------------------------------------------------------------

test('streamOffset: first/last/next, an offset, an interval as the broker\'s notation, an ISO time as an AMQP timestamp', () => {
  assert.equal(streamOffset('first'), 'first');
  assert.equal(streamOffset('last'), 'last');
  assert.equal(streamOffset('next'), 'next');
  assert.equal(streamOffset('0'), 0);
  assert.equal(streamOffset('4'), 4);
  assert.equal(streamOffset('30m'), '30m');
  assert.equal(streamOffset('7D'), '7D');
  const ts = (iso: string) => ({ '!': 'timestamp', value: Math.floor(Date.parse(iso) / 1000) });
  assert.deepEqual(streamOffset('2026-05-01T12:00:00Z'), { '!': 'timestamp', value: 1777636800 });
  assert.deepEqual(streamOffset('2026-05-01T12:00:00.999Z'), { '!': 'timestamp', value: 1777636800 });
  assert.deepEqual(streamOffset('2026-05-01T14:00:00+02:00'), { '!': 'timestamp', value: 1777636800 });
  assert.deepEqual(streamOffset('2026-05-01'), { '!': 'timestamp', value: 1777593600 });
  // without a zone the time is local, as Date.parse reads it
  assert.deepEqual(streamOffset('2026-05-01T12:00'), ts('2026-05-01T12:00'));
});

test('streamOffset: anything else is a UsageError (64), with the forms it takes', () => {
  for (const bad of ['bogus', 'First', '7d', '0m', '1.5h', '-1', '-5m', 'May 5', '1 2 3', '2026-13-45', '2026-05-01T25:00:00Z', '', '99999999999999999999']) {
    assert.throws(() => streamOffset(bad), (e: unknown) => e instanceof UsageError && e.message.startsWith('--offset: '), bad);
  }
  assert.throws(() => streamOffset('soon'), /'soon' is not first, last, next, an offset number, an ISO 8601 time .* or an interval back from now/);
});

test('consume --offset with a bad value: 64, no request and no connection', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  for (const bad of ['7d', 'yesterday', '0m']) {
    const r = await rmqx(['consume', 's', '--offset', bad]);
    assert.equal(r.code, 64, `${bad}: ${r.stderr}`);
    assert.match(r.stderr, /^rmqx: --offset: /);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.deepEqual(stub.requests, []);
});

// ---- the delivery limit of a queue object ----------------------------------------------------

const quorum = (extra: Record<string, unknown> = {}) => ({ name: 'q', vhost: '/', type: 'quorum', arguments: { 'x-queue-type': 'quorum' }, messages: 0, ...extra });

test('deliveryLimitOf: RabbitMQ 4.x reports delivery_limit (20 by default, "unlimited" for -1), and it is taken as reported', () => {
  // shapes as GET /api/queues/%2F/q returns them on 4.3.6
  assert.equal(deliveryLimitOf(quorum({ delivery_limit: 20, effective_policy_definition: {} })), 20);
  assert.equal(deliveryLimitOf(quorum({ arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 3 }, delivery_limit: 3, effective_policy_definition: { 'delivery-limit': 7 } })), 3);
  assert.equal(deliveryLimitOf(quorum({ arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': -1 }, delivery_limit: 'unlimited' })), 'unlimited');
  assert.equal(deliveryLimitOf(quorum({ delivery_limit: 0 })), 0);
});

test('deliveryLimitOf: RabbitMQ 3.x has no field and no default: the smaller of argument and policy, else unlimited', () => {
  // shapes as GET /api/queues/%2F/q returns them on 3.10.8
  assert.equal(deliveryLimitOf(quorum({ effective_policy_definition: {} })), 'unlimited');
  assert.equal(deliveryLimitOf(quorum({ arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } })), 5);
  assert.equal(deliveryLimitOf(quorum({ effective_policy_definition: { 'delivery-limit': 7 } })), 7);
  assert.equal(deliveryLimitOf(quorum({ arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 3 }, effective_policy_definition: { 'delivery-limit': 7 } })), 3);
});

test('deliveryLimitOf: unknown for other types, and for a new queue whose statistics have not come in (4.x would report 20)', () => {
  assert.equal(deliveryLimitOf({ name: 'c', type: 'classic', arguments: {}, messages: 0 }), undefined);
  assert.equal(deliveryLimitOf({ name: 's', type: 'stream', arguments: { 'x-queue-type': 'stream' }, messages: 0 }), undefined);
  const fresh = quorum();
  delete (fresh as Record<string, unknown>).messages;
  assert.equal(deliveryLimitOf(fresh), undefined);
  // an argument is known before the statistics are
  assert.equal(deliveryLimitOf({ ...fresh, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5 } }), 5);
});

test('queue show: a delivery_limit row for quorum queues, from the 4.x field or worked out on 3.x; --json is the broker\'s object', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/queues/%2F/four', { body: quorum({ name: 'four', delivery_limit: 20, effective_policy_definition: {} }) });
  stub.on('GET', '/api/queues/%2F/three', { body: quorum({ name: 'three', effective_policy_definition: {} }) });
  stub.on('GET', '/api/queues/%2F/c', { body: { name: 'c', vhost: '/', type: 'classic', durable: true, arguments: {}, messages: 0 } });
  // a quorum queue without the field: the broker's version says whether it is 3.x
  stub.on('GET', '/api/overview', { body: { rabbitmq_version: '3.10.8' } });
  stub.on('GET', '/api/feature-flags', { body: [] });
  const four = await rmqx(['queue', 'show', 'four']);
  assert.equal(four.code, 0, four.stderr);
  assert.match(four.stdout, /^delivery_limit\t20$/m);
  const three = await rmqx(['queue', 'show', 'three']);
  assert.match(three.stdout, /^delivery_limit\tunlimited$/m);
  assert.equal(JSON.parse((await rmqx(['queue', 'show', 'three', '--json'])).stdout).delivery_limit, undefined);
  assert.equal(JSON.parse((await rmqx(['queue', 'show', 'four', '--json'])).stdout).delivery_limit, 20);
  assert.doesNotMatch((await rmqx(['queue', 'show', 'c'])).stdout, /delivery_limit/);
});

test('queue show on 4.x of a quorum queue whose statistics lack delivery_limit so far: no row, rather than a wrong "unlimited"', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/queues/%2F/fresh', { body: quorum({ name: 'fresh', effective_policy_definition: {} }) });
  stub.on('GET', '/api/overview', { body: { rabbitmq_version: '4.3.6' } });
  stub.on('GET', '/api/feature-flags', { body: [] });
  const r = await rmqx(['queue', 'show', 'fresh']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^messages\t0$/m);
  assert.doesNotMatch(r.stdout, /delivery_limit/);
});

// ---- queue declare --------------------------------------------------------------------------

test('queue declare --type stream: --max-age, --max-length-bytes, --stream-max-segment-size-bytes, --initial-cluster-size', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', '/api/queues/%2F/s', { status: 201 });
  const r = await rmqx(['queue', 'declare', 's', '--type', 'stream', '--max-age', '7D', '--max-length-bytes', '20000000000', '--stream-max-segment-size-bytes', '100000000', '--initial-cluster-size', '3']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.requests[1]!.body, {
    durable: true,
    auto_delete: false,
    arguments: { 'x-queue-type': 'stream', 'x-max-age': '7D', 'x-max-length-bytes': 20000000000, 'x-stream-max-segment-size-bytes': 100000000, 'x-initial-cluster-size': 3 },
  });
});

test('queue declare --type quorum: --delivery-limit, --initial-cluster-size is x-quorum-initial-group-size', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', '/api/queues/%2F/q', { status: 201 });
  const r = await rmqx(['queue', 'declare', 'q', '--type', 'quorum', '--delivery-limit', '5', '--initial-cluster-size', '3']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.requests[1]!.body, { durable: true, auto_delete: false, arguments: { 'x-queue-type': 'quorum', 'x-delivery-limit': 5, 'x-quorum-initial-group-size': 3 } });
});

test('queue declare: the same keys through --arguments/--arg are checked the same way', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', '/api/queues/%2F/s', { status: 201 });
  const r = await rmqx(['queue', 'declare', 's', '--arg', 'x-queue-type=stream', '--arg', 'x-max-age=12h', '--arguments', '{"x-stream-max-segment-size-bytes": 500000, "x-initial-cluster-size": 1}']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.requests[1]!.body, {
    durable: true,
    auto_delete: false,
    arguments: { 'x-queue-type': 'stream', 'x-max-age': '12h', 'x-stream-max-segment-size-bytes': 500000, 'x-initial-cluster-size': 1 },
  });
});

test('queue declare: without --type, stream and quorum arguments are left to the vhost\'s default type and the broker', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', '/api/queues/%2F/q', { status: 201 });
  const r = await rmqx(['queue', 'declare', 'q', '--max-age', '7D']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.requests[1]!.body, { durable: true, auto_delete: false, arguments: { 'x-max-age': '7D' } });
});

const BAD_DECLARES: Array<[string[], RegExp]> = [
  [['--type', 'stream', '--max-age', '7d'], /--max-age.*'7d' is not a duration/],
  [['--type', 'stream', '--max-age', '0D'], /'0D' is not a duration/],
  [['--type', 'stream', '--max-age', '1.5h'], /'1.5h' is not a duration/],
  [['--type', 'stream', '--arg', 'x-max-age=7'], /argument x-max-age must be a duration, .* got 7$/],
  [['--type', 'stream', '--arg', 'x-max-age=7 D'], /argument x-max-age must be a duration, .* got 7 D$/],
  [['--type', 'stream', '--stream-max-segment-size-bytes', '0'], /'0' must be at least 1/],
  [['--type', 'stream', '--stream-max-segment-size-bytes', '3000000001'], /'3000000001' is above 3000000000/],
  [['--type', 'stream', '--arg', 'x-stream-max-segment-size-bytes=3000000001'], /x-stream-max-segment-size-bytes must be at most 3000000000/],
  [['--type', 'stream', '--arg', 'x-stream-max-segment-size-bytes=big'], /x-stream-max-segment-size-bytes must be a whole number >= 1, got big/],
  [['--type', 'stream', '--initial-cluster-size', '0'], /'0' must be at least 1/],
  [['--type', 'stream', '--arg', 'x-initial-cluster-size=0'], /x-initial-cluster-size must be a whole number >= 1/],
  [['--type', 'quorum', '--arg', 'x-quorum-initial-group-size=-2'], /x-quorum-initial-group-size must be a whole number >= 1/],
  [['--type', 'quorum', '--delivery-limit', '-1'], /'-1' is not a whole number >= 0/],
  [['--type', 'quorum', '--delivery-limit', 'many'], /'many' is not a whole number >= 0/],
  // stream-only arguments on other types
  [['--type', 'classic', '--max-age', '7D'], /x-max-age \(--max-age\) is not supported by classic queues, only by streams/],
  [['--type', 'quorum', '--max-age', '7D'], /x-max-age \(--max-age\) is not supported by quorum queues, only by streams/],
  [['--type', 'quorum', '--arg', 'x-max-age=7D'], /x-max-age \(--max-age\) is not supported by quorum queues/],
  [['--type', 'classic', '--stream-max-segment-size-bytes', '1000'], /x-stream-max-segment-size-bytes \(--stream-max-segment-size-bytes\) is not supported by classic queues/],
  [['--type', 'quorum', '--arg', 'x-initial-cluster-size=3'], /x-initial-cluster-size \(--initial-cluster-size\) is not supported by quorum queues, only by streams/],
  // quorum-only arguments on other types
  [['--type', 'classic', '--delivery-limit', '5'], /x-delivery-limit \(--delivery-limit\) is not supported by classic queues, only by quorum queues/],
  [['--type', 'stream', '--delivery-limit', '5'], /x-delivery-limit \(--delivery-limit\) is not supported by stream queues, only by quorum queues/],
  [['--arg', 'x-queue-type=stream', '--arg', 'x-delivery-limit=5'], /x-delivery-limit \(--delivery-limit\) is not supported by stream queues/],
  [['--type', 'stream', '--arg', 'x-quorum-initial-group-size=3'], /x-quorum-initial-group-size \(--initial-cluster-size\) is not supported by stream queues/],
  // --initial-cluster-size needs a replicated type to choose its argument
  [['--initial-cluster-size', '3'], /--initial-cluster-size needs --type quorum or --type stream$/],
  [['--type', 'classic', '--initial-cluster-size', '3'], /--initial-cluster-size needs --type quorum or --type stream; a classic queue has a single replica/],
  [['--type', 'stream', '--initial-cluster-size', '3', '--arg', 'x-initial-cluster-size=2'], /--initial-cluster-size 3 and --arguments\/--arg x-initial-cluster-size=2 disagree/],
  [['--type', 'stream', '--max-age', '7D', '--arg', 'x-max-age=8D'], /--max-age 7D and --arguments\/--arg x-max-age=8D disagree/],
];

test('queue declare: bad stream and quorum arguments are one line starting rmqx:, exit 64, and no request at all', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  for (const [flags, words] of BAD_DECLARES) {
    const argv = ['queue', 'declare', 'q', ...flags];
    const r = await rmqx(argv);
    assert.equal(r.code, 64, `${argv.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trimEnd().split('\n');
    assert.match(lines[0]!, /^rmqx: /, argv.join(' '));
    assert.ok(lines.length === 1 || (lines.length === 2 && lines[1]!.startsWith('hint: ')), r.stderr);
    assert.match(lines[0]!, words, argv.join(' '));
    assert.equal(r.stdout, '');
  }
  assert.deepEqual(stub.requests, []);
});

test('deliveryLimitOf on a broker that reports the field (4.x): missing means not known yet, never "unlimited"; queue show leaves the row out', () => {
  // 4.3 can answer with messages and without delivery_limit a moment after the declare (seen in CI)
  const fresh = quorum({ effective_policy_definition: {} });
  assert.equal(deliveryLimitOf(fresh, true), undefined);
  assert.equal(deliveryLimitOf(fresh, false), 'unlimited', '3.x: no field, no limit');
  assert.equal(deliveryLimitOf(quorum({ delivery_limit: 20 }), true), 20);
  assert.equal(queueShowView(fresh, true).some((c) => c.key === 'delivery_limit'), false);
  const shown = queueShowView(fresh, false).find((c) => c.key === 'delivery_limit');
  assert.equal(shown?.format?.(undefined, fresh), 'unlimited');
});
