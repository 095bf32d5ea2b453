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
  let rest: Buffer | undefined;
  for await (const c of stream) {
    let chunk = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    if (rest) {
      chunk = Buffer.concat([rest, chunk]);
      rest = undefined;
    }
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) break;
      yield chunk.subarray(start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) rest = chunk.subarray(start);
  }
  if (rest && rest.length) yield rest;
}
