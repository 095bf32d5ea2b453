import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { api, dropVhost, freshVhost, rmqx, unique } from '../helpers/cli.js';

let vhost = '';
const vh = () => encodeURIComponent(vhost);
const run = (args: string[]) => rmqx([...args, '-V', vhost]);
const exchange = async (name: string) => api('GET', `/api/exchanges/${vh()}/${encodeURIComponent(name)}`);

before(async () => {
  vhost = await freshVhost('it-exchange');
});
after(async () => {
  await dropVhost(vhost);
});

describe('exchange declare', () => {
  for (const type of ['direct', 'fanout', 'topic', 'headers']) {
    test(`${type}: declared durable; the same again is 0 and "nothing changed"`, async () => {
      const name = unique(`x-${type}`);
      const r = await run(['exchange', 'declare', name, '--type', type]);
      assert.equal(r.code, 0, r.stderr);
      const x = (await exchange(name)).body;
      assert.deepEqual([x.type, x.durable, x.auto_delete, x.internal, x.arguments], [type, true, false, false, {}]);
      const again = await run(['exchange', 'declare', name, '--type', type, '--json']);
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stderr, /nothing changed/);
      assert.equal(JSON.parse(again.stdout).changed, false);
    });
  }

  test('the default type is direct; flags and arguments reach the broker', async () => {
    const plain = unique('x-plain');
    assert.equal((await run(['exchange', 'declare', plain])).code, 0);
    assert.equal((await exchange(plain)).body.type, 'direct');
    const name = unique('x-flags');
    const r = await run(['exchange', 'declare', name, '--type', 'topic', '--no-durable', '--auto-delete', '--internal', '--arguments', '{"alternate-exchange":"a"}', '--arg', 'alternate-exchange=b']);
    assert.equal(r.code, 0, r.stderr);
    const x = (await exchange(name)).body;
    assert.deepEqual([x.durable, x.auto_delete, x.internal, x.arguments], [false, true, true, { 'alternate-exchange': 'b' }]);
  });

  test('a different type, durable or argument is 65 naming it; the exchange is unchanged', async () => {
    const name = unique('x-diff');
    assert.equal((await run(['exchange', 'declare', name, '--type', 'topic'])).code, 0);
    const type = await run(['exchange', 'declare', name, '--type', 'fanout']);
    assert.equal(type.code, 65, type.stderr);
    assert.match(type.stderr, new RegExp(`exchange '${name}' in vhost '${vhost}' exists with type=topic, asked for type=fanout`));
    const durable = await run(['exchange', 'declare', name, '--type', 'topic', '--no-durable']);
    assert.equal(durable.code, 65);
    assert.match(durable.stderr, /exists with durable=true, asked for durable=false/);
    const arg = await run(['exchange', 'declare', name, '--type', 'topic', '--arg', 'alternate-exchange=ae']);
    assert.equal(arg.code, 65);
    assert.match(arg.stderr, /exists with no alternate-exchange, asked for alternate-exchange=ae/);
    const x = (await exchange(name)).body;
    assert.deepEqual([x.type, x.durable, x.arguments], ['topic', true, {}]);
  });

  test('bad input is 64 and nothing is created; a plugin type that is not enabled is 65', async () => {
    const name = unique('x-bad');
    for (const flags of [['--type', 'bogus'], ['--arguments', '[]'], ['--arguments', '{'], ['--arg', 'nokey']]) {
      const r = await run(['exchange', 'declare', name, ...flags]);
      assert.equal(r.code, 64, `${flags.join(' ')}: ${r.stderr}`);
    }
    assert.equal((await run(['exchange', 'declare', ''])).code, 64);
    assert.equal((await run(['exchange', 'declare', 'amq.mine'])).code, 64);
    assert.equal((await exchange('amq.mine')).status, 404);
    const plugin = await run(['exchange', 'declare', name, '--type', 'x-delayed-message']);
    assert.equal(plugin.code, 65, plugin.stderr);
    assert.match(plugin.stderr, /unknown exchange type 'x-delayed-message'/);
    assert.equal((await exchange(name)).status, 404);
    // the broker's own exchanges can be re-declared as they are
    assert.equal((await run(['exchange', 'declare', 'amq.topic', '--type', 'topic'])).code, 0);
  });
});

describe('exchange delete, list, show', () => {
  test('delete: default and amq.* are 64 and stay; --if-unused while bound is 65; 66 when missing, 0 with --if-exists', async () => {
    assert.equal((await run(['exchange', 'delete', 'amq.direct'])).code, 64);
    assert.equal((await run(['exchange', 'delete', ''])).code, 64);
    assert.equal((await exchange('amq.direct')).status, 200);
    const name = unique('x-del');
    const q = unique('q-del');
    assert.equal((await run(['exchange', 'declare', name])).code, 0);
    assert.equal((await run(['queue', 'declare', q])).code, 0);
    assert.equal((await run(['queue', 'bind', q, name, '--routing-key', 'k'])).code, 0);
    const used = await run(['exchange', 'delete', name, '--if-unused']);
    assert.equal(used.code, 65, used.stderr);
    assert.match(used.stderr, /in use/);
    assert.equal((await exchange(name)).status, 200);
    const ok = await run(['exchange', 'delete', name]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((await exchange(name)).status, 404);
    assert.equal((await run(['exchange', 'delete', name])).code, 66);
    assert.equal((await run(['exchange', 'delete', name, '--if-exists'])).code, 0);
  });

  test('list: TSV rows of this vhost (the default exchange first, named \'\'), --json, --all-vhosts', async () => {
    const name = unique('x-list');
    assert.equal((await run(['exchange', 'declare', name, '--type', 'fanout'])).code, 0);
    const r = await run(['exchange', 'list']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '\tdirect\ttrue\tfalse\tfalse\t{}');
    assert.ok(lines.includes(`${name}\tfanout\ttrue\tfalse\tfalse\t{}`));
    const json = JSON.parse((await run(['exchange', 'list', '--json'])).stdout);
    assert.ok(json.some((x: any) => x.name === name && x.vhost === vhost && x.type === 'fanout'));
    const all = await rmqx(['exchange', 'list', '--all-vhosts', '--columns', 'vhost,name']);
    assert.ok(all.stdout.split('\n').includes(`${vhost}\t${name}`));
    assert.ok(all.stdout.split('\n').includes('/\tamq.direct'));
  });

  test("show: one exchange, and '' shows the default exchange; missing is 66", async () => {
    const name = unique('x-show');
    assert.equal((await run(['exchange', 'declare', name, '--type', 'headers'])).code, 0);
    const r = await run(['exchange', 'show', name, '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).type, 'headers');
    const def = await run(['exchange', 'show', '']);
    assert.equal(def.code, 0, def.stderr);
    assert.match(def.stdout, /^name\t$/m);
    assert.equal((await run(['exchange', 'show', unique('nope')])).code, 66);
  });
});

describe('exchange bind / unbind (exchange to exchange)', () => {
  test('bind DEST SOURCE: messages flow SOURCE -> DEST; idempotent; unbind by key and arguments', async () => {
    const src = unique('e2e-src');
    const dest = unique('e2e-dest');
    const q = unique('e2e-q');
    assert.equal((await run(['exchange', 'declare', src, '--type', 'topic'])).code, 0);
    assert.equal((await run(['exchange', 'declare', dest, '--type', 'fanout'])).code, 0);
    assert.equal((await run(['queue', 'declare', q])).code, 0);
    assert.equal((await run(['queue', 'bind', q, dest])).code, 0);
    const bindings = async () => (await api('GET', `/api/bindings/${vh()}/e/${src}/e/${dest}`)).body.map((b: any) => [b.routing_key, b.arguments]);
    const publish = async (key: string) => (await api('POST', `/api/exchanges/${vh()}/${src}/publish`, { properties: {}, routing_key: key, payload: 'x', payload_encoding: 'string' })).body.routed;

    assert.equal(await publish('eu.orders'), false);
    const r = await run(['exchange', 'bind', dest, src, '--routing-key', 'eu.*']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`bound exchange '${src}' -> exchange '${dest}' with routing key 'eu\\.\\*'`));
    assert.deepEqual(await bindings(), [['eu.*', {}]]);
    assert.equal(await publish('eu.orders'), true);
    assert.equal(await publish('us.orders'), false);
    const again = await run(['exchange', 'bind', dest, src, '--routing-key', 'eu.*']);
    assert.equal(again.code, 0);
    assert.match(again.stderr, /nothing changed/);
    const withArgs = await run(['exchange', 'bind', dest, src, '--routing-key', 'eu.*', '--arg', 'n=1']);
    assert.equal(withArgs.code, 0, withArgs.stderr);
    assert.equal((await bindings()).length, 2);

    const un = await run(['exchange', 'unbind', dest, src, '--routing-key', 'eu.*']);
    assert.equal(un.code, 0, un.stderr);
    assert.deepEqual(await bindings(), [['eu.*', { n: 1 }]]);
    const un2 = await run(['exchange', 'unbind', dest, src, '--routing-key', 'eu.*', '--arg', 'n=1', '--json']);
    assert.equal(un2.code, 0, un2.stderr);
    assert.deepEqual(JSON.parse(un2.stdout), { action: 'unbound', kind: 'binding', vhost, source: src, destination: dest, destination_type: 'exchange', routing_key: 'eu.*', arguments: { n: 1 }, changed: true });
    assert.deepEqual(await bindings(), []);
    assert.equal(await publish('eu.orders'), false);
    const missing = await run(['exchange', 'unbind', dest, src, '--routing-key', 'eu.*']);
    assert.equal(missing.code, 66, missing.stderr);
    assert.equal((await run(['exchange', 'unbind', dest, src, '--routing-key', 'eu.*', '--if-exists'])).code, 0);
  });

  test('a missing source or destination is 66 naming it; the default exchange is 64', async () => {
    const x = unique('e2e-x');
    assert.equal((await run(['exchange', 'declare', x])).code, 0);
    const noSrc = await run(['exchange', 'bind', x, 'no-such-src']);
    assert.equal(noSrc.code, 66, noSrc.stderr);
    assert.match(noSrc.stderr, /source exchange 'no-such-src' does not exist/);
    const noDest = await run(['exchange', 'bind', 'no-such-dest', x]);
    assert.equal(noDest.code, 66, noDest.stderr);
    assert.match(noDest.stderr, /destination exchange 'no-such-dest' does not exist/);
    assert.equal((await run(['exchange', 'bind', x, ''])).code, 64);
    assert.equal((await run(['exchange', 'bind', '', x])).code, 64);
    assert.deepEqual((await api('GET', `/api/exchanges/${vh()}/${x}/bindings/source`)).body, []);
  });
});
