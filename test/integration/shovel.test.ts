/**
 * rmqx shovel against the real broker: a dynamic shovel between two vhosts of the test broker
 * (its AMQP port, the vhost in the URI's path) moves real messages; the URIs' password (of a
 * user made for this file) never appears in any output.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { api, BROKER, brokerVersion, dropVhost, freshVhost, rmqx, unique, until } from '../helpers/cli.js';

let src = '';
let dest = '';
const user = unique('shoveller');
const secret = unique('S3cret');
const e = encodeURIComponent;

/** amqp://user:secret@127.0.0.1:PORT/vhost: the test broker's AMQP port */
function uri(vhost: string, password = secret): string {
  const u = new URL(BROKER.amqpUrl);
  return `amqp://${e(user)}:${e(password)}@${u.hostname}:${u.port}/${e(vhost)}`;
}

const param = (name: string) => api('GET', `/api/parameters/shovel/${e(src)}/${e(name)}`);
const noSecret = (r: { stdout: string; stderr: string }) => assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `the password shows:\n${r.stdout}\n${r.stderr}`);

/** Messages now in a queue, by their payloads (fetched and requeued). */
async function payloads(vhost: string, queue: string): Promise<string[]> {
  const r = await api('POST', `/api/queues/${e(vhost)}/${e(queue)}/get`, { count: 100, ackmode: 'ack_requeue_true', encoding: 'auto' });
  return r.status === 200 ? (r.body as Array<{ payload: string }>).map((m) => m.payload).sort() : [];
}

before(async () => {
  src = await freshVhost('shovel-src');
  dest = await freshVhost('shovel-dst');
  await api('PUT', `/api/users/${e(user)}`, { password: secret, tags: '' });
  for (const v of [src, dest]) await api('PUT', `/api/permissions/${e(v)}/${e(user)}`, { configure: '.*', write: '.*', read: '.*' });
});
after(async () => {
  await dropVhost(src);
  await dropVhost(dest);
  await api('DELETE', `/api/users/${e(user)}`);
});

test('shovel declare moves messages from a queue in one vhost to a queue in another; same again changes nothing; a change updates in place', async () => {
  const name = unique('mv');
  await api('PUT', `/api/queues/${e(src)}/from`, { durable: true });
  await api('PUT', `/api/queues/${e(dest)}/to`, { durable: true });
  for (const body of ['one', 'two', 'three']) await api('POST', `/api/exchanges/${e(src)}/amq.default/publish`, { routing_key: 'from', payload: body, payload_encoding: 'string', properties: {} });

  const args = ['shovel', 'declare', name, '-V', src, '--src-uri', uri(src), '--src-queue', 'from', '--dest-uri', uri(dest), '--dest-queue', 'to'];
  const r = await rmqx([...args, '--json', '--detailed-exitcode']);
  assert.equal(r.code, 2, r.stderr);
  noSecret(r);
  const doc = JSON.parse(r.stdout);
  assert.deepEqual([doc.action, doc.kind, doc.name, doc.vhost, doc.changed], ['declared', 'shovel', name, src, true]);
  assert.equal(doc.value['src-uri'], uri(src).replace(`:${e(secret)}@`, ':***@'));
  assert.equal(doc.value['src-queue'], 'from');

  const moved = await until(async () => {
    const p = await payloads(dest, 'to');
    return p.length === 3 ? p : undefined;
  }, 'the three messages in the destination queue');
  assert.deepEqual(moved, ['one', 'three', 'two']);
  assert.deepEqual(await payloads(src, 'from'), [], 'taken from the source');

  const same = await rmqx([...args, '--detailed-exitcode']);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /already as asked, nothing changed/);

  const up = await rmqx([...args, '--ack-mode', 'on-publish', '--prefetch', '50', '--json']);
  assert.equal(up.code, 0, up.stderr);
  assert.deepEqual(JSON.parse(up.stdout).updated, ['ack-mode', 'src-prefetch-count']);
  const stored = (await param(name)).body.value;
  assert.equal(stored['ack-mode'], 'on-publish');
  assert.equal(stored['src-prefetch-count'], 50);

  // after the update the shovel still runs: a new message is moved too
  await api('POST', `/api/exchanges/${e(src)}/amq.default/publish`, { routing_key: 'from', payload: 'four', payload_encoding: 'string', properties: {} });
  await until(async () => (await payloads(dest, 'to')).includes('four'), 'the fourth message moved');
});

test('shovel list and show: state from the broker, URIs masked; --all-vhosts adds the vhost; --columns checked', async () => {
  const name = unique('ls');
  assert.equal((await rmqx(['shovel', 'declare', name, '-V', src, '--src-uri', uri(src), '--src-exchange', 'amq.topic', '--src-routing-key', 'a.#', '--dest-uri', uri(dest), '--dest-exchange', 'amq.direct', '--dest-routing-key', 'k'])).code, 0);
  const row = await until(async () => {
    const r = await rmqx(['shovel', 'list', '--json', '-V', src]);
    assert.equal(r.code, 0, r.stderr);
    noSecret(r);
    const found = (JSON.parse(r.stdout) as Array<Record<string, unknown>>).find((x) => x.name === name);
    return found?.state === 'running' ? found : undefined;
  }, 'the shovel running');
  assert.equal(row['src-exchange'], 'amq.topic');
  assert.equal(row['src-exchange-key'], 'a.#');
  assert.equal(row['dest-uri'], uri(dest).replace(`:${e(secret)}@`, ':***@'));

  const tsv = await rmqx(['shovel', 'list', '-V', src]);
  assert.match(tsv.stdout, new RegExp(`^${name}\\trunning\\tamqp://${user}:\\*\\*\\*@`, 'm'));
  noSecret(tsv);
  const all = await rmqx(['shovel', 'list', '--all-vhosts', '--columns', 'vhost,name,state']);
  assert.match(all.stdout, new RegExp(`^${src}\\t${name}\\trunning$`, 'm'));
  const bad = await rmqx(['shovel', 'list', '--columns', 'name,stat', '-V', src]);
  assert.equal(bad.code, 64, bad.stderr);
  assert.match(bad.stderr, /unknown column 'stat'/);

  const show = await rmqx(['shovel', 'show', name, '--json', '-V', src]);
  assert.equal(show.code, 0, show.stderr);
  noSecret(show);
  const s = JSON.parse(show.stdout);
  assert.deepEqual([s.name, s.vhost, s.state, s['dest-exchange'], s['dest-exchange-key']], [name, src, 'running', 'amq.direct', 'k']);
  const showTsv = await rmqx(['shovel', 'show', name, '-V', src]);
  assert.match(showTsv.stdout, /^src-uri\tamqp:\/\/.*:\*\*\*@/m);
  noSecret(showTsv);
  const missing = await rmqx(['shovel', 'show', unique('nope'), '-V', src]);
  assert.equal(missing.code, 66, missing.stderr);
});

test('shovel restart: 0 and the shovel runs again; a missing one is 66', async () => {
  const name = unique('rs');
  assert.equal((await rmqx(['shovel', 'declare', name, '-V', src, '--src-uri', uri(src), '--src-queue', unique('q'), '--dest-uri', uri(dest), '--dest-queue', 'to'])).code, 0);
  const r = await rmqx(['shovel', 'restart', name, '--json', '-V', src]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'restarted', kind: 'shovel', name, vhost: src, changed: true });
  await until(async () => (JSON.parse((await rmqx(['shovel', 'show', name, '--json', '-V', src])).stdout) as { state?: string }).state === 'running', 'running again');
  const missing = await rmqx(['shovel', 'restart', unique('nope'), '-V', src]);
  assert.equal(missing.code, 66, missing.stderr);
  assert.match(missing.stderr, /restart shovel '.*' in vhost '.*': it does not exist/);
});

test('shovel delete: removes it (2 with --detailed-exitcode); again is 66, with --if-exists 0', async () => {
  const name = unique('del');
  assert.equal((await rmqx(['shovel', 'declare', name, '-V', src, '--src-uri', uri(src), '--src-queue', unique('q'), '--dest-uri', uri(dest), '--dest-queue', 'to'])).code, 0);
  const r = await rmqx(['shovel', 'delete', name, '--detailed-exitcode', '-V', src]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal((await param(name)).status, 404);
  const again = await rmqx(['shovel', 'delete', name, '-V', src]);
  assert.equal(again.code, 66, again.stderr);
  assert.match(again.stderr, new RegExp(`delete shovel '${name}' in vhost '${src}': it does not exist`));
  const ok = await rmqx(['shovel', 'delete', name, '--if-exists', '--json', '-V', src]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).changed, false);
});

test('shovel declare: bad input is 64 before any request, without the password; a URI the broker refuses is 65 with its reason, masked', async () => {
  const name = unique('bad');
  const both = ['--src-uri', uri(src), '--dest-uri', uri(dest)];
  const cases: string[][] = [
    ['--src-uri', uri(src), '--src-queue', 'q', '--dest-queue', 'd'],
    ['--dest-uri', uri(dest), '--src-queue', 'q', '--dest-queue', 'd'],
    [...both, '--dest-queue', 'd'],
    [...both, '--src-queue', 'q', '--src-exchange', 'x', '--dest-queue', 'd'],
    [...both, '--src-queue', 'q'],
    [...both, '--src-queue', 'q', '--src-routing-key', 'k', '--dest-queue', 'd'],
    [...both, '--src-queue', 'q', '--dest-queue', 'd', '--ack-mode', 'maybe'],
    [...both, '--src-queue', 'q', '--dest-queue', 'd', '--src-delete-after', 'later'],
    [...both, '--src-queue', 'q', '--dest-queue', 'd', '--prefetch', '0'],
    ['--src-uri', uri(src).replace('amqp:', 'http:'), '--dest-uri', uri(dest), '--src-queue', 'q', '--dest-queue', 'd'],
  ];
  for (const args of cases) {
    const r = await rmqx(['shovel', 'declare', name, '-V', src, ...args]);
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^rmqx: /);
    noSecret(r);
  }
  assert.match((await rmqx(['shovel', 'declare', name, '-V', src, ...both, '--src-queue', 'q', '--src-exchange', 'x', '--dest-queue', 'd'])).stderr, /give one of --src-queue and --src-exchange/);
  const refused = await rmqx(['shovel', 'declare', name, '-V', src, '--src-uri', `${uri(src)}?heartbeat=often`, '--src-queue', 'q', '--dest-uri', uri(dest), '--dest-queue', 'd']);
  assert.equal(refused.code, 65, refused.stderr);
  assert.match(refused.stderr, /not a valid URI/);
  assert.match(refused.stderr, /:\*\*\*@/);
  noSecret(refused);
  assert.equal((await param(name)).status, 404, 'nothing created');
  const noVhost = await rmqx(['shovel', 'declare', name, '-V', unique('no-such-vhost'), ...both, '--src-queue', 'q', '--dest-queue', 'd']);
  assert.equal(noVhost.code, 66, noVhost.stderr);
});

/** amqp://user:secret@127.0.0.1:PORT?hostname=vhost:V: the test broker's AMQP port spoken as AMQP 1.0 (no path: the vhost goes in the hostname) */
function uri10(vhost: string): string {
  const u = new URL(BROKER.amqpUrl);
  return `amqp://${e(user)}:${e(secret)}@${u.hostname}:${u.port}?hostname=${e(`vhost:${vhost}`)}`;
}

/** A queue's AMQP 1.0 address on this broker: v2 (/queues/NAME) on 4.x, where 4.3 denies the v1 forms; /amq/queue/NAME (an existing queue) on 3.x's rabbitmq_amqp1_0 */
async function address(queue: string): Promise<string> {
  return (await brokerVersion())[0] >= 4 ? `/queues/${e(queue)}` : `/amq/queue/${queue}`;
}

const publish = (vhost: string, queue: string, bodies: string[]) =>
  Promise.all(bodies.map((payload) => api('POST', `/api/exchanges/${e(vhost)}/amq.default/publish`, { routing_key: queue, payload, payload_encoding: 'string', properties: {} })));

async function running(name: string): Promise<Record<string, unknown>> {
  return until(async () => {
    const r = await rmqx(['shovel', 'show', name, '--json', '-V', src]);
    const row = r.code === 0 ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined;
    // 4.x reports a running shovel under credit flow as state flow
    return row && ['running', 'flow'].includes(String(row.state)) ? row : undefined;
  }, `shovel '${name}' running`, 30_000);
}

test('shovel declare --dest-protocol amqp10: a 0-9-1 queue to an AMQP 1.0 address moves real messages (4.x built in, 3.x rabbitmq_amqp1_0)', async () => {
  const name = unique('to10');
  await api('PUT', `/api/queues/${e(src)}/from091`, { durable: true });
  await api('PUT', `/api/queues/${e(dest)}/to10`, { durable: true });
  await publish(src, 'from091', ['a', 'b', 'c']);
  const args = ['shovel', 'declare', name, '-V', src, '--src-uri', uri(src), '--src-queue', 'from091', '--dest-protocol', 'amqp10', '--dest-uri', uri10(dest), '--dest-address', await address('to10')];
  const r = await rmqx([...args, '--json', '--detailed-exitcode']);
  assert.equal(r.code, 2, r.stderr);
  noSecret(r);
  const stored = (await param(name)).body.value;
  assert.deepEqual([stored['dest-protocol'], stored['dest-uri'], stored['dest-address']], ['amqp10', uri10(dest), await address('to10')]);
  const moved = await until(async () => {
    const p = await payloads(dest, 'to10');
    return p.length === 3 ? p : undefined;
  }, 'the three messages in the destination queue, through AMQP 1.0', 30_000);
  assert.deepEqual(moved, ['a', 'b', 'c']);
  const row = await running(name);
  assert.equal(row['dest-address'], await address('to10'));
  assert.equal(row['dest-uri'], uri10(dest).replace(`:${e(secret)}@`, ':***@'));
  const waited = await rmqx(['wait', 'shovel', name, '--running', '--timeout', '30s', '--interval', '200ms', '--json', '-V', src]);
  assert.equal(waited.code, 0, waited.stderr);
  assert.ok(['running', 'flow'].includes(JSON.parse(waited.stdout).state), waited.stdout);
  const tsv = await rmqx(['shovel', 'list', '-V', src]);
  assert.match(tsv.stdout, new RegExp(`^${name}\\t(running|flow)\\t.*\\t${(await address('to10')).replace(/\//g, '\\/')}\\t`, 'm'));
  noSecret(tsv);
  const same = await rmqx([...args, '--detailed-exitcode']);
  assert.equal(same.code, 0, same.stderr);
});

test('shovel declare --src-protocol amqp10: an AMQP 1.0 source address to a 0-9-1 queue moves real messages', async () => {
  const name = unique('from10');
  await api('PUT', `/api/queues/${e(src)}/from10`, { durable: true });
  await api('PUT', `/api/queues/${e(dest)}/to091`, { durable: true });
  await publish(src, 'from10', ['x', 'y']);
  const r = await rmqx(['shovel', 'declare', name, '-V', src, '--src-protocol', 'amqp10', '--src-uri', uri10(src), '--src-address', await address('from10'), '--dest-uri', uri(dest), '--dest-queue', 'to091', '--json']);
  assert.equal(r.code, 0, r.stderr);
  noSecret(r);
  assert.equal(JSON.parse(r.stdout).value['src-address'], await address('from10'));
  const moved = await until(async () => {
    const p = await payloads(dest, 'to091');
    return p.length === 2 ? p : undefined;
  }, 'the two messages moved from the AMQP 1.0 source', 30_000);
  assert.deepEqual(moved, ['x', 'y']);
});

test('shovel declare with several URIs: the JSON list the broker keeps; the first a dead port, the shovel runs through the second', async () => {
  const name = unique('multi');
  // a loopback port nobody listens on: taken from the kernel, then closed
  const dead = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
  const deadUri = `amqp://${e(user)}:${e(secret)}@127.0.0.1:${dead}/${e(src)}`;
  await api('PUT', `/api/queues/${e(src)}/many`, { durable: true });
  await api('PUT', `/api/queues/${e(dest)}/many-to`, { durable: true });
  await publish(src, 'many', ['1', '2', '3', '4']);
  const r = await rmqx(['shovel', 'declare', name, '-V', src, '--src-uri', `${deadUri},${uri(src)}`, '--src-queue', 'many', '--dest-uri', deadUri.replace(e(src), e(dest)), '--dest-uri', uri(dest), '--dest-queue', 'many-to', '--dest-add-forward-headers', '--reconnect-delay', '1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  noSecret(r);
  const masked = (u: string) => u.replace(`:${e(secret)}@`, ':***@');
  assert.deepEqual(JSON.parse(r.stdout).value['src-uri'], [masked(deadUri), masked(uri(src))]);
  const stored = (await param(name)).body.value;
  assert.deepEqual(stored['src-uri'], [deadUri, uri(src)]);
  assert.deepEqual(stored['dest-uri'], [deadUri.replace(e(src), e(dest)), uri(dest)]);
  assert.equal(stored['dest-add-forward-headers'], true);

  await running(name);
  const moved = await until(async () => {
    const p = await payloads(dest, 'many-to');
    return p.length === 4 ? p : undefined;
  }, 'the four messages moved through the second URI', 30_000);
  assert.deepEqual(moved, ['1', '2', '3', '4']);
  const got = await api('POST', `/api/queues/${e(dest)}/many-to/get`, { count: 1, ackmode: 'ack_requeue_true', encoding: 'auto' });
  assert.ok(got.body[0].properties.headers['x-shovelled'], `forward headers: ${JSON.stringify(got.body[0].properties)}`);

  const tsv = await rmqx(['shovel', 'list', '-V', src]);
  assert.ok(tsv.stdout.includes(`${masked(deadUri)},${masked(uri(src))}`), tsv.stdout);
  noSecret(tsv);
  // the same URIs given the other way (repeated instead of comma-separated) are the same shovel
  const same = await rmqx(['shovel', 'declare', name, '-V', src, '--src-uri', deadUri, '--src-uri', uri(src), '--src-queue', 'many', '--dest-uri', `${deadUri.replace(e(src), e(dest))},${uri(dest)}`, '--dest-queue', 'many-to', '--dest-add-forward-headers', '--reconnect-delay', '1', '--detailed-exitcode']);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /nothing changed/);
});

test('shovel declare: AMQP 1.0 misuse is 64 before any request, naming the flag, without the password', async () => {
  const name = unique('bad10');
  const cases: Array<[string[], RegExp]> = [
    [['--src-uri', uri(src), '--src-queue', 'q', '--dest-protocol', 'amqp10', '--dest-uri', uri(dest), '--dest-address', '/queues/q'], /--dest-uri '.*:\*\*\*@.*': an AMQP 1\.0 URI has no vhost path/],
    [['--src-uri', uri(src), '--src-queue', 'q', '--dest-protocol', 'amqp10', '--dest-uri', `${uri10(dest)},${uri10(src)}`, '--dest-address', '/queues/q'], /--dest-uri: an AMQP 1\.0 end takes one URI/],
    [['--src-uri', uri(src), '--src-queue', 'q', '--dest-protocol', 'amqp10', '--dest-uri', uri10(dest), '--dest-queue', 'q'], /--dest-queue: only with --dest-protocol amqp091/],
    [['--src-protocol', 'amqp10', '--src-uri', uri10(src), '--src-address', '/queues/q', '--src-delete-after', 'queue-length', '--dest-uri', uri(dest), '--dest-queue', 'q'], /an AMQP 1\.0 source has no queue length/],
    [['--src-uri', `${uri(src)},,${uri(dest)}`, '--src-queue', 'q', '--dest-uri', uri(dest), '--dest-queue', 'q'], /an empty URI in the list/],
  ];
  for (const [args, re] of cases) {
    const r = await rmqx(['shovel', 'declare', name, '-V', src, ...args]);
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    noSecret(r);
  }
  assert.equal((await param(name)).status, 404, 'nothing created');
});
