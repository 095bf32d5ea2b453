/**
 * What differs between RabbitMQ versions, decided in one place each: capabilities (version and
 * feature flags), broker-filled defaults, and the broker's structured refusals (a missing
 * object in a 400, a denied deprecated feature). Pure logic, and commands against a stub.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startStub, type Stub } from '../helpers/stub-server.js';
import { runInProcess } from '../helpers/memory-io.js';
import { Capabilities, parseVersion } from '../../src/mgmt/capabilities.js';
import { CHECKS } from '../../src/commands/health/checks.js';
import { declaredQueueArguments, queueType } from '../../src/mgmt/defaults.js';
import { ApiError, deniedDeprecatedFeature, missingObject } from '../../src/mgmt/errors.js';
import { describeError, exitCodeOf } from '../../src/errors.js';

const DENIED =
  'Feature `queue_master_locator` is deprecated.\nBy default, this feature is not permitted anymore.\nThe feature will be removed from a future major RabbitMQ version, regardless of the configuration; actual version to be determined.\nTo continue using this feature when it is not permitted by default, set the following parameter in your configuration:\n    "deprecated_features.permit.queue_master_locator = true"';

test('capabilities: from the version the broker reports, and its feature flags', () => {
  assert.deepEqual(parseVersion('3.10.8'), [3, 10, 8]);
  assert.deepEqual(parseVersion('4.3.6+1.g3f2'), [4, 3, 6]);
  assert.deepEqual(parseVersion('nonsense'), [0, 0, 0]);
  assert.equal(new Capabilities('3.10.8', new Set()).has('deprecatedFeatures'), false);
  assert.equal(new Capabilities('3.12.14', new Set()).has('deprecatedFeatures'), false);
  assert.equal(new Capabilities('3.13.0', new Set()).has('deprecatedFeatures'), true);
  assert.equal(new Capabilities('4.0.5', new Set()).has('deprecatedFeatures'), true);
  assert.equal(new Capabilities('', new Set()).has('deprecatedFeatures'), false, 'an unknown version knows nothing');
});

test('health-check capability rows: the checks each release has, as upstream shipped them (some in patch releases)', () => {
  // read from rabbitmq-server's deps/rabbitmq_management/src/rabbit_mgmt_dispatcher.erl at each
  // tag: the /health/checks/… routes of every release from v3.10.0 to v4.3.5 change only at
  // v4.0.0, v4.0.6, v4.1.0, v4.1.1 and v4.2.4
  const base = ['alarms', 'local-alarms', 'certificate-expiration', 'port-listener', 'protocol-listener', 'virtual-hosts', 'node-is-quorum-critical'];
  const metadata = ['metadata-store/initialized', 'metadata-store/initialized/with-data'];
  const serving = ['is-in-service', 'below-node-connection-limit', 'ready-to-serve-clients'];
  const upstream: Array<[string[], string[]]> = [
    [['3.10.0', '3.10.8', '3.12.14', '3.13.7'], [...base, 'node-is-mirror-sync-critical']],
    [['4.0.0', '4.0.5'], base],
    [['4.0.6', '4.0.9'], [...base, ...metadata]],
    [['4.1.0'], [...base, ...metadata, 'quorum-queues-without-elected-leaders']],
    [['4.1.1', '4.1.8', '4.2.0', '4.2.3'], [...base, ...metadata, 'quorum-queues-without-elected-leaders', ...serving]],
    [['4.2.4', '4.2.9', '4.3.0', '4.3.6', '5.0.0'], [...base, ...metadata, 'quorum-queues-without-elected-leaders', ...serving, 'reached-target-cluster-size']],
  ];
  for (const [versions, checks] of upstream) {
    for (const version of versions) {
      const caps = new Capabilities(version, new Set());
      const has = CHECKS.filter((c) => c.capability === undefined || caps.has(c.capability)).map((c) => c.name);
      assert.deepEqual([...has].sort(), [...checks].sort(), `RabbitMQ ${version}`);
    }
  }
  // an unreadable version claims nothing new and removes nothing: the 3.x set
  const unknown = new Capabilities('', new Set());
  assert.deepEqual(CHECKS.filter((c) => c.capability === undefined || unknown.has(c.capability)).map((c) => c.name).sort(), [...base, 'node-is-mirror-sync-critical'].sort());
});

test('broker-filled defaults: x-queue-type equal to the type is no argument of the user', () => {
  assert.deepEqual(declaredQueueArguments({ type: 'classic', arguments: { 'x-queue-type': 'classic', 'x-max-length': 5 } }), { 'x-max-length': 5 });
  assert.deepEqual(declaredQueueArguments({ type: 'quorum', arguments: { 'x-queue-type': 'quorum' } }), {});
  assert.deepEqual(declaredQueueArguments({ type: 'classic', arguments: {} }), {});
  assert.deepEqual(declaredQueueArguments({ arguments: { 'x-queue-type': 'classic' } }), {}, 'no type field: the argument is the type');
  // a disagreement is kept: it is not something the broker fills in
  assert.deepEqual(declaredQueueArguments({ type: 'quorum', arguments: { 'x-queue-type': 'classic' } }), { 'x-queue-type': 'classic' });
  assert.equal(queueType({}), 'classic');
  assert.equal(queueType({ arguments: { 'x-queue-type': 'stream' } }), 'stream');
});

test('a missing object in a 400 (["no_such_exchange", name]) is 66 and named, never the raw tuple', () => {
  const target = { op: 'set topic permissions of', kind: 'user', name: 'alice', vhost: '/' };
  const err = new ApiError(400, 'bad_request', '["no_such_exchange","events"]', 'PUT', '/api/topic-permissions/%2F/alice', target, ['no_such_exchange', 'events']);
  assert.deepEqual(missingObject(err), { kind: 'exchange', name: 'events' });
  assert.equal(exitCodeOf(err), 66);
  assert.equal(describeError(err).line, "set topic permissions of user 'alice' in vhost '/': exchange 'events' not found in vhost '/'");
  const other = new ApiError(400, 'bad_request', '["something_else","x"]', 'PUT', '/p', target, ['something_else', 'x']);
  assert.equal(missingObject(other), undefined);
  assert.equal(exitCodeOf(other), 65);
});

test('a deprecated feature the broker denies: 65, its name, and the setting that permits it', () => {
  assert.deepEqual(deniedDeprecatedFeature(DENIED), { name: 'queue_master_locator', setting: 'deprecated_features.permit.queue_master_locator = true' });
  assert.equal(deniedDeprecatedFeature('PRECONDITION_FAILED - inequivalent arg'), undefined);
  const err = new ApiError(400, 'bad_request', DENIED, 'PUT', '/api/queues/%2F/q', { op: 'declare', kind: 'queue', name: 'q', vhost: '/' });
  assert.equal(exitCodeOf(err), 65);
  const words = describeError(err);
  assert.equal(words.line, "declare queue 'q' in vhost '/': the broker refuses the deprecated feature 'queue_master_locator'");
  assert.match(words.hint ?? '', /`deprecated_features\.permit\.queue_master_locator = true` in the broker's rabbitmq\.conf permits it/);
});

async function stubbed(t: TestContext, version: string, used: unknown[]): Promise<Stub> {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('PUT', /^\/api\/queues\//, { status: 201 });
  stub.on('GET', '/api/overview', { body: { rabbitmq_version: version } });
  stub.on('GET', '/api/feature-flags', { body: [] });
  stub.on('GET', '/api/deprecated-features/used', { body: used });
  return stub;
}
const TRANSIENT = { name: 'transient_nonexcl_queues', deprecation_phase: 'permitted_by_default', doc_url: 'https://example.invalid/tnq', desc: '', provided_by: 'rabbit' };

test('queue declare --no-durable on a broker that reports transient_nonexcl_queues in use: a warning, and warnings in --json', async (t) => {
  const stub = await stubbed(t, '4.3.6', [TRANSIENT]);
  const r = await runInProcess(['queue', 'declare', 'tq', '--no-durable', '--json'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^rmqx: warning: queue 'tq' in vhost '\/' uses the deprecated feature 'transient_nonexcl_queues' \(permitted by default for now\); a later RabbitMQ removes it: https:\/\/example\.invalid\/tnq$/m);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.changed, true);
  assert.deepEqual(doc.warnings, [{ deprecated_feature: 'transient_nonexcl_queues', deprecation_phase: 'permitted_by_default', doc_url: 'https://example.invalid/tnq', message: doc.warnings[0].message }]);
  assert.ok(stub.requests.some((q) => q.path === '/api/deprecated-features/used'));
});

test('queue declare: no deprecated-features request for a durable queue, nor on a broker without that API', async (t) => {
  const stub = await stubbed(t, '4.3.6', [TRANSIENT]);
  const durable = await runInProcess(['queue', 'declare', 'dq', '--json'], { env: { RMQX_URL: stub.url } });
  assert.equal(durable.code, 0, durable.stderr);
  assert.equal(JSON.parse(durable.stdout).warnings, undefined);
  const old = await stubbed(t, '3.10.8', [TRANSIENT]);
  const transient = await runInProcess(['queue', 'declare', 'tq', '--no-durable', '--json'], { env: { RMQX_URL: old.url } });
  assert.equal(transient.code, 0, transient.stderr);
  assert.doesNotMatch(transient.stderr, /warning/);
  for (const s of [stub, old]) assert.ok(!s.requests.some((q) => q.path.startsWith('/api/deprecated-features')), 'not asked');
});

test('queue declare: a warning check that fails never fails the declare it follows', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('PUT', /^\/api\/queues\//, { status: 201 });
  stub.on('GET', '/api/overview', { status: 500, body: { error: 'internal', reason: 'boom' } });
  const r = await runInProcess(['queue', 'declare', 'tq', '--no-durable'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /declared queue 'tq'/);
});

test('queue declare: a broker-filled x-queue-type on the existing queue is no difference', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/queues/%2F/q', { body: { name: 'q', vhost: '/', type: 'classic', durable: true, auto_delete: false, exclusive: false, arguments: { 'x-queue-type': 'classic', 'x-max-length': 5 } } });
  for (const extra of [[], ['--type', 'classic']]) {
    const r = await runInProcess(['queue', 'declare', 'q', '--max-length', '5', ...extra, '--json'], { env: { RMQX_URL: stub.url } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).changed, false);
  }
  const other = await runInProcess(['queue', 'declare', 'q', '--max-length', '6'], { env: { RMQX_URL: stub.url } });
  assert.equal(other.code, 65);
  assert.match(other.stderr, /exists with x-max-length=5, asked for x-max-length=6/);
  assert.doesNotMatch(other.stderr, /x-queue-type/);
  assert.ok(!stub.requests.some((q) => q.method === 'PUT'));
});
