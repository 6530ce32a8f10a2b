# shellcheck shell=bash
# gosw's fast path: the launcher (shell/launcher.sh) runs this for the everyday read-only commands
# (current, which, list, local, global with no argument, env --format) so that they do not pay for
# a Node start (~40 ms). It answers with the prompt hook's own resolver: scripts/render-hooks.mjs
# renders generated/launcher/fast.bash from this file, the bash hook (__gosw_find,
# __gosw_parse_file, __gosw_norm, __gosw_store, __gosw_installed), shell/fast-run.sh (which calls
# __gosw_fast_main), then shell/mounts.sh, shell/gocache.sh and shell/fast-env.sh, which bash reads
# only for `env --format` (bash parses a script as it runs it: the others exit before). install.sh
# installs it as gosw-cli/fast.bash.
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

# A sort key for a release (or alias) name by compareGo's order (src/versions/version.ts, after
# golang/go internal/gover): minor, patch ("" before 0), kind, prerelease number, in __gosw_fast_k.
# Returns 1 unless $1 is a release name the store accepts (isReleaseName) with numbers that fit.
__gosw_fast_key() {
  local n=$1 minor=0 patch=0 kind='' pre=0 rest kr
  ((${#n} <= 32)) && [[ $n == go1 || $n == go1.* ]] || return 1
  rest=${n#go1}
  if [[ -n $rest ]]; then
    rest=${rest#.}
    minor=${rest%%[!0-9]*}
    rest=${rest#"$minor"}
    __gosw_num "$minor" || return 1
    patch=
    if [[ $rest == .* ]]; then
      rest=${rest#.}
      patch=${rest%%[!0-9]*}
      rest=${rest#"$patch"}
      __gosw_num "$patch" || return 1
    fi
    if [[ -n $rest ]]; then
      kind=${rest%%[0-9]*}
      pre=${rest#"$kind"}
      [[ $kind == alpha || $kind == beta || $kind == rc ]] && __gosw_num "$pre" || return 1
    elif [[ -z $patch ]] && ((10#$minor < 21)); then
      patch=0
    fi
  fi
  case $kind in
    alpha) kr=1 ;;
    beta) kr=2 ;;
    rc) kr=3 ;;
    *) if [[ -n $patch ]]; then kr=4; else kr=0; fi ;;
  esac
  # A stable release with a patch sorts after its prereleases; "1.21" (no patch) before them.
  # Digits only, fixed width: [[ < ]] collates in the user's locale, which may skip punctuation.
  printf -v __gosw_fast_k '%010d%011d%d%011d' "$minor" "${patch:+$((10#$patch + 1))}" "$kr" "$((${kind:+10#$pre + 1}+0))"
}

# The installed releases, newest first, in __gosw_fast_rel (Store.isInstalled: a release name with
# bin/go a file); __gosw_fast_stable marks the stable ones. Returns 1 when two names compare equal
# (go1.20 and go1.20.0: Node would keep readdir's order).
__gosw_fast_installed() {
  local v=$__gosw_s/versions e n i j k
  local -a names=() keys=()
  __gosw_fast_rel=() __gosw_fast_stable=()
  for e in "$v"/go1*; do
    n=${e##*/}
    [[ -f $e/bin/go ]] || continue
    if ! __gosw_fast_key "$n"; then
      # A release name with numbers too long for bash's arithmetic: Node lists it, so Node answers.
      [[ ${#n} -le 32 && $n =~ ^go1(\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?((alpha|beta|rc)(0|[1-9][0-9]*))?)?$ ]] && return 1
      continue
    fi
    k=$__gosw_fast_k
    # Insertion sort, newest first: a store holds a handful of releases.
    i=${#keys[@]}
    while ((i > 0)) && [[ ${keys[i - 1]} < $k ]]; do
      keys[i]=${keys[i - 1]} names[i]=${names[i - 1]}
      ((i--))
    done
    [[ $i == 0 || ${keys[i - 1]} != "$k" ]] || return 1
    keys[i]=$k names[i]=$n
  done
  __gosw_fast_rel=("${names[@]}")
  for ((j = 0; j < ${#names[@]}; j++)); do
    if [[ ${names[j]} == *alpha* || ${names[j]} == *beta* || ${names[j]} == *rc* ]]; then
      __gosw_fast_stable[j]=''
    else
      __gosw_fast_stable[j]=1
    fi
  done
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

# gosw which SPEC: the installed release a spec resolves to (src/store/find.ts): exactly that
# release, or the newest installed stable one of a line (or overall), found by listing versions/
# as Node does, not through the aliases. A version that is not installed: Node says so.
__gosw_fast_which() {
  local spec=$1 want line j n
  # parseSpec: anything but a plain version (spaces to trim, other words, `system`) goes to Node.
  [[ -n $spec && $spec != *[!a-z0-9.]* ]] && __gosw_norm "$spec" || return 1
  want=$__gosw_want
  case $want in
    exact:*)
      n=${want#exact:}
      # go1.20 and go1.20.0 are the same release to compareGo: only the canonical name is looked at.
      [[ ! -e $__gosw_s/versions/$n.0 ]] && [[ -f $__gosw_s/versions/$n/bin/go ]] && __gosw_fast_key "$n" || return 1
      ;;
    line:* | latest)
      line=${want#line:}
      __gosw_fast_installed || return 1
      n=
      for ((j = 0; j < ${#__gosw_fast_rel[@]}; j++)); do
        [[ -n ${__gosw_fast_stable[j]} ]] || continue
        if [[ $want == latest || ${__gosw_fast_rel[j]} == "go$line" || ${__gosw_fast_rel[j]} == "go$line".* ]]; then
          n=${__gosw_fast_rel[j]}
          break
        fi
      done
      [[ -n $n ]] || return 1
      ;;
    *) return 1 ;;
  esac
  __gosw_fast_out=$__gosw_s/versions/$n
}

# gosw list [--json]: installed releases newest first, their aliases, and which came from a module
# proxy (listInstalled in src/store/installed.ts; the text and JSON of src/commands/list.ts).
__gosw_fast_list() {
  local json=$1 v=$__gosw_s/versions n a width=0 line pad src
  local -a aliases=() mine=()
  __gosw_fast_installed || return 1
  if ((${#__gosw_fast_rel[@]} == 0)); then
    if [[ -n $json ]]; then
      __gosw_fast_out='[]'
    else
      __gosw_fast_errout='gosw: no Go version installed yet; try: gosw install latest'
      __gosw_fast_silent=1
    fi
    return 0
  fi
  # Aliases: versions/latest and versions/<1.N> symlinks. Node reads the link's text; bash cannot
  # without a program, so it asks whether the link leads to the same directory (-ef).
  for a in "$v"/[1-9]*.* "$v"/latest; do
    n=${a##*/}
    [[ -L $a && ($n == latest || ($n != *[!0-9.]* && $n == *.* && $n != *.*.* && $n != *. && $n != *.0?*)) ]] || continue
    aliases+=("$n")
  done
  for n in "${__gosw_fast_rel[@]}"; do
    ((${#n} > width)) && width=${#n}
  done
  [[ -z $json ]] || __gosw_fast_plain "$v" || return 1
  __gosw_fast_out=
  for n in "${__gosw_fast_rel[@]}"; do
    mine=()
    for a in "${aliases[@]}"; do
      [[ $v/$a -ef $v/$n && $a != latest ]] && mine+=("$a")
    done
    # Line aliases newest first (at most one per release, as gosw writes them), then latest.
    ((${#mine[@]} <= 1)) || return 1
    [[ $v/latest -ef $v/$n && -L $v/latest ]] && mine+=(latest)
    src=godev
    if [[ -e $v/$n/.gosw.json || -L $v/$n/.gosw.json ]]; then
      __gosw_fast_proxied "$v/$n/.gosw.json" || return 1
      src=goproxy
    fi
    if [[ -n $json ]]; then
      __gosw_fast_json "$v/$n"
      line=$'  {\n    "name": "'$n$'",\n    "version": "'${n#go}$'",\n    "path": '$__gosw_fast_q$',\n    "aliases": ['
      if ((${#mine[@]})); then
        for a in "${mine[@]}"; do line+=$'\n      "'$a'",'; done
        line=${line%,}$'\n    '
      fi
      line+=$'],\n    "source": "'$src$'"\n  },'
    elif ((${#mine[@]})); then
      printf -v line '%-*s  (%s)' "$width" "$n" "${mine[0]}${mine[1]:+, ${mine[1]}}"
      [[ $src == godev ]] || line+=' [from a Go module proxy]'
    else
      line=$n
      if [[ $src == goproxy ]]; then
        printf -v pad '%*s' "$((width - ${#n} + 2))" ''
        line+="${pad}[from a Go module proxy]"
      fi
    fi
    __gosw_fast_out+=$line$'\n'
  done
  __gosw_fast_out=${__gosw_fast_out%$'\n'}
  [[ -z $json ]] || __gosw_fast_out=$'[\n'${__gosw_fast_out%,}$'\n]'
}

# Is $1 the provenance file install writes for a module-proxy toolchain (unpack-zip.ts)? Only that
# exact start is read as goproxy; anything else is for Node's JSON parser (return 1).
__gosw_fast_proxied() {
  local text=''
  [[ -f $1 && ! -L $1 ]] || return 1
  # Node reads at most 64 KiB of it; longer is no provenance.
  IFS= read -r -d '' -N 65537 text <"$1"
  ((${#text} <= 65536)) && [[ $text == $'{\n  "source": "goproxy",\n'*$'\n}\n' ]]
}

# A value as JSON.stringify writes it (plain ASCII only: __gosw_fast_plain was checked).
__gosw_fast_json() {
  local t=${1//\\/\\\\}
  __gosw_fast_q="\"${t//\"/\\\"}\""
}

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
    [[ -z $__gosw_fast_noted && -n ${GOCACHE-} ]] || return 1
    keys+=(GOCACHE) vals+=("$GOCACHE")
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
    1:list) __gosw_fast_list '' ;;
    2:list) [[ $2 == --json ]] && __gosw_fast_list json ;;
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
