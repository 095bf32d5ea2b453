import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startStub } from '../helpers/stub-server.js';
import { runInProcess } from '../helpers/memory-io.js';

const b = (source: string, destination: string, extra: Record<string, unknown> = {}) => ({
  source, vhost: '/', destination, destination_type: 'queue', routing_key: destination, arguments: {}, properties_key: destination, ...extra,
});

test('binding list: one vhost by default (%2F), columns source, destination_type, destination, routing_key, arguments', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/bindings/%2F', { body: [b('', 'q1'), b('x', 'q1', { routing_key: 'a.#', arguments: { n: 1 } }), b('x', 'e2', { destination_type: 'exchange', routing_key: 'k' })] });
  const r = await runInProcess(['binding', 'list'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '\tqueue\tq1\tq1\t{}\nx\tqueue\tq1\ta.#\t{"n":1}\nx\texchange\te2\tk\t{}\n');
  const tty = await runInProcess(['binding', 'list', '--no-color'], { env: { RMQX_URL: stub.url }, tty: true });
  assert.match(tty.stdout, /\(default\)/);
  assert.match(tty.stdout, /source.*destination_type.*destination.*routing_key.*arguments/);
});

test('binding list --source/--destination filter on the client; --json keeps the API fields', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/bindings/shop', { body: [b('', 'q1'), b('x', 'q1', { routing_key: 'a' }), b('x', 'q2'), b('y', 'q2')] });
  const env = { RMQX_URL: stub.url };
  const bySource = await runInProcess(['bindings', 'list', '-V', 'shop', '--source', 'x', '--json'], { env });
  assert.equal(bySource.code, 0, bySource.stderr);
  const rows = JSON.parse(bySource.stdout);
  assert.deepEqual(rows.map((r: { destination: string }) => r.destination), ['q1', 'q2']);
  assert.equal(rows[0].properties_key, 'q1');
  const both = await runInProcess(['binding', 'list', '-V', 'shop', '--source', 'x', '--destination', 'q2'], { env });
  assert.equal(both.stdout, 'x\tqueue\tq2\tq2\t{}\n');
  const defaults = await runInProcess(['binding', 'list', '-V', 'shop', '--source', ''], { env });
  assert.equal(defaults.stdout, '\tqueue\tq1\tq1\t{}\n');
  const none = await runInProcess(['binding', 'list', '-V', 'shop', '--destination', 'nope'], { env });
  assert.equal(none.code, 0);
  assert.equal(none.stdout, '');
  assert.ok(stub.requests.every((q) => q.path === '/api/bindings/shop' && q.query === ''));
});

test('binding list --all-vhosts: /api/bindings with a vhost column; a missing vhost is 66', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/bindings', { body: [b('x', 'q', { vhost: 'v1' })] });
  const env = { RMQX_URL: stub.url };
  const all = await runInProcess(['binding', 'list', '--all-vhosts'], { env });
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout, 'v1\tx\tqueue\tq\tq\t{}\n');
  const missing = await runInProcess(['binding', 'list', '-V', 'nope'], { env });
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /list bindings in vhost 'nope'/);
});
