import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startStub } from '../helpers/stub-server.js';
import { runInProcess } from '../helpers/memory-io.js';

test('vhost list prints TSV through a pipe and JSON with --json', async (t) => {
  const stub = await startStub();
  t.after(() => stub.close());
  stub.on('GET', '/api/vhosts', { body: [{ name: '/', description: 'Default', tracing: false, messages: 3 }, { name: 'shop', tracing: true }] });
  const tsv = await runInProcess(['vhost', 'list'], { env: { RMQX_URL: stub.url } });
  assert.equal(tsv.code, 0, tsv.stderr);
  assert.equal(tsv.stdout, '/\tDefault\t\tfalse\t3\nshop\t\t\ttrue\t\n');
  const json = await runInProcess(['vhost', 'list', '--json'], { env: { RMQX_URL: stub.url } });
  assert.deepEqual(JSON.parse(json.stdout).map((v: { name: string }) => v.name), ['/', 'shop']);
});
