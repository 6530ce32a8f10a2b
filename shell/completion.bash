# shellcheck shell=bash
# bash completion for gosw, printed by `gosw completion bash`. Load it with:
#   source <(gosw completion bash)
# The candidates come from `gosw completion --complete WORDS...`, which reads only the store and
# the cached release index: TAB never touches the network.
__gosw_complete_bin=@GOSW_BIN@

_gosw_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} line
  COMPREPLY=()
  while IFS= read -r line; do
    [[ -n $line ]] && COMPREPLY+=("$line")
  done < <("$__gosw_complete_bin" completion --complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if ((${#COMPREPLY[@]} == 0)) && [[ $cur != -* ]]; then
    compopt -o default 2>/dev/null || :
  fi
}
complete -F _gosw_complete gosw
