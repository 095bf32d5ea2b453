/**
 * rmqx federation against the real broker: an upstream in vhost B pointing at vhost A of the
 * test broker (its AMQP port, a user made for this file), a policy federation-upstream-set: all
 * on an exchange of B (made through the API), and a message published to A's exchange arriving
 * in a queue bound to B's. The upstream's password never appears in any output.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, BROKER, dropVhost, freshVhost, rmqx, unique, until } from '../helpers/cli.js';

let upstreamVhost = '';
let downstream = '';
const user = unique('federator');
const secret = unique('Fed-S3cret');
const e = encodeURIComponent;

function uri(vhost: string): string {
  const u = new URL(BROKER.amqpUrl);
  return `amqp://${e(user)}:${e(secret)}@${u.hostname}:${u.port}/${e(vhost)}`;
}
const masked = (vhost: string) => uri(vhost).replace(`:${e(secret)}@`, ':***@');
const param = (name: string) => api('GET', `/api/parameters/federation-upstream/${e(downstream)}/${e(name)}`);
const noSecret = (r: { stdout: string; stderr: string }) => assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `the password shows:\n${r.stdout}\n${r.stderr}`);

before(async () => {
  upstreamVhost = await freshVhost('fed-up');
  downstream = await freshVhost('fed-down');
  await api('PUT', `/api/users/${e(user)}`, { password: secret, tags: '' });
  for (const v of [upstreamVhost, downstream]) await api('PUT', `/api/permissions/${e(v)}/${e(user)}`, { configure: '.*', write: '.*', read: '.*' });
});
after(async () => {
  await dropVhost(downstream);
  await dropVhost(upstreamVhost);
  await api('DELETE', `/api/users/${e(user)}`);
});

test('a federated exchange: upstream declare, a policy, the link running, and a message published upstream arrives downstream', async () => {
  const name = unique('origin');
  const r = await rmqx(['federation', 'upstream', 'declare', name, '--uri', uri(upstreamVhost), '--max-hops', '1', '--ack-mode', 'on-confirm', '--json', '--detailed-exitcode', '-V', downstream]);
  assert.equal(r.code, 2, r.stderr);
  noSecret(r);
  assert.deepEqual(JSON.parse(r.stdout), { action: 'declared', kind: 'federation upstream', name, vhost: downstream, changed: true, value: { uri: masked(upstreamVhost), 'max-hops': 1, 'ack-mode': 'on-confirm' } });

  for (const v of [upstreamVhost, downstream]) assert.equal((await api('PUT', `/api/exchanges/${e(v)}/events`, { type: 'topic', durable: true })).status, 201);
  await api('PUT', `/api/queues/${e(downstream)}/sink`, { durable: true });
  await api('POST', `/api/bindings/${e(downstream)}/e/events/q/sink`, { routing_key: '#' });
  assert.equal((await api('PUT', `/api/policies/${e(downstream)}/federate`, { pattern: '^events$', 'apply-to': 'exchanges', definition: { 'federation-upstream-set': 'all' } })).status, 201);

  const link = await until(async () => {
    const l = await rmqx(['federation', 'link', 'list', '--json', '-V', downstream]);
    assert.equal(l.code, 0, l.stderr);
    noSecret(l);
    const found = (JSON.parse(l.stdout) as Array<Record<string, unknown>>).find((x) => x.upstream === name);
    return found?.status === 'running' ? found : undefined;
  }, 'the federation link running', 30_000);
  assert.deepEqual([link.type, link.exchange, link.vhost], ['exchange', 'events', downstream]);
  assert.ok(!('local_channel' in link), 'no channel internals');

  // publish upstream until one arrives (the link binds its queue upstream just after it runs)
  let n = 0;
  const got = await until(async () => {
    await api('POST', `/api/exchanges/${e(upstreamVhost)}/events/publish`, { routing_key: 'order.created', payload: `m${n++}`, payload_encoding: 'string', properties: {} });
    const m = await api('POST', `/api/queues/${e(downstream)}/sink/get`, { count: 1, ackmode: 'ack_requeue_false', encoding: 'auto' });
    return m.status === 200 && Array.isArray(m.body) && m.body.length ? (m.body[0] as { payload: string; routing_key: string }) : undefined;
  }, 'a message federated from the upstream vhost', 30_000);
  assert.match(got.payload, /^m\d+$/);
  assert.equal(got.routing_key, 'order.created');

  const tsv = await rmqx(['federation', 'link', 'list', '-V', downstream, '--columns', 'upstream,status,uri']);
  assert.match(tsv.stdout, new RegExp(`^${name}\\trunning\\tamqp://`, 'm'));
  const all = await rmqx(['federation', 'links', 'list', '--all-vhosts', '--columns', 'vhost,upstream,status']);
  assert.match(all.stdout, new RegExp(`^${downstream}\\t${name}\\trunning$`, 'm'));
  const bad = await rmqx(['federation', 'link', 'list', '--columns', 'upstream,stat', '-V', downstream]);
  assert.equal(bad.code, 64, bad.stderr);
  await api('DELETE', `/api/policies/${e(downstream)}/federate`);
});

test('federation upstream declare: the same again changes nothing; a change updates in place; list masks the URI', async () => {
  const name = unique('up');
  const args = ['federation', 'upstream', 'declare', name, '--uri', uri(upstreamVhost), '--exchange', 'events', '--expires', '3600000', '--message-ttl', '60000', '--prefetch-count', '100', '--reconnect-delay', '5', '-V', downstream];
  assert.equal((await rmqx([...args, '--detailed-exitcode'])).code, 2);
  const same = await rmqx([...args, '--detailed-exitcode']);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /already as asked, nothing changed/);
  const up = await rmqx([...args, '--max-hops', '2', '--trust-user-id', '--json']);
  assert.equal(up.code, 0, up.stderr);
  assert.deepEqual(JSON.parse(up.stdout).updated, ['max-hops', 'trust-user-id']);
  assert.deepEqual((await param(name)).body.value, { uri: uri(upstreamVhost), exchange: 'events', expires: 3600000, 'message-ttl': 60000, 'prefetch-count': 100, 'reconnect-delay': 5, 'max-hops': 2, 'trust-user-id': true });

  const list = await rmqx(['federation', 'upstream', 'list', '-V', downstream]);
  assert.equal(list.code, 0, list.stderr);
  noSecret(list);
  assert.match(list.stdout, new RegExp(`^${name}\\t${masked(upstreamVhost).replace(/[.*?]/g, '\\$&')}\\tevents\\t\\t2\\t\\t100$`, 'm'));
  const json = await rmqx(['federation', 'upstreams', 'list', '--json', '--all-vhosts']);
  noSecret(json);
  const row = (JSON.parse(json.stdout) as Array<Record<string, unknown>>).find((x) => x.name === name);
  assert.equal(row?.vhost, downstream);
  assert.equal(row?.uri, masked(upstreamVhost));
});

test('federation upstream delete: removes it; again is 66, with --if-exists 0', async () => {
  const name = unique('del');
  assert.equal((await rmqx(['federation', 'upstream', 'declare', name, '--uri', uri(upstreamVhost), '-V', downstream])).code, 0);
  const r = await rmqx(['federation', 'upstream', 'delete', name, '--detailed-exitcode', '-V', downstream]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal((await param(name)).status, 404);
  const again = await rmqx(['federation', 'upstream', 'delete', name, '-V', downstream]);
  assert.equal(again.code, 66, again.stderr);
  assert.match(again.stderr, new RegExp(`delete federation upstream '${name}' in vhost '${downstream}': it does not exist`));
  const ok = await rmqx(['federation', 'upstream', 'delete', name, '--if-exists', '--json', '-V', downstream]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).changed, false);
});

test('federation upstream declare: bad input is 64 before any request, without the password; a refused URI is 65, masked', async () => {
  const name = unique('bad');
  for (const args of [[], ['--uri', uri(upstreamVhost).replace('amqp:', 'https:')], ['--uri', uri(upstreamVhost), '--max-hops', '0'], ['--uri', uri(upstreamVhost), '--ack-mode', 'sometimes'], ['--uri', uri(upstreamVhost), '--expires', 'soon'], ['--uri', uri(upstreamVhost), '--reconnect-delay', '-2']]) {
    const r = await rmqx(['federation', 'upstream', 'declare', name, ...args, '-V', downstream]);
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
    noSecret(r);
  }
  const refused = await rmqx(['federation', 'upstream', 'declare', name, '--uri', `${uri(upstreamVhost)}?heartbeat=often`, '-V', downstream]);
  assert.equal(refused.code, 65, refused.stderr);
  assert.match(refused.stderr, /not a valid URI/);
  noSecret(refused);
  assert.equal((await param(name)).status, 404, 'nothing created');
  const noun = await rmqx(['federation', 'upstream', 'frobnicate']);
  assert.equal(noun.code, 64, noun.stderr);
});
