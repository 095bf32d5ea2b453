/**
 * What every shell's completion needs, derived from the command tree: for each command key
 * ("" for the root, "queue", "queue declare") its subcommands, its options (own and global),
 * what each positional argument completes to, and which options carry connection settings
 * (passed on when a script asks rmqx itself for object names).
 */
import { effectiveOptions, type ArgInfo, type CommandInfo, type OptionInfo, type ProgramInfo } from '../../cli/tree.js';

export interface ArgCompletion {
  index: number;
  /** this and every later position */
  variadic: boolean;
  choices?: string[];
  /** complete with the names `rmqx NOUN list` prints */
  names?: string;
}

export interface KeyNode {
  key: string;
  subs: CommandInfo[];
  options: OptionInfo[];
  args: ArgCompletion[];
}

export interface CompletionModel {
  nodes: KeyNode[];
  /** global options that are connection settings */
  conn: OptionInfo[];
  /** option → noun whose names complete its value (-V/--vhost → vhost) */
  optionNames: Map<OptionInfo, string>;
}

/** Verbs whose NAME is a new object: no point listing the existing ones. */
const CREATING = new Set(['add', 'declare', 'create']);

export function completionModel(info: ProgramInfo): CompletionModel {
  const listable = new Set(info.commands.filter((c) => c.commands.some((v) => v.name === 'list')).map((c) => c.name));
  const nodes: KeyNode[] = [{ key: '', subs: info.commands, options: effectiveOptions(info, undefined), args: [] }];
  const walk = (cs: CommandInfo[]) => {
    for (const c of cs) {
      nodes.push({ key: c.path.join(' '), subs: c.commands, options: effectiveOptions(info, c), args: c.commands.length ? [] : c.args.map((a, i) => argCompletion(c, a, i, listable)) });
      walk(c.commands);
    }
  };
  walk(info.commands);
  const optionNames = new Map<OptionInfo, string>();
  if (listable.has('vhost')) for (const o of info.globals) if (o.long === '--vhost') optionNames.set(o, 'vhost');
  return { nodes, conn: info.globals.filter((o) => o.setting), optionNames };
}

function argCompletion(cmd: CommandInfo, a: ArgInfo, index: number, listable: Set<string>): ArgCompletion {
  const out: ArgCompletion = { index, variadic: a.variadic };
  if (a.choices) out.choices = a.choices;
  else if (a.name === 'name' && cmd.path.length === 2 && !CREATING.has(cmd.name) && listable.has(cmd.path[0] as string)) out.names = cmd.path[0];
  else if (listable.has(a.name)) out.names = a.name;
  return out;
}

export function flagsOf(o: OptionInfo): string[] {
  return [o.long, o.short].filter(Boolean) as string[];
}

/** 'text' for sh-family shells (bash, zsh): a single-quoted word. */
export function sq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The lookup functions bash and zsh share (same `case` syntax): each sets REPLY or returns a
 * status, so the completion function never forks for them.
 */
export function shLookups(m: CompletionModel, prefix: string): string {
  const out: string[] = [];
  const fn = (name: string, doc: string, branches: string[], fallback: string) => {
    out.push(`# ${doc}`, `${prefix}_${name}() {`, `  case "$1|$2" in`, ...branches.map((b) => `    ${b}`), `    *) ${fallback} ;;`, '  esac', '}', '');
  };
  const pat = (key: string, word: string) => sq(`${key}|${word}`);
  const anyKey = (word: string) => `*${sq(`|${word}`)}`;

  fn(
    'canon',
    'KEY WORD: REPLY is the subcommand WORD names (aliases included), or empty',
    m.nodes.flatMap((n) => n.subs.map((c) => `${[c.name, ...c.aliases].map((w) => pat(n.key, w)).join('|')}) REPLY=${sq(c.name)} ;;`)),
    'REPLY=',
  );

  // Options: a command's own spelling wins over a global one (user add --password-file).
  const global = m.nodes[0]?.options ?? [];
  const globalFlags = new Set(global.flatMap(flagsOf));
  const own = (n: KeyNode) => n.options.filter((o) => !global.includes(o));
  const valued: string[] = [];
  const choices: string[] = [];
  const files: string[] = [];
  for (const n of m.nodes) {
    for (const o of own(n)) {
      const pats = flagsOf(o).map((f) => pat(n.key, f)).join('|');
      // a branch where the answer differs from the default, or from a global of the same spelling
      const shadows = flagsOf(o).some((f) => globalFlags.has(f));
      if (o.value !== undefined) valued.push(`${pats}) return 0 ;;`);
      else if (shadows) valued.push(`${pats}) return 1 ;;`);
      if (o.choices) choices.push(`${pats}) REPLY=${sq(o.choices.join(' '))} ;;`);
      else if (shadows) choices.push(`${pats}) REPLY= ;;`);
      if (o.value !== undefined && o.file) files.push(`${pats}) return 0 ;;`);
      else if (shadows) files.push(`${pats}) return 1 ;;`);
    }
  }
  for (const o of global) {
    if (o.value === undefined) continue;
    const pats = flagsOf(o).map(anyKey).join('|');
    valued.push(`${pats}) return 0 ;;`);
    if (o.choices) choices.push(`${pats}) REPLY=${sq(o.choices.join(' '))} ;;`);
    if (o.file) files.push(`${pats}) return 0 ;;`);
  }
  fn('valued', 'KEY OPTION: does OPTION take a value (the next word)?', valued, 'return 1');
  fn('choices', 'KEY OPTION: REPLY is the values OPTION accepts, or empty', choices, 'REPLY=');
  fn('file', "KEY OPTION: is OPTION's value a file?", files, 'return 1');

  const optNames = [...m.optionNames].map(([o, noun]) => `${flagsOf(o).map(anyKey).join('|')}) REPLY=${sq(noun)} ;;`);
  fn('option_names', "KEY OPTION: REPLY is the noun whose names complete OPTION's value, or empty", optNames, 'REPLY=');

  const args: string[] = [];
  for (const n of m.nodes) {
    for (const a of n.args) {
      // every position gets a branch, so a variadic catch-all after it cannot claim it
      const what = a.choices ? `choices ${a.choices.join(' ')}` : a.names ? `names ${a.names}` : '';
      if (!what && !n.args.slice(a.index + 1).some((b) => b.variadic)) continue;
      args.push(`${a.variadic ? `${sq(`${n.key}|`)}*` : pat(n.key, String(a.index))}) REPLY=${sq(what)} ;;`);
    }
  }
  fn('arg', 'KEY INDEX: REPLY is "choices A B C", "names NOUN" or empty for positional argument INDEX', args, 'REPLY=');

  const conn = m.conn.flatMap(flagsOf);
  out.push(
    '# OPTION: is it a connection setting (passed on when asking rmqx for names)?',
    `${prefix}_is_conn() {`,
    `  case "$1" in`,
    `    ${conn.map(sq).join('|')}) return 0 ;;`,
    '    *) return 1 ;;',
    '  esac',
    '}',
    '',
  );
  return out.join('\n');
}
