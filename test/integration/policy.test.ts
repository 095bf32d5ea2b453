import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, brokerVersion, dropVhost, freshVhost, rmqx, unique, until } from '../helpers/cli.js';

let vhost = '';
const V = () => ['-V', vhost];
const policy = (name: string) => api('GET', `/api/policies/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`);

before(async () => {
  vhost = await freshVhost('policy');
});
after(async () => {
  await dropVhost(vhost);
});

test('policy set: typed flags and --definition make the definition; the same again changes nothing; a change updates in place', async () => {
  const name = unique('ttl');
  const r = await rmqx(['policy', 'set', name, '--pattern', '^tmp\\.', '--apply-to', 'queues', '--message-ttl', '60000', '--definition', '{"max-length": 10}', '--set', 'overflow=reject-publish', '--json', '--detailed-exitcode', ...V()]);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    action: 'set', kind: 'policy', name, vhost, changed: true,
    pattern: '^tmp\\.', 'apply-to': 'queues', priority: 0, definition: { 'max-length': 10, 'message-ttl': 60000, overflow: 'reject-publish' },
  });
  const p = (await policy(name)).body;
  assert.deepEqual([p.pattern, p['apply-to'], p.priority, p.definition], ['^tmp\\.', 'queues', 0, { 'max-length': 10, 'message-ttl': 60000, overflow: 'reject-publish' }]);

  const same = await rmqx(['policy', 'set', name, '--pattern', '^tmp\\.', '--apply-to', 'queues', '--message-ttl', '60000', '--max-length', '10', '--set', 'overflow=reject-publish', '--detailed-exitcode', ...V()]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /already as asked, nothing changed/);

  const up = await rmqx(['policy', 'set', name, '--pattern', '^tmp\\.', '--apply-to', 'queues', '--message-ttl', '30000', '--max-length', '10', '--priority', '3', '--json', ...V()]);
  assert.equal(up.code, 0, up.stderr);
  const doc = JSON.parse(up.stdout);
  assert.equal(doc.action, 'updated');
  assert.deepEqual(doc.updated, ['priority', 'message-ttl', 'overflow']);
  assert.match(up.stderr, new RegExp(`updated policy '${name}' in vhost '${vhost}': priority, message-ttl, overflow`));
  assert.deepEqual((await policy(name)).body.definition, { 'max-length': 10, 'message-ttl': 30000 });
});

test('policy list and show: the API fields; --all-vhosts adds the vhost', async () => {
  const name = unique('lst');
  assert.equal((await rmqx(['policy', 'set', name, '--pattern', '.*', '--max-length', '5', ...V()])).code, 0);
  const tsv = await rmqx(['policy', 'list', ...V()]);
  assert.equal(tsv.code, 0, tsv.stderr);
  assert.match(tsv.stdout, new RegExp(`^${name}\\t\\.\\*\\tall\\t0\\t\\{"max-length":5\\}$`, 'm'));
  const all = await rmqx(['policy', 'list', '--all-vhosts']);
  assert.match(all.stdout, new RegExp(`^${vhost}\\t${name}\\t`, 'm'));
  const show = await rmqx(['policy', 'show', name, '--json', ...V()]);
  assert.deepEqual(JSON.parse(show.stdout).definition, { 'max-length': 5 });
  const bad = await rmqx(['policy', 'list', '--columns', 'name,patern', ...V()]);
  assert.equal(bad.code, 64, bad.stderr);
  assert.match(bad.stderr, /unknown column 'patern'/);
});

test('policy clear: removes; again is 66, with --if-exists 0', async () => {
  const name = unique('clr');
  assert.equal((await rmqx(['policy', 'set', name, '--pattern', 'x', '--max-length', '1', ...V()])).code, 0);
  const r = await rmqx(['policy', 'clear', name, '--detailed-exitcode', ...V()]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal((await policy(name)).status, 404);
  const again = await rmqx(['policy', 'clear', name, ...V()]);
  assert.equal(again.code, 66, again.stderr);
  assert.match(again.stderr, new RegExp(`clear policy '${name}' in vhost '${vhost}': it does not exist`));
  const ok = await rmqx(['policy', 'clear', name, '--if-exists', '--json', ...V()]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).changed, false);
});

test('policy set: bad input is 64 before any request; a key the broker refuses is 65 with its reason', async () => {
  const name = unique('bad');
  for (const args of [['--pattern', '('], ['--max-length', '-1', '--pattern', 'x'], ['--apply-to', 'tables', '--pattern', 'x'], []]) {
    const r = await rmqx(['policy', 'set', name, ...args, ...V()]);
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
  }
  const refused = await rmqx(['policy', 'set', name, '--pattern', 'x', '--set', 'no-such-key=1', ...V()]);
  assert.equal(refused.code, 65, refused.stderr);
  assert.match(refused.stderr, /no-such-key/);
  assert.equal((await policy(name)).status, 404, 'nothing created');
});

test('policy set: durations and sizes with units become what the broker keeps (ms, bytes; max-age as written); the same in plain numbers changes nothing', async () => {
  const name = unique('units');
  const r = await rmqx(['policy', 'set', name, '--pattern', '^u\\.', '--message-ttl', '60s', '--expires', '1h', '--max-length-bytes', '10GiB', '--max-age', '7D', '--json', '--detailed-exitcode', ...V()]);
  assert.equal(r.code, 2, r.stderr);
  const want = { 'message-ttl': 60000, expires: 3600000, 'max-length-bytes': 10737418240, 'max-age': '7D' };
  assert.deepEqual(JSON.parse(r.stdout).definition, want);
  assert.deepEqual((await policy(name)).body.definition, want);
  const plain = await rmqx(['policy', 'set', name, '--pattern', '^u\\.', '--message-ttl', '60000', '--expires', '3600000', '--max-length-bytes', '10737418240', '--max-age', '7D', '--detailed-exitcode', ...V()]);
  assert.equal(plain.code, 0, plain.stderr);
  const decimal = await rmqx(['policy', 'set', name, '--pattern', '^u\\.', '--message-ttl', '1m', '--expires', '1h', '--max-length-bytes', '10GB', '--max-age', '7D', '--json', ...V()]);
  assert.equal(decimal.code, 0, decimal.stderr);
  assert.deepEqual(JSON.parse(decimal.stdout).updated, ['max-length-bytes']);
  assert.equal((await policy(name)).body.definition['max-length-bytes'], 10_000_000_000);
  // the list shows the definition in the broker's units
  const list = await rmqx(['policy', 'list', '--json', ...V()]);
  assert.deepEqual(JSON.parse(list.stdout).find((p: { name: string }) => p.name === name).definition, { ...want, 'message-ttl': 60000, 'max-length-bytes': 10_000_000_000 });
  for (const bad of [['--message-ttl', '1M'], ['--message-ttl', '-5s'], ['--expires', '0'], ['--max-length-bytes', '10G'], ['--max-length-bytes', '1.5B'], ['--max-age', '7d']]) {
    const b = await rmqx(['policy', 'set', unique('badunit'), '--pattern', 'x', ...bad, ...V()]);
    assert.equal(b.code, 64, `${bad.join(' ')}: ${b.stderr}`);
    assert.match(b.stderr, /^rmqx: /);
  }
});

test('policy set --definition-file: the definition from a JSON file; an unreadable file is 66, no JSON object 65, with --definition 64', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'rmqx-policy-'));
  const good = join(dir, 'good.json');
  await writeFile(good, JSON.stringify({ 'max-length': 7, overflow: 'reject-publish' }));
  const name = unique('file');
  const r = await rmqx(['policy', 'set', name, '--pattern', '^f', '--definition-file', good, '--set', 'max-length=8', '--json', ...V()]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual((await policy(name)).body.definition, { 'max-length': 8, overflow: 'reject-publish' });
  await writeFile(join(dir, 'bad.json'), '{"max-length": ');
  await writeFile(join(dir, 'array.json'), '[1]');
  const cases: Array<[string[], number, RegExp]> = [
    [['--definition-file', join(dir, 'bad.json')], 65, /not valid JSON/],
    [['--definition-file', join(dir, 'array.json')], 65, /must be a JSON object/],
    [['--definition-file', join(dir, 'missing.json')], 66, /cannot read/],
    [['--definition-file', good, '--definition', '{"max-length": 1}'], 64, /give one of them/],
  ];
  for (const [args, code, words] of cases) {
    const other = unique('file');
    const b = await rmqx(['policy', 'set', other, '--pattern', 'x', ...args, ...V()]);
    assert.equal(b.code, code, `${args.join(' ')}: ${b.stderr}`);
    assert.match(b.stderr, words);
    assert.equal((await policy(other)).status, 404);
  }
  const empty = await rmqx(['policy', 'set', unique('empty'), '--pattern', 'x', ...V()]);
  assert.equal(empty.code, 64, empty.stderr);
  assert.match(empty.stderr, /no definition/);
  await rm(dir, { recursive: true, force: true });
});

test('policy set --ha-mode/--ha-params/--ha-sync-mode: set on a broker with classic mirroring (3.x), 64 naming the removal on one without (4.x)', async () => {
  const [major] = await brokerVersion();
  const name = unique('ha');
  const r = await rmqx(['policy', 'set', name, '--pattern', '^ha\\.', '--apply-to', 'queues', '--ha-mode', 'exactly', '--ha-params', '2', '--ha-sync-mode', 'automatic', '--json', ...V()]);
  if (major < 4) {
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await policy(name)).body.definition, { 'ha-mode': 'exactly', 'ha-params': 2, 'ha-sync-mode': 'automatic' });
    const nodes = await rmqx(['policy', 'set', name, '--pattern', '^ha\\.', '--apply-to', 'queues', '--ha-mode', 'nodes', '--ha-params', 'rabbit@a,rabbit@b', ...V()]);
    assert.equal(nodes.code, 0, nodes.stderr);
    assert.deepEqual((await policy(name)).body.definition['ha-params'], ['rabbit@a', 'rabbit@b']);
  } else {
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, /removed classic queue mirroring/);
    assert.equal((await policy(name)).status, 404, 'nothing sent');
    const viaSet = await rmqx(['policy', 'set', name, '--pattern', 'x', '--set', 'ha-mode=all', ...V()]);
    assert.equal(viaSet.code, 64, viaSet.stderr);
  }
  for (const bad of [['--ha-mode', 'all', '--ha-params', '2'], ['--ha-mode', 'exactly', '--ha-params', 'two'], ['--ha-params', '2'], ['--ha-mode', 'some'], ['--ha-sync-mode', 'eventually', '--ha-mode', 'all']]) {
    const b = await rmqx(['policy', 'set', unique('ha'), '--pattern', 'x', ...bad, ...V()]);
    assert.equal(b.code, 64, `${bad.join(' ')}: ${b.stderr}`);
  }
});

test('policy patch: --set and --unset edit an existing policy through the same comparison; the same again is 0 and changed:false; missing is 66; bad input 64', async () => {
  const name = unique('patch');
  assert.equal((await rmqx(['policy', 'set', name, '--pattern', '^p\\.', '--max-length', '10', '--message-ttl', '5s', '--apply-to', 'queues', ...V()])).code, 0);
  const r = await rmqx(['policy', 'patch', name, '--set', 'max-length=20', '--unset', 'message-ttl', '--expires', '1h', '--json', '--detailed-exitcode', ...V()]);
  assert.equal(r.code, 2, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.action, 'updated');
  assert.deepEqual(doc.updated, ['expires', 'max-length', 'message-ttl']);
  const p = (await policy(name)).body;
  assert.deepEqual([p.pattern, p['apply-to'], p.priority, p.definition], ['^p\\.', 'queues', 0, { 'max-length': 20, expires: 3600000 }]);
  const same = await rmqx(['policy', 'patch', name, '--set', 'max-length=20', '--unset', 'message-ttl', '--json', '--detailed-exitcode', ...V()]);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).changed, false);
  const prio = await rmqx(['policy', 'patch', name, '--priority', '4', '--pattern', '^pp\\.', ...V()]);
  assert.equal(prio.code, 0, prio.stderr);
  assert.deepEqual([(await policy(name)).body.priority, (await policy(name)).body.pattern], [4, '^pp\\.']);

  const missing = await rmqx(['policy', 'patch', unique('nope'), '--set', 'max-length=1', ...V()]);
  assert.equal(missing.code, 66, missing.stderr);
  assert.match(missing.stderr, /it does not exist/);
  const cases: Array<[string[], RegExp]> = [
    [[], /nothing to change/],
    [['--set', 'max-length=1', '--unset', 'max-length'], /both set and unset/],
    [['--unset', 'max-length', '--unset', 'expires'], /would leave no definition/],
    [['--pattern', '(x'], /not a valid regular expression/],
    [['--message-ttl', '1Y'], /not a duration/],
  ];
  for (const [args, words] of cases) {
    const b = await rmqx(['policy', 'patch', name, ...args, ...V()]);
    assert.equal(b.code, 64, `${args.join(' ')}: ${b.stderr}`);
    assert.match(b.stderr, words);
  }
  const refused = await rmqx(['policy', 'patch', name, '--set', 'no-such-key=1', ...V()]);
  assert.equal(refused.code, 65, refused.stderr);
  assert.match(refused.stderr, /no-such-key=1 are not recognised policy settings/);
  assert.equal(refused.stderr.trim().split('\n').length, 1, 'one line');
  assert.deepEqual((await policy(name)).body.definition, { 'max-length': 20, expires: 3600000 }, 'unchanged');
});

test('policy match: the policy and operator policy the broker applies to a queue, and the effective definition; --exchange; a missing object is 66', async () => {
  const v = await freshVhost('match');
  const W = ['-V', v];
  try {
    assert.equal((await api('PUT', `/api/queues/${encodeURIComponent(v)}/orders.eu`, { durable: true })).status, 201);
    assert.equal((await api('PUT', `/api/exchanges/${encodeURIComponent(v)}/orders.x`, { type: 'topic', durable: true })).status, 201);
    const none = await rmqx(['policy', 'match', 'orders.eu', '--json', ...W]);
    assert.equal(none.code, 0, none.stderr);
    assert.deepEqual(JSON.parse(none.stdout), { kind: 'queue', vhost: v, name: 'orders.eu', type: 'classic', policy: null, operator_policy: null, effective_policy_definition: {} });

    assert.equal((await rmqx(['policy', 'set', 'cap', '--pattern', '^orders\\.', '--apply-to', 'queues', '--max-length', '100', '--message-ttl', '1m', '--priority', '2', ...W])).code, 0);
    assert.equal((await rmqx(['policy', 'set', 'low', '--pattern', '^orders', '--max-length', '5', ...W])).code, 0);
    assert.equal((await rmqx(['operator-policy', 'set', 'ceiling', '--pattern', '.*', '--apply-to', 'queues', '--max-length', '50', ...W])).code, 0);
    assert.equal((await rmqx(['policy', 'set', 'ae', '--pattern', '^orders\\.x$', '--apply-to', 'exchanges', '--priority', '3', '--set', 'alternate-exchange=unrouted', ...W])).code, 0);
    // the broker reports a queue's policies as of its last statistics emission on 3.x: poll
    const doc = await until(async () => {
      const r = await rmqx(['policy', 'match', 'orders.eu', '--json', ...W]);
      assert.equal(r.code, 0, r.stderr);
      const d = JSON.parse(r.stdout);
      return d.policy === 'cap' && d.operator_policy === 'ceiling' ? d : undefined;
    }, 'the queue to report its policy and operator policy');
    // the stricter of policy and operator policy wins for max-length
    assert.deepEqual(doc.effective_policy_definition, { 'max-length': 50, 'message-ttl': 60000 });
    const tsv = await rmqx(['policy', 'match', 'orders.eu', ...W]);
    assert.match(tsv.stdout, /^policy\tcap$/m);
    assert.match(tsv.stdout, /^operator_policy\tceiling$/m);
    const op = await rmqx(['operator-policy', 'match', 'orders.eu', '--json', ...W]);
    assert.equal(JSON.parse(op.stdout).operator_policy, 'ceiling', 'the same verb under operator-policy');

    const x = await rmqx(['policy', 'match', 'orders.x', '--exchange', '--json', ...W]);
    assert.equal(x.code, 0, x.stderr);
    assert.deepEqual(JSON.parse(x.stdout), { kind: 'exchange', vhost: v, name: 'orders.x', policy: 'ae', operator_policy: null, effective_policy_definition: { 'alternate-exchange': 'unrouted' } });

    const missing = await rmqx(['policy', 'match', 'orders.us', ...W]);
    assert.equal(missing.code, 66, missing.stderr);
    assert.match(missing.stderr, /queue 'orders.us' in vhost '.*' does not exist/);
    const missingX = await rmqx(['policy', 'match', 'orders.eu', '--exchange', ...W]);
    assert.equal(missingX.code, 66, missingX.stderr);
    const badCols = await rmqx(['policy', 'match', 'orders.eu', '--columns', 'polcy', ...W]);
    assert.equal(badCols.code, 64, badCols.stderr);
  } finally {
    await dropVhost(v);
  }
});

test('policy conflicts: pairs of equal priority whose patterns and apply-to share an object; exit 1 when any, 0 when none', async () => {
  const v = await freshVhost('conflicts');
  const W = ['-V', v];
  try {
    const q = (name: string, type?: string) => api('PUT', `/api/queues/${encodeURIComponent(v)}/${name}`, { durable: true, arguments: type ? { 'x-queue-type': type } : {} });
    assert.equal((await q('orders.eu')).status, 201);
    assert.equal((await q('audit')).status, 201);
    assert.equal((await rmqx(['policy', 'set', 'a', '--pattern', '^orders\\.', '--max-length', '1', ...W])).code, 0);
    assert.equal((await rmqx(['policy', 'set', 'b', '--pattern', '\\.eu$', '--apply-to', 'queues', '--max-length', '2', ...W])).code, 0);
    // same priority, but on exchanges only, or names nothing matches: no conflict
    assert.equal((await rmqx(['policy', 'set', 'c', '--pattern', '^orders', '--apply-to', 'exchanges', '--max-length', '3', ...W])).code, 0);
    assert.equal((await rmqx(['policy', 'set', 'd', '--pattern', '^nothing', '--max-length', '4', ...W])).code, 0);
    const r = await rmqx(['policy', 'conflicts', '--json', ...W]);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [{ vhost: v, priority: 0, policy: 'a', other: 'b', queues: ['orders.eu'], exchanges: [] }]);
    assert.match(r.stderr, /1 pair\(s\) of policies of equal priority/);
    const tsv = await rmqx(['policy', 'conflicts', ...W]);
    assert.equal(tsv.code, 1);
    assert.equal(tsv.stdout, '0\ta\tb\torders.eu\t\n');

    assert.equal((await rmqx(['policy', 'patch', 'b', '--priority', '1', ...W])).code, 0);
    const ok = await rmqx(['policy', 'conflicts', '--json', ...W]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), []);
    assert.match(ok.stderr, /no two policies of equal priority/);
  } finally {
    await dropVhost(v);
  }
});

test('policy conflicts --all-vhosts: every vhost checked on its own, a vhost column first; -V does not narrow it', async () => {
  const [v1, v2, v3] = [await freshVhost('conflicts-all'), await freshVhost('conflicts-all'), await freshVhost('conflicts-all')];
  try {
    const q = (v: string, name: string) => api('PUT', `/api/queues/${encodeURIComponent(v)}/${name}`, { durable: true });
    for (const v of [v1, v2, v3]) assert.equal((await q(v, 'orders.eu')).status, 201);
    // v1 and v2: two policies of equal priority on orders.eu; v3: one policy, and one of v1's
    // names over there, which is no conflict (a policy applies only in its own vhost)
    for (const v of [v1, v2]) {
      assert.equal((await rmqx(['policy', 'set', 'a', '--pattern', '^orders\\.', '--max-length', '1', '-V', v])).code, 0);
      assert.equal((await rmqx(['policy', 'set', 'b', '--pattern', '\\.eu$', '--max-length', '2', '-V', v])).code, 0);
    }
    assert.equal((await rmqx(['policy', 'set', 'a', '--pattern', '^orders\\.', '--max-length', '1', '-V', v3])).code, 0);

    const one = await rmqx(['policy', 'conflicts', '--json', '-V', v3]);
    assert.equal(one.code, 0, one.stderr);
    assert.deepEqual(JSON.parse(one.stdout), []);

    // other test files share this broker: only our vhosts' rows are asserted
    const r = await rmqx(['policy', 'conflicts', '--all-vhosts', '--json', '-V', v3]);
    assert.equal(r.code, 1, r.stderr);
    const ours = (JSON.parse(r.stdout) as Array<{ vhost: string }>).filter((c) => [v1, v2, v3].includes(c.vhost));
    assert.deepEqual(ours.sort((x, y) => x.vhost.localeCompare(y.vhost)), [v1, v2].sort().map((vhost) => ({ vhost, priority: 0, policy: 'a', other: 'b', queues: ['orders.eu'], exchanges: [] })));
    assert.match(r.stderr, /pair\(s\) of policies of equal priority apply to the same objects in \d+ vhost\(s\)/);
    const tsv = await rmqx(['policy', 'conflicts', '--all-vhosts']);
    assert.equal(tsv.code, 1, tsv.stderr);
    assert.match(tsv.stdout, new RegExp(`^${v1}\\t0\\ta\\tb\\torders\\.eu\\t$`, 'm'));
    assert.match(tsv.stdout, new RegExp(`^${v2}\\t0\\ta\\tb\\torders\\.eu\\t$`, 'm'));
    assert.doesNotMatch(tsv.stdout, new RegExp(`^${v3}\\t`, 'm'));

    // resolved in both: our vhosts are gone from the list
    for (const v of [v1, v2]) assert.equal((await rmqx(['policy', 'patch', 'b', '--priority', '1', '-V', v])).code, 0);
    const after = await rmqx(['policy', 'conflicts', '--all-vhosts', '--json']);
    assert.ok([0, 1].includes(after.code), after.stderr);
    assert.deepEqual((JSON.parse(after.stdout) as Array<{ vhost: string }>).filter((c) => [v1, v2, v3].includes(c.vhost)), []);
  } finally {
    for (const v of [v1, v2, v3]) await dropVhost(v);
  }
});
