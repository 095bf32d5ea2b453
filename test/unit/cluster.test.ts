import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startStub, type Stub } from '../helpers/stub-server.js';
import { runInProcess } from '../helpers/memory-io.js';
import { bytes, duration } from '../../src/commands/cluster/units.js';

const NOT_FOUND = { status: 404, body: { error: 'Object Not Found', reason: 'Not Found' } };

async function stubbed(t: { after: (fn: () => Promise<void>) => void }): Promise<Stub> {
  const stub = await startStub();
  t.after(() => stub.close());
  return stub;
}

const OVERVIEW = {
  cluster_name: 'rabbit@dev',
  rabbitmq_version: '3.10.8',
  erlang_version: '25.2.3',
  management_version: '3.10.8',
  node: 'rabbit@dev',
  queue_totals: { messages: 12, messages_ready: 10, messages_unacknowledged: 2 },
  object_totals: { connections: 3, channels: 4, consumers: 1, queues: 5, exchanges: 7 },
  listeners: [{ protocol: 'amqp', port: 5672 }],
};

test('overview: key/value rows in a pipe, the whole API document with --json, a table on a TTY', async (t) => {
  const stub = await stubbed(t);
  stub.on('GET', '/api/overview', { body: OVERVIEW });
  const env = { RMQX_URL: stub.url };
  const tsv = await runInProcess(['overview'], { env });
  assert.equal(tsv.code, 0, tsv.stderr);
  const rows = Object.fromEntries(tsv.stdout.trimEnd().split('\n').map((l) => l.split('\t')));
  assert.equal(rows.RabbitMQ, '3.10.8');
  assert.equal(rows.Erlang, '25.2.3');
  assert.equal(rows.cluster, 'rabbit@dev');
  assert.equal(rows.messages, '12');
  assert.equal(rows['messages unacked'], '2');
  assert.equal(rows.connections, '3');
  assert.equal(rows.exchanges, '7');
  assert.equal(tsv.stderr, '');
  const json = await runInProcess(['overview', '--json'], { env });
  assert.deepEqual(JSON.parse(json.stdout), OVERVIEW);
  assert.deepEqual(
    stub.requests.map((r) => `${r.method} ${r.path}`),
    ['GET /api/overview', 'GET /api/overview'],
  );
});

test('overview: message rates and churn per second when the broker reports them, left out when not', async (t) => {
  const stub = await stubbed(t);
  const withRates = { ...OVERVIEW, message_stats: { publish: 10, publish_details: { rate: 2.5 } }, churn_rates: { connection_created: 4, connection_created_details: { rate: 0.4 }, queue_deleted_details: { rate: 0 } } };
  stub.on('GET', '/api/overview', { body: withRates });
  const tsv = await runInProcess(['overview'], { env: { RMQX_URL: stub.url } });
  const rows = Object.fromEntries(tsv.stdout.trimEnd().split('\n').map((l) => l.split('\t')));
  assert.equal(rows['published/s'], '2.5');
  assert.equal(rows['connections opened/s'], '0.4');
  assert.equal(rows['queues deleted/s'], '0');
  assert.ok(!('delivered/s' in rows) && !('channels closed/s' in rows), 'rates the broker did not report are left out');
});

test('overview and node show on a terminal: a two-column table in human units', async (t) => {
  const stub = await stubbed(t);
  stub.on('GET', '/api/overview', { body: OVERVIEW });
  stub.on('GET', '/api/nodes/rabbit%40a', { body: NODES[0] });
  const env = { RMQX_URL: stub.url };
  const tty = await runInProcess(['overview', '--no-color'], { env, tty: true });
  assert.equal(tty.code, 0, tty.stderr);
  assert.match(tty.stdout, /RabbitMQ\s+│ 3\.10\.8/);
  const node = await runInProcess(['node', 'show', 'rabbit@a', '--no-color'], { env, tty: true });
  assert.equal(node.code, 0, node.stderr);
  assert.match(node.stdout, /memory used\s+│ 1\.5 GiB/);
  assert.match(node.stdout, /uptime\s+│ 2d 3h/);
});

test('overview: a fresh node without totals shows empty cells, not an error', async (t) => {
  const stub = await stubbed(t);
  stub.on('GET', '/api/overview', { body: { rabbitmq_version: '3.13.0', queue_totals: [], object_totals: {} } });
  const r = await runInProcess(['overview'], { env: { RMQX_URL: stub.url } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^RabbitMQ\t3\.13\.0$/m);
  assert.match(r.stdout, /^messages\t$/m);
});

const NODES = [
  {
    name: 'rabbit@a',
    type: 'disc',
    running: true,
    mem_used: 1610612736,
    mem_limit: 3435973837,
    disk_free: 52428800000,
    uptime: 183_780_000,
    fd_used: 42,
    partitions: [],
    mem_alarm: false,
    disk_free_alarm: true,
  },
  { name: 'rabbit@b', type: 'disc', running: false },
];

test('node list: raw numbers in TSV and JSON, human units only in the terminal table', async (t) => {
  const stub = await stubbed(t);
  stub.on('GET', '/api/nodes', { body: NODES });
  const env = { RMQX_URL: stub.url };
  const tsv = await runInProcess(['nodes', 'list'], { env });
  assert.equal(tsv.code, 0, tsv.stderr);
  assert.equal(tsv.stdout, 'rabbit@a\tdisc\ttrue\t1610612736\t3435973837\t52428800000\t183780000\t42\tfalse\ttrue\nrabbit@b\tdisc\tfalse\t\t\t\t\t\t\t\n');
  const json = await runInProcess(['node', 'list', '--json'], { env });
  assert.deepEqual(JSON.parse(json.stdout), NODES);
  const tty = await runInProcess(['node', 'list', '--no-color'], { env, tty: true });
  assert.equal(tty.code, 0, tty.stderr);
  assert.match(tty.stdout, /memory used/);
  assert.match(tty.stdout, /1\.5 GiB/);
  assert.match(tty.stdout, /3\.2 GiB/);
  assert.match(tty.stdout, /48\.8 GiB/);
  assert.match(tty.stdout, /2d 3h/);
  assert.match(tty.stdout, /memory alarm.*disk alarm/);
  assert.match(tty.stdout, /│ false\s+│ true\s+│/, 'alarms as they are, not in bytes');
  assert.doesNotMatch(tty.stdout, /1610612736/);
  const cols = await runInProcess(['node', 'list', '--columns', 'name,mem_used'], { env });
  assert.equal(cols.stdout, 'rabbit@a\t1610612736\nrabbit@b\t\n');
});

test('node show: one node; a node not in the cluster is 66 (the broker answers 500 for it)', async (t) => {
  const stub = await stubbed(t);
  stub.on('GET', '/api/nodes/rabbit%40a', { body: NODES[0] });
  stub.on('GET', '/api/nodes/rabbit%40b', { status: 500, body: { error: 'internal', reason: 'timeout' } });
  stub.on('GET', '/api/nodes', { body: NODES });
  stub.on('GET', /^\/api\/nodes\//, { status: 500 });
  const env = { RMQX_URL: stub.url };
  const ok = await runInProcess(['node', 'show', 'rabbit@a'], { env });
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /^memory used\t1610612736$/m);
  const missing = await runInProcess(['node', 'show', 'rabbit@zz'], { env });
  assert.equal(missing.code, 66);
  assert.equal(missing.stderr, "rmqx: show node 'rabbit@zz': no such node in the cluster\nhint: nodes: rabbit@a, rabbit@b\n");
  // a node of the cluster that fails to answer stays a broker failure
  const broken = await runInProcess(['node', 'show', 'rabbit@b'], { env });
  assert.equal(broken.code, 69);
  assert.match(broken.stderr, /^rmqx: show node 'rabbit@b': timeout/);
  const empty = await runInProcess(['node', 'show', ''], { env });
  assert.equal(empty.code, 64);
  assert.deepEqual(
    stub.requests.map((r) => r.path),
    ['/api/nodes/rabbit%40a', '/api/nodes/rabbit%40zz', '/api/nodes', '/api/nodes/rabbit%40b', '/api/nodes'],
  );
});

const CONNECTION = {
  name: '127.0.0.1:52310 -> 127.0.0.1:5672',
  user: 'guest',
  vhost: 'shop',
  peer_host: '127.0.0.1',
  peer_port: 52310,
  state: 'running',
  channels: 2,
  client_properties: { connection_name: 'orders-worker', product: 'amqplib' },
};

test('connection list: every vhost unless a vhost was chosen (flag, env or profile)', async (t) => {
  const stub = await stubbed(t);
  stub.on('GET', '/api/connections', { body: [CONNECTION] });
  stub.on('GET', '/api/vhosts/shop/connections', { body: [CONNECTION] });
  stub.on('GET', '/api/vhosts/%2F/connections', { body: [] });
  stub.on('GET', /^\/api\/vhosts\/[^/]+\/connections$/, NOT_FOUND);
  const env = { RMQX_URL: stub.url };
  const all = await runInProcess(['connection', 'list'], { env });
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout, '127.0.0.1:52310 -> 127.0.0.1:5672\tguest\tshop\t127.0.0.1\t52310\trunning\t2\torders-worker\n');
  assert.equal((await runInProcess(['connections', 'list', '-V', 'shop'], { env })).code, 0);
  assert.equal((await runInProcess(['connection', 'list'], { env: { ...env, RMQX_VHOST: 'shop' } })).code, 0);
  // the default vhost chosen explicitly is a filter too
  const root = await runInProcess(['connection', 'list', '--vhost', '/'], { env });
  assert.equal(root.code, 0, root.stderr);
  assert.equal(root.stdout, '');
  assert.deepEqual(
    stub.requests.map((r) => r.path),
    ['/api/connections', '/api/vhosts/shop/connections', '/api/vhosts/shop/connections', '/api/vhosts/%2F/connections'],
  );
  const tty = await runInProcess(['connection', 'list', '--no-color'], { env, tty: true });
  assert.match(tty.stdout, /client name/);
  assert.match(tty.stdout, /orders-worker/);
  const json = await runInProcess(['connection', 'list', '--json'], { env });
  assert.deepEqual(JSON.parse(json.stdout), [CONNECTION]);
  const missing = await runInProcess(['connection', 'list', '-V', 'nope'], { env });
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /^rmqx: list connections in vhost 'nope': Not Found/);
});

test('connection close: DELETE with the reason in X-Reason; missing is 66, or a no-op with --if-exists', async (t) => {
  const stub = await stubbed(t);
  const encoded = '/api/connections/127.0.0.1%3A52310%20-%3E%20127.0.0.1%3A5672';
  stub.on('DELETE', encoded, { status: 204 });
  stub.on('DELETE', /^\/api\/connections\//, NOT_FOUND);
  const env = { RMQX_URL: stub.url };
  const closed = await runInProcess(['connection', 'close', CONNECTION.name], { env });
  assert.equal(closed.code, 0, closed.stderr);
  assert.equal(closed.stdout, '');
  assert.equal(closed.stderr, `closed connection '${CONNECTION.name}'\n`);
  assert.equal(stub.requests[0]?.path, encoded);
  assert.equal(stub.requests[0]?.headers['x-reason'], 'closed by rmqx');

  const why = await runInProcess(['connection', 'close', CONNECTION.name, '--reason', 'maintenance window', '--json', '--detailed-exitcode'], { env });
  assert.equal(why.code, 2, why.stderr);
  assert.deepEqual(JSON.parse(why.stdout), { action: 'closed', kind: 'connection', name: CONNECTION.name, changed: true });
  assert.equal(stub.requests[1]?.headers['x-reason'], 'maintenance window');

  const missing = await runInProcess(['connection', 'close', 'gone'], { env });
  assert.equal(missing.code, 66);
  assert.equal(missing.stderr, "rmqx: close connection 'gone': it does not exist\nhint: add --if-exists to make a missing object a success\n");
  const ifExists = await runInProcess(['connection', 'close', 'gone', '--if-exists', '--detailed-exitcode'], { env });
  assert.equal(ifExists.code, 0, ifExists.stderr);
  assert.match(ifExists.stderr, /does not exist; nothing to do/);
  assert.equal(stub.requests.length, 4);
});

test('connection close: bad input is 64 and nothing is sent', async (t) => {
  const stub = await stubbed(t);
  const env = { RMQX_URL: stub.url };
  const noName = await runInProcess(['connection', 'close'], { env });
  assert.equal(noName.code, 64);
  assert.match(noName.stderr, /missing required argument 'name'/);
  const empty = await runInProcess(['connection', 'close', ''], { env });
  assert.equal(empty.code, 64);
  assert.match(empty.stderr, /connection name is empty/);
  const blank = await runInProcess(['connection', 'close', 'c', '--reason', ' '], { env });
  assert.equal(blank.code, 64);
  assert.match(blank.stderr, /reason is empty/);
  const header = await runInProcess(['connection', 'close', 'c', '--reason', 'line\nbreak'], { env });
  assert.equal(header.code, 64);
  assert.match(header.stderr, /printable ASCII/);
  const unicode = await runInProcess(['connection', 'close', 'c', '--reason', 'Wartung läuft'], { env });
  assert.equal(unicode.code, 64);
  assert.equal(stub.requests.length, 0);
});

test('channel list: columns, vhost scope like connections', async (t) => {
  const stub = await stubbed(t);
  const channel = { name: '127.0.0.1:52310 -> 127.0.0.1:5672 (1)', user: 'guest', vhost: 'shop', consumer_count: 1, messages_unacknowledged: 3, prefetch_count: 10, number: 1 };
  stub.on('GET', '/api/channels', { body: [channel] });
  stub.on('GET', '/api/vhosts/shop/channels', { body: [channel] });
  const env = { RMQX_URL: stub.url };
  const r = await runInProcess(['channels', 'list'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '127.0.0.1:52310 -> 127.0.0.1:5672 (1)\tguest\tshop\t1\t3\t10\n');
  assert.equal((await runInProcess(['channel', 'list', '-V', 'shop'], { env })).code, 0);
  assert.deepEqual(
    stub.requests.map((q) => q.path),
    ['/api/channels', '/api/vhosts/shop/channels'],
  );
});

test('consumer list: nested columns; JSON keeps the API document; --columns reaches nested fields', async (t) => {
  const stub = await stubbed(t);
  const consumer = {
    queue: { name: 'orders', vhost: 'shop' },
    consumer_tag: 'amq.ctag-1',
    channel_details: { connection_name: '127.0.0.1:52310 -> 127.0.0.1:5672', number: 1 },
    ack_required: true,
    prefetch_count: 10,
    active: true,
    exclusive: false,
  };
  stub.on('GET', '/api/consumers', { body: [consumer] });
  stub.on('GET', '/api/consumers/shop', { body: [consumer] });
  const env = { RMQX_URL: stub.url };
  const r = await runInProcess(['consumers', 'list'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'orders\tshop\tamq.ctag-1\t127.0.0.1:52310 -> 127.0.0.1:5672\ttrue\t10\ttrue\n');
  const json = await runInProcess(['consumer', 'list', '-V', 'shop', '--json'], { env });
  assert.deepEqual(JSON.parse(json.stdout), [consumer]);
  const cols = await runInProcess(['consumer', 'list', '--json', '--columns', 'queue.name,consumer_tag'], { env });
  assert.deepEqual(JSON.parse(cols.stdout), [{ 'queue.name': 'orders', consumer_tag: 'amq.ctag-1' }]);
  assert.deepEqual(
    stub.requests.map((q) => q.path),
    ['/api/consumers', '/api/consumers/shop', '/api/consumers'],
  );
});

test('human units: bytes in binary units, durations as the two largest units', () => {
  assert.equal(bytes(0), '0 B');
  assert.equal(bytes(1023), '1023 B');
  assert.equal(bytes(1536), '1.5 KiB');
  assert.equal(bytes(5 * 1024 ** 3), '5.0 GiB');
  assert.equal(bytes(undefined), '');
  assert.equal(bytes('n/a'), 'n/a');
  assert.equal(duration(0), '0s');
  assert.equal(duration(42_000), '42s');
  assert.equal(duration(65_000), '1m 5s');
  assert.equal(duration(3_600_000), '1h');
  assert.equal(duration(183_780_000), '2d 3h');
  assert.equal(duration(86_400_000 + 60_000), '1d');
  assert.equal(duration(undefined), '');
});
