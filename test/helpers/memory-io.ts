/** An Io over memory streams, so a command runs in process: argv in → stdout, stderr, code out. */
import { PassThrough, Readable, Writable } from 'node:stream';
import type { Io } from '../../src/io.js';
import { main } from '../../src/main.js';
import type { FileSystem } from '../../src/config/resolve.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  tty?: boolean;
  fs?: FileSystem;
  cwd?: string;
}

class Sink extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Run rmqx in this process. The environment holds only what the test gives (plus HOME). */
export async function runInProcess(argv: string[], opts: RunOptions = {}): Promise<RunResult> {
  const stdout = new Sink();
  const stderr = new Sink();
  const stdin = opts.stdin !== undefined ? Readable.from([Buffer.from(opts.stdin)]) : new PassThrough();
  const io: Io = {
    stdin,
    stdout,
    stderr,
    stdinIsTTY: Boolean(opts.tty),
    stdoutIsTTY: Boolean(opts.tty),
    stderrIsTTY: Boolean(opts.tty),
    columns: 100,
    cwd: opts.cwd ?? process.cwd(),
    interrupted: new Promise(() => {}),
  };
  const env = { HOME: '/nonexistent-home', ...opts.env };
  const code = await main(argv, io, env, opts.fs);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
