import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, dropVhost, freshVhost, rmqx, unique } from '../helpers/cli.js';

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
