# shellcheck shell=bash
# bash completion for gosw, printed by `gosw completion bash`. install.sh puts it where
# bash-completion looks for it lazily, ${BASH_COMPLETION_USER_DIR:-${XDG_DATA_HOME:-~/.local/share}/bash-completion}/completions/gosw,
# so nothing of it runs at shell start: bash-completion sources it the first time `gosw` is
# completed. (Without bash-completion: `source <(gosw completion bash)` in ~/.bashrc, which starts
# gosw on every shell start.)
# The candidates come from `gosw completion --complete WORDS...`, which reads only the store and
# the cached release index: TAB never touches the network. A gosw that is gone completes nothing.
__gosw_complete_bin=@GOSW_BIN@

_gosw_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} line
  COMPREPLY=()
  [[ -x $__gosw_complete_bin ]] || return 0
  while IFS= read -r line; do
    [[ -n $line ]] && COMPREPLY+=("$line")
  done < <("$__gosw_complete_bin" completion --complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if ((${#COMPREPLY[@]} == 0)) && [[ $cur != -* ]]; then
    compopt -o default 2>/dev/null || :
  fi
}
complete -F _gosw_complete gosw
