/** scripts/runtime.mjs: where the test brokers come from (pure parts: the apt mirror, the cached root). */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain .mjs script without types
import { aptMirror, ensureNewestRoot } from '../../scripts/runtime.mjs';

const made: string[] = [];
after(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function etc(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rmqx-apt-'));
  made.push(dir);
  mkdirSync(join(dir, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('the mirror comes from the machine’s own apt sources: deb822 first, then sources.list; never the security archive', () => {
  const deb822 = etc({
    'sources.list.d/debian.sources': [
      'Types: deb',
      'URIs: http://security.example.org/debian-security',
      'Suites: bookworm-security',
      '',
      'Types: deb',
      'URIs: http://mirror.example.org/debian/',
      'Suites: bookworm bookworm-updates',
      'Components: main',
    ].join('\n'),
  });
  assert.equal(aptMirror(deb822), 'http://mirror.example.org/debian');
  const disabled = etc({ 'sources.list.d/a.sources': 'Types: deb\nURIs: http://off.example.org/debian\nEnabled: no\n', 'sources.list': 'deb [arch=amd64] http://one.example.org/debian bookworm main\n' });
  assert.equal(aptMirror(disabled), 'http://one.example.org/debian');
  assert.equal(aptMirror(etc({ 'sources.list': '# deb http://x.example.org/debian bookworm main\n' })), undefined);
});

test('a cached sid root younger than a week is reused as it is: no debootstrap, no root needed', () => {
  const cache = mkdtempSync(join(tmpdir(), 'rmqx-cache-'));
  made.push(cache);
  const root = join(cache, 'sid-rabbitmq-9.9.9-1');
  mkdirSync(root);
  writeFileSync(join(root, '.rmqx-root.json'), JSON.stringify({ version: '9.9.9-1', builtAt: Date.now() - 3600e3, mirror: 'http://m', seconds: 30 }));
  const old = join(cache, 'sid-rabbitmq-9.9.8-1');
  mkdirSync(old);
  writeFileSync(join(old, '.rmqx-root.json'), JSON.stringify({ version: '9.9.8-1', builtAt: Date.now() - 5 * 86400e3, mirror: 'http://m', seconds: 30 }));
  const saved = process.env.RMQX_BROKER_CACHE;
  process.env.RMQX_BROKER_CACHE = cache;
  try {
    const r = ensureNewestRoot();
    assert.equal(r.dir, root, 'the newest ready root');
    assert.equal(r.version, '9.9.9-1');
  } finally {
    if (saved === undefined) delete process.env.RMQX_BROKER_CACHE;
    else process.env.RMQX_BROKER_CACHE = saved;
  }
});
