import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import amqplib, { type ChannelModel } from 'amqplib';
import { BROKER, api, dropVhost, freshVhost, rmqx, unique, until } from '../helpers/cli.js';

let vhost = '';
const user = unique('conn-user');
const password = unique('pw');
const tag = unique('bulk');
const opened: ChannelModel[] = [];
const enc = encodeURIComponent;

interface Conn {
  name: string;
  user: string;
  client_properties?: { connection_name?: string };
}

/** A connection named `rmqx-test <clientName>`, as `as` (guest or the test user); resolves with its close reason. */
async function open(clientName: string, as: 'guest' | 'user' = 'guest'): Promise<{ conn: ChannelModel; closed: Promise<string> }> {
  const u = new URL(`${BROKER.amqpUrl}/${enc(vhost)}`);
  if (as === 'user') {
    u.username = user;
    u.password = password;
  }
  const conn = await amqplib.connect(u.toString(), { clientProperties: { connection_name: clientName } });
  conn.on('error', () => {});
  opened.push(conn);
  const closed = new Promise<string>((resolve) => conn.once('close', (err?: Error) => resolve(err?.message ?? '')));
  return { conn, closed };
}

/** The broker's connections with a client name starting with `prefix`, once there are `n` of them. */
async function listed(prefix: string, n: number): Promise<Conn[]> {
  return until(async () => {
    const all = (await api('GET', `/api/vhosts/${enc(vhost)}/connections`)).body as Conn[];
    const ours = all.filter((c) => c.client_properties?.connection_name?.startsWith(prefix));
    return ours.length === n ? ours : undefined;
  }, `${n} connections named ${prefix}*`);
}

before(async () => {
  vhost = await freshVhost('conns');
  await api('PUT', `/api/users/${enc(user)}`, { password, tags: '' });
  await api('PUT', `/api/permissions/${enc(vhost)}/${enc(user)}`, { configure: '.*', write: '.*', read: '.*' });
});
after(async () => {
  for (const c of opened) await c.close().catch(() => {});
  await api('DELETE', `/api/users/${enc(user)}`);
  await dropVhost(vhost);
});

test('connection list --user: only that user\'s connections', async () => {
  const u = await open(`${tag}-list-u`, 'user');
  const g = await open(`${tag}-list-g`);
  await listed(`${tag}-list`, 2);
  const r = await rmqx(['connection', 'list', '--user', user, '--json', '-V', vhost]);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Conn[];
  assert.ok(rows.length >= 1 && rows.every((c) => c.user === user), JSON.stringify(rows.map((c) => c.user)));
  const none = await rmqx(['connection', 'list', '--user', 'nobody-here', '--json']);
  assert.deepEqual(JSON.parse(none.stdout), []);
  assert.equal((await rmqx(['connection', 'list', '--user', ''])).code, 64);
  await u.conn.close();
  await g.conn.close();
  await listed(`${tag}-list`, 0);
});

test('connection close --user: lists what it closes; needs --yes off a terminal; --dry-run closes nothing; then closes them with the reason', async () => {
  const a = await open(`${tag}-u1`, 'user');
  const b = await open(`${tag}-u2`, 'user');
  const g = await open(`${tag}-g1`);
  const ours = await listed(`${tag}-u`, 2);
  await listed(`${tag}-g`, 1);

  const refused = await rmqx(['connection', 'close', '--user', user, '-V', vhost]);
  assert.equal(refused.code, 64, refused.stderr);
  assert.match(refused.stderr, /refusing without --yes when not on a terminal/);
  for (const c of ours) assert.match(refused.stderr, new RegExp(c.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the list comes first');

  const dry = await rmqx(['connection', 'close', '--user', user, '--dry-run', '-V', vhost]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.deepEqual(dry.stdout.trim().split('\n').sort(), ours.map((c) => c.name).sort());
  assert.match(dry.stderr, /would close 2 connections of user/);
  await listed(`${tag}-u`, 2);

  const r = await rmqx(['connection', 'close', '--user', user, '--reason', 'maintenance now', '--yes', '--json', '-V', vhost]);
  assert.equal(r.code, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc.closed.sort(), ours.map((c) => c.name).sort());
  assert.deepEqual(doc.failed, []);
  for (const c of [a, b]) assert.match(await c.closed, /maintenance now/);
  // the guest connection is still open
  await listed(`${tag}-g`, 1);
  assert.ok(g.conn);
  const again = await rmqx(['connection', 'close', '--user', user, '--yes', '-V', vhost]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /nothing to close/);
});

test('connection close --name-regex: matches the name or the client-provided name', async () => {
  const x = await open(`${tag}-rx-1`);
  const y = await open(`${tag}-rx-2`);
  await open(`${tag}-keep`);
  await listed(`${tag}-rx`, 2);
  const r = await rmqx(['connection', 'close', '--name-regex', `^${tag}-rx-`, '--yes', '--detailed-exitcode', '-V', vhost]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /closed 2 of 2 connections matching/);
  await x.closed;
  await y.closed;
  await listed(`${tag}-keep`, 1);
});

test('connection close NAME: one by name; missing is 66, 0 with --if-exists; bad combinations are 64', async () => {
  const c = await open(`${tag}-one`);
  const [row] = await listed(`${tag}-one`, 1);
  const r = await rmqx(['connection', 'close', (row as Conn).name, '--reason', 'bye']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(await c.closed, /bye/);
  const missing = await rmqx(['connection', 'close', 'no such connection']);
  assert.equal(missing.code, 66, missing.stderr);
  assert.equal((await rmqx(['connection', 'close', 'no such connection', '--if-exists'])).code, 0);
  for (const args of [[], ['x', '--user', 'u'], ['--user', 'u', '--name-regex', 'x'], ['--name-regex', '('], ['x', '--dry-run'], ['--user', 'u', '--if-exists'], ['x', '--reason', 'é']]) {
    const bad = await rmqx(['connection', 'close', ...args], { env: { RMQX_URL: 'http://127.0.0.1:1' } });
    assert.equal(bad.code, 64, `${args.join(' ')}: ${bad.stderr}`);
  }
});
