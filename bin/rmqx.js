#!/usr/bin/env node
// The only file that touches `process`: build the Io, run main, set the exit code.
// Nothing calls process.exit, so piped output is always flushed.
import { fstatSync } from 'node:fs';
import module from 'node:module';
import { isatty } from 'node:tty';

const argv = process.argv.slice(2);

if (argv.length === 1 && argv[0] === '--version') {
  // `rmqx --version` alone: the version, without loading the command tree
  const { VERSION } = await import('../dist/version.js').catch(() => ({ VERSION: 'unbuilt (run npm run build)' }));
  process.stdout.write(`${VERSION}\n`);
} else {
  // Node.js 22.1+ keeps the compiled code of rmqx's modules between runs (in the OS's temp
  // directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off), so later starts skip compiling them
  module.enableCompileCache?.();
  process.exitCode = await run();
}

async function run() {
  let main;
  try {
    ({ main } = await import('../dist/main.js'));
  } catch (err) {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND' || !String(err.message).includes('/dist/')) throw err;
    // a git checkout before its first build (a package from npm ships dist/ built)
    process.stderr.write('rmqx: dist/ is not built: run `npm run build` in the rmqx checkout\n');
    return 70;
  }

  // A closed stdout (rmqx … | head) is not an error of ours: commands see it as the end.
  process.stdout.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
  });

  let interrupted;
  let stoppedBy;
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
    // Ctrl-C (SIGINT) and SIGTERM become a promise only for commands that ask (streams that
    // must settle what they hold before leaving); for all others they end the process as
    // usual. A second signal always does.
    get interrupted() {
      interrupted ??= new Promise((resolve) => {
        const stop = (signal) => {
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          stoppedBy = signal;
          resolve(signal);
          process.once('SIGINT', () => process.exit(130));
          process.once('SIGTERM', () => process.exit(143));
        };
        const onInt = () => stop('SIGINT');
        const onTerm = () => stop('SIGTERM');
        process.once('SIGINT', onInt);
        process.once('SIGTERM', onTerm);
      });
      return interrupted;
    },
    get stoppedBy() {
      return stoppedBy;
    },
  };

  return main(argv, io, process.env);
}
