import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { startStub, type Recorded, type Stub } from '../helpers/stub-server.js';
import { runInProcess } from '../helpers/memory-io.js';
import { hashPassword, verifyPassword, type HashingAlgorithm } from '../../src/crypto/password-hash.js';
import { main } from '../../src/main.js';
import type { Io } from '../../src/io.js';

interface StoredUser {
  name: string;
  password_hash: string;
  hashing_algorithm: string;
  tags: string[];
  limits: Record<string, unknown>;
}

/** A stub that keeps users like the broker does (PUT with password → salted SHA-256). */
async function userStub(initial: StoredUser[] = []): Promise<Stub & { users: Map<string, StoredUser>; writes(): Recorded[] }> {
  const stub = await startStub();
  const users = new Map(initial.map((u) => [u.name, u]));
  const nameOf = (p: string) => decodeURIComponent(p.split('/')[3] ?? '');
  stub.on('GET', '/api/users', () => ({ body: [...users.values()] }));
  stub.on('GET', /^\/api\/users\/[^/]+$/, (req) => {
    const u = users.get(nameOf(req.path));
    return u ? { body: u } : { status: 404, body: { error: 'Object Not Found', reason: 'Not Found' } };
  });
  stub.on('PUT', /^\/api\/users\/[^/]+$/, (req) => {
    const name = nameOf(req.path);
    const b = req.body as Record<string, string>;
    const existed = users.has(name);
    users.set(name, {
      name,
      password_hash: b.password !== undefined ? hashPassword(b.password) : (b.password_hash ?? ''),
      hashing_algorithm: b.hashing_algorithm ?? 'rabbit_password_hashing_sha256',
      tags: (b.tags ?? '').split(',').filter(Boolean),
      limits: {},
    });
    return { status: existed ? 204 : 201 };
  });
  stub.on('DELETE', /^\/api\/users\/[^/]+$/, (req) => {
    return users.delete(nameOf(req.path)) ? { status: 204 } : { status: 404, body: { error: 'Object Not Found', reason: 'Not Found' } };
  });
  return Object.assign(stub, { users, writes: () => stub.requests.filter((r) => r.method !== 'GET') });
}

function stored(name: string, password: string, tags: string[] = [], alg: HashingAlgorithm = 'rabbit_password_hashing_sha256'): StoredUser {
  return { name, password_hash: password === '' ? '' : hashPassword(password, alg), hashing_algorithm: alg, tags, limits: {} };
}

const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;

function noSecret(r: { stdout: string; stderr: string }, ...secrets: string[]): void {
  for (const s of secrets) {
    assert.ok(!r.stdout.includes(s), `stdout must not contain the secret: ${r.stdout}`);
    assert.ok(!r.stderr.includes(s), `stderr must not contain the secret: ${r.stderr}`);
  }
}

test('user add: new user from --password-stdin: GET then PUT {password, tags}; the password is never printed', async (t) => {
  const stub = await userStub();
  t.after(() => stub.close());
  const r = await runInProcess(['user', 'add', 'alice', '--password-stdin', '--tags', 'monitoring,management'], { env: { RMQX_URL: stub.url }, stdin: 'S3cret-pw\r\nsecond line\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /added user 'alice'/);
  noSecret(r, 'S3cret-pw');
  assert.deepEqual(
    stub.requests.map((q) => `${q.method} ${q.path}`),
    ['GET /api/users/alice', 'PUT /api/users/alice'],
  );
  assert.deepEqual(stub.writes()[0]?.body, { password: 'S3cret-pw', tags: 'monitoring,management' });
  assert.equal(stub.writes()[0]?.headers.authorization, basic('guest', 'guest'));
});

test('user add --json: one outcome document with API field names, no secret', async (t) => {
  const stub = await userStub();
  t.after(() => stub.close());
  const r = await runInProcess(['user', 'add', 'bob', '--password-stdin', '--json'], { env: { RMQX_URL: stub.url }, stdin: 'pw-of-bob\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'added', kind: 'user', name: 'bob', changed: true, tags: [] });
  noSecret(r, 'pw-of-bob');
});

test('user add: existing user with the same password and tags → exit 0, nothing changed, no PUT', async (t) => {
  const stub = await userStub([stored('alice', 'pw1', ['b', 'a'])]);
  t.after(() => stub.close());
  const r = await runInProcess(['user', 'add', 'alice', '--password-stdin', '--tags', 'a,b', '--json'], { env: { RMQX_URL: stub.url }, stdin: 'pw1' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).changed, false);
  assert.match(r.stderr, /nothing changed/);
  assert.deepEqual(stub.writes(), []);
  // --detailed-exitcode stays 0 when nothing changed
  const d = await runInProcess(['user', 'add', 'alice', '--password-stdin', '--detailed-exitcode'], { env: { RMQX_URL: stub.url }, stdin: 'pw1\n' });
  assert.equal(d.code, 0, d.stderr);
  assert.deepEqual(stub.writes(), []);
});

test('user add: a different password → PUT {password} keeping the tags; reports the password changed', async (t) => {
  const stub = await userStub([stored('alice', 'old', ['monitoring'])]);
  t.after(() => stub.close());
  const r = await runInProcess(['user', 'add', 'alice', '--password-stdin', '--json', '--detailed-exitcode'], { env: { RMQX_URL: stub.url }, stdin: 'new-pw\n' });
  assert.equal(r.code, 2, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual(doc, { action: 'updated', kind: 'user', name: 'alice', changed: true, updated: ['password'], tags: ['monitoring'] });
  assert.match(r.stderr, /updated user 'alice': password/);
  assert.deepEqual(stub.writes().map((w) => w.body), [{ password: 'new-pw', tags: 'monitoring' }]);
  assert.equal(verifyPassword('new-pw', stub.users.get('alice')!.password_hash, 'rabbit_password_hashing_sha256'), true);
  noSecret(r, 'new-pw');
});

test('user add: same password, other tags → PUT keeps the stored hash and algorithm, sets the tags', async (t) => {
  const u = stored('carol', 'pw', ['monitoring'], 'rabbit_password_hashing_sha512');
  const stub = await userStub([u]);
  t.after(() => stub.close());
  const r = await runInProcess(['user', 'add', 'carol', '--password-stdin', '--tags', 'administrator'], { env: { RMQX_URL: stub.url }, stdin: 'pw\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /updated user 'carol': tags/);
  assert.doesNotMatch(r.stderr, /password/);
  assert.deepEqual(stub.writes().map((w) => w.body), [{ password_hash: u.password_hash, hashing_algorithm: 'rabbit_password_hashing_sha512', tags: 'administrator' }]);
});

test('user add: password and tags both differ → one PUT, both reported', async (t) => {
  const stub = await userStub([stored('dave', 'a', ['x'])]);
  t.after(() => stub.close());
  const r = await runInProcess(['user', 'add', 'dave', '--password-stdin', '--tags', 'y', '--json'], { env: { RMQX_URL: stub.url }, stdin: 'b\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).updated, ['password', 'tags']);
  assert.deepEqual(stub.writes().map((w) => w.body), [{ password: 'b', tags: 'y' }]);
});

test("user add --tags '' clears the tags of an existing user", async (t) => {
  const stub = await userStub([stored('erin', 'pw', ['monitoring'])]);
  t.after(() => stub.close());
  const r = await runInProcess(['user', 'add', 'erin', '--password-stdin', '--tags', ''], { env: { RMQX_URL: stub.url }, stdin: 'pw\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((stub.writes()[0]?.body as { tags: string }).tags, '');
});

test('user add --password-hash: sent as password_hash with rabbit_password_hashing_sha256; same hash again is a no-op', async (t) => {
  const stub = await userStub();
  t.after(() => stub.close());
  const hash = hashPassword('hashed-pw');
  const r = await runInProcess(['user', 'add', 'frank', '--password-hash', hash, '--tags', 'monitoring'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.writes()[0]?.body, { password_hash: hash, hashing_algorithm: 'rabbit_password_hashing_sha256', tags: 'monitoring' });
  const again = await runInProcess(['user', 'add', 'frank', '--password-hash', hash, '--tags', 'monitoring'], { env: { RMQX_URL: stub.url } });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /nothing changed/);
  assert.equal(stub.writes().length, 1);
  // another hash of the same password is a different hash string: updated
  const other = await runInProcess(['user', 'add', 'frank', '--password-hash', hashPassword('hashed-pw')], { env: { RMQX_URL: stub.url } });
  assert.equal(other.code, 0, other.stderr);
  assert.match(other.stderr, /updated user 'frank': password/);
  assert.equal(stub.writes().length, 2);
});

test('user add --no-password sends password_hash "" and is idempotent', async (t) => {
  const stub = await userStub();
  t.after(() => stub.close());
  const r = await runInProcess(['user', 'add', 'cert-user', '--no-password'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.writes()[0]?.body, { password_hash: '', tags: '' });
  // the connection still authenticates with the default password, not "false"
  assert.equal(stub.writes()[0]?.headers.authorization, basic('guest', 'guest'));
  const again = await runInProcess(['user', 'add', 'cert-user', '--no-password'], { env: { RMQX_URL: stub.url } });
  assert.equal(again.code, 0);
  assert.match(again.stderr, /nothing changed/);
  assert.equal(stub.writes().length, 1);
});

test('user add --no-password with the connection\'s -p after the verb: both hold (a switch of its own, not the negation of --password)', async (t) => {
  const stub = await userStub();
  t.after(() => stub.close());
  const r = await runInProcess(['user', 'add', 'cert-user', '--no-password', '-p', 'admin-secret'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.writes()[0]?.body, { password_hash: '', tags: '' });
  assert.equal(stub.writes()[0]?.headers.authorization, basic('guest', 'admin-secret'));
  const before = await runInProcess(['user', 'add', 'cert-2', '-p', 'admin-secret', '--no-password'], { env: { RMQX_URL: stub.url } });
  assert.equal(before.code, 0, before.stderr);
  assert.equal(stub.writes()[1]?.headers.authorization, basic('guest', 'admin-secret'));
});

test('user add --password-file: first line of the file, relative to the cwd; the connection keeps its own password', async (t) => {
  const stub = await userStub();
  t.after(() => stub.close());
  const dir = mkdtempSync(join(tmpdir(), 'rmqx-user-'));
  writeFileSync(join(dir, 'new.txt'), 'file-pw\nnot this\n', { mode: 0o600 });
  writeFileSync(join(dir, 'conn.txt'), 'conn-pw\n', { mode: 0o600 });
  const r = await runInProcess(['user', 'add', 'gina', '--password-file', 'new.txt'], { env: { RMQX_URL: stub.url }, cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.writes()[0]?.body, { password: 'file-pw', tags: '' });
  assert.equal(stub.writes()[0]?.headers.authorization, basic('guest', 'guest'));
  // before the noun, --password-file is the connection's; after the verb, the new user's
  const both = await runInProcess(['--password-file', join(dir, 'conn.txt'), 'user', 'add', 'hank', '--password-file', join(dir, 'new.txt')], { env: { RMQX_URL: stub.url } });
  assert.equal(both.code, 0, both.stderr);
  const put = stub.writes()[1];
  assert.equal(put?.headers.authorization, basic('guest', 'conn-pw'));
  assert.deepEqual(put?.body, { password: 'file-pw', tags: '' });
  noSecret(both, 'file-pw', 'conn-pw');
});

test('user add: bad input → exit 64 (or 65/66 for the password file) before any request', async (t) => {
  const stub = await userStub();
  t.after(() => stub.close());
  const env = { RMQX_URL: stub.url };
  const cases: Array<[string[], number, RegExp, string?]> = [
    [['user', 'add', 'x'], 64, /no password given, and not on a terminal/],
    [['user', 'add', 'x', '--password-stdin', '--password-hash', hashPassword('a')], 64, /--password-stdin and --password-hash cannot be combined/, 'pw\n'],
    [['user', 'add', 'x', '--password-file', '/nonexistent/pw', '--no-password'], 64, /cannot be combined/],
    [['user', 'add', 'x', '--password-hash', 'abc'], 64, /--password-hash: not a salted SHA-256 hash/],
    [['user', 'add', 'x', '--password', 'cleartext'], 64, /no password given/],
    [['user', 'add', '', '--no-password'], 64, /user name is empty/],
    [['user', 'add', 'x', '--password-file', '/nonexistent/pw'], 66, /password file '\/nonexistent\/pw' does not exist/],
    [['user', 'add', 'x', '--password-stdin'], 65, /first line of stdin is empty/, '\n'],
  ];
  for (const [argv, code, message, stdin] of cases) {
    const r = await runInProcess(argv, { env, stdin });
    assert.equal(r.code, code, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, argv.join(' '));
  }
  const hint = await runInProcess(['user', 'add', 'x'], { env });
  assert.match(hint.stderr, /hint: give it with --password-stdin, --password-file FILE, --password-hash HASH or --no-password/);
  assert.deepEqual(stub.requests, [], 'no request may be sent for bad input');
  assert.equal(stub.users.size, 0);
});

/**
 * An Io on a "terminal": each answer is typed only once its prompt (a line ending in ': ') is
 * on stderr, as a person would. (prompt.ts reads a chunk up to Enter and drops the rest, so
 * answers typed ahead in one chunk would be lost.)
 */
function ttyIo(answers: string[]): { io: Io; out: () => string; err: () => string } {
  const stdin = new PassThrough();
  const pending = [...answers];
  const sink = (onWrite?: (text: string) => void) => {
    const parts: Buffer[] = [];
    const w = new Writable({
      write(c: Buffer, _e, cb) {
        parts.push(Buffer.from(c));
        onWrite?.(Buffer.from(c).toString('utf8'));
        cb();
      },
    });
    return { w, text: () => Buffer.concat(parts).toString('utf8') };
  };
  const stdout = sink();
  const stderr = sink((text) => {
    if (text.endsWith(': ') && pending.length) {
      const next = pending.shift() as string;
      setImmediate(() => stdin.write(next));
    }
  });
  const io: Io = {
    stdin,
    stdout: stdout.w,
    stderr: stderr.w,
    stdinIsTTY: true,
    stdoutIsTTY: true,
    stderrIsTTY: true,
    columns: 100,
    cwd: process.cwd(),
    interrupted: new Promise(() => {}),
  };
  return { io, out: stdout.text, err: stderr.text };
}

test('user add on a terminal asks twice (hidden) and never shows the password', async (t) => {
  const stub = await userStub();
  t.after(() => stub.close());
  const { io, out, err } = ttyIo(['tty-secret\r', 'tty-secret\r']);
  const code = await main(['user', 'add', 'ivy', '--tags', 'management'], io, { HOME: '/nonexistent-home', RMQX_URL: stub.url, NO_COLOR: '1' });
  assert.equal(code, 0, err());
  assert.match(err(), /password for user 'ivy': \npassword for user 'ivy' \(again\): \n/);
  assert.match(err(), /added user 'ivy'/);
  noSecret({ stdout: out(), stderr: err() }, 'tty-secret');
  assert.deepEqual(stub.writes()[0]?.body, { password: 'tty-secret', tags: 'management' });
});

test('user add on a terminal: two different entries → 64, nothing sent', async (t) => {
  const stub = await userStub();
  t.after(() => stub.close());
  const { io, err } = ttyIo(['one\r', 'two\r']);
  const code = await main(['user', 'add', 'ivy'], io, { HOME: '/nonexistent-home', RMQX_URL: stub.url, NO_COLOR: '1' });
  assert.equal(code, 64);
  assert.match(err(), /the two entries differ/);
  assert.deepEqual(stub.requests, []);
});

test('user list: name and tags in TSV; password_hash never shown, not even in JSON or with --columns', async (t) => {
  const alice = stored('alice', 'pw', ['administrator', 'monitoring']);
  const stub = await userStub([alice, stored('bob', '', [])]);
  t.after(() => stub.close());
  const env = { RMQX_URL: stub.url };
  const tsv = await runInProcess(['users', 'list'], { env });
  assert.equal(tsv.code, 0, tsv.stderr);
  assert.equal(tsv.stdout, 'alice\tadministrator,monitoring\nbob\t\n');
  const json = await runInProcess(['user', 'list', '--json'], { env });
  const docs = JSON.parse(json.stdout);
  assert.deepEqual(docs[0], { name: 'alice', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['administrator', 'monitoring'], limits: {} });
  for (const d of docs) assert.equal('password_hash' in d, false, 'no password_hash field in --json');
  const cols = await runInProcess(['user', 'list', '--columns', 'name,password_hash'], { env });
  assert.equal(cols.stdout, 'alice\t\nbob\t\n');
  const table = await runInProcess(['user', 'list'], { env, tty: true });
  for (const r of [tsv, json, cols, table]) assert.ok(!r.stdout.includes(alice.password_hash), `the hash must not be shown: ${r.stdout}`);
  assert.match(table.stdout, /alice/);
});

test('user show: every field but the password hash, in every mode; missing user → 66', async (t) => {
  const alice = stored('alice', 'pw', ['monitoring']);
  const stub = await userStub([alice]);
  t.after(() => stub.close());
  const env = { RMQX_URL: stub.url };
  const tsv = await runInProcess(['user', 'show', 'alice'], { env });
  assert.equal(tsv.code, 0, tsv.stderr);
  assert.equal(tsv.stdout, 'name\talice\nhashing_algorithm\trabbit_password_hashing_sha256\ntags\tmonitoring\nlimits\t{}\n');
  const json = await runInProcess(['user', 'show', 'alice', '--json'], { env });
  assert.deepEqual(JSON.parse(json.stdout), { name: 'alice', hashing_algorithm: 'rabbit_password_hashing_sha256', tags: ['monitoring'], limits: {} });
  const table = await runInProcess(['user', 'show', 'alice'], { env, tty: true });
  for (const r of [tsv, json, table]) {
    assert.ok(!r.stdout.includes(alice.password_hash), `the hash must not be shown: ${r.stdout}`);
    assert.ok(!/password_hash(?!ing)/.test(r.stdout), `no password_hash field: ${r.stdout}`);
  }
  const missing = await runInProcess(['user', 'show', 'nobody'], { env });
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /show user 'nobody'/);
});

test('user passwd: 66 for a missing user, no-op for the same password, PUT {password, existing tags} otherwise', async (t) => {
  const stub = await userStub([stored('alice', 'old', ['monitoring', 'management'])]);
  t.after(() => stub.close());
  const env = { RMQX_URL: stub.url };
  const missing = await runInProcess(['user', 'passwd', 'nobody', '--password-stdin'], { env, stdin: 'x\n' });
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /user 'nobody': it does not exist/);
  const same = await runInProcess(['user', 'passwd', 'alice', '--password-stdin'], { env, stdin: 'old\n' });
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /nothing changed/);
  assert.deepEqual(stub.writes(), []);
  const changed = await runInProcess(['user', 'passwd', 'alice', '--password-stdin', '--json'], { env, stdin: 'brand-new\n' });
  assert.equal(changed.code, 0, changed.stderr);
  assert.deepEqual(JSON.parse(changed.stdout), { action: 'updated', kind: 'user', name: 'alice', changed: true, updated: ['password'] });
  assert.deepEqual(stub.writes().map((w) => w.body), [{ password: 'brand-new', tags: 'monitoring,management' }]);
  noSecret(changed, 'brand-new');
  const bad = await runInProcess(['user', 'passwd', 'alice'], { env });
  assert.equal(bad.code, 64);
  assert.equal(stub.writes().length, 1);
});

test("user tags: PUT keeps password_hash and hashing_algorithm; same set is a no-op; '' clears; missing → 66", async (t) => {
  const alice = stored('alice', 'pw', ['monitoring'], 'rabbit_password_hashing_sha512');
  const stub = await userStub([alice]);
  t.after(() => stub.close());
  const env = { RMQX_URL: stub.url };
  const set = await runInProcess(['user', 'tags', 'alice', 'management,policymaker', '--json'], { env });
  assert.equal(set.code, 0, set.stderr);
  assert.deepEqual(JSON.parse(set.stdout), { action: 'tagged', kind: 'user', name: 'alice', changed: true, tags: ['management', 'policymaker'] });
  assert.deepEqual(stub.writes()[0]?.body, { password_hash: alice.password_hash, hashing_algorithm: 'rabbit_password_hashing_sha512', tags: 'management,policymaker' });
  const same = await runInProcess(['user', 'tags', 'alice', 'policymaker,management'], { env });
  assert.equal(same.code, 0);
  assert.match(same.stderr, /nothing changed/);
  assert.equal(stub.writes().length, 1);
  const clear = await runInProcess(['user', 'tags', 'alice', ''], { env });
  assert.equal(clear.code, 0, clear.stderr);
  assert.deepEqual(stub.writes()[1]?.body, { password_hash: alice.password_hash, hashing_algorithm: 'rabbit_password_hashing_sha512', tags: '' });
  assert.deepEqual(stub.users.get('alice')?.tags, []);
  const missing = await runInProcess(['user', 'tags', 'nobody', 'a'], { env });
  assert.equal(missing.code, 66);
  assert.equal(stub.writes().length, 2);
});

test('user tags: refuses to PUT when the broker hides the password hash (it would replace the password)', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/users/alice', { body: { name: 'alice', tags: ['x'] } });
  const r = await runInProcess(['user', 'tags', 'alice', 'y'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 65);
  assert.match(r.stderr, /did not return its password_hash/);
  assert.deepEqual(stub.requests.filter((q) => q.method === 'PUT'), []);
});

test('user delete: DELETE /api/users/NAME (encoded); 404 → 66, or 0 with --if-exists', async (t) => {
  const stub = await userStub([stored('a/b c', 'pw')]);
  t.after(() => stub.close());
  const env = { RMQX_URL: stub.url };
  const r = await runInProcess(['user', 'delete', 'a/b c'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stub.requests[0]?.path, '/api/users/a%2Fb%20c');
  assert.match(r.stderr, /deleted user 'a\/b c'/);
  const again = await runInProcess(['user', 'delete', 'a/b c'], { env });
  assert.equal(again.code, 66);
  const ok = await runInProcess(['user', 'delete', 'a/b c', '--if-exists', '--json'], { env });
  assert.equal(ok.code, 0);
  assert.equal(JSON.parse(ok.stdout).changed, false);
});

test('user hash-password: needs no broker or settings; prints a hash that verifies; JSON names the algorithm', async () => {
  // a config file that does not exist would be exit 78 for any command that reads settings
  const env = { RMQX_CONFIG: '/nonexistent/config.json', RMQX_URL: 'not a url' };
  const r = await runInProcess(['user', 'hash-password', '--password-stdin'], { env, stdin: 'hash-me\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^[A-Za-z0-9+/]{48}\n$/);
  assert.equal(verifyPassword('hash-me', r.stdout.trim(), 'rabbit_password_hashing_sha256'), true);
  noSecret(r, 'hash-me');
  const json = await runInProcess(['user', 'hash-password', '--password-stdin', '--json'], { env, stdin: 'hash-me' });
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.hashing_algorithm, 'rabbit_password_hashing_sha256');
  assert.equal(verifyPassword('hash-me', doc.password_hash, doc.hashing_algorithm), true);
  const none = await runInProcess(['user', 'hash-password'], { env });
  assert.equal(none.code, 64);
  assert.match(none.stderr, /hint: give it with --password-stdin or --password-file FILE/);
  const both = await runInProcess(['user', 'hash-password', '--password-stdin', '--password-file', 'x'], { env, stdin: 'a\n' });
  assert.equal(both.code, 64);
  const { io, out, err } = ttyIo(['tty-pw\r', 'tty-pw\r']);
  const code = await main(['user', 'hash-password'], io, { HOME: '/nonexistent-home', ...env, NO_COLOR: '1' });
  assert.equal(code, 0, err());
  assert.equal(verifyPassword('tty-pw', out().trim(), 'rabbit_password_hashing_sha256'), true);
  noSecret({ stdout: '', stderr: err() }, 'tty-pw');
});
