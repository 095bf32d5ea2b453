import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, brokerVersion, dropVhost, freshVhost, rmqx, unique } from '../helpers/cli.js';

let vhost = '';
const V = () => ['-V', vhost];
const opPolicy = (name: string, v = vhost) => api('GET', `/api/operator-policies/${encodeURIComponent(v)}/${encodeURIComponent(name)}`);

before(async () => {
  vhost = await freshVhost('oppolicy');
});
after(async () => {
  await dropVhost(vhost);
});

test('operator-policy set: the restricted keys as typed flags with units; the same again changes nothing; a change updates in place', async () => {
  const name = unique('cap');
  const r = await rmqx(['operator-policy', 'set', name, '--pattern', '^q\\.', '--apply-to', 'queues', '--message-ttl', '1h', '--expires', '7d', '--max-length', '1000', '--max-length-bytes', '1GiB', '--max-in-memory-length', '10', '--max-in-memory-bytes', '1MB', '--delivery-limit', '5', '--json', '--detailed-exitcode', ...V()]);
  assert.equal(r.code, 2, r.stderr);
  const definition = { 'message-ttl': 3600000, expires: 604800000, 'max-length': 1000, 'max-length-bytes': 1073741824, 'max-in-memory-length': 10, 'max-in-memory-bytes': 1000000, 'delivery-limit': 5 };
  assert.deepEqual(JSON.parse(r.stdout), { action: 'set', kind: 'operator policy', name, vhost, changed: true, pattern: '^q\\.', 'apply-to': 'queues', priority: 0, definition });
  const p = (await opPolicy(name)).body;
  assert.deepEqual([p.pattern, p['apply-to'], p.priority, p.definition], ['^q\\.', 'queues', 0, definition]);
  assert.equal((await api('GET', `/api/policies/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`)).status, 404, 'an operator policy, not a policy');

  const same = await rmqx(['operator-policy', 'set', name, '--pattern', '^q\\.', '--apply-to', 'queues', '--definition', JSON.stringify(definition), '--detailed-exitcode', '--json', ...V()]);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).changed, false);
  assert.match(same.stderr, /operator policy '.*' in vhost '.*': already as asked, nothing changed/);

  const up = await rmqx(['operator-policy', 'set', name, '--pattern', '^q\\.', '--apply-to', 'queues', '--max-length', '10', '--priority', '2', '--json', ...V()]);
  assert.equal(up.code, 0, up.stderr);
  assert.deepEqual(JSON.parse(up.stdout).updated, ['priority', 'delivery-limit', 'expires', 'max-in-memory-bytes', 'max-in-memory-length', 'max-length', 'max-length-bytes', 'message-ttl']);
  assert.deepEqual((await opPolicy(name)).body.definition, { 'max-length': 10 });
});

test('operator-policy set: the keys each broker accepts; a key it refuses is 65 with its reason in one line; bad input is 64 before any request', async () => {
  const [major] = await brokerVersion();
  // RabbitMQ 4.x accepts overflow and target-group-size in operator policies; 3.10 does not
  const name = unique('newer');
  const newer = await rmqx(['operator-policy', 'set', name, '--pattern', 'x', '--overflow', 'reject-publish', '--target-group-size', '3', ...V()]);
  if (major >= 4) {
    assert.equal(newer.code, 0, newer.stderr);
    assert.deepEqual((await opPolicy(name)).body.definition, { overflow: 'reject-publish', 'target-group-size': 3 });
  } else {
    assert.equal(newer.code, 65, newer.stderr);
    assert.match(newer.stderr, /are not recognised policy settings/);
    assert.equal((await opPolicy(name)).status, 404);
  }
  // keys of user policies only: refused by every version
  for (const key of ['dead-letter-exchange=dlx', 'ha-mode=all', 'max-age:=7D']) {
    const other = unique('refused');
    const r = await rmqx(['operator-policy', 'set', other, '--pattern', 'x', '--set', key, ...V()]);
    assert.equal(r.code, 65, `${key}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^rmqx: set operator policy '${other}' in vhost '${vhost}': ${key.split(/:?=/)[0]}=.* are not recognised policy settings\\n$`));
    assert.equal((await opPolicy(other)).status, 404);
  }
  const expiry = await rmqx(['operator-policy', 'set', unique('zero'), '--pattern', 'x', '--set', 'expires=0', ...V()]);
  assert.equal(expiry.code, 65, expiry.stderr);
  assert.match(expiry.stderr, /0 is not a valid queue expiry/);
  for (const args of [['--pattern', '(('], ['--pattern', 'x', '--max-length', 'ten'], ['--pattern', 'x', '--expires', '0s'], ['--pattern', 'x', '--max-length-bytes', '5XB'], ['--pattern', 'x', '--apply-to', 'tables', '--max-length', '1'], ['--max-length', '1'], ['--pattern', 'x'], ['--pattern', 'x', '--dead-letter-exchange', 'dlx']]) {
    const r = await rmqx(['operator-policy', 'set', unique('bad'), ...args, ...V()]);
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
  }
});

test('operator-policy patch: edits keys of an existing one; the same again is 0 and changed:false; missing is 66; a refused key 65', async () => {
  const name = unique('patch');
  assert.equal((await rmqx(['operator-policy', 'set', name, '--pattern', '^p', '--max-length', '10', '--message-ttl', '10s', ...V()])).code, 0);
  const r = await rmqx(['operator-policy', 'patch', name, '--unset', 'message-ttl', '--max-length-bytes', '1kB', '--json', '--detailed-exitcode', ...V()]);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).updated, ['max-length-bytes', 'message-ttl']);
  assert.deepEqual((await opPolicy(name)).body.definition, { 'max-length': 10, 'max-length-bytes': 1000 });
  const same = await rmqx(['operator-policy', 'patch', name, '--max-length-bytes', '1000', '--detailed-exitcode', '--json', ...V()]);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).changed, false);
  const missing = await rmqx(['operator-policy', 'patch', unique('nope'), '--max-length', '1', ...V()]);
  assert.equal(missing.code, 66, missing.stderr);
  assert.match(missing.stderr, /patch operator policy '.*' in vhost '.*': it does not exist/);
  const refused = await rmqx(['operator-policy', 'patch', name, '--set', 'alternate-exchange=ae', ...V()]);
  assert.equal(refused.code, 65, refused.stderr);
  assert.deepEqual((await opPolicy(name)).body.definition, { 'max-length': 10, 'max-length-bytes': 1000 }, 'unchanged');
  const nothing = await rmqx(['operator-policy', 'patch', name, ...V()]);
  assert.equal(nothing.code, 64, nothing.stderr);
});

test('operator-policy list and show: the API fields, --all-vhosts adds the vhost; show of a missing one is 66', async () => {
  const name = unique('lst');
  assert.equal((await rmqx(['operator-policy', 'set', name, '--pattern', '.*', '--max-length', '5', ...V()])).code, 0);
  const tsv = await rmqx(['operator-policy', 'list', ...V()]);
  assert.equal(tsv.code, 0, tsv.stderr);
  assert.match(tsv.stdout, new RegExp(`^${name}\\t\\.\\*\\tall\\t0\\t\\{"max-length":5\\}$`, 'm'));
  const json = await rmqx(['operator-policies', 'list', '--json', ...V()]);
  assert.ok(JSON.parse(json.stdout).some((p: { name: string }) => p.name === name), 'the plural alias');
  const policies = await rmqx(['policy', 'list', '--json', ...V()]);
  assert.ok(!JSON.parse(policies.stdout).some((p: { name: string }) => p.name === name), 'not among the policies');
  const all = await rmqx(['operator-policy', 'list', '--all-vhosts']);
  assert.match(all.stdout, new RegExp(`^${vhost}\\t${name}\\t`, 'm'));
  const show = await rmqx(['operator-policy', 'show', name, '--json', ...V()]);
  assert.equal(show.code, 0, show.stderr);
  assert.deepEqual(JSON.parse(show.stdout), { vhost, name, pattern: '.*', 'apply-to': 'all', definition: { 'max-length': 5 }, priority: 0 });
  const missing = await rmqx(['operator-policy', 'show', unique('nope'), ...V()]);
  assert.equal(missing.code, 66, missing.stderr);
  assert.match(missing.stderr, /does not exist/);
  const bad = await rmqx(['operator-policy', 'list', '--columns', 'name,patern', ...V()]);
  assert.equal(bad.code, 64, bad.stderr);
});

test('operator-policy clear: removes; again is 66, with --if-exists 0', async () => {
  const name = unique('clr');
  assert.equal((await rmqx(['operator-policy', 'set', name, '--pattern', 'x', '--max-length', '1', ...V()])).code, 0);
  const r = await rmqx(['operator-policy', 'clear', name, '--detailed-exitcode', '--json', ...V()]);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'cleared', kind: 'operator policy', name, vhost, changed: true });
  assert.equal((await opPolicy(name)).status, 404);
  const again = await rmqx(['operator-policy', 'clear', name, ...V()]);
  assert.equal(again.code, 66, again.stderr);
  assert.match(again.stderr, new RegExp(`clear operator policy '${name}' in vhost '${vhost}': it does not exist`));
  const ok = await rmqx(['operator-policy', 'clear', name, '--if-exists', '--json', ...V()]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).changed, false);
});

test('operator-policy conflicts: operator policies of equal priority on the same queue are 1, none 0', async () => {
  const v = await freshVhost('opconflicts');
  const W = ['-V', v];
  try {
    assert.equal((await api('PUT', `/api/queues/${encodeURIComponent(v)}/jobs`, { durable: true })).status, 201);
    assert.equal((await rmqx(['operator-policy', 'conflicts', ...W])).code, 0);
    assert.equal((await rmqx(['operator-policy', 'set', 'one', '--pattern', '^jobs$', '--max-length', '1', ...W])).code, 0);
    assert.equal((await rmqx(['operator-policy', 'set', 'two', '--pattern', '^j', '--apply-to', 'queues', '--max-length', '2', ...W])).code, 0);
    // a policy of the same priority is no conflict between operator policies
    assert.equal((await rmqx(['policy', 'set', 'user', '--pattern', '.*', '--max-length', '3', ...W])).code, 0);
    const r = await rmqx(['operator-policy', 'conflicts', '--json', ...W]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [{ vhost: v, priority: 0, policy: 'one', other: 'two', queues: ['jobs'], exchanges: [] }]);
    assert.equal((await rmqx(['policy', 'conflicts', ...W])).code, 0, 'one policy conflicts with nothing');
    assert.equal((await rmqx(['operator-policy', 'clear', 'two', ...W])).code, 0);
    assert.equal((await rmqx(['operator-policy', 'conflicts', ...W])).code, 0);
  } finally {
    await dropVhost(v);
  }
});

test('operator-policy conflicts --all-vhosts: every vhost, a vhost column first', async () => {
  const [v1, v2] = [await freshVhost('opconflicts-all'), await freshVhost('opconflicts-all')];
  try {
    for (const v of [v1, v2]) assert.equal((await api('PUT', `/api/queues/${encodeURIComponent(v)}/jobs`, { durable: true })).status, 201);
    assert.equal((await rmqx(['operator-policy', 'set', 'one', '--pattern', '^jobs$', '--max-length', '1', '-V', v1])).code, 0);
    assert.equal((await rmqx(['operator-policy', 'set', 'two', '--pattern', '^j', '--max-length', '2', '-V', v1])).code, 0);
    // v2: the same name pattern, one operator policy only; a conflict only in v1
    assert.equal((await rmqx(['operator-policy', 'set', 'one', '--pattern', '^jobs$', '--max-length', '1', '-V', v2])).code, 0);
    assert.equal((await rmqx(['operator-policy', 'conflicts', '-V', v2])).code, 0);
    const r = await rmqx(['operator-policy', 'conflicts', '--all-vhosts', '--json', '-V', v2]);
    assert.equal(r.code, 1, r.stderr);
    const ours = (JSON.parse(r.stdout) as Array<{ vhost: string }>).filter((c) => [v1, v2].includes(c.vhost));
    assert.deepEqual(ours, [{ vhost: v1, priority: 0, policy: 'one', other: 'two', queues: ['jobs'], exchanges: [] }]);
    assert.match(r.stderr, /pair\(s\) of operator policies of equal priority apply to the same objects in \d+ vhost\(s\)/);
    const tsv = await rmqx(['operator-policy', 'conflicts', '--all-vhosts']);
    assert.match(tsv.stdout, new RegExp(`^${v1}\\t0\\tone\\ttwo\\tjobs\\t$`, 'm'));
    assert.doesNotMatch(tsv.stdout, new RegExp(`^${v2}\\t`, 'm'));
  } finally {
    for (const v of [v1, v2]) await dropVhost(v);
  }
});
