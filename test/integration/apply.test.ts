/**
 * plan and apply against the real broker: every kind created, left alone, updated; conflicts
 * with and without --recreate; prune in one vhost; bad files; a failure part-way and the re-run;
 * secrets absent from every output. Each test has its own vhost and user names, and prunes only
 * with -V, so the broker's other tenants (other test files) are never touched.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { api, dropVhost, rmqx, unique, BROKER } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'rmqx-apply-'));
const cleanup: Array<() => Promise<unknown>> = [];
after(async () => {
  for (const fn of cleanup) await fn().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

const enc = encodeURIComponent;
let n = 0;
function file(doc: unknown, yaml = false): string {
  const p = join(dir, `f${n++}.${yaml ? 'yaml' : 'json'}`);
  writeFileSync(p, yaml ? stringify(doc) : JSON.stringify(doc));
  return p;
}

function tenant(prefix: string) {
  const vhost = unique(prefix);
  const user = unique(`${prefix}-u`);
  cleanup.push(() => dropVhost(vhost), () => api('DELETE', `/api/users/${enc(user)}`));
  return { vhost, user };
}

/** Until the management API's queue statistics show `count` messages. */
async function messagesIn(vhost: string, q: string, count: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const r = await api('GET', `/api/queues/${enc(vhost)}/${enc(q)}`);
    if (r.body?.messages === count) return;
    if (Date.now() > deadline) throw new Error(`queue ${q} never showed ${count} messages (last ${r.body?.messages})`);
    await new Promise((res) => setTimeout(res, 250));
  }
}

before(() => {
  if (!BROKER.url) throw new Error('no test broker');
});

test('apply creates every kind, a second plan is empty (exit 0), and an update names each field', async () => {
  const { vhost, user } = tenant('apply');
  const global = unique('rmqx-test-global');
  cleanup.push(() => api('DELETE', `/api/global-parameters/${enc(global)}`));
  const desired = {
    vhosts: [{ name: vhost, description: 'made by apply', tags: ['ci'], limits: { 'max-queues': 50 } }],
    users: [{ name: user, password_env: 'APPLY_PW', tags: ['monitoring'], limits: { 'max-channels': 20 } }],
    permissions: [{ user, vhost, configure: '^app\\.', write: '.*', read: '.*' }],
    topic_permissions: [{ user, vhost, exchange: 'events', write: '^eu\\.', read: '.*' }],
    exchanges: [
      { name: 'events', vhost, type: 'topic' },
      { name: 'dlx', vhost, type: 'fanout', durable: true, auto_delete: false, internal: false, arguments: {} },
    ],
    queues: [
      { name: 'orders', vhost, arguments: { 'x-max-length': 1000, 'x-dead-letter-exchange': 'dlx' } },
      { name: 'jobs', vhost, type: 'quorum', arguments: { 'x-delivery-limit': 5 } },
      { name: 'log', vhost, type: 'stream', arguments: { 'x-max-length-bytes': 10000000 } },
    ],
    bindings: [
      { source: 'events', vhost, destination: 'orders', destination_type: 'queue', routing_key: 'order.#' },
      { source: 'events', vhost, destination: 'dlx', destination_type: 'exchange', routing_key: '#', arguments: { 'x-note': 'e2e' } },
    ],
    policies: [{ name: 'ttl', vhost, pattern: '^orders$', 'apply-to': 'queues', definition: { 'message-ttl': 60000 }, priority: 1 }],
    operator_policies: [{ name: 'cap', vhost, pattern: '.*', 'apply-to': 'queues', definition: { 'max-length': 100000 } }],
    parameters: [{ component: 'federation-upstream', name: 'up', vhost, value: { uri: 'amqp://fed:fedsecret@127.0.0.1:1' } }],
    global_parameters: [{ name: global, value: { team: 'ci' } }],
  };
  const f = file(desired, true);
  const env = { APPLY_PW: 'first-Secret-1' };

  const planned = await rmqx(['plan', f, '--json', '--detailed-exitcode'], { env });
  assert.equal(planned.code, 2, planned.stderr);
  const p = JSON.parse(planned.stdout);
  assert.equal(p.summary.create, 17, planned.stdout);
  assert.deepEqual([...new Set(p.changes.map((c: { action: string }) => c.action))], ['create']);

  const applied = await rmqx(['apply', f, '--detailed-exitcode'], { env });
  assert.equal(applied.code, 2, applied.stderr);
  assert.match(applied.stderr, /applied .*: 17 created, 0 updated, 0 deleted; 0 unchanged/);

  // what the broker has now, read past rmqx
  const v = (await api('GET', `/api/vhosts/${enc(vhost)}`)).body;
  assert.equal(v.description, 'made by apply');
  assert.deepEqual((await api('GET', `/api/vhost-limits/${enc(vhost)}`)).body[0].value, { 'max-queues': 50 });
  assert.deepEqual((await api('GET', `/api/user-limits/${enc(user)}`)).body[0].value, { 'max-channels': 20 });
  assert.equal((await api('GET', `/api/permissions/${enc(vhost)}/${enc(user)}`)).body.configure, '^app\\.');
  assert.equal((await api('GET', `/api/queues/${enc(vhost)}/jobs`)).body.type, 'quorum');
  assert.equal((await api('GET', `/api/queues/${enc(vhost)}/log`)).body.type, 'stream');
  assert.equal((await api('GET', `/api/bindings/${enc(vhost)}/e/events/e/dlx`)).body[0].arguments['x-note'], 'e2e');
  assert.deepEqual((await api('GET', `/api/global-parameters/${enc(global)}`)).body.value, { team: 'ci' });
  assert.equal((await api('GET', `/api/operator-policies/${enc(vhost)}/cap`)).body.definition['max-length'], 100000);
  // the password from the environment works
  const login = await fetch(`${BROKER.url}/api/whoami`, { headers: { authorization: `Basic ${Buffer.from(`${user}:first-Secret-1`).toString('base64')}` } });
  assert.equal(login.status, 200);

  const again = await rmqx(['plan', f, '--detailed-exitcode'], { env });
  assert.equal(again.code, 0, again.stdout + again.stderr);
  assert.equal(again.stdout, '');
  assert.match(again.stderr, /no changes: the broker matches .* \(17 objects\)/);
  const twice = await rmqx(['apply', f, '--detailed-exitcode', '--json'], { env });
  assert.equal(twice.code, 0, twice.stderr);
  assert.deepEqual(JSON.parse(twice.stdout).applied, []);

  // change what can change in place
  const changed = structuredClone(desired);
  changed.vhosts[0]!.description = 'changed';
  changed.users[0]!.tags = ['monitoring', 'management'];
  changed.permissions[0]!.configure = '.*';
  changed.policies[0]!.definition['message-ttl'] = 30000;
  changed.vhosts[0]!.limits['max-queues'] = 60;
  const g = file(changed);
  const env2 = { APPLY_PW: 'second-Secret-2' };
  const plan2 = await rmqx(['plan', g, '--detailed-exitcode'], { env: env2 });
  assert.equal(plan2.code, 2, plan2.stderr);
  assert.match(plan2.stdout, /^~ vhost '.*'\n {4}description: made by apply → changed$/m);
  assert.match(plan2.stdout, /^~ user '.*'\n {4}password \(changed\)\n {4}tags: \["monitoring"\] → \["monitoring","management"\]$/m);
  assert.match(plan2.stdout, /^ {4}configure: \^app\\\. → \.\*$/m);
  assert.match(plan2.stdout, /^ {4}message-ttl: 60000 → 30000$/m);
  assert.match(plan2.stdout, /^ {4}max-queues: 50 → 60$/m);
  assert.match(plan2.stdout, /Plan: 0 to create, 5 to update, 0 to delete; 12 unchanged\./);
  const apply2 = await rmqx(['apply', g, '--detailed-exitcode', '--json', '--verbose'], { env: env2 });
  assert.equal(apply2.code, 2, apply2.stderr);
  assert.equal(JSON.parse(apply2.stdout).summary.updated, 5);
  assert.equal((await api('GET', `/api/permissions/${enc(vhost)}/${enc(user)}`)).body.configure, '.*');
  const login2 = await fetch(`${BROKER.url}/api/whoami`, { headers: { authorization: `Basic ${Buffer.from(`${user}:second-Secret-2`).toString('base64')}` } });
  assert.equal(login2.status, 200);
  // no secret anywhere: passwords, hashes, the upstream's URI password
  for (const r of [planned, applied, again, twice, plan2, apply2]) {
    for (const secret of ['first-Secret-1', 'second-Secret-2', 'fedsecret', 'password_hash']) assert.ok(!(r.stdout + r.stderr).includes(secret), `${secret} in output`);
  }
  assert.equal((await rmqx(['plan', g, '--detailed-exitcode'], { env: env2 })).code, 0);
});

test('a queue that cannot change: ! with the messages it would lose; refused (65, unchanged); --recreate needs --yes, then redeclares it and its bindings', async () => {
  const { vhost } = tenant('recreate');
  const base = {
    vhosts: [{ name: vhost }],
    exchanges: [{ name: 'in', vhost, type: 'direct' }],
    queues: [{ name: 'q', vhost }],
    bindings: [{ source: 'in', vhost, destination: 'q', destination_type: 'queue', routing_key: 'k' }],
  };
  assert.equal((await rmqx(['apply', file(base)])).code, 0);
  for (const body of ['a', 'b', 'c']) assert.equal((await rmqx(['publish', '-V', vhost, '-k', 'q', body, '-q'])).code, 0);
  await messagesIn(vhost, 'q', 3);

  const quorum = file({ ...base, queues: [{ name: 'q', vhost, type: 'quorum' }] });
  const planned = await rmqx(['plan', quorum, '--detailed-exitcode']);
  assert.equal(planned.code, 2);
  assert.match(planned.stdout, /^! queue 'q' in vhost '.*': cannot change in place; --recreate deletes and declares it again \(3 messages lost\)\n {4}type: classic → quorum \(fixed\)$/m);
  const refused = await rmqx(['apply', quorum]);
  assert.equal(refused.code, 65, refused.stderr);
  assert.match(refused.stderr, /1 object cannot change in place, nothing was changed/);
  assert.equal((await api('GET', `/api/queues/${enc(vhost)}/q`)).body.type, 'classic');

  const noYes = await rmqx(['apply', quorum, '--recreate']);
  assert.equal(noYes.code, 64, noYes.stderr);
  assert.match(noYes.stderr, /recreate 1 queue, losing 3 messages: refusing without --yes/);
  const yes = await rmqx(['apply', quorum, '--recreate', '--yes', '--detailed-exitcode']);
  assert.equal(yes.code, 2, yes.stderr);
  assert.match(yes.stdout, /^-\/\+ queue 'q'/m);
  assert.match(yes.stdout, /^\+ binding exchange 'in' -> queue 'q' with routing key 'k' .* \(again: it goes with the object recreated\)$/m);
  assert.equal((await api('GET', `/api/queues/${enc(vhost)}/q`)).body.type, 'quorum');
  assert.equal((await api('GET', `/api/bindings/${enc(vhost)}/e/in/q/q`)).body.length, 1);
  assert.equal((await rmqx(['plan', quorum, '--detailed-exitcode'])).code, 0);
});

test('--prune with -V deletes what the file dropped in that vhost only (every vhost kind), never auto-delete queues; asks for --yes', async () => {
  const { vhost, user } = tenant('prune');
  const other = tenant('prune-other').vhost;
  assert.equal((await api('PUT', `/api/vhosts/${enc(other)}`, {})).status < 300, true);
  await api('PUT', `/api/queues/${enc(other)}/stay`, { durable: true });
  await api('PUT', `/api/users/${enc(user)}`, { password: unique('pw'), tags: '' });
  const guest = { user: 'guest', configure: '.*', write: '.*', read: '.*' };
  const full = {
    vhosts: [{ name: vhost, limits: { 'max-queues': 100, 'max-connections': 50 } }],
    permissions: [guest, { user, configure: '', write: '.*', read: '.*' }],
    topic_permissions: [{ user, exchange: 'x', write: '.*', read: '.*' }],
    queues: [{ name: 'a' }, { name: 'b' }],
    exchanges: [{ name: 'x', type: 'fanout' }],
    bindings: [{ source: 'x', destination: 'a', destination_type: 'queue', routing_key: '' }],
    policies: [{ name: 'p', pattern: '^a', definition: { 'max-length': 5 } }],
    operator_policies: [{ name: 'op', pattern: '^b', definition: { 'max-length': 50 } }],
    parameters: [{ component: 'federation-upstream', name: 'up', value: { uri: 'amqp://127.0.0.1:1' } }],
  };
  const first = await rmqx(['apply', '-V', vhost, file(full), '--detailed-exitcode']);
  assert.equal(first.code, 2, first.stderr);
  await api('PUT', `/api/queues/${enc(vhost)}/auto`, { durable: false, auto_delete: true });

  const smaller = file(
    { vhosts: [{ name: vhost, limits: { 'max-queues': 100 } }], permissions: [guest], topic_permissions: [], queues: [{ name: 'a' }], exchanges: [], bindings: [], policies: [{ name: 'p', pattern: '^a', definition: { 'max-length': 5 } }], operator_policies: [], parameters: [] },
    true,
  );
  const planned = await rmqx(['plan', '-V', vhost, smaller, '--prune', '--json']);
  assert.equal(planned.code, 0, planned.stderr);
  const deletes = JSON.parse(planned.stdout).changes.map((c: { action: string; kind: string; name?: string; user?: string; destination?: string }) => `${c.action} ${c.kind} ${c.name ?? c.user ?? c.destination}`).sort();
  assert.deepEqual(deletes, ['delete binding a', 'delete exchange x', 'delete operator policy op', 'delete parameter up', `delete permission ${user}`, 'delete queue b', `delete topic permission ${user}`, `delete vhost limits ${vhost}`].sort());
  assert.match(planned.stderr, /not deleting queue 'auto' .*: an auto-delete queue/);
  // a plan without --prune deletes nothing
  assert.equal((await rmqx(['plan', '-V', vhost, smaller, '--detailed-exitcode'])).code, 0);

  const noYes = await rmqx(['apply', '-V', vhost, smaller, '--prune']);
  assert.equal(noYes.code, 64, noYes.stderr);
  assert.match(noYes.stderr, /delete 8 objects: refusing without --yes/);
  assert.equal((await api('GET', `/api/queues/${enc(vhost)}/b`)).status, 200);
  const pruned = await rmqx(['apply', '-V', vhost, smaller, '--prune', '--yes', '--detailed-exitcode']);
  assert.equal(pruned.code, 2, pruned.stderr);
  assert.equal((await api('GET', `/api/queues/${enc(vhost)}/b`)).status, 404);
  assert.equal((await api('GET', `/api/exchanges/${enc(vhost)}/x`)).status, 404);
  assert.equal((await api('GET', `/api/operator-policies/${enc(vhost)}/op`)).status, 404);
  assert.equal((await api('GET', `/api/parameters/federation-upstream/${enc(vhost)}/up`)).status, 404);
  assert.equal((await api('GET', `/api/permissions/${enc(vhost)}/${enc(user)}`)).status, 404);
  const tp = await api('GET', `/api/topic-permissions/${enc(vhost)}/${enc(user)}`);
  assert.ok(tp.status === 404 || (Array.isArray(tp.body) && tp.body.length === 0), JSON.stringify(tp));
  assert.deepEqual((await api('GET', `/api/vhost-limits/${enc(vhost)}`)).body[0].value, { 'max-queues': 100 });
  assert.equal((await api('GET', `/api/policies/${enc(vhost)}/p`)).status, 200);
  assert.equal((await api('GET', `/api/queues/${enc(vhost)}/auto`)).status, 200);
  assert.equal((await api('GET', `/api/queues/${enc(other)}/stay`)).status, 200);
  assert.equal((await api('GET', `/api/users/${enc(user)}`)).status, 200);
  assert.equal((await rmqx(['plan', '-V', vhost, smaller, '--prune', '--detailed-exitcode'])).code, 0);
});

test('a file that is not definitions is 65 before any request; a missing file 66', async () => {
  // the management URL answers nothing: any request would fail with 69, not 65
  const nowhere = { RMQX_URL: 'http://127.0.0.1:9' };
  const cases: Array<[unknown, RegExp]> = [
    [{ queues: [{ name: 'q', vhost: 'v', durable: 'yes' }] }, /queues\[0\] \('q' in vhost 'v'\): 'durable' must be true or false/],
    [{ exchange: [] }, /unknown section 'exchange'/],
    [{ users: [{ name: 'u', password: 'plain-secret' }] }, /a plain 'password' is not read from a file/],
    [{ queues: [{ name: 'q' }] }, /names no vhost/],
  ];
  for (const [doc, re] of cases) {
    for (const verb of ['plan', 'apply']) {
      const r = await rmqx([verb, file(doc)], { env: nowhere });
      assert.equal(r.code, 65, `${verb} ${JSON.stringify(doc)}: ${r.stderr}`);
      assert.match(r.stderr, re);
      assert.ok(!r.stderr.includes('plain-secret'));
      assert.equal(r.stderr.trim().split('\n').filter((l) => !l.startsWith('hint:')).length, 1, r.stderr);
    }
  }
  const notJson = await rmqx(['apply', '-'], { input: '{"queues": [', env: nowhere });
  assert.equal(notJson.code, 65);
  assert.match(notJson.stderr, /standard input is not definitions: invalid JSON/);
  const missing = await rmqx(['plan', join(dir, 'nope.json')], { env: nowhere });
  assert.equal(missing.code, 66, missing.stderr);
  const unset = await rmqx(['plan', file({ users: [{ name: 'u', password_env: 'RMQX_TEST_UNSET_PW' }] })], { env: nowhere });
  assert.equal(unset.code, 65);
  assert.match(unset.stderr, /RMQX_TEST_UNSET_PW, which is not set/);
});

test('a failure part-way: exit 3 with what was applied, what failed and why, what was not attempted; the re-run continues', async () => {
  const { vhost } = tenant('partial');
  await api('PUT', `/api/vhosts/${enc(vhost)}`, {});
  // the broker refuses the policy's unknown key (400), at the level of queues; bindings come after
  const bad = {
    queues: [{ name: 'q1' }, { name: 'q2' }],
    exchanges: [{ name: 'x', type: 'topic' }],
    policies: [{ name: 'broken', pattern: '.*', definition: { 'no-such-key': 1 } }],
    bindings: [{ source: 'x', destination: 'q1', destination_type: 'queue', routing_key: 'a' }],
  };
  const r = await rmqx(['apply', '-V', vhost, file(bad), '--json']);
  assert.equal(r.code, 3, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.applied.map((s: { name: string }) => s.name).sort(), ['q1', 'q2', 'x']);
  assert.deepEqual(doc.failed.map((s: { name: string }) => s.name), ['broken']);
  assert.match(doc.failed[0].error, /no-such-key/);
  assert.deepEqual(doc.not_attempted.map((s: { kind: string; routing_key: string }) => `${s.kind} ${s.routing_key}`), ['binding a']);
  assert.match(r.stderr, /3 applied \(3 created, 0 updated, 0 deleted\), 1 failed, 1 not attempted; first failure: .*no-such-key/);

  // fixed: the re-run does only what is left
  const fixed = { ...bad, policies: [{ name: 'fixed', pattern: '.*', definition: { 'max-length': 9 } }] };
  const rerun = await rmqx(['apply', '-V', vhost, file(fixed), '--json']);
  assert.equal(rerun.code, 0, rerun.stderr);
  assert.deepEqual(JSON.parse(rerun.stdout).applied.map((s: { kind: string }) => s.kind).sort(), ['binding', 'policy']);
  assert.equal(JSON.parse(rerun.stdout).summary.unchanged, 3);
});
