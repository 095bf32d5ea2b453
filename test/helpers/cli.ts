/**
 * Integration helpers: run the built bin/rmqx.js as a child process against the private broker
 * that scripts/test.mjs started (RMQX_TEST_URL, RMQX_TEST_AMQP_URL), and give each test file
 * its own vhost.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { RunResult } from './memory-io.js';

export const BIN = fileURLToPath(new URL('../../bin/rmqx.js', import.meta.url));

export const BROKER = {
  url: process.env.RMQX_TEST_URL ?? '',
  amqpUrl: process.env.RMQX_TEST_AMQP_URL ?? '',
};

export function requireBroker(): void {
  if (!BROKER.url) throw new Error('no test broker: run the integration tests through `npm test` (scripts/test.mjs starts one)');
}

export interface CliOptions {
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  /** replace the environment instead of adding to the test defaults */
  bareEnv?: boolean;
  timeoutMs?: number;
}

/** rmqx ARGS against the test broker: RMQX_URL points there; HOME is empty so no config file is read. */
export function rmqx(args: string[], opts: CliOptions = {}): Promise<RunResult & { stdoutBytes: Buffer }> {
  const base: Record<string, string | undefined> = opts.bareEnv
    ? { PATH: process.env.PATH, HOME: '/nonexistent-home' }
    : { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_URL: BROKER.url, RMQX_AMQP_URL: BROKER.amqpUrl };
  const env = { ...base, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdoutBytes = Buffer.concat(out);
      resolve({ code: code ?? (signal ? 128 : -1), stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes });
    });
    child.stdin.on('error', () => {});
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/** A fresh vhost for one test file (created through the API directly, not through rmqx). */
export async function freshVhost(prefix: string): Promise<string> {
  requireBroker();
  const name = unique(prefix);
  await api('PUT', `/api/vhosts/${encodeURIComponent(name)}`, {});
  await api('PUT', `/api/permissions/${encodeURIComponent(name)}/guest`, { configure: '.*', write: '.*', read: '.*' });
  return name;
}

export async function dropVhost(name: string): Promise<void> {
  await api('DELETE', `/api/vhosts/${encodeURIComponent(name)}`).catch(() => {});
}

/** Talk to the broker's API directly (guest), independent of rmqx, to check what rmqx did. */
export function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return apiAt(BROKER.url, method, path, body);
}

/** The same against another broker (a private node of a test's own). */
export async function apiAt(base: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, {
    method,
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Poll until fn returns a truthy value (the API's counts lag by the statistics interval). */
export async function until<T>(fn: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The test broker's RabbitMQ version as [major, minor, patch], read from its own /api/overview. */
export async function brokerVersion(): Promise<[number, number, number]> {
  const v = String((await api('GET', '/api/overview')).body?.rabbitmq_version ?? '');
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
  if (!m) throw new Error(`unreadable rabbitmq_version '${v}'`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** The test broker's deprecated features by name (none on brokers older than 3.13, which lack the API). */
export async function deprecatedFeatures(): Promise<Map<string, { state?: string; deprecation_phase: string }>> {
  const r = await api('GET', '/api/deprecated-features');
  return new Map(r.status === 200 ? (r.body as Array<{ name: string; state?: string; deprecation_phase: string }>).map((f) => [f.name, f]) : []);
}
