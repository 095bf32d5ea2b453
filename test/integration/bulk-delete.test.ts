/**
 * Deletes by pattern (queue, exchange, vhost, user delete --name-regex) and vhost deletion
 * protection (RabbitMQ 4.1+; decided from the broker's version, as rmqx's capabilities do).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, brokerVersion, dropVhost, freshVhost, rmqx, unique } from '../helpers/cli.js';

let vhost = '';
const V = () => ['-V', vhost];
const enc = encodeURIComponent;
const queueNames = async () => ((await api('GET', `/api/queues/${enc(vhost)}?columns=name`)).body as Array<{ name: string }>).map((q) => q.name).sort();
const exchangeNames = async () => ((await api('GET', `/api/exchanges/${enc(vhost)}?columns=name`)).body as Array<{ name: string }>).map((x) => x.name).sort();
const hasProtection = async () => {
  const [major, minor] = await brokerVersion();
  return major > 4 || (major === 4 && minor >= 1);
};

before(async () => {
  vhost = await freshVhost('bulk');
});
after(async () => {
  await dropVhost(vhost);
});

test('queue delete --name-regex: --dry-run lists and keeps; without --yes off a terminal 64; with --yes deletes the matches only', async () => {
  const p = unique('tmp');
  for (const q of [`${p}.a`, `${p}.b`, `keep.${p}`]) await api('PUT', `/api/queues/${enc(vhost)}/${enc(q)}`, { durable: true });
  const re = `^${p}\\.`;
  const dry = await rmqx(['queue', 'delete', '--name-regex', re, '--dry-run', ...V()]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.equal(dry.stdout, `${p}.a\n${p}.b\n`);
  assert.match(dry.stderr, /would delete 2 queues .*nothing deleted/);
  const dryJson = await rmqx(['queue', 'delete', '--name-regex', re, '--dry-run', '--json', ...V()]);
  assert.deepEqual(JSON.parse(dryJson.stdout).map((o: { action: string; name: string }) => [o.action, o.name]), [['would delete', `${p}.a`], ['would delete', `${p}.b`]]);
  assert.deepEqual(await queueNames(), [`${p}.a`, `${p}.b`, `keep.${p}`].sort());

  const noYes = await rmqx(['queue', 'delete', '--name-regex', re, ...V()]);
  assert.equal(noYes.code, 64, noYes.stderr);
  assert.match(noYes.stderr, /--yes/);
  assert.equal((await queueNames()).length, 3);

  const r = await rmqx(['queue', 'delete', '--name-regex', re, '--yes', '--json', '--detailed-exitcode', ...V()]);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    { action: 'deleted', kind: 'queue', name: `${p}.a`, vhost, changed: true },
    { action: 'deleted', kind: 'queue', name: `${p}.b`, vhost, changed: true },
  ]);
  assert.deepEqual(await queueNames(), [`keep.${p}`]);

  const none = await rmqx(['queue', 'delete', '--name-regex', re, '--yes', '--detailed-exitcode', ...V()]);
  assert.equal(none.code, 0, none.stderr);
  assert.match(none.stderr, /no queues .* match/);
});

test('queue delete --name-regex: a failure part-way is exit 3 naming what was deleted and what failed', async () => {
  const p = unique('part');
  await api('PUT', `/api/queues/${enc(vhost)}/${p}-empty`, { durable: true });
  await api('PUT', `/api/queues/${enc(vhost)}/${p}-full`, { durable: true });
  const pub = await api('POST', `/api/exchanges/${enc(vhost)}/amq.default/publish`, { properties: {}, routing_key: `${p}-full`, payload: 'x', payload_encoding: 'string' });
  assert.equal(pub.body.routed, true);
  const r = await rmqx(['queue', 'delete', '--name-regex', `^${p}-`, '--if-empty', '--yes', '--json', ...V()]);
  assert.equal(r.code, 3, r.stderr);
  const outcomes = JSON.parse(r.stdout) as Array<{ action: string; name: string; error?: string }>;
  assert.deepEqual(outcomes.map((o) => [o.action, o.name]), [['deleted', `${p}-empty`], ['failed', `${p}-full`]]);
  assert.match(outcomes[1]?.error ?? '', /not empty/);
  assert.match(r.stderr, new RegExp(`^rmqx: deleted 1 of 2 queues in vhost '${vhost}' matching '\\^${p}-': '${p}-empty'; failed: .*not empty`, 'm'));
  assert.ok((await queueNames()).includes(`${p}-full`));
  // only failures left: the failure's own code (65: the broker refused)
  const again = await rmqx(['queue', 'delete', '--name-regex', `^${p}-`, '--if-empty', '--yes', ...V()]);
  assert.equal(again.code, 65, again.stderr);
});

test('queue delete: NAME and --name-regex are exactly one; --dry-run needs --name-regex; a bad pattern is 64', async () => {
  for (const args of [[], ['q', '--name-regex', 'x'], ['q', '--dry-run'], ['--name-regex', '('], ['--name-regex', '']]) {
    const r = await rmqx(['queue', 'delete', ...args, '--yes', ...V()]);
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^rmqx: /);
  }
  const missing = await rmqx(['queue', 'delete', '--name-regex', '.', '--yes', '-V', unique('nope')]);
  assert.equal(missing.code, 66, missing.stderr);
});

test('exchange delete --name-regex: never the default exchange or amq.*; --if-unused per exchange', async () => {
  const p = unique('x');
  for (const x of [`${p}.a`, `${p}.b`]) await api('PUT', `/api/exchanges/${enc(vhost)}/${enc(x)}`, { type: 'fanout', durable: true });
  const all = await rmqx(['exchange', 'delete', '--name-regex', '.*', '--dry-run', '--json', ...V()]);
  assert.equal(all.code, 0, all.stderr);
  const outcomes = JSON.parse(all.stdout) as Array<{ action: string; name: string }>;
  const would = outcomes.filter((o) => o.action === 'would delete').map((o) => o.name);
  assert.ok(would.includes(`${p}.a`) && would.includes(`${p}.b`));
  assert.ok(!would.some((n) => n === '' || n.startsWith('amq.')), would.join(','));
  assert.ok(outcomes.some((o) => o.action === 'skipped' && o.name === 'amq.direct'));
  assert.match(all.stderr, /skipped \d+ exchanges .*belong to the broker/);

  const amq = await rmqx(['exchange', 'delete', '--name-regex', '^amq\\.', '--yes', ...V()]);
  assert.equal(amq.code, 0, amq.stderr);
  assert.ok((await exchangeNames()).includes('amq.direct'));

  // one of them in use: --if-unused refuses it, the other goes: exit 3
  await api('POST', `/api/bindings/${enc(vhost)}/e/${enc(`${p}.a`)}/e/amq.fanout`, { routing_key: '' });
  const r = await rmqx(['exchange', 'delete', '--name-regex', `^${p}\\.`, '--if-unused', '--yes', ...V()]);
  assert.equal(r.code, 3, r.stderr);
  const names = await exchangeNames();
  assert.ok(names.includes(`${p}.a`) && !names.includes(`${p}.b`), names.join(','));
  const rest = await rmqx(['exchange', 'delete', '--name-regex', `^${p}\\.`, '--yes', '--detailed-exitcode', ...V()]);
  assert.equal(rest.code, 2, rest.stderr);
  assert.ok(!(await exchangeNames()).includes(`${p}.a`));
  assert.ok((await exchangeNames()).includes('amq.fanout'));
});

test('user delete --name-regex: deletes the matches, never the user rmqx is logged in as', async () => {
  const p = unique('bulkuser');
  for (const u of [`${p}-1`, `${p}-2`]) await api('PUT', `/api/users/${u}`, { password: unique('pw'), tags: '' });
  const dry = await rmqx(['user', 'delete', '--name-regex', `^${p}-`, '--dry-run']);
  assert.equal(dry.stdout, `${p}-1\n${p}-2\n`);
  const r = await rmqx(['user', 'delete', '--name-regex', `^${p}-`, '--yes', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).map((o: { action: string; name: string }) => [o.action, o.name]), [['deleted', `${p}-1`], ['deleted', `${p}-2`]]);
  assert.equal((await api('GET', `/api/users/${p}-1`)).status, 404);
  const self = await rmqx(['user', 'delete', '--name-regex', '^guest$', '--yes', '--json']);
  assert.equal(self.code, 0, self.stderr);
  assert.deepEqual(JSON.parse(self.stdout).map((o: { action: string }) => o.action), ['skipped']);
  assert.equal((await api('GET', '/api/users/guest')).status, 200);
  assert.equal((await rmqx(['user', 'delete', '--yes'])).code, 64);
});

test('vhost delete --name-regex: deletes the matches, never the default vhost; needs --yes off a terminal', async () => {
  const p = unique('bulkvh');
  for (const v of [`${p}-1`, `${p}-2`]) await api('PUT', `/api/vhosts/${v}`, {});
  try {
    const noYes = await rmqx(['vhost', 'delete', '--name-regex', `^${p}-`]);
    assert.equal(noYes.code, 64, noYes.stderr);
    const dry = await rmqx(['vhost', 'delete', '--name-regex', `^${p}-|^/$`, '--dry-run', '--json']);
    assert.deepEqual(JSON.parse(dry.stdout).map((o: { action: string; name: string }) => [o.action, o.name]), [['would delete', `${p}-1`], ['would delete', `${p}-2`], ['skipped', '/']]);
    const r = await rmqx(['vhost', 'delete', '--name-regex', `^${p}-|^/$`, '--yes', '--detailed-exitcode']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /skipped vhost '\/': the default vhost/);
    assert.equal((await api('GET', `/api/vhosts/${p}-1`)).status, 404);
    assert.equal((await api('GET', `/api/vhosts/${p}-2`)).status, 404);
    assert.equal((await api('GET', '/api/vhosts/%2F')).status, 200);
  } finally {
    for (const v of [`${p}-1`, `${p}-2`]) await dropVhost(v);
  }
});

test('vhost add --protect-from-deletion: 4.1+ protect (delete is 65 naming the way out; --no-protect-from-deletion lifts it); older brokers refuse the flag with 64', async () => {
  const name = unique('prot');
  try {
    if (!(await hasProtection())) {
      const r = await rmqx(['vhost', 'add', name, '--protect-from-deletion']);
      assert.equal(r.code, 64, r.stderr);
      assert.match(r.stderr, /^rmqx: --protect-from-deletion: RabbitMQ 3\.\d+\.\d+ cannot protect a vhost from deletion/);
      assert.equal((await api('GET', `/api/vhosts/${name}`)).status, 404);
      // nothing can be protected there: lifting is a no-op
      const lift = await rmqx(['vhost', 'add', name, '--no-protect-from-deletion', '--detailed-exitcode']);
      assert.equal(lift.code, 2, lift.stderr);
      const again = await rmqx(['vhost', 'add', name, '--no-protect-from-deletion', '--detailed-exitcode']);
      assert.equal(again.code, 0, again.stderr);
      return;
    }
    const r = await rmqx(['vhost', 'add', name, '--protect-from-deletion', '--json', '--detailed-exitcode']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal((await api('GET', `/api/vhosts/${name}`)).body.protected_from_deletion, true);
    assert.equal((await rmqx(['vhost', 'add', name, '--protect-from-deletion', '--detailed-exitcode'])).code, 0);
    // other changes keep the protection
    assert.equal((await rmqx(['vhost', 'add', name, '--description', 'kept'])).code, 0);
    assert.equal((await api('GET', `/api/vhosts/${name}`)).body.protected_from_deletion, true);

    const del = await rmqx(['vhost', 'delete', name, '--yes']);
    assert.equal(del.code, 65, del.stderr);
    assert.equal(del.stderr, `rmqx: delete vhost '${name}': it is protected from deletion; lift the protection first: rmqx vhost add '${name}' --no-protect-from-deletion\n`);
    assert.equal((await api('GET', `/api/vhosts/${name}`)).status, 200);
    const bulk = await rmqx(['vhost', 'delete', '--name-regex', `^${name}$`, '--yes', '--json']);
    assert.equal(bulk.code, 0, bulk.stderr);
    assert.deepEqual(JSON.parse(bulk.stdout).map((o: { action: string }) => o.action), ['skipped']);

    const lift = await rmqx(['vhost', 'add', name, '--no-protect-from-deletion', '--json', '--detailed-exitcode']);
    assert.equal(lift.code, 2, lift.stderr);
    assert.deepEqual(JSON.parse(lift.stdout).updated, ['protected from deletion']);
    assert.equal((await rmqx(['vhost', 'delete', name, '--yes'])).code, 0);
  } finally {
    await api('DELETE', `/api/vhosts/${name}/deletion/protection`);
    await dropVhost(name);
  }
  const both = await rmqx(['vhost', 'add', name, '--protect-from-deletion', '--no-protect-from-deletion']);
  assert.equal(both.code, 64, both.stderr);
});
