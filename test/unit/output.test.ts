import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Output, type Mode } from '../../src/render/output.js';
import { withFields } from '../../src/render/view.js';
import type { UsageError } from '../../src/errors.js';
import { colorLevel, type Io } from '../../src/io.js';

function make(mode: Mode, columns?: string[], color: 0 | 1 = 0) {
  let out = '';
  let err = '';
  const sink = (f: (s: string) => void) =>
    new Writable({
      write(c, _e, cb) {
        f(String(c));
        cb();
      },
    });
  const io = { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) } as unknown as Io;
  const o = new Output(io, { mode, color, errColor: color, quiet: false, verbose: false, columns });
  return { o, out: () => out, err: () => err };
}

const rows = [
  { name: 'orders', messages: 4, arguments: { 'x-max-length': 10 }, message_stats: { publish: 7 } },
  { name: 'tab\there', messages: 0, arguments: {} },
];
const view = [{ key: 'name' }, { key: 'messages', align: 'right' as const }];

test('TSV: no header, no colour, tabs and newlines escaped', async () => {
  const m = make('tsv');
  await m.o.list(rows, view);
  assert.equal(m.out(), 'orders\t4\ntab\\there\t0\n');
});

test('JSON: one document with the API field names; --columns projects, dotted paths too', async () => {
  const m = make('json');
  await m.o.list(rows, view);
  assert.deepEqual(JSON.parse(m.out()), rows);
  const c = make('json', ['name', 'message_stats.publish']);
  await c.o.list(rows, view);
  assert.deepEqual(JSON.parse(c.out()), [
    { name: 'orders', 'message_stats.publish': 7 },
    { name: 'tab\there', 'message_stats.publish': null },
  ]);
  const empty = make('json');
  await empty.o.list([], view);
  assert.deepEqual(JSON.parse(empty.out()), []);
});

test('table on a TTY: a header row and every value', async () => {
  const m = make('table');
  await m.o.list(rows, view);
  const text = m.out();
  assert.match(text, /name/);
  assert.match(text, /orders/);
  assert.match(text, /│ +4 │/);
  assert.doesNotMatch(text, /\u001b\[/, 'no colour codes at level 0');
  const colored = make('table', undefined, 1);
  await colored.o.list(rows, view);
  assert.match(colored.out(), /\u001b\[/);
});

test('--columns picks and orders columns in TSV', async () => {
  const m = make('tsv', ['arguments', 'name']);
  await m.o.list(rows, view);
  assert.equal(m.out(), '{"x-max-length":10}\torders\n{}\ttab\\there\n');
});

test('outcomes: a note on stderr; with --json a document on stdout', async () => {
  const m = make('tsv');
  await m.o.outcome({ action: 'declared', kind: 'queue', name: 'q', vhost: '/', changed: true });
  assert.equal(m.out(), '');
  assert.equal(m.err(), "declared queue 'q' in vhost '/'\n");
  const j = make('json');
  await j.o.outcome({ action: 'declared', kind: 'queue', name: 'q', vhost: '/', changed: false });
  assert.deepEqual(JSON.parse(j.out()), { action: 'declared', kind: 'queue', name: 'q', vhost: '/', changed: false });
  assert.match(j.err(), /nothing changed/);
});

test('colour: NO_COLOR, FORCE_COLOR and --no-color', () => {
  assert.equal(colorLevel(true, {}, undefined) > 0, true);
  assert.equal(colorLevel(false, {}, undefined), 0);
  assert.equal(colorLevel(true, { NO_COLOR: '1' }, undefined), 0);
  assert.equal(colorLevel(false, { FORCE_COLOR: '1' }, undefined), 1);
  assert.equal(colorLevel(true, { FORCE_COLOR: '0' }, undefined), 0);
  assert.equal(colorLevel(true, { FORCE_COLOR: '3' }, false), 0);
});

test('human formats are for a person at a terminal only: TSV and JSON keep the value', async () => {
  const v = [{ key: 'name', human: (x: unknown) => (x === '' ? '(default)' : String(x)) }, { key: 'mem', human: (x: unknown) => `${Number(x) / 1024} KiB` }];
  const data = [{ name: '', mem: 2048 }];
  const tsv = make('tsv');
  await tsv.o.list(data, v);
  assert.equal(tsv.out(), '\t2048\n');
  const table = make('table');
  await table.o.list(data, v);
  assert.match(table.out(), /\(default\).*2 KiB/);
  const json = make('json');
  await json.o.list(data, v);
  assert.deepEqual(JSON.parse(json.out()), data);
});

test('--columns with a name that is neither a column, a field nor in any row: 64 listing the valid ones, nothing written', async () => {
  const known = withFields(view, ['name', 'messages', 'arguments', 'message_stats', 'policy']);
  for (const mode of ['tsv', 'json', 'table'] as const) {
    const m = make(mode, ['name', 'mesages']);
    await assert.rejects(m.o.list(rows, known), (e: UsageError) => {
      assert.equal(e.exitCode, 64);
      assert.equal(e.message, "--columns: unknown column 'mesages'");
      assert.match(e.hint ?? '', /^valid columns: name, messages, arguments, message_stats, policy$/);
      return true;
    });
    assert.equal(m.out(), '', `${mode}: nothing on stdout`);
  }
  // a declared field absent from every row is fine (statistics come later); so is a field the broker returned
  const ok = make('tsv', ['name', 'policy', 'message_stats.publish', 'brand_new_field']);
  await ok.o.list([{ ...rows[0]!, brand_new_field: 1 }], known);
  assert.equal(ok.out(), 'orders\t\t7\t1\n');
  // a view without fields checks nothing (no list of what is valid)
  const free = make('tsv', ['whatever']);
  await free.o.list(rows, view);
  assert.equal(free.out(), '\n\n');
  const one = make('tsv', ['nope']);
  await assert.rejects(one.o.object(rows[0]!, known), /unknown column 'nope'/);
});

test('result: the document with --json, the note otherwise', async () => {
  const j = make('json');
  await j.o.result({ moved: 3, kept: 0 }, { note: 'moved 3 messages' });
  assert.deepEqual(JSON.parse(j.out()), { moved: 3, kept: 0 });
  assert.equal(j.err(), 'moved 3 messages\n');
  const t = make('tsv');
  await t.o.result({ password_hash: 'h' }, { text: 'h\n' });
  assert.equal(t.out(), 'h\n');
});
