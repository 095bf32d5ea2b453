/**
 * rmqx feature-flag and deprecated-feature against the real broker. What each tier has is read
 * from the broker itself: its feature flags (a fresh 3.10 or 4.3 node has every stable one
 * enabled), and whether it has the deprecated-features API (3.13+; 3.10 answers 404).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, brokerVersion, dropVhost, freshVhost, rmqx, unique, until } from '../helpers/cli.js';

interface Flag {
  name: string;
  state: string;
  stability: string;
  desc?: string;
}
const flags = async () => (await api('GET', '/api/feature-flags')).body as Flag[];
const hasDeprecatedApi = async () => (await api('GET', '/api/deprecated-features')).status === 200;

let vhost = '';
before(async () => {
  vhost = await freshVhost('ff');
});
after(async () => {
  await dropVhost(vhost);
});

test('feature-flag list: name, state, stability, desc as the broker has them; --json keeps the API fields', async () => {
  const want = await flags();
  const tsv = await rmqx(['feature-flag', 'list']);
  assert.equal(tsv.code, 0, tsv.stderr);
  const q = want.find((f) => f.name === 'quorum_queue') as Flag;
  assert.match(tsv.stdout, new RegExp(`^quorum_queue\\t${q.state}\\t${q.stability}\\t`, 'm'));
  assert.equal(tsv.stdout.trim().split('\n').length, want.length);
  const json = await rmqx(['feature-flags', 'list', '--json']);
  const doc = JSON.parse(json.stdout) as Flag[];
  assert.deepEqual(doc.map((f) => f.name).sort(), want.map((f) => f.name).sort());
  assert.ok(doc.every((f) => typeof f.stability === 'string' && typeof f.state === 'string'));
  const [major] = await brokerVersion();
  // 4.x marks the flags every node must have as required; 3.10 knows stable and experimental only
  assert.equal(doc.some((f) => f.stability === 'required'), major >= 4);
  const bad = await rmqx(['feature-flag', 'list', '--columns', 'name,stabilty']);
  assert.equal(bad.code, 64, bad.stderr);
});

test('feature-flag enable: an enabled flag is 0, changed false; an unknown one is 66; no name is 64', async () => {
  const r = await rmqx(['feature-flag', 'enable', 'quorum_queue', '--json', '--detailed-exitcode']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'enabled', kind: 'feature flag', name: 'quorum_queue', changed: false });
  assert.match(r.stderr, /already enabled/);
  const unknown = await rmqx(['feature-flag', 'enable', 'no_such_flag_here']);
  assert.equal(unknown.code, 66, unknown.stderr);
  const v = (await api('GET', '/api/overview')).body.rabbitmq_version as string;
  assert.match(unknown.stderr, new RegExp(`enable feature flag 'no_such_flag_here': this broker \\(RabbitMQ ${v.replace(/\./g, '\\.')}\\) has no such feature flag`));
  const none = await rmqx(['feature-flag', 'enable']);
  assert.equal(none.code, 64, none.stderr);
});

test('feature-flag enable-all: what it would enable is what the broker reports stable and disabled; off a TTY it needs --yes', async () => {
  const todo = (await flags()).filter((f) => f.stability === 'stable' && f.state === 'disabled');
  const r = await rmqx(['feature-flag', 'enable-all', '--json']);
  if (todo.length === 0) {
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { action: 'enabled', kind: 'feature flags', changed: false, enabled: [] });
    assert.match(r.stderr, /every stable feature flag is already enabled/);
  } else {
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, /refusing without --yes/);
    for (const f of todo) assert.match(r.stderr, new RegExp(f.name));
    assert.deepEqual((await flags()).filter((f) => f.stability === 'stable' && f.state === 'disabled').map((f) => f.name), todo.map((f) => f.name), 'nothing enabled');
  }
  const extra = await rmqx(['feature-flag', 'enable-all', 'quorum_queue']);
  assert.equal(extra.code, 64, extra.stderr);
});

test('deprecated-feature list: the list on 3.13+; 65 naming the version where the API is missing (3.10)', async () => {
  const r = await rmqx(['deprecated-feature', 'list', '--json']);
  if (!(await hasDeprecatedApi())) {
    const v = (await api('GET', '/api/overview')).body.rabbitmq_version as string;
    assert.equal(r.code, 65, r.stderr);
    assert.equal(r.stderr.split('\n')[0], `rmqx: this broker (${v}) has no deprecated-features API (3.13+)`);
    for (const args of [['--used'], ['--require-none']]) {
      const u = await rmqx(['deprecated-feature', 'list', ...args]);
      assert.equal(u.code, 65, u.stderr);
    }
    return;
  }
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as Array<{ name: string; deprecation_phase: string }>;
  const want = (await api('GET', '/api/deprecated-features')).body as Array<{ name: string }>;
  assert.deepEqual(doc.map((f) => f.name).sort(), want.map((f) => f.name).sort());
  assert.ok(doc.some((f) => f.name === 'transient_nonexcl_queues' && f.deprecation_phase === 'permitted_by_default'));
  const tsv = await rmqx(['deprecated-features', 'list']);
  assert.match(tsv.stdout, /^transient_nonexcl_queues\tpermitted_by_default\t/m);
  const bad = await rmqx(['deprecated-feature', 'list', '--columns', 'name,phase']);
  assert.equal(bad.code, 64, bad.stderr);
});

test('deprecated-feature list --used and --require-none: a transient non-exclusive queue makes transient_nonexcl_queues used, and the check fails (1); without the API the check is 65, never a pass', async () => {
  if (!(await hasDeprecatedApi())) {
    const r = await rmqx(['deprecated-feature', 'list', '--require-none', '--json']);
    assert.equal(r.code, 65, r.stderr);
    assert.equal(r.stdout, '');
    return;
  }
  const queue = unique('transient');
  assert.equal((await api('PUT', `/api/queues/${encodeURIComponent(vhost)}/${queue}`, { durable: false, auto_delete: false })).status, 201);
  const used = await until(async () => {
    const r = await rmqx(['deprecated-feature', 'list', '--used', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const names = (JSON.parse(r.stdout) as Array<{ name: string }>).map((f) => f.name);
    return names.includes('transient_nonexcl_queues') ? names : undefined;
  }, 'transient_nonexcl_queues in use');
  assert.ok(used.includes('transient_nonexcl_queues'));
  const check = await rmqx(['deprecated-feature', 'list', '--require-none']);
  assert.equal(check.code, 1, check.stderr);
  assert.match(check.stdout, /^transient_nonexcl_queues\tpermitted_by_default\t/m);
  assert.match(check.stderr, /deprecated features? (is|are) in use: .*transient_nonexcl_queues/);
  await api('DELETE', `/api/queues/${encodeURIComponent(vhost)}/${queue}`);
});
