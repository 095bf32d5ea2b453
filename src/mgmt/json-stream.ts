/**
 * The elements of one JSON array as they arrive, without holding the whole text: the broker's
 * listings (50,000 queues are ~7-30 MB of JSON) become batches of parsed objects, so memory stays
 * bounded by a batch. Scans bytes for the structure (quotes, escapes, brackets), which is safe
 * in UTF-8 since no byte of a multi-byte character is below 0x80; each element is handed to
 * JSON.parse whole. The scan is a plain method (V8 optimises its loop, which it does not do
 * inside an async generator), and an element is decoded straight from the chunk, without a
 * Buffer view of its own.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

export class JsonArrayError extends Error {}

/** Splits the bytes of one JSON array of objects or arrays into parsed elements, chunk by chunk. */
class ArraySplitter<T> {
  private started = false; // the opening '[' was seen
  ended = false; // the closing ']' was seen
  private depth = 0; // inside the current element
  private inString = false;
  private escaped = false;
  private pending: Buffer[] = []; // bytes of the element being read, from earlier chunks

  /** Adds the elements that end in `chunk` to `out`. */
  push(chunk: Buffer, out: T[]): void {
    let { depth, inString, escaped } = this;
    let start = depth > 0 ? 0 : -1; // where the current element starts in this chunk
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      if (inString) {
        // most bytes are inside strings, where only the closing quote and a backslash (which
        // takes the byte after it) matter: a loop of its own, 91 → 72 ms over 50,000 queues
        if (escaped) {
          escaped = false;
          i++;
        }
        for (; i < n; i++) {
          const c = chunk[i] as number;
          if (c === QUOTE) {
            inString = false;
            i++;
            break;
          }
          if (c === BACKSLASH && ++i === n) escaped = true;
        }
        continue;
      }
      const b = chunk[i++] as number;
      if (depth > 0) {
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --depth === 0) {
          out.push(JSON.parse(this.text(chunk, start, i)) as T);
          start = -1;
        }
        continue;
      }
      if (isSpace(b)) continue;
      if (this.ended) throw new JsonArrayError('unexpected data after the end of the list');
      if (!this.started) {
        if (b !== OPEN_BRACKET) throw new JsonArrayError('the answer is not a JSON list');
        this.started = true;
      } else if (b === CLOSE_BRACKET) this.ended = true;
      else if (b === COMMA) continue;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        depth = 1;
        start = i - 1;
      } else throw new JsonArrayError(`unexpected '${String.fromCharCode(b)}' in the list`);
    }
    if (depth > 0) this.pending.push(Buffer.from(chunk.subarray(start === -1 ? 0 : start)));
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
  }

  /** The text of an element that ends at `end` in `chunk`, with what earlier chunks held of it. */
  private text(chunk: Buffer, start: number, end: number): string {
    if (!this.pending.length) return chunk.toString('utf8', start, end);
    const whole = Buffer.concat([...this.pending, chunk.subarray(0, end)]);
    this.pending = [];
    return whole.toString('utf8');
  }
}

/** Elements of a top-level JSON array of objects or arrays, `batch` at a time. */
export async function* jsonArrayElements<T>(chunks: AsyncIterable<Buffer | string>, batch = 500): AsyncGenerator<T[]> {
  const splitter = new ArraySplitter<T>();
  const out: T[] = [];
  for await (const raw of chunks) {
    splitter.push(typeof raw === 'string' ? Buffer.from(raw) : raw, out);
    while (out.length >= batch) yield out.splice(0, batch);
  }
  if (!splitter.ended) throw new JsonArrayError('the list ended early (connection closed part-way)');
  if (out.length) yield out;
}
