import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BROKER, api, dropVhost, freshVhost, rmqx } from '../helpers/cli.js';

let vhost = '';
before(async () => {
  vhost = await freshVhost('global');
});
after(() => dropVhost(vhost));

test('the built binary prints its version and lists vhosts from the real broker', async () => {
  const v = await rmqx(['--version']);
  assert.equal(v.code, 0);
  assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
  const l = await rmqx(['vhost', 'list', '--json']);
  assert.equal(l.code, 0, l.stderr);
  const names = JSON.parse(l.stdout).map((x: { name: string }) => x.name);
  assert.ok(names.includes('/') && names.includes(vhost), names.join(','));
});

test('no broker at the URL: exit 69 with one line and a hint', async () => {
  const r = await rmqx(['vhost', 'list'], { env: { RMQX_URL: 'http://127.0.0.1:1' } });
  assert.equal(r.code, 69);
  assert.match(r.stderr, /^rmqx: list vhosts: http:\/\/127\.0\.0\.1:1: connection refused\nhint: /);
  assert.equal(r.stdout, '');
});

test('wrong credentials: exit 77, and the password appears nowhere', async () => {
  const r = await rmqx(['vhost', 'list', '-u', 'guest', '-p', 'not-the-password-xyz']);
  assert.equal(r.code, 77);
  assert.doesNotMatch(r.stdout + r.stderr, /not-the-password-xyz/);
  const viaUrl = await rmqx(['vhost', 'list', '--verbose'], { env: { RMQX_URL: BROKER.url.replace('http://', 'http://guest:wrong-pw-abc@') } });
  assert.equal(viaUrl.code, 77);
  assert.doesNotMatch(viaUrl.stdout + viaUrl.stderr, /wrong-pw-abc/);
});

test('a profile in a config file supplies the URL and vhost; a world-readable file with a password is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rmqx-cfg-'));
  const cfg = join(dir, 'config.json');
  writeFileSync(cfg, JSON.stringify({ profiles: { ci: { url: BROKER.url, vhost, password: 'guest' } } }), { mode: 0o644 });
  const refused = await rmqx(['vhost', 'show', vhost, '--config', cfg, '--profile', 'ci'], { bareEnv: true });
  assert.equal(refused.code, 78);
  assert.match(refused.stderr, /chmod 600/);
  writeFileSync(cfg, JSON.stringify({ profiles: { ci: { url: BROKER.url, vhost, password: 'guest' } } }), { mode: 0o600 });
  const { chmodSync } = await import('node:fs');
  chmodSync(cfg, 0o600);
  const ok = await rmqx(['vhost', 'show', vhost, '--json'], { bareEnv: true, env: { RMQX_CONFIG: cfg, RMQX_PROFILE: 'ci' } });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).name, vhost);
});

test('vhost add is idempotent and reports what changed', async () => {
  const name = `${vhost}-x`;
  try {
    const first = await rmqx(['vhost', 'add', name, '--description', 'first', '--detailed-exitcode']);
    assert.equal(first.code, 2, first.stderr);
    const again = await rmqx(['vhost', 'add', name, '--description', 'first', '--detailed-exitcode']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /nothing changed/);
    const changed = await rmqx(['vhost', 'add', name, '--description', 'second', '--json']);
    assert.equal(changed.code, 0, changed.stderr);
    assert.equal(JSON.parse(changed.stdout).changed, true);
    assert.equal((await api('GET', `/api/vhosts/${name}`)).body.description, 'second');
    const del = await rmqx(['vhost', 'delete', name, '--yes']);
    assert.equal(del.code, 0, del.stderr);
    assert.equal((await api('GET', `/api/vhosts/${name}`)).status, 404);
    assert.equal((await rmqx(['vhost', 'delete', name, '--yes'])).code, 66);
    assert.equal((await rmqx(['vhost', 'delete', name, '--yes', '--if-exists'])).code, 0);
  } finally {
    await dropVhost(name);
  }
});

test('bad input changes nothing: an empty vhost name is 64', async () => {
  const r = await rmqx(['vhost', 'add', '']);
  assert.equal(r.code, 64);
  assert.match(r.stderr, /empty/);
  const q = await rmqx(['vhost', 'add', 'x', '--default-queue-type', 'fancy']);
  assert.equal(q.code, 64);
  assert.equal((await api('GET', '/api/vhosts/x')).status, 404);
});

test('vhost add --default-queue-type is stored (3.10 reads defaultqueuetype) and a re-run changes nothing', async () => {
  const name = `${vhost}-dqt`;
  try {
    const first = await rmqx(['vhost', 'add', name, '--default-queue-type', 'quorum', '--detailed-exitcode']);
    assert.equal(first.code, 2, first.stderr);
    assert.equal((await api('GET', `/api/vhosts/${encodeURIComponent(name)}`)).body.default_queue_type, 'quorum');
    const again = await rmqx(['vhost', 'add', name, '--default-queue-type', 'quorum', '--detailed-exitcode']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /nothing changed/);
    const plain = await rmqx(['vhost', 'add', `${name}-plain`, '--detailed-exitcode']);
    assert.equal(plain.code, 2, plain.stderr);
    const plainAgain = await rmqx(['vhost', 'add', `${name}-plain`, '--default-queue-type', 'classic', '--detailed-exitcode']);
    assert.equal(plainAgain.code, 0, plainAgain.stderr);
  } finally {
    await dropVhost(name);
    await dropVhost(`${name}-plain`);
  }
});
