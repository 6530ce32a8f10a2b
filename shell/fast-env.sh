# shellcheck shell=bash
# The end of generated/launcher/fast.bash, read only for `gosw env --format` (shell/fast.sh): with
# mounts.sh and gocache.sh now defined, the environment the hook would give a shell here.

# A double-quoted value for dotenv and systemd (dq in src/shell/export.ts).
__gosw_fast_dq() {
  local t=${1//\\/\\\\}
  t=${t//\"/\\\"}
  t=${t//\$/\\\$}
  __gosw_fast_q="\"${t//\`/\\\`}\""
}

# gosw env --format FORMAT: the environment the hook would give a shell here (environmentHere).
__gosw_fast_env() {
  local format=$1 root='' e k n=0 sep='' IFS
  local -a keys=() vals=() parts=() entries=()
  [[ $format == json || $format == dotenv || $format == systemd ]] || return 1
  # Warnings about version files are not printed by env --format (Node drops them too).
  if __gosw_find && [[ $__gosw_want != system ]] && __gosw_installed; then
    root=$__gosw_s/versions/$__gosw_name
  fi
  __gosw_fast_noted=
  if [[ -n $root ]]; then
    IFS=:
    set -f
    # bash gives itself a default PATH when none came in the environment, but does not export it:
    # Node would see none.
    # shellcheck disable=SC2206 # the split on colons is the point
    [[ ${PATH@a} != *x* ]] || parts=(${PATH-})
    set +f
    unset IFS
    for e in "${parts[@]}"; do
      [[ -n $e && $e != "${_GOSW_PATH_ENTRY-}" ]] && entries+=("$e")
    done
    IFS=:
    keys+=(GOROOT PATH) vals+=("$root" "$root/bin${entries[*]:+:${entries[*]}}")
    unset IFS
    [[ ${GOSW_GOTOOLCHAIN-} == keep ]] || { keys+=(GOTOOLCHAIN) vals+=(local); }
  fi
  # GOCACHE: gocache.sh's init, as a new shell runs it; any notice it has goes to Node's wording.
  __gosw_fast_put GOSW_GOCACHE "${__gosw_fast_saved[6]}" "${__gosw_fast_saved[7]}"
  if [[ ${GOSW_GOCACHE:-scoped} == scoped ]]; then
    # shellcheck disable=SC2317,SC2059 # called by gocache.sh; -v passes its own format on
    printf() {
      if [[ $1 == -v ]]; then builtin printf "$@"; else __gosw_fast_noted=1; fi
    }
    __gosw_gocache_init
    unset -f printf
    # A notice (a skipped place, a user's GOCACHE replaced) is Node's to word.
    [[ -z $__gosw_fast_noted ]] && [[ -z $root || -z $__gosw_gc_note ]] || return 1
    # As the hook: gosw's GOCACHE only while a version is active, and only when it replaces an
    # unset or unsafe one (__gosw_gc is "" when the user's is kept).
    [[ -z $root || -z $__gosw_gc ]] || { keys+=(GOCACHE) vals+=("$__gosw_gc"); }
  elif [[ $GOSW_GOCACHE != inherit && $GOSW_GOCACHE != off ]]; then
    return 1
  fi
  __gosw_fast_out=
  for ((n = 0; n < ${#keys[@]}; n++)); do
    __gosw_fast_plain "${vals[n]}" || return 1
    k=${keys[n]}
    if [[ $format == json ]]; then
      __gosw_fast_json "${vals[n]}"
      __gosw_fast_out+="$sep"$'\n'"  \"$k\": $__gosw_fast_q"
      sep=,
    else
      __gosw_fast_dq "${vals[n]}"
      __gosw_fast_out+="$k=$__gosw_fast_q"$'\n'
    fi
  done
  case $format in
    json) if ((${#keys[@]})); then __gosw_fast_out="{$__gosw_fast_out"$'\n}'; else __gosw_fast_out='{}'; fi ;;
    dotenv) __gosw_fast_out=${__gosw_fast_out%$'\n'} ;;
    systemd) __gosw_fast_out="# gosw env --format systemd: use as EnvironmentFile= in a systemd user unit"$'\n'"${__gosw_fast_out%$'\n'}" ;;
  esac
}

__gosw_fast_env "$__gosw_fast_format" || __gosw_fast_fallback "$@"
__gosw_fast_finish
