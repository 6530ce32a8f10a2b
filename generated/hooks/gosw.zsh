# shellcheck shell=bash disable=SC2296,SC2298,SC1087,SC2154,SC2034
# Generated from shell/hook.sh.in by scripts/render-hooks.mjs: do not edit; edit the template and
# run `node scripts/render-hooks.mjs` (the build and the tests do too).
# gosw shell integration for zsh, printed by `gosw env --shell zsh`.
#
# The prompt hook below resolves the wanted Go version in pure zsh: it never forks (no $(...), no
# external command), because it runs before every prompt. The rules are the ones of
# src/versions/files.ts and src/resolve/current.ts (gosw current); test/e2e/conformance checks that
# both give the same answers. Files from the directories walked are untrusted: they are read with
# `read` (bounded), matched against strict patterns, and never evaluated.
# Every function starts with `emulate -L zsh` so the user's options (KSH_ARRAYS, SH_WORD_SPLIT,
# NO_UNSET, ...) cannot change what it does.

typeset -g __gosw_bin=@GOSW_BIN@

# The store, as src/store/dirs.ts computes it, without running anything. A relative GOSW_HOME or
# XDG_DATA_HOME is ignored (the XDG Base Directory spec: relative paths are invalid): it would put
# a GOROOT relative to $PWD on PATH, so `cd` into a repository would run that repository's `go`.
# (No emulate: called from gosw's own functions, which set it; this runs on every prompt.)
__gosw_store() {
  if [[ ${GOSW_HOME-} == /* ]]; then
    typeset -g __gosw_s=$GOSW_HOME
    return 0
  fi
  [[ -z ${GOSW_HOME-} ]] || __gosw_relative GOSW_HOME "$GOSW_HOME"
  if [[ ${OSTYPE-} == darwin* ]]; then
    typeset -g __gosw_s="${HOME-}/Library/Application Support/gosw"
  elif [[ ${XDG_DATA_HOME-} == /* ]]; then
    typeset -g __gosw_s=$XDG_DATA_HOME/gosw
  else
    [[ -z ${XDG_DATA_HOME-} ]] || __gosw_relative XDG_DATA_HOME "$XDG_DATA_HOME"
    typeset -g __gosw_s=${HOME-}/.local/share/gosw
  fi
}

# One notice per (variable, value) per shell that a relative root is ignored (also used by memo.sh).
__gosw_relative() {
  emulate -L zsh
  [[ $__gosw_warned != *"<rel:$1=$2>"* ]] || return 0
  __gosw_warned+="<rel:$1=$2>"
  __gosw_safe "$2"
  print -ru2 -- "gosw: ignoring $1=$__gosw_shown: not an absolute path"
}

# Reads at most 16 KiB of a version file into __gosw_buf. Only a regular, non-empty file (after
# links): a FIFO or a device would block the prompt, and so would /proc/kmsg, which is "regular"
# but empty as every procfs file is. Never a file under /proc, /sys or /dev, nor a link to one
# (zsh resolves links itself: ${f:A} is realpath(3), no program).
__gosw_slurp() {
  emulate -L zsh
  typeset -g __gosw_buf=
  [[ -f $1 && -s $1 && -r $1 && $1 != /proc/* && $1 != /sys/* && $1 != /dev/* ]] || return 1
  if [[ -L $1 ]]; then
    local r=${1:A}
    [[ $r != /proc && $r != /proc/* && $r != /sys && $r != /sys/* && $r != /dev && $r != /dev/* ]] || return 1
  fi
  read -r -k 16384 -u 0 __gosw_buf <"$1"
  __gosw_buf=${__gosw_buf%%$'\0'*}
  __gosw_buf=${__gosw_buf#$'\xef\xbb\xbf'}
  return 0
}

# The lines of file $1 into the array __gosw_lines, read in blocks (shell/mounts.sh); $(<file)
# does not fork in zsh.
__gosw_read_lines() {
  emulate -L zsh
  typeset -ga __gosw_lines
  __gosw_lines=("${(@f)$(<$1)}")
}

# Plain printable ASCII (and whitespace) reads the same in every locale; anything else is parsed
# again byte by byte under LC_ALL=C, as src/versions/files.ts does (latin1). Setting the locale
# costs ~40 µs, so only files that need it pay for it.
__gosw_ascii() {
  emulate -L zsh
  [[ $1 != *[^\ -~$'\t\n\r\v\f']* ]]
}

# Turns a version as written in a file into a request in __gosw_want:
#   exact:go1.22.5  line:1.22  min:go1.22.3  latest  system
# Mirrors parseRequest (src/versions/request.ts): two numbers are a line, `go1.20` (prefix, minor < 21)
# is the exact release, 1.19.0 is go1.19 (go.dev names releases before 1.21 without .0).
# $2 = "mod" reads a go.mod `go` line, where three numbers are a minimum, not an exact pin.
__gosw_norm() {
  emulate -L zsh
  local v=$1 prefix='' minor rest patch='' dot='' pre='' kind num name
  typeset -g __gosw_want=
  case $v in
    latest | stable) __gosw_want=latest; return 0 ;;
    system) __gosw_want=system; return 0 ;;
  esac
  # The grammar of src/versions/request.ts VERSION_RE, with patterns: bash recompiles a regex on
  # every [[ =~ ]], which costs ~100 µs a prompt.
  ((${#v} <= 64)) || return 1
  [[ $v == go* ]] && { prefix=go; v=${v#go}; }
  [[ $v == 1.* ]] || return 1
  rest=${v#1.}
  minor=${rest%%[^0-9]*}
  rest=${rest#"$minor"}
  __gosw_num "$minor" || return 1
  [[ $minor != 0 ]] || return 1
  if [[ $rest == .* ]]; then
    dot=1
    patch=${rest#.}
    __gosw_num "$patch" || return 1
  elif [[ -n $rest ]]; then
    pre=$rest
    kind=${pre%%[0-9]*}
    num=${pre#"$kind"}
    [[ ($kind == alpha || $kind == beta || $kind == rc) && $num != 0* ]] && __gosw_num "$num" || return 1
  fi
  if [[ -z $dot && -z $pre ]]; then
    if [[ -n $prefix && ${#minor} -le 2 && $minor -lt 21 ]]; then
      __gosw_want=exact:go1.$minor
    else
      __gosw_want=line:1.$minor
    fi
    return 0
  fi
  name=go1.$minor
  if [[ -n $pre ]]; then
    name+=$pre
  elif [[ $patch != 0 || ${#minor} -gt 2 || $minor -ge 21 ]]; then
    name+=.$patch
  fi
  if [[ ${2-} == mod ]]; then
    __gosw_want=min:$name
  else
    __gosw_want=exact:$name
  fi
  return 0
}

# A decimal number as Go writes them: 1 to 9 digits, no leading zero.
__gosw_num() {
  emulate -L zsh
  [[ -n $1 && ${#1} -le 9 && $1 != *[^0-9]* && ($1 == 0 || $1 != 0*) ]]
}

# Parses one version file ($1 path, $2 kind). Returns 0 with __gosw_want set, 1 when the file does
# not name a Go version (it does not count), 2 when its content is invalid (__gosw_bad holds it).
# Bounds, the same in src/versions/files.ts: the first 16 KiB, its first 256 non-empty lines, and
# lines over 1024 bytes skipped, so a hostile file costs a prompt no more than a normal one.
__gosw_parse_file() {
  emulate -L zsh
  typeset -g __gosw_bad=
  __gosw_slurp "$1" || return 1
  if ! __gosw_ascii "$__gosw_buf"; then
    __gosw_parse_bytes "$@"
    return
  fi
  # Same file, same content as one of the last two reads: same answer. Most prompts are in the
  # directory of the last one, or back in the one before (switching between two projects).
  if [[ "$1|$2" == "$__gosw_pc_key" && $__gosw_buf == "$__gosw_pc_buf" ]]; then
    __gosw_want=$__gosw_pc_want __gosw_bad=$__gosw_pc_bad
    return $__gosw_pc_rc
  fi
  if [[ "$1|$2" == "$__gosw_pd_key" && $__gosw_buf == "$__gosw_pd_buf" ]]; then
    __gosw_want=$__gosw_pd_want __gosw_bad=$__gosw_pd_bad
    local rc=$__gosw_pd_rc
  else
    local rc=0
    __gosw_parse_buf "$2" || rc=$?
  fi
  # The older slot takes the previous entry; the newer one this file.
  __gosw_pd_key=$__gosw_pc_key __gosw_pd_buf=$__gosw_pc_buf __gosw_pd_want=$__gosw_pc_want __gosw_pd_bad=$__gosw_pc_bad __gosw_pd_rc=$__gosw_pc_rc
  __gosw_pc_key="$1|$2" __gosw_pc_buf=$__gosw_buf __gosw_pc_want=$__gosw_want __gosw_pc_bad=$__gosw_bad __gosw_pc_rc=$rc
  return $rc
}

__gosw_parse_bytes() {
  emulate -L zsh
  local LC_ALL=C
  __gosw_slurp "$1" || return 1
  __gosw_parse_buf "$2"
}

# Parses __gosw_buf as a version file of kind $1 (same return codes as __gosw_parse_file).
__gosw_parse_buf() {
  emulate -L zsh
  setopt extendedglob
  typeset -g __gosw_bad=
  local line ver='' tc=''
  local -a lines
  # Empty lines vanish (unquoted), as in bash; same bounds: 256 lines, none over 1024 bytes.
  lines=(${(f)${__gosw_buf//$'\r'/}})
  for line in "${(@)lines[1,256]}"; do
    ((${#line} <= 1024)) || continue
    case $1 in
      go-version)
        line=${line%%\#*}
        line=${line##[[:space:]]#}
        line=${line%%[[:space:]]#}
        [[ -n $line ]] || continue
        __gosw_norm "$line" && return 0
        __gosw_bad=$line
        return 2
        ;;
      tool-versions)
        line=${line%%\#*}
        if [[ $line =~ '^[[:space:]]*(golang|go)([[:space:]]+([^[:space:]]*))?([[:space:]].*)?$' ]]; then
          ver=$match[3]
          __gosw_norm "$ver" && return 0
          __gosw_bad="$match[1] $ver"
          return 2
        fi
        ;;
      mod)
        line=${line%%//*}
        if [[ -z $tc && $line =~ '^[[:space:]]*toolchain[[:space:]]+([^[:space:]]+)[[:space:]]*$' ]]; then
          tc=$match[1]
        elif [[ -z $ver && $line =~ '^[[:space:]]*go[[:space:]]+([^[:space:]]+)[[:space:]]*$' ]]; then
          ver=$match[1]
        fi
        ;;
    esac
  done
  [[ $1 == mod ]] || return 1
  # go.dev/ref/mod#go-mod-file-toolchain: "toolchain default" means no toolchain preference.
  if [[ -n $tc && $tc != default ]]; then
    tc=${tc%%-*}
    [[ $tc == go* ]] && __gosw_norm "$tc" && [[ $__gosw_want == exact:* || $__gosw_want == line:* ]] && return 0
    __gosw_bad="toolchain $tc"
    return 2
  fi
  [[ -n $ver ]] || return 1
  # go.dev/ref/mod#go-mod-file-go: the go line is a minimum version (1.22 = the 1.22 line).
  __gosw_norm "$ver" mod && [[ $__gosw_want != latest && $__gosw_want != system ]] && return 0
  __gosw_bad="go $ver"
  return 2
}

# A path or text made safe for the terminal: C0/C1 control characters (escape sequences,
# newlines) become '?'.
__gosw_safe() {
  emulate -L zsh
  # Bytes, so the C1 range below matches in a single-byte locale too.
  setopt nomultibyte
  typeset -g __gosw_shown
  __gosw_shown=${1//[[:cntrl:]]/?}
  __gosw_shown=${__gosw_shown//$'\xc2'[$'\x80'-$'\x9f']/?}
}

# One warning per (file, content) per shell, with control characters made visible.
__gosw_warn_once() {
  emulate -L zsh
  local key="$1|$2"
  [[ $__gosw_warned == *"<$key>"* ]] && return 0
  __gosw_warned+="<$key>"
  local shown=${2[1,60]}
  shown=${shown//[^[:print:]]/?}
  __gosw_safe "$1"
  print -ru2 -- "gosw: ignoring $__gosw_shown: ${(q)shown} is not a Go version"
}

# Finds the wanted version: GOSW_VERSION, then the nearest version file up from $PWD, then the
# global default. Sets __gosw_want and __gosw_from (where it came from); returns 1 if none.
__gosw_find() {
  emulate -L zsh
  typeset -g __gosw_from='' __gosw_stop=''
  typeset -ga __gosw_seen=()
  if [[ -n ${GOSW_VERSION-} ]]; then
    __gosw_from=GOSW_VERSION
    __gosw_norm "$GOSW_VERSION" && return 0
    __gosw_warn_once GOSW_VERSION "$GOSW_VERSION"
  fi
  # dir is the path without its trailing slash: "" is the root, so "$dir/go.mod" is always right.
  local dir=${PWD%/} f kind rc
  [[ $PWD == /* ]] || dir=''
  while :; do
    # One test for the four names: most directories have none of them.
    if [[ -f $dir/.go-version || -f $dir/.tool-versions || -f $dir/go.work || -f $dir/go.mod ]]; then
      for kind in go-version tool-versions work mod; do
        case $kind in
          go-version) f=$dir/.go-version ;;
          tool-versions) f=$dir/.tool-versions ;;
          work) f=$dir/go.work ;;
          mod) f=$dir/go.mod ;;
        esac
        [[ -f $f ]] || continue
        __gosw_seen+=("$f")
        if [[ $kind == work ]]; then __gosw_parse_file "$f" mod; else __gosw_parse_file "$f" "$kind"; fi
        rc=$?
        if ((rc == 0)); then
          __gosw_from=$f __gosw_stop=$dir
          return 0
        fi
        ((rc == 2)) && __gosw_warn_once "$f" "$__gosw_bad"
      done
    fi
    [[ -n $dir ]] || break
    dir=${dir%/*}
  done
  __gosw_store
  [[ ! -f $__gosw_s/version ]] || __gosw_seen+=("$__gosw_s/version")
  if __gosw_parse_file "$__gosw_s/version" go-version; then
    __gosw_from=$__gosw_s/version
    return 0
  fi
  return 1
}

# Maps __gosw_want to an installed release through the store's alias symlinks; the release name
# comes from the GOROOT's VERSION file, read through the link (no readlink program).
# Sets __gosw_name (wanted release, maybe not installed) and returns 0 only if it is installed.
__gosw_installed() {
  emulate -L zsh
  __gosw_store
  local v=$__gosw_s/versions want=$__gosw_want alias='' min='' first=''
  typeset -g __gosw_name=
  case $want in
    exact:*) __gosw_name=${want#exact:} ;;
    line:*) alias=${want#line:} ;;
    latest) alias=latest ;;
    min:*)
      min=${want#min:}
      alias=${min#go1.}
      alias=1.${alias%%[^0-9]*}
      ;;
  esac
  if [[ -n $alias ]]; then
    if [[ -f $v/$alias/bin/go && -f $v/$alias/VERSION ]]; then
      IFS= read -r first <"$v/$alias/VERSION"
      # Only used as a directory name under versions/, whose bin/go must exist: a light check will do.
      [[ $first == go1.* && $first != *[^a-z0-9.]* && $first != *..* ]] && __gosw_name=$first
    fi
    if [[ -n $min ]]; then
      if [[ -z $__gosw_name ]] || ! __gosw_at_least "$__gosw_name" "$min"; then
        __gosw_name=$min
      fi
    elif [[ -z $__gosw_name ]]; then
      __gosw_name=$alias
      return 1
    fi
  fi
  [[ -f $v/$__gosw_name/bin/go ]]
}

# Is stable release $1 (go1.22.5, go1.20) at least the minimum $2 (go1.22.3, go1.20, go1.21rc1)?
# Both are on the same line, and a stable release is newer than any prerelease of its line.
__gosw_at_least() {
  emulate -L zsh
  local hp=0 np=0
  local h=${1#go1.} n=${2#go1.}
  [[ $h == *.* ]] && hp=${h#*.}
  [[ $n == *.* ]] && np=${n#*.}
  __gosw_num "$hp" && __gosw_num "$np" || return 1
  ((10#$hp >= 10#$np))
}

# Puts $1 (a GOROOT) in charge, remembering what the shell had so leaving restores it exactly.
# GOCACHE too, when gocache.sh decided to replace the user's (__gosw_gc; "" = keep it): set while
# a version is active, the user's value back when leaving.
__gosw_activate() {
  emulate -L zsh
  local root=$1 p=${PATH:+:$PATH}
  if [[ -z ${_GOSW_PATH_ENTRY-} ]]; then
    export _GOSW_ORIG_GOROOT=${GOROOT-} _GOSW_ORIG_GOROOT_SET=${GOROOT+1}
    export _GOSW_ORIG_GOTOOLCHAIN=${GOTOOLCHAIN-} _GOSW_ORIG_GOTOOLCHAIN_SET=${GOTOOLCHAIN+1}
    [[ -n ${_GOSW_SET_GOCACHE-} ]] || export _GOSW_ORIG_GOCACHE=${GOCACHE-} _GOSW_ORIG_GOCACHE_SET=${GOCACHE+1}
  else
    # __gosw_path_remove, inline: a switch runs this on the prompt.
    p=${p}:
    p=${p/":$_GOSW_PATH_ENTRY:"/:}
    p=${p%:}
  fi
  # p is the rest of PATH with a leading colon, or empty.
  export GOROOT=$root PATH=$root/bin$p _GOSW_PATH_ENTRY=$root/bin
  if [[ ${GOSW_GOTOOLCHAIN-} != keep && (${GOTOOLCHAIN-} != local || -z ${_GOSW_SET_GOTOOLCHAIN-}) ]]; then
    export GOTOOLCHAIN=local _GOSW_SET_GOTOOLCHAIN=1
  fi
  if [[ -n ${__gosw_gc-} && ${GOCACHE-} != "$__gosw_gc" ]]; then
    export GOCACHE=$__gosw_gc _GOSW_SET_GOCACHE=1
    # Replacing a value the user set is said once per shell (gocache.sh wrote the line).
    if [[ -n $__gosw_gc_note && $__gosw_warned != *"<gocache>"* ]]; then
      __gosw_warned+="<gocache>"
      print -ru2 -- "$__gosw_gc_note"
    fi
  fi
}

# Leaves: takes gosw's entry off PATH and restores GOROOT and GOTOOLCHAIN as they were.
__gosw_deactivate() {
  emulate -L zsh
  [[ -n ${_GOSW_PATH_ENTRY-} ]] || return 0
  __gosw_path_remove "$_GOSW_PATH_ENTRY"
  if [[ -n ${_GOSW_ORIG_GOROOT_SET-} ]]; then export GOROOT=$_GOSW_ORIG_GOROOT; else unset GOROOT; fi
  # Restore GOTOOLCHAIN if we set it, even if GOSW_GOTOOLCHAIN=keep came later.
  if [[ -n ${_GOSW_SET_GOTOOLCHAIN-} ]]; then
    if [[ -n ${_GOSW_ORIG_GOTOOLCHAIN_SET-} ]]; then export GOTOOLCHAIN=$_GOSW_ORIG_GOTOOLCHAIN; else unset GOTOOLCHAIN; fi
  fi
  if [[ -n ${_GOSW_SET_GOCACHE-} ]]; then
    if [[ -n ${_GOSW_ORIG_GOCACHE_SET-} ]]; then export GOCACHE=$_GOSW_ORIG_GOCACHE; else unset GOCACHE; fi
  fi
  unset _GOSW_SET_GOTOOLCHAIN _GOSW_PATH_ENTRY _GOSW_ORIG_GOROOT _GOSW_ORIG_GOROOT_SET _GOSW_ORIG_GOTOOLCHAIN _GOSW_ORIG_GOTOOLCHAIN_SET GOSW_CURRENT
  unset _GOSW_SET_GOCACHE _GOSW_ORIG_GOCACHE _GOSW_ORIG_GOCACHE_SET
}

# Removes the first occurrence of $1 from PATH, keeping everything else in order.
__gosw_path_remove() {
  emulate -L zsh
  local p=":$PATH:"
  p=${p/":$1:"/:}
  p=${p#:}
  PATH=${p%:}
}

# The prompt hook (bash: first in PROMPT_COMMAND; zsh: precmd and chpwd).
_gosw_hook() {
  local ret=$?
  # (The status is passed on, also under ERR_EXIT: a function that runs under `emulate -L zsh`
  # does not make zsh exit by returning non-zero; test/e2e/shell-strict.test.ts holds it.)
  emulate -L zsh
  __gosw_store
  # The memo (memo.sh): the answer for this directory or the one before, if nothing it depends on
  # has changed; else the full walk. Whether the release's bin/go is there is tested directly:
  # versions/ only changes when a whole release comes or goes.
  if [[ -n $__gosw_z && -z ${GOSW_VERSION-} && $__gosw_m0_gen == "$__gosw_zg" && $PWD == "$__gosw_m0_pwd" && $__gosw_s == "$__gosw_m0_s" ]] &&
    __gosw_memo_fresh0 &&
    [[ $__gosw_m0_out != on || -f $__gosw_s/versions/$__gosw_m0_name/bin/go ]] && [[ $__gosw_m0_out != missing || ! -f $__gosw_s/versions/$__gosw_m0_name/bin/go ]]; then
    __gosw_out=$__gosw_m0_out __gosw_want=$__gosw_m0_want __gosw_from=$__gosw_m0_from __gosw_name=$__gosw_m0_name
  elif [[ -n $__gosw_z && -z ${GOSW_VERSION-} && $__gosw_m1_gen == "$__gosw_zg" && $PWD == "$__gosw_m1_pwd" && $__gosw_s == "$__gosw_m1_s" ]] &&
    __gosw_memo_fresh1 &&
    [[ $__gosw_m1_out != on || -f $__gosw_s/versions/$__gosw_m1_name/bin/go ]] && [[ $__gosw_m1_out != missing || ! -f $__gosw_s/versions/$__gosw_m1_name/bin/go ]]; then
    __gosw_out=$__gosw_m1_out __gosw_want=$__gosw_m1_want __gosw_from=$__gosw_m1_from __gosw_name=$__gosw_m1_name
  elif [[ -n $__gosw_z && -z ${GOSW_VERSION-} && ($PWD == "$__gosw_pn_pwd" || $PWD == "$__gosw_po_pwd") ]] &&
    __gosw_memo_pending && __gosw_memo_save; then
    # The answer the last prompt here found by walking, now checked and kept (memo.sh).
    __gosw_out=$__gosw_m0_out __gosw_want=$__gosw_m0_want __gosw_from=$__gosw_m0_from __gosw_name=$__gosw_m0_name
  else
    __gosw_resolve
  fi
  case $__gosw_out in
    on)
      if [[ ${GOSW_CURRENT-} != "$__gosw_name" || ${GOROOT-} != "$__gosw_s/versions/$__gosw_name" || ${_GOSW_PATH_ENTRY-} != "$GOROOT/bin" ]]; then
        __gosw_activate "$__gosw_s/versions/$__gosw_name"
        export GOSW_CURRENT=$__gosw_name
      fi
      ;;
    missing) __gosw_missing ;;
    *) __gosw_deactivate ;;
  esac
  return $ret
}

# Are the paths memo slot 0's answer depends on all still older than the stamp (memo.sh)?
# Unrolled, indexing the array: a loop, or passing them as arguments, costs more than the tests.
# A short list leaves slots empty: `${a[3]:-$a[1]}` then tests the first path again (zsh's
# `[[ $z -nt "" ]]` is false); the hook's `emulate -L zsh` keeps NO_UNSET off.
__gosw_memo_fresh0() {
  local z=$__gosw_z
  if ((${#__gosw_m0_chk[@]} <= 8)); then
    [[ $z -nt ${__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[2]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[3]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[4]:-$__gosw_m0_chk[1]} &&
      $z -nt ${__gosw_m0_chk[5]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[6]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[7]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[8]:-$__gosw_m0_chk[1]} ]]
    return
  fi
  [[ $z -nt ${__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[2]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[3]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[4]:-$__gosw_m0_chk[1]} &&
      $z -nt ${__gosw_m0_chk[5]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[6]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[7]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[8]:-$__gosw_m0_chk[1]} &&
      $z -nt ${__gosw_m0_chk[9]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[10]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[11]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[12]:-$__gosw_m0_chk[1]} &&
      $z -nt ${__gosw_m0_chk[13]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[14]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[15]:-$__gosw_m0_chk[1]} && $z -nt ${__gosw_m0_chk[16]:-$__gosw_m0_chk[1]} ]] || return 1
  ((${#__gosw_m0_chk[@]} <= 16)) || __gosw_memo_fresh "$z" "${__gosw_m0_chk[@]:16}"
}

# Are the paths memo slot 1's answer depends on all still older than the stamp (memo.sh)?
# Unrolled, indexing the array: a loop, or passing them as arguments, costs more than the tests.
# A short list leaves slots empty: `${a[3]:-$a[1]}` then tests the first path again (zsh's
# `[[ $z -nt "" ]]` is false); the hook's `emulate -L zsh` keeps NO_UNSET off.
__gosw_memo_fresh1() {
  local z=$__gosw_z
  if ((${#__gosw_m1_chk[@]} <= 8)); then
    [[ $z -nt ${__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[2]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[3]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[4]:-$__gosw_m1_chk[1]} &&
      $z -nt ${__gosw_m1_chk[5]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[6]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[7]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[8]:-$__gosw_m1_chk[1]} ]]
    return
  fi
  [[ $z -nt ${__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[2]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[3]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[4]:-$__gosw_m1_chk[1]} &&
      $z -nt ${__gosw_m1_chk[5]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[6]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[7]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[8]:-$__gosw_m1_chk[1]} &&
      $z -nt ${__gosw_m1_chk[9]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[10]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[11]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[12]:-$__gosw_m1_chk[1]} &&
      $z -nt ${__gosw_m1_chk[13]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[14]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[15]:-$__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[16]:-$__gosw_m1_chk[1]} ]] || return 1
  ((${#__gosw_m1_chk[@]} <= 16)) || __gosw_memo_fresh "$z" "${__gosw_m1_chk[@]:16}"
}

# The full resolve: walk, store lookup; the outcome goes to __gosw_out (on, missing or off) and,
# when the memo is on, to its pending entry (memo.sh: checked and kept at the next prompt here).
__gosw_resolve() {
  emulate -L zsh
  if __gosw_find; then
    if [[ $__gosw_want == system ]]; then
      typeset -g __gosw_out=off
    elif __gosw_installed; then
      typeset -g __gosw_out=on
    else
      typeset -g __gosw_out=missing
    fi
  else
    typeset -g __gosw_out=off __gosw_want='' __gosw_name=''
  fi
  [[ -z $__gosw_z ]] || __gosw_memo_note
}

# Wanted but not installed: say so once per (source, version), or install it when asked to.
__gosw_missing() {
  emulate -L zsh
  local key="$__gosw_from|$__gosw_name"
  if [[ ${GOSW_AUTO_INSTALL-} == 1 && $__gosw_tried != *"<$key>"* ]]; then
    __gosw_tried+="<$key>"
    local spec=${__gosw_want#*:}
    [[ $__gosw_want == latest ]] && spec=latest
    if "$__gosw_bin" install "$spec" >&2 && __gosw_installed; then
      __gosw_activate "$__gosw_s/versions/$__gosw_name"
      export GOSW_CURRENT=$__gosw_name
      return 0
    fi
  fi
  __gosw_deactivate
  [[ $__gosw_told == *"<$key>"* ]] && return 0
  __gosw_told+="<$key>"
  local from=$__gosw_from
  [[ $from == "$HOME"/* ]] && from="~${from#"$HOME"}"
  __gosw_safe "$from"
  print -ru2 -- "gosw: $__gosw_name (from $__gosw_shown) is not installed; run: gosw install"
}

# `gosw shell` changes this shell's GOSW_VERSION, which only a function can do.
gosw() {
  emulate -L zsh
  if [[ ${1-} == shell ]]; then
    shift
    local out
    out=$("$__gosw_bin" shell --print "$@") || return
    if [[ -z $out ]]; then unset GOSW_VERSION; else export GOSW_VERSION=$out; fi
    _gosw_hook
    return 0
  fi
  "$__gosw_bin" "$@"
}

typeset -g __gosw_pc_key='' __gosw_pc_buf='' __gosw_pc_want='' __gosw_pc_bad='' __gosw_pc_rc=1
typeset -g __gosw_pd_key='' __gosw_pd_buf='' __gosw_pd_want='' __gosw_pd_bad='' __gosw_pd_rc=1
typeset -g __gosw_warned=${__gosw_warned-} __gosw_told=${__gosw_told-} __gosw_tried=${__gosw_tried-}

# For `gosw doctor`: which shell loaded the hook, and how many times (a second eval is harmless,
# but says the rc files run it twice).
if [[ ${GOSW_HOOK_PID-} == "$$" ]]; then
  GOSW_HOOK_LOADS=$((${GOSW_HOOK_LOADS:-1} + 1))
else
  GOSW_HOOK_PID=$$
  GOSW_HOOK_LOADS=1
fi
export GOSW_HOOK_PID GOSW_HOOK_LOADS

autoload -Uz add-zsh-hook
# Neither line adds _gosw_hook twice, so a second eval of this file changes nothing.
# precmd: first, so the user's own precmd functions see the switched environment (as in bash).
__gosw_register() {
  emulate -L zsh
  typeset -ga precmd_functions
  precmd_functions=(_gosw_hook ${precmd_functions:#_gosw_hook})
  add-zsh-hook chpwd _gosw_hook
}
__gosw_register

# Completion at no cost to the shell start: install.sh writes _gosw into gosw-cli/zsh (next to the
# init scripts, ${XDG_DATA_HOME:-~/.local/share}/gosw-cli), and zsh reads it only at the first TAB
# after `gosw`. Put on fpath here, the directory is found by a compinit that runs after this init;
# if compinit ran before it, compdef registers _gosw for autoloading now. Either order works, and a
# missing directory (gosw uninstalled, or installed without install.sh) changes nothing.
__gosw_completion() {
  emulate -L zsh
  local d=${HOME-}/.local/share/gosw-cli/zsh
  [[ ${XDG_DATA_HOME-} != /* ]] || d=$XDG_DATA_HOME/gosw-cli/zsh
  [[ -f $d/_gosw && -r $d/_gosw ]] || return 0
  ((${fpath[(Ie)$d]})) || fpath=("$d" "${fpath[@]}")
  if (($+functions[compdef])); then
    autoload -Uz _gosw
    compdef _gosw gosw
  fi
}
__gosw_completion
