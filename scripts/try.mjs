// npm run try: rmqx's main job against a real broker, for a newcomer on a fresh machine.
// Uses the broker at RMQX_URL, or one answering on 127.0.0.1:15672; when there is none, starts a
// private RabbitMQ node (installing Debian's rabbitmq-server first when run as root), the same way
// the tests do, and leaves it running for you to play with.
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = `${root}bin/rmqx.js`;

// the bundle the tour runs (npm ci does not build it: a package installed from npm ships it built)
const build = spawnSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const env = { ...process.env };

function answers(url) {
  return new Promise((resolve) => {
    const u = new URL('/api/overview', url);
    const req = http.get(u, { auth: 'guest:guest', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

let started = false;
if (!env.RMQX_URL) {
  if (await answers('http://127.0.0.1:15672')) {
    console.error('using the broker on 127.0.0.1:15672');
  } else {
    console.error('no broker given (RMQX_URL) and none on 127.0.0.1:15672: starting a private one');
    const r = spawnSync(process.execPath, [`${root}scripts/broker.mjs`, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (r.status !== 0) process.exit(r.status ?? 1);
    for (const m of r.stdout.matchAll(/^export (\w+)=(.*)$/gm)) env[m[1]] = m[2];
    started = true;
  }
}

const demo = [
  ['overview'],
  ['vhost', 'add', 'rmqx-demo', '--description', 'made by npm run try'],
  ['permission', 'set', 'guest', '.*', '.*', '.*', '-V', 'rmqx-demo'],
  ['exchange', 'declare', 'orders', '--type', 'topic', '-V', 'rmqx-demo'],
  ['queue', 'declare', 'orders-eu', '--type', 'quorum', '-V', 'rmqx-demo'],
  ['queue', 'bind', 'orders-eu', 'orders', '--routing-key', 'eu.#', '-V', 'rmqx-demo'],
  ['queue', 'declare', 'orders-eu', '--type', 'quorum', '-V', 'rmqx-demo'],
  ['binding', 'list', '-V', 'rmqx-demo'],
  ['publish', '-e', 'orders', '-k', 'eu.created', '{"id":17}', '--content-type', 'application/json', '-H', 'attempt=1', '--mandatory', '-V', 'rmqx-demo'],
  ['get', 'orders-eu', '--json', '-V', 'rmqx-demo'],
  ['queue', 'list', '-V', 'rmqx-demo'],
  ['consume', 'orders-eu', '--count', '1', '-V', 'rmqx-demo'],
];
let failed = 0;
for (const args of demo) {
  console.error(`\n$ rmqx ${args.map((a) => (/^[\w./:@=,-]+$/.test(a) ? a : `'${a}'`)).join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { env, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.error('');
if (started) {
  console.error('The private broker keeps running. Point rmqx at it with:');
  console.error(`  export RMQX_URL=${env.RMQX_URL} RMQX_AMQP_URL=${env.RMQX_AMQP_URL}`);
  console.error('and stop it with: npm run broker stop');
}
process.exitCode = failed ? 1 : 0;
