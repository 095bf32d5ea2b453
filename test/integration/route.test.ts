/**
 * `rmqx route` against what the broker really does: a topology in a fresh vhost, each case
 * asked of rmqx and then published for real (amqplib, confirms, mandatory); the queues that
 * got the message must be exactly the ones rmqx named.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Options } from 'amqplib';
import { api, dropVhost, freshVhost, rmqx } from '../helpers/cli.js';
import { amqpPeer } from '../helpers/amqp.js';

let vhost = '';
const V = () => ['-V', vhost];
const peer = amqpPeer(() => vhost);
const enc = encodeURIComponent;

const QUEUES = ['q-eu', 'q-all', 'q-star', 'q-f', 'q-d', 'q-main', 'q-ae', 'q-pae', 'q-int', 'h-all', 'h-any', 'h-allx', 'h-anyx', 'q-loop'];

async function ok(p: Promise<{ status: number; body: unknown }>, what: string): Promise<void> {
  const r = await p;
  assert.ok(r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
}
const exchange = (name: string, type: string, extra: Record<string, unknown> = {}) => ok(api('PUT', `/api/exchanges/${enc(vhost)}/${enc(name)}`, { type, durable: false, auto_delete: false, internal: false, arguments: {}, ...extra }), `exchange ${name}`);
const bindQ = (x: string, q: string, routing_key = '', args: Record<string, unknown> = {}) => ok(api('POST', `/api/bindings/${enc(vhost)}/e/${enc(x)}/q/${enc(q)}`, { routing_key, arguments: args }), `bind ${x} ${q}`);
const bindX = (x: string, d: string, routing_key = '') => ok(api('POST', `/api/bindings/${enc(vhost)}/e/${enc(x)}/e/${enc(d)}`, { routing_key, arguments: {} }), `bind ${x} ${d}`);

before(async () => {
  vhost = await freshVhost('route');
  for (const q of QUEUES) await ok(api('PUT', `/api/queues/${enc(vhost)}/${q}`, { durable: false, auto_delete: false, arguments: {} }), q);
  await exchange('t', 'topic');
  await exchange('f', 'fanout');
  await exchange('d', 'direct');
  await exchange('h', 'headers');
  await exchange('ae', 'fanout');
  await exchange('pae', 'fanout');
  await exchange('main', 'direct', { arguments: { 'alternate-exchange': 'ae' } });
  await exchange('pmain', 'direct');
  await exchange('int', 'fanout', { internal: true });
  await exchange('loop1', 'fanout');
  await exchange('loop2', 'fanout');
  await bindQ('t', 'q-eu', 'eu.*');
  await bindQ('t', 'q-all', '#');
  await bindQ('t', 'q-star', '*');
  await bindX('t', 'f', 'eu.#');
  await bindX('t', 'int', 'int.#');
  await bindQ('int', 'q-int');
  await bindQ('f', 'q-f');
  await bindQ('d', 'q-d', 'k');
  await bindQ('main', 'q-main', 'k');
  await bindQ('ae', 'q-ae');
  await bindQ('pae', 'q-pae');
  await bindQ('h', 'h-all', '', { 'x-match': 'all', region: 'eu', v: 2 });
  await bindQ('h', 'h-any', '', { 'x-match': 'any', region: 'us', urgent: true });
  await bindQ('h', 'h-allx', '', { 'x-match': 'all-with-x', 'x-tag': 'a' });
  await bindQ('h', 'h-anyx', '', { 'x-match': 'any-with-x', 'x-tag': 'b', other: 1 });
  await bindX('loop1', 'loop2');
  await bindX('loop2', 'loop1');
  await bindQ('loop2', 'q-loop');
  await ok(api('PUT', `/api/policies/${enc(vhost)}/ae-policy`, { pattern: '^pmain$', 'apply-to': 'exchanges', definition: { 'alternate-exchange': 'pae' }, priority: 0 }), 'policy');
});
after(async () => {
  await peer.close();
  await dropVhost(vhost);
});

interface Case {
  exchange: string;
  key: string;
  headers?: string[];
  /** the same headers as amqplib sends them */
  amqpHeaders?: Record<string, unknown>;
}

const CASES: Case[] = [
  { exchange: 't', key: 'eu.x' },
  { exchange: 't', key: '' },
  { exchange: 't', key: 'a' },
  { exchange: 't', key: 'eu' },
  { exchange: 't', key: 'eu.x.y' },
  { exchange: 't', key: 'int.x' },
  { exchange: 't', key: 'a.' },
  { exchange: 'd', key: 'k' },
  { exchange: 'd', key: 'K' },
  { exchange: 'main', key: 'k' },
  { exchange: 'main', key: 'other' },
  { exchange: 'pmain', key: 'x' },
  { exchange: '', key: 'q-d' },
  { exchange: '', key: 'no-such-queue' },
  { exchange: 'loop1', key: 'x' },
  { exchange: 'h', key: '', headers: ['region=eu', 'v=2'], amqpHeaders: { region: 'eu', v: 2 } },
  { exchange: 'h', key: '', headers: ['region=eu', 'v:=2'], amqpHeaders: { region: 'eu', v: '2' } },
  { exchange: 'h', key: '', headers: ['region=eu'], amqpHeaders: { region: 'eu' } },
  { exchange: 'h', key: '', headers: ['urgent=true'], amqpHeaders: { urgent: true } },
  { exchange: 'h', key: '', headers: ['x-tag=a'], amqpHeaders: { 'x-tag': 'a' } },
  { exchange: 'h', key: '', headers: ['x-tag=b'], amqpHeaders: { 'x-tag': 'b' } },
  { exchange: 'h', key: '', headers: ['other=1'], amqpHeaders: { other: 1 } },
  { exchange: 'h', key: 'anything' },
];

/** Where the broker really puts one message per case: body 'case-N'. */
async function whereTheBrokerRoutes(): Promise<Map<string, Set<string>>> {
  const ch = await (await peer.connection()).createConfirmChannel();
  CASES.forEach((c, i) => {
    const opts: Options.Publish = { mandatory: true, ...(c.amqpHeaders ? { headers: c.amqpHeaders } : {}) };
    ch.publish(c.exchange, c.key, Buffer.from(`case-${i}`), opts);
  });
  await ch.waitForConfirms();
  await ch.close();
  const landed = new Map<string, Set<string>>();
  await peer.onChannel(async (g) => {
    for (const q of QUEUES) {
      for (;;) {
        const m = await g.get(q, { noAck: true });
        if (!m) break;
        const body = m.content.toString();
        landed.set(body, (landed.get(body) ?? new Set()).add(q));
      }
    }
  });
  return landed;
}

test("route names exactly the queues the broker routes to, on every case (topic, direct, headers, e2e, alternate exchanges, default exchange, a cycle)", async () => {
  const answers: Array<{ code: number; queues: string[]; doc: Record<string, unknown> }> = [];
  for (const c of CASES) {
    const r = await rmqx(['route', '-e', c.exchange, '-k', c.key, ...(c.headers ?? []).flatMap((h) => ['-H', h]), '--json', ...V()]);
    assert.ok(r.code === 0 || r.code === 1, `${JSON.stringify(c)}: ${r.code} ${r.stderr}`);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    answers.push({ code: r.code, queues: (doc.queues as string[]).slice().sort(), doc });
  }
  const landed = await whereTheBrokerRoutes();
  CASES.forEach((c, i) => {
    const real = [...(landed.get(`case-${i}`) ?? [])].sort();
    const a = answers[i] as (typeof answers)[number];
    assert.deepEqual(a.queues, real, `case ${JSON.stringify(c)}`);
    assert.equal(a.code, real.length === 0 ? 1 : 0, `exit code of ${JSON.stringify(c)}`);
    assert.equal(a.doc.exact, true);
  });
  // a sanity check that the cases cover what they claim
  assert.deepEqual([...(landed.get('case-11') ?? [])], ['q-pae'], 'the policy alternate exchange was used');
  assert.deepEqual([...(landed.get('case-10') ?? [])], ['q-ae']);
});

test('route output: through which bindings (TSV), the path in JSON, and the alternate exchange named', async () => {
  const tsv = await rmqx(['route', '-e', 't', '-k', 'eu.x', ...V()]);
  assert.equal(tsv.code, 0, tsv.stderr);
  assert.match(tsv.stdout, /^q-f\t\tt --\[eu\.#\]--> f$/m);
  assert.match(tsv.stdout, /^q-eu\teu\.\*\tt$/m);
  const ae = await rmqx(['route', '-e', 'pmain', '-k', 'x', '--json', ...V()]);
  const doc = JSON.parse(ae.stdout);
  assert.deepEqual(doc.routes[0].path, [
    { exchange: 'pmain', type: 'direct', via: 'publish' },
    { exchange: 'pae', type: 'fanout', via: 'alternate-exchange', from: 'policy' },
  ]);
  const none = await rmqx(['route', '-e', 'd', '-k', 'nope', ...V()]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /^rmqx: route: a message to exchange 'd' in vhost '.*' with routing key 'nope' reaches no queue \(unroutable\)$/m);
});

test('route: bad input is 64; a missing exchange 66; an internal one 65', async () => {
  for (const args of [[], ['-k', 'x'], ['-e', 't', '-H', 'novalue'], ['-e', 't', '--no-such-flag']]) {
    const r = await rmqx(['route', ...args, ...V()]);
    assert.equal(r.code, 64, `${args.join(' ')}: ${r.stderr}`);
  }
  const missing = await rmqx(['route', '-e', 'nope', ...V()]);
  assert.equal(missing.code, 66, missing.stderr);
  assert.match(missing.stderr, /exchange 'nope' in vhost '.*' does not exist/);
  const internal = await rmqx(['route', '-e', 'int', ...V()]);
  assert.equal(internal.code, 65, internal.stderr);
  assert.match(internal.stderr, /internal/);
  const noVhost = await rmqx(['route', '-e', 't', '-V', 'no-such-vhost-route']);
  assert.ok(noVhost.code === 66 || noVhost.code === 77, noVhost.stderr);
});
