/**
 * definitions export/import on the shared test broker (one vhost of its own), and round trips
 * with the broker's own tools between two private nodes of the same tier: rmqx's export read by
 * `rabbitmqctl import_definitions`, `rabbitmqctl export_definitions` applied by rmqx, and a
 * whole-broker --prune (which must not run on the shared broker).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startBroker, type Broker } from '../../scripts/broker.mjs';
import { api, apiAt, dropVhost, freshVhost, rmqx, unique } from '../helpers/cli.js';
import { TIER } from '../helpers/cluster.js';

const dir = mkdtempSync(join(tmpdir(), 'rmqx-defs-'));
const enc = encodeURIComponent;
let vhost = '';
const made: string[] = [];

before(async () => {
  vhost = await freshVhost('defs');
  for (const [p, body] of [
    [`/api/exchanges/${enc(vhost)}/events`, { type: 'topic', durable: true }],
    [`/api/queues/${enc(vhost)}/orders`, { durable: true, arguments: { 'x-max-length': 100 } }],
    [`/api/queues/${enc(vhost)}/jobs`, { durable: true, arguments: { 'x-queue-type': 'quorum' } }],
    [`/api/bindings/${enc(vhost)}/e/events/q/orders`, { routing_key: 'order.#' }],
    [`/api/policies/${enc(vhost)}/ttl`, { pattern: '^orders$', definition: { 'message-ttl': 1000 }, 'apply-to': 'queues' }],
  ] as const) {
    const method = p.includes('/bindings/') ? 'POST' : 'PUT';
    const r = await api(method, p, body);
    assert.ok(r.status < 300, `${method} ${p}: ${r.status}`);
  }
});
after(async () => {
  await dropVhost(vhost);
  for (const v of made) await dropVhost(v);
  rmSync(dir, { recursive: true, force: true });
});

test('definitions export -V: the broker\'s one-vhost format, to a file of mode 600; --strip-defaults; YAML by the name', async () => {
  const f = join(dir, 'shop.json');
  const r = await rmqx(['definitions', 'export', f, '-V', vhost]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /exported definitions of vhost '.*' \(.*queues: 2.*\) to /);
  assert.equal(statSync(f).mode & 0o777, 0o600);
  const doc = JSON.parse(readFileSync(f, 'utf8'));
  assert.deepEqual(doc.queues.map((q: { name: string }) => q.name).sort(), ['jobs', 'orders']);
  assert.equal(doc.queues.find((q: { name: string }) => q.name === 'orders').durable, true);

  const stripped = await rmqx(['definitions', 'export', '-V', vhost, '--strip-defaults']);
  assert.equal(stripped.code, 0, stripped.stderr);
  const s = JSON.parse(stripped.stdout);
  assert.deepEqual(s.queues.find((q: { name: string }) => q.name === 'orders'), { name: 'orders', arguments: { 'x-max-length': 100 } });
  assert.deepEqual(s.queues.find((q: { name: string }) => q.name === 'jobs'), { name: 'jobs', type: 'quorum' });
  assert.deepEqual(s.exchanges, [{ name: 'events', type: 'topic' }]);

  const y = join(dir, 'shop.yaml');
  assert.equal((await rmqx(['definitions', 'export', y, '-V', vhost, '--strip-defaults'])).code, 0);
  assert.deepEqual(parse(readFileSync(y, 'utf8')), s);
  // the stripped YAML applies to its vhost with nothing to do
  const planned = await rmqx(['plan', '-V', vhost, y, '--prune', '--detailed-exitcode']);
  assert.equal(planned.code, 0, planned.stdout + planned.stderr);

  assert.equal((await rmqx(['definitions', 'export', '-V', vhost, '--without-users'])).code, 64);
  const whole = JSON.parse((await rmqx(['definitions', 'export', '--without-users', '--without-permissions'])).stdout);
  assert.equal(whole.users, undefined);
  assert.equal(whole.permissions, undefined);
  assert.ok(whole.vhosts.some((v: { name: string }) => v.name === vhost));
  // every vhost carries its description and tags, 3.x's API export included
  const mine = whole.vhosts.find((v: { name: string }) => v.name === vhost);
  assert.deepEqual({ description: mine.metadata.description, tags: mine.metadata.tags }, { description: '', tags: [] });
});

test('definitions import -V: a stripped export goes into another vhost as it was; a bad file is 65 before any request', async () => {
  const copy = unique('defs-copy');
  made.push(copy);
  await api('PUT', `/api/vhosts/${enc(copy)}`, {});
  const exported = await rmqx(['definitions', 'export', '-V', vhost, '--strip-defaults']);
  const imported = await rmqx(['definitions', 'import', '-', '-V', copy, '--json'], { input: exported.stdout });
  assert.equal(imported.code, 0, imported.stderr);
  assert.deepEqual(JSON.parse(imported.stdout), { action: 'imported', kind: 'definitions', vhost: copy, changed: true });
  const q = (await api('GET', `/api/queues/${enc(copy)}/orders`)).body;
  assert.equal(q.durable, true);
  assert.deepEqual(q.arguments['x-max-length'], 100);
  assert.equal((await api('GET', `/api/queues/${enc(copy)}/jobs`)).body.type, 'quorum');
  assert.equal((await api('GET', `/api/bindings/${enc(copy)}/e/events/q/orders`)).body[0].routing_key, 'order.#');
  // the same file planned against the copy: nothing differs
  assert.equal((await rmqx(['plan', '-', '-V', copy, '--detailed-exitcode'], { input: exported.stdout })).code, 0);

  const nowhere = { RMQX_URL: 'http://127.0.0.1:9' };
  const bad = await rmqx(['definitions', 'import', '-', '-V', copy], { input: '{"queues":[{"name":"q","durable":1}]}', env: nowhere });
  assert.equal(bad.code, 65, bad.stderr);
  assert.match(bad.stderr, /queues\[0\] \('q'\): 'durable' must be true or false, not 1/);
  const notDefs = await rmqx(['definitions', 'import', '-'], { input: 'just: [text', env: nowhere });
  assert.equal(notDefs.code, 65);
  assert.match(notDefs.stderr, /standard input is not definitions: invalid YAML/);
});

// Two private nodes: what the shared broker's other tenants must never see
let a: Broker | undefined;
let b: Broker | undefined;
const on = (broker: Broker | undefined) => ({ RMQX_URL: broker?.url ?? '', RMQX_AMQP_URL: broker?.amqpUrl ?? '' });
const apiOn = (broker: Broker, method: string, path: string, body?: unknown) => apiAt(broker.url, method, path, body);

test('round trips with rabbitmqctl between two fresh nodes, and a whole-broker --prune', { timeout: 240_000 }, async (t) => {
  [a, b] = await Promise.all([startBroker({ tier: TIER }), startBroker({ tier: TIER })]);
  t.after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });
  const rich = {
    vhosts: [{ name: 'shop', description: 'web shop', tags: ['prod'], limits: { 'max-queues': 500 } }, { name: 'ops' }],
    users: [{ name: 'svc', password_env: 'RT_SVC_PW', tags: ['monitoring'], limits: { 'max-channels': 30 } }, { name: 'old', tags: [] }],
    permissions: [{ user: 'svc', vhost: 'shop', configure: '^svc\\.', write: '.*', read: '.*' }, { user: 'guest', vhost: 'shop', configure: '.*', write: '.*', read: '.*' }, { user: 'guest', vhost: 'ops', configure: '.*', write: '.*', read: '.*' }],
    topic_permissions: [{ user: 'svc', vhost: 'shop', exchange: 'events', write: '^eu\\.', read: '.*' }],
    exchanges: [{ name: 'events', vhost: 'shop', type: 'topic' }, { name: 'dlx', vhost: 'shop', type: 'fanout' }],
    queues: [
      { name: 'orders', vhost: 'shop', arguments: { 'x-dead-letter-exchange': 'dlx', 'x-max-length': 1000 } },
      { name: 'jobs', vhost: 'shop', type: 'quorum' },
      { name: 'audit', vhost: 'shop', type: 'stream', arguments: { 'x-max-age': '7D' } },
      { name: 'tasks', vhost: 'ops' },
    ],
    bindings: [{ source: 'events', vhost: 'shop', destination: 'orders', destination_type: 'queue', routing_key: 'order.#' }],
    policies: [{ name: 'ttl', vhost: 'shop', pattern: '^orders$', 'apply-to': 'queues', definition: { 'message-ttl': 60000 }, priority: 2 }],
    operator_policies: [{ name: 'cap', vhost: 'shop', pattern: '.*', 'apply-to': 'queues', definition: { 'max-length': 100000 } }],
    parameters: [{ component: 'federation-upstream', vhost: 'shop', name: 'up', value: { uri: 'amqp://127.0.0.1:1' } }],
    global_parameters: [{ name: 'cluster_name', value: 'round-trip' }],
  };
  const env = { RT_SVC_PW: 'rt-Secret-9' };
  const richFile = join(dir, 'rich.json');
  writeFileSync(richFile, JSON.stringify(rich));
  const first = await rmqx(['apply', richFile, '--detailed-exitcode'], { env: { ...on(a), ...env } });
  assert.equal(first.code, 2, first.stderr);
  assert.equal((await rmqx(['plan', richFile, '--detailed-exitcode'], { env: { ...on(a), ...env } })).code, 0);

  // 1. rabbitmqctl export_definitions on A, applied by rmqx to the fresh B: the second plan is empty
  assert.ok(a && b);
  const ctlExport = a.ctl(['export_definitions', join(a.inner, 'ctl.json')]);
  assert.equal(ctlExport.status, 0, ctlExport.stderr);
  const ctlFile = join(dir, 'ctl.json');
  copyFileSync(join(a.dir, 'ctl.json'), ctlFile);
  const applied = await rmqx(['apply', ctlFile, '--detailed-exitcode'], { env: on(b) });
  assert.equal(applied.code, 2, applied.stderr);
  const second = await rmqx(['plan', ctlFile, '--detailed-exitcode', '--prune'], { env: on(b) });
  assert.equal(second.code, 0, second.stdout + second.stderr);
  // the password hash came along: svc logs in on B with the same password
  const login = await fetch(`${b.url}/api/whoami`, { headers: { authorization: `Basic ${Buffer.from('svc:rt-Secret-9').toString('base64')}` } });
  assert.equal(login.status, 200);
  // and B now plans empty against the desired file too
  assert.equal((await rmqx(['plan', richFile, '--detailed-exitcode'], { env: { ...on(b), ...env } })).code, 0);

  // 2. rmqx's export of A, imported into B by rabbitmqctl after B drifted: the same objects again
  const rmqxFile = join(dir, 'rmqx.json');
  assert.equal((await rmqx(['definitions', 'export', rmqxFile], { env: on(a) })).code, 0);
  await apiOn(b, 'DELETE', '/api/queues/shop/orders');
  await apiOn(b, 'PUT', '/api/policies/shop/ttl', { pattern: '^orders$', definition: { 'message-ttl': 5 }, 'apply-to': 'queues', priority: 2 });
  const drift = await rmqx(['plan', rmqxFile, '--json'], { env: on(b) });
  assert.deepEqual(JSON.parse(drift.stdout).changes.map((c: { action: string; kind: string; name?: string }) => `${c.action} ${c.kind} ${c.name ?? ''}`.trim()).sort(), ['create binding', 'create queue orders', 'update policy ttl']);
  copyFileSync(rmqxFile, join(b.dir, 'rmqx.json'));
  const ctlImport = b.ctl(['import_definitions', join(b.inner, 'rmqx.json')]);
  assert.equal(ctlImport.status, 0, ctlImport.stderr);
  assert.equal((await rmqx(['plan', rmqxFile, '--detailed-exitcode', '--prune'], { env: on(b) })).code, 0);

  // 3. a whole-broker prune: the vhost and user the file dropped go; '/', guest and its rights stay
  const smaller = structuredClone(rich);
  smaller.vhosts = smaller.vhosts.filter((v) => v.name !== 'ops');
  smaller.users = smaller.users.filter((u) => u.name !== 'old');
  smaller.permissions = smaller.permissions.filter((p) => p.vhost !== 'ops');
  smaller.queues = smaller.queues.filter((q) => q.vhost !== 'ops');
  const smallFile = join(dir, 'smaller.json');
  writeFileSync(smallFile, JSON.stringify(smaller));
  const plan = await rmqx(['plan', smallFile, '--prune', '--json'], { env: { ...on(b), ...env } });
  const deletes = JSON.parse(plan.stdout).changes.map((c: { action: string; kind: string; name?: string }) => `${c.action} ${c.kind} ${c.name ?? ''}`.trim()).sort();
  // its queue goes with the vhost: the file no longer names 'ops', so nothing in it is pruned one by one
  assert.deepEqual(deletes, ['delete user old', 'delete vhost ops']);
  assert.match(plan.stderr, /not deleting vhost '\/': the default vhost/);
  assert.match(plan.stderr, /not deleting user 'guest': the user rmqx is connected as/);
  const pruned = await rmqx(['apply', smallFile, '--prune', '--yes', '--detailed-exitcode'], { env: { ...on(b), ...env } });
  assert.equal(pruned.code, 2, pruned.stderr);
  assert.equal((await apiOn(b, 'GET', '/api/vhosts/ops')).status, 404);
  assert.equal((await apiOn(b, 'GET', '/api/users/old')).status, 404);
  assert.equal((await apiOn(b, 'GET', '/api/users/guest')).status, 200);
  assert.equal((await apiOn(b, 'GET', '/api/vhosts/%2F')).status, 200);
  assert.equal((await rmqx(['plan', smallFile, '--prune', '--detailed-exitcode'], { env: { ...on(b), ...env } })).code, 0);
});
