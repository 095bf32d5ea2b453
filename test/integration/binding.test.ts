import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { dropVhost, freshVhost, rmqx, unique } from '../helpers/cli.js';

let vhost = '';
const run = (args: string[]) => rmqx([...args, '-V', vhost]);
const x = unique('bl-x');
const q1 = unique('bl-q1');
const q2 = unique('bl-q2');

before(async () => {
  vhost = await freshVhost('it-binding');
  for (const args of [
    ['exchange', 'declare', x, '--type', 'topic'],
    ['queue', 'declare', q1],
    ['queue', 'declare', q2],
    ['queue', 'bind', q1, x, '--routing-key', 'a.#'],
    ['queue', 'bind', q2, x, '--routing-key', 'b.*', '--arg', 'n=1'],
    ['exchange', 'bind', 'amq.fanout', x, '--routing-key', 'all'],
  ]) {
    const r = await run(args);
    assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  }
});
after(async () => {
  await dropVhost(vhost);
});

test('binding list: every binding of the vhost, the default exchange\'s too, in TSV', async () => {
  const r = await run(['binding', 'list']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.ok(lines.includes(`\tqueue\t${q1}\t${q1}\t{}`), r.stdout);
  assert.ok(lines.includes(`${x}\tqueue\t${q1}\ta.#\t{}`));
  assert.ok(lines.includes(`${x}\tqueue\t${q2}\tb.*\t{"n":1}`));
  assert.ok(lines.includes(`${x}\texchange\tamq.fanout\tall\t{}`));
  assert.equal(lines.length, 5);
});

test('binding list --source / --destination filter; --json keeps the API fields', async () => {
  const src = JSON.parse((await run(['binding', 'list', '--source', x, '--json'])).stdout);
  assert.deepEqual(src.map((b: any) => [b.destination_type, b.destination, b.routing_key]).sort(), [
    ['exchange', 'amq.fanout', 'all'],
    ['queue', q1, 'a.#'],
    ['queue', q2, 'b.*'],
  ].sort());
  assert.ok(src.every((b: any) => typeof b.properties_key === 'string' && b.vhost === vhost));
  const dest = await run(['binding', 'list', '--destination', q2]);
  assert.equal(dest.stdout, `\tqueue\t${q2}\t${q2}\t{}\n${x}\tqueue\t${q2}\tb.*\t{"n":1}\n`);
  const both = await run(['binding', 'list', '--source', '', '--destination', q1, '--columns', 'source,destination']);
  assert.equal(both.stdout, `\t${q1}\n`);
});

test('binding list --all-vhosts has a vhost column; a missing vhost is 66', async () => {
  const r = await rmqx(['binding', 'list', '--all-vhosts', '--source', x]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.split('\n').includes(`${vhost}\t${x}\tqueue\t${q1}\ta.#\t{}`), r.stdout);
  const missing = await rmqx(['binding', 'list', '-V', unique('no-vhost')]);
  assert.equal(missing.code, 66, missing.stderr);
});
