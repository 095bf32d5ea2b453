/** The command tree: a fresh commander program per run, its output pointed at Io. */
import { Command } from 'commander';
import { FAMILIES, type Family } from '../commands/index.js';
import { VERSION } from '../version.js';
import { addGlobalOptions, globalOptions, setDeps, type Deps } from './command.js';

/**
 * Build the program for `argv`: only the command family its first word names is loaded.
 * Without argv (man page, completion, tests) or when that word is not a command, all are.
 */
export async function buildProgram(d: Deps, argv?: readonly string[]): Promise<Command> {
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
  setDeps(program, {
    ...d,
    wholeTree: async () => {
      await loadAll(program);
      return program;
    },
  });
  // subcommands copy exitOverride, output and help settings from their parent when created
  await register(program, argv === undefined ? FAMILIES : familiesFor(program, argv));
  return program;
}

/** Load every command family not loaded yet (completion needs the whole tree). */
export async function loadAll(program: Command): Promise<void> {
  const loaded = new Set(program.commands.flatMap((c) => [c.name(), ...c.aliases()]));
  await register(
    program,
    FAMILIES.filter((f) => !f.names.some((n) => loaded.has(n))),
  );
  // keep the order of FAMILIES, whatever was loaded first
  const rank = (c: Command) => FAMILIES.findIndex((f) => f.names.includes(c.name()));
  (program.commands as Command[]).sort((a, b) => rank(a) - rank(b));
}

async function register(program: Command, families: readonly Family[]): Promise<void> {
  const registrars = await Promise.all(families.map((f) => f.register()));
  for (const r of registrars) r(program);
}

/** The families argv needs: the one its first word names; none for --version; all otherwise. */
function familiesFor(program: Command, argv: readonly string[]): readonly Family[] {
  const word = firstWord(program, argv);
  if (word === undefined) return argv.includes('--version') && !argv.some((a) => a === '-h' || a === '--help') ? [] : FAMILIES;
  const family = FAMILIES.find((f) => f.names.includes(word));
  return family ? [family] : FAMILIES;
}

/** The first operand, skipping the root's options and their values. */
function firstWord(program: Command, argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') return argv[i + 1];
    if (!a.startsWith('-') || a === '-') return a;
    if (a.includes('=')) continue;
    const opt = program.options.find((o) => o.long === a || o.short === a);
    if (opt && (opt.required || opt.optional)) i++;
  }
  return undefined;
}
