import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN, BROKER, api, dropVhost, freshVhost, rmqx, unique, until } from '../helpers/cli.js';
import { amqpPeer } from '../helpers/amqp.js';

let vhost = '';
const V = () => ['-V', vhost];
const peer = amqpPeer(() => vhost);
const enc = encodeURIComponent;

before(async () => {
  vhost = await freshVhost('wait');
});
after(async () => {
  await peer.close();
  await dropVhost(vhost);
});

test('wait broker: holds at once against a running broker; a dead URL is 75 at --timeout, bounded, with the last value seen', async () => {
  const up = await rmqx(['wait', 'broker', '--json']);
  assert.equal(up.code, 0, up.stderr);
  const doc = JSON.parse(up.stdout);
  assert.equal(doc.holds, true);
  assert.equal(doc.amqp, `127.0.0.1:${new URL(BROKER.amqpUrl).port}`);
  const started = Date.now();
  const down = await rmqx(['wait', 'broker', '--timeout', '1500ms', '--interval', '200ms'], { env: { RMQX_URL: 'http://127.0.0.1:1' } });
  const took = Date.now() - started;
  assert.equal(down.code, 75, down.stderr);
  assert.match(down.stderr, /^rmqx: broker: .*connection refused, waited for the management API, the node and the AMQP port \(1\.5 s\)$/m);
  assert.ok(took < 5000, `bounded (${took} ms)`);
  assert.doesNotMatch(down.stderr, /waiting:/, 'no progress off a terminal');
  // the management API answers, the AMQP port does not
  const noAmqp = await rmqx(['wait', 'broker', '--timeout', '1s'], { env: { RMQX_AMQP_URL: 'amqp://127.0.0.1:1' } });
  assert.equal(noAmqp.code, 75, noAmqp.stderr);
  assert.match(noAmqp.stderr, /AMQP port 127\.0\.0\.1:1: connection refused/);
});

test('wait queue --exists: holds once the queue is declared meanwhile', async () => {
  const q = unique('later');
  const waiting = rmqx(['wait', 'queue', q, '--exists', '--timeout', '20s', '--interval', '200ms', ...V()]);
  await new Promise((r) => setTimeout(r, 1000));
  await api('PUT', `/api/queues/${enc(vhost)}/${enc(q)}`, { durable: false, arguments: {} });
  const r = await waiting;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`queue '${q}' in vhost '${vhost}': exists \\(after`));
  const missing = await rmqx(['wait', 'queue', unique('never'), '--timeout', '1s', ...V()]);
  assert.equal(missing.code, 75);
  assert.match(missing.stderr, /: does not exist, waited for it to exist \(1 s\)$/m);
});

test('wait queue --messages / --messages-ready / --consumers: comparisons; timeout names the last value', async () => {
  const q = await peer.newQueue('counts');
  await peer.fill(q, 7);
  // the API's counts lag by the statistics interval
  await until(async () => (await api('GET', `/api/queues/${enc(vhost)}/${enc(q)}`)).body?.messages === 7, 'stats to show 7 messages', 30_000);
  const ok = await rmqx(['wait', 'queue', q, '--messages', '>=5', '--messages-ready', '7', '--json', ...V()]);
  assert.equal(ok.code, 0, ok.stderr);
  const doc = JSON.parse(ok.stdout);
  assert.deepEqual([doc.condition, doc.name, doc.vhost, doc.holds, doc.messages, doc.messages_ready], ['queue', q, vhost, true, 7, 7]);
  const timeout = await rmqx(['wait', 'queue', q, '--messages', '0', '--timeout', '2s', ...V()]);
  assert.equal(timeout.code, 75, timeout.stderr);
  assert.equal(timeout.stderr, `rmqx: queue '${q}' in vhost '${vhost}': messages 7, waited for 0 (2 s)\n`);
  const consumers = await rmqx(['wait', 'queue', q, '--consumers', '>=1', '--messages', '<=5', '--timeout', '1s', ...V()]);
  assert.equal(consumers.code, 75);
  assert.match(consumers.stderr, /messages 7, consumers 0, waited for messages <= 5 and consumers >= 1 \(1 s\)/);
});

test('wait node and cluster: the running node holds; an unknown node and too many nodes time out', async () => {
  const node = (await api('GET', '/api/overview')).body.node as string;
  assert.equal((await rmqx(['wait', 'node', node, '--running'])).code, 0);
  const nope = await rmqx(['wait', 'node', 'rabbit@no-such-host', '--timeout', '1s']);
  assert.equal(nope.code, 75, nope.stderr);
  assert.match(nope.stderr, /node 'rabbit@no-such-host': not a member of the cluster \(nodes: .*\), waited for running \(1 s\)/);
  const one = await rmqx(['wait', 'cluster', '--nodes', '1', '--json']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(JSON.parse(one.stdout).running, 1);
  const three = await rmqx(['wait', 'cluster', '--nodes', '>=3', '--timeout', '1s']);
  assert.equal(three.code, 75);
  assert.match(three.stderr, /cluster: 1 of 1 nodes running, waited for >= 3 running nodes \(1 s\)/);
});

test('wait shovel --running: holds for a running shovel; the status API missing is 69', async () => {
  const name = unique('sh');
  const status = await api('GET', `/api/shovels/${enc(vhost)}`);
  if (status.status === 404) {
    const r = await rmqx(['wait', 'shovel', name, '--timeout', '1s', ...V()]);
    assert.equal(r.code, 69, r.stderr);
    assert.match(r.stderr, /no shovel status API/);
    return;
  }
  const src = await peer.newQueue('sh-src');
  const dst = await peer.newQueue('sh-dst');
  const uri = `amqp:///${enc(vhost)}`;
  const put = await api('PUT', `/api/parameters/shovel/${enc(vhost)}/${enc(name)}`, { value: { 'src-protocol': 'amqp091', 'src-uri': uri, 'src-queue': src, 'dest-protocol': 'amqp091', 'dest-uri': uri, 'dest-queue': dst } });
  assert.ok(put.status < 300, JSON.stringify(put.body));
  const r = await rmqx(['wait', 'shovel', name, '--running', '--timeout', '30s', '--interval', '200ms', ...V()]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /state running/);
  const none = await rmqx(['wait', 'shovel', unique('nope'), '--timeout', '1s', ...V()]);
  assert.equal(none.code, 75);
  assert.match(none.stderr, /does not exist \(yet\), waited for running/);
});

test('wait: bad input is 64 before any request', async () => {
  for (const args of [
    ['queue', 'q', '--messages', 'many'], ['queue', 'q', '--consumers', '=>1'], ['queue', 'q', '--timeout', 'soon'], ['queue', 'q', '--interval', '0'],
    ['queue'], ['node'], ['cluster'], ['cluster', '--nodes', '-1'], ['nothing'], ['queue', '', '--exists'],
  ]) {
    const r = await rmqx(['wait', ...args], { env: { RMQX_URL: 'http://127.0.0.1:1' } });
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
  }
  // the global --timeout before the noun is the request timeout; after the verb, the wait's
  const r = await rmqx(['--timeout', '5', 'wait', 'cluster', '--nodes', '1', '--timeout', '10s']);
  assert.equal(r.code, 0, r.stderr);
});

/**
 * rmqx ARGS on a real terminal: run under script(1), whose pseudo-terminal is stdin, stdout and
 * stderr of the child (so both streams arrive here, in order, as the terminal got them).
 */
function onTerminal(args: string[]): Promise<{ code: number; screen: string }> {
  const quote = (a: string) => `'${a.replace(/'/g, "'\\''")}'`;
  const env = { PATH: process.env.PATH, HOME: '/nonexistent-home', TERM: 'xterm', RMQX_URL: BROKER.url, RMQX_AMQP_URL: BROKER.amqpUrl };
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', [process.execPath, BIN, ...args].map(quote).join(' '), '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => out.push(c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, screen: Buffer.concat(out).toString('utf8') });
    });
    child.stdin.end();
  });
}

test('wait on a terminal: progress on stderr (the last value and the time, redrawn in place), cleared before the result; none with --quiet, none through a pipe', async () => {
  const q = unique('tty');
  const args = ['wait', 'queue', q, '--exists', '--timeout', '20s', '--interval', '200ms', ...V()];
  const waiting = onTerminal(args);
  const piped = rmqx(args);
  await new Promise((r) => setTimeout(r, 1500));
  await api('PUT', `/api/queues/${enc(vhost)}/${enc(q)}`, { durable: false, arguments: {} });
  const [tty, pipe] = await Promise.all([waiting, piped]);
  assert.equal(tty.code, 0, tty.screen);
  const progress = new RegExp(`\\r\\x1b\\[Kwaiting: queue '${q}' in vhost '${vhost}': does not exist \\(\\d+(\\.\\d+)? s of 20 s\\)`, 'g');
  assert.ok((tty.screen.match(progress) ?? []).length >= 2, `progress redrawn while it waits:\n${JSON.stringify(tty.screen)}`);
  // the progress line is cleared, then the outcome follows on a line of its own
  assert.match(tty.screen, new RegExp(`\\r\\x1b\\[K(\\x1b\\[[0-9;]*m)*queue '${q}' in vhost '${vhost}': exists \\(after`));
  assert.equal(pipe.code, 0, pipe.stderr);
  assert.doesNotMatch(pipe.stderr, /waiting:|\x1b\[K/, 'no progress through a pipe');

  const quiet = await onTerminal(['wait', 'queue', unique('never'), '--timeout', '1s', '--interval', '200ms', '-q', ...V()]);
  assert.equal(quiet.code, 75, quiet.screen);
  assert.doesNotMatch(quiet.screen, /waiting:/, 'no progress with --quiet');
  const timeout = await onTerminal(['wait', 'queue', unique('never'), '--timeout', '1s', '--interval', '200ms', ...V()]);
  assert.equal(timeout.code, 75, timeout.screen);
  assert.match(timeout.screen, /waiting: queue '.*': does not exist/);
  assert.match(timeout.screen, /\r\x1b\[K(\x1b\[[0-9;]*m)*rmqx:(\x1b\[[0-9;]*m)* queue '.*': does not exist, waited for it to exist \(1 s\)/, 'the error after the cleared line');
});
