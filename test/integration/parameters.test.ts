import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, dropVhost, freshVhost, rmqx, unique } from '../helpers/cli.js';

let vhost = '';
const V = () => ['-V', vhost];
const C = 'federation-upstream';
const param = (name: string) => api('GET', `/api/parameters/${C}/${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`);
const global = (name: string) => api('GET', `/api/global-parameters/${encodeURIComponent(name)}`);

before(async () => {
  vhost = await freshVhost('params');
});
after(async () => {
  await dropVhost(vhost);
});

test('parameter set: a JSON value; the same again changes nothing; a new value updates it', async () => {
  const name = unique('up');
  const r = await rmqx(['parameter', 'set', C, name, '{"uri":"amqp://origin"}', '--json', '--detailed-exitcode', ...V()]);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'set', kind: 'parameter', name, vhost, changed: true, component: C, value: { uri: 'amqp://origin' } });
  assert.deepEqual((await param(name)).body.value, { uri: 'amqp://origin' });
  const same = await rmqx(['parameter', 'set', C, name, '{ "uri" : "amqp://origin" }', '--detailed-exitcode', ...V()]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /already as asked/);
  const up = await rmqx(['parameter', 'set', C, name, '{"uri":"amqp://other","expires":60000}', '--json', '--detailed-exitcode', ...V()]);
  assert.equal(up.code, 2, up.stderr);
  assert.deepEqual(JSON.parse(up.stdout).updated, ['value']);
  assert.deepEqual((await param(name)).body.value, { uri: 'amqp://other', expires: 60000 });
});

test('parameter list and show: the vhost (-V), one component, --all-vhosts with the vhost column', async () => {
  const name = unique('lst');
  assert.equal((await rmqx(['parameter', 'set', C, name, '{"uri":"amqp://x"}', ...V()])).code, 0);
  const tsv = await rmqx(['parameter', 'list', ...V()]);
  assert.equal(tsv.code, 0, tsv.stderr);
  assert.match(tsv.stdout, new RegExp(`^${C}\\t${name}\\t\\{"uri":"amqp://x"\\}$`, 'm'));
  const one = await rmqx(['parameter', 'list', C, '--json', ...V()]);
  assert.ok(JSON.parse(one.stdout).some((p: { name: string; vhost: string }) => p.name === name && p.vhost === vhost));
  const none = await rmqx(['parameter', 'list', 'shovel', '--json', ...V()]);
  assert.deepEqual(JSON.parse(none.stdout), []);
  const all = await rmqx(['parameter', 'list', C, '--all-vhosts']);
  assert.match(all.stdout, new RegExp(`^${vhost}\\t${C}\\t${name}\\t`, 'm'));
  const show = await rmqx(['parameter', 'show', C, name, '--json', ...V()]);
  assert.equal(show.code, 0, show.stderr);
  assert.deepEqual(JSON.parse(show.stdout).value, { uri: 'amqp://x' });
  const missing = await rmqx(['parameter', 'show', C, unique('none'), ...V()]);
  assert.equal(missing.code, 66, missing.stderr);
});

test('parameter clear: removes; again is 66, with --if-exists 0', async () => {
  const name = unique('clr');
  assert.equal((await rmqx(['parameter', 'set', C, name, '{"uri":"amqp://x"}', ...V()])).code, 0);
  const r = await rmqx(['parameter', 'clear', C, name, '--detailed-exitcode', ...V()]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal((await param(name)).status, 404);
  const again = await rmqx(['parameter', 'clear', C, name, ...V()]);
  assert.equal(again.code, 66, again.stderr);
  const ok = await rmqx(['parameter', 'clear', C, name, '--if-exists', '--json', ...V()]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).changed, false);
});

test('parameter: bad JSON is 64 before any request; an unknown component or a bad value is 65 with the reason; a missing vhost is 66', async () => {
  const name = unique('bad');
  const bad = await rmqx(['parameter', 'set', C, name, '{uri:', ...V()]);
  assert.equal(bad.code, 64, bad.stderr);
  assert.match(bad.stderr, /^rmqx: VALUE '\{uri:': not valid JSON/);
  assert.equal((await param(name)).status, 404);
  const missingArg = await rmqx(['parameter', 'set', C, name, ...V()]);
  assert.equal(missingArg.code, 64, missingArg.stderr);
  const unknown = await rmqx(['parameter', 'set', 'no-such-component', name, '1', ...V()]);
  assert.equal(unknown.code, 65, unknown.stderr);
  assert.match(unknown.stderr, /component no-such-component not found/);
  const refused = await rmqx(['parameter', 'set', C, name, '{"uri":5}', ...V()]);
  assert.equal(refused.code, 65, refused.stderr);
  assert.match(refused.stderr, /uri/);
  assert.doesNotMatch(refused.stderr, /Validation failed/);
  const nope = unique('nope');
  const noVhost = await rmqx(['parameter', 'set', C, name, '{"uri":"amqp://x"}', '-V', nope]);
  assert.equal(noVhost.code, 66, noVhost.stderr);
  assert.match(noVhost.stderr, new RegExp(`vhost '${nope}' does not exist`));
  assert.equal((await rmqx(['parameter', 'clear', C, name, '-V', nope])).code, 66);
  assert.equal((await rmqx(['parameter', 'list', C, '-V', nope])).code, 66);
});

test('global-parameter set, show, list, clear: JSON values, idempotent; bad JSON 64; missing 66', async () => {
  const name = unique('rmqx_test');
  const r = await rmqx(['global-parameter', 'set', name, '{"team":"core","n":3}', '--json', '--detailed-exitcode']);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'set', kind: 'global parameter', name, changed: true, value: { team: 'core', n: 3 } });
  assert.deepEqual((await global(name)).body.value, { team: 'core', n: 3 });
  assert.equal((await rmqx(['global-parameter', 'set', name, '{"n":3,"team":"core"}', '--detailed-exitcode'])).code, 0);
  const up = await rmqx(['global-parameter', 'set', name, '"text"', '--json']);
  assert.equal(JSON.parse(up.stdout).action, 'updated');
  const list = await rmqx(['global-parameter', 'list']);
  assert.match(list.stdout, new RegExp(`^${name}\\ttext$`, 'm'));
  const show = await rmqx(['global-parameter', 'show', name, '--json']);
  assert.deepEqual(JSON.parse(show.stdout), { name, value: 'text' });

  const bare = await rmqx(['global-parameter', 'set', name, 'text']);
  assert.equal(bare.code, 64, bare.stderr);
  assert.match(bare.stderr, /a string needs JSON quotes: '"text"'/);

  assert.equal((await rmqx(['global-parameter', 'clear', name, '--detailed-exitcode'])).code, 2);
  assert.equal((await global(name)).status, 404);
  assert.equal((await rmqx(['global-parameter', 'clear', name])).code, 66);
  assert.equal((await rmqx(['global-parameter', 'clear', name, '--if-exists'])).code, 0);
  assert.equal((await rmqx(['global-parameter', 'show', name])).code, 66);
});

test('global-parameter set cluster_name: the overview reports it; clear brings the default back', async () => {
  const before = (await api('GET', '/api/overview?columns=cluster_name')).body.cluster_name;
  const had = (await global('cluster_name')).status === 200;
  const name = unique('cluster');
  try {
    const r = await rmqx(['global-parameter', 'set', 'cluster_name', JSON.stringify(name), '--detailed-exitcode']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal((await api('GET', '/api/overview?columns=cluster_name')).body.cluster_name, name);
  } finally {
    if (had) await api('PUT', '/api/global-parameters/cluster_name', { name: 'cluster_name', value: before });
    else assert.equal((await rmqx(['global-parameter', 'clear', 'cluster_name'])).code, 0);
  }
  assert.equal((await api('GET', '/api/overview?columns=cluster_name')).body.cluster_name, before);
});

test('parameter: a password in a URI never shows (list, show, --json outcome, the bad-JSON error)', async () => {
  const name = unique('secret');
  const value = '{"uri":"amqp://fed:s3cr3t-pw@origin.example/%2F"}';
  const set = await rmqx(['parameter', 'set', C, name, value, '--json', ...V()]);
  assert.equal(set.code, 0, set.stderr);
  assert.equal((await param(name)).body.value.uri, 'amqp://fed:s3cr3t-pw@origin.example/%2F');
  const outputs = [set, await rmqx(['parameter', 'list', ...V()]), await rmqx(['parameter', 'list', '--json', ...V()]), await rmqx(['parameter', 'show', C, name, ...V()]), await rmqx(['parameter', 'set', C, name, value, ...V()])];
  outputs.push(await rmqx(['parameter', 'set', C, name, '{"uri":"amqp://fed:s3cr3t-pw@x"', ...V()]));
  for (const r of outputs) assert.doesNotMatch(r.stdout + r.stderr, /s3cr3t/);
  assert.match(outputs[3]?.stdout ?? '', /amqp:\/\/fed:\*\*\*@origin\.example/);
});
