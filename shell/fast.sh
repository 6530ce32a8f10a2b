# shellcheck shell=bash
# gosw's fast path: the launcher (shell/launcher.sh) runs this for the everyday read-only commands
# (current, which, list, local, global with no argument, env --format) so that they do not pay for
# a Node start (~40 ms). It answers with the prompt hook's own resolver: scripts/render-hooks.mjs
# renders generated/launcher/fast.bash from this file, shell/fast-store.sh (which, list), the bash
# hook (__gosw_find, __gosw_parse_file, __gosw_norm, __gosw_store, __gosw_installed),
# shell/fast-run.sh (which calls __gosw_fast_main), then shell/mounts.sh, shell/gocache.sh and
# shell/fast-env.sh, which bash reads only for `env --format` (bash parses a script as it runs it:
# the other commands exit before). install.sh installs it as gosw-cli/fast.bash.
#
#   LC_ALL=C bash -p fast.bash REAL_GOSW LC_ALL LC_ALL_SET ARGS...
#
# (-p: no BASH_ENV, no functions or SHELLOPTS from the environment. LC_ALL=C: no warning about a
# locale that is not installed, and the hook answers the same in every locale; LC_ALL and whether
# it was set come as arguments, to be put back.)
#
# Every answer is the real gosw's, byte for byte: stdout, stderr, exit code
# (test/e2e/launcher-fast.test.ts and conformance.test.ts run both over the same fixtures).
# Whatever this file does not answer exactly (other options, warnings and notices, whose wording
# is Node's, paths that are not plain ASCII, odd stores) it hands to the real gosw, with the
# environment the launcher was given: nothing is printed before that decision.

__gosw_fast_real=$1 __gosw_fast_lc=$2 __gosw_fast_lcset=$3
shift 3
# Sourcing the hook registers it (PROMPT_COMMAND, GOSW_HOOK_PID/LOADS), and gocache.sh runs its
# init (GOCACHE); what they change is put back before handing over (__gosw_fast_restore).
__gosw_fast_saved=("${GOSW_HOOK_PID-}" "${GOSW_HOOK_PID+1}" "${GOSW_HOOK_LOADS-}" "${GOSW_HOOK_LOADS+1}"
  "${PROMPT_COMMAND-}" "${PROMPT_COMMAND+1}" "${GOSW_GOCACHE-}" "${GOSW_GOCACHE+1}" "${GOCACHE-}" "${GOCACHE+1}")
__gosw_fast_noted='' __gosw_fast_format=''

__gosw_fast_put() {
  if [[ -n $3 ]]; then export "$1=$2"; else unset "$1"; fi
}

__gosw_fast_restore() {
  local s=("${__gosw_fast_saved[@]}")
  __gosw_fast_put GOSW_HOOK_PID "${s[0]}" "${s[1]}"
  __gosw_fast_put GOSW_HOOK_LOADS "${s[2]}" "${s[3]}"
  __gosw_fast_put PROMPT_COMMAND "${s[4]}" "${s[5]}"
  __gosw_fast_put GOSW_GOCACHE "${s[6]}" "${s[7]}"
  __gosw_fast_put GOCACHE "${s[8]}" "${s[9]}"
}

# Hands the command to the real gosw, with the environment the launcher was given. (bash warns
# when LC_ALL is set to a locale that is not installed: not here.)
__gosw_fast_fallback() {
  __gosw_fast_restore
  __gosw_fast_put LC_ALL "$__gosw_fast_lc" "$__gosw_fast_lcset" 2>/dev/null
  exec "$__gosw_fast_real" "$@"
}

# Plain printable ASCII: printed by Node exactly as bash has the bytes (no control characters for
# safe() to replace, no UTF-8 for Node to decode).
__gosw_fast_plain() {
  [[ $1 != *[!\ -~]* ]]
}

# An absolute path as Node's path.join/resolve would print it: no //, no . or .. segment, no
# trailing slash.
__gosw_fast_clean() {
  __gosw_fast_plain "$1" && [[ $1 == /* && $1 != *//* && $1/ != */./* && $1/ != */../* && ($1 == / || $1 != */) ]]
}

# The warnings and notices of the hook are worded for a prompt; Node words them its own way, so a
# run that would print one is handed over (the hook's own functions set this flag instead).
__gosw_fast_note() {
  __gosw_fast_noted=1
}

# requestText (src/versions/request.ts) of the hook's __gosw_want, in __gosw_fast_t.
__gosw_fast_text() {
  case $1 in
    latest | system) __gosw_fast_t=$1 ;;
    line:*) __gosw_fast_t=${1#line:} ;;
    *)
      __gosw_fast_t=${1#*:go}
      [[ $__gosw_fast_t == *.* && ${__gosw_fast_t//./} != *[!0-9]* && ${__gosw_fast_t#*.} != *.* ]] && __gosw_fast_t+=.0
      ;;
  esac
}

# gosw current [--json]
__gosw_fast_current() {
  local json=$1 from name=null installed=false goroot=null wanted=null source=null kind
  if ! __gosw_find; then
    [[ -z $__gosw_fast_noted ]] || return 1
    __gosw_fast_out="none (no .go-version, .tool-versions, go.work or go.mod up from here, and no global default; the shell's own go is used)"
  else
    [[ -z $__gosw_fast_noted ]] && __gosw_fast_plain "$__gosw_from" || return 1
    from=$__gosw_from
    if [[ $__gosw_want == system ]]; then
      __gosw_fast_out="system (from $from; the shell's own go is used)"
    elif __gosw_installed; then
      __gosw_fast_out="$__gosw_name (from $from)"
      name=\"$__gosw_name\" installed=true
      __gosw_fast_json "$__gosw_s/versions/$__gosw_name"
      goroot=$__gosw_fast_q
    else
      __gosw_fast_out="$__gosw_name (from $from) is not installed; run: gosw install"
      name=\"$__gosw_name\"
      __gosw_fast_rc=1
    fi
    # The Request and Source objects of src/resolve/current.ts, as JSON.stringify indents them.
    case $__gosw_want in
      latest | system) wanted=$'{\n    "kind": "'$__gosw_want$'"\n  }' ;;
      line:*) wanted=$'{\n    "kind": "line",\n    "line": "'${__gosw_want#line:}$'"\n  }' ;;
      *) wanted=$'{\n    "kind": "'${__gosw_want%%:*}$'",\n    "name": "'${__gosw_want#*:}$'"\n  }' ;;
    esac
    if [[ $from == GOSW_VERSION ]]; then
      kind='env'
    elif [[ -n $__gosw_stop ]]; then
      kind='file'
    else
      kind=global
    fi
    __gosw_fast_json "$from"
    source=$'{\n    "kind": "'$kind$'",\n    "where": '$__gosw_fast_q$'\n  }'
  fi
  [[ -n $json ]] || return 0
  __gosw_fast_out=$'{\n  "name": '$name$',\n  "installed": '$installed$',\n  "goroot": '$goroot
  __gosw_fast_out+=$',\n  "wanted": '$wanted$',\n  "source": '$source$',\n  "warnings": []\n}'
}

# gosw local (no argument): the nearest version file up from here; neither GOSW_VERSION nor the
# global default is a pin of the directory.
__gosw_fast_local() {
  # shellcheck disable=SC2034 # read by __gosw_find
  local GOSW_VERSION=
  if ! __gosw_find || [[ -z $__gosw_stop ]]; then
    [[ -z $__gosw_fast_noted ]] || return 1
    __gosw_fast_out='none (no .go-version, .tool-versions, go.work or go.mod up from here; pin one with: gosw local <version>)'
    return 0
  fi
  [[ -z $__gosw_fast_noted ]] && __gosw_fast_plain "$__gosw_from" || return 1
  __gosw_fast_text "$__gosw_want"
  __gosw_fast_out="$__gosw_fast_t (from $__gosw_from)"
}

# gosw global (no argument)
__gosw_fast_global() {
  if __gosw_parse_file "$__gosw_s/version" go-version; then
    __gosw_fast_text "$__gosw_want"
    __gosw_fast_out="$__gosw_fast_t (from $__gosw_s/version)"
  else
    __gosw_fast_out='none (no global default; set one with: gosw global <version>)'
  fi
}

# A value as JSON.stringify writes it (plain ASCII only: __gosw_fast_plain was checked).
__gosw_fast_json() {
  local t=${1//\\/\\\\}
  __gosw_fast_q="\"${t//\"/\\\"}\""
}

# Answers, or hands over. Output is printed only once the whole answer is known.
__gosw_fast_main() {
  local v
  __gosw_fast_out='' __gosw_fast_errout='' __gosw_fast_silent='' __gosw_fast_rc=0
  # What Node reads differently or would comment on: not Linux (the store is elsewhere on macOS), a
  # relative root (main.ts says it ignores it), a store path or PWD Node would normalise.
  [[ ${OSTYPE-} == linux* ]] || __gosw_fast_fallback "$@"
  for v in GOSW_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR GOSW_SYSROOT; do
    [[ -z ${!v-} || ${!v} == /* ]] || __gosw_fast_fallback "$@"
  done
  __gosw_store
  __gosw_fast_clean "$__gosw_s" || __gosw_fast_fallback "$@"
  # bash keeps an inherited PWD like /a/./b or //a when it names this directory; Node resolves it.
  __gosw_fast_clean "$PWD" || __gosw_fast_fallback "$@"
  # The user's nocasematch would make `LATEST` match (the hook turns it off the same way).
  shopt -u nocasematch
  case $#:$1 in
    1:current) __gosw_fast_current '' ;;
    2:current) [[ $2 == --json ]] && __gosw_fast_current json ;;
    1:local) __gosw_fast_local ;;
    1:global) __gosw_fast_global ;;
    # ls and versions are list's aliases (src/cli/table.ts).
    1:list | 1:ls | 1:versions) __gosw_fast_list '' ;;
    2:list | 2:ls | 2:versions) [[ $2 == --json ]] && __gosw_fast_list json ;;
    2:which) __gosw_fast_which "$2" ;;
    # env --format needs GOCACHE: mounts.sh and gocache.sh, which come after this in fast.bash and
    # are parsed only when bash reads on (shell/fast-env.sh ends it); the other commands exit here
    # without paying for them. gocache.sh runs its init when read: not yet.
    2:env) [[ $2 == --format=* ]] && __gosw_fast_format=${2#--format=} && GOSW_GOCACHE=off && return 0 ;;
    3:env) [[ $2 == --format ]] && __gosw_fast_format=$3 && GOSW_GOCACHE=off && return 0 ;;
    *) false ;;
  esac || __gosw_fast_fallback "$@"
  __gosw_fast_finish
}

# Prints the answer and exits with its code.
__gosw_fast_finish() {
  [[ -n $__gosw_fast_silent ]] || builtin printf '%s\n' "$__gosw_fast_out"
  [[ -z $__gosw_fast_errout ]] || builtin printf '%s\n' "$__gosw_fast_errout" >&2
  exit "$__gosw_fast_rc"
}
