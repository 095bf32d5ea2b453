import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, brokerVersion, deprecatedFeatures, dropVhost, freshVhost, rmqx, unique, until } from '../helpers/cli.js';

let vhost = '';
const vh = () => encodeURIComponent(vhost);
const run = (args: string[], input?: string) => rmqx([...args, '-V', vhost], input === undefined ? {} : { input });

before(async () => {
  vhost = await freshVhost('it-queue');
});
after(async () => {
  await dropVhost(vhost);
});

const queue = async (name: string) => api('GET', `/api/queues/${vh()}/${encodeURIComponent(name)}`);

async function publish(name: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const r = await api('POST', `/api/exchanges/${vh()}/amq.default/publish`, { properties: {}, routing_key: name, payload: `m${i}`, payload_encoding: 'string' });
    assert.equal(r.body.routed, true);
  }
}

/** The messages really in the queue (a get that requeues), not the lagging statistics. */
async function peek(name: string): Promise<number> {
  const r = await api('POST', `/api/queues/${vh()}/${encodeURIComponent(name)}/get`, { count: 100, ackmode: 'ack_requeue_true', encoding: 'auto' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.length;
}

describe('queue declare', () => {
  for (const type of ['classic', 'quorum', 'stream'] as const) {
    test(`${type}: declared, the same again is 0 and "nothing changed"`, async () => {
      const name = unique(`decl-${type}`);
      const extra = type === 'stream' ? ['--max-length-bytes', '1000000'] : ['--max-length', '100'];
      const first = await run(['queue', 'declare', name, '--type', type, ...extra]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, new RegExp(`declared queue '${name}'`));
      const q = await queue(name);
      assert.equal(q.status, 200);
      assert.equal(q.body.type, type);
      assert.equal(q.body.durable, true);
      assert.deepEqual(q.body.arguments, type === 'stream' ? { 'x-queue-type': 'stream', 'x-max-length-bytes': 1000000 } : { 'x-queue-type': type, 'x-max-length': 100 });
      const again = await run(['queue', 'declare', name, '--type', type, ...extra, '--json']);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /nothing changed/);
      assert.equal(JSON.parse(again.stdout).changed, false);
      // without --type, the existing queue's type is accepted
      const untyped = await run(['queue', 'declare', name, ...extra]);
      assert.equal(untyped.code, 0, untyped.stderr);
      assert.match(untyped.stderr, /nothing changed/);
    });
  }

  test('a different durable or argument is 65 naming it, and the queue is unchanged', async () => {
    const name = unique('diff');
    assert.equal((await run(['queue', 'declare', name, '--message-ttl', '60000'])).code, 0);
    const before = (await queue(name)).body;
    const durable = await run(['queue', 'declare', name, '--message-ttl', '60000', '--no-durable']);
    assert.equal(durable.code, 65, durable.stderr);
    assert.match(durable.stderr, new RegExp(`queue '${name}' in vhost '${vhost}' exists with durable=true, asked for durable=false`));
    const ttl = await run(['queue', 'declare', name, '--message-ttl', '1000']);
    assert.equal(ttl.code, 65, ttl.stderr);
    assert.match(ttl.stderr, /exists with x-message-ttl=60000, asked for x-message-ttl=1000/);
    const type = await run(['queue', 'declare', name, '--message-ttl', '60000', '--type', 'quorum']);
    assert.equal(type.code, 65, type.stderr);
    assert.match(type.stderr, /exists with type=classic, asked for type=quorum/);
    const after = (await queue(name)).body;
    assert.equal(after.durable, true);
    assert.equal(after.type, 'classic');
    assert.deepEqual(after.arguments, before.arguments);
  });

  test('transient, auto-delete, priorities, dead-lettering and --arguments reach the broker', async () => {
    const name = unique('flags');
    const r = await run(['queue', 'declare', name, '--no-durable', '--auto-delete', '--max-priority', '9', '--dead-letter-exchange', '', '--dead-letter-routing-key', 'dead', '--overflow', 'reject-publish', '--single-active-consumer', '--expires', '600000', '--arguments', '{"x-max-length": 7}']);
    assert.equal(r.code, 0, r.stderr);
    const q = (await queue(name)).body;
    assert.equal(q.durable, false);
    assert.equal(q.auto_delete, true);
    const asked = {
      'x-max-priority': 9,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'dead',
      'x-overflow': 'reject-publish',
      'x-single-active-consumer': true,
      'x-expires': 600000,
      'x-max-length': 7,
    };
    // RabbitMQ 4.x adds x-queue-type: classic by itself; 3.x keeps exactly what was sent
    const filled = (await brokerVersion())[0] >= 4 ? { 'x-queue-type': 'classic' } : {};
    assert.deepEqual(q.arguments, { ...asked, ...filled });
  });

  test('broker-filled x-queue-type: never a difference, not shown in TSV, kept in --json', async () => {
    const name = unique('filled');
    assert.equal((await run(['queue', 'declare', name, '--max-length', '5'])).code, 0);
    const raw = (await queue(name)).body.arguments;
    assert.deepEqual(raw, (await brokerVersion())[0] >= 4 ? { 'x-max-length': 5, 'x-queue-type': 'classic' } : { 'x-max-length': 5 });
    // the same again, with or without the type the broker filled in: nothing changed on either tier
    for (const extra of [[], ['--type', 'classic'], ['--arg', 'x-queue-type=classic']]) {
      const again = await run(['queue', 'declare', name, '--max-length', '5', ...extra, '--json']);
      assert.equal(again.code, 0, `${extra.join(' ')}: ${again.stderr}`);
      assert.equal(JSON.parse(again.stdout).changed, false);
    }
    const show = await run(['queue', 'show', name]);
    assert.match(show.stdout, /^arguments\t\{"x-max-length":5\}$/m);
    const cols = await run(['queue', 'list', '--name-regex', `^${name}$`, '--columns', 'name,arguments']);
    assert.equal(cols.stdout, `${name}\t{"x-max-length":5}\n`);
    const json = await run(['queue', 'show', name, '--json']);
    assert.deepEqual(JSON.parse(json.stdout).arguments, raw, '--json is the broker document');
  });

  test('a transient non-exclusive queue: a warning naming the deprecated feature where the broker reports it in use', async () => {
    const name = unique('transient');
    const r = await run(['queue', 'declare', name, '--no-durable', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal((await queue(name)).body.durable, false);
    const feature = (await deprecatedFeatures()).get('transient_nonexcl_queues');
    if (feature) {
      assert.match(r.stderr, new RegExp(`^rmqx: warning: queue '${name}' in vhost '${vhost}' uses the deprecated feature 'transient_nonexcl_queues' \\(`, 'm'));
      assert.deepEqual(doc.warnings.map((w: any) => [w.deprecated_feature, w.deprecation_phase]), [['transient_nonexcl_queues', feature.deprecation_phase]]);
    } else {
      // a broker without deprecated features (before 3.13): nothing to warn about
      assert.doesNotMatch(r.stderr, /warning/);
      assert.equal(doc.warnings, undefined);
    }
    const durable = await run(['queue', 'declare', unique('durable'), '--json']);
    assert.doesNotMatch(durable.stderr, /deprecated/);
    assert.equal(JSON.parse(durable.stdout).warnings, undefined);
  });

  test('a deprecated feature the broker denies: 65 naming it and the setting that permits it; nothing created', async () => {
    const name = unique('locator');
    const r = await run(['queue', 'declare', name, '--arg', 'x-queue-master-locator=min-masters']);
    const feature = (await deprecatedFeatures()).get('queue_master_locator');
    if (feature?.state === 'denied') {
      assert.equal(r.code, 65, r.stderr);
      assert.match(r.stderr, new RegExp(`^rmqx: declare queue '${name}' in vhost '${vhost}': the broker refuses the deprecated feature 'queue_master_locator'$`, 'm'));
      assert.match(r.stderr, /deprecated_features\.permit\.queue_master_locator = true/);
      assert.equal(r.stderr.trim().split('\n').length, 2, 'one line and one hint');
      assert.equal((await queue(name)).status, 404);
    } else {
      // permitted here (3.x, or a broker configured to permit it)
      assert.equal(r.code, 0, r.stderr);
    }
  });

  test('bad input is 64 and nothing is created', async () => {
    const name = unique('bad');
    const cases = [
      ['--type', 'quorum', '--no-durable'],
      ['--type', 'stream', '--auto-delete'],
      ['--type', 'quorum', '--max-priority', '3'],
      ['--max-priority', '300'],
      ['--message-ttl', '-1'],
      ['--max-length', 'many'],
      ['--expires', '0'],
      ['--arguments', '{not json'],
      ['--type', 'lazy'],
      ['--dead-letter-routing-key', 'k'],
    ];
    for (const flags of cases) {
      const r = await run(['queue', 'declare', name, ...flags]);
      assert.equal(r.code, 64, `${flags.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^rmqx: /);
    }
    assert.equal((await run(['queue', 'declare', ''])).code, 64);
    assert.equal((await run(['queue', 'declare', 'amq.mine'])).code, 64);
    assert.equal((await queue(name)).status, 404);
    assert.equal((await queue('amq.mine')).status, 404);
  });

  test('names with spaces, #, % and unicode are one segment', async () => {
    const name = `odd name #1 50% ünï ${unique('x')}`;
    const r = await run(['queue', 'declare', name]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await queue(name)).body.name, name);
    const show = await run(['queue', 'show', name, '--json']);
    assert.equal(JSON.parse(show.stdout).name, name);
    assert.equal((await run(['queue', 'delete', name])).code, 0);
    assert.equal((await queue(name)).status, 404);
  });
});

describe('queue delete', () => {
  test('--if-empty on a queue with a message is 65 and it stays; then delete, then 66, then --if-exists 0', async () => {
    const name = unique('del');
    assert.equal((await run(['queue', 'declare', name])).code, 0);
    await publish(name, 1);
    const refused = await run(['queue', 'delete', name, '--if-empty']);
    assert.equal(refused.code, 65, refused.stderr);
    assert.match(refused.stderr, /not empty/);
    assert.equal((await queue(name)).status, 200);
    assert.equal(await peek(name), 1);
    const unused = await run(['queue', 'delete', name, '--if-unused']);
    assert.equal(unused.code, 0, unused.stderr);
    assert.equal((await queue(name)).status, 404);
    const missing = await run(['queue', 'delete', name]);
    assert.equal(missing.code, 66);
    assert.match(missing.stderr, /does not exist/);
    const fine = await run(['queue', 'delete', name, '--if-exists']);
    assert.equal(fine.code, 0, fine.stderr);
  });
});

describe('queue purge', () => {
  test('without --yes in a pipe: 64 and the messages stay; with --yes they go', async () => {
    const name = unique('purge');
    assert.equal((await run(['queue', 'declare', name])).code, 0);
    await publish(name, 3);
    const refused = await run(['queue', 'purge', name]);
    assert.equal(refused.code, 64, refused.stderr);
    assert.match(refused.stderr, /--yes/);
    assert.equal(await peek(name), 3);
    // the statistics catch up before the count is reported
    await until(async () => (await queue(name)).body.messages_ready === 3, 'messages_ready 3');
    const ok = await run(['queue', 'purge', name, '--yes', '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { action: 'purged', kind: 'queue', name, vhost, changed: true, messages_ready: 3 });
    assert.match(ok.stderr, /about 3 ready messages/);
    await until(async () => (await peek(name)) === 0, 'an empty queue');
    assert.equal((await queue(name)).status, 200);
  });

  test('top-level purge, a quorum queue; a stream is 65; a missing queue 66', async () => {
    const qq = unique('purge-qq');
    assert.equal((await run(['queue', 'declare', qq, '--type', 'quorum'])).code, 0);
    await publish(qq, 2);
    const r = await run(['purge', qq, '--yes']);
    assert.equal(r.code, 0, r.stderr);
    await until(async () => (await peek(qq)) === 0, 'an empty quorum queue');
    const s = unique('purge-s');
    assert.equal((await run(['queue', 'declare', s, '--type', 'stream'])).code, 0);
    const stream = await run(['purge', s, '--yes']);
    assert.equal(stream.code, 65, stream.stderr);
    const missing = await run(['purge', unique('nope'), '--yes']);
    assert.equal(missing.code, 66, missing.stderr);
  });
});

describe('queue bind / unbind', () => {
  test('bind with a routing key and arguments, idempotently; unbind; missing binding 66, --if-exists 0', async () => {
    const q = unique('bq');
    const x = unique('bx');
    assert.equal((await run(['queue', 'declare', q])).code, 0);
    assert.equal((await run(['exchange', 'declare', x, '--type', 'headers'])).code, 0);
    const bindings = async () => (await api('GET', `/api/bindings/${vh()}/e/${encodeURIComponent(x)}/q/${encodeURIComponent(q)}`)).body;
    const r = await run(['queue', 'bind', q, x, '--routing-key', 'eu.#', '--arg', 'x-match=all', '--arg', 'region=eu']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await bindings()).map((b: any) => [b.routing_key, b.arguments]), [['eu.#', { 'x-match': 'all', region: 'eu' }]]);
    const again = await run(['queue', 'bind', q, x, '--routing-key', 'eu.#', '--arguments', '{"region":"eu","x-match":"all"}']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /exists already, nothing changed/);
    const plain = await run(['queue', 'bind', q, x, '--routing-key', 'eu.#']);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal((await bindings()).length, 2);
    // a message with matching headers is routed
    const routed = await api('POST', `/api/exchanges/${vh()}/${encodeURIComponent(x)}/publish`, { properties: { headers: { region: 'eu' } }, routing_key: '', payload: 'h', payload_encoding: 'string' });
    assert.equal(routed.body.routed, true);

    const un = await run(['queue', 'unbind', q, x, '--routing-key', 'eu.#', '--arg', 'x-match=all', '--arg', 'region=eu']);
    assert.equal(un.code, 0, un.stderr);
    assert.deepEqual((await bindings()).map((b: any) => [b.routing_key, b.arguments]), [['eu.#', {}]]);
    const missing = await run(['queue', 'unbind', q, x, '--routing-key', 'eu.#', '--arg', 'x-match=all', '--arg', 'region=eu']);
    assert.equal(missing.code, 66, missing.stderr);
    assert.match(missing.stderr, /no such binding/);
    const fine = await run(['queue', 'unbind', q, x, '--routing-key', 'eu.#', '--arg', 'x-match=all', '--arg', 'region=eu', '--if-exists']);
    assert.equal(fine.code, 0, fine.stderr);
    assert.equal((await bindings()).length, 1);
  });

  test('the default exchange is 64; a missing exchange or queue is 66 naming it', async () => {
    const q = unique('bq2');
    assert.equal((await run(['queue', 'declare', q])).code, 0);
    const def = await run(['queue', 'bind', q, '']);
    assert.equal(def.code, 64, def.stderr);
    assert.match(def.stderr, /default exchange/);
    const noX = await run(['queue', 'bind', q, 'no-such-x']);
    assert.equal(noX.code, 66, noX.stderr);
    assert.match(noX.stderr, /source exchange 'no-such-x' does not exist/);
    const noQ = await run(['queue', 'bind', 'no-such-q', 'amq.topic']);
    assert.equal(noQ.code, 66, noQ.stderr);
    assert.match(noQ.stderr, /destination queue 'no-such-q' does not exist/);
    const unX = await run(['queue', 'unbind', q, 'no-such-x']);
    assert.equal(unX.code, 66, unX.stderr);
    assert.match(unX.stderr, /source exchange 'no-such-x' does not exist/);
    assert.equal((await run(['queue', 'unbind', q, 'no-such-x', '--if-exists'])).code, 0);
    const all = (await api('GET', `/api/queues/${vh()}/${q}/bindings`)).body;
    assert.deepEqual(all.map((b: any) => b.source), ['']);
  });
});

describe('queue list and show', () => {
  const prefix = unique('lst');
  const names = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];

  before(async () => {
    for (const n of names) assert.equal((await run(['queue', 'declare', n])).code, 0);
    await publish(names[0]!, 2);
    await until(async () => (await queue(names[0]!)).body.messages === 2, 'statistics for the published messages');
  });

  test('--name-regex filters; TSV rows have the default columns', async () => {
    const r = await run(['queue', 'list', '--name-regex', `^${prefix}-[ab]$`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${prefix}-a\tclassic\t2\t2\t0\t0\trunning\n${prefix}-b\tclassic\t0\t0\t0\t0\trunning\n`);
  });

  test('--json is one parseable array with the API fields; --columns picks', async () => {
    const json = await run(['queue', 'list', '--name-regex', `^${prefix}-`, '--json', '--all-fields']);
    assert.equal(json.code, 0, json.stderr);
    const rows = JSON.parse(json.stdout);
    assert.deepEqual(rows.map((q: any) => q.name), names);
    assert.equal(rows[0].durable, true);
    assert.equal(rows[0].vhost, vhost);
    const cols = await run(['queue', 'list', '--name-regex', `^${prefix}-a`, '--columns', 'name,durable,arguments']);
    assert.equal(cols.stdout, `${prefix}-a\ttrue\t{}\n`, 'broker-filled arguments are not shown');
    const jcols = await run(['queue', 'list', '--name-regex', `^${prefix}-a`, '--columns', 'name,messages', '--json']);
    assert.deepEqual(JSON.parse(jcols.stdout), [{ name: `${prefix}-a`, messages: 2 }]);
  });

  test('--all-vhosts has a vhost column and includes this vhost', async () => {
    const r = await rmqx(['queue', 'list', '--all-vhosts', '--name-regex', `^${prefix}-c$`]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${vhost}\t${prefix}-c\tclassic\t0\t0\t0\t0\trunning\n`);
  });

  test('a table on request (-o table) has headers', async () => {
    const r = await run(['queue', 'list', '--name-regex', `^${prefix}-a`, '-o', 'table', '--no-color']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /name.*type.*messages.*ready.*unacked.*consumers.*state/);
    assert.match(r.stdout, new RegExp(`${prefix}-a`));
  });

  test('show prints key/value lines; a missing queue is 66; a missing vhost is 66', async () => {
    const r = await run(['queue', 'show', names[0]!]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^name\\t${names[0]}$`, 'm'));
    assert.match(r.stdout, /^type\tclassic$/m);
    assert.equal((await run(['queue', 'show', unique('nope')])).code, 66);
    assert.equal((await rmqx(['queue', 'list', '-V', unique('no-vhost')])).code, 66);
  });
});

describe('queue list across pages', () => {
  let big = '';
  before(async () => {
    big = await freshVhost('it-queue-pages');
    const all = Array.from({ length: 1200 }, (_, i) => `p-${String(i).padStart(4, '0')}`);
    for (let i = 0; i < all.length; i += 50) {
      const batch = all.slice(i, i + 50);
      const answers = await Promise.all(batch.map((n) => api('PUT', `/api/queues/${encodeURIComponent(big)}/${n}`, { durable: false })));
      assert.ok(answers.every((a) => a.status === 201), 'queue created');
    }
  });
  after(async () => {
    await dropVhost(big);
  });

  test('1,200 queues: one request without statistics lists every one, in order', async () => {
    const r = await rmqx(['queue', 'list', '-V', big, '--verbose']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1200);
    assert.equal(lines[0], 'p-0000\tclassic\t0\t0\t0\t0\trunning');
    assert.equal(lines[1199]?.split('\t')[0], 'p-1199');
    assert.equal(new Set(lines).size, 1200);
    const gets = r.stderr.split('\n').filter((l) => /GET .*\/api\/queues\//.test(l));
    assert.equal(gets.length, 1);
    assert.match(gets[0] as string, /disable_stats=true&enable_queue_totals=true&columns=name/);
  });

  test('--name-regex asks page by page (500 a page)', async () => {
    const r = await rmqx(['queue', 'list', '-V', big, '--name-regex', '^p-0', '--columns', 'name', '--verbose']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd().split('\n').length, 1000);
    const gets = r.stderr.split('\n').filter((l) => /GET .*\/api\/queues\//.test(l));
    assert.equal(gets.length, 2);
    assert.ok(gets.every((l) => /page_size=500/.test(l) && /use_regex=true/.test(l)));
  });

  test('--page-size 100 takes 12 requests; --json is one array of 1,200', async () => {
    const r = await rmqx(['queue', 'list', '-V', big, '--page-size', '100', '--json', '--verbose']);
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout);
    assert.equal(rows.length, 1200);
    assert.equal(new Set(rows.map((q: any) => q.name)).size, 1200);
    assert.equal(r.stderr.split('\n').filter((l) => /GET .*\/api\/queues\//.test(l)).length, 12);
  });
});
