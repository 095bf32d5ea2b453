import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { BIN, BROKER, dropVhost, freshVhost, rmqx, unique, until } from '../helpers/cli.js';

let vhost = '';
before(async () => {
  vhost = await freshVhost('session');
});
after(() => dropVhost(vhost));

test('an AMQP connection is named after its command and shows in connection list', async () => {
  const q = unique('named');
  assert.equal((await rmqx(['queue', 'declare', q, '-V', vhost, '-q'])).code, 0);
  const child = spawn(process.execPath, [BIN, 'consume', q, '--idle-timeout', '30', '-V', vhost], {
    env: { PATH: process.env.PATH, HOME: '/nonexistent-home', RMQX_URL: BROKER.url, RMQX_AMQP_URL: BROKER.amqpUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const conn = await until(async () => {
      const r = await rmqx(['connection', 'list', '--json', '-V', vhost]);
      const list = JSON.parse(r.stdout || '[]') as Array<{ client_properties?: { connection_name?: string }; vhost: string }>;
      return list.find((c) => c.client_properties?.connection_name === 'rmqx consume');
    }, 'the consume connection to show');
    assert.equal(conn.vhost, vhost);
  } finally {
    child.kill('SIGKILL');
  }
});

test('several AMQP URLs: an unreachable one is skipped', async () => {
  const q = unique('failover');
  assert.equal((await rmqx(['queue', 'declare', q, '-V', vhost, '-q'])).code, 0);
  const r = await rmqx(['publish', '-k', q, 'hello', '-V', vhost, '--verbose'], { env: { RMQX_AMQP_URL: `amqp://127.0.0.1:1,${BROKER.amqpUrl}` } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /AMQP amqp:\/\/127\.0\.0\.1:1: .*ECONNREFUSED|connection refused/i);
  const g = await rmqx(['get', q, '--json', '-V', vhost]);
  assert.equal(JSON.parse(g.stdout).payload, 'hello');
});

test('no AMQP listener: exit 69 with one line', async () => {
  const r = await rmqx(['publish', '-k', 'q', 'x'], { env: { RMQX_AMQP_URL: 'amqp://127.0.0.1:1' } });
  assert.equal(r.code, 69, r.stderr);
  assert.match(r.stderr, /^rmqx: connect to AMQP broker: amqp:\/\/127\.0\.0\.1:1: connection refused/);
});

test('-p beats credentials in the AMQP URL (flag > environment)', async () => {
  const r = await rmqx(['publish', '-k', 'q', 'x', '-p', 'wrong-password-xyz', '-V', vhost]);
  assert.equal(r.code, 77, r.stderr);
  assert.doesNotMatch(r.stderr, /wrong-password-xyz/);
});

test('the vhost in the AMQP URL path is the one message commands use and name', async () => {
  const q = unique('pathq');
  assert.equal((await rmqx(['queue', 'declare', q, '-V', vhost, '-q'])).code, 0);
  const env = { RMQX_AMQP_URL: `${BROKER.amqpUrl}/${encodeURIComponent(vhost)}` };
  const empty = await rmqx(['get', q], { env });
  assert.equal(empty.code, 0, empty.stderr);
  assert.equal(empty.stderr, `queue '${q}' in vhost '${vhost}' is empty\n`);
  const missing = await rmqx(['get', 'no-such-queue'], { env });
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, new RegExp(`get from queue 'no-such-queue' in vhost '${vhost}'`));
});
