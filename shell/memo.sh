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
#
# The first prompt in a directory (a miss) pays only for the walk: __gosw_memo_note keeps its
# answer as pending (strings, no file test), and the next prompt in the same directory checks the
# rules above and makes it an entry (__gosw_memo_save). Checking later is as safe as checking at
# once: the rules ask that every path be older than a stamp written at least 2 s before the walk,
# and a path that is still older than it at the next prompt was not changed after the walk either.
# What __gosw_path_local judges is cached for the shell where it cannot change within one: the
# mount table is read once, at init (a filesystem mounted later is not seen by this shell, before
# or after this cache; GOSW_HOOK_MEMO=off or a new shell after mounting a network filesystem under
# a project), and the store's verdict is kept per store path. The directory's own is judged again
# for each new pending entry: a directory replaced by a symbolic link (to a network filesystem,
# say) is seen by one lstat per directory, which costs little next to the walk.

__gosw_z='' __gosw_zt=0 __gosw_zg=0 __gosw_zredo=''
__gosw_sl_s='' __gosw_sl_ok=''
# Pending entries (__gosw_memo_note): the directory in __gosw_pn_pwd / __gosw_po_pwd ("" = none),
# the rest in one array each, written and copied in one go: generation, store, EPOCHREALTIME of the
# walk, out, want, from, name, where the walk stopped, then the version files it read.
__gosw_pn_pwd='' __gosw_po_pwd='' __gosw_pn=() __gosw_po=()
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

# After a full resolve (__gosw_find and the store lookup, run by the hook): the answer for this
# directory, pending, with what the entry will depend on and when the walk ran. No file is tested.
# Two pending entries, the newest in __gosw_pn_*, the one before in __gosw_po_*, as the memo has
# two slots: going back and forth between two new directories makes entries of both.
__gosw_memo_note() {
  # An answer from GOSW_VERSION is no answer for the directory.
  [[ -z ${GOSW_VERSION-} ]] || { __gosw_pn_pwd='' __gosw_po_pwd=''; return 0; }
  # A path changed in the same clock tick as the last stamp is as old as it, not older: write
  # the stamp again, a tick later (at the next walk, as soon as can be; this entry, noted after
  # the new stamp, then cannot be kept, by the 2 s rule).
  if [[ -n $__gosw_zredo ]]; then
    if ! __gosw_stamp || [[ ! -e $__gosw_zredo || $__gosw_z -nt $__gosw_zredo ]]; then
      __gosw_zredo=''
    fi
  fi
  # The newest pending entry becomes the older one (as __gosw_memo_save shifts the slots).
  [[ $PWD == "$__gosw_pn_pwd" ]] || __gosw_po=("${__gosw_pn[@]}") __gosw_po_pwd=$__gosw_pn_pwd
  # The clock as the shell gives it; made milliseconds only when the entry is checked.
  __gosw_pn_pwd=$PWD
  __gosw_pn=("$__gosw_zg" "$__gosw_s" "$EPOCHREALTIME" "$__gosw_out" "$__gosw_want" "$__gosw_from" "$__gosw_name" "$__gosw_stop" "${__gosw_seen[@]}")
}

# Is there a pending entry for this directory, store and generation? It is then the newest
# (__gosw_pn). Called by the hook when neither memo slot answers. (`${a[@]:i:1}` is element i,
# counted from 0, in bash and zsh alike.)
__gosw_memo_pending() {
  if [[ $PWD != "$__gosw_pn_pwd" ]]; then
    [[ $PWD == "$__gosw_po_pwd" ]] || return 1
    local -a tmp
    tmp=("${__gosw_pn[@]}")
    __gosw_pn=("${__gosw_po[@]}") __gosw_po=("${tmp[@]}") __gosw_po_pwd=$__gosw_pn_pwd __gosw_pn_pwd=$PWD
  fi
  [[ ${__gosw_pn[*]:0:1} == "$__gosw_zg" && ${__gosw_pn[*]:1:1} == "$__gosw_s" ]]
}

# At the next prompt in a pending entry's directory (__gosw_memo_pending made it the newest):
# makes it memo slot 0 if the rules above allow it (0), else drops it (1) and the hook
# walks again. The paths it depends on: every directory walked from $PWD up to where the walk
# stopped, every version file read, the store's versions/ when a version was wanted, and the store
# itself when the answer came from, or could come from, the global default.
__gosw_memo_save() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  local z=$__gosw_z d x e f
  local -a chk
  # The pending entry, taken (and dropped, whatever happens below).
  local t="${__gosw_pn[*]:2:1}" out="${__gosw_pn[*]:3:1}" want="${__gosw_pn[*]:4:1}" from="${__gosw_pn[*]:5:1}"
  local name="${__gosw_pn[*]:6:1}" stop="${__gosw_pn[*]:7:1}"
  local -a seen
  seen=("${__gosw_pn[@]:8}")
  __gosw_pn_pwd=''
  # Only where mtimes can be trusted. Elsewhere nothing more is done: no list, and above all no
  # stamp rewrite, which would drop the answers kept for local directories.
  if [[ $__gosw_s != "$__gosw_sl_s" ]]; then
    __gosw_sl_s=$__gosw_s __gosw_sl_ok=''
    if __gosw_path_local "$__gosw_s"; then __gosw_sl_ok=1; fi
  fi
  [[ -n $__gosw_sl_ok ]] && __gosw_path_local "$PWD" || return 1
  # Whether the release's bin/go is there is tested directly, as a hit does.
  if [[ $out == on ]]; then
    [[ -f $__gosw_s/versions/$name/bin/go ]] || return 1
  elif [[ $out == missing ]]; then
    [[ ! -f $__gosw_s/versions/$name/bin/go ]] || return 1
  fi
  d=${PWD%/}
  while :; do
    chk+=("${d:-/}")
    [[ -n $d && $d != "$stop" ]] || break
    d=${d%/*}
  done
  chk+=("${seen[@]}")
  [[ -z $want || $want == system ]] || chk+=("$__gosw_s/versions")
  [[ $from == /* && $from != "$__gosw_s/version" ]] || chk+=("$__gosw_s")
  for x in "${chk[@]}"; do
    [[ -e $x ]] || return 1
    if [[ ! $z -nt $x ]]; then
      if __gosw_stamp && [[ ! $z -nt $x ]]; then
        __gosw_zredo=$x
      fi
      return 1
    fi
  done
  __gosw_clock
  if ((__gosw_now < __gosw_zt)); then
    # The clock went back: times written since may be older than the stamp. (`|| :`: under the
    # user's `set -e` a failed write must not end the shell; the memo is then off.)
    __gosw_stamp || :
    return 1
  fi
  # The walk must have started 2 s after the stamp (the rules above). (Tested last: a path newer
  # than the stamp rewrites it above, so that the 2 s start as early as they can.)
  e=$t
  f=${e#*[.,]}000
  ((${e%%[.,]*} * 1000 + 10#${f:0:3} - __gosw_zt >= 2000)) || return 1
  # The newest entry goes first; the older one is dropped.
  __gosw_m1_gen=$__gosw_m0_gen __gosw_m1_pwd=$__gosw_m0_pwd __gosw_m1_s=$__gosw_m0_s __gosw_m1_out=$__gosw_m0_out
  __gosw_m1_want=$__gosw_m0_want __gosw_m1_from=$__gosw_m0_from __gosw_m1_name=$__gosw_m0_name
  __gosw_m1_chk=("${__gosw_m0_chk[@]}")
  __gosw_m0_gen=$__gosw_zg __gosw_m0_pwd=$PWD __gosw_m0_s=$__gosw_s __gosw_m0_out=$out
  __gosw_m0_want=$want __gosw_m0_from=$from __gosw_m0_name=$name
  __gosw_m0_chk=("${chk[@]}")
  return 0
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
