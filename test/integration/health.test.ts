import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BROKER, api, brokerVersion, rmqx, until } from '../helpers/cli.js';

const amqpPort = () => new URL(BROKER.amqpUrl).port;
/** What the broker has, by its own version (the tests decide from what it reports). */
async function has(): Promise<{ serving: boolean; leaders: boolean; mirrorSync: boolean; metadata: boolean; clusterSize: boolean }> {
  const [major, minor, patch] = await brokerVersion();
  const atLeast = (a: number, b: number, c = 0) => major !== a ? major > a : minor !== b ? minor > b : patch >= c;
  // upstream's dispatcher at each tag (see src/mgmt/capabilities.ts): some came in patch releases
  return { serving: atLeast(4, 1, 1), leaders: atLeast(4, 1, 0), mirrorSync: !atLeast(4, 0), metadata: atLeast(4, 0, 6), clusterSize: atLeast(4, 2, 4) };
}

test('health check: the plain checks pass (exit 0), with the verdict as JSON', async () => {
  for (const name of ['alarms', 'local-alarms', 'virtual-hosts', 'node-is-quorum-critical']) {
    // the test broker is shared with files that add and delete vhosts and quorum queues all
    // the time, and a vhost being deleted is briefly down: the check is asked until it is
    // healthy, and each answer must then say so the same way in JSON and in words
    const r = await until(async () => {
      const x = await rmqx(['health', 'check', name, '--json']);
      return x.code === 0 ? x : undefined;
    }, `health check ${name} to pass`);
    assert.equal(JSON.parse(r.stdout).check, name);
    assert.equal(JSON.parse(r.stdout).status, 'ok');
    const plain = await until(async () => {
      const x = await rmqx(['health', 'check', name]);
      return x.code === 0 ? x : undefined;
    }, `health check ${name} to pass in words`);
    assert.equal(plain.stdout, '');
    assert.match(plain.stderr, new RegExp(`^health check ${name}: ok`));
  }
});

test('health check port-listener and protocol-listener: a listener is 0, none is 1 with the reason on one line (not 75)', async () => {
  const port = await rmqx(['health', 'check', 'port-listener', amqpPort()]);
  assert.equal(port.code, 0, port.stderr);
  const closed = await rmqx(['health', 'check', 'port-listener', '1']);
  assert.equal(closed.code, 1, closed.stderr);
  assert.equal(closed.stderr, 'rmqx: health check port-listener 1: failed: No active listener\n');
  const json = await rmqx(['health', 'check', 'port-listener', '1', '--json']);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.stdout), { check: 'port-listener', status: 'failed', reason: 'No active listener' });
  assert.equal((await rmqx(['health', 'check', 'protocol-listener', 'amqp'])).code, 0);
  const nope = await rmqx(['health', 'check', 'protocol-listener', 'nope']);
  assert.equal(nope.code, 1, nope.stderr);
  assert.match(nope.stderr, /failed: No active listener/);
});

test('health check certificate-expiration: --within 30D, or the period as its value', async () => {
  for (const args of [['--within', '30D'], ['4W'], ['--within', '6M'], ['1Y'], []]) {
    const r = await rmqx(['health', 'check', 'certificate-expiration', ...args]);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
  const r = await rmqx(['health', 'check', 'certificate-expiration', '--within', '30D']);
  assert.match(r.stderr, /certificate-expiration 30 days: ok/);
});

test("health check: a check this broker's version lacks is 66 naming the version; one it has runs", async () => {
  const version = (await api('GET', '/api/overview')).body.rabbitmq_version as string;
  const h = await has();
  for (const [name, present] of [['is-in-service', h.serving], ['ready-to-serve-clients', h.serving], ['below-node-connection-limit', h.serving], ['node-is-mirror-sync-critical', h.mirrorSync], ['metadata-store/initialized', h.metadata], ['metadata-store/initialized/with-data', h.metadata], ['quorum-queues-without-elected-leaders', h.leaders]] as const) {
    const r = await rmqx(['health', 'check', name]);
    if (present) assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    else {
      assert.equal(r.code, 66, `${name}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`health check ${name.replace(/\//g, '\\/')}: RabbitMQ ${version.replace(/\./g, '\\.')} does not have this check`));
    }
  }
  if (h.leaders) {
    const qq = await rmqx(['health', 'check', 'quorum-queues-without-elected-leaders', '--all-vhosts', '--pattern', '^orders']);
    assert.equal(qq.code, 0, qq.stderr);
    assert.match(qq.stderr, /\(all vhosts, pattern '\^orders'\): ok/);
  }
});

test('health check all: a row per check this broker has (check, status, reason); exit 0 when all pass', async () => {
  // asked until healthy: other files add and delete vhosts on this broker meanwhile (see above)
  const r = await until(async () => {
    const x = await rmqx(['health', 'check', 'all', '--json']);
    return x.code === 0 ? x : undefined;
  }, 'health check all to pass');
  const rows = JSON.parse(r.stdout) as Array<{ check: string; status: string; reason: string }>;
  const names = rows.map((x) => x.check);
  for (const n of ['alarms', 'local-alarms', 'virtual-hosts', 'node-is-quorum-critical', `port-listener ${amqpPort()}`, 'protocol-listener amqp', 'certificate-expiration 4 weeks']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
  assert.ok(rows.every((x) => x.status === 'ok'));
  const h = await has();
  assert.equal(names.includes('is-in-service'), h.serving);
  assert.equal(names.includes('node-is-mirror-sync-critical'), h.mirrorSync);
  assert.equal(names.includes('metadata-store/initialized'), h.metadata);
  assert.equal(names.includes('reached-target-cluster-size'), h.clusterSize);
  const tsv = await rmqx(['health', 'check', 'all']);
  assert.match(tsv.stdout, /^alarms\tok\t$/m);
  // a port nobody listens on (the AMQP URL's port is what `all` checks): one row fails, exit 1
  const failing = await rmqx(['health', 'check', 'all'], { env: { RMQX_AMQP_URL: 'amqp://127.0.0.1:1' } });
  assert.equal(failing.code, 1, failing.stderr);
  assert.match(failing.stdout, /^port-listener 1\tfailed\tNo active listener$/m);
  assert.match(failing.stderr, /health check all: \d+ of \d+ failed: (.*, )?port-listener 1/);
});

test('health check: bad input is 64 before any request; an unreachable broker 69', async () => {
  const bad = [
    ['nope'], ['port-listener'], ['port-listener', 'x'], ['port-listener', '70000'], ['protocol-listener'], ['protocol-listener', 'a b'],
    ['certificate-expiration', '--within', '3m'], ['certificate-expiration', '--within', '30'], ['certificate-expiration', 'soon'], ['alarms', 'extra'], ['alarms', '--within', '30D'],
    ['all', 'x'], ['alarms', '--pattern', 'x'], ['quorum-queues-without-elected-leaders', '--pattern', '('],
  ];
  for (const args of bad) {
    // an unreachable URL: 64 proves nothing was asked
    const r = await rmqx(['health', 'check', ...args], { env: { RMQX_URL: 'http://127.0.0.1:1' } });
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^(rmqx|error):/);
  }
  const down = await rmqx(['health', 'check', 'alarms'], { env: { RMQX_URL: 'http://127.0.0.1:1' } });
  assert.equal(down.code, 69, down.stderr);
});

test('node memory: the breakdown largest first, raw bytes in TSV and JSON; a node not in the cluster is 66', async () => {
  const node = (await api('GET', '/api/overview')).body.node as string;
  const json = await rmqx(['node', 'memory', node, '--json']);
  assert.equal(json.code, 0, json.stderr);
  const rows = JSON.parse(json.stdout) as Array<{ category: string; bytes: number; percent: number }>;
  assert.ok(rows.length > 10);
  for (let i = 1; i < rows.length; i++) assert.ok((rows[i - 1] as { bytes: number }).bytes >= (rows[i] as { bytes: number }).bytes, 'sorted largest first');
  assert.ok(rows.some((r) => r.category === 'code' && Number.isInteger(r.bytes) && r.bytes > 1_000_000));
  assert.ok(!rows.some((r) => r.category === 'total' || r.category === 'strategy'));
  const tsv = await rmqx(['node', 'memory', node]);
  assert.match(tsv.stdout, /^code\t\d+\t[\d.]+$/m);
  assert.match(tsv.stderr, /in total by the (rss|allocated|erlang) strategy/);
  const cols = await rmqx(['node', 'memory', node, '--columns', 'category,bytes']);
  assert.match(cols.stdout, /^code\t\d+$/m);
  const missing = await rmqx(['node', 'memory', 'rabbit@no-such-host']);
  assert.equal(missing.code, 66, missing.stderr);
  assert.match(missing.stderr, /no such node in the cluster/);
  assert.equal((await rmqx(['node', 'memory'])).code, 64);
});
