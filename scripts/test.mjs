// npm test: build, start a private RabbitMQ node, run both test tiers in one node:test run,
// remove the node. `--unit` runs the in-process tier only (no broker).
// Extra arguments are test files to run instead of all of them.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const unitOnly = args.includes('--unit');
const picked = args.filter((a) => !a.startsWith('--'));

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const list = (dir) => readdirSync(`${root}${dir}`).filter((f) => f.endsWith('.test.ts')).sort().map((f) => `${dir}/${f}`);
const files = picked.length ? picked : [...list('test/unit'), ...(unitOnly ? [] : list('test/integration'))];
const needBroker = files.some((f) => f.includes('integration'));

let broker;
const env = { ...process.env };
if (needBroker && !process.env.RMQX_TEST_URL) {
  const { startBroker, ensureInstalled } = await import('./broker.mjs');
  const log = (line) => console.error(`[broker] ${line}`);
  await ensureInstalled({ log });
  broker = await startBroker({ log });
  env.RMQX_TEST_URL = broker.url;
  env.RMQX_TEST_AMQP_URL = broker.amqpUrl;
}

const code = await new Promise((resolve) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { cwd: root, env, stdio: 'inherit' });
  child.on('close', (c) => resolve(c ?? 1));
});
if (broker) await broker.stop();
process.exitCode = code;
