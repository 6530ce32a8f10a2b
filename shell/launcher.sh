#!/bin/sh
# gosw launcher, installed as `gosw` on PATH by install.sh.
#
# `eval "$(gosw env)"` runs at every shell start. Starting Node costs ~30-40 ms, more than a whole
# bare shell start, so this launcher answers `gosw env` from the init scripts install.sh generated
# with the real gosw (same bytes `gosw env` prints), and hands everything else to the real gosw.
# The init holds nothing from the environment: the shell code works out the store and GOCACHE
# itself, so one copy serves every shell.
lib=@GOSW_LIB@
GOSW_LAUNCHER=@GOSW_SELF@
export GOSW_LAUNCHER

if [ "${1-}" = env ]; then
  shell=
  case "$#:${2-}:${3-}" in
    1::) shell=auto ;;
    2:--shell=bash:|2:--shell=zsh:) shell=${2#--shell=} ;;
    3:--shell:bash|3:--shell:zsh|3:-s:bash|3:-s:zsh) shell=$3 ;;
  esac
  if [ "$shell" = auto ]; then
    shell=
    # The shell evaluating $(gosw env) is our parent; /proc tells its name without a fork.
    if [ -r "/proc/$PPID/comm" ]; then
      read -r shell <"/proc/$PPID/comm" || :
    fi
    case "$shell" in
      bash | zsh) ;;
      *) shell=${SHELL##*/} ;;
    esac
  fi
  case "$shell" in
    bash | zsh)
      if [ -r "$lib/init.$shell" ] && command -v cat >/dev/null 2>&1; then
        exec cat "$lib/init.$shell"
      fi
      ;;
  esac
fi

# The everyday read-only commands do not need Node either: `--version` is known at install time,
# and current, which, list, local/global with no argument and env --format are answered by
# fast.bash (shell/fast.sh) with the prompt hook's own resolver, which hands anything it does not
# answer exactly to the real gosw. -p: bash reads no BASH_ENV and imports no functions.
case "$#:${1-}:${2-}" in
  1:--version: | 1:-V: | 1:version:)
    version=@GOSW_VERSION@
    if [ -n "$version" ]; then
      printf '%s\n' "$version"
      exit 0
    fi
    ;;
  1:current: | 2:current:--json | 1:list: | 2:list:--json | 1:ls: | 2:ls:--json | 1:versions: | 2:versions:--json | 1:local: | 1:global: | 2:which:* | 2:env:--format=* | 3:env:--format)
    bash=@GOSW_BASH@
    if [ -x "$bash" ] && [ -r "$lib/fast.bash" ]; then
      # Under LC_ALL=C: bash warns at start about a locale that is not installed (Node does not),
      # and the hook gives the same answers in every locale. fast.bash puts LC_ALL back as it was
      # before it hands anything to the real gosw.
      lc=${LC_ALL-} lcset=${LC_ALL+1}
      LC_ALL=C exec "$bash" -p "$lib/fast.bash" @GOSW_EXEC@ "$lc" "$lcset" "$@"
    fi
    ;;
esac
exec @GOSW_EXEC@ "$@"
