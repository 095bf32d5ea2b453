/**
 * Shovels, federation upstreams, feature flags and deprecated features without a broker: URI
 * masking, the definition diff, option checks, and the verbs against a stub API (what they send,
 * what they print, their exit codes), including states a fresh test broker never has (a disabled
 * stable feature flag, a failure part-way through enable-all).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskUri, maskUris, maskedValue, refusal, valueDiff } from '../../src/kinds/shovel.js';
import { deleteAfter } from '../../src/commands/shovel/declare.js';
import { checkAmqp10Uri, checkAmqpUri, shovelUris } from '../../src/commands/shovel/common.js';
import { startStub } from '../helpers/stub-server.js';
import { runInProcess } from '../helpers/memory-io.js';

test('maskUri: the password of a URI becomes ***; URIs without one stay as they are', () => {
  assert.equal(maskUri('amqp://user:secret@host:5672/v'), 'amqp://user:***@host:5672/v');
  assert.equal(maskUri('amqps://u:p%40ss@h/%2F?heartbeat=5'), 'amqps://u:***@h/%2F?heartbeat=5');
  assert.equal(maskUri('amqp://u:p@ss@h/v'), 'amqp://u:***@h/v', 'up to the last @ of the authority');
  assert.equal(maskUri('amqp://user@host/v'), 'amqp://user@host/v');
  assert.equal(maskUri('amqp://host/v'), 'amqp://host/v');
  assert.equal(maskUri('amqp://'), 'amqp://');
  assert.equal(maskUri('not a uri'), 'not a uri');
  assert.equal(maskUris('"amqp://a:b@h/v" not a valid URI: {x, "amqp://a:b@h/v"}'), '"amqp://a:***@h/v" not a valid URI: {x, "amqp://a:***@h/v"}');
  assert.deepEqual(maskedValue({ 'src-uri': 'amqp://a:b@h', 'dest-uri': ['amqp://c:d@h1', 'amqp://h2'], 'src-queue': 'q' }), {
    'src-uri': 'amqp://a:***@h',
    'dest-uri': ['amqp://c:***@h1', 'amqp://h2'],
    'src-queue': 'q',
  });
});

test("refusal: the broker's words in one line, unescaped, URIs masked", () => {
  assert.equal(
    refusal('Validation failed\n\nack-mode should be one of [&lt;&lt;"no-ack"&gt;&gt;,&lt;&lt;"on-publish"&gt;&gt;], actually was &lt;&lt;"bogus"&gt;&gt;\n'),
    'ack-mode should be one of [no-ack,on-publish], actually was bogus',
  );
  assert.equal(refusal('Validation failed\n\n"amqp://g:pw@h/v?heartbeat=x" not a valid URI\n'), '"amqp://g:***@h/v?heartbeat=x" not a valid URI');
});

test('valueDiff: key by key, all mutable; a URI differs by name only (secret)', () => {
  const d = valueDiff({ 'src-uri': 'amqp://a:old@h', 'ack-mode': 'on-confirm', 'src-queue': 'q' }, { 'src-uri': 'amqp://a:new@h', 'src-queue': 'q' });
  assert.deepEqual(d.map((x) => [x.field, x.mutable, Boolean(x.secret)]), [['ack-mode', true, false], ['src-uri', true, true]]);
  assert.deepEqual(valueDiff({ uri: 'amqp://h', 'max-hops': 1 }, { 'max-hops': 1, uri: 'amqp://h' }), []);
});

test('--src-delete-after and URI checks: 64 words that never quote a password', () => {
  assert.equal(deleteAfter('never'), 'never');
  assert.equal(deleteAfter('queue-length'), 'queue-length');
  assert.equal(deleteAfter('25'), 25);
  for (const bad of ['0', '-1', 'soon', '1.5']) assert.throws(() => deleteAfter(bad), /not never, queue-length or a number/);
  assert.equal(checkAmqpUri('--src-uri', 'amqp://'), 'amqp://');
  assert.throws(() => checkAmqpUri('--src-uri', undefined), /--src-uri is required/);
  assert.throws(() => checkAmqpUri('--src-uri', 'http://u:topsecret@h/v'), (e: Error) => /not an amqp:\/\/ or amqps:\/\/ URI/.test(e.message) && !e.message.includes('topsecret'));
  assert.throws(() => checkAmqpUri('--dest-uri', 'amqp://u:topsecret@h:99999/v'), (e: Error) => /not a valid URI/.test(e.message) && !e.message.includes('topsecret'));
});

test('shovel declare: the definition sent, the outcome masked; bad combinations are 64 with nothing sent', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('PUT', '/api/parameters/shovel/v/s', { status: 201 });
  const env = { RMQX_URL: stub.url };
  const r = await runInProcess(
    ['shovel', 'declare', 's', '-V', 'v', '--src-uri', 'amqp://u:topsecret@a/x', '--src-exchange', 'in', '--src-routing-key', 'k.#', '--dest-uri', 'amqp://u:topsecret@b/y', '--dest-exchange', 'out', '--dest-routing-key', 'r', '--ack-mode', 'on-publish', '--src-delete-after', 'queue-length', '--prefetch', '10', '--reconnect-delay', '2.5', '--json'],
    { env },
  );
  assert.equal(r.code, 0, r.stderr);
  const put = stub.requests.find((q) => q.method === 'PUT');
  assert.deepEqual((put?.body as { value: unknown }).value, {
    'src-protocol': 'amqp091', 'src-uri': 'amqp://u:topsecret@a/x', 'src-exchange': 'in', 'src-exchange-key': 'k.#',
    'dest-protocol': 'amqp091', 'dest-uri': 'amqp://u:topsecret@b/y', 'dest-exchange': 'out', 'dest-exchange-key': 'r',
    'ack-mode': 'on-publish', 'src-delete-after': 'queue-length', 'src-prefetch-count': 10, 'reconnect-delay': 2.5,
  });
  assert.ok(!r.stdout.includes('topsecret') && !r.stderr.includes('topsecret'), r.stdout + r.stderr);
  assert.equal(JSON.parse(r.stdout).value['src-uri'], 'amqp://u:***@a/x');

  const before = stub.requests.length;
  const base = ['shovel', 'declare', 's', '--src-uri', 'amqp://u:topsecret@a/x', '--dest-uri', 'amqp://b'];
  for (const extra of [[], ['--src-queue', 'q', '--src-exchange', 'x', '--dest-queue', 'd'], ['--src-queue', 'q'], ['--src-queue', 'q', '--dest-queue', 'd', '--dest-exchange', 'x'], ['--src-queue', 'q', '--src-routing-key', 'k', '--dest-queue', 'd'], ['--src-queue', 'q', '--dest-queue', 'd', '--dest-routing-key', 'k'], ['--src-queue', 'q', '--dest-queue', 'd', '--ack-mode', 'sometimes'], ['--src-queue', 'q', '--dest-queue', 'd', '--prefetch', '0'], ['--src-queue', 'q', '--dest-queue', 'd', '--reconnect-delay', '-1']]) {
    const bad = await runInProcess([...base, ...extra], { env });
    assert.equal(bad.code, 64, `${extra.join(' ')}: ${bad.stderr}`);
    assert.ok(!bad.stderr.includes('topsecret'), bad.stderr);
  }
  assert.equal(stub.requests.length, before, 'nothing sent');
});

test('shovelUris: --src-uri repeated or comma-separated is the list the broker takes; one is a string; a comma inside a URI stays', () => {
  assert.equal(shovelUris('--src-uri', ['amqp://a:pw@h1/v']), 'amqp://a:pw@h1/v');
  assert.deepEqual(shovelUris('--src-uri', ['amqp://h1/v', 'amqps://h2/v']), ['amqp://h1/v', 'amqps://h2/v']);
  assert.deepEqual(shovelUris('--src-uri', ['amqp://h1/v,amqp://h2/v', 'amqp://h3/v']), ['amqp://h1/v', 'amqp://h2/v', 'amqp://h3/v']);
  assert.equal(shovelUris('--src-uri', ['amqps://h/v?versions=tlsv1.2,tlsv1.3']), 'amqps://h/v?versions=tlsv1.2,tlsv1.3');
  assert.throws(() => shovelUris('--src-uri', undefined), /--src-uri is required/);
  assert.throws(() => shovelUris('--src-uri', ['amqp://h1/v,,amqp://h2/v']), /an empty URI/);
  assert.throws(() => shovelUris('--src-uri', ['amqp://h1/v,']), /an empty URI/);
  assert.equal(shovelUris('--src-uri', ['amqp://h1/a,b']), 'amqp://h1/a,b', 'a comma inside a vhost stays');
  assert.throws(() => shovelUris('--src-uri', ['amqp://u:topsecret@h1/v', 'amqp://u:topsecret@h1/v']), (e: Error) => /the same URI twice/.test(e.message) && !e.message.includes('topsecret'));
  assert.throws(() => shovelUris('--dest-uri', ['amqp://u:topsecret@h1/v,http://u:topsecret@h2']), (e: Error) => /not an amqp/.test(e.message) && !e.message.includes('topsecret'));
});

test('checkAmqp10Uri: one URI with a host and no path; the words never quote a password', () => {
  checkAmqp10Uri('--dest-uri', 'amqp://u:p@h:5672');
  checkAmqp10Uri('--dest-uri', 'amqp://u:p@h:5672/?hostname=vhost:shop');
  checkAmqp10Uri('--dest-uri', 'amqps://u:p@h?hostname=vhost:shop');
  const bad = (uris: string | string[], re: RegExp) => assert.throws(() => checkAmqp10Uri('--dest-uri', uris), (e: Error) => re.test(e.message) && !e.message.includes('topsecret'));
  bad('amqp://', /needs a host/);
  bad('amqp://u:topsecret@h/shop', /has no vhost path/);
  bad('amqp://u:topsecret@h/%2F', /has no vhost path/);
  bad(['amqp://u:topsecret@h1', 'amqp://h2'], /takes one URI/);
});

test('shovel declare: AMQP 1.0 ends and several URIs are the keys the broker takes; the flags of the other protocol are 64 with nothing sent', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('PUT', '/api/parameters/shovel/v/s', { status: 201 });
  const env = { RMQX_URL: stub.url };
  const value = async (args: string[]) => {
    stub.requests.length = 0;
    const r = await runInProcess(['shovel', 'declare', 's', '-V', 'v', ...args, '--json'], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('topsecret') && !r.stderr.includes('topsecret'), r.stdout + r.stderr);
    return [(stub.requests.find((q) => q.method === 'PUT')?.body as { value: unknown }).value, JSON.parse(r.stdout).value];
  };
  const [sent, shown] = await value(['--src-uri', 'amqp://', '--src-queue', 'q', '--dest-protocol', 'amqp10', '--dest-uri', 'amqp://u:topsecret@h:5672?hostname=vhost:shop', '--dest-address', '/queues/q', '--dest-add-forward-headers', '--dest-add-timestamp-header', '--src-delete-after', '5']);
  assert.deepEqual(sent, {
    'src-protocol': 'amqp091', 'src-uri': 'amqp://', 'src-queue': 'q',
    'dest-protocol': 'amqp10', 'dest-uri': 'amqp://u:topsecret@h:5672?hostname=vhost:shop', 'dest-address': '/queues/q',
    'dest-add-forward-headers': true, 'dest-add-timestamp-header': true, 'src-delete-after': 5,
  });
  assert.equal((shown as Record<string, unknown>)['dest-uri'], 'amqp://u:***@h:5672?hostname=vhost:shop');
  const [sent10] = await value(['--src-protocol', 'amqp10', '--src-uri', 'amqp://u:topsecret@h', '--src-address', '/queue/in', '--prefetch', '5', '--dest-uri', 'amqp://u:topsecret@a/x,amqp://u:topsecret@b/x', '--dest-uri', 'amqp://c/x', '--dest-exchange', 'out']);
  assert.deepEqual(sent10, {
    'src-protocol': 'amqp10', 'src-uri': 'amqp://u:topsecret@h', 'src-address': '/queue/in', 'src-prefetch-count': 5,
    'dest-protocol': 'amqp091', 'dest-uri': ['amqp://u:topsecret@a/x', 'amqp://u:topsecret@b/x', 'amqp://c/x'], 'dest-exchange': 'out',
  });

  stub.requests.length = 0;
  const src10 = ['--src-protocol', 'amqp10', '--src-uri', 'amqp://u:topsecret@h'];
  const dest = ['--dest-uri', 'amqp://u:topsecret@b/y', '--dest-queue', 'd'];
  const cases: Array<[string[], RegExp]> = [
    [[...src10, ...dest], /--src-protocol amqp10 needs --src-address/],
    [[...src10, '--src-address', '/queue/a', '--src-queue', 'q', ...dest], /--src-queue: only with --src-protocol amqp091/],
    [[...src10, '--src-address', '/queue/a', '--src-routing-key', 'k', ...dest], /--src-routing-key: only with --src-protocol amqp091/],
    [[...src10, '--src-address', '/queue/a', '--src-delete-after', 'queue-length', ...dest], /an AMQP 1.0 source has no queue length/],
    [['--src-protocol', 'amqp10', '--src-uri', 'amqp://u:topsecret@h/shop', '--src-address', '/queue/a', ...dest], /has no vhost path/],
    [['--src-protocol', 'amqp10', '--src-uri', 'amqp://u:topsecret@h1,amqp://h2', '--src-address', '/queue/a', ...dest], /takes one URI/],
    [['--src-uri', 'amqp://', '--src-queue', 'q', '--src-address', '/queue/a', ...dest], /--src-address: only with --src-protocol amqp10/],
    [['--src-uri', 'amqp://', '--src-queue', 'q', '--dest-protocol', 'amqp10', '--dest-uri', 'amqp://', '--dest-address', '/queues/d'], /needs a host/],
    [['--src-uri', 'amqp://', '--src-queue', 'q', '--dest-protocol', 'amqp10', '--dest-uri', 'amqp://h', '--dest-address', '/queues/d', '--dest-exchange', 'x'], /--dest-exchange: only with --dest-protocol amqp091/],
    [['--src-protocol', 'amqp1', '--src-uri', 'amqp://', '--src-queue', 'q', ...dest], /'amqp1' is not one of amqp091, amqp10/],
    [['--src-uri', 'amqp://u:topsecret@h1/v', '--src-uri', 'amqp://u:topsecret@h1/v', '--src-queue', 'q', ...dest], /the same URI twice/],
  ];
  for (const [args, re] of cases) {
    const bad = await runInProcess(['shovel', 'declare', 's', '-V', 'v', ...args], { env });
    assert.equal(bad.code, 64, `${args.join(' ')}: ${bad.stderr}`);
    assert.match(bad.stderr, re);
    assert.equal(bad.stderr.trim().split('\n').filter((l) => l.startsWith('rmqx:')).length, 1, bad.stderr);
    assert.ok(!bad.stderr.includes('topsecret'), bad.stderr);
  }
  assert.equal(stub.requests.length, 0, 'nothing sent');
});

const flag = (name: string, state: string, stability = 'stable') => ({ name, state, stability, desc: `${name} desc`, provided_by: 'rabbit' });

test('feature-flag enable-all: only disabled stable flags; --yes needed off a TTY; a failure part-way is 3 naming what was done', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  const flags = [flag('a_flag', 'disabled'), flag('b_flag', 'enabled'), flag('c_flag', 'disabled', 'experimental'), flag('d_flag', 'disabled'), flag('e_flag', 'disabled', 'required')];
  stub.on('GET', '/api/feature-flags', () => ({ body: flags }));
  stub.on('PUT', '/api/feature-flags/d_flag/enable', () => (flags.some((f) => f.name === 'fail_d') ? { status: 400, body: { error: 'bad_request', reason: 'nope' } } : { status: 204 }));
  stub.on('PUT', /^\/api\/feature-flags\/[a-z_]+\/enable$/, { status: 204 });
  const env = { RMQX_URL: stub.url };
  const no = await runInProcess(['feature-flag', 'enable-all'], { env });
  assert.equal(no.code, 64, no.stderr);
  assert.match(no.stderr, /a_flag, d_flag/);
  assert.match(no.stderr, /refusing without --yes/);
  assert.equal(stub.requests.filter((q) => q.method === 'PUT').length, 0);

  const yes = await runInProcess(['feature-flag', 'enable-all', '--yes', '--json', '--detailed-exitcode'], { env });
  assert.equal(yes.code, 2, yes.stderr);
  assert.deepEqual(JSON.parse(yes.stdout), { action: 'enabled', kind: 'feature flags', changed: true, enabled: ['a_flag', 'd_flag'] });
  assert.deepEqual(stub.requests.filter((q) => q.method === 'PUT').map((q) => q.path), ['/api/feature-flags/a_flag/enable', '/api/feature-flags/d_flag/enable']);

  flags.push(flag('fail_d', 'enabled'));
  const partial = await runInProcess(['feature-flag', 'enable-all', '--yes'], { env });
  assert.equal(partial.code, 3, partial.stderr);
  assert.match(partial.stderr, /feature flag 'd_flag'.*nope; enabled before it: a_flag; not attempted: none/);
});

test('feature-flag enable: a disabled flag is PUT (2 with --detailed-exitcode); a refusal is 65', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/feature-flags', { body: [flag('a_flag', 'disabled'), flag('x_flag', 'unavailable')] });
  stub.on('PUT', '/api/feature-flags/a_flag/enable', { status: 204 });
  stub.on('PUT', '/api/feature-flags/x_flag/enable', { status: 400, body: { error: 'bad_request', reason: 'unsupported' } });
  const env = { RMQX_URL: stub.url };
  const r = await runInProcess(['feature-flag', 'enable', 'a_flag', '--detailed-exitcode'], { env });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /enabled feature flag 'a_flag'/);
  const refused = await runInProcess(['feature-flag', 'enable', 'x_flag'], { env });
  assert.equal(refused.code, 65, refused.stderr);
  assert.match(refused.stderr, /unsupported/);
});

test('deprecated-feature list: a broker older than 3.13 is 65 without asking the API; --require-none is 1 when any is used', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  let version = '3.12.14';
  stub.on('GET', '/api/overview', () => ({ body: { rabbitmq_version: version } }));
  stub.on('GET', '/api/feature-flags', { body: [] });
  stub.on('GET', '/api/deprecated-features/used', { body: [{ name: 'transient_nonexcl_queues', deprecation_phase: 'permitted_by_default' }] });
  stub.on('GET', '/api/deprecated-features', { body: [{ name: 'transient_nonexcl_queues', deprecation_phase: 'permitted_by_default', state: 'permitted' }, { name: 'global_qos', deprecation_phase: 'denied_by_default', state: 'denied' }] });
  const env = { RMQX_URL: stub.url };
  const old = await runInProcess(['deprecated-feature', 'list'], { env });
  assert.equal(old.code, 65, old.stderr);
  assert.match(old.stderr, /this broker \(3\.12\.14\) has no deprecated-features API \(3\.13\+\)/);
  assert.ok(!stub.requests.some((q) => q.path.startsWith('/api/deprecated-features')));
  version = '4.3.6';
  const all = await runInProcess(['deprecated-feature', 'list'], { env: { ...env } });
  assert.equal(all.code, 0, all.stderr);
  assert.equal(all.stdout, 'transient_nonexcl_queues\tpermitted_by_default\tpermitted\t\nglobal_qos\tdenied_by_default\tdenied\t\n');
  const check = await runInProcess(['deprecated-feature', 'list', '--require-none'], { env });
  assert.equal(check.code, 1, check.stderr);
  assert.match(check.stderr, /1 deprecated feature is in use: transient_nonexcl_queues/);
});
