import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, BROKER, api, dropVhost, freshVhost, requireBroker, rmqx, unique } from '../helpers/cli.js';

let vhost = '';
const created: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'rmqx-user-it-'));

/** A user name this file creates (deleted afterwards). */
function newUser(prefix = 'rmqx-u'): string {
  const name = unique(prefix);
  created.push(name);
  return name;
}

before(async () => {
  requireBroker();
  vhost = await freshVhost('user');
});

after(async () => {
  for (const u of created) await api('DELETE', `/api/users/${encodeURIComponent(u)}`).catch(() => {});
  await dropVhost(vhost);
});

/** GET /api/whoami as that user: 200 when the password works (the user needs a management-ish tag). */
async function whoami(user: string, password: string): Promise<number> {
  const res = await fetch(`${BROKER.url}/api/whoami`, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } });
  await res.text();
  return res.status;
}

const getUser = (name: string) => api('GET', `/api/users/${encodeURIComponent(name)}`);

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text, { mode: 0o600 });
  return p;
}

function noSecret(r: { stdout: string; stderr: string }, secret: string): void {
  assert.ok(!r.stdout.includes(secret), `stdout shows the secret: ${r.stdout}`);
  assert.ok(!r.stderr.includes(secret), `stderr shows the secret: ${r.stderr}`);
}

test('user add --password-stdin creates the user; the same again changes nothing; another password changes it', async () => {
  const name = newUser();
  const r = await rmqx(['user', 'add', name, '--password-stdin', '--tags', 'management'], { input: 'first-Pw1\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`added user '${name}'`));
  noSecret(r, 'first-Pw1');
  const u = await getUser(name);
  assert.equal(u.status, 200);
  assert.deepEqual(u.body.tags, ['management']);
  assert.equal(await whoami(name, 'first-Pw1'), 200);

  const same = await rmqx(['user', 'add', name, '--password-stdin', '--tags', 'management', '--json'], { input: 'first-Pw1\n' });
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /nothing changed/);
  assert.deepEqual(JSON.parse(same.stdout), { action: 'added', kind: 'user', name, changed: false, tags: ['management'] });
  assert.equal((await getUser(name)).body.password_hash, u.body.password_hash, 'the stored hash is untouched');

  const other = await rmqx(['user', 'add', name, '--password-stdin', '--json', '--detailed-exitcode'], { input: 'second-Pw2\n' });
  assert.equal(other.code, 2, other.stderr);
  assert.deepEqual(JSON.parse(other.stdout), { action: 'updated', kind: 'user', name, changed: true, updated: ['password'], tags: ['management'] });
  noSecret(other, 'second-Pw2');
  assert.equal(await whoami(name, 'second-Pw2'), 200);
  assert.equal(await whoami(name, 'first-Pw1'), 401);
  assert.deepEqual((await getUser(name)).body.tags, ['management'], 'without --tags an existing user keeps its tags');
});

test('user add: changing only the tags keeps the password working', async () => {
  const name = newUser();
  assert.equal((await rmqx(['user', 'add', name, '--password-stdin', '--tags', 'monitoring'], { input: 'pw-tags' })).code, 0);
  const r = await rmqx(['user', 'add', name, '--password-stdin', '--tags', 'management,policymaker'], { input: 'pw-tags\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`updated user '${name}': tags`));
  assert.deepEqual((await getUser(name)).body.tags.sort(), ['management', 'policymaker']);
  assert.equal(await whoami(name, 'pw-tags'), 200);
});

test('user add: no terminal and no password source → 64 with a hint, and no user is created', async () => {
  const name = newUser();
  const r = await rmqx(['user', 'add', name, '--tags', 'management']);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /rmqx: no password given, and not on a terminal to ask for one/);
  assert.match(r.stderr, /hint: .*--password-stdin.*--password-file.*--password-hash.*--no-password/);
  assert.equal((await getUser(name)).status, 404);
});

test('user add: conflicting or malformed password sources → 64, the broker unchanged', async () => {
  const name = newUser();
  const f = file('conflict.txt', 'pw\n');
  const cases: Array<[string[], RegExp]> = [
    [['user', 'add', name, '--password-stdin', '--password-file', f], /cannot be combined/],
    [['user', 'add', name, '--password-file', f, '--no-password'], /cannot be combined/],
    [['user', 'add', name, '--password-hash', 'bm90IGEgaGFzaA=='], /--password-hash: not a salted SHA-256 hash/],
    [['user', 'add', '', '--password-file', f], /user name is empty/],
  ];
  for (const [argv, message] of cases) {
    const r = await rmqx(argv, { input: 'pw\n' });
    assert.equal(r.code, 64, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
  assert.equal((await getUser(name)).status, 404);
  // an existing user is left as it was, too
  assert.equal((await rmqx(['user', 'add', name, '--password-file', f, '--tags', 'management'])).code, 0);
  const before = (await getUser(name)).body;
  const bad = await rmqx(['user', 'add', name, '--password-stdin', '--password-hash', 'x', '--tags', 'administrator'], { input: 'other\n' });
  assert.equal(bad.code, 64);
  assert.deepEqual((await getUser(name)).body, before);
});

test('user add --password-file reads the first line; the connection still uses its own credentials', async () => {
  const name = newUser();
  const f = file('new-user.txt', 'from-file-pw\nsecond line\n');
  const r = await rmqx(['user', 'add', name, '--password-file', f, '--tags', 'management']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await whoami(name, 'from-file-pw'), 200);
  const missing = await rmqx(['user', 'add', newUser(), '--password-file', join(dir, 'nope.txt')]);
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /password file .* does not exist/);
});

test('user hash-password → user add --password-hash: that user can authenticate', async () => {
  const name = newUser();
  const pwFile = file('hashed.txt', 'hashed-Pw9\n');
  const h = await rmqx(['user', 'hash-password', '--password-file', pwFile], { bareEnv: true });
  assert.equal(h.code, 0, h.stderr);
  const hash = h.stdout.trim();
  assert.match(hash, /^[A-Za-z0-9+/]{48}$/);
  noSecret(h, 'hashed-Pw9');
  const add = await rmqx(['user', 'add', name, '--password-hash', hash, '--tags', 'monitoring']);
  assert.equal(add.code, 0, add.stderr);
  const stored = (await getUser(name)).body;
  assert.equal(stored.password_hash, hash);
  assert.equal(stored.hashing_algorithm, 'rabbit_password_hashing_sha256');
  assert.equal(await whoami(name, 'hashed-Pw9'), 200);
  // rmqx itself, as that user, with the password from a file
  const list = await rmqx(['vhost', 'list', '-u', name, '--password-file', pwFile]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, new RegExp(`^${vhost}\\t`, 'm'));
  // same hash again: nothing changed; the cleartext password matching it: nothing changed either
  const again = await rmqx(['user', 'add', name, '--password-hash', hash, '--tags', 'monitoring']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /nothing changed/);
  const clear = await rmqx(['user', 'add', name, '--password-stdin'], { input: 'hashed-Pw9\n' });
  assert.equal(clear.code, 0, clear.stderr);
  assert.match(clear.stderr, /nothing changed/);
});

test('user add --no-password: password_hash "" on the broker, and no password logs in', async () => {
  const name = newUser();
  const r = await rmqx(['user', 'add', name, '--no-password', '--tags', 'management']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await getUser(name)).body.password_hash, '');
  assert.equal(await whoami(name, ''), 401);
  assert.equal(await whoami(name, 'guest'), 401);
  const again = await rmqx(['user', 'add', name, '--no-password', '--tags', 'management']);
  assert.match(again.stderr, /nothing changed/);
});

test('user list and show: names and tags, never the password hash', async () => {
  const name = newUser();
  assert.equal((await rmqx(['user', 'add', name, '--password-stdin', '--tags', 'monitoring,custom'], { input: 'list-pw\n' })).code, 0);
  const hash = (await getUser(name)).body.password_hash as string;
  const tsv = await rmqx(['users', 'list']);
  assert.equal(tsv.code, 0, tsv.stderr);
  assert.match(tsv.stdout, new RegExp(`^${name}\\tmonitoring,custom$`, 'm'));
  assert.match(tsv.stdout, /^guest\tadministrator$/m);
  const json = await rmqx(['user', 'list', '--json']);
  const docs = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
  const me = docs.find((d) => d.name === name);
  assert.deepEqual(me?.tags, ['monitoring', 'custom']);
  assert.ok(docs.every((d) => !('password_hash' in d)), 'no password_hash in --json');
  const show = await rmqx(['user', 'show', name, '--json']);
  assert.equal(show.code, 0, show.stderr);
  const doc = JSON.parse(show.stdout);
  assert.equal(doc.name, name);
  assert.equal('password_hash' in doc, false);
  const showTsv = await rmqx(['user', 'show', name]);
  assert.match(showTsv.stdout, /^tags\tmonitoring,custom$/m);
  for (const r of [tsv, json, show, showTsv]) assert.ok(!r.stdout.includes(hash), 'the hash is never printed');
  const missing = await rmqx(['user', 'show', unique('nobody')]);
  assert.equal(missing.code, 66);
});

test('user passwd: 66 for a missing user; changes the password, keeps the tags; idempotent', async () => {
  const missing = await rmqx(['user', 'passwd', unique('nobody'), '--password-stdin'], { input: 'x\n' });
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /does not exist/);
  const name = newUser();
  assert.equal((await rmqx(['user', 'add', name, '--password-stdin', '--tags', 'management,monitoring'], { input: 'old-pw\n' })).code, 0);
  const r = await rmqx(['user', 'passwd', name, '--password-stdin'], { input: 'new-pw\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`changed the password of user '${name}'`));
  noSecret(r, 'new-pw');
  assert.equal(await whoami(name, 'new-pw'), 200);
  assert.equal(await whoami(name, 'old-pw'), 401);
  assert.deepEqual((await getUser(name)).body.tags.sort(), ['management', 'monitoring']);
  const same = await rmqx(['user', 'passwd', name, '--password-stdin'], { input: 'new-pw\n' });
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /nothing changed/);
  const none = await rmqx(['user', 'passwd', name]);
  assert.equal(none.code, 64);
  assert.equal(await whoami(name, 'new-pw'), 200);
});

test("user tags: sets tags and keeps the password; idempotent; '' clears", async () => {
  const name = newUser();
  assert.equal((await rmqx(['user', 'add', name, '--password-stdin', '--tags', 'management'], { input: 'tags-pw\n' })).code, 0);
  const hash = (await getUser(name)).body.password_hash;
  const r = await rmqx(['user', 'tags', name, 'monitoring,policymaker']);
  assert.equal(r.code, 0, r.stderr);
  const u = (await getUser(name)).body;
  assert.deepEqual(u.tags.sort(), ['monitoring', 'policymaker']);
  assert.equal(u.password_hash, hash, 'the password is kept');
  assert.equal(await whoami(name, 'tags-pw'), 200);
  const same = await rmqx(['user', 'tags', name, 'policymaker,monitoring', '--json']);
  assert.equal(same.code, 0, same.stderr);
  assert.equal(JSON.parse(same.stdout).changed, false);
  const clear = await rmqx(['user', 'tags', name, '']);
  assert.equal(clear.code, 0, clear.stderr);
  assert.deepEqual((await getUser(name)).body.tags, []);
  assert.equal((await getUser(name)).body.password_hash, hash);
  const missing = await rmqx(['user', 'tags', unique('nobody'), 'a']);
  assert.equal(missing.code, 66);
});

test('user delete: deletes; a missing user → 66, or 0 with --if-exists', async () => {
  const name = newUser();
  assert.equal((await rmqx(['user', 'add', name, '--no-password'])).code, 0);
  const r = await rmqx(['user', 'delete', name]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal((await getUser(name)).status, 404);
  const again = await rmqx(['user', 'delete', name]);
  assert.equal(again.code, 66);
  assert.match(again.stderr, /it does not exist/);
  const ok = await rmqx(['user', 'delete', name, '--if-exists']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /nothing to do/);
});

/**
 * Drives `rmqx user add` on a pseudo-terminal: each answer is typed once its prompt is shown
 * and the terminal's echo is off (rmqx has switched to raw mode), as a person would.
 */
const PTY_DRIVER = `
import os, pty, sys, time, select, termios
answers = [a for a in os.environ['PTY_ANSWERS'].split('\\x1f') if a]
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
out, idx, deadline = b'', 0, time.time() + 30
def echo_off():
    try:
        return not (termios.tcgetattr(fd)[3] & termios.ECHO)
    except termios.error:
        return False
while time.time() < deadline:
    if select.select([fd], [], [], 0.05)[0]:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    if idx < len(answers) and out.count(b': ') > idx and echo_off():
        os.write(fd, answers[idx].encode() + b'\\r')
        idx += 1
else:
    os.kill(pid, 9)
_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(out)
sys.exit(os.waitstatus_to_exitcode(status))
`;

const hasPython = spawnSync('python3', ['-c', 'import pty, termios'], { stdio: 'ignore' }).status === 0;

function onPty(args: string[], answers: string[]): Promise<{ code: number; transcript: string }> {
  const driver = file('pty-driver.py', PTY_DRIVER);
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [driver, process.execPath, BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_URL: BROKER.url, NO_COLOR: '1', TERM: 'dumb', PTY_ANSWERS: answers.join('\x1f') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, transcript: Buffer.concat(out).toString('utf8') }));
  });
}

test('user add on a terminal: hidden prompt asked twice, the password never shown', { skip: !hasPython && 'python3 with pty is not available' }, async () => {
  const name = newUser();
  const r = await onPty(['user', 'add', name, '--tags', 'management'], ['pty-Secret7', 'pty-Secret7']);
  assert.equal(r.code, 0, r.transcript);
  assert.match(r.transcript, new RegExp(`password for user '${name}': \\r?\\n`));
  assert.match(r.transcript, new RegExp(`password for user '${name}' \\(again\\): `));
  assert.match(r.transcript, new RegExp(`added user '${name}'`));
  assert.ok(!r.transcript.includes('pty-Secret7'), `the terminal showed the password: ${r.transcript}`);
  assert.equal(await whoami(name, 'pty-Secret7'), 200);
  // two different entries: 64, nothing changed
  const other = newUser();
  const bad = await onPty(['user', 'add', other], ['one-Pw', 'two-Pw']);
  assert.equal(bad.code, 64, bad.transcript);
  assert.match(bad.transcript, /the two entries differ/);
  assert.equal((await getUser(other)).status, 404);
});
