import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startStub, type Stub } from '../helpers/stub-server.js';
import { runInProcess } from '../helpers/memory-io.js';

const NOT_FOUND = { status: 404, body: { error: 'Object Not Found', reason: 'Not Found' } };

/** A stub with user alice and vhosts '/' and 'shop'; permissions and topic permissions kept in memory. */
async function permStub(opts: { perms?: Array<Record<string, string>>; topics?: Array<Record<string, string>> } = {}) {
  const stub = await startStub();
  const users = new Set(['alice']);
  const vhosts = new Set(['/', 'shop']);
  const perms = new Map<string, Record<string, string>>((opts.perms ?? []).map((p) => [`${p.vhost}|${p.user}`, p]));
  let topics: Array<Record<string, string>> = [...(opts.topics ?? [])];
  const seg = (p: string, i: number) => decodeURIComponent(p.split('/')[i] ?? '');
  stub.on('GET', /^\/api\/users\/[^/]+$/, (r) => (users.has(seg(r.path, 3)) ? { body: { name: seg(r.path, 3), password_hash: 'h', tags: [] } } : NOT_FOUND));
  stub.on('GET', /^\/api\/vhosts\/[^/]+$/, (r) => (vhosts.has(seg(r.path, 3)) ? { body: { name: seg(r.path, 3) } } : NOT_FOUND));
  stub.on('GET', /^\/api\/permissions\/[^/]+\/[^/]+$/, (r) => {
    const p = perms.get(`${seg(r.path, 3)}|${seg(r.path, 4)}`);
    return p ? { body: p } : NOT_FOUND;
  });
  stub.on('PUT', /^\/api\/permissions\/[^/]+\/[^/]+$/, (r) => {
    const [vhost, user] = [seg(r.path, 3), seg(r.path, 4)];
    if (!users.has(user) || !vhosts.has(vhost)) return { status: 400, body: { error: 'bad_request', reason: 'vhost_or_user_not_found' } };
    const key = `${vhost}|${user}`;
    const existed = perms.has(key);
    perms.set(key, { user, vhost, ...(r.body as Record<string, string>) });
    return { status: existed ? 204 : 201 };
  });
  stub.on('DELETE', /^\/api\/permissions\/[^/]+\/[^/]+$/, (r) => (perms.delete(`${seg(r.path, 3)}|${seg(r.path, 4)}`) ? { status: 204 } : NOT_FOUND));
  stub.on('GET', '/api/permissions', () => ({ body: [...perms.values()] }));
  stub.on('GET', /^\/api\/vhosts\/[^/]+\/permissions$/, (r) => ({ body: [...perms.values()].filter((p) => p.vhost === seg(r.path, 3)) }));
  stub.on('GET', /^\/api\/users\/[^/]+\/permissions$/, (r) =>
    users.has(seg(r.path, 3)) ? { body: [...perms.values()].filter((p) => p.user === seg(r.path, 3)) } : NOT_FOUND,
  );
  // topic permissions
  const mine = (vhost: string, user: string) => topics.filter((t) => t.vhost === vhost && t.user === user);
  stub.on('GET', /^\/api\/topic-permissions\/[^/]+\/[^/]+$/, (r) => {
    const list = mine(seg(r.path, 3), seg(r.path, 4));
    return list.length ? { body: list } : NOT_FOUND;
  });
  stub.on('PUT', /^\/api\/topic-permissions\/[^/]+\/[^/]+$/, (r) => {
    const [vhost, user] = [seg(r.path, 3), seg(r.path, 4)];
    if (!users.has(user) || !vhosts.has(vhost)) return { status: 400, body: { error: 'bad_request', reason: 'vhost_or_user_not_found' } };
    const b = r.body as Record<string, string>;
    if (b.exchange === 'fail-on-put') return { status: 500, body: { error: 'internal', reason: 'boom' } };
    // RabbitMQ 4.3: a topic permission needs its exchange
    if (b.exchange === 'missing-x') return { status: 400, body: { error: 'bad_request', reason: ['no_such_exchange', 'missing-x'] } };
    topics = topics.filter((t) => !(t.vhost === vhost && t.user === user && t.exchange === b.exchange));
    topics.push({ user, vhost, exchange: b.exchange as string, write: b.write as string, read: b.read as string });
    return { status: 204 };
  });
  stub.on('DELETE', /^\/api\/topic-permissions\/[^/]+\/[^/]+$/, (r) => {
    const [vhost, user] = [seg(r.path, 3), seg(r.path, 4)];
    if (!mine(vhost, user).length) return NOT_FOUND;
    topics = topics.filter((t) => !(t.vhost === vhost && t.user === user));
    return { status: 204 };
  });
  stub.on('GET', '/api/topic-permissions', () => ({ body: topics }));
  stub.on('GET', /^\/api\/vhosts\/[^/]+\/topic-permissions$/, (r) => ({ body: topics.filter((t) => t.vhost === seg(r.path, 3)) }));
  stub.on('GET', /^\/api\/users\/[^/]+\/topic-permissions$/, (r) => (users.has(seg(r.path, 3)) ? { body: topics.filter((t) => t.user === seg(r.path, 3)) } : NOT_FOUND));
  return Object.assign(stub, {
    perms,
    topics: () => topics,
    writes: () => stub.requests.filter((q) => q.method !== 'GET').map((q) => `${q.method} ${q.path}`),
    calls: () => stub.requests.map((q) => `${q.method} ${q.path}`),
  });
}

const run = (stub: Stub, argv: string[], env: Record<string, string> = {}) => runInProcess(argv, { env: { RMQX_URL: stub.url, ...env } });

test('permission set: checks the user and vhost, compares, then PUT {configure, write, read}', async (t) => {
  const stub = await permStub();
  t.after(() => stub.close());
  const r = await run(stub, ['permission', 'set', 'alice', '^amq\\.gen.*', '', '.*', '-V', 'shop', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'set', kind: 'permissions', vhost: 'shop', user: 'alice', configure: '^amq\\.gen.*', write: '', read: '.*', changed: true });
  assert.match(r.stderr, /set permissions of user 'alice' in vhost 'shop'/);
  const put = stub.requests.find((q) => q.method === 'PUT');
  assert.equal(put?.path, '/api/permissions/shop/alice');
  assert.deepEqual(put?.body, { configure: '^amq\\.gen.*', write: '', read: '.*' });
  assert.deepEqual(stub.calls().slice(-2), ['GET /api/permissions/shop/alice', 'PUT /api/permissions/shop/alice']);
});

test('permission set: the default vhost / is %2F; RMQX_VHOST is used too', async (t) => {
  const stub = await permStub();
  t.after(() => stub.close());
  const r = await run(stub, ['permission', 'set', 'alice', '.*', '.*', '.*']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.writes(), ['PUT /api/permissions/%2F/alice']);
  const e = await run(stub, ['permission', 'set', 'alice', '.*', '.*', '.*'], { RMQX_VHOST: 'shop' });
  assert.equal(e.code, 0, e.stderr);
  assert.deepEqual(stub.writes(), ['PUT /api/permissions/%2F/alice', 'PUT /api/permissions/shop/alice']);
});

test('permission set: same permissions again → exit 0, nothing changed, no PUT; a different one → PUT', async (t) => {
  const stub = await permStub({ perms: [{ user: 'alice', vhost: 'shop', configure: '', write: 'x', read: '.*' }] });
  t.after(() => stub.close());
  const same = await run(stub, ['permission', 'set', 'alice', '', 'x', '.*', '-V', 'shop', '--json', '--detailed-exitcode']);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).changed, false);
  assert.match(same.stderr, /nothing changed/);
  assert.deepEqual(stub.writes(), []);
  const diff = await run(stub, ['permission', 'set', 'alice', '', 'y', '.*', '-V', 'shop', '--detailed-exitcode']);
  assert.equal(diff.code, 2, diff.stderr);
  assert.deepEqual(stub.writes(), ['PUT /api/permissions/shop/alice']);
});

test('permission set: bad input → 64 naming the problem, before any request', async (t) => {
  const stub = await permStub();
  t.after(() => stub.close());
  const cases: Array<[string[], RegExp]> = [
    [['permission', 'set', 'alice', '(', '.*', '.*'], /the configure pattern '\(' is not a valid regular expression/],
    [['permission', 'set', 'alice', '.*', '[a-', '.*'], /the write pattern '\[a-' is not a valid regular expression/],
    [['permission', 'set', 'alice', '.*', '.*', '*'], /the read pattern '\*' is not a valid regular expression/],
    [['permission', 'set', '', '.*', '.*', '.*'], /user name is empty/],
    [['permission', 'set', 'alice', '.*', '.*'], /missing required argument 'read'/],
    [['permission', 'set', 'alice', '.*', '.*', '.*', '-V', ''], /vhost name is empty/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(stub, argv);
    assert.equal(r.code, 64, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.deepEqual(stub.requests, []);
});

test('permission set: a missing user or vhost → 66 naming which, nothing PUT', async (t) => {
  const stub = await permStub();
  t.after(() => stub.close());
  const user = await run(stub, ['permission', 'set', 'bob', '.*', '.*', '.*', '-V', 'shop']);
  assert.equal(user.code, 66);
  assert.match(user.stderr, /set permissions of user 'bob' in vhost 'shop': user 'bob' does not exist/);
  const vhost = await run(stub, ['permission', 'set', 'alice', '.*', '.*', '.*', '-V', 'nowhere']);
  assert.equal(vhost.code, 66);
  assert.match(vhost.stderr, /vhost 'nowhere' does not exist/);
  const both = await run(stub, ['permission', 'set', 'bob', '.*', '.*', '.*', '-V', 'nowhere']);
  assert.equal(both.code, 66);
  assert.match(both.stderr, /user 'bob' and vhost 'nowhere' do not exist/);
  assert.deepEqual(stub.writes(), []);
});

test("permission set: the broker's 400 vhost_or_user_not_found (a race) is 66 too", async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/users/alice', { body: { name: 'alice' } });
  stub.on('GET', '/api/vhosts/shop', { body: { name: 'shop' } });
  stub.on('PUT', '/api/permissions/shop/alice', { status: 400, body: { error: 'bad_request', reason: 'vhost_or_user_not_found' } });
  const r = await runInProcess(['permission', 'set', 'alice', '.*', '.*', '.*', '-V', 'shop'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 66);
  assert.match(r.stderr, /the user or the vhost does not exist/);
});

test('permission clear: DELETE; a missing one → 66 saying why, or 0 with --if-exists', async (t) => {
  const stub = await permStub({ perms: [{ user: 'alice', vhost: 'shop', configure: '.*', write: '.*', read: '.*' }] });
  t.after(() => stub.close());
  const r = await run(stub, ['permission', 'clear', 'alice', '-V', 'shop', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'cleared', kind: 'permissions', vhost: 'shop', user: 'alice', changed: true });
  assert.deepEqual(stub.writes(), ['DELETE /api/permissions/shop/alice']);
  const again = await run(stub, ['permission', 'clear', 'alice', '-V', 'shop']);
  assert.equal(again.code, 66);
  assert.match(again.stderr, /user 'alice' has no permissions in vhost 'shop'/);
  assert.match(again.stderr, /hint: add --if-exists/);
  const ok = await run(stub, ['permission', 'clear', 'alice', '-V', 'shop', '--if-exists', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).changed, false);
  const nouser = await run(stub, ['permission', 'clear', 'bob', '-V', 'shop']);
  assert.equal(nouser.code, 66);
  assert.match(nouser.stderr, /user 'bob' does not exist/);
  const empty = await run(stub, ['permission', 'clear', '']);
  assert.equal(empty.code, 64);
});

test('permission list: all, -V only when given, --user, both; columns user vhost configure write read', async (t) => {
  const stub = await permStub({
    perms: [
      { user: 'alice', vhost: 'shop', configure: '', write: 'w', read: '.*' },
      { user: 'alice', vhost: '/', configure: '.*', write: '.*', read: '.*' },
    ],
  });
  t.after(() => stub.close());
  const all = await run(stub, ['permissions', 'list']);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout, 'alice\tshop\t\tw\t.*\nalice\t/\t.*\t.*\t.*\n');
  assert.equal(stub.requests.at(-1)?.path, '/api/permissions');
  const v = await run(stub, ['permission', 'list', '-V', 'shop']);
  assert.equal(v.stdout, 'alice\tshop\t\tw\t.*\n');
  assert.equal(stub.requests.at(-1)?.path, '/api/vhosts/shop/permissions');
  const env = await run(stub, ['permission', 'list'], { RMQX_VHOST: '/' });
  assert.equal(stub.requests.at(-1)?.path, '/api/vhosts/%2F/permissions');
  assert.equal(env.stdout, 'alice\t/\t.*\t.*\t.*\n');
  const u = await run(stub, ['permission', 'list', '--user', 'alice', '--json']);
  assert.equal(stub.requests.at(-1)?.path, '/api/users/alice/permissions');
  assert.deepEqual(JSON.parse(u.stdout)[0], { user: 'alice', vhost: 'shop', configure: '', write: 'w', read: '.*' });
  const uv = await run(stub, ['permission', 'list', '--user', 'alice', '-V', '/']);
  assert.equal(uv.stdout, 'alice\t/\t.*\t.*\t.*\n');
  const missing = await run(stub, ['permission', 'list', '--user', 'bob']);
  assert.equal(missing.code, 66);
  const bad = await run(stub, ['permission', 'list', '--user', '']);
  assert.equal(bad.code, 64);
});

test('topic-permission set: PUT {exchange, write, read}; idempotent per exchange', async (t) => {
  const stub = await permStub({ topics: [{ user: 'alice', vhost: 'shop', exchange: 'other', write: '.*', read: '.*' }] });
  t.after(() => stub.close());
  const r = await run(stub, ['topic-permission', 'set', 'alice', 'amq.topic', '^a\\.', '', '-V', 'shop', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'set', kind: 'topic permission', vhost: 'shop', user: 'alice', exchange: 'amq.topic', write: '^a\\.', read: '', changed: true });
  const put = stub.requests.find((q) => q.method === 'PUT');
  assert.equal(put?.path, '/api/topic-permissions/shop/alice');
  assert.deepEqual(put?.body, { exchange: 'amq.topic', write: '^a\\.', read: '' });
  const same = await run(stub, ['topic-permission', 'set', 'alice', 'amq.topic', '^a\\.', '', '-V', 'shop']);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /nothing changed/);
  assert.equal(stub.writes().length, 1);
  const diff = await run(stub, ['topic-permission', 'set', 'alice', 'amq.topic', '^b\\.', '', '-V', 'shop']);
  assert.equal(diff.code, 0, diff.stderr);
  assert.equal(stub.writes().length, 2);
  assert.equal(stub.topics().length, 2);
});

test('topic-permission set on an exchange the broker says does not exist (4.3: 400 ["no_such_exchange", x]) → 66 naming it', async (t) => {
  const stub = await permStub();
  t.after(() => stub.close());
  const r = await run(stub, ['topic-permission', 'set', 'alice', 'missing-x', '^a', '^a', '--json']);
  assert.equal(r.code, 66, r.stderr);
  const [line, hint] = r.stderr.trim().split('\n');
  assert.equal(line, "rmqx: set topic permission of user 'alice' for exchange 'missing-x' in vhost '/': exchange 'missing-x' not found in vhost '/'");
  assert.match(hint ?? '', /exchange to exist first: `rmqx exchange declare NAME --type topic`/);
  assert.equal(r.stdout, '');
  assert.deepEqual(stub.topics(), []);
});

test('topic-permission set: bad input → 64 before any request; missing user/vhost → 66', async (t) => {
  const stub = await permStub();
  t.after(() => stub.close());
  const cases: Array<[string[], RegExp]> = [
    [['topic-permission', 'set', 'alice', '', '.*', '.*'], /exchange name is empty/],
    [['topic-permission', 'set', 'alice', 'amq.topic', '(', '.*'], /the write pattern '\(' is not a valid regular expression/],
    [['topic-permission', 'set', 'alice', 'amq.topic', '.*', '+'], /the read pattern '\+' is not a valid regular expression/],
    [['topic-permission', 'set', '', 'amq.topic', '.*', '.*'], /user name is empty/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(stub, argv);
    assert.equal(r.code, 64, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.deepEqual(stub.requests, []);
  const nouser = await run(stub, ['topic-permission', 'set', 'bob', 'amq.topic', '.*', '.*']);
  assert.equal(nouser.code, 66);
  assert.match(nouser.stderr, /user 'bob' does not exist/);
  const novhost = await run(stub, ['topic-permission', 'set', 'alice', 'amq.topic', '.*', '.*', '-V', 'nowhere']);
  assert.equal(novhost.code, 66);
  assert.match(novhost.stderr, /vhost 'nowhere' does not exist/);
  assert.deepEqual(stub.writes(), []);
});

test('topic-permission clear: all of them with one DELETE; missing → 66 or 0 with --if-exists', async (t) => {
  const stub = await permStub({
    topics: [
      { user: 'alice', vhost: 'shop', exchange: 'a', write: '.*', read: '.*' },
      { user: 'alice', vhost: 'shop', exchange: 'b', write: '.*', read: '.*' },
    ],
  });
  t.after(() => stub.close());
  const r = await run(stub, ['topic-permission', 'clear', 'alice', '-V', 'shop']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.writes(), ['DELETE /api/topic-permissions/shop/alice']);
  assert.deepEqual(stub.topics(), []);
  const again = await run(stub, ['topic-permission', 'clear', 'alice', '-V', 'shop']);
  assert.equal(again.code, 66);
  assert.match(again.stderr, /user 'alice' has no topic permissions in vhost 'shop'/);
  const ok = await run(stub, ['topic-permission', 'clear', 'alice', '-V', 'shop', '--if-exists']);
  assert.equal(ok.code, 0, ok.stderr);
});

test('topic-permission clear --exchange: DELETE all, PUT back the others exactly', async (t) => {
  const stub = await permStub({
    topics: [
      { user: 'alice', vhost: 'shop', exchange: 'a', write: '^a', read: '' },
      { user: 'alice', vhost: 'shop', exchange: 'b', write: '.*', read: 'r' },
      { user: 'alice', vhost: 'shop', exchange: 'c', write: '', read: '' },
      { user: 'alice', vhost: '/', exchange: 'b', write: '.*', read: '.*' },
    ],
  });
  t.after(() => stub.close());
  const r = await run(stub, ['topic-permission', 'clear', 'alice', '--exchange', 'b', '-V', 'shop', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'cleared', kind: 'topic permission', vhost: 'shop', user: 'alice', exchange: 'b', changed: true });
  assert.deepEqual(stub.writes(), ['DELETE /api/topic-permissions/shop/alice', 'PUT /api/topic-permissions/shop/alice', 'PUT /api/topic-permissions/shop/alice']);
  assert.deepEqual(
    stub.requests.filter((q) => q.method === 'PUT').map((q) => q.body),
    [
      { exchange: 'a', write: '^a', read: '' },
      { exchange: 'c', write: '', read: '' },
    ],
  );
  assert.deepEqual(stub.topics().filter((t) => t.vhost === 'shop').map((t) => t.exchange).sort(), ['a', 'c']);
  assert.equal(stub.topics().filter((t) => t.vhost === '/').length, 1, 'other vhosts untouched');
  // the exchange has no entry (any more): 66, or 0 with --if-exists, and nothing deleted
  const before = stub.writes().length;
  const missing = await run(stub, ['topic-permission', 'clear', 'alice', '--exchange', 'b', '-V', 'shop']);
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /user 'alice' has no topic permission for exchange 'b' in vhost 'shop'/);
  const ok = await run(stub, ['topic-permission', 'clear', 'alice', '--exchange', 'b', '-V', 'shop', '--if-exists']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(stub.writes().length, before);
  const bad = await run(stub, ['topic-permission', 'clear', 'alice', '--exchange', '']);
  assert.equal(bad.code, 64);
  assert.equal(stub.writes().length, before);
});

test('topic-permission clear --exchange: when putting the others back fails → exit 3 naming what to restore', async (t) => {
  const stub = await permStub({
    topics: [
      { user: 'alice', vhost: 'shop', exchange: 'gone', write: '.*', read: '.*' },
      { user: 'alice', vhost: 'shop', exchange: 'fail-on-put', write: '^x', read: '^y' },
    ],
  });
  t.after(() => stub.close());
  const r = await run(stub, ['topic-permission', 'clear', 'alice', '--exchange', 'gone', '-V', 'shop']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /could not put back the entries of 'fail-on-put'/);
  assert.match(r.stderr, /hint: restore with: rmqx topic-permission set 'alice' 'fail-on-put' '\^x' '\^y' -V 'shop'/);
});

test('topic-permission list: all, -V when given, --user; columns user vhost exchange write read', async (t) => {
  const stub = await permStub({
    topics: [
      { user: 'alice', vhost: 'shop', exchange: 'amq.topic', write: '^a', read: '' },
      { user: 'alice', vhost: '/', exchange: 'x', write: '.*', read: '.*' },
    ],
  });
  t.after(() => stub.close());
  const all = await run(stub, ['topic-permissions', 'list']);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout, 'alice\tshop\tamq.topic\t^a\t\nalice\t/\tx\t.*\t.*\n');
  assert.equal(stub.requests.at(-1)?.path, '/api/topic-permissions');
  const v = await run(stub, ['topic-permission', 'list', '-V', 'shop', '--json']);
  assert.equal(stub.requests.at(-1)?.path, '/api/vhosts/shop/topic-permissions');
  assert.deepEqual(JSON.parse(v.stdout), [{ user: 'alice', vhost: 'shop', exchange: 'amq.topic', write: '^a', read: '' }]);
  const u = await run(stub, ['topic-permission', 'list', '--user', 'alice', '-V', '/']);
  assert.equal(stub.requests.at(-1)?.path, '/api/users/alice/topic-permissions');
  assert.equal(u.stdout, 'alice\t/\tx\t.*\t.*\n');
  const missing = await run(stub, ['topic-permission', 'list', '--user', 'bob']);
  assert.equal(missing.code, 66);
});
