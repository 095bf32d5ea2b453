import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStub } from '../helpers/stub-server.js';
import { runInProcess } from '../helpers/memory-io.js';

interface Shown {
  value: unknown;
  source: string;
  detail: string;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'rmqx-config-'));
}

/** A config file with the given mode (chmod after writing, so the umask does not matter). */
function configFile(doc: unknown, mode = 0o600, dir = tempDir(), name = 'config.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  chmodSync(path, mode);
  return path;
}

async function show(args: string[], env: Record<string, string | undefined> = {}): Promise<Record<string, Shown>> {
  const r = await runInProcess(['config', 'show', '--json', ...args], { env });
  assert.equal(r.code, 0, r.stderr);
  // only the warning about a password on the command line (see its own test)
  assert.match(r.stderr, /^(rmqx: warning: a password given with [^\n]* is visible to every user of this machine[^\n]*\n)?$/);
  return JSON.parse(r.stdout) as Record<string, Shown>;
}

test('config show: every setting with its value and source; TSV in a pipe, a table on a TTY', async () => {
  const home = tempDir();
  const r = await runInProcess(['config', 'show'], { env: { HOME: home } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stdout,
    [
      'url\thttp://127.0.0.1:15672\tdefault',
      'amqp_url\tamqp://127.0.0.1:5672\tderived (from the management URL)',
      'username\tguest\tdefault',
      'password\t********\tdefault',
      'vhost\t/\tdefault',
      'profile\tdefault\tdefault',
      `config\t${home}/.config/rmqx/config.json\tdefault`,
      'cacert\t\tdefault',
      'cert\t\tdefault',
      'key\t\tdefault',
      'insecure\tfalse\tdefault',
      'timeout\t30\tdefault',
      '',
    ].join('\n'),
  );
  const tty = await runInProcess(['config', 'show', '--no-color'], { env: { HOME: home }, tty: true });
  assert.equal(tty.code, 0, tty.stderr);
  assert.match(tty.stdout, /setting\s+│ value\s+│ source/);
  assert.match(tty.stdout, /cacert\s+│ \(not set\)/);
  const json = await show([], { HOME: home });
  assert.deepEqual(Object.keys(json), ['url', 'amqp_url', 'username', 'password', 'vhost', 'profile', 'config', 'cacert', 'cert', 'key', 'insecure', 'timeout']);
  assert.deepEqual(json.timeout, { value: 30, source: 'default', detail: 'default' });
  assert.deepEqual(json.insecure, { value: false, source: 'default', detail: 'default' });
  assert.deepEqual(json.cacert, { value: null, source: 'default', detail: 'not set' });
});

test('config show never contacts the broker', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  const r = await runInProcess(['config', 'show'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^url\\t${stub.url}\\tenv RMQX_URL$`, 'm'));
  const unreachable = await runInProcess(['config', 'show', '--url', 'http://127.0.0.1:1'], {});
  assert.equal(unreachable.code, 0, unreachable.stderr);
  assert.equal(stub.requests.length, 0);
});

test('precedence for url, username, vhost and timeout: flag > env > profile > default', async () => {
  const path = configFile({ profiles: { default: { url: 'http://profile-host:15672', username: 'from-profile', vhost: 'profile-vh', timeout: 7 } } });
  const where = `profile 'default' in ${path}`;
  const keys = ['url', 'username', 'vhost', 'timeout'] as const;
  const pick = (doc: Record<string, Shown>) => Object.fromEntries(keys.map((k) => [k, [doc[k]?.value, doc[k]?.source, doc[k]?.detail]]));

  const defaults = await show([], {});
  assert.deepEqual(pick(defaults), {
    url: ['http://127.0.0.1:15672', 'default', 'default'],
    username: ['guest', 'default', 'default'],
    vhost: ['/', 'default', 'default'],
    timeout: [30, 'default', 'default'],
  });

  const profile = await show([], { RMQX_CONFIG: path });
  assert.deepEqual(pick(profile), {
    url: ['http://profile-host:15672', 'profile', where],
    username: ['from-profile', 'profile', where],
    vhost: ['profile-vh', 'profile', where],
    timeout: [7, 'profile', where],
  });

  const env = { RMQX_CONFIG: path, RMQX_URL: 'http://env-host:15672', RMQX_USERNAME: 'from-env', RMQX_VHOST: 'env-vh', RMQX_TIMEOUT: '8' };
  assert.deepEqual(pick(await show([], env)), {
    url: ['http://env-host:15672', 'env', 'RMQX_URL'],
    username: ['from-env', 'env', 'RMQX_USERNAME'],
    vhost: ['env-vh', 'env', 'RMQX_VHOST'],
    timeout: [8, 'env', 'RMQX_TIMEOUT'],
  });

  const flags = await show(['--url', 'http://flag-host:15672', '-u', 'from-flag', '-V', 'flag-vh', '--timeout', '9'], env);
  assert.deepEqual(pick(flags), {
    url: ['http://flag-host:15672', 'flag', '--url'],
    username: ['from-flag', 'flag', '--username'],
    vhost: ['flag-vh', 'flag', '--vhost'],
    timeout: [9, 'flag', '--timeout'],
  });
  // globals before the noun count as flags too
  const before = await runInProcess(['-V', 'early', 'config', 'show', '--json'], { env });
  assert.deepEqual(JSON.parse(before.stdout).vhost, { value: 'early', source: 'flag', detail: '--vhost' });

  // an empty environment variable counts as unset: the profile shows through
  const empty = await show([], { ...env, RMQX_VHOST: '' });
  assert.deepEqual(empty.vhost, { value: 'profile-vh', source: 'profile', detail: where });

  const tsv = await runInProcess(['config', 'show', '-u', 'x'], { env });
  assert.match(tsv.stdout, /^username\tx\tflag --username$/m);
  assert.match(tsv.stdout, /^vhost\tenv-vh\tenv RMQX_VHOST$/m);
  assert.match(tsv.stdout, /^url\thttp:\/\/env-host:15672\tenv RMQX_URL$/m);
  const fromProfile = await runInProcess(['config', 'show'], { env: { RMQX_CONFIG: path } });
  assert.match(fromProfile.stdout, new RegExp(`^timeout\\t7\\tprofile 'default' in ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
});

test('the default config file: $XDG_CONFIG_HOME/rmqx/config.json, else ~/.config/rmqx/config.json', async () => {
  const home = tempDir();
  mkdirSync(join(home, '.config', 'rmqx'), { recursive: true });
  const homePath = configFile({ profiles: { default: { vhost: 'home-vh' } } }, 0o600, join(home, '.config', 'rmqx'));
  const viaHome = await show([], { HOME: home });
  assert.deepEqual(viaHome.vhost, { value: 'home-vh', source: 'profile', detail: `profile 'default' in ${homePath}` });
  assert.deepEqual(viaHome.config, { value: homePath, source: 'default', detail: 'default' });

  const xdg = tempDir();
  mkdirSync(join(xdg, 'rmqx'));
  const xdgPath = configFile({ profiles: { default: { vhost: 'xdg-vh' } } }, 0o600, join(xdg, 'rmqx'));
  const viaXdg = await show([], { HOME: home, XDG_CONFIG_HOME: xdg });
  assert.deepEqual(viaXdg.vhost, { value: 'xdg-vh', source: 'profile', detail: `profile 'default' in ${xdgPath}` });

  // --config names another file; its source says so
  const other = configFile({ profiles: { default: { vhost: 'other-vh' } } });
  const viaFlag = await show(['--config', other], { HOME: home });
  assert.deepEqual(viaFlag.config, { value: other, source: 'flag', detail: '--config' });
  assert.equal(viaFlag.vhost?.value, 'other-vh');
});

test('profiles: --profile and RMQX_PROFILE select one; an unknown one named explicitly is 78', async () => {
  const path = configFile({ profiles: { default: { vhost: 'd' }, prod: { url: 'https://prod:15671', vhost: 'p', insecure: true } } });
  const prod = await show(['--profile', 'prod'], { RMQX_CONFIG: path });
  assert.deepEqual(prod.profile, { value: 'prod', source: 'flag', detail: '--profile' });
  assert.deepEqual(prod.url, { value: 'https://prod:15671', source: 'profile', detail: `profile 'prod' in ${path}` });
  assert.equal(prod.insecure?.value, true);
  assert.equal(prod.amqp_url?.value, 'amqps://prod:5671');
  const viaEnv = await show([], { RMQX_CONFIG: path, RMQX_PROFILE: 'prod' });
  assert.deepEqual(viaEnv.profile, { value: 'prod', source: 'env', detail: 'RMQX_PROFILE' });

  const unknown = await runInProcess(['config', 'show', '--profile', 'staging'], { env: { RMQX_CONFIG: path } });
  assert.equal(unknown.code, 78);
  assert.equal(unknown.stdout, '');
  assert.equal(unknown.stderr, `rmqx: unknown profile 'staging' in ${path}\nhint: profiles there: default, prod\n`);
  const noFile = await runInProcess(['config', 'show', '--profile', 'staging'], { env: { HOME: tempDir() } });
  assert.equal(noFile.code, 78);
  assert.match(noFile.stderr, /unknown profile 'staging': there is no config file/);
});

test('config file errors are exit 78: invalid JSON, wrong shape, unknown key, missing file, bad value', async () => {
  const invalid = configFile('{"profiles": {"default": {"url": "http://x",}}}');
  const bad = await runInProcess(['config', 'show'], { env: { RMQX_CONFIG: invalid } });
  assert.equal(bad.code, 78);
  assert.match(bad.stderr, new RegExp(`^rmqx: config file '${invalid}' is not valid JSON`));
  assert.equal(bad.stdout, '');

  const shape = await runInProcess(['config', 'show'], { env: { RMQX_CONFIG: configFile({ default: { url: 'http://x' } }) } });
  assert.equal(shape.code, 78);
  assert.match(shape.stderr, /must be an object with a "profiles" object\nhint: example:/);

  const typo = configFile({ profiles: { default: { url: 'http://x' }, prod: { vhots: 'p' } } });
  const unknownKey = await runInProcess(['config', 'show'], { env: { RMQX_CONFIG: typo } });
  assert.equal(unknownKey.code, 78);
  assert.match(unknownKey.stderr, /profile 'prod' has unknown key 'vhots'\nhint: known keys: url, amqp_url, username, password, password_file, vhost, cacert, cert, key, insecure, timeout\n$/);

  const missing = await runInProcess(['config', 'show', '--config', join(tempDir(), 'nope.json')], {});
  assert.equal(missing.code, 78);
  assert.match(missing.stderr, /nope\.json' does not exist or cannot be read/);

  // a bad value in the profile is the file's fault (78); the same value as a flag is a usage error (64)
  const badTimeout = configFile({ profiles: { default: { timeout: 'soon' } } });
  const fromFile = await runInProcess(['config', 'show'], { env: { RMQX_CONFIG: badTimeout } });
  assert.equal(fromFile.code, 78);
  assert.match(fromFile.stderr, /--timeout: 'soon' is not a positive number of seconds \(profile 'default' in /);
  const fromFlag = await runInProcess(['config', 'show', '--timeout', 'soon'], {});
  assert.equal(fromFlag.code, 64);
});

test('a config file holding a password must be mode 600: refused with the chmod that fixes it', async () => {
  const path = configFile({ profiles: { default: { username: 'ops', password: 'file-secret-1' } } }, 0o644);
  const refused = await runInProcess(['config', 'show'], { env: { RMQX_CONFIG: path } });
  assert.equal(refused.code, 78);
  assert.equal(refused.stdout, '');
  assert.match(refused.stderr, /holds a password and is readable by others \(mode 644\)/);
  const hint = refused.stderr.split('\n')[1] ?? '';
  assert.ok(hint.startsWith('hint: ') && hint.includes('chmod 600') && hint.includes(path), refused.stderr);
  assert.doesNotMatch(refused.stderr, /file-secret-1/);
  // group-readable is refused as well
  chmodSync(path, 0o640);
  assert.equal((await runInProcess(['config', 'show'], { env: { RMQX_CONFIG: path } })).code, 78);

  chmodSync(path, 0o600);
  const ok = await runInProcess(['config', 'show'], { env: { RMQX_CONFIG: path } });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, new RegExp(`^password\\t\\*{8}\\tprofile 'default' in ${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'));
  assert.doesNotMatch(ok.stdout + ok.stderr, /file-secret-1/);

  // without a password, any mode is fine
  const open = configFile({ profiles: { default: { username: 'ops', password_file: '/dev/null' } } }, 0o644);
  const noSecret = await runInProcess(['config', 'show', '-p', 'x'], { env: { RMQX_CONFIG: open } });
  assert.equal(noSecret.code, 0, noSecret.stderr);
});

test('passwords are never printed, wherever they come from', async () => {
  const dir = tempDir();
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, 'pw-from-file-4\nsecond line\n', { mode: 0o600 });
  const profile = configFile({ profiles: { default: { password: 'pw-from-profile-3' } } });
  const cases: Array<{ args: string[]; env: Record<string, string>; source: string; detail: string }> = [
    { args: ['-p', 'pw-from-flag-1'], env: {}, source: 'flag', detail: '--password' },
    { args: [], env: { RMQX_PASSWORD: 'pw-from-env-2' }, source: 'env', detail: 'RMQX_PASSWORD' },
    { args: [], env: { RMQX_CONFIG: profile }, source: 'profile', detail: `profile 'default' in ${profile}` },
    { args: ['--password-file', pwFile], env: {}, source: 'flag', detail: `--password-file ${pwFile}` },
    { args: [], env: { RMQX_PASSWORD_FILE: pwFile }, source: 'env', detail: `RMQX_PASSWORD_FILE ${pwFile}` },
    { args: [], env: { RMQX_URL: 'http://u:pw-in-url-5@h:15672', RMQX_AMQP_URL: 'amqp://u:pw-in-amqp-6@h:5672/v' }, source: 'url', detail: 'password in the URL' },
  ];
  for (const c of cases) {
    const json = await show(c.args, c.env);
    assert.deepEqual(json.password, { value: '********', source: c.source, detail: c.detail });
    for (const extra of [[], ['--no-color'], ['--verbose']]) {
      const r = await runInProcess(['config', 'show', ...c.args, ...extra], { env: c.env, tty: extra.length > 0 });
      assert.equal(r.code, 0, r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, /pw-(from|in)-/);
    }
    assert.doesNotMatch(JSON.stringify(json), /pw-(from|in)-/);
  }
  const urls = await show([], { RMQX_URL: 'http://u:pw-in-url-5@h:15672', RMQX_AMQP_URL: 'amqp://u:pw-in-amqp-6@h:5672/v' });
  assert.equal(urls.url?.value, 'http://h:15672');
  assert.equal(urls.amqp_url?.value, 'amqp://u:***@h:5672/v');
  assert.deepEqual(urls.username, { value: 'u', source: 'url', detail: 'user in the URL' });
});

test('--password-file: the first line is the password sent; a missing or empty file is an error', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/vhosts', { body: [] });
  const dir = tempDir();
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, 's3cret-line\r\nignored\n', { mode: 0o600 });
  const r = await runInProcess(['vhost', 'list', '--password-file', pwFile, '-u', 'ops'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stub.requests[0]?.headers.authorization, `Basic ${Buffer.from('ops:s3cret-line').toString('base64')}`);
  // a literal password at the same level wins over the file
  const both = await runInProcess(['vhost', 'list', '--password-file', pwFile, '-p', 'literal'], { env: { RMQX_URL: stub.url } });
  assert.equal(both.code, 0, both.stderr);
  assert.equal(stub.requests[1]?.headers.authorization, `Basic ${Buffer.from('guest:literal').toString('base64')}`);

  const missing = await runInProcess(['config', 'show', '--password-file', join(dir, 'nope')], {});
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /password file '.*nope' does not exist/);
  const emptyFile = join(dir, 'empty');
  writeFileSync(emptyFile, '\n', { mode: 0o600 });
  const empty = await runInProcess(['config', 'show', '--password-file', emptyFile], {});
  assert.equal(empty.code, 65);
  assert.equal(stub.requests.length, 2);
});

test('a password file others can read is refused (78) with the chmod that fixes it, as a config file is; nothing is sent', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/vhosts', { body: [] });
  const dir = tempDir();
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, 'loose-secret\n', { mode: 0o644 });
  chmodSync(pwFile, 0o644);
  for (const args of [['--password-file', pwFile], []]) {
    const env: Record<string, string> = { RMQX_URL: stub.url };
    if (!args.length) env.RMQX_PASSWORD_FILE = pwFile;
    const r = await runInProcess(['vhost', 'list', ...args], { env });
    assert.equal(r.code, 78, r.stderr);
    assert.equal(r.stderr, `rmqx: password file '${pwFile}' is readable by others (mode 644)\nhint: run: chmod 600 '${pwFile}'\n`);
  }
  // the profile's password_file too
  const cfg = join(dir, 'config.json');
  writeFileSync(cfg, JSON.stringify({ profiles: { default: { password_file: pwFile } } }), { mode: 0o600 });
  const viaProfile = await runInProcess(['vhost', 'list', '--config', cfg], { env: { RMQX_URL: stub.url } });
  assert.equal(viaProfile.code, 78, viaProfile.stderr);
  assert.ok(!viaProfile.stderr.includes('loose-secret'));
  assert.equal(stub.requests.length, 0);
  chmodSync(pwFile, 0o600);
  assert.equal((await runInProcess(['vhost', 'list', '--password-file', pwFile], { env: { RMQX_URL: stub.url } })).code, 0);
});

test('config with no verb prints its verbs and exits 64; unknown verb is 64', async () => {
  const bare = await runInProcess(['config']);
  assert.equal(bare.code, 64);
  assert.match(bare.stderr, /show/);
  const unknown = await runInProcess(['config', 'edit']);
  assert.equal(unknown.code, 64);
  assert.match(unknown.stderr, /^rmqx: unknown command 'edit'/);
});

test('a password on the command line (-p, or in --url / --amqp-url) is warned about on stderr, never echoed; none from the environment or a file', async () => {
  const warned = async (args: string[], env: Record<string, string> = {}) => {
    const r = await runInProcess(['config', 'show', ...args], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout + r.stderr, /argv-secret/);
    return /warning: a password given with (.*) is visible to every user of this machine \(ps, \/proc\)/.exec(r.stderr)?.[1];
  };
  assert.equal(await warned(['-p', 'argv-secret']), '--password');
  assert.equal(await warned(['--url', 'http://u:argv-secret@127.0.0.1:15672']), '--url');
  assert.equal(await warned(['--amqp-url', 'amqp://u:argv-secret@127.0.0.1:5672', '-p', 'argv-secret']), '--password and --amqp-url');
  assert.equal(await warned([], { RMQX_PASSWORD: 'argv-secret' }), undefined);
  assert.equal(await warned(['--url', 'http://u@127.0.0.1:15672']), undefined);
});
