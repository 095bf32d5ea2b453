/**
 * The elements of one JSON array as they arrive, without holding the whole text: the broker's
 * listings (50,000 queues are ~30 MB of JSON) become batches of parsed objects, so memory stays
 * bounded by a batch. Scans bytes for the structure (quotes, escapes, brackets), which is safe
 * in UTF-8 since no byte of a multi-byte character is below 0x80; each element is handed to
 * JSON.parse whole.
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

/** Elements of a top-level JSON array of objects or arrays, `batch` at a time. */
export async function* jsonArrayElements<T>(chunks: AsyncIterable<Buffer | string>, batch = 500): AsyncGenerator<T[]> {
  let started = false; // the opening '[' was seen
  let ended = false; // the closing ']' was seen
  let depth = 0; // inside the current element
  let inString = false;
  let escaped = false;
  let pending: Buffer[] = []; // bytes of the element being read, before this chunk
  let out: T[] = [];
  for await (const raw of chunks) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw) : raw;
    let start = depth > 0 ? 0 : -1; // where the current element starts in this chunk
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (depth > 0) {
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
          continue;
        }
        if (b === QUOTE) inString = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            const piece = chunk.subarray(start, i + 1);
            const text = pending.length ? Buffer.concat([...pending, piece]) : piece;
            pending = [];
            out.push(JSON.parse(text.toString('utf8')) as T);
            if (out.length >= batch) {
              yield out;
              out = [];
            }
            start = -1;
          }
        }
        continue;
      }
      if (isSpace(b)) continue;
      if (ended) throw new JsonArrayError('unexpected data after the end of the list');
      if (!started) {
        if (b !== OPEN_BRACKET) throw new JsonArrayError('the answer is not a JSON list');
        started = true;
      } else if (b === CLOSE_BRACKET) ended = true;
      else if (b === COMMA) continue;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) {
        depth = 1;
        start = i;
      } else throw new JsonArrayError(`unexpected '${String.fromCharCode(b)}' in the list`);
    }
    if (depth > 0) pending.push(Buffer.from(chunk.subarray(start === -1 ? 0 : start)));
  }
  if (!ended) throw new JsonArrayError('the list ended early (connection closed part-way)');
  if (out.length) yield out;
}
