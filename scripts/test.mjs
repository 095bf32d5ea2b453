// npm test: build, start a private RabbitMQ node, run the unit and integration tiers and the
// fault suite (test/faults/: nodes of its own, killed and started again) in one node:test run,
// remove the node; then the cluster group (test/cluster/), whose files start their own 3-node
// cluster.
//
//   --broker system|newest   which RabbitMQ (RMQX_TEST_BROKER; default system): this machine's
//                            rabbitmq-server, or Debian sid's from a cached chroot
//                            (scripts/runtime.mjs). A tier that cannot be had (not root, no
//                            debootstrap, no mirror) is skipped with the reason; with
//                            RMQX_TEST_REQUIRE_TIER=1 (as .ci/run sets) that fails the run.
//   --unit                   the in-process tier only (no broker)
//   --no-cluster             leave out the cluster group
//   --cluster                the cluster group only
//   FILES                    test files to run instead of all of them
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const valueOf = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const tier = valueOf('--broker') ?? process.env.RMQX_TEST_BROKER ?? 'system';
const picked = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--broker');
const log = (line) => console.error(`[broker] ${line}`);

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const list = (dir) => readdirSync(`${root}${dir}`).filter((f) => f.endsWith('.test.ts')).sort().map((f) => `${dir}/${f}`);
let main;
let cluster;
if (picked.length) {
  main = picked.filter((f) => !f.includes('test/cluster/'));
  cluster = picked.filter((f) => f.includes('test/cluster/'));
} else if (flag('--cluster')) {
  main = [];
  cluster = list('test/cluster');
} else {
  main = [...list('test/unit'), ...(flag('--unit') ? [] : [...list('test/integration'), ...list('test/faults')])];
  cluster = flag('--unit') || flag('--no-cluster') ? [] : list('test/cluster');
}
const needsBroker = [...main, ...cluster].some((f) => !f.includes('test/unit/'));

const env = { ...process.env, RMQX_TEST_BROKER: tier };
if (needsBroker) {
  const { runtimeFor, installPackages, TierUnavailable } = await import('./runtime.mjs');
  try {
    const rt = runtimeFor(tier, { log });
    env.RMQX_TEST_BROKER_VERSION = rt.version ?? '';
  } catch (err) {
    if (!(err instanceof TierUnavailable)) throw err;
    console.error(`# SKIP the tests on this tier: ${err.message}`);
    process.exit(process.env.RMQX_TEST_REQUIRE_TIER === '1' ? 1 : 0);
  }
  // the rpc tests talk to the pika tutorial server: install python3-pika as root, else they skip
  if (spawnSync('/usr/bin/python3', ['-c', 'import pika'], { stdio: 'ignore' }).status !== 0) installPackages(['python3-pika'], { log });
}

function nodeTest(files, extraEnv = {}, concurrency = 2) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], { cwd: root, env: { ...env, ...extraEnv }, stdio: 'inherit' });
    child.on('close', (c) => resolve(c ?? 1));
  });
}

let code = 0;
if (main.length) {
  let broker;
  const extra = {};
  if (main.some((f) => f.includes('integration')) && !process.env.RMQX_TEST_URL) {
    const { startBroker } = await import('./broker.mjs');
    broker = await startBroker({ log, tier });
    extra.RMQX_TEST_URL = broker.url;
    extra.RMQX_TEST_AMQP_URL = broker.amqpUrl;
    extra.RMQX_TEST_BROKER_VERSION = broker.version ?? '';
  }
  code = await nodeTest(main, extra);
  if (broker) await broker.stop();
}
if (cluster.length) {
  console.error(`[broker] cluster group: ${cluster.length} files, each with its own 3-node cluster (${tier})`);
  // one file at a time: three nodes each are enough for two cores
  const c = await nodeTest(cluster, {}, 1);
  code = code || c;
}
process.exitCode = code;
