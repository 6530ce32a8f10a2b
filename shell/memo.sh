# shellcheck shell=bash
# The prompt hook's memo, for bash and zsh alike (`gosw env` prints it after mounts.sh).
#
# Walking up from $PWD costs four file tests per directory. Once an answer is known, what it
# depends on is a list of paths: the directories walked, the version files read, the store. The
# answer holds as long as none of them has been modified, and that is one test per path: is the
# shell's stamp file newer (`[[ stamp -nt path ]]`, a builtin)? A directory's modification time
# changes whenever a name in it is created, removed or renamed; a file's when it is written.
#
# Clocks make this safe only under three rules (docs/architecture.md, "The hook's memo"):
# - The stamp and every path live on local filesystems (__gosw_path_local), whose times all come
#   from this kernel's clock; times from another machine (nfs, 9p, drvfs, fuse) are never trusted.
# - A memo entry is only made with a stamp written at least 2 s before, so a change made after the
#   walk gets a later time than the stamp even on a filesystem that keeps whole seconds.
# - An entry is only made when every path is older than the stamp; when one is not (something
#   changed since the stamp), the stamp is written again, which also drops every entry (a new
#   generation), and entries come back 2 s later.
# The memo holds two entries (this directory and the one before, so switching between two
# projects stays cheap). GOSW_HOOK_MEMO=off turns it off.

__gosw_z='' __gosw_zt=0 __gosw_zg=0 __gosw_zredo=''
__gosw_lk_pwd='' __gosw_lk_s='' __gosw_lk_gen='' __gosw_lk_ok=''
__gosw_m0_gen=-1 __gosw_m0_pwd='' __gosw_m0_s='' __gosw_m0_out='' __gosw_m0_want='' __gosw_m0_from='' __gosw_m0_name=''
__gosw_m1_gen=-1 __gosw_m1_pwd='' __gosw_m1_s='' __gosw_m1_out='' __gosw_m1_want='' __gosw_m1_from='' __gosw_m1_name=''
__gosw_m0_chk=() __gosw_m1_chk=()

# Now, in milliseconds, into __gosw_now (bash writes EPOCHREALTIME with the locale's decimal point).
__gosw_clock() {
  local e=$EPOCHREALTIME f
  f=${e#*[.,]}000
  __gosw_now=$((${e%%[.,]*} * 1000 + 10#${f:0:3}))
}

# Writes the stamp: every entry made with the previous one is dropped.
__gosw_stamp() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  if { : >|"$__gosw_z"; } 2>/dev/null; then
    __gosw_clock
    __gosw_zt=$__gosw_now
    __gosw_zg=$((__gosw_zg + 1))
    return 0
  fi
  __gosw_z=''
  return 1
}

# Picks the stamp file: in this user's runtime directory (memory, wiped at logout), else in gosw's
# cache directory; either must be the user's own and local.
__gosw_memo_init() {
  [[ -z ${ZSH_VERSION-} ]] || { emulate -L zsh; zmodload zsh/datetime 2>/dev/null; }
  local dir cache=${HOME-}/.cache
  __gosw_z=''
  [[ ${GOSW_HOOK_MEMO-} != off && -n ${EPOCHREALTIME-} ]] || return 0
  # Relative XDG paths are invalid (XDG Base Directory spec): ignored, with a notice, and the
  # default taken instead (src/shell/stamps.ts, the stamps' cleaner, does the same).
  if [[ ${XDG_CACHE_HOME-} == /* ]]; then
    cache=$XDG_CACHE_HOME
  elif [[ -n ${XDG_CACHE_HOME-} ]]; then
    __gosw_relative XDG_CACHE_HOME "$XDG_CACHE_HOME"
  fi
  [[ -z ${XDG_RUNTIME_DIR-} || $XDG_RUNTIME_DIR == /* ]] || __gosw_relative XDG_RUNTIME_DIR "$XDG_RUNTIME_DIR"
  for dir in "${XDG_RUNTIME_DIR-}" "$cache/gosw"; do
    if [[ -n $dir && -d $dir && -O $dir && -w $dir ]] && __gosw_path_local "$dir"; then
      __gosw_z=${dir%/}/gosw-hook.$$
      __gosw_stamp && return 0
    fi
  done
}

# After a full resolve (__gosw_find and the store lookup, run by the hook), keeps the answer for
# this directory if the rules above allow it. The paths it depends on: every directory walked from
# $PWD up to where the walk stopped, every version file read (__gosw_seen), the store's versions/
# when a version was wanted, and the store itself when the answer came from, or could come from,
# the global default.
__gosw_memo_save() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  local z=$__gosw_z d x
  local -a chk
  [[ -n $z && -z ${GOSW_VERSION-} ]] || return 0
  # A path changed in the same clock tick as the last stamp is as old as it, not older: write
  # the stamp again, a tick later.
  if [[ -n $__gosw_zredo ]]; then
    if ! __gosw_stamp || [[ ! -e $__gosw_zredo || $z -nt $__gosw_zredo ]]; then
      __gosw_zredo=''
    fi
    return 0
  fi
  # Only where mtimes can be trusted, judged once per directory (the symlink and mount checks
  # cost ~0.2 ms). Elsewhere nothing more is done: no list, and above all no stamp rewrite, which
  # would drop the answers kept for local directories.
  if [[ $PWD != "$__gosw_lk_pwd" || $__gosw_s != "$__gosw_lk_s" || $__gosw_zg != "$__gosw_lk_gen" ]]; then
    __gosw_lk_pwd=$PWD __gosw_lk_s=$__gosw_s __gosw_lk_gen=$__gosw_zg __gosw_lk_ok=''
    if __gosw_path_local "$PWD" && __gosw_path_local "$__gosw_s"; then __gosw_lk_ok=1; fi
  fi
  [[ -n $__gosw_lk_ok ]] || return 0
  d=${PWD%/}
  while :; do
    chk+=("${d:-/}")
    [[ -n $d && $d != "$__gosw_stop" ]] || break
    d=${d%/*}
  done
  chk+=("${__gosw_seen[@]}")
  [[ -z $__gosw_want || $__gosw_want == system ]] || chk+=("$__gosw_s/versions")
  [[ $__gosw_from == /* && $__gosw_from != "$__gosw_s/version" ]] || chk+=("$__gosw_s")
  for x in "${chk[@]}"; do
    [[ -e $x ]] || return 0
    if [[ ! $z -nt $x ]]; then
      if __gosw_stamp && [[ ! $z -nt $x ]]; then
        __gosw_zredo=$x
      fi
      return 0
    fi
  done
  __gosw_clock
  if ((__gosw_now < __gosw_zt)); then
    # The clock went back: times written since may be older than the stamp. (`|| :`: under the
    # user's `set -e` a failed write must not end the shell; the memo is then off.)
    __gosw_stamp || :
    return 0
  fi
  ((__gosw_now - __gosw_zt >= 2000)) || return 0
  # The newest entry goes first; the older one is dropped.
  __gosw_m1_gen=$__gosw_m0_gen __gosw_m1_pwd=$__gosw_m0_pwd __gosw_m1_s=$__gosw_m0_s __gosw_m1_out=$__gosw_m0_out
  __gosw_m1_want=$__gosw_m0_want __gosw_m1_from=$__gosw_m0_from __gosw_m1_name=$__gosw_m0_name
  __gosw_m1_chk=("${__gosw_m0_chk[@]}")
  __gosw_m0_gen=$__gosw_zg __gosw_m0_pwd=$PWD __gosw_m0_s=$__gosw_s __gosw_m0_out=$__gosw_out
  __gosw_m0_want=$__gosw_want __gosw_m0_from=$__gosw_from __gosw_m0_name=$__gosw_name
  __gosw_m0_chk=("${chk[@]}")
}

# Are all of $2... still older than the stamp $1? (The hook's __gosw_memo_fresh0/1 test the
# first 16 paths unrolled and hand the rest of a deep walk to this loop.)
__gosw_memo_fresh() {
  local z=$1 x
  shift
  for x in "$@"; do
    [[ $z -nt $x ]] || return 1
  done
}

__gosw_memo_init
