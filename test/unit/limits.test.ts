/** Limits, parameters, deletion protection and bulk deletes: pure logic, and in process against the stub. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from 'commander';
import { jsonValue, limitValue } from '../../src/cli/parsers.js';
import { limitDiff, limitsToClear, limitsToWrite, limitWords } from '../../src/kinds/limit.js';
import { vhostKind, vhostSpecOf } from '../../src/kinds/vhost.js';
import { maskedValue } from '../../src/kinds/parameter.js';
import { Capabilities } from '../../src/mgmt/capabilities.js';
import { matching, nameOrPattern } from '../../src/commands/bulk.js';
import { startStub } from '../helpers/stub-server.js';
import { runInProcess } from '../helpers/memory-io.js';

test('limit values: whole numbers >= 0, or -1 for no limit; anything else is refused', () => {
  assert.equal(limitValue('0'), 0);
  assert.equal(limitValue('250'), 250);
  assert.equal(limitValue('-1'), -1);
  for (const bad of ['-2', '-0.5', '1.5', 'x', '', '1e3']) assert.throws(() => limitValue(bad), InvalidArgumentError, bad);
  assert.throws(() => limitValue('-5'), /negative: a limit is a whole number >= 0, or -1 for no limit/);
  assert.equal(limitWords(-1), 'no limit');
  assert.equal(limitWords(undefined), 'not set');
  assert.equal(limitWords(3), '3');
});

test('limit diff: only the limits asked for; a limit not set differs from any value; writes only what differs', () => {
  const have = { 'max-connections': 10 };
  assert.deepEqual(limitDiff(have, { 'max-connections': 10 }), []);
  assert.deepEqual(limitDiff(have, { 'max-queues': -1 }), [{ field: 'max-queues', have: undefined, want: -1, mutable: true }]);
  assert.deepEqual(limitDiff(have, { 'max-connections': 5, 'max-queues': 1 }).map((d) => d.field), ['max-connections', 'max-queues']);
  assert.deepEqual(limitsToWrite(have, { 'max-connections': 10, 'max-queues': 3 }), [['max-queues', 3]]);
  assert.deepEqual(limitsToWrite(undefined, { 'max-channels': 3 }), [['max-channels', 3]]);
  assert.deepEqual(limitsToClear({ 'max-queues': 1 }, ['max-queues', 'max-connections']), { present: ['max-queues'], absent: ['max-connections'] });
});

test('parameter values are JSON; a bare word is told to use JSON quotes', () => {
  assert.deepEqual(jsonValue('{"uri":"amqp://x"}'), { uri: 'amqp://x' });
  assert.equal(jsonValue('"prod"'), 'prod');
  assert.equal(jsonValue('3'), 3);
  assert.equal(jsonValue('null'), null);
  assert.throws(() => jsonValue('prod'), /a string needs JSON quotes: '"prod"'/);
  assert.throws(() => jsonValue('{bad'), (e: Error) => /not valid JSON/.test(e.message) && !/JSON quotes/.test(e.message));
});

test('parameter values are shown with the passwords of their URIs masked, at any depth', () => {
  assert.deepEqual(maskedValue({ uri: ['amqp://u:pw@a/%2F', 'amqps://b'], nested: { 'src-uri': 'amqp://x:y@h' }, n: 1 }), { uri: ['amqp://u:***@a/%2F', 'amqps://b'], nested: { 'src-uri': 'amqp://x:***@h' }, n: 1 });
  assert.equal(maskedValue('plain'), 'plain');
});

test('deletion protection: the capability from 4.1 on; the vhost reports it at the top or in its metadata; a diff only when asked', () => {
  assert.equal(new Capabilities('3.10.8', new Set()).has('vhostDeletionProtection'), false);
  assert.equal(new Capabilities('4.0.9', new Set()).has('vhostDeletionProtection'), false);
  assert.equal(new Capabilities('4.1.0', new Set()).has('vhostDeletionProtection'), true);
  assert.equal(new Capabilities('4.3.6', new Set()).has('vhostDeletionProtection'), true);
  assert.equal(vhostSpecOf({ name: 'a', protected_from_deletion: true }).protectedFromDeletion, true);
  assert.equal(vhostSpecOf({ name: 'a', metadata: { protected_from_deletion: true } as never }).protectedFromDeletion, true);
  assert.equal(vhostSpecOf({ name: 'a' }).protectedFromDeletion, undefined);
  const have = vhostSpecOf({ name: 'a', protected_from_deletion: true });
  assert.deepEqual(vhostKind.diff(have, { name: 'a' }), []);
  assert.deepEqual(vhostKind.diff(have, { name: 'a', protectedFromDeletion: false }).map((d) => d.field), ['protected from deletion']);
  // 3.x reports nothing: unprotecting is already true
  assert.deepEqual(vhostKind.diff(vhostSpecOf({ name: 'a' }), { name: 'a', protectedFromDeletion: false }), []);
});

test('bulk deletes: NAME or --name-regex, exactly one; matches unanchored; what must stay is kept with its reason', () => {
  assert.deepEqual(nameOrPattern('queue', 'q', {}), { name: 'q' });
  assert.deepEqual(nameOrPattern('queue', undefined, { nameRegex: '^a' }), { pattern: '^a' });
  assert.throws(() => nameOrPattern('queue', 'q', { nameRegex: '^a' }), /give one of them/);
  assert.throws(() => nameOrPattern('queue', undefined, {}), /which queue\?/);
  assert.throws(() => nameOrPattern('queue', 'q', { dryRun: true }), /--dry-run goes with --name-regex/);
  const all = [{ name: 'tmp.1' }, { name: 'x.tmp.2' }, { name: 'amq.tmp' }, { name: 'other' }];
  const { doomed, kept } = matching(all, 'tmp', (i) => (i.name.startsWith('amq.') ? 'broker' : undefined));
  assert.deepEqual(doomed.map((i) => i.name), ['tmp.1', 'x.tmp.2']);
  assert.deepEqual(kept.map((k) => [k.item.name, k.reason]), [['amq.tmp', 'broker']]);
});

test('vhost limit set: one PUT per limit that differs, none when nothing does; a missing vhost is 66 with no write', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/vhost-limits/shop', { body: [{ vhost: 'shop', value: { 'max-connections': 10 } }] });
  stub.on('PUT', /^\/api\/vhost-limits\/shop\//, { status: 204 });
  const env = { RMQX_URL: stub.url };
  const r = await runInProcess(['vhost', 'limit', 'set', 'shop', '--max-connections', '10', '--max-queues', '5', '--detailed-exitcode'], { env });
  assert.equal(r.code, 2, r.stderr);
  const puts = stub.requests.filter((q) => q.method === 'PUT');
  assert.deepEqual(puts.map((q) => [q.path, q.body]), [['/api/vhost-limits/shop/max-queues', { value: 5 }]]);
  const same = await runInProcess(['vhost', 'limit', 'set', 'shop', '--max-connections', '10', '--detailed-exitcode'], { env });
  assert.equal(same.code, 0, same.stderr);
  assert.equal(stub.requests.filter((q) => q.method === 'PUT').length, 1);
  const missing = await runInProcess(['vhost', 'limit', 'set', 'nope', '--max-queues', '1'], { env });
  assert.equal(missing.code, 66, missing.stderr);
  assert.equal(stub.requests.filter((q) => q.method === 'PUT').length, 1);
  const bad = await runInProcess(['vhost', 'limit', 'set', 'shop', '--max-queues', '-7'], { env });
  assert.equal(bad.code, 64, bad.stderr);
});

test("vhost delete: the broker's 412 for a protected vhost is one line, exit 65, with the way out", async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('DELETE', '/api/vhosts/prod', { status: 412, body: { error: 'precondition_failed', reason: "Refusing to delete virtual host 'prod' because it is protected from deletion" } });
  const r = await runInProcess(['vhost', 'delete', 'prod', '--yes'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 65, r.stderr);
  assert.equal(r.stderr, "rmqx: delete vhost 'prod': it is protected from deletion; lift the protection first: rmqx vhost add 'prod' --no-protect-from-deletion\n");
});

test('vhost add --protect-from-deletion on a broker without it: 64 before any write', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/overview', { body: { rabbitmq_version: '3.13.7' } });
  stub.on('GET', '/api/feature-flags', { body: [] });
  const r = await runInProcess(['vhost', 'add', 'v', '--protect-from-deletion'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 64, r.stderr);
  assert.match(r.stderr, /RabbitMQ 3\.13\.7 cannot protect a vhost from deletion/);
  assert.equal(stub.requests.filter((q) => q.method !== 'GET').length, 0);
});
