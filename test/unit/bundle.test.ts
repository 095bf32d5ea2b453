/**
 * The built binary as it starts: bin/rmqx.js runs dist/ through V8's code cache (kept per user,
 * rejected and rewritten when it does not fit), and the trims of scripts/build.mjs keep what
 * they trim working (a compressed answer is still read with zlib loaded lazily).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const bin = fileURLToPath(new URL('../../bin/rmqx.js', import.meta.url));

function rmqx(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
}

const cacheOf = (home: string) => join(home, 'rmqx', 'code');
const entries = (home: string) => {
  try {
    return readdirSync(cacheOf(home)).sort();
  } catch {
    return [];
  }
};

test('the first successful run of a command keeps its compiled code (a private directory, files of mode 600); later runs use it', () => {
  const home = mkdtempSync(join(tmpdir(), 'rmqx-cache-'));
  const first = rmqx(['completion', 'bash'], { XDG_CACHE_HOME: home });
  assert.equal(first.status, 0, first.stderr);
  const [entry, ...more] = entries(home);
  assert.match(entry, /^main-completion-.*\.v8$/);
  assert.deepEqual(more, []);
  assert.equal(statSync(cacheOf(home)).mode & 0o777, 0o700);
  const file = join(cacheOf(home), entry);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const written = statSync(file).mtimeMs;
  assert.ok(statSync(file).size > 10_000, 'a cache of the code that ran');

  const second = rmqx(['completion', 'bash'], { XDG_CACHE_HOME: home });
  assert.equal(second.status, 0, second.stderr);
  assert.equal(second.stdout, first.stdout);
  // accepted by V8, so not written again
  assert.equal(statSync(file).mtimeMs, written);
  assert.deepEqual(entries(home), [entry]);
});

test('a cache entry V8 rejects (damaged, or of another Node.js) costs nothing but a recompile, and is written again', () => {
  const home = mkdtempSync(join(tmpdir(), 'rmqx-cache-'));
  assert.equal(rmqx(['completion', 'bash'], { XDG_CACHE_HOME: home }).status, 0);
  const [entry] = entries(home);
  const file = join(cacheOf(home), entry);
  writeFileSync(file, Buffer.alloc(4096, 7));
  const run = rmqx(['completion', 'bash'], { XDG_CACHE_HOME: home });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /bash completion for rmqx/);
  const again = readFileSync(file);
  assert.notDeepEqual(again, Buffer.alloc(4096, 7));
  assert.ok(again.length > 10_000);
});

test('no cache with NODE_DISABLE_COMPILE_CACHE, after a failed or help-only run, or where the cache cannot be written', () => {
  const home = mkdtempSync(join(tmpdir(), 'rmqx-cache-'));
  assert.equal(rmqx(['completion', 'bash'], { XDG_CACHE_HOME: home, NODE_DISABLE_COMPILE_CACHE: '1' }).status, 0);
  assert.equal(rmqx(['completion', '--help'], { XDG_CACHE_HOME: home }).status, 0);
  assert.equal(rmqx(['completion', 'tcsh'], { XDG_CACHE_HOME: home }).status, 64);
  assert.deepEqual(entries(home), []);

  const locked = mkdtempSync(join(tmpdir(), 'rmqx-cache-'));
  chmodSync(locked, 0o500);
  const run = rmqx(['completion', 'bash'], { XDG_CACHE_HOME: locked, HOME: '/nonexistent' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  if (process.getuid?.() !== 0) assert.deepEqual(entries(locked), []);
});

test('an answer compressed by whatever stands before the broker is still read (zlib loads on first use)', async () => {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    res.end(gzipSync(JSON.stringify([{ name: 'gz-vhost', description: 'compressed', tracing: false }])));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [bin, 'vhost', 'list', '--json', '--url', `http://127.0.0.1:${port}`],
        { env: { PATH: process.env.PATH, HOME: '/nonexistent', RMQX_USERNAME: 'guest', RMQX_PASSWORD: 'guest' } },
        (err, stdout, stderr) => (err ? reject(new Error(stderr)) : resolve(stdout)),
      ),
    );
    assert.deepEqual(
      JSON.parse(out).map((v: { name: string }) => v.name),
      ['gz-vhost'],
    );
  } finally {
    server.close();
  }
});

test('entries of installs that are gone do not pile up: past 64, the oldest go', () => {
  const home = mkdtempSync(join(tmpdir(), 'rmqx-cache-'));
  const dir = cacheOf(home);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let i = 0; i < 80; i++) {
    const f = join(dir, `main-vhost-gone${i}-20-x.v8`);
    writeFileSync(f, 'x');
    utimesSync(f, 1_000_000 + i, 1_000_000 + i);
  }
  const run = rmqx(['completion', 'bash'], { XDG_CACHE_HOME: home });
  assert.equal(run.status, 0, run.stderr);
  const left = entries(home);
  assert.equal(left.length, 64);
  assert.ok(left.some((e) => e.startsWith('main-completion-')), 'the new entry stays');
  assert.equal(left.includes('main-vhost-gone0-20-x.v8'), false, 'the oldest went');
  assert.equal(left.includes('main-vhost-gone79-20-x.v8'), true, 'the newest stayed');
});
