import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, dropVhost, freshVhost, requireBroker, rmqx, unique } from '../helpers/cli.js';

let vhost = '';
let other = '';
const users: string[] = [];

/** A user made through the API directly, deleted after the file. */
async function makeUser(): Promise<string> {
  const name = unique('rmqx-p');
  users.push(name);
  const r = await api('PUT', `/api/users/${encodeURIComponent(name)}`, { password: unique('pw'), tags: '' });
  assert.ok(r.status === 201 || r.status === 204, `create user: ${r.status}`);
  return name;
}

/** A topic exchange made through the API directly (RabbitMQ 4.3 needs one before its topic permission). */
async function makeExchange(v: string, name: string): Promise<void> {
  const r = await api('PUT', `/api/exchanges/${encodeURIComponent(v)}/${encodeURIComponent(name)}`, { type: 'topic', durable: true });
  assert.ok(r.status === 201 || r.status === 204, `create exchange: ${r.status}`);
}

before(async () => {
  requireBroker();
  vhost = await freshVhost('perm');
  other = await freshVhost('perm2');
  for (const x of ['events', 'a', 'b', 'c', 'only']) await makeExchange(vhost, x);
});

after(async () => {
  for (const u of users) await api('DELETE', `/api/users/${encodeURIComponent(u)}`).catch(() => {});
  await dropVhost(vhost);
  await dropVhost(other);
});

const enc = encodeURIComponent;
const getPerm = (v: string, u: string) => api('GET', `/api/permissions/${enc(v)}/${enc(u)}`);
const getTopic = (v: string, u: string) => api('GET', `/api/topic-permissions/${enc(v)}/${enc(u)}`);

test('permission set: sets, is idempotent, updates when different; empty patterns are allowed', async () => {
  const user = await makeUser();
  const r = await rmqx(['permission', 'set', user, '^tmp-', '', '.*', '-V', vhost]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`set permissions of user '${user}' in vhost '${vhost}'`));
  assert.deepEqual((await getPerm(vhost, user)).body, { user, vhost, configure: '^tmp-', write: '', read: '.*' });

  const same = await rmqx(['permission', 'set', user, '^tmp-', '', '.*', '-V', vhost, '--json', '--detailed-exitcode']);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /nothing changed/);
  assert.deepEqual(JSON.parse(same.stdout), { action: 'set', kind: 'permissions', vhost, user, configure: '^tmp-', write: '', read: '.*', changed: false });

  const diff = await rmqx(['permission', 'set', user, '.*', '.*', '.*', '-V', vhost, '--detailed-exitcode']);
  assert.equal(diff.code, 2, diff.stderr);
  assert.deepEqual((await getPerm(vhost, user)).body, { user, vhost, configure: '.*', write: '.*', read: '.*' });

  // RMQX_VHOST picks the vhost as -V does
  const env = await rmqx(['permission', 'set', user, '', '', '', '--json'], { env: { RMQX_VHOST: other } });
  assert.equal(env.code, 0, env.stderr);
  assert.deepEqual((await getPerm(other, user)).body, { user, vhost: other, configure: '', write: '', read: '' });
});

test('permission set: a bad pattern → 64 naming which, and the broker is unchanged', async () => {
  const user = await makeUser();
  assert.equal((await rmqx(['permission', 'set', user, 'c', 'w', 'r', '-V', vhost])).code, 0);
  const cases: Array<[string[], RegExp]> = [
    [[user, '(', '.*', '.*'], /the configure pattern '\(' is not a valid regular expression/],
    [[user, '.*', '[z-a]', '.*'], /the write pattern '\[z-a\]' is not a valid regular expression/],
    [[user, '.*', '.*', '?'], /the read pattern '\?' is not a valid regular expression/],
    [['', '.*', '.*', '.*'], /user name is empty/],
  ];
  for (const [args, message] of cases) {
    const r = await rmqx(['permission', 'set', ...args, '-V', vhost]);
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.deepEqual((await getPerm(vhost, user)).body, { user, vhost, configure: 'c', write: 'w', read: 'r' });
});

test('permission set: a missing user or vhost → 66 naming which; nothing is created', async () => {
  const user = await makeUser();
  const ghost = unique('ghost');
  const noUser = await rmqx(['permission', 'set', ghost, '.*', '.*', '.*', '-V', vhost]);
  assert.equal(noUser.code, 66);
  assert.match(noUser.stderr, new RegExp(`user '${ghost}' does not exist`));
  assert.equal((await getPerm(vhost, ghost)).status, 404);
  const noVhost = await rmqx(['permission', 'set', user, '.*', '.*', '.*', '-V', ghost]);
  assert.equal(noVhost.code, 66);
  assert.match(noVhost.stderr, new RegExp(`vhost '${ghost}' does not exist`));
  assert.equal((await api('GET', `/api/users/${enc(user)}/permissions`)).body.length, 0);
});

test('permission list: every permission, -V when given, --user; columns user vhost configure write read', async () => {
  const user = await makeUser();
  assert.equal((await rmqx(['permission', 'set', user, '', 'w', '.*', '-V', vhost])).code, 0);
  assert.equal((await rmqx(['permission', 'set', user, '.*', '.*', '.*', '-V', other])).code, 0);

  const all = await rmqx(['permissions', 'list']);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, new RegExp(`^${user}\\t${vhost}\\t\\tw\\t\\.\\*$`, 'm'));
  assert.match(all.stdout, new RegExp(`^${user}\\t${other}\\t`, 'm'));
  assert.match(all.stdout, /^guest\t\/\t/m, 'without -V every vhost is listed');

  const inVhost = await rmqx(['permission', 'list', '-V', vhost]);
  assert.equal(inVhost.code, 0, inVhost.stderr);
  const rows = inVhost.stdout.trim().split('\n');
  assert.ok(rows.every((l) => l.split('\t')[1] === vhost), inVhost.stdout);
  assert.ok(rows.some((l) => l.startsWith(`${user}\t`)), inVhost.stdout);

  const mine = await rmqx(['permission', 'list', '--user', user, '--json']);
  assert.equal(mine.code, 0, mine.stderr);
  const docs = JSON.parse(mine.stdout) as Array<Record<string, string>>;
  assert.deepEqual(docs.map((d) => d.vhost).sort(), [vhost, other].sort());
  assert.deepEqual(docs.find((d) => d.vhost === vhost), { user, vhost, configure: '', write: 'w', read: '.*' });

  const mineHere = await rmqx(['permission', 'list', '--user', user, '-V', other]);
  assert.equal(mineHere.stdout, `${user}\t${other}\t.*\t.*\t.*\n`);

  const ghost = await rmqx(['permission', 'list', '--user', unique('ghost')]);
  assert.equal(ghost.code, 66);
});

test('permission clear: removes; again → 66; --if-exists → 0', async () => {
  const user = await makeUser();
  assert.equal((await rmqx(['permission', 'set', user, '.*', '.*', '.*', '-V', vhost])).code, 0);
  const r = await rmqx(['permission', 'clear', user, '-V', vhost]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`cleared permissions of user '${user}' in vhost '${vhost}'`));
  assert.equal((await getPerm(vhost, user)).status, 404);
  const again = await rmqx(['permission', 'clear', user, '-V', vhost]);
  assert.equal(again.code, 66);
  assert.match(again.stderr, new RegExp(`user '${user}' has no permissions in vhost '${vhost}'`));
  const ok = await rmqx(['permission', 'clear', user, '-V', vhost, '--if-exists', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).changed, false);
  const ghost = await rmqx(['permission', 'clear', unique('ghost'), '-V', vhost]);
  assert.equal(ghost.code, 66);
  assert.match(ghost.stderr, /does not exist/);
});

test('topic-permission set: per exchange, idempotent, updates; bad input → 64 with the broker unchanged', async () => {
  const user = await makeUser();
  const r = await rmqx(['topic-permission', 'set', user, 'amq.topic', '^a\\.', '', '-V', vhost]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await rmqx(['topic-permission', 'set', user, 'events', '.*', '^b', '-V', vhost])).code, 0);
  const byExchange = () => getTopic(vhost, user).then((x) => Object.fromEntries((x.body as Array<Record<string, string>>).map((p) => [p.exchange, [p.write, p.read]])));
  assert.deepEqual(await byExchange(), { 'amq.topic': ['^a\\.', ''], events: ['.*', '^b'] });

  const same = await rmqx(['topic-permission', 'set', user, 'amq.topic', '^a\\.', '', '-V', vhost, '--json']);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).changed, false);
  assert.match(same.stderr, /nothing changed/);

  const diff = await rmqx(['topic-permission', 'set', user, 'amq.topic', '^c', '^d', '-V', vhost]);
  assert.equal(diff.code, 0, diff.stderr);
  assert.deepEqual(await byExchange(), { 'amq.topic': ['^c', '^d'], events: ['.*', '^b'] });

  for (const args of [[user, 'amq.topic', '(', '.*'], [user, 'amq.topic', '.*', '*x'], [user, '', '.*', '.*']]) {
    const bad = await rmqx(['topic-permission', 'set', ...args, '-V', vhost]);
    assert.equal(bad.code, 64, `${args.join(' ')}: ${bad.stderr}`);
  }
  assert.deepEqual(await byExchange(), { 'amq.topic': ['^c', '^d'], events: ['.*', '^b'] });

  const ghost = unique('ghost');
  const noUser = await rmqx(['topic-permission', 'set', ghost, 'amq.topic', '.*', '.*', '-V', vhost]);
  assert.equal(noUser.code, 66);
  assert.match(noUser.stderr, new RegExp(`user '${ghost}' does not exist`));
  const noVhost = await rmqx(['topic-permission', 'set', user, 'amq.topic', '.*', '.*', '-V', ghost]);
  assert.equal(noVhost.code, 66);
  assert.match(noVhost.stderr, new RegExp(`vhost '${ghost}' does not exist`));
});

test('topic-permission set on a missing exchange: set as asked, or (where the broker needs it to exist) 66 naming it', async () => {
  const user = await makeUser();
  const x = unique('no-such-x');
  const r = await rmqx(['topic-permission', 'set', user, x, '^a', '^a', '-V', vhost]);
  const stored = ((await getTopic(vhost, user)).body as Array<Record<string, string>> | undefined) ?? [];
  if (r.code === 0) {
    // a broker that keeps a topic permission for an exchange not declared yet (3.x)
    assert.deepEqual(stored.map((p) => [p.exchange, p.write, p.read]), [[x, '^a', '^a']]);
  } else {
    // 4.3 answers 400 ["no_such_exchange", x]: a missing object, not the raw tuple
    assert.equal(r.code, 66, r.stderr);
    assert.match(r.stderr, new RegExp(`^rmqx: .*: exchange '${x}' not found in vhost '${vhost}'$`, 'm'));
    assert.doesNotMatch(r.stderr, /no_such_exchange/);
    assert.ok(!Array.isArray(stored) || stored.length === 0, 'nothing set');
  }
});

test('topic-permission list: all, -V when given, --user; columns user vhost exchange write read', async () => {
  const user = await makeUser();
  assert.equal((await rmqx(['topic-permission', 'set', user, 'amq.topic', '^x', '', '-V', vhost])).code, 0);
  assert.equal((await rmqx(['topic-permission', 'set', user, 'amq.topic', '.*', '.*', '-V', other])).code, 0);
  const all = await rmqx(['topic-permissions', 'list']);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, new RegExp(`^${user}\\t${vhost}\\tamq\\.topic\\t\\^x\\t$`, 'm'));
  assert.match(all.stdout, new RegExp(`^${user}\\t${other}\\tamq\\.topic\\t`, 'm'));
  const inVhost = await rmqx(['topic-permission', 'list', '-V', vhost, '--json']);
  const docs = JSON.parse(inVhost.stdout) as Array<Record<string, string>>;
  assert.ok(docs.every((d) => d.vhost === vhost), inVhost.stdout);
  assert.deepEqual(docs.find((d) => d.user === user), { user, vhost, exchange: 'amq.topic', write: '^x', read: '' });
  const mine = await rmqx(['topic-permission', 'list', '--user', user]);
  assert.equal(mine.stdout.trim().split('\n').length, 2, mine.stdout);
  const mineHere = await rmqx(['topic-permission', 'list', '--user', user, '-V', other]);
  assert.equal(mineHere.stdout, `${user}\t${other}\tamq.topic\t.*\t.*\n`);
});

test('topic-permission clear: --exchange removes one entry and keeps the others; without it all; --if-exists', async () => {
  const user = await makeUser();
  for (const [x, w, r] of [['a', '^a', ''], ['b', '.*', '^b'], ['c', '', '']]) {
    assert.equal((await rmqx(['topic-permission', 'set', user, x as string, w as string, r as string, '-V', vhost])).code, 0);
  }
  const one = await rmqx(['topic-permission', 'clear', user, '--exchange', 'b', '-V', vhost]);
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stderr, new RegExp(`cleared topic permission for exchange 'b' of user '${user}' in vhost '${vhost}'`));
  const left = (await getTopic(vhost, user)).body as Array<Record<string, string>>;
  assert.deepEqual(
    left.map((p) => [p.exchange, p.write, p.read]).sort(),
    [
      ['a', '^a', ''],
      ['c', '', ''],
    ],
  );
  const gone = await rmqx(['topic-permission', 'clear', user, '--exchange', 'b', '-V', vhost]);
  assert.equal(gone.code, 66);
  assert.match(gone.stderr, /has no topic permission for exchange 'b'/);
  const goneOk = await rmqx(['topic-permission', 'clear', user, '--exchange', 'b', '-V', vhost, '--if-exists']);
  assert.equal(goneOk.code, 0, goneOk.stderr);
  assert.equal(((await getTopic(vhost, user)).body as unknown[]).length, 2, 'nothing else removed');

  const all = await rmqx(['topic-permission', 'clear', user, '-V', vhost]);
  assert.equal(all.code, 0, all.stderr);
  assert.equal((await getTopic(vhost, user)).status, 404);
  const again = await rmqx(['topic-permission', 'clear', user, '-V', vhost]);
  assert.equal(again.code, 66);
  const ok = await rmqx(['topic-permission', 'clear', user, '-V', vhost, '--if-exists']);
  assert.equal(ok.code, 0, ok.stderr);
  // the last entry removed with --exchange leaves none
  assert.equal((await rmqx(['topic-permission', 'set', user, 'only', '.*', '.*', '-V', vhost])).code, 0);
  assert.equal((await rmqx(['topic-permission', 'clear', user, '--exchange', 'only', '-V', vhost])).code, 0);
  assert.equal((await getTopic(vhost, user)).status, 404);
});
