/** Prompts on the terminal: hidden input for secrets, y/N for destructive operations. */
import { Interrupted } from '../errors.js';
import type { Io } from '../io.js';

type RawStream = NodeJS.ReadStream & { setRawMode?: (on: boolean) => void };

/** Read one line from a TTY without echoing it. Ctrl-C rejects; Ctrl-D ends the line. */
export function askHidden(io: Io, prompt: string): Promise<string> {
  return readLine(io, prompt, false);
}

export async function askYesNo(io: Io, prompt: string): Promise<boolean> {
  const answer = await readLine(io, prompt, true);
  return /^y(es)?$/i.test(answer.trim());
}

function readLine(io: Io, prompt: string, echo: boolean): Promise<string> {
  const stdin = io.stdin as RawStream;
  return new Promise((resolve, reject) => {
    let buf = '';
    const raw = typeof stdin.setRawMode === 'function';
    // raw (no echo) before the prompt shows, so an answer typed at once is never echoed
    if (raw) stdin.setRawMode?.(true);
    io.stderr.write(prompt);
    stdin.setEncoding('utf8');
    const done = (err?: Error, rest = '') => {
      stdin.off('data', onData);
      if (raw) stdin.setRawMode?.(false);
      stdin.pause();
      // what was typed after Enter (a pasted second answer) belongs to the next prompt
      if (rest) stdin.unshift(rest);
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(buf);
    };
    const onData = (chunk: string) => {
      const chars = [...chunk];
      for (let i = 0; i < chars.length; i++) {
        const ch = chars[i] as string;
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done(undefined, chars.slice(i + 1).join('').replace(/^\n/, ''));
        if (ch === '\u0003') return done(new Interrupted());
        if (ch === '\u007f' || ch === '\b') {
          if (buf.length) {
            buf = buf.slice(0, -1);
            if (echo) io.stderr.write('\b \b');
          }
          continue;
        }
        buf += ch;
        if (echo) io.stderr.write(ch);
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}
