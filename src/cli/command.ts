/**
 * How commands are declared: the global options (one table, src/config/settings.ts), the
 * action wrapper that builds the per-run Context, and the merge of globals given before the
 * noun with those given after the verb.
 */
import { Command, Option } from 'commander';
import { SETTINGS } from '../config/settings.js';
import type { FileSystem } from '../config/resolve.js';
import type { Env, Io } from '../io.js';
import type { Context, Globals } from './context.js';
import { list } from './parsers.js';

export interface Deps {
  io: Io;
  env: Env;
  fs?: FileSystem;
  /** main() keeps the context to close it and to read its exit code */
  onContext(ctx: Context): void;
  /** the whole command tree, every family loaded (completion); set by buildProgram */
  wholeTree?: () => Promise<Command>;
}

const deps = new WeakMap<Command, Deps>();

export function setDeps(root: Command, d: Deps): void {
  deps.set(root, d);
}

function rootOf(cmd: Command): Command {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}

/** Options every command accepts, before the noun or after the verb. */
export function globalOptions(): Option[] {
  // The environment is read by config/resolve.ts, not by commander, so the precedence stays
  // in one place; help only names the variable.
  const opts = SETTINGS.map((s) => new Option(s.flags, s.env ? `${s.description} [${s.env}]` : s.description));
  opts.push(
    new Option('--json', 'output one JSON document (NDJSON for message streams)'),
    new Option('-o, --output <format>', 'output format').choices(['table', 'tsv', 'json']),
    new Option('--columns <list>', 'comma-separated columns (API field names) for lists').argParser(list),
    new Option('-q, --quiet', 'no notes on stderr'),
    new Option('--verbose', 'log each request and AMQP step to stderr (secrets masked)'),
    new Option('--no-color', 'no colour (NO_COLOR and FORCE_COLOR are honoured too)'),
    new Option('--detailed-exitcode', 'exit 2 when the command changed something on the broker'),
  );
  return opts;
}

/** The global options added to subcommands by addGlobalOptions. */
const GLOBAL_COPIES = new WeakSet<Option>();

export const GLOBAL_KEYS: ReadonlySet<string> = new Set(globalOptions().map((o) => o.attributeName()));

/**
 * Give a leaf command the global options too (hidden in its own section; --help lists them
 * once under "Global Options"), skipping any flag the leaf defines itself: `user add
 * --password-file` is the new user's password, while `rmqx --password-file F user add …`
 * before the noun is still the connection's.
 */
export function addGlobalOptions(cmd: Command): void {
  if ((cmd as { _rmqxGlobals?: boolean })._rmqxGlobals) return;
  (cmd as { _rmqxGlobals?: boolean })._rmqxGlobals = true;
  const taken = new Set(cmd.options.flatMap((o) => [o.long, o.short].filter(Boolean) as string[]));
  for (const o of globalOptions()) {
    if ((o.long && taken.has(o.long)) || (o.short && taken.has(o.short))) continue;
    GLOBAL_COPIES.add(o);
    cmd.addOption(o.hideHelp());
  }
}

/** Globals given after the verb win over those given before the noun. */
export function mergedGlobals(cmd: Command): Globals {
  const out: Record<string, unknown> = {};
  const chain: Command[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) chain.unshift(c);
  for (const c of chain) {
    for (const o of c.options) {
      const key = o.attributeName();
      if (!GLOBAL_KEYS.has(key)) continue;
      // below the root, only the copies of the global options count: a leaf's own option with
      // the same name (user add --password-file) is the leaf's
      if (c !== chain[0] && !GLOBAL_COPIES.has(o)) continue;
      if (c.getOptionValueSource(key) === 'cli') out[key] = c.getOptionValue(key);
    }
  }
  return out as Globals;
}

/** What mount() (cli/define.ts) hands the wrapper: the positional values and commander's option values. */
export type Handler = (ctx: Context, args: unknown[], opts: Record<string, unknown>) => Promise<void>;

/** The action wrapper: one Context per run, handed to main() for closing and the exit code. */
export function run(handler: Handler) {
  return async (...a: unknown[]): Promise<void> => {
    const cmd = a[a.length - 1] as Command;
    const opts = cmd.opts();
    const args = a.slice(0, -2);
    const d = deps.get(rootOf(cmd));
    if (!d) throw new Error('command tree has no dependencies');
    // loaded here, not at start-up: --version and --help never need settings or output
    const { Context } = await import('./context.js');
    const ctx = new Context(d.io, d.env, mergedGlobals(cmd), d.fs);
    if (d.wholeTree) ctx.wholeTree = d.wholeTree;
    d.onContext(ctx);
    await handler(ctx, args, opts);
  };
}
