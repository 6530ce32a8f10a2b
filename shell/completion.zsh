#compdef gosw
# zsh completion for gosw, printed by `gosw completion zsh`. install.sh writes it as _gosw in a
# directory that gosw's zsh init puts on fpath, so nothing of it runs at shell start: compinit
# finds it by the line above (or, when compinit ran before the init, the init registers it with
# compdef), and zsh reads the file the first time `gosw` is completed. Sourced instead
# (`source <(gosw completion zsh)` after compinit), it registers itself.
# The candidates come from `gosw completion --complete WORDS...`, which reads only the store and
# the cached release index: TAB never touches the network. A gosw that is gone completes nothing.
typeset -g __gosw_complete_bin=@GOSW_BIN@

_gosw() {
  local -a candidates
  [[ -x $__gosw_complete_bin ]] || return 1
  candidates=("${(@f)$("$__gosw_complete_bin" completion --complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=(${candidates:#})
  if (( ${#candidates} )); then
    compadd -a candidates
  else
    _files
  fi
}

if [[ ${zsh_eval_context[-1]-} == loadautofunc ]]; then
  # Autoloaded from fpath: this file is the first call's body; later calls run _gosw directly.
  _gosw "$@"
else
  compdef _gosw gosw
fi
