import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { startStub, type Stub } from '../helpers/stub-server.js';
import { runInProcess, type RunOptions } from '../helpers/memory-io.js';

async function stubFor(t: TestContext): Promise<{ stub: Stub; rmqx: (argv: string[], opts?: RunOptions) => ReturnType<typeof runInProcess> }> {
  const stub = await startStub();
  t.after(() => stub.close());
  return { stub, rmqx: (argv, opts = {}) => runInProcess(argv, { ...opts, env: { RMQX_URL: stub.url, ...opts.env } }) };
}

const classic = (name: string, extra: Record<string, unknown> = {}) => ({ name, vhost: '/', type: 'classic', durable: true, auto_delete: false, exclusive: false, arguments: {}, ...extra });

const writes = (stub: Stub) => stub.requests.filter((r) => r.method !== 'GET');

// ---- declare --------------------------------------------------------------------------------

test('queue declare: GET first, then PUT with every named flag turned into its argument', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', '/api/queues/%2F/orders', { status: 201 });
  const r = await rmqx([
    'queue', 'declare', 'orders', '--type', 'quorum', '--message-ttl', '60000', '--expires', '3600000', '--max-length', '10',
    '--max-length-bytes', '1048576', '--overflow', 'reject-publish', '--dead-letter-exchange', 'dlx', '--dead-letter-routing-key', 'dead',
    '--single-active-consumer', '--arg', 'x-delivery-limit=5',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /declared queue 'orders' in vhost '\/'/);
  assert.equal(r.stdout, '');
  assert.deepEqual(stub.requests.map((q) => `${q.method} ${q.path}`), ['GET /api/queues/%2F/orders', 'PUT /api/queues/%2F/orders']);
  assert.match(stub.requests[0]!.query, /^columns=/);
  assert.deepEqual(stub.requests[1]!.body, {
    durable: true,
    auto_delete: false,
    arguments: {
      'x-queue-type': 'quorum',
      'x-message-ttl': 60000,
      'x-expires': 3600000,
      'x-max-length': 10,
      'x-max-length-bytes': 1048576,
      'x-overflow': 'reject-publish',
      'x-dead-letter-exchange': 'dlx',
      'x-dead-letter-routing-key': 'dead',
      'x-single-active-consumer': true,
      'x-delivery-limit': 5,
    },
  });
});

test('queue declare: without --type no x-queue-type is sent; --no-durable, --auto-delete, --max-priority, --arguments and --arg (which wins)', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', '/api/queues/%2F/tmp', { status: 201 });
  const r = await rmqx(['queue', 'declare', 'tmp', '--no-durable', '--auto-delete', '--max-priority', '10', '--arguments', '{"x-max-length": 3, "x-custom": "a"}', '--arg', 'x-max-length=4', '--arg', 'x-id:=007']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.requests[1]!.body, { durable: false, auto_delete: true, arguments: { 'x-max-priority': 10, 'x-max-length': 4, 'x-custom': 'a', 'x-id': '007' } });
});

test('queue declare --type stream: retention by bytes, single active consumer left to the broker (3.11+ accepts it)', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', '/api/queues/%2F/s', { status: 201 });
  const r = await rmqx(['queue', 'declare', 's', '--type', 'stream', '--max-length-bytes', '1000', '--single-active-consumer', '--arg', 'x-max-age=7D']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.requests[1]!.body, { durable: true, auto_delete: false, arguments: { 'x-queue-type': 'stream', 'x-max-length-bytes': 1000, 'x-single-active-consumer': true, 'x-max-age': '7D' } });
});

test('queue declare: names are one percent-encoded segment each, vhost / is %2F', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', /^\/api\/queues\//, { status: 201 });
  const names: Array<[string, string]> = [
    ['a b', 'a%20b'],
    ['x#y', 'x%23y'],
    ['50%', '50%25'],
    ['ünï/cødé?', '%C3%BCn%C3%AF%2Fc%C3%B8d%C3%A9%3F'],
  ];
  for (const [name, encoded] of names) {
    const r = await rmqx(['queue', 'declare', name]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(stub.requests.at(-1)!.path, `/api/queues/%2F/${encoded}`);
    assert.equal(stub.requests.at(-1)!.method, 'PUT');
  }
  const r = await rmqx(['queue', 'declare', 'q', '-V', 'shop/eu west']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stub.requests.at(-1)!.path, '/api/queues/shop%2Feu%20west/q');
});

test('queue declare: the same again is exit 0, changed:false, nothing sent', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/queues/%2F/orders', { body: classic('orders', { type: 'quorum', arguments: { 'x-queue-type': 'quorum', 'x-message-ttl': 1000 } }) });
  const same = await rmqx(['queue', 'declare', 'orders', '--type', 'quorum', '--message-ttl', '1000', '--json']);
  assert.equal(same.code, 0, same.stderr);
  assert.deepEqual(JSON.parse(same.stdout), { action: 'declared', kind: 'queue', name: 'orders', vhost: '/', changed: false });
  assert.match(same.stderr, /nothing changed/);
  // no --type: an existing quorum queue is accepted as it is
  const untyped = await rmqx(['queue', 'declare', 'orders', '--arg', 'x-message-ttl=1000']);
  assert.equal(untyped.code, 0, untyped.stderr);
  assert.match(untyped.stderr, /nothing changed/);
  assert.deepEqual(writes(stub), []);
});

test('queue declare: a queue declared without a type is classic; --type classic matches it', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/queues/%2F/plain', { body: classic('plain', { type: undefined }) });
  const r = await rmqx(['queue', 'declare', 'plain', '--type', 'classic']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(writes(stub), []);
});

test('queue declare: a difference is exit 65 naming the property or argument, and no PUT', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/queues/%2F/q', { body: classic('q', { arguments: { 'x-message-ttl': 1000 } }) });
  const cases: Array<[string[], RegExp]> = [
    [['--no-durable', '--message-ttl', '1000'], /queue 'q' in vhost '\/' exists with durable=true, asked for durable=false/],
    [['--message-ttl', '2000'], /exists with x-message-ttl=1000, asked for x-message-ttl=2000/],
    [[], /exists with x-message-ttl=1000, asked for no x-message-ttl/],
    [['--message-ttl', '1000', '--max-length', '5'], /exists with no x-max-length, asked for x-max-length=5/],
    [['--message-ttl', '1000', '--type', 'quorum'], /exists with type=classic, asked for type=quorum/],
    [['--message-ttl', '1000', '--auto-delete'], /auto_delete=false, asked for auto_delete=true/],
  ];
  for (const [flags, words] of cases) {
    const r = await rmqx(['queue', 'declare', 'q', ...flags]);
    assert.equal(r.code, 65, `${flags.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, words);
    assert.match(r.stderr, /^hint: /m);
  }
  assert.deepEqual(writes(stub), []);
});

test('queue declare: bad input is exit 64 and no request at all', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  const cases: Array<[string[], RegExp]> = [
    [['queue', 'declare', ''], /queue name is empty/],
    [['queue', 'declare', 'q', '--type', 'lazy'], /'lazy' is not one of classic, quorum, stream/],
    [['queue', 'declare', 'q', '--type', 'quorum', '--no-durable'], /quorum queue is always durable: --no-durable conflicts with --type quorum/],
    [['queue', 'declare', 'q', '--type', 'stream', '--no-durable'], /--no-durable conflicts with --type stream/],
    [['queue', 'declare', 'q', '--type', 'quorum', '--auto-delete'], /--auto-delete conflicts with --type quorum/],
    [['queue', 'declare', 'q', '--type', 'stream', '--auto-delete'], /--auto-delete conflicts with --type stream/],
    [['queue', 'declare', 'q', '--arg', 'x-queue-type=stream', '--auto-delete'], /--auto-delete conflicts with x-queue-type=stream/],
    [['queue', 'declare', 'q', '--type', 'stream', '--max-length', '5'], /x-max-length \(--max-length\) is not supported by stream queues/],
    [['queue', 'declare', 'q', '--type', 'stream', '--dead-letter-exchange', 'd'], /x-dead-letter-exchange .* not supported by stream queues/],
    [['queue', 'declare', 'q', '--type', 'quorum', '--max-priority', '5'], /x-max-priority \(--max-priority\) is not supported by quorum queues/],
    [['queue', 'declare', 'q', '--type', 'stream', '--message-ttl', '5'], /x-message-ttl \(--message-ttl\) is not supported by stream queues/],
    [['queue', 'declare', 'q', '--max-priority', '256'], /'256' is above 255/],
    [['queue', 'declare', 'q', '--max-priority', '0'], /'0' must be at least 1/],
    [['queue', 'declare', 'q', '--message-ttl', '-1'], /'-1' is not a whole number >= 0/],
    [['queue', 'declare', 'q', '--message-ttl', 'soon'], /'soon' is not a whole number >= 0/],
    [['queue', 'declare', 'q', '--expires', '0'], /'0' must be at least 1/],
    [['queue', 'declare', 'q', '--max-length', '1.5'], /'1.5' is not a whole number/],
    [['queue', 'declare', 'q', '--max-length-bytes', '-3'], /not a whole number/],
    [['queue', 'declare', 'q', '--overflow', 'drop-tail'], /'drop-tail' is not one of drop-head, reject-publish, reject-publish-dlx/],
    [['queue', 'declare', 'q', '--arguments', '{"x-max-length": 1'], /not valid JSON/],
    [['queue', 'declare', 'q', '--arguments', '[1]'], /must be a JSON object/],
    [['queue', 'declare', 'q', '--arg', 'x-message-ttl=-5'], /argument x-message-ttl must be a whole number >= 0, got -5/],
    [['queue', 'declare', 'q', '--arguments', '{"x-expires": "1000"}'], /argument x-expires must be a whole number >= 1, got 1000/],
    [['queue', 'declare', 'q', '--arg', 'x-queue-type=lazy'], /x-queue-type must be one of classic, quorum, stream/],
    [['queue', 'declare', 'q', '--arg', 'novalue'], /is not key=value/],
    [['queue', 'declare', 'q', '--dead-letter-routing-key', 'k'], /dead-letter routing key needs a dead-letter exchange/],
    [['queue', 'declare', 'q', '--message-ttl', '5', '--arg', 'x-message-ttl=6'], /--message-ttl 5 and --arguments\/--arg x-message-ttl=6 disagree/],
    [['queue', 'declare', 'q', '--type', 'quorum', '--arg', 'x-queue-type=classic'], /--type quorum and --arguments\/--arg x-queue-type=classic disagree/],
  ];
  for (const [argv, words] of cases) {
    const r = await rmqx(argv);
    assert.equal(r.code, 64, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, words, argv.join(' '));
    assert.equal(r.stdout, '');
  }
  assert.deepEqual(stub.requests, []);
});

test('queue declare: a new amq.* name is exit 64 (the broker would say 401), nothing created', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  const r = await rmqx(['queue', 'declare', 'amq.mine']);
  assert.equal(r.code, 64, r.stderr);
  assert.match(r.stderr, /reserved for the broker/);
  assert.deepEqual(writes(stub), []);
});

test('queue declare: a broker refusal is exit 65 with its reason; --detailed-exitcode says 2 on a change', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('PUT', '/api/queues/%2F/bad', { status: 400, body: { error: 'bad_request', reason: "invalid arg 'x-foo'" } });
  stub.on('PUT', '/api/queues/%2F/good', { status: 201 });
  const bad = await rmqx(['queue', 'declare', 'bad']);
  assert.equal(bad.code, 65);
  assert.match(bad.stderr, /^rmqx: declare queue 'bad' in vhost '\/': invalid arg 'x-foo'$/m);
  const good = await rmqx(['queue', 'declare', 'good', '--detailed-exitcode']);
  assert.equal(good.code, 2, good.stderr);
});

// ---- delete ---------------------------------------------------------------------------------

test('queue delete: --if-empty/--if-unused go in the query; a refusal is 65 with the reason; 404 is 66 or 0 with --if-exists', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('DELETE', '/api/queues/%2F/full', { status: 400, body: { error: 'bad_request', reason: "queue 'full' in vhost '/' not empty" } });
  stub.on('DELETE', '/api/queues/%2F/a%20b', { status: 204 });
  const ok = await rmqx(['queue', 'delete', 'a b', '--if-empty', '--if-unused']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /deleted queue 'a b' in vhost '\/'/);
  assert.equal(stub.requests.at(-1)!.query, 'if-empty=true&if-unused=true');
  const full = await rmqx(['queue', 'delete', 'full', '--if-empty']);
  assert.equal(full.code, 65);
  assert.match(full.stderr, /not empty/);
  const missing = await rmqx(['queue', 'delete', 'gone']);
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /it does not exist/);
  const fine = await rmqx(['queue', 'delete', 'gone', '--if-exists', '--json']);
  assert.equal(fine.code, 0, fine.stderr);
  assert.equal(JSON.parse(fine.stdout).changed, false);
  const plain = await rmqx(['queue', 'delete', 'a b']);
  assert.equal(plain.code, 0);
  assert.equal(stub.requests.at(-1)!.query, '');
});

// ---- list -----------------------------------------------------------------------------------

function pagedQueues(stub: Stub, pathRe: RegExp, pages = 3, perPage = 2) {
  stub.on('GET', pathRe, (req) => {
    const page = Number(new URLSearchParams(req.query).get('page'));
    const items = Array.from({ length: perPage }, (_, i) => ({ name: `q${(page - 1) * perPage + i}`, vhost: page === 2 ? 'v2' : '/', type: 'classic', messages: page, messages_ready: page, messages_unacknowledged: 0, consumers: 0, state: 'running', durable: true }));
    return { body: { items, page, page_count: pages, page_size: 500, item_count: perPage, filtered_count: pages * perPage, total_count: pages * perPage } };
  });
}

/** An unpaged listing: the rows a stat-free request returns, and the consumers to count. */
function listedQueues(stub: Stub, pathRe: RegExp, n = 6) {
  stub.on('GET', pathRe, (req) => {
    const q = new URLSearchParams(req.query);
    const columns = q.get('columns')?.split(',');
    const rows = Array.from({ length: n }, (_, i) => ({ name: `q${i}`, vhost: '/', type: 'classic', messages: i, messages_ready: i, messages_unacknowledged: 0, state: 'running', durable: true, consumers: 7, message_stats: { publish: i } }));
    return { body: rows.map((r) => (columns ? Object.fromEntries(columns.map((c) => [c.split('.')[0], r[c.split('.')[0] as keyof typeof r]])) : r)) };
  });
  stub.on('GET', /^\/api\/consumers/, { body: [{ queue: { name: 'q1', vhost: '/' } }, { queue: { name: 'q1', vhost: '/' } }, { queue: { name: 'q3', vhost: '/' } }] });
}

test('queue list: one request for the columns shown, without statistics; consumers counted from /api/consumers', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  listedQueues(stub, /^\/api\/queues\/%2F$/);
  const r = await rmqx(['queue', 'list']);
  assert.equal(r.code, 0, r.stderr);
  const queues = stub.requests.filter((q) => q.path === '/api/queues/%2F');
  assert.equal(queues.length, 1);
  assert.deepEqual(Object.fromEntries(new URLSearchParams(queues[0]!.query)), {
    disable_stats: 'true',
    enable_queue_totals: 'true',
    columns: 'name,type,messages,messages_ready,messages_unacknowledged,state,vhost',
  });
  const consumers = stub.requests.filter((q) => q.path === '/api/consumers/%2F');
  assert.equal(new URLSearchParams(consumers[0]!.query).get('columns'), 'queue.name,queue.vhost');
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 6);
  assert.equal(lines[0], 'q0\tclassic\t0\t0\t0\t0\trunning');
  assert.equal(lines[1], 'q1\tclassic\t1\t1\t0\t2\trunning');
  assert.equal(lines[3], 'q3\tclassic\t3\t3\t0\t1\trunning');
});

test('queue list --json: the default columns with API names; --columns asks for those; --all-fields for whole objects with statistics', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  listedQueues(stub, /^\/api\/queues\/%2F$/);
  const r = await rmqx(['queue', 'list', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout);
  assert.equal(rows.length, 6);
  assert.deepEqual(rows[1], { name: 'q1', type: 'classic', messages: 1, messages_ready: 1, messages_unacknowledged: 0, consumers: 2, state: 'running' });
  stub.requests.length = 0;
  const cols = await rmqx(['queue', 'list', '--json', '--columns', 'name,messages']);
  assert.equal(cols.code, 0, cols.stderr);
  assert.deepEqual(JSON.parse(cols.stdout)[0], { name: 'q0', messages: 0 });
  assert.equal(new URLSearchParams(stub.requests[0]!.query).get('columns'), 'name,messages');
  assert.ok(!stub.requests.some((q) => q.path.startsWith('/api/consumers')), 'no consumer count when not shown');
  stub.requests.length = 0;
  // a statistics column needs the statistics
  const stats = await rmqx(['queue', 'list', '--columns', 'name,message_stats.publish']);
  assert.equal(stats.code, 0, stats.stderr);
  assert.equal(stats.stdout.split('\n')[2], 'q2\t2');
  assert.deepEqual(Object.fromEntries(new URLSearchParams(stub.requests[0]!.query)), { columns: 'name,message_stats.publish' });
  stub.requests.length = 0;
  const all = await rmqx(['queue', 'list', '--json', '--all-fields']);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(JSON.parse(all.stdout)[3].durable, true);
  assert.equal(stub.requests[0]!.query, '');
  assert.equal((await rmqx(['queue', 'list', '--all-fields', '--columns', 'name'])).code, 64);
});

test('queue list --page-size: page by page, every page fetched, only the columns shown, without statistics', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  pagedQueues(stub, /^\/api\/queues\/%2F$/);
  const r = await rmqx(['queue', 'list', '--page-size', '500', '--columns', 'name,messages']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    stub.requests.map((q) => Object.fromEntries(new URLSearchParams(q.query))),
    [1, 2, 3].map((page) => ({ page: String(page), page_size: '500', disable_stats: 'true', enable_queue_totals: 'true', columns: 'name,messages' })),
  );
  assert.equal(r.stdout.trimEnd().split('\n').length, 6);
});

test('queue list --all-vhosts --name-regex --page-size: every vhost, filtered by the server, vhost column first; without statistics, consumers counted from /api/consumers', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  pagedQueues(stub, /^\/api\/queues$/, 2);
  stub.on('GET', /^\/api\/consumers$/, { body: [{ queue: { name: 'q2', vhost: 'v2' } }] });
  const r = await rmqx(['queue', 'list', '--all-vhosts', '--name-regex', '^q[0-9]+$', '--page-size', '2']);
  assert.equal(r.code, 0, r.stderr);
  const queues = stub.requests.filter((x) => x.path === '/api/queues');
  assert.equal(queues.length, 2);
  const q = new URLSearchParams(queues[0]!.query);
  assert.equal(q.get('name'), '^q[0-9]+$');
  assert.equal(q.get('use_regex'), 'true');
  assert.equal(q.get('page_size'), '2');
  // a queue declared a moment ago has no statistics yet (no state, no consumers): none are asked for
  assert.equal(q.get('disable_stats'), 'true');
  assert.equal(q.get('enable_queue_totals'), 'true');
  assert.equal(q.get('columns'), 'vhost,name,type,messages,messages_ready,messages_unacknowledged,state');
  assert.equal(r.stdout.split('\n')[2], 'v2\tq2\tclassic\t2\t2\t0\t1\trunning');
});

test('queue list: an empty vhost prints nothing; a table on a TTY has headers', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/queues/empty', { body: [] });
  stub.on('GET', '/api/consumers/empty', { body: [] });
  listedQueues(stub, /^\/api\/queues\/%2F$/, 2);
  const r = await rmqx(['queue', 'list', '-V', 'empty']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(stub.requests.filter((q) => q.path === '/api/queues/empty').length, 1);
  const tty = await rmqx(['queue', 'list', '--no-color'], { tty: true });
  assert.match(tty.stdout, /name\s+.*type\s+.*messages\s+.*ready\s+.*unacked/);
  assert.match(tty.stdout, /q1/);
});

test('queue list: bad --page-size / --name-regex are 64 before any request; a regex the broker refuses is 64', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  for (const argv of [['--page-size', '501'], ['--page-size', '0'], ['--name-regex', '('], ['--name-regex', '']]) {
    const r = await rmqx(['queue', 'list', ...argv]);
    assert.equal(r.code, 64, `${argv.join(' ')}: ${r.stderr}`);
  }
  assert.deepEqual(stub.requests, []);
  stub.on('GET', '/api/queues/%2F', { status: 400, body: { error: 'bad_request', reason: 'Pagination parameters are invalid' } });
  const r = await rmqx(['queue', 'list', '--name-regex', '^a\\p{L}']);
  assert.equal(r.code, 64, r.stderr);
  assert.match(r.stderr, /--name-regex '\^a\\p\{L\}': the broker refused it: Pagination parameters are invalid/);
});

test('queue list: a missing vhost is 66', async (t) => {
  const { rmqx } = await stubFor(t);
  const r = await rmqx(['queue', 'list', '-V', 'nope']);
  assert.equal(r.code, 66, r.stderr);
  assert.match(r.stderr, /list queues in vhost 'nope'/);
});

// ---- show -----------------------------------------------------------------------------------

test('queue show: key/value lines through a pipe, the whole object with --json, 66 when missing', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/queues/%2F/q%231', { body: classic('q#1', { messages: 4, garbage_collection: { minor_gcs: 1 } }) });
  const r = await rmqx(['queue', 'show', 'q#1']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^name\tq#1\n/);
  assert.match(r.stdout, /^messages\t4$/m);
  assert.doesNotMatch(r.stdout, /garbage_collection|leader/);
  const json = await rmqx(['queue', 'show', 'q#1', '--json']);
  assert.deepEqual(JSON.parse(json.stdout).garbage_collection, { minor_gcs: 1 });
  const missing = await rmqx(['queue', 'show', 'nope']);
  assert.equal(missing.code, 66);
});

// ---- purge ----------------------------------------------------------------------------------

test('queue purge: without --yes and no TTY it is 64 and nothing is sent', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  for (const argv of [['queue', 'purge', 'q'], ['purge', 'q']]) {
    const r = await rmqx(argv);
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, /refusing without --yes/);
    assert.match(r.stderr, /hint: add --yes/);
  }
  assert.deepEqual(stub.requests, []);
});

test('queue purge --yes (and top-level purge): reads the count, purges, reports "about N"', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/queues/%2F/work%20q', { body: { name: 'work q', type: 'classic', messages: 9, messages_ready: 7 } });
  stub.on('DELETE', '/api/queues/%2F/work%20q/contents', { status: 204 });
  const r = await rmqx(['queue', 'purge', 'work q', '--yes']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /purged queue 'work q' in vhost '\/': it held about 7 ready messages by the broker's latest statistics/);
  assert.deepEqual(stub.requests.map((q) => `${q.method} ${q.path}`), ['GET /api/queues/%2F/work%20q', 'DELETE /api/queues/%2F/work%20q/contents']);
  const top = await rmqx(['purge', 'work q', '-y', '--json']);
  assert.equal(top.code, 0, top.stderr);
  assert.deepEqual(JSON.parse(top.stdout), { action: 'purged', kind: 'queue', name: 'work q', vhost: '/', changed: true, messages_ready: 7 });
  assert.equal(stub.requests.at(-1)!.method, 'DELETE');
});

test('queue purge: answers y on a TTY', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/queues/%2F/q', { body: { name: 'q', type: 'classic', messages_ready: 0 } });
  stub.on('DELETE', '/api/queues/%2F/q/contents', { status: 204 });
  const r = await rmqx(['queue', 'purge', 'q'], { tty: true, stdin: 'y\n' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /\? \[y\/N\]/);
  assert.match(r.stderr, /it was empty/);
  assert.equal(stub.requests.at(-1)!.method, 'DELETE');
});

test('queue purge: a missing queue is 66, a stream is 65, and neither is purged', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/queues/%2F/s', { body: { name: 's', type: 'stream', messages: 3 } });
  const missing = await rmqx(['queue', 'purge', 'nope', '--yes']);
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /purge queue 'nope' in vhost '\/': it does not exist/);
  const stream = await rmqx(['purge', 's', '--yes']);
  assert.equal(stream.code, 65);
  assert.match(stream.stderr, /streams cannot be purged/);
  assert.deepEqual(writes(stub), []);
});

// ---- bind / unbind --------------------------------------------------------------------------

test('queue bind: POST {routing_key, arguments} to /api/bindings/{vhost}/e/{x}/q/{q}', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/bindings/%2F/e/orders%20x/q/q%231', { body: [] });
  stub.on('POST', '/api/bindings/%2F/e/orders%20x/q/q%231', { status: 201 });
  const r = await rmqx(['queue', 'bind', 'q#1', 'orders x', '--routing-key', 'eu.#', '--arg', 'x-match=all', '--arg', 'n=2', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(stub.requests.at(-1)!.body, { routing_key: 'eu.#', arguments: { 'x-match': 'all', n: 2 } });
  assert.deepEqual(JSON.parse(r.stdout), {
    action: 'bound', kind: 'binding', vhost: '/', source: 'orders x', destination: 'q#1', destination_type: 'queue', routing_key: 'eu.#', arguments: { 'x-match': 'all', n: 2 }, changed: true,
  });
  assert.match(r.stderr, /bound exchange 'orders x' -> queue 'q#1' with routing key 'eu.#'/);
});

test('queue bind: an identical binding is changed:false and nothing is posted; another key is posted', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/bindings/%2F/e/x/q/q', { body: [{ source: 'x', vhost: '/', destination: 'q', destination_type: 'queue', routing_key: 'k', arguments: { a: 1 }, properties_key: 'k~abc' }] });
  stub.on('POST', '/api/bindings/%2F/e/x/q/q', { status: 201 });
  const same = await rmqx(['queue', 'bind', 'q', 'x', '--routing-key', 'k', '--arguments', '{"a":1}']);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stderr, /exists already, nothing changed/);
  assert.deepEqual(writes(stub), []);
  const otherArgs = await rmqx(['queue', 'bind', 'q', 'x', '--routing-key', 'k']);
  assert.equal(otherArgs.code, 0, otherArgs.stderr);
  assert.equal(writes(stub).length, 1);
});

test('queue bind: the default exchange and empty names are 64 with no request', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  for (const argv of [['queue', 'bind', 'q', ''], ['queue', 'bind', 'q', 'amq.default'], ['queue', 'unbind', 'q', ''], ['queue', 'bind', '', 'x'], ['queue', 'bind', 'q', 'x', '--arg', '=1'], ['queue', 'bind', 'q', 'x', '--arguments', 'nope']]) {
    const r = await rmqx(argv);
    assert.equal(r.code, 64, `${argv.join(' ')}: ${r.stderr}`);
  }
  const r = await rmqx(['queue', 'bind', 'q', '']);
  assert.match(r.stderr, /default exchange .* cannot be bound/);
  assert.deepEqual(stub.requests, []);
});

test('queue bind: a missing exchange or queue is 66 naming which one', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', /^\/api\/bindings\//, { body: [] });
  stub.on('POST', /^\/api\/bindings\//, { status: 404, body: { error: 'not_found', reason: 'no exchange' } });
  stub.on('GET', '/api/vhosts/%2F', { body: { name: '/' } });
  stub.on('GET', '/api/exchanges/%2F/x', { body: { name: 'x' } });
  const noQueue = await rmqx(['queue', 'bind', 'q', 'x']);
  assert.equal(noQueue.code, 66);
  assert.match(noQueue.stderr, /destination queue 'q' does not exist in vhost '\/'/);
  const noExchange = await rmqx(['queue', 'bind', 'q', 'y']);
  assert.equal(noExchange.code, 66);
  assert.match(noExchange.stderr, /source exchange 'y' does not exist/);
});

test('queue unbind: finds the binding by key and arguments, deletes it by its properties_key (encoded once more)', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/bindings/%2F/e/x/q/q', {
    body: [
      { source: 'x', vhost: '/', destination: 'q', destination_type: 'queue', routing_key: 'a.#', arguments: {}, properties_key: 'a.%23' },
      { source: 'x', vhost: '/', destination: 'q', destination_type: 'queue', routing_key: 'a.#', arguments: { n: 1 }, properties_key: 'a.%23~9nmLZQ' },
    ],
  });
  stub.on('DELETE', /^\/api\/bindings\/%2F\/e\/x\/q\/q\//, { status: 204 });
  const r = await rmqx(['queue', 'unbind', 'q', 'x', '--routing-key', 'a.#', '--arg', 'n=1']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stub.requests.at(-1)!.method, 'DELETE');
  assert.equal(stub.requests.at(-1)!.path, '/api/bindings/%2F/e/x/q/q/a.%2523~9nmLZQ');
  assert.match(r.stderr, /unbound exchange 'x' -> queue 'q'/);
});

test('queue unbind: no such binding is 66 (with the keys there are as a hint), 0 with --if-exists; nothing deleted', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/bindings/%2F/e/x/q/q', { body: [{ source: 'x', vhost: '/', destination: 'q', destination_type: 'queue', routing_key: 'other', arguments: {}, properties_key: 'other' }] });
  stub.on('GET', '/api/vhosts/%2F', { body: { name: '/' } });
  stub.on('GET', '/api/exchanges/%2F/x', { body: { name: 'x' } });
  stub.on('GET', '/api/queues/%2F/q', { body: classic('q') });
  const r = await rmqx(['queue', 'unbind', 'q', 'x', '--routing-key', 'k']);
  assert.equal(r.code, 66);
  assert.match(r.stderr, /unbind exchange 'x' -> queue 'q' with routing key 'k' in vhost '\/': no such binding/);
  assert.match(r.stderr, /hint: bindings between them: routing key 'other'/);
  const ok = await rmqx(['queue', 'unbind', 'q', 'x', '--routing-key', 'k', '--if-exists', '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).changed, false);
  const gone = await rmqx(['queue', 'unbind', 'q', 'nox', '-V', '/']);
  assert.equal(gone.code, 66);
  assert.match(gone.stderr, /source exchange 'nox' does not exist/);
  assert.deepEqual(writes(stub), []);
});

test('queue: help names the type decision; the plural alias works', async (t) => {
  const { rmqx } = await stubFor(t);
  const help = await rmqx(['queue', 'declare', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Without --type, any type is accepted for an existing queue/);
  const purgeHelp = await rmqx(['purge', '--help']);
  assert.equal(purgeHelp.code, 0);
  assert.match(purgeHelp.stdout, /hence "about"/);
  assert.doesNotMatch((await rmqx(['queue', 'list', '--help'])).stdout, /--page-size/);
  const alias = await rmqx(['queues', 'declare', '']);
  assert.equal(alias.code, 64);
});

test('queue rebalance --wait 0: asks the broker once and counts the quorum leaders per running node', async (t) => {
  const { stub, rmqx } = await stubFor(t);
  stub.on('GET', '/api/nodes', { body: [{ name: 'a@h', running: true }, { name: 'b@h', running: true }, { name: 'c@h', running: false }] });
  stub.on('GET', '/api/queues', { body: [
    { name: 'q1', vhost: '/', type: 'quorum', leader: 'a@h' },
    { name: 'q2', vhost: '/', type: 'quorum', leader: 'a@h' },
    { name: 'c1', vhost: '/', type: 'classic', node: 'b@h' },
  ] });
  stub.on('POST', '/api/rebalance/queues', { status: 204 });
  const r = await rmqx(['queue', 'rebalance', '--wait', '0', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), [
    { node: 'a@h', leaders_before: 2, leaders_after: null },
    { node: 'b@h', leaders_before: 0, leaders_after: null },
  ]);
  assert.equal(stub.requests.filter((q) => q.method === 'POST').length, 1);
  const bad = await rmqx(['queue', 'rebalance', '--wait', 'soon']);
  assert.equal(bad.code, 64, bad.stderr);
});

test('names the broker would refuse are refused before anything is sent: over 255 bytes (64), a control character in a new name (64)', async (t) => {
  const { startStub } = await import('../helpers/stub-server.js');
  const stub = await startStub();
  t.after(() => stub.close());
  const env = { RMQX_URL: stub.url };
  const long = 'é'.repeat(128); // 256 bytes in UTF-8
  for (const argv of [['queue', 'declare', long], ['exchange', 'declare', long, '--type', 'topic'], ['vhost', 'add', long]]) {
    const r = await runInProcess(argv, { env });
    assert.equal(r.code, 64, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /name is 256 bytes long; RabbitMQ takes at most 255 \(UTF-8\)/);
  }
  for (const argv of [['queue', 'declare', 'a\tb'], ['exchange', 'declare', 'a\nb', '--type', 'fanout'], ['user', 'add', 'u\u0007', '--no-password'], ['policy', 'set', 'p\u0000', '--pattern', '.', '--max-length', '1']]) {
    const r = await runInProcess(argv, { env });
    assert.equal(r.code, 64, `${JSON.stringify(argv)}: ${r.stderr}`);
    assert.match(r.stderr, /name has a control character \(U\+00(09|0A|07|00)\) at position \d/);
  }
  assert.equal(stub.requests.length, 0);
  // an existing object with such a name (made by another tool) can still be deleted
  stub.on('DELETE', /\/api\/queues\/%2F\/a%09b/, { status: 204 });
  const del = await runInProcess(['queue', 'delete', 'a\tb'], { env });
  assert.equal(del.code, 0, del.stderr);
});
