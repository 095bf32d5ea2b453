/** The bash completion script: static lists from the command tree; object names asked of rmqx itself. */
import { flagsOf, shLookups, sq, type CompletionModel } from './model.js';

export function bashScript(m: CompletionModel): string {
  const lists = (name: string, doc: string, pick: (n: CompletionModel['nodes'][number]) => string[]) =>
    [
      `# KEY: REPLY is the ${doc}`,
      `_rmqx_${name}() {`,
      '  case "$1" in',
      ...m.nodes.filter((n) => pick(n).length > 0).map((n) => `    ${sq(n.key)}) REPLY=${sq(pick(n).join(' '))} ;;`),
      '    *) REPLY= ;;',
      '  esac',
      '}',
      '',
    ].join('\n');
  return `# bash completion for rmqx, generated from its command tree by \`rmqx completion bash\`.
# Load it in the current shell:  source <(rmqx completion bash)
# or for every shell:            rmqx completion bash > ~/.local/share/bash-completion/completions/rmqx
# Object names (queues, vhosts, …) are asked of the broker with the connection flags on the line.

${shLookups(m, '_rmqx')}
${lists('subs', 'subcommands (canonical names)', (n) => n.subs.map((c) => c.name))}
${lists('aliases', 'subcommand aliases', (n) => n.subs.flatMap((c) => c.aliases))}
${lists('opts', 'options (long and short, own and global)', (n) => n.options.flatMap(flagsOf))}
# CUR WORD…: add the words that start with CUR
_rmqx_match() {
  local cur=$1 w
  shift
  for w in "$@"; do
    [[ $w == "$cur"* ]] && COMPREPLY+=("$w")
  done
  return 0
}

# NOUN CUR: the names \`rmqx NOUN list\` prints, quoted for the command line
_rmqx_names() {
  local n
  while IFS= read -r n; do
    [[ -n $n && $n == "$2"* ]] && COMPREPLY+=("$(printf '%q' "$n")")
  done < <(rmqx "$1" list -o tsv --columns name --timeout 3 "\${conn[@]}" 2>/dev/null </dev/null)
  return 0
}

# KEY OPTION CUR: complete the value of OPTION
_rmqx_value() {
  local -a list
  _rmqx_choices "$1" "$2"
  if [[ -n $REPLY ]]; then
    read -ra list <<<"$REPLY"
    _rmqx_match "$3" "\${list[@]}"
  elif _rmqx_file "$1" "$2"; then
    compopt -o filenames 2>/dev/null
    local f
    while IFS= read -r f; do COMPREPLY+=("$f"); done < <(compgen -f -- "$3")
  else
    _rmqx_option_names "$1" "$2"
    [[ -n $REPLY ]] && _rmqx_names "$REPLY" "$3"
  fi
  return 0
}

_rmqx() {
  local -a words=() conn=() list=()
  local i w cur key='' pending='' nargs=0 glue=0 cword=0 REPLY=
  # Put back together what COMP_WORDBREAKS split apart: --output=json, http://host:port.
  for ((i = 0; i < \${#COMP_WORDS[@]}; i++)); do
    w=\${COMP_WORDS[i]}
    if ((\${#words[@]} > 0)) && [[ -n $w && -z \${w//[=:]/} ]]; then
      words[\${#words[@]} - 1]+=$w
      glue=1
    elif ((glue)); then
      words[\${#words[@]} - 1]+=$w
      glue=0
    else
      words+=("$w")
    fi
    ((i == COMP_CWORD)) && cword=$((\${#words[@]} - 1))
  done
  cur=\${words[cword]}

  # Walk the line: subcommands narrow the key, options with a value skip it.
  for ((i = 1; i < cword; i++)); do
    w=\${words[i]}
    case $w in
      --*=*)
        _rmqx_is_conn "\${w%%=*}" && conn+=("$w")
        ;;
      -*)
        if _rmqx_valued "$key" "$w"; then
          if ((i + 1 == cword)); then
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

  COMPREPLY=()
  if [[ -n $pending ]]; then
    _rmqx_value "$key" "$pending" "$cur"
  elif [[ $cur == --*=* ]]; then
    _rmqx_value "$key" "\${cur%%=*}" "\${cur#*=}"
    cur=\${cur#*=}
  elif [[ $cur == -* ]]; then
    _rmqx_opts "$key"
    read -ra list <<<"$REPLY"
    _rmqx_match "$cur" "\${list[@]}"
  else
    _rmqx_subs "$key"
    if [[ -n $REPLY ]]; then
      read -ra list <<<"$REPLY"
      _rmqx_match "$cur" "\${list[@]}"
      # the plural aliases only when no name fits: qu<TAB> is queue, not queue/queues
      if ((\${#COMPREPLY[@]} == 0)); then
        _rmqx_aliases "$key"
        read -ra list <<<"$REPLY"
        _rmqx_match "$cur" "\${list[@]}"
      fi
    else
      _rmqx_arg "$key" "$nargs"
      case $REPLY in
        'choices '*)
          read -ra list <<<"\${REPLY#choices }"
          _rmqx_match "$cur" "\${list[@]}"
          ;;
        'names '*) _rmqx_names "\${REPLY#names }" "$cur" ;;
      esac
    fi
  fi
  # bash replaces only what follows the last ':' of the word
  if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
    local pre=\${cur%"\${cur##*:}"}
    for i in "\${!COMPREPLY[@]}"; do
      COMPREPLY[i]=\${COMPREPLY[i]#"$pre"}
    done
  fi
  return 0
}

complete -F _rmqx rmqx
`;
}
