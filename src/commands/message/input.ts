/** Message bodies from an argument, a file or stdin; line splitting that keeps bytes exact. */
import { createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { NotFoundError } from '../../errors.js';

/**
 * Open a file for reading now, so a missing or unreadable one is 66 naming it before anything
 * is sent (a read stream would only fail later, mid-run).
 */
export function openFile(path: string, shown: string): Readable {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new NotFoundError(`cannot read --file '${shown}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const st = fstatSync(fd);
  if (st.isDirectory()) throw new NotFoundError(`cannot read --file '${shown}': it is a directory`);
  if (st.isFile()) {
    // opening is not reading (root opens anything; some files refuse read()): try one byte,
    // at offset 0 so the stream still starts at the beginning
    try {
      readSync(fd, Buffer.alloc(1), 0, 1, 0);
    } catch (e) {
      throw new NotFoundError(`cannot read --file '${shown}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  return createReadStream('', { fd });
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Lines as Buffers, split on \n only (a \r stays part of the line: bytes are kept exactly).
 * A final line without \n is still a line; the empty string after a final \n is not.
 */
export async function* lines(stream: Readable): AsyncGenerator<Buffer> {
  // the start of a line that spans chunks, kept as pieces: each chunk is scanned and copied
  // once, so a line of 50 MB costs what a file of 50 MB does (joining per chunk was quadratic)
  let parts: Buffer[] = [];
  for await (const c of stream) {
    const chunk = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      const tail = chunk.subarray(start, nl);
      if (parts.length) {
        parts.push(tail);
        yield Buffer.concat(parts);
        parts = [];
      } else yield tail;
      start = nl + 1;
    }
    if (start < chunk.length) parts.push(chunk.subarray(start));
  }
  if (parts.length) yield Buffer.concat(parts);
}
