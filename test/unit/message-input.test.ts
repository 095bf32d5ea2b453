import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { lines, readAll } from '../../src/commands/message/input.js';

/** A stream that delivers exactly these chunks (Buffers or strings), one read each. */
const chunks = (...parts: Array<string | Buffer>) => Readable.from(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

async function collect(stream: Readable): Promise<Buffer[]> {
  const out: Buffer[] = [];
  // copy: a consumer may keep each line after the next one is read
  for await (const l of lines(stream)) out.push(Buffer.from(l));
  return out;
}
const texts = async (stream: Readable) => (await collect(stream)).map((b) => b.toString('utf8'));

describe('lines()', () => {
  test('splits on \\n exactly; the \\n is not part of the line', async () => {
    assert.deepEqual(await texts(chunks('a\nbb\nccc\n')), ['a', 'bb', 'ccc']);
  });

  test('a \\r stays part of its line (CRLF input keeps its bytes)', async () => {
    assert.deepEqual(await texts(chunks('a\r\nb\r\n')), ['a\r', 'b\r']);
    assert.deepEqual(await texts(chunks('x\ry\n')), ['x\ry']);
  });

  test('a last line without \\n is a line; the nothing after a final \\n is not', async () => {
    assert.deepEqual(await texts(chunks('a\nlast')), ['a', 'last']);
    assert.deepEqual(await texts(chunks('only')), ['only']);
    assert.deepEqual(await texts(chunks('a\n')), ['a']);
  });

  test('empty lines in the middle are lines (empty messages); empty input has none', async () => {
    assert.deepEqual(await texts(chunks('a\n\nb\n')), ['a', '', 'b']);
    assert.deepEqual(await texts(chunks('\n')), ['']);
    assert.deepEqual(await texts(chunks('\n\n')), ['', '']);
    assert.deepEqual(await texts(chunks('')), []);
    assert.deepEqual(await texts(Readable.from([])), []);
  });

  test('a chunk boundary inside a line joins the pieces', async () => {
    assert.deepEqual(await texts(chunks('ab', 'c\nde', 'f\n')), ['abc', 'def']);
    assert.deepEqual(await texts(chunks('a', 'b', 'c', 'd\n', 'e', 'f')), ['abcd', 'ef']);
    // a line spanning many chunks with no newline at all
    assert.deepEqual(await texts(chunks(...'0123456789'.split(''))), ['0123456789']);
  });

  test('a chunk boundary at the \\n, before it or right after it', async () => {
    assert.deepEqual(await texts(chunks('ab\n', 'cd\n')), ['ab', 'cd']);
    assert.deepEqual(await texts(chunks('ab', '\ncd')), ['ab', 'cd']);
    assert.deepEqual(await texts(chunks('ab', '\n', 'cd', '\n')), ['ab', 'cd']);
    assert.deepEqual(await texts(chunks('\n', '\n', 'x')), ['', '', 'x']);
    assert.deepEqual(await texts(chunks('a\n', '', '\nb')), ['a', '', 'b']);
  });

  test('bytes are kept exactly: invalid UTF-8 and a multi-byte character split across chunks', async () => {
    const bin = Buffer.from([0xff, 0x00, 0xfe, 0x0d]);
    const euro = Buffer.from('€', 'utf8'); // e2 82 ac
    const got = await collect(chunks(Buffer.concat([bin, Buffer.from('\n')]), euro.subarray(0, 1), euro.subarray(1), Buffer.from('\n')));
    assert.deepEqual(got, [bin, euro]);
  });

  test('every way of cutting an input into two chunks gives the same lines', async () => {
    const input = Buffer.from('first\r\n\nsecond ü\nthird\n\nlast', 'utf8');
    const expected = await collect(chunks(input));
    assert.deepEqual(expected.map((b) => b.toString('utf8')), ['first\r', '', 'second ü', 'third', '', 'last']);
    for (let cut = 0; cut <= input.length; cut++) {
      assert.deepEqual(await collect(chunks(input.subarray(0, cut), input.subarray(cut))), expected, `cut at ${cut}`);
    }
  });

  test('a stream of strings is split the same', async () => {
    const s = Readable.from(['a\nb', 'c\n']);
    assert.deepEqual(await texts(s), ['a', 'bc']);
  });

  test('many lines over many chunks: count and order', async () => {
    const n = 10_000;
    const all = Buffer.from(Array.from({ length: n }, (_, i) => `line ${i}\n`).join(''));
    const parts: Buffer[] = [];
    for (let i = 0; i < all.length; i += 997) parts.push(all.subarray(i, i + 997));
    const got = await texts(chunks(...parts));
    assert.equal(got.length, n);
    assert.equal(got[0], 'line 0');
    assert.equal(got[n - 1], `line ${n - 1}`);
    assert.ok(got.every((l, i) => l === `line ${i}`));
  });
});

describe('readAll()', () => {
  test('concatenates every chunk, binary-safe', async () => {
    const a = Buffer.from([0, 1, 2, 0xff]);
    assert.deepEqual(await readAll(chunks(a, 'b', Buffer.alloc(0), 'c')), Buffer.concat([a, Buffer.from('bc')]));
    assert.deepEqual(await readAll(Readable.from([])), Buffer.alloc(0));
  });
});
