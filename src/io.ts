/**
 * The process's streams and environment as parameters: the one place the rest of
 * rmqx learns about terminals. bin/rmqx.js builds a real Io; tests build one over memory.
 */
import type { Readable, Writable } from 'node:stream';

export interface Io {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /**
   * stdout is a pipe or socket: a reader that stops early (| head) may leave written lines
   * unread, so consume acks one batch behind there.
   */
  stdoutIsPipe?: boolean;
  /** Terminal width for tables; 80 when unknown. */
  columns: number;
  /** Working directory for relative file paths. */
  cwd: string;
  /**
   * Resolves with the signal when the user interrupts (Ctrl-C: SIGINT) or the process is asked
   * to stop (SIGTERM, as timeout, systemd and Kubernetes send); commands that stream race
   * against it, settle what they hold, and main() then exits 130 or 143.
   */
  interrupted: Promise<StopSignal>;
  /** The signal that stopped a command that listened for one, once it came. */
  readonly stoppedBy?: StopSignal;
}

export type StopSignal = 'SIGINT' | 'SIGTERM';

export type Env = Readonly<Record<string, string | undefined>>;

/** chalk-style colour level: 0 none, 1 basic, 2 256, 3 truecolor. */
export type ColorLevel = 0 | 1 | 2 | 3;

/**
 * NO_COLOR (any non-empty value) and --no-color turn colour off; FORCE_COLOR turns it on
 * even through a pipe (FORCE_COLOR=0 turns it off); otherwise colour follows the TTY.
 */
export function colorLevel(isTTY: boolean, env: Env, flag: boolean | undefined): ColorLevel {
  if (flag === false) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    const n = Number(force);
    if (n === 2 || n === 3) return n;
    return 1;
  }
  if (env.NO_COLOR) return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM && /256/.test(env.TERM)) return 2;
  return 1;
}

/** The signal that stopped a stream, in words: "Ctrl-C" or "SIGTERM". */
export function signalWords(signal: StopSignal | undefined): string {
  return signal === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C';
}
