/**
 * main(argv, io, env) → exit code. The one catch-all: every error becomes one line on stderr
 * (`rmqx: …`), at most one hint, and the exit code from src/errors.ts.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.js';
import type { Context } from './cli/context.js';
import type { FileSystem } from './config/resolve.js';
import { EXIT, describeError, exitCodeOf } from './errors.js';
import { colorLevel, type Env, type Io } from './io.js';

export async function main(argv: string[], io: Io, env: Env, fs?: FileSystem): Promise<number> {
  let ctx: Context | undefined;
  try {
    const program = await buildProgram({ io, env, fs, onContext: (c) => (ctx = c) }, argv);
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return EXIT.usage;
    }
    await program.parseAsync(argv, { from: 'user' });
    // a stream stopped by a signal has settled and reported: the exit code says which signal
    if (io.stoppedBy) return io.stoppedBy === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;
    return ctx?.exitCode() ?? EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) return commanderExit(err, io, env);
    // stdout closed by the reader (rmqx … | head): not a failure of ours
    if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') return EXIT.ok;
    const { line, hint } = describeError(err);
    printError(io, env, line, hint);
    const code = exitCodeOf(err);
    if (code === EXIT.internal && (ctx?.globals.verbose || argv.includes('--verbose'))) {
      io.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
    }
    return code;
  } finally {
    await ctx?.close();
  }
}

function commanderExit(err: CommanderError, io: Io, env: Env): number {
  switch (err.code) {
    case 'commander.helpDisplayed':
    case 'commander.version':
      return EXIT.ok;
    case 'commander.help':
    case 'commander.executeSubCommandAsync':
      // a noun without a verb: commander has printed the noun's help to stderr
      return EXIT.usage;
    default: {
      // commander appends "(Did you mean list?)" on a line of its own: that is the hint; a
      // newline inside a quoted argument stays visible as \n, so the error is one line
      let message = err.message.replace(/^error: /, '');
      const suggestion = /\n\(Did you mean ([^?]+)\?\)\s*$/.exec(message);
      if (suggestion) message = message.slice(0, suggestion.index);
      printError(io, env, message.replace(/\n/g, '\\n'), suggestion ? `did you mean ${suggestion[1]}? (see --help)` : 'see --help');
      return EXIT.usage;
    }
  }
}

function printError(io: Io, env: Env, line: string, hint?: string): void {
  const red = colorLevel(io.stderrIsTTY, env, undefined) > 0;
  const prefix = red ? '\u001b[31mrmqx:\u001b[39m' : 'rmqx:';
  io.stderr.write(`${prefix} ${line}\n`);
  if (hint) io.stderr.write(`hint: ${hint}\n`);
}
