import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runInProcess } from '../helpers/memory-io.js';
import { startStub } from '../helpers/stub-server.js';

test('no arguments: help on stderr, exit 64', async () => {
  const r = await runInProcess([]);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /Usage: rmqx/);
  assert.equal(r.stdout, '');
});

test('--help goes to stdout with exit 0; --version prints the version', async () => {
  const h = await runInProcess(['--help']);
  assert.equal(h.code, 0);
  assert.match(h.stdout, /Exit codes:/);
  const v = await runInProcess(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+/);
});

test('unknown command and unknown option: one line, a hint, exit 64', async () => {
  const c = await runInProcess(['frobnicate']);
  assert.equal(c.code, 64);
  assert.match(c.stderr, /^rmqx: unknown command 'frobnicate'/);
  const o = await runInProcess(['vhost', 'list', '--frob']);
  assert.equal(o.code, 64);
  assert.match(o.stderr, /^rmqx: unknown option '--frob'\nhint: /);
  const noun = await runInProcess(['vhost']);
  assert.equal(noun.code, 64);
});

test('global options are accepted before the noun and after the verb; after wins', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/vhosts/a', { body: { name: 'a' } });
  stub.on('GET', '/api/vhosts/b', { body: { name: 'b' } });
  const before = await runInProcess(['--url', stub.url, '--json', 'vhost', 'show', 'a']);
  assert.equal(before.code, 0, before.stderr);
  assert.deepEqual(JSON.parse(before.stdout), { name: 'a' });
  const after = await runInProcess(['vhost', 'show', 'b', '--url', stub.url, '-o', 'json']);
  assert.deepEqual(JSON.parse(after.stdout), { name: 'b' });
  const both = await runInProcess(['--url', 'http://127.0.0.1:1', 'vhost', 'show', 'a', '--url', stub.url, '--json']);
  assert.equal(both.code, 0, both.stderr);
});

test('credentials go as basic auth and never into output; --verbose logs method, path, status, time', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/vhosts', { body: [] });
  const r = await runInProcess(['vhost', 'list', '--verbose'], { env: { RMQX_URL: `http://admin:topsecret@${stub.url.slice(7)}` } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stub.requests[0]?.headers.authorization, `Basic ${Buffer.from('admin:topsecret').toString('base64')}`);
  assert.match(r.stderr, /GET http:\/\/127\.0\.0\.1:\d+\/api\/vhosts 200 \d+ ms/);
  assert.doesNotMatch(r.stderr + r.stdout, /topsecret/);
});

test('several URLs: an unreachable one is skipped', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/vhosts', { body: [{ name: '/' }] });
  const r = await runInProcess(['vhost', 'list', '--url', `http://127.0.0.1:1,${stub.url}`]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '/\t\t\t\t\n');
});

test('HTTP answers become exit codes with the broker reason', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/vhosts/denied', { status: 401, body: { error: 'not_authorised', reason: 'Login failed' } });
  stub.on('GET', '/api/vhosts/busy', { status: 503, body: { error: 'unavailable', reason: 'resource alarm' } });
  stub.on('GET', '/api/vhosts/broken', { status: 500, body: { error: 'internal', reason: 'crash' } });
  const env = { RMQX_URL: stub.url };
  const denied = await runInProcess(['vhost', 'show', 'denied'], { env });
  assert.equal(denied.code, 77);
  assert.match(denied.stderr, /^rmqx: show vhost 'denied': Login failed\nhint: check the username and password/);
  assert.equal((await runInProcess(['vhost', 'show', 'busy'], { env })).code, 75);
  assert.equal((await runInProcess(['vhost', 'show', 'broken'], { env })).code, 69);
  const missing = await runInProcess(['vhost', 'show', 'nope'], { env });
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /^rmqx: show vhost 'nope': Not Found/);
});

test('--timeout: no answer in time is exit 75', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/vhosts', { body: [], delayMs: 2000 });
  const r = await runInProcess(['vhost', 'list', '--timeout', '0.2'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 75, r.stderr);
  assert.match(r.stderr, /timed out/);
});

test('--detailed-exitcode: 2 when something changed, 0 when not', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  let exists = false;
  stub.on('GET', '/api/vhosts/v', () => (exists ? { body: { name: 'v', description: '', tags: [], tracing: false } } : { status: 404, body: { error: 'Object Not Found', reason: 'Not Found' } }));
  stub.on('PUT', '/api/vhosts/v', () => {
    exists = true;
    return { status: 201 };
  });
  const env = { RMQX_URL: stub.url };
  assert.equal((await runInProcess(['vhost', 'add', 'v', '--detailed-exitcode'], { env })).code, 2);
  const again = await runInProcess(['vhost', 'add', 'v', '--detailed-exitcode'], { env });
  assert.equal(again.code, 0);
  assert.match(again.stderr, /nothing changed/);
  assert.equal((await runInProcess(['vhost', 'add', 'v'], { env })).code, 0);
});

test('destructive commands need --yes without a terminal', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  const r = await runInProcess(['vhost', 'delete', 'v'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 64);
  assert.match(r.stderr, /--yes/);
  assert.equal(stub.requests.length, 0);
});

test('a mistyped verb: one line, and the suggestion as the hint', async () => {
  const r = await runInProcess(['vhost', 'lst']);
  assert.equal(r.code, 64);
  assert.equal(r.stderr, "rmqx: unknown command 'lst'\nhint: did you mean list? (see --help)\n");
});
