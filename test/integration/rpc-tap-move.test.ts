import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Options } from 'amqplib';
import amqplib from 'amqplib';
import { amqpPeer } from '../helpers/amqp.js';
import { BIN, BROKER, api, dropVhost, freshVhost, rmqx, unique } from '../helpers/cli.js';

let vhost = '';
const amqp = amqpPeer(() => vhost);
const { connection, onChannel, count, send } = amqp;
before(async () => {
  vhost = await freshVhost('rtm');
});
after(async () => {
  await amqp.close();
  await dropVhost(vhost);
});

const V = () => ['-V', vhost];

/** Declare `queue` (durable) and publish `bodies` straight to it, with confirms. */
async function publishRaw(queue: string, bodies: Buffer[], props: Options.Publish = {}): Promise<void> {
  await onChannel((ch) => ch.assertQueue(queue));
  await send('', queue, bodies.map((content) => ({ content, options: props })));
}

/** Why the pika server cannot run here, or undefined when it can. */
function noPika(): string | undefined {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import pika'], { stdio: 'ignore' });
  if (r.error) return 'needs /usr/bin/python3 with pika: apt-get install -y python3-pika (npm test installs it when run as root)';
  return r.status === 0 ? undefined : 'needs python3-pika: apt-get install -y python3-pika (npm test installs it when run as root)';
}

test('rpc against the pika tutorial RPC server: replies printed as they are, in order', { skip: noPika() }, async (t) => {
  const queue = unique('rpc');
  const script = fileURLToPath(new URL('../fixtures/pika_rpc_server.py', import.meta.url));
  const server = spawn('/usr/bin/python3', [script, `${BROKER.amqpUrl}/${encodeURIComponent(vhost)}`, queue], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => server.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    server.stdout.once('data', () => resolve());
    server.once('exit', (c) => reject(new Error(`pika server exited ${c}`)));
  });
  const one = await rmqx(['rpc', '-k', queue, '10', ...V()]);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stdout, '55');
  const many = await rmqx(['rpc', '-k', queue, '--lines', ...V()], { input: '1\n2\n3\n20\n' });
  assert.equal(many.code, 0, many.stderr);
  assert.equal(many.stdout, '1\n1\n2\n6765\n');
  const json = await rmqx(['rpc', '-k', queue, '7', '--json', '--correlation-id', 'c-17', ...V()]);
  assert.equal(json.code, 0, json.stderr);
  const env = JSON.parse(json.stdout);
  assert.equal(env.payload, '13');
  assert.equal(env.properties.correlation_id, 'c-17');
});

test('rpc: no server within --timeout is exit 75; no queue is exit 1; no routing key is 64', async () => {
  const queue = unique('silent');
  await publishRaw(queue, []);
  const slow = await rmqx(['rpc', '-k', queue, 'x', '--timeout', '0.5', ...V()]);
  assert.equal(slow.code, 75, slow.stderr);
  assert.match(slow.stderr, /no reply within 0.5 s/);
  const none = await rmqx(['rpc', '-k', unique('nobody'), 'x', ...V()]);
  assert.equal(none.code, 1, none.stderr);
  assert.match(none.stderr, /unroutable/);
  assert.equal((await rmqx(['rpc', 'x', ...V()])).code, 64);
});

test('tap shows a copy of the traffic, takes nothing, and leaves no queue behind', async () => {
  const ch = await (await connection()).createConfirmChannel();
  const ex = unique('tapx');
  const q = unique('tapq');
  await ch.assertExchange(ex, 'topic');
  await ch.assertQueue(q);
  await ch.bindQueue(q, ex, 'order.#');
  const child = spawn(process.execPath, [BIN, 'tap', ex, '--count', '3', '--json', ...V()], {
    env: { PATH: process.env.PATH, HOME: '/nonexistent', RMQX_URL: BROKER.url, RMQX_AMQP_URL: BROKER.amqpUrl },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  // the tap is ready once it says so on stderr
  const deadline = Date.now() + 15_000;
  while (!/tapping exchange/.test(err) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.match(err, /tapping exchange/);
  for (const [k, body] of [['order.created', 'a'], ['other', 'b'], ['order.paid', 'c']] as const) ch.publish(ex, k, Buffer.from(body), { headers: { n: 1 } });
  await ch.waitForConfirms();
  const code = await new Promise((r) => child.on('close', r));
  assert.equal(code, 0, err);
  const seen = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(seen.map((m) => [m.routing_key, m.payload]), [['order.created', 'a'], ['other', 'b'], ['order.paid', 'c']]);
  assert.deepEqual(seen[0].properties.headers, { n: 1 });
  // the bound queue still has its two messages: nothing was taken from it
  assert.equal(await count(q), 2);
  // the tap's server-named queue is gone
  const queues = (await api('GET', `/api/queues/${encodeURIComponent(vhost)}`)).body as Array<{ name: string }>;
  assert.ok(!queues.some((x) => x.name.startsWith('amq.gen-')), queues.map((x) => x.name).join(','));
  await ch.close();
});

test('tap: the default exchange is refused (64); a missing exchange is 66', async () => {
  const d = await rmqx(['tap', '', ...V()]);
  assert.equal(d.code, 64);
  assert.match(d.stderr, /default exchange cannot be bound/);
  const m = await rmqx(['tap', unique('nox'), '-k', '#', ...V()]);
  assert.equal(m.code, 66, m.stderr);
});

test('queue move: every message arrives once with its properties; the source is emptied', async () => {
  const src = unique('src');
  const dst = unique('dst');
  const bodies = Array.from({ length: 1200 }, (_, i) => Buffer.from(`m${i}`));
  await publishRaw(src, bodies, { persistent: true, headers: { k: 'v' }, contentType: 'text/plain' });
  await publishRaw(dst, []);
  const r = await rmqx(['queue', 'move', src, dst, '--json', ...V()]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { moved: 1200, kept: 0 });
  assert.equal(await count(src), 0);
  assert.equal(await count(dst), 1200);
  const ch = await (await connection()).createChannel();
  const first = await ch.get(dst, { noAck: true });
  assert.ok(first);
  assert.equal(first.content.toString(), 'm0');
  assert.equal(first.properties.contentType, 'text/plain');
  assert.equal(first.properties.deliveryMode, 2);
  assert.deepEqual(first.properties.headers, { k: 'v' });
  await ch.close();
});

test('queue move stopped by SIGTERM part-way: waits for its confirms, acks those, requeues the rest: every message once, a summary, exit 143', async () => {
  const src = unique('term-src');
  const dst = unique('term-dst');
  const total = 20_000;
  await publishRaw(src, Array.from({ length: total }, (_, i) => Buffer.from(`t${i}`.padEnd(200, '.'))));
  await onChannel((ch) => ch.assertQueue(dst));
  const child = spawn(process.execPath, [BIN, 'queue', 'move', src, dst, '--json', ...V()], {
    env: { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_URL: BROKER.url, RMQX_AMQP_URL: BROKER.amqpUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  // once some have arrived, stop it the way timeout(1), systemd and Kubernetes do
  const t0 = Date.now();
  while ((await count(dst)) < 500) {
    assert.ok(Date.now() - t0 < 30_000, `nothing moved: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGTERM');
  const { code, signal } = await exit;
  assert.equal(signal, null, `killed by ${signal}: ${stderr}`);
  assert.equal(code, 143, stderr);
  assert.match(stderr, /stopped by SIGTERM/);
  const { moved } = JSON.parse(stdout) as { moved: number };
  assert.ok(moved > 0 && moved < total, `moved ${moved}`);
  // every body exactly once across the two queues: none lost, none doubled
  const bodies = async (q: string) => onChannel(async (ch) => {
    const out: string[] = [];
    for (let m = await ch.get(q, { noAck: true }); m; m = await ch.get(q, { noAck: true })) out.push(m.content.toString().replace(/\.+$/, ''));
    return out;
  });
  const inDst = await bodies(dst);
  let inSrc: string[] = [];
  const deadline = Date.now() + 20_000;
  // the broker puts back what rmqx held asynchronously after the connection closes
  while (inSrc.length + inDst.length < total && Date.now() < deadline) {
    inSrc = inSrc.concat(await bodies(src));
    if (inSrc.length + inDst.length < total) await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(inDst.length, moved, 'the summary matches the destination');
  const all = [...inSrc, ...inDst];
  assert.equal(new Set(all).size, all.length, `${all.length - new Set(all).size} message(s) in both queues`);
  assert.equal(all.length, total, `${total - all.length} message(s) lost`);
});

test('queue move --count moves exactly n; a missing destination is 66 and moves nothing', async () => {
  const src = unique('src');
  const dst = unique('dst');
  await publishRaw(src, Array.from({ length: 10 }, (_, i) => Buffer.from(String(i))));
  await publishRaw(dst, []);
  const r = await rmqx(['queue', 'move', src, dst, '--count', '4', ...V()]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await count(src), 6);
  assert.equal(await count(dst), 4);
  const missing = await rmqx(['queue', 'move', src, unique('nowhere'), ...V()]);
  assert.equal(missing.code, 66);
  assert.equal(await count(src), 6);
});

test('queue move to an exchange that routes nowhere keeps every message in the source (exit 1)', async () => {
  const src = unique('src');
  const ex = unique('deadend');
  await publishRaw(src, Array.from({ length: 5 }, (_, i) => Buffer.from(String(i))));
  const ch = await (await connection()).createChannel();
  await ch.assertExchange(ex, 'direct');
  await ch.close();
  const r = await rmqx(['queue', 'move', src, 'ignored', '--exchange', ex, '--routing-key', 'none', ...V()]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(await count(src), 5);
});

test('queue move with a message the destination cannot take: it alone stays, nothing is doubled, even when re-run', async () => {
  const src = unique('src');
  const dst = unique('dst');
  const user = unique('alice');
  await api('PUT', `/api/users/${user}`, { password: 'pw-alice', tags: '' });
  await api('PUT', `/api/permissions/${encodeURIComponent(vhost)}/${user}`, { configure: '.*', write: '.*', read: '.*' });
  await publishRaw(src, [Buffer.from('first')]);
  // a message whose user_id the broker validates against its publisher: rmqx (as guest) cannot republish it
  const alice = await amqplib.connect(`${BROKER.amqpUrl.replace(/\/\/[^@]*@/, `//${user}:pw-alice@`)}/${encodeURIComponent(vhost)}`);
  const ch = await alice.createConfirmChannel();
  ch.sendToQueue(src, Buffer.from('second'), { userId: user });
  await ch.waitForConfirms();
  await alice.close();
  await publishRaw(src, [Buffer.from('third')]);
  await publishRaw(dst, []);
  for (let run = 1; run <= 2; run++) {
    const r = await rmqx(['queue', 'move', src, dst, '--json', ...V()]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`1 message\\(s\\) stay in queue '${src}'.*user_id`));
    assert.equal(await amqp.count(dst), 2, `run ${run}: the destination has first and third once`);
    assert.equal(await amqp.count(src), 1, `run ${run}: the source keeps second`);
  }
  await api('DELETE', `/api/users/${user}`);
});

test('queue move to a destination that nacks (full, reject-publish): the refused go back to the source and are tried again after a growing pause for up to --timeout; then they stay there (exit 1)', async () => {
  const src = unique('nack-src');
  const dst = unique('nack-dst');
  await publishRaw(src, ['a', 'b', 'c'].map((b) => Buffer.from(b)));
  await onChannel((ch) => ch.assertQueue(dst, { arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' } }));
  const r = await rmqx(['queue', 'move', src, dst, '--timeout', '2', '--json', ...V()]);
  assert.equal(r.code, 1, r.stderr);
  const rounds = r.stderr.match(/^rmqx: warning: 2 message\(s\) refused by the destination \(nacked\); moving them again in (\d) s \(for up to --timeout 2 s\)$/gm) ?? [];
  assert.deepEqual(rounds.map((l) => /in (\d) s/.exec(l)?.[1]), ['1', '2'], r.stderr);
  assert.match(r.stderr, /2 message\(s\) stay in queue '[^']+': 2 not accepted by the destination \(unroutable or nacked\)/);
  assert.deepEqual(JSON.parse(r.stdout), { moved: 1, kept: 2 });
  assert.equal(await count(src), 2);
  assert.equal(await count(dst), 1);
});
