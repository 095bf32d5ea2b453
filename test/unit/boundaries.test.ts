/**
 * The shape DESIGN.md asks for, checked: the protocol layers import nothing of the CLI, nothing
 * below bin/ reads `process`, and a command loads only what it uses (no amqplib for HTTP
 * commands, no axios for AMQP ones, neither for --version).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Which dist/ files a run of the built binary loaded. */
function loaded(args: string[]): string[] {
  const trace = join(mkdtempSync(join(tmpdir(), 'rmqx-trace-')), 'loads');
  const r = spawnSync(process.execPath, ['--import', join(root, 'test/fixtures/trace-loads.mjs'), join(root, 'bin/rmqx.js'), ...args], {
    env: { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_TRACE_LOADS: trace, RMQX_URL: 'http://127.0.0.1:1', RMQX_AMQP_URL: 'amqp://127.0.0.1:1' },
    encoding: 'utf8',
  });
  assert.ok(r.status !== null, r.stderr);
  let text = '';
  try {
    text = readFileSync(trace, 'utf8');
  } catch {
    /* nothing loaded */
  }
  return text.split('\n').filter((u) => u.includes('/dist/')).map((u) => readFileSync(fileURLToPath(u), 'utf8'));
}

const hasAmqplib = (chunks: string[]) => chunks.some((c) => c.includes('ConfirmChannel'));
const hasAxios = (chunks: string[]) => chunks.some((c) => c.includes('AxiosHeaders'));
const hasTable = (chunks: string[]) => chunks.some((c) => c.includes('cli-table3'));

test('--version loads neither axios nor amqplib nor the table renderer', () => {
  const chunks = loaded(['--version']);
  assert.ok(chunks.length > 0, 'the trace saw the bundle');
  assert.equal(hasAxios(chunks), false);
  assert.equal(hasAmqplib(chunks), false);
  assert.equal(hasTable(chunks), false);
  // nor the command tree: `--version` alone reads dist/version.js only
  assert.equal(chunks.some((c) => c.includes('CommanderError')), false, 'commander was loaded');
});

test('an HTTP command loads axios and not amqplib; an AMQP command loads amqplib and not axios', () => {
  const http = loaded(['vhost', 'list']);
  assert.equal(hasAxios(http), true);
  assert.equal(hasAmqplib(http), false);
  const amqp = loaded(['publish', '-k', 'q', 'x']);
  assert.equal(hasAmqplib(amqp), true);
  assert.equal(hasAxios(amqp), false);
});
