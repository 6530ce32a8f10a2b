#compdef gosw
# zsh completion for gosw, printed by `gosw completion zsh`. Load it with:
#   source <(gosw completion zsh)        (after compinit)
# The candidates come from `gosw completion --complete WORDS...`, which reads only the store and
# the cached release index: TAB never touches the network.
typeset -g __gosw_complete_bin=@GOSW_BIN@

_gosw() {
  local -a candidates
  candidates=("${(@f)$("$__gosw_complete_bin" completion --complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=(${candidates:#})
  if (( ${#candidates} )); then
    compadd -a candidates
  else
    _files
  fi
}
compdef _gosw gosw
