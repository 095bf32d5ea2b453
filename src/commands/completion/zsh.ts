/** The zsh completion script: descriptions for commands and options, values from the tree. */
import type { OptionInfo } from '../../cli/tree.js';
import { flagsOf, shLookups, sq, type CompletionModel } from './model.js';

/** "word:description" for _describe: a colon in the word must be escaped. */
function item(word: string, description: string): string {
  return sq(`${word.replace(/:/g, '\\:')}:${oneLine(description)}`);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function optionItems(options: OptionInfo[]): string[] {
  return options.flatMap((o) => flagsOf(o).map((f) => item(f, o.description)));
}

export function zshScript(m: CompletionModel): string {
  const arrays = (name: string, doc: string, pick: (n: CompletionModel['nodes'][number]) => string[]) =>
    [
      `# KEY: reply is the ${doc}`,
      `_rmqx_${name}() {`,
      '  case "$1" in',
      ...m.nodes.filter((n) => pick(n).length > 0).map((n) => `    ${sq(n.key)}) reply=(${pick(n).join(' ')}) ;;`),
      '    *) reply=() ;;',
      '  esac',
      '}',
      '',
    ].join('\n');
  return `#compdef rmqx
# zsh completion for rmqx, generated from its command tree by \`rmqx completion zsh\`.
# Load it in the current shell (after compinit):  source <(rmqx completion zsh)
# or for every shell: rmqx completion zsh > "\${fpath[1]}/_rmqx"
# Object names (queues, vhosts, …) are asked of the broker with the connection flags on the line.

${shLookups(m, '_rmqx')}
${arrays('sub_items', 'subcommands with descriptions', (n) => n.subs.map((c) => item(c.name, c.description)))}
${arrays('alias_items', 'subcommand aliases with descriptions', (n) => n.subs.flatMap((c) => c.aliases.map((a) => item(a, c.description))))}
${arrays('option_items', 'options with descriptions', (n) => optionItems(n.options))}
# NOUN: the names \`rmqx NOUN list\` prints
_rmqx_names() {
  local -a names
  names=("\${(@f)$(rmqx "$1" list -o tsv --columns name --timeout 3 "\${conn[@]}" 2>/dev/null </dev/null)}")
  names=(\${names:#})
  compadd -a names
}

# KEY OPTION: complete the value of OPTION
_rmqx_value() {
  local -a list
  _rmqx_choices "$1" "$2"
  if [[ -n $REPLY ]]; then
    list=(\${=REPLY})
    compadd -a list
  elif _rmqx_file "$1" "$2"; then
    _files
  else
    _rmqx_option_names "$1" "$2"
    [[ -n $REPLY ]] && _rmqx_names "$REPLY"
  fi
}

_rmqx() {
  local -a conn list reply
  local i w cur key='' pending='' nargs=0 REPLY=
  cur=\${words[CURRENT]}
  # Walk the line: subcommands narrow the key, options with a value skip it.
  for ((i = 2; i < CURRENT; i++)); do
    w=\${words[i]}
    case $w in
      --*=*)
        _rmqx_is_conn "\${w%%=*}" && conn+=("$w")
        ;;
      -*)
        if _rmqx_valued "$key" "$w"; then
          if ((i + 1 == CURRENT)); then
            pending=$w
          elif _rmqx_is_conn "$w"; then
            conn+=("$w" "\${words[i + 1]}")
          fi
          ((i++))
        elif _rmqx_is_conn "$w"; then
          conn+=("$w")
        fi
        ;;
      *)
        _rmqx_canon "$key" "$w"
        if [[ -n $REPLY ]]; then
          key=\${key:+$key }$REPLY
        else
          ((nargs++))
        fi
        ;;
    esac
  done

  if [[ -n $pending ]]; then
    _rmqx_value "$key" "$pending"
  elif [[ $cur == --*=* ]]; then
    compset -P '*='
    _rmqx_value "$key" "\${cur%%=*}"
  elif [[ $cur == -* ]]; then
    _rmqx_option_items "$key"
    _describe -t options 'option' reply
  else
    _rmqx_sub_items "$key"
    if ((\${#reply})); then
      _describe -t commands 'command' reply
      # the plural aliases only when no name fits
      if [[ $compstate[nmatches] == 0 ]]; then
        _rmqx_alias_items "$key"
        _describe -t aliases 'alias' reply
      fi
    else
      _rmqx_arg "$key" "$nargs"
      case $REPLY in
        'choices '*)
          list=(\${=REPLY#choices })
          compadd -a list
          ;;
        'names '*) _rmqx_names "\${REPLY#names }" ;;
      esac
    fi
  fi
}

if [[ $funcstack[1] == _rmqx ]]; then
  _rmqx "$@"
else
  compdef _rmqx rmqx
fi
`;
}
