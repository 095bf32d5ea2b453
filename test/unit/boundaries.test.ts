/**
 * The shape DESIGN.md asks for, checked: the protocol layers import nothing of the CLI, nothing
 * below bin/ reads `process`, and a command loads only what it uses (no amqplib for HTTP
 * commands, no axios for AMQP ones, neither for --version).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStub } from '../helpers/stub-server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Value imports (not `import type`) of a file, resolved to paths relative to src/, or package names. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)) {
    const spec = m[1] as string;
    out.push(spec.startsWith('.') ? relative(src, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))) : spec);
  }
  for (const m of text.matchAll(/import\('([^']+)'\)/g)) {
    const spec = m[1] as string;
    out.push(spec.startsWith('.') ? relative(src, resolve(dirname(file), spec.replace(/\.js$/, '.ts'))) : spec);
  }
  return out;
}

test('src/mgmt and src/amqp import nothing of the CLI (no commander, chalk, render, commands)', () => {
  for (const layer of ['mgmt', 'amqp']) {
    for (const file of files(join(src, layer))) {
      for (const imp of valueImports(file)) {
        const inside = imp.startsWith(`${layer}/`) || imp === 'facts.ts';
        const pkg = !imp.includes('/') || imp.startsWith('node:') || imp === 'amqplib' || imp === 'axios';
        assert.ok(inside || (pkg && !['commander', 'chalk', 'cli-table3'].includes(imp)), `${relative(src, file)} imports ${imp}`);
      }
    }
  }
});

test('src/kinds and src/plan: kinds speak mgmt and errors only; the plan engine is pure', () => {
  for (const file of files(join(src, 'kinds'))) {
    for (const imp of valueImports(file)) {
      const ok = imp.startsWith('kinds/') || imp.startsWith('mgmt/') || imp.startsWith('crypto/') || imp === 'errors.ts' || imp === 'render/view.ts' || imp.startsWith('node:');
      assert.ok(ok, `${relative(src, file)} imports ${imp}`);
    }
  }
  for (const imp of valueImports(join(src, 'plan', 'plan.ts'))) assert.fail(`plan/plan.ts imports ${imp}: the engine does no I/O and needs no values from elsewhere`);
});

test('no command imports the program that mounts it (no cycle program → commands → program)', () => {
  for (const file of files(join(src, 'commands'))) {
    for (const imp of valueImports(file)) assert.notEqual(imp, 'cli/program.ts', `${relative(src, file)} imports cli/program.ts`);
  }
});

test('nothing under src/ reads process: I/O and environment come in as parameters', () => {
  for (const file of files(src)) {
    const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    assert.doesNotMatch(code, /\bprocess\.(env|argv|exit|stdout|stderr|stdin|cwd|on)\b/, relative(src, file));
  }
});

/** What a run of the built binary read of dist/ (its file names) and which built-ins it loaded. */
async function loaded(args: string[], env: Record<string, string> = {}): Promise<{ files: string[]; builtins: Set<string>; status: number | null }> {
  const trace = join(mkdtempSync(join(tmpdir(), 'rmqx-trace-')), 'loads');
  const child = spawn(process.execPath, ['--require', join(root, 'test/fixtures/trace-loads.cjs'), join(root, 'bin/rmqx.js'), ...args], {
    env: { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_TRACE_LOADS: trace, RMQX_URL: 'http://127.0.0.1:1', RMQX_AMQP_URL: 'amqp://127.0.0.1:1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  assert.ok(status !== null, stderr);
  const lines = readFileSync(trace, 'utf8').split('\n');
  const after = (prefix: string) => lines.filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
  return { files: after('file ').map((f) => relative(join(root, 'dist'), f)), builtins: new Set(after('builtin ')), status };
}

// what a plain-HTTP or plain-AMQP command never needs: TLS, crypto, compression, the timing API,
// node:assert (see scripts/build.mjs)
const UNUSED = ['tls', 'crypto', 'zlib', 'perf_hooks', 'assert', 'child_process', 'worker_threads'];

test('--version reads nothing of dist/ and loads no HTTP client, nor the streams behind process.stdout', async () => {
  const run = await loaded(['--version']);
  assert.deepEqual(run.files, []);
  assert.ok(run.builtins.has('fs'), 'the trace saw the built-ins');
  for (const m of ['http', 'net', 'stream', 'tty', ...UNUSED]) assert.equal(run.builtins.has(m), false, m);
});

test('an HTTP command runs axios and not amqplib; an AMQP command runs amqplib and not axios; neither loads TLS, crypto, zlib', async () => {
  const http = await loaded(['vhost', 'list']);
  assert.deepEqual(http.files, ['main.js']);
  assert.equal(http.builtins.has('http'), true, 'axios ran');
  for (const m of UNUSED) assert.equal(http.builtins.has(m), false, `vhost list loaded ${m}`);
  const amqp = await loaded(['publish', '-k', 'q', 'x']);
  assert.deepEqual(amqp.files, ['main.js', join('vendor', 'amqplib.js')]);
  // axios loads http when it runs; nothing else on the AMQP path does
  assert.equal(amqp.builtins.has('http'), false, 'axios ran in an AMQP command');
  for (const m of UNUSED) assert.equal(amqp.builtins.has(m), false, `publish loaded ${m}`);
});

test('definitions export FILE writes its file without node:crypto (3-5 ms to load)', async () => {
  const stub = await startStub();
  try {
    const doc = { rabbitmq_version: '4.3.6', vhosts: [{ name: '/', metadata: { description: '', tags: [] } }], queues: [] };
    stub.on('GET', '/api/definitions', { body: doc });
    stub.on('GET', '/api/overview', { body: { rabbitmq_version: '4.3.6', management_version: '4.3.6' } });
    const file = join(mkdtempSync(join(tmpdir(), 'rmqx-export-')), 'defs.json');
    const run = await loaded(['definitions', 'export', file], { RMQX_URL: stub.url, RMQX_USER: 'guest', RMQX_PASSWORD: 'guest' });
    assert.equal(run.status, 0);
    assert.ok(existsSync(file), 'the export was written');
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')).vhosts, doc.vhosts);
    assert.equal(run.builtins.has('crypto'), false, 'definitions export loaded crypto');
  } finally {
    await stub.close();
  }
});
