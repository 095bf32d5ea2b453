/** The fish completion script: one `complete` line per command and option, conditions from a walk of the line. */
import type { OptionInfo } from '../../cli/tree.js';
import { flagsOf, type CompletionModel } from './model.js';

/** 'text' for fish: only \\ and ' are special inside single quotes. */
function fq(s: string): string {
  return `'${s.replace(/\s+/g, ' ').trim().replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

function optionLine(o: OptionInfo, condition: string | undefined, names: string | undefined): string {
  const parts = ['complete -c rmqx'];
  if (condition) parts.push(`-n ${fq(condition)}`);
  if (o.short) parts.push(`-s ${o.short.slice(1)}`);
  if (o.long) parts.push(`-l ${o.long.slice(2)}`);
  if (o.value !== undefined) {
    if (o.file) parts.push('-r -F');
    else parts.push('-x');
    if (o.choices) parts.push(`-a ${fq(o.choices.join(' '))}`);
    else if (names) parts.push(`-a ${fq(`(__rmqx_names ${names})`)}`);
  }
  parts.push(`-d ${fq(o.description)}`);
  return parts.join(' ');
}

export function fishScript(m: CompletionModel): string {
  const root = m.nodes[0];
  const globals = (root?.options ?? []).filter((o) => o.long !== '--version');
  const canon = m.nodes.flatMap((n) => n.subs.map((c) => `        case ${[c.name, ...c.aliases].map((w) => fq(`${n.key}|${w}`)).join(' ')}\n            echo ${fq(c.name)}`));
  const valued: string[] = [];
  for (const n of m.nodes.slice(1)) {
    for (const o of n.options) if (!globals.includes(o) && o.value !== undefined) valued.push(...flagsOf(o).map((f) => fq(`${n.key}|${f}`)));
  }
  for (const o of globals) if (o.value !== undefined) valued.push(...flagsOf(o).map((f) => fq(`*|${f}`)));
  const conn = m.conn.flatMap(flagsOf).map(fq);

  const lines: string[] = [];
  for (const n of m.nodes) {
    const cond = `__rmqx_is ${fq(n.key)}`;
    for (const c of n.subs) lines.push(`complete -c rmqx -n ${fq(cond)} -a ${fq(c.name)} -d ${fq(c.description)}`);
    for (const o of n.options) if (!globals.includes(o)) lines.push(optionLine(o, cond, undefined));
    for (const a of n.args) {
      const what = a.choices ? fq(a.choices.join(' ')) : a.names ? fq(`(__rmqx_names ${a.names})`) : undefined;
      if (!what) continue;
      const argCond = a.variadic ? `__rmqx_arg ${fq(n.key)} ${a.index} more` : `__rmqx_arg ${fq(n.key)} ${a.index}`;
      lines.push(`complete -c rmqx -n ${fq(argCond)} -a ${what}`);
    }
  }
  for (const o of globals) lines.push(optionLine(o, undefined, m.optionNames.get(o)));

  return `# fish completion for rmqx, generated from its command tree by \`rmqx completion fish\`.
# Load it in the current shell:  rmqx completion fish | source
# or for every shell:            rmqx completion fish > ~/.config/fish/completions/rmqx.fish
# Object names (queues, vhosts, …) are asked of the broker with the connection flags on the line.

# KEY WORD: the subcommand WORD names (aliases included)
function __rmqx_canon
    switch "$argv[1]|$argv[2]"
${canon.join('\n')}
    end
end

# KEY OPTION: does OPTION take a value (the next word)?
function __rmqx_valued
    switch "$argv[1]|$argv[2]"
        case ${valued.join(' ')}
            return 0
    end
    return 1
end

# The line so far: "k:KEY" (the command being typed), the number of its positional arguments,
# then the connection options on the line.
function __rmqx_walk
    set -l words (commandline -opc)
    set -e words[1]
    set -l key ''
    set -l nargs 0
    set -l conn
    set -l skip 0
    for i in (seq (count $words))
        set -l w $words[$i]
        if test $skip = 1
            set skip 0
            continue
        end
        switch $w
            case '--*=*'
                if contains -- (string split -m1 = -- $w)[1] ${conn.join(' ')}
                    set -a conn $w
                end
            case '-*'
                if __rmqx_valued "$key" $w
                    set skip 1
                    if contains -- $w ${conn.join(' ')}; and test $i -lt (count $words)
                        set -a conn $w $words[(math $i + 1)]
                    end
                else if contains -- $w ${conn.join(' ')}
                    set -a conn $w
                end
            case '*'
                set -l sub (__rmqx_canon "$key" $w)
                if test -n "$sub"
                    if test -z "$key"
                        set key $sub
                    else
                        set key "$key $sub"
                    end
                else
                    set nargs (math $nargs + 1)
                end
        end
    end
    echo "k:$key"
    echo $nargs
    for c in $conn
        echo $c
    end
end

# KEY: is the command being typed KEY?
function __rmqx_is
    set -l state (__rmqx_walk)
    test "$state[1]" = "k:$argv[1]"
end

# KEY INDEX [more]: is the word being typed positional argument INDEX (or later) of KEY?
function __rmqx_arg
    string match -q -- '-*' (commandline -ct); and return 1
    set -l state (__rmqx_walk)
    test "$state[1]" = "k:$argv[1]"; or return 1
    if set -q argv[3]
        test $state[2] -ge $argv[2]
    else
        test $state[2] -eq $argv[2]
    end
end

# NOUN: the names \`rmqx NOUN list\` prints
function __rmqx_names
    set -l state (__rmqx_walk)
    rmqx $argv[1] list -o tsv --columns name --timeout 3 $state[3..-1] 2>/dev/null </dev/null
end

complete -c rmqx -f
${lines.join('\n')}
`;
}
