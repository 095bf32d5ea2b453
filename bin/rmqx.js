#!/usr/bin/env node
// The only file that touches `process`: build the Io, run main, set the exit code.
// Nothing calls process.exit, so piped output is always flushed.
import { fstatSync } from 'node:fs';
import { isatty } from 'node:tty';
import { main } from '../dist/main.js';

// A closed stdout (rmqx … | head) is not an error of ours: commands see it as the end.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
});

let interrupted;
const io = {
  // process.stdin is created on first use only: most commands never read it
  get stdin() {
    return process.stdin;
  },
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: isatty(0),
  stdoutIsTTY: isatty(1),
  stderrIsTTY: isatty(2),
  stdoutIsPipe: (() => {
    try {
      const st = fstatSync(1);
      return st.isFIFO() || st.isSocket();
    } catch {
      return false;
    }
  })(),
  columns: process.stdout.columns || 80,
  cwd: process.cwd(),
  // Ctrl-C becomes a promise only for commands that ask (streams that must settle what they
  // hold before leaving); for all others it ends the process as usual. A second Ctrl-C always does.
  get interrupted() {
    interrupted ??= new Promise((resolve) => {
      process.once('SIGINT', () => {
        resolve();
        process.once('SIGINT', () => process.exit(130));
      });
    });
    return interrupted;
  },
};

process.exitCode = await main(process.argv.slice(2), io, process.env);
