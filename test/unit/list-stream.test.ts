/**
 * Listings as streams: the JSON array splitter on its own (every split of the text gives the
 * same elements), and `queue list` against stub servers that are slow to build their answer
 * (a busy broker, which answers a cheap request meanwhile) or silent (a dead one).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jsonArrayElements } from '../../src/mgmt/json-stream.js';
import { runInProcess } from '../helpers/memory-io.js';

async function collect<T>(chunks: Array<string | Buffer>, batch = 2): Promise<T[][]> {
  const out: T[][] = [];
  for await (const b of jsonArrayElements<T>((async function* () { yield* chunks; })(), batch)) out.push(b);
  return out;
}

const tricky = [
  { name: 'a', arguments: { 'x-k': '}]{[' } },
  { name: 'quote "q" and \\ backslash', nested: [[1, { deep: '\\"' }], []] },
  { name: 'é 漢字 🐇', empty: {} },
  [1, 2, 'three'],
  { name: 'last' },
];

test('json stream: every way of cutting the text into chunks gives the same elements, in batches', async () => {
  const text = ` \n[ ${tricky.map((o) => JSON.stringify(o)).join(' ,\n')} ]\n`;
  const bytes = Buffer.from(text);
  const want = [tricky.slice(0, 2), tricky.slice(2, 4), tricky.slice(4)];
  assert.deepEqual(await collect([text]), want);
  // every single cut, including inside multi-byte characters and escapes
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.deepEqual(await collect([bytes.subarray(0, cut), bytes.subarray(cut)]), want, `cut at ${cut}`);
  }
  // one byte at a time
  assert.deepEqual(await collect([...bytes].map((b) => Buffer.from([b]))), want);
  assert.deepEqual(await collect(['[]']), []);
});

test('json stream: what is not one whole list is an error, never a partial success', async () => {
  await assert.rejects(collect(['{"error":"x"}']), /not a JSON list/);
  await assert.rejects(collect(['[{"a":1},{"b":']), /ended early/);
  await assert.rejects(collect(['[{"a":1}]', ' x']), /after the end/);
  await assert.rejects(collect(['[1,2]']), /unexpected '1'/);
});

/** A server that answers GET /api/queues/... after `delayMs`, and /api/whoami at once (or never). */
async function broker(opts: { delayMs: number; whoami: boolean; queues: number }): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/api/whoami')) {
      if (!opts.whoami) return; // silent
      res.setHeader('content-type', 'application/json');
      res.end('{"name":"guest"}');
      return;
    }
    if (req.url?.startsWith('/api/consumers')) {
      res.setHeader('content-type', 'application/json');
      res.end('[]');
      return;
    }
    if (req.url?.startsWith('/api/queues/')) {
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(Array.from({ length: opts.queues }, (_, i) => ({ name: `q${i}`, vhost: '/', type: 'classic', messages: i }))));
      }, opts.delayMs).unref();
      return;
    }
    // anything else: silent too
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

test('queue list: a broker that takes longer than --timeout to build the list but answers meanwhile is waited for', async () => {
  const b = await broker({ delayMs: 2500, whoami: true, queues: 1200 });
  try {
    const t0 = Date.now();
    const r = await runInProcess(['queue', 'list', '--json', '--columns', 'name,messages', '--timeout', '1'], { env: { RMQX_URL: b.url } });
    assert.equal(r.code, 0, r.stderr);
    const rows = JSON.parse(r.stdout);
    assert.equal(rows.length, 1200);
    assert.deepEqual(rows[1199], { name: 'q1199', messages: 1199 });
    assert.ok(Date.now() - t0 >= 2400);
  } finally {
    await b.close();
  }
});

test('queue list: a broker that answers nothing is given up within --timeout: exit 75', async () => {
  const b = await broker({ delayMs: 60_000, whoami: false, queues: 1 });
  try {
    const t0 = Date.now();
    const r = await runInProcess(['queue', 'list', '--timeout', '1'], { env: { RMQX_URL: b.url } });
    const took = Date.now() - t0;
    assert.equal(r.code, 75, r.stderr);
    assert.match(r.stderr, /timed out/);
    assert.ok(took < 1800, `took ${took} ms`);
  } finally {
    await b.close();
  }
});

test('queue list: a busy broker is waited for only so long (20 × --timeout), then 75 saying how to raise it', async () => {
  const b = await broker({ delayMs: 60_000, whoami: true, queues: 1 });
  try {
    const r = await runInProcess(['queue', 'list', '--timeout', '0.1'], { env: { RMQX_URL: b.url } });
    assert.equal(r.code, 75, r.stderr);
    assert.match(r.stderr, /still building the list after \d+ s .*raise --timeout/);
  } finally {
    await b.close();
  }
});

test('binding, exchange, connection, channel and consumer lists stream too: a broker slower than --timeout to build them, which answers meanwhile, is waited for; --source and --user filter what arrives', async () => {
  // what each listing asks, and the rows the stub sends for it
  const lists: Record<string, (i: number) => Record<string, unknown>> = {
    '/api/bindings/%2F': (i) => ({ source: i % 2 ? 'ex' : '', vhost: '/', destination: `q${i}`, destination_type: 'queue', routing_key: `q${i}`, arguments: {}, properties_key: `q${i}` }),
    '/api/exchanges/%2F': (i) => ({ name: `x${i}`, vhost: '/', type: 'topic', durable: true, auto_delete: false, internal: false, arguments: {} }),
    '/api/connections': (i) => ({ name: `127.0.0.1:${i} -> 127.0.0.1:5672`, user: i % 3 ? 'app' : 'ops', vhost: '/', state: 'running', channels: 1 }),
    '/api/channels': (i) => ({ name: `c${i} (1)`, user: 'app', vhost: '/', state: 'running' }),
    '/api/consumers': (i) => ({ consumer_tag: `ctag${i}`, queue: { name: `q${i}`, vhost: '/' }, channel_details: { name: `c${i} (1)` }, ack_required: true, prefetch_count: 10 }),
  };
  const n = 1500;
  const server: Server = createServer((req, res) => {
    const path = req.url?.split('?')[0] ?? '';
    if (path === '/api/whoami') {
      res.setHeader('content-type', 'application/json');
      res.end('{"name":"guest"}');
      return;
    }
    const row = lists[path];
    if (!row) {
      res.statusCode = 404;
      res.end('{"error":"Object Not Found","reason":"Not Found"}');
      return;
    }
    setTimeout(() => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(Array.from({ length: n }, (_, i) => row(i))));
    }, 1000).unref();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const env = { RMQX_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  try {
    const run = async (argv: string[]) => {
      const r = await runInProcess([...argv, '--json', '--timeout', '0.4'], { env });
      assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
      return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    };
    assert.equal((await run(['exchange', 'list'])).length, n);
    assert.equal((await run(['channel', 'list'])).length, n);
    assert.equal((await run(['consumer', 'list'])).length, n);
    const bindings = await run(['binding', 'list', '--source', 'ex']);
    assert.equal(bindings.length, n / 2);
    assert.ok(bindings.every((b) => b.source === 'ex'));
    const ops = await run(['connection', 'list', '--user', 'ops']);
    assert.equal(ops.length, n / 3);
    assert.ok(ops.every((c) => c.user === 'ops'));
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('a filtered list whose first batch keeps nothing still checks --columns against the rows that follow', async () => {
  // 600 bindings from the default exchange first (a whole batch that --source ex drops), then
  // 100 from 'ex', each with a field no view lists (a newer broker's)
  const rows = Array.from({ length: 700 }, (_, i) => ({ source: i < 600 ? '' : 'ex', vhost: '/', destination: `q${i}`, destination_type: 'queue', routing_key: `q${i}`, arguments: {}, properties_key: `q${i}`, x_new_field: i }));
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(rows));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const r = await runInProcess(['binding', 'list', '--source', 'ex', '--json', '--columns', 'destination,x_new_field'], { env: { RMQX_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` } });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    assert.equal(out.length, 100);
    assert.deepEqual(out[0], { destination: 'q600', x_new_field: 600 });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
