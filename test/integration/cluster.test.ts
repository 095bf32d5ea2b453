import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import amqplib, { type Channel, type ChannelModel } from 'amqplib';
import { BROKER, api, dropVhost, freshVhost, rmqx, unique, until } from '../helpers/cli.js';

interface Row {
  [k: string]: unknown;
}

let vhost = '';
let conn: ChannelModel | undefined;
let channel: Channel | undefined;
/** resolves with the error amqplib reports when the broker closes the connection */
let closed: Promise<Error | undefined> | undefined;
const clientName = unique('itest-conn');
const queue = unique('itest-q');
let consumerTag = '';

before(async () => {
  vhost = await freshVhost('cluster');
  conn = await amqplib.connect(`${BROKER.amqpUrl}/${encodeURIComponent(vhost)}`, { clientProperties: { connection_name: clientName } });
  // a connection closed by the broker emits 'error' too; without a listener that would crash the run
  conn.on('error', () => {});
  closed = new Promise((resolve) => conn?.once('close', (err?: Error) => resolve(err)));
  channel = await conn.createChannel();
  channel.on('error', () => {});
  await channel.assertQueue(queue, { durable: false });
  await channel.prefetch(7);
  consumerTag = (await channel.consume(queue, () => {}, { noAck: false })).consumerTag;
});

after(async () => {
  await conn?.close().catch(() => {});
  await dropVhost(vhost);
});

async function listJson(args: string[]): Promise<Row[]> {
  const r = await rmqx([...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Row[];
}

const ours = (c: Row) => (c.client_properties as Row | undefined)?.connection_name === clientName;

test('overview shows the broker version', async () => {
  const expected = (await api('GET', '/api/overview')).body.rabbitmq_version as string;
  assert.match(expected, /^\d+\.\d+/);
  const json = await rmqx(['overview', '--json']);
  assert.equal(json.code, 0, json.stderr);
  const doc = JSON.parse(json.stdout);
  assert.equal(doc.rabbitmq_version, expected);
  assert.ok(doc.object_totals && doc.queue_totals !== undefined, 'the whole API document');
  const tsv = await rmqx(['overview']);
  assert.equal(tsv.code, 0, tsv.stderr);
  assert.match(tsv.stdout, new RegExp(`^RabbitMQ\\t${expected.replace(/\./g, '\\.')}$`, 'm'));
  assert.match(tsv.stdout, /^Erlang\t\S+/m);
});

test('node list shows the one running node with raw numbers', async () => {
  // a freshly started node reports its statistics only after the first collection interval
  const nodes = await until(async () => {
    const list = await listJson(['node', 'list']);
    return typeof list[0]?.mem_used === 'number' && list;
  }, 'node statistics');
  assert.equal(nodes.length, 1);
  assert.equal(nodes[0]?.running, true);
  const tsv = await rmqx(['nodes', 'list']);
  assert.equal(tsv.code, 0, tsv.stderr);
  const cells = tsv.stdout.trimEnd().split('\t');
  assert.equal(cells[0], nodes[0]?.name);
  assert.equal(cells[2], 'true');
  assert.match(cells[3] ?? '', /^\d+$/, 'memory used in bytes');
  const one = await rmqx(['node', 'show', String(nodes[0]?.name), '--json']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(JSON.parse(one.stdout).name, nodes[0]?.name);
  assert.equal((await rmqx(['node', 'show', 'rabbit@no-such-node'])).code, 66);
});

test('connection, channel and consumer lists show what an AMQP client opened; connection close ends it', async () => {
  const mine = await until(async () => (await listJson(['connection', 'list'])).find(ours), 'the test connection in `connection list`');
  const name = String(mine.name);
  assert.equal(mine.vhost, vhost);
  assert.equal(mine.user, 'guest');

  // -V narrows to one vhost; the default vhost does not hold our connection
  assert.ok((await listJson(['connection', 'list', '-V', vhost])).some(ours));
  assert.ok(!(await listJson(['connection', 'list', '-V', '/'])).some(ours));
  const tsv = await rmqx(['connections', 'list', '-V', vhost]);
  assert.equal(tsv.code, 0, tsv.stderr);
  const row = tsv.stdout.split('\n').find((l) => l.startsWith(`${name}\t`));
  assert.ok(row, tsv.stdout);
  assert.deepEqual(row.split('\t').slice(1, 3), ['guest', vhost]);
  assert.equal(row.split('\t')[7], clientName);

  const ch = await until(
    async () => (await listJson(['channel', 'list', '-V', vhost])).find((c) => (c.connection_details as Row | undefined)?.name === name && c.consumer_count === 1),
    'the test channel with its consumer in `channel list`',
  );
  assert.equal(ch.prefetch_count, 7);
  const chTsv = await rmqx(['channel', 'list', '-V', vhost]);
  assert.match(chTsv.stdout, new RegExp(`^${escapeRe(String(ch.name))}\\tguest\\t${escapeRe(vhost)}\\t1\\t0\\t7$`, 'm'));

  const consumer = await until(
    async () => (await listJson(['consumer', 'list', '-V', vhost])).find((c) => c.consumer_tag === consumerTag),
    'the test consumer in `consumer list`',
  );
  assert.deepEqual(consumer.queue, { name: queue, vhost });
  assert.equal(consumer.ack_required, true);
  assert.equal(consumer.prefetch_count, 7);
  const coTsv = await rmqx(['consumers', 'list']);
  assert.match(coTsv.stdout, new RegExp(`^${escapeRe(queue)}\\t${escapeRe(vhost)}\\t${escapeRe(consumerTag)}\\t${escapeRe(name)}\\ttrue\\t7\\t`, 'm'));

  const close = await rmqx(['connection', 'close', name, '--reason', 'itest says bye']);
  assert.equal(close.code, 0, close.stderr);
  assert.equal(close.stderr, `closed connection '${name}'\n`);
  assert.equal(close.stdout, '');
  const err = await Promise.race([closed, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000))]);
  assert.notEqual(err, 'timeout', 'the AMQP client saw no close');
  assert.match(String((err as Error | undefined)?.message), /CONNECTION_FORCED - itest says bye/);
  conn = undefined;

  await until(async () => !(await listJson(['connection', 'list'])).some(ours), 'the closed connection to leave the list');
  const again = await rmqx(['connection', 'close', name]);
  assert.equal(again.code, 66);
  assert.match(again.stderr, /^rmqx: close connection '.*': it does not exist\nhint: add --if-exists/);
  const ifExists = await rmqx(['connection', 'close', name, '--if-exists']);
  assert.equal(ifExists.code, 0, ifExists.stderr);
  assert.match(ifExists.stderr, /does not exist; nothing to do/);
});

test('a missing connection is 66; a bad reason is 64 before anything is sent', async () => {
  const missing = await rmqx(['connection', 'close', '127.0.0.1:1 -> 127.0.0.1:5672']);
  assert.equal(missing.code, 66);
  assert.equal(missing.stdout, '');
  const bad = await rmqx(['connection', 'close', 'x', '--reason', 'tab\there']);
  assert.equal(bad.code, 64);
  assert.match(bad.stderr, /printable ASCII/);
  const noVhost = await rmqx(['channel', 'list', '-V', unique('no-such-vhost')]);
  assert.equal(noVhost.code, 66);
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
