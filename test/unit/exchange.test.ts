import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startStub, type Stub } from '../helpers/stub-server.js';
import { runInProcess, type RunOptions } from '../helpers/memory-io.js';

async function stubFor(t: TestContext): Promise<{ stub: Stub; rmqx: (argv: string[], opts?: RunOptions) => ReturnType<typeof runInProcess> }> {
  const stub = await startStub();
  t.after(() => stub.close());
  return { stub, rmqx: (argv, opts = {}) => runInProcess(argv, { ...opts, env: { RMQX_URL: stub.url, ...opts.env } }) };
}

const writes = (stub: Stub) => stub.requests.filter((r) => r.method !== 'GET');
const exchange = (name: string, extra: Record<string, unknown> = {}) => ({ name, vhost: '/', type: 'direct', durable: true, auto_delete: false, internal: false, arguments: {}, ...extra });

test('exchange declare: defaults are direct and durable; GET then PUT the whole body', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', /^\/api\/exchanges\/%2F\//, { status: 201 });
  const r = await rmqx(['exchange', 'declare', 'orders']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /declared exchange 'orders' in vhost '\/'/);
  assert.deepEqual(stub.requests.map((q) => `${q.method} ${q.path}`), ['GET /api/exchanges/%2F/orders', 'PUT /api/exchanges/%2F/orders']);
  assert.deepEqual(stub.requests[1]!.body, { type: 'direct', durable: true, auto_delete: false, internal: false, arguments: {} });
});

test('exchange declare: every flag; --arg overrides the same key of --arguments; plugin x- types pass', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', /^\/api\/exchanges\//, { status: 201 });
  const r = await rmqx(['exchange', 'declare', 'd x#%', '--type', 'x-delayed-message', '--no-durable', '--auto-delete', '--internal', '--arguments', '{"x-delayed-type":"topic","alternate-exchange":"a"}', '--arg', 'alternate-exchange=b', '-V', 'v/1', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stub.requests[1]!.path, '/api/exchanges/v%2F1/d%20x%23%25');
  assert.deepEqual(stub.requests[1]!.body, { type: 'x-delayed-message', durable: false, auto_delete: true, internal: true, arguments: { 'x-delayed-type': 'topic', 'alternate-exchange': 'b' } });
  assert.deepEqual(JSON.parse(r.stdout), { action: 'declared', kind: 'exchange', name: 'd x#%', vhost: 'v/1', changed: true, type: 'x-delayed-message' });
});

test('exchange declare: the same again is 0 and changed:false with no PUT', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/exchanges/%2F/t', { body: exchange('t', { type: 'topic', arguments: { 'alternate-exchange': 'ae' } }) });
  const r = await rmqx(['exchange', 'declare', 't', '--type', 'topic', '--arg', 'alternate-exchange=ae', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).changed, false);
  assert.match(r.stderr, /already as asked, nothing changed/);
  // the broker's own exchanges can be "declared" as they are
  stub.on('GET', '/api/exchanges/%2F/amq.topic', { body: exchange('amq.topic', { type: 'topic' }) });
  const amq = await rmqx(['exchange', 'declare', 'amq.topic', '--type', 'topic']);
  assert.equal(amq.code, 0, amq.stderr);
  assert.deepEqual(writes(stub), []);
});

test('exchange declare: any difference is 65 naming it, and no PUT', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/exchanges/%2F/x', { body: exchange('x', { type: 'fanout' }) });
  const cases: Array<[string[], RegExp]> = [
    [['--type', 'fanout', '--no-durable'], /exchange 'x' in vhost '\/' exists with durable=true, asked for durable=false/],
    [[], /exists with type=fanout, asked for type=direct/],
    [['--type', 'topic'], /exists with type=fanout, asked for type=topic/],
    [['--type', 'fanout', '--auto-delete'], /auto_delete=false, asked for auto_delete=true/],
    [['--type', 'fanout', '--internal'], /internal=false, asked for internal=true/],
    [['--type', 'fanout', '--arg', 'alternate-exchange=ae'], /exists with no alternate-exchange, asked for alternate-exchange=ae/],
  ];
  for (const [flags, words] of cases) {
    const r = await rmqx(['exchange', 'declare', 'x', ...flags]);
    assert.equal(r.code, 65, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, words);
  }
  assert.deepEqual(writes(stub), []);
});

test('exchange declare: bad input is 64 with no request; a new amq.* name is 64 with no PUT', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  const cases: Array<[string[], RegExp]> = [
    [['exchange', 'declare', ''], /default exchange '' cannot be declared/],
    [['exchange', 'declare', 'x', '--type', 'bogus'], /'bogus' is not one of direct, fanout, topic, headers/],
    [['exchange', 'declare', 'x', '--type', 'x-'], /'x-' is not one of/],
    [['exchange', 'declare', 'x', '--arguments', '{'], /not valid JSON/],
    [['exchange', 'declare', 'x', '--arguments', '"s"'], /must be a JSON object/],
    [['exchange', 'declare', 'x', '--arg', 'k'], /is not key=value/],
    [['exchange', 'delete', ''], /default exchange '' cannot be deleted/],
    [['exchange', 'delete', 'amq.direct'], /'amq.direct' belongs to the broker/],
    [['exchange', 'bind', 'a', ''], /default exchange .* cannot be bound/],
    [['exchange', 'bind', '', 'a'], /default exchange .* cannot be bound/],
    [['exchange', 'unbind', 'amq.default', 'a'], /default exchange .* cannot be bound/],
  ];
  for (const [argv, words] of cases) {
    const r = await rmqx(argv);
    assert.equal(r.code, 64, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, words, argv.join(' '));
  }
  assert.deepEqual(stub.requests, []);
  const amq = await rmqx(['exchange', 'declare', 'amq.mine']);
  assert.equal(amq.code, 64);
  assert.match(amq.stderr, /reserved for the broker/);
  assert.deepEqual(writes(stub), []);
});

test('exchange declare: an unknown plugin type refused by the broker is 65', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', '/api/exchanges/%2F/d', { status: 400, body: { error: 'bad_request', reason: "unknown exchange type 'x-delayed-message'" } });
  const r = await rmqx(['exchange', 'declare', 'd', '--type', 'x-delayed-message']);
  assert.equal(r.code, 65);
  assert.match(r.stderr, /declare exchange 'd' in vhost '\/': unknown exchange type/);
});

test('exchange delete: --if-unused in the query, in use is 65, missing 66 or 0 with --if-exists', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('DELETE', '/api/exchanges/%2F/used', { status: 400, body: { error: 'bad_request', reason: "exchange 'used' in vhost '/' in use" } });
  stub.on('DELETE', '/api/exchanges/%2F/free', { status: 204 });
  const ok = await rmqx(['exchange', 'delete', 'free', '--if-unused']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(stub.requests.at(-1)!.query, 'if-unused=true');
  const used = await rmqx(['exchange', 'delete', 'used', '--if-unused']);
  assert.equal(used.code, 65);
  assert.match(used.stderr, /in use/);
  assert.equal((await rmqx(['exchange', 'delete', 'gone'])).code, 66);
  assert.equal((await rmqx(['exchange', 'delete', 'gone', '--if-exists'])).code, 0);
});

test('exchange list: one vhost, or every vhost with a vhost column', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/exchanges/%2F', { body: [exchange(''), exchange('amq.fanout', { type: 'fanout' })] });
  stub.on('GET', '/api/exchanges', { body: [exchange('e', { vhost: 'v2', arguments: { 'alternate-exchange': 'ae' } })] });
  const one = await rmqx(['exchange', 'list']);
  assert.equal(one.code, 0, one.stderr);
  assert.equal(one.stdout, '\tdirect\ttrue\tfalse\tfalse\t{}\namq.fanout\tfanout\ttrue\tfalse\tfalse\t{}\n');
  const all = await rmqx(['exchanges', 'list', '--all-vhosts']);
  assert.equal(all.stdout, 'v2\te\tdirect\ttrue\tfalse\tfalse\t{"alternate-exchange":"ae"}\n');
  const json = await rmqx(['exchange', 'list', '--json']);
  assert.deepEqual(JSON.parse(json.stdout).map((x: { name: string }) => x.name), ['', 'amq.fanout']);
  const tty = await rmqx(['exchange', 'list', '--no-color'], { tty: true });
  assert.match(tty.stdout, /name.*type.*durable.*auto_delete.*internal.*arguments/);
  assert.match(tty.stdout, /\(default\)/);
});

test("exchange show: one exchange; '' is the default exchange (amq.default in the path)", async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/exchanges/%2F/amq.default', { body: exchange('') });
  stub.on('GET', '/api/exchanges/%2F/a%2Fb', { body: exchange('a/b', { type: 'headers' }) });
  const def = await rmqx(['exchange', 'show', '']);
  assert.equal(def.code, 0, def.stderr);
  assert.match(def.stdout, /^type\tdirect$/m);
  const named = await rmqx(['exchange', 'show', 'a/b', '--json']);
  assert.equal(JSON.parse(named.stdout).type, 'headers');
  assert.equal((await rmqx(['exchange', 'show', 'nope'])).code, 66);
});

test('exchange bind DEST SOURCE: POST to /api/bindings/{vhost}/e/{source}/e/{dest}; idempotent', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  let bound: unknown[] = [];
  stub.on('GET', '/api/bindings/%2F/e/src%201/e/dest%231', () => ({ body: bound }));
  stub.on('POST', '/api/bindings/%2F/e/src%201/e/dest%231', (req) => {
    bound = [{ source: 'src 1', vhost: '/', destination: 'dest#1', destination_type: 'exchange', ...(req.body as object), properties_key: 'k' }];
    return { status: 201 };
  });
  const r = await rmqx(['exchange', 'bind', 'dest#1', 'src 1', '--routing-key', 'k', '--arg', 'x-match=any']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /bound exchange 'src 1' -> exchange 'dest#1' with routing key 'k' and arguments \{"x-match":"any"\}/);
  assert.deepEqual(writes(stub).map((q) => q.body), [{ routing_key: 'k', arguments: { 'x-match': 'any' } }]);
  const again = await rmqx(['exchange', 'bind', 'dest#1', 'src 1', '--routing-key', 'k', '--arg', 'x-match=any', '--json']);
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(JSON.parse(again.stdout), {
    action: 'bound', kind: 'binding', vhost: '/', source: 'src 1', destination: 'dest#1', destination_type: 'exchange', routing_key: 'k', arguments: { 'x-match': 'any' }, changed: false,
  });
  assert.equal(writes(stub).length, 1);
});

test('exchange unbind: deletes by properties_key; missing is 66, --if-exists 0', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/bindings/%2F/e/s/e/d', { body: [{ source: 's', vhost: '/', destination: 'd', destination_type: 'exchange', routing_key: 'k', arguments: {}, properties_key: 'k' }] });
  stub.on('DELETE', '/api/bindings/%2F/e/s/e/d/k', { status: 204 });
  stub.on('GET', '/api/vhosts/%2F', { body: { name: '/' } });
  stub.on('GET', '/api/exchanges/%2F/s', { body: exchange('s') });
  stub.on('GET', '/api/exchanges/%2F/d', { body: exchange('d') });
  const r = await rmqx(['exchange', 'unbind', 'd', 's', '--routing-key', 'k']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stub.requests.at(-1)!.path, '/api/bindings/%2F/e/s/e/d/k');
  const other = await rmqx(['exchange', 'unbind', 'd', 's', '--routing-key', 'other']);
  assert.equal(other.code, 66);
  assert.match(other.stderr, /unbind exchange 's' -> exchange 'd' with routing key 'other' in vhost '\/': no such binding/);
  assert.match(other.stderr, /hint: bindings between them: routing key 'k'/);
  const fine = await rmqx(['exchange', 'unbind', 'd', 's', '--routing-key', 'other', '--if-exists']);
  assert.equal(fine.code, 0);
  assert.equal(writes(stub).length, 1);
});
