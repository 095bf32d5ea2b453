/**
 * Commands as typed data. A command is declared once (name, arguments, options with their
 * parsers and choices, help) and its handler receives typed values inferred from the
 * declaration: no `Record<string, any>`, no casts. `mount` turns a declaration into a commander
 * command (the parser stays commander's, with rmqx's global options and action wrapper), and
 * the man page and completions read the same declarations (src/cli/tree.ts).
 *
 *   export const queueDeclare = defineCommand({
 *     name: 'declare',
 *     summary: 'declare a queue (idempotent)',
 *     args: { name: arg.required('name') },
 *     options: { type: opt.choice('--type <type>', 'queue type', QUEUE_TYPES), durable: opt.negatable('--no-durable', 'transient') },
 *     run: async (ctx, { name }, { type, durable }) => { … },   // name: string, type?: QueueType, durable: boolean
 *   });
 */
import { Argument, Option, type Command } from 'commander';
import type { Context } from './context.js';
import { addGlobalOptions, run } from './command.js';

type Parse<T> = (value: string, previous: T) => T;

/** One option: its flags as commander spells them, its help, how its value is parsed. */
export interface OptDef<T> {
  readonly flags: string;
  readonly description: string;
  readonly parse?: Parse<T>;
  readonly defaultValue?: T;
  /** the closed list of values it takes (man page, completion) */
  readonly choices?: readonly string[];
  readonly hidden?: boolean;
  /** a `--no-x` switch of its own (stored as noX, true when given), not the negation of --x */
  readonly ownSwitch?: boolean;
  /** only the type: never set */
  readonly __value?: T;
}

/** A positional argument. */
export interface ArgDef<T> {
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
  readonly variadic: boolean;
  readonly choices?: readonly string[];
  readonly __value?: T;
}

// `any` only as the constraint: each entry keeps its own value type
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OptDefs = Record<string, OptDef<any>>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ArgDefs = Record<string, ArgDef<any>>;
export type OptValues<O extends OptDefs> = { [K in keyof O]: O[K] extends OptDef<infer V> ? V : never };
export type ArgValues<A extends ArgDefs> = { [K in keyof A]: A[K] extends ArgDef<infer V> ? V : never };

function option<T>(flags: string, description: string, extra: Partial<Omit<OptDef<T>, 'flags' | 'description'>> = {}): OptDef<T> {
  return { flags, description, ...extra };
}

export const opt = {
  /**
   * a switch: true when given, undefined otherwise. Spelled `--no-x`, it is a switch of its own
   * (key noX), so it never shares a value with a `--x` option (user add --no-password and the
   * connection's --password).
   */
  flag: (flags: string, description: string) => option<boolean | undefined>(flags, description, /(^|[ ,])--no-/.test(flags) ? { ownSwitch: true } : {}),
  /** `--no-x`: true unless given */
  negatable: (flags: string, description: string) => option<boolean>(flags, description),
  /** a text value, undefined when not given */
  string: (flags: string, description: string) => option<string | undefined>(flags, description),
  /** a parsed value, undefined when not given */
  value: <T>(flags: string, description: string, parse: (value: string) => T) => option<T | undefined>(flags, description, { parse: parse as Parse<T | undefined>, choices: choicesOf(parse) }),
  /** a parsed value with a default */
  withDefault: <T>(flags: string, description: string, parse: (value: string) => T, defaultValue: T) => option<T>(flags, description, { parse: parse as Parse<T>, defaultValue, choices: choicesOf(parse) }),
  /** a text value with a default */
  text: (flags: string, description: string, defaultValue: string) => option<string>(flags, description, { defaultValue }),
  /** one of a closed list (the parser from cli/parsers.ts `choice`, which words the error) */
  choice: <C extends string>(flags: string, description: string, parse: ((value: string) => C) & { choices: readonly string[] }) =>
    option<C | undefined>(flags, description, { parse: parse as Parse<C | undefined>, choices: parse.choices }),
  /** repeatable: each value folded into the previous ones by `collect` */
  repeat: <T>(flags: string, description: string, collect: (value: string, previous: T | undefined) => T) => option<T | undefined>(flags, description, { parse: collect as Parse<T | undefined> }),
  /** hidden from help (kept for scripts) */
  hidden: <T>(def: OptDef<T>): OptDef<T> => ({ ...def, hidden: true }),
};

export const arg = {
  required: (name: string, description = ''): ArgDef<string> => ({ name, description, required: true, variadic: false }),
  optional: (name: string, description = ''): ArgDef<string | undefined> => ({ name, description, required: false, variadic: false }),
  variadic: (name: string, description = ''): ArgDef<string[]> => ({ name, description, required: false, variadic: true }),
  choice: <C extends string>(name: string, choices: readonly C[], description = ''): ArgDef<C> => ({ name, description, required: true, variadic: false, choices }),
};

/** The choices a value parser carries (cli/parsers.ts `choice` attaches them). */
function choicesOf(parse: unknown): readonly string[] | undefined {
  const c = (parse as { choices?: unknown }).choices;
  return Array.isArray(c) ? (c as string[]) : undefined;
}

export interface CommandDef<A extends ArgDefs = ArgDefs, O extends OptDefs = OptDefs> {
  /** the word after the noun ('declare'), or a top-level verb ('publish') */
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly args?: A;
  readonly options?: O;
  /** shown after the options in --help (examples, details) */
  readonly help?: string;
  run(ctx: Context, args: ArgValues<A>, opts: OptValues<O>): Promise<void>;
}

/** Declare a command; the types of `run`'s arguments follow from `args` and `options`. */
export function defineCommand<A extends ArgDefs = Record<never, never>, O extends OptDefs = Record<never, never>>(def: CommandDef<A, O>): CommandDef<A, O> {
  for (const [key, o] of Object.entries(def.options ?? {})) {
    const attr = commanderOption(o).attributeName();
    if (attr !== key) throw new Error(`${def.name}: option ${o.flags} is read as '${attr}', declared as '${key}'`);
  }
  return def;
}

/** The commander Option of a declaration; an own `--no-x` switch is no negation. */
function commanderOption(o: OptDef<unknown>): Option {
  const option = new Option(o.flags, o.description);
  if (o.ownSwitch) option.negate = false;
  return option;
}

/** A noun and its verbs: `rmqx queue declare …`; a verb may be a noun of its own (`rmqx vhost limit set …`). */
export interface NounDef {
  readonly name: string;
  readonly alias?: string;
  readonly summary: string;
  readonly verbs: ReadonlyArray<CommandDef<any, any> | NounDef>;
}

const isNoun = (v: CommandDef<any, any> | NounDef): v is NounDef => 'verbs' in v;

export function defineNoun(def: NounDef): NounDef {
  return def;
}

/** The commander command for a declaration, under `parent`. */
export function mount<A extends ArgDefs, O extends OptDefs>(parent: Command, def: CommandDef<A, O>): Command {
  const cmd = parent.command(def.name).description(def.summary);
  for (const a of def.aliases ?? []) cmd.alias(a);
  for (const a of Object.values(def.args ?? {})) {
    const argument = new Argument(a.variadic ? `[${a.name}...]` : a.required ? `<${a.name}>` : `[${a.name}]`, a.description);
    if (a.choices) argument.choices(a.choices);
    cmd.addArgument(argument);
  }
  for (const o of Object.values(def.options ?? {})) {
    const option = commanderOption(o);
    if (o.parse) option.argParser(o.parse as Parse<unknown>);
    if (o.defaultValue !== undefined) option.default(o.defaultValue);
    if (o.hidden) option.hideHelp();
    if (o.choices) (option as Option & { rmqxChoices?: readonly string[] }).rmqxChoices = o.choices;
    cmd.addOption(option);
  }
  if (def.help) cmd.addHelpText('after', `\n${def.help.replace(/^\n+/, '')}`);
  const keys = Object.keys(def.args ?? {});
  cmd.action(
    run(async (ctx, positional, opts) => {
      const args: Record<string, unknown> = {};
      keys.forEach((k, i) => (args[k] = positional[i]));
      // commander parsed them with the declaration's parsers, so they have the declared types
      await def.run(ctx, args as ArgValues<A>, opts as OptValues<O>);
    }),
  );
  return cmd;
}

/** A noun with its verbs; its help lists them, from the declarations. */
export function mountNoun(parent: Command, def: NounDef): Command {
  const c = parent.command(def.name).description(`${def.summary}: ${def.verbs.map((v) => v.name).join(', ')}`);
  if (def.alias) c.alias(def.alias);
  // the verbs get the global options when they are about to run
  c.hook('preSubcommand', (_parent, sub) => addGlobalOptions(sub));
  for (const v of def.verbs) {
    if (isNoun(v)) mountNoun(c, v);
    else mount(c, v);
  }
  return c;
}
