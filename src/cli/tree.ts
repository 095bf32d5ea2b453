/**
 * The command tree as plain data: nouns, verbs, their arguments and options, and the global
 * options with their environment variables and defaults. The man page and the shell completion
 * scripts are both generated from this one description, so neither can drift from the parser.
 */
import type { Argument, Command, Option } from 'commander';
import { SETTINGS } from '../config/settings.js';

export interface OptionInfo {
  /** as declared: "-V, --vhost <vhost>" */
  flags: string;
  long?: string;
  short?: string;
  description: string;
  /** the value's placeholder ("vhost"); undefined for a switch */
  value?: string;
  /** the value may be left out: --flag [value] */
  optionalValue: boolean;
  /** the values it accepts, when they are a closed list */
  choices?: string[];
  /** the value names a file */
  file: boolean;
  /** a connection setting (src/config/settings.ts), with its environment variable and default */
  setting: boolean;
  env?: string;
  default?: string;
}

export interface ArgInfo {
  name: string;
  required: boolean;
  variadic: boolean;
  description: string;
  choices?: string[];
}

export interface CommandInfo {
  name: string;
  aliases: string[];
  /** the words from the root: ['queue', 'declare'] */
  path: string[];
  description: string;
  args: ArgInfo[];
  /** the command's own options; the global options are in ProgramInfo.globals */
  options: OptionInfo[];
  /** verbs of a noun; empty for a command that runs something */
  commands: CommandInfo[];
}

export interface ProgramInfo {
  name: string;
  description: string;
  /** options every command accepts, in declaration order, then --help */
  globals: OptionInfo[];
  commands: CommandInfo[];
}

export function describeProgram(program: Command): ProgramInfo {
  // the settings and output options first, then --version and --help
  const options = program.options.filter((o) => !o.hidden);
  const globals = [...options.filter((o) => o.long !== '--version'), ...options.filter((o) => o.long === '--version')].map(optionInfo);
  globals.push(helpOption(program));
  return {
    name: program.name(),
    description: program.description(),
    globals,
    commands: visible(program).map((c) => commandInfo(c, [])),
  };
}

/**
 * The options a command accepts on its line: its own, then the global ones it does not
 * shadow (a leaf may define a flag of the same spelling on purpose).
 */
export function effectiveOptions(info: ProgramInfo, cmd: CommandInfo | undefined): OptionInfo[] {
  const own = cmd?.options ?? [];
  const taken = new Set(own.flatMap((o) => [o.long, o.short].filter(Boolean) as string[]));
  const globals = info.globals.filter((o) => !(o.long && taken.has(o.long)) && !(o.short && taken.has(o.short)));
  // --version belongs to the root only
  return [...own, ...(cmd ? globals.filter((o) => o.long !== '--version') : globals)];
}

/** Every command, depth first, in declaration order. */
export function allCommands(info: ProgramInfo): CommandInfo[] {
  const out: CommandInfo[] = [];
  const walk = (cs: CommandInfo[]) => {
    for (const c of cs) {
      out.push(c);
      walk(c.commands);
    }
  };
  walk(info.commands);
  return out;
}

/** "queue declare <name> [options]"-style usage words for a command: its arguments. */
export function argUsage(args: ArgInfo[]): string {
  return args.map((a) => `${a.required ? '<' : '['}${a.name}${a.variadic ? '...' : ''}${a.required ? '>' : ']'}`).join(' ');
}

function visible(cmd: Command): Command[] {
  return cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
}

function commandInfo(cmd: Command, parent: string[]): CommandInfo {
  const path = [...parent, cmd.name()];
  return {
    name: cmd.name(),
    aliases: cmd.aliases(),
    path,
    description: cmd.description(),
    args: cmd.registeredArguments.map(argInfo),
    // hidden options include the copies of the global ones added while parsing: not the command's own
    options: cmd.options.filter((o) => !o.hidden).map(optionInfo),
    commands: visible(cmd).map((c) => commandInfo(c, path)),
  };
}

function argInfo(a: Argument): ArgInfo {
  return {
    name: a.name(),
    required: a.required,
    variadic: a.variadic,
    description: a.description,
    choices: a.argChoices ?? parserChoices(a.parseArg),
  };
}

const SETTING_BY_LONG = new Map(SETTINGS.map((s) => [s.flags.match(/--[a-z-]+/)?.[0] ?? s.flags, s]));

function optionInfo(o: Option): OptionInfo {
  const value = o.flags.match(/[<[]([^>\]]+)[>\]]/)?.[1];
  const setting = o.long ? SETTING_BY_LONG.get(o.long) : undefined;
  return {
    flags: o.flags,
    long: o.long,
    short: o.short,
    // the help text names the variable in brackets; here it has its own field
    description: setting?.env ? o.description.replace(` [${setting.env}]`, '') : o.description,
    value,
    optionalValue: o.optional,
    choices: value ? (o.argChoices ?? parserChoices(o.parseArg, (o as Option & { rmqxChoices?: readonly string[] }).rmqxChoices)) : undefined,
    file: value !== undefined && /file|path|dir/i.test(value),
    setting: setting !== undefined,
    env: setting?.env,
    default: setting?.default ?? (o.defaultValue !== undefined && typeof o.defaultValue !== 'boolean' ? String(o.defaultValue) : undefined),
  };
}

function helpOption(program: Command): OptionInfo {
  const h = (program as unknown as { _getHelpOption?: () => Option | null })._getHelpOption?.();
  return h ? optionInfo(h) : { flags: '-h, --help', long: '--help', short: '-h', description: 'show help', optionalValue: false, file: false, setting: false };
}

/**
 * The closed list of values an option takes: declared with it (cli/define.ts), or carried by
 * the value parser (cli/parsers.ts `choice`). Never guessed from a parser's error words.
 */
function parserChoices(parse: unknown, declared?: readonly string[]): string[] | undefined {
  if (declared) return [...declared];
  if (typeof parse !== 'function') return undefined;
  const carried = (parse as { choices?: unknown }).choices;
  if (Array.isArray(carried) && carried.every((c) => typeof c === 'string')) return [...carried];
  return undefined;
}
