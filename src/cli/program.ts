/** The command tree: a fresh commander program per run, its output pointed at Io. */
import { Command } from 'commander';
import { registerAll } from '../commands/index.js';
import { VERSION } from '../version.js';
import { addGlobalOptions, globalOptions, setDeps, type Deps } from './command.js';

export function buildProgram(d: Deps): Command {
  const program = new Command('rmqx');
  program
    .description('RabbitMQ from the command line: topology over the management API, messages over AMQP 0-9-1')
    .version(VERSION, '--version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .enablePositionalOptions()
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .configureOutput({
      writeOut: (s) => d.io.stdout.write(s),
      writeErr: (s) => d.io.stderr.write(s),
      // main() prints usage errors itself, as one line with a hint
      outputError: () => {},
    })
    .addHelpText(
      'after',
      `
Settings: flag > environment (RMQX_*) > profile in the config file > default.
Exit codes: 0 ok, 1 negative outcome, 2 changed (--detailed-exitcode), 3 partial, 64 usage,
65 refused by the broker, 66 not found, 69 unreachable, 70 bug, 75 temporary, 77 auth, 78 config.
See rmqx(1) for everything.`,
    );
  for (const o of globalOptions()) program.addOption(o);
  program.hook('preSubcommand', (_p, sub) => addGlobalOptions(sub));
  setDeps(program, d);
  // subcommands copy exitOverride, output and help settings from their parent when created
  registerAll(program);
  return program;
}

export function forEachCommand(cmd: Command, fn: (c: Command) => void): void {
  for (const c of cmd.commands) {
    fn(c);
    forEachCommand(c, fn);
  }
}
