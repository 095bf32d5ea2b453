import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskUrl, resolveSettings, type FileSystem } from '../../src/config/resolve.js';
import { ConfigError, UsageError } from '../../src/errors.js';

const files = (map: Record<string, { text: string; mode?: number }>): FileSystem => ({
  readText: (p) => map[p]?.text,
  mode: (p) => (map[p] ? (map[p].mode ?? 0o100600) : undefined),
});
const none = files({});

test('defaults: local broker, guest, vhost /, 30 s', () => {
  const s = resolveSettings({}, { HOME: '/h' }, none);
  assert.deepEqual(s.urls, ['http://127.0.0.1:15672']);
  assert.deepEqual(s.amqpUrls, ['amqp://127.0.0.1:5672']);
  assert.equal(s.username, 'guest');
  assert.equal(s.password, 'guest');
  assert.equal(s.vhost, '/');
  assert.equal(s.timeoutMs, 30_000);
  assert.equal(s.configPath, '/h/.config/rmqx/config.json');
  assert.equal(s.origins.url?.kind, 'default');
});

test('a URL list is split; the AMQP URL is derived from the first, amqps for https', () => {
  const s = resolveSettings({ url: 'https://a.example:15671, https://b.example:15671' }, {}, none);
  assert.deepEqual(s.urls, ['https://a.example:15671', 'https://b.example:15671']);
  assert.deepEqual(s.amqpUrls, ['amqps://a.example:5671', 'amqps://b.example:5671']);
  const v6 = resolveSettings({ url: 'http://[::1]:15672' }, {}, none);
  assert.deepEqual(v6.amqpUrls, ['amqp://[::1]:5672']);
});

test('credentials in the URL are taken out of it and used unless given otherwise', () => {
  const s = resolveSettings({ url: 'http://admin:s%40cret@h:15672/prefix' }, {}, none);
  assert.deepEqual(s.urls, ['http://h:15672/prefix']);
  assert.equal(s.username, 'admin');
  assert.equal(s.password, 's@cret');
  const flagged = resolveSettings({ url: 'http://admin:x@h:15672', username: 'bob' }, { RMQX_PASSWORD: 'envpw' }, none);
  assert.equal(flagged.username, 'bob');
  assert.equal(flagged.password, 'envpw');
});

test('precedence: flag > env > profile > default, each with its origin', () => {
  const fs = files({ '/c.json': { text: JSON.stringify({ profiles: { default: { vhost: 'from-profile', timeout: 5, username: 'puser' } } }) } });
  const env = { RMQX_CONFIG: '/c.json', RMQX_VHOST: 'from-env' };
  const s = resolveSettings({ vhost: 'from-flag' }, env, fs);
  assert.equal(s.vhost, 'from-flag');
  assert.equal(s.origins.vhost?.kind, 'flag');
  assert.equal(resolveSettings({}, env, fs).vhost, 'from-env');
  const p = resolveSettings({}, { RMQX_CONFIG: '/c.json' }, fs);
  assert.equal(p.vhost, 'from-profile');
  assert.equal(p.timeoutMs, 5000);
  assert.equal(p.username, 'puser');
  assert.match(p.origins.vhost?.detail ?? '', /profile 'default' in \/c.json/);
});

test('a password literal beats a password file at the same level; the file gives its first line', () => {
  const fs = files({ '/pw': { text: 'filepw\nsecond line\n' } });
  assert.equal(resolveSettings({ passwordFile: '/pw' }, {}, fs).password, 'filepw');
  assert.equal(resolveSettings({ passwordFile: '/pw' }, { RMQX_PASSWORD: 'env' }, fs).password, 'filepw');
  assert.equal(resolveSettings({}, { RMQX_PASSWORD_FILE: '/pw' }, fs).password, 'filepw');
  assert.throws(() => resolveSettings({ passwordFile: '/missing' }, {}, fs), /does not exist/);
});

test('bad values: usage errors from flags and env, config errors from profiles', () => {
  assert.throws(() => resolveSettings({ timeout: '-1' }, {}, none), UsageError);
  assert.throws(() => resolveSettings({ timeout: 'abc' }, {}, none), UsageError);
  assert.throws(() => resolveSettings({ url: 'ftp://x' }, {}, none), /must start with http/);
  assert.throws(() => resolveSettings({ amqpUrl: 'http://x' }, {}, none), /amqp/);
  assert.throws(() => resolveSettings({ vhost: '' }, {}, none), UsageError);
  const fs = files({ '/c.json': { text: JSON.stringify({ profiles: { default: { timeout: 'soon' } } }) } });
  assert.throws(() => resolveSettings({}, { RMQX_CONFIG: '/c.json' }, fs), ConfigError);
});

test('config file rules: missing explicit file, unknown profile, group-readable password', () => {
  assert.throws(() => resolveSettings({ config: '/nope.json' }, {}, none), ConfigError);
  assert.throws(() => resolveSettings({ profile: 'prod' }, { HOME: '/h' }, none), /unknown profile 'prod'/);
  const open = files({ '/c.json': { text: JSON.stringify({ profiles: { default: { password: 'pw' } } }), mode: 0o100644 } });
  assert.throws(
    () => resolveSettings({}, { RMQX_CONFIG: '/c.json' }, open),
    (e: unknown) => e instanceof ConfigError && /chmod 600 '\/c.json'/.test(e.hint ?? ''),
  );
  const closed = files({ '/c.json': { text: JSON.stringify({ profiles: { default: { password: 'pw' } } }), mode: 0o100600 } });
  assert.equal(resolveSettings({}, { RMQX_CONFIG: '/c.json' }, closed).password, 'pw');
});

test('maskUrl hides only the password', () => {
  assert.equal(maskUrl('amqp://user:secret@host:5672/vh'), 'amqp://user:***@host:5672/vh');
  assert.equal(maskUrl('http://host:15672'), 'http://host:15672');
  assert.equal(maskUrl('http://a:p1@h1:15672,http://b:p2@h2:15672'), 'http://a:***@h1:15672,http://b:***@h2:15672');
});

test('URL credentials: a bad %-escape is a usage error, and a URL that fails to parse is never echoed with its password', () => {
  assert.throws(() => resolveSettings({ url: 'http://admin:50%off@h:15672' }, {}, none), (e: unknown) => e instanceof UsageError && /%-escape/.test(e.message));
  assert.throws(() => resolveSettings({ amqpUrl: 'amqp://admin:50%zz@h' }, {}, none), UsageError);
  for (const url of ['http://admin:pa/ss@h:15672', 'http://admin:pa,ss@h:15672', 'ftp://admin:s3cret@h']) {
    assert.throws(
      () => resolveSettings({ url }, {}, none),
      (e: unknown) => e instanceof UsageError && !/pa\/ss|pa,ss|ss@|s3cret/.test(e.message) && !/'http:\/\/admin:pa'/.test(e.message),
      url,
    );
  }
});

test('a config file with a password inside a URL must not be readable by others either', () => {
  const open = files({ '/c.json': { text: JSON.stringify({ profiles: { default: { url: 'http://u:secret@h:15672' } } }), mode: 0o100644 } });
  assert.throws(() => resolveSettings({}, { RMQX_CONFIG: '/c.json' }, open), ConfigError);
  const noPassword = files({ '/c.json': { text: JSON.stringify({ profiles: { default: { url: 'http://u@h:15672' } } }), mode: 0o100644 } });
  assert.equal(resolveSettings({}, { RMQX_CONFIG: '/c.json' }, noPassword).username, 'u');
});
