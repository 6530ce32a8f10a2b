# shellcheck shell=bash
# Generated from shell/hook.sh.in by scripts/render-hooks.mjs: do not edit; edit the template and
# run `node scripts/render-hooks.mjs` (the build and the tests do too).
# gosw shell integration for bash, printed by `gosw env --shell bash`.
#
# The prompt hook below resolves the wanted Go version in pure bash: it never forks (no $(...), no
# external command), because it runs before every prompt. The rules are the ones of
# src/versions/files.ts and src/resolve/current.ts (gosw current); test/e2e/conformance checks that
# both give the same answers. Files from the directories walked are untrusted: they are read with
# `read` (bounded), matched against strict patterns, and never evaluated.

__gosw_bin=@GOSW_BIN@

# The store, as src/store/dirs.ts computes it, without running anything. A relative GOSW_HOME or
# XDG_DATA_HOME is ignored (the XDG Base Directory spec: relative paths are invalid): it would put
# a GOROOT relative to $PWD on PATH, so `cd` into a repository would run that repository's `go`.
__gosw_store() {
  if [[ ${GOSW_HOME-} == /* ]]; then
    __gosw_s=$GOSW_HOME
    return 0
  fi
  [[ -z ${GOSW_HOME-} ]] || __gosw_relative GOSW_HOME "$GOSW_HOME"
  if [[ ${OSTYPE-} == darwin* ]]; then
    __gosw_s="${HOME-}/Library/Application Support/gosw"
  elif [[ ${XDG_DATA_HOME-} == /* ]]; then
    __gosw_s=$XDG_DATA_HOME/gosw
  else
    [[ -z ${XDG_DATA_HOME-} ]] || __gosw_relative XDG_DATA_HOME "$XDG_DATA_HOME"
    __gosw_s=${HOME-}/.local/share/gosw
  fi
}

# One notice per (variable, value) per shell that a relative root is ignored (also used by memo.sh).
__gosw_relative() {
  [[ $__gosw_warned != *"<rel:$1=$2>"* ]] || return 0
  __gosw_warned+="<rel:$1=$2>"
  __gosw_safe "$2"
  printf 'gosw: ignoring %s=%s: not an absolute path\n' "$1" "$__gosw_shown" >&2
}

# Reads at most 16 KiB of a version file into __gosw_buf. Only a regular, non-empty file (after
# links): a FIFO or a device would block the prompt, and so would /proc/kmsg, which is "regular"
# but empty as every procfs file is. Never a file under /proc, /sys or /dev, nor a link to one
# (__gosw_pseudo).
__gosw_slurp() {
  __gosw_buf=
  [[ -f $1 && -s $1 && -r $1 && $1 != /proc/* && $1 != /sys/* && $1 != /dev/* ]] || return 1
  if [[ -L $1 ]] && __gosw_pseudo "$1"; then return 1; fi
  IFS= read -r -d '' -n 16384 __gosw_buf <"$1"
  __gosw_buf=${__gosw_buf#$'\xef\xbb\xbf'}
  return 0
}

# Is the file a link $1 resolves to under /proc, /sys or /dev? bash cannot read a link without a
# program (readlink would fork), but the kernel says which mount an open file is on: its mnt_id in
# /proc/self/fdinfo, whose mount point /proc/self/mountinfo gives. Opening does not block (-f
# said it is no FIFO). No /proc (macOS): nothing to check, and devfs holds no regular files.
__gosw_pseudo() {
  local line id='' l
  [[ -d /proc/self/fdinfo ]] || return 1
  { mapfile -t __gosw_lines </proc/self/fdinfo/9; } 9<"$1" 2>/dev/null || return 0
  for line in "${__gosw_lines[@]}"; do
    [[ $line == mnt_id:* ]] && { id=${line#mnt_id:}; id=${id//[[:space:]]/}; break; }
  done
  [[ -n $id ]] || return 0
  mapfile -t __gosw_lines </proc/self/mountinfo
  for l in "${__gosw_lines[@]}"; do
    if [[ $l == "$id "* ]]; then
      # Fields: id parent major:minor root mountpoint ... (a space in it is written \040).
      l=${l#* * * * }
      l=${l%% *}
      [[ $l == /proc || $l == /proc/* || $l == /sys || $l == /sys/* || $l == /dev || $l == /dev/* ]]
      return
    fi
  done
  return 0
}

# The lines of file $1 into the array __gosw_lines, read in blocks (shell/mounts.sh).
__gosw_read_lines() {
  __gosw_lines=()
  mapfile -t __gosw_lines <"$1"
}

# Plain printable ASCII (and whitespace) reads the same in every locale; anything else is parsed
# again byte by byte under LC_ALL=C, as src/versions/files.ts does (latin1). Setting the locale
# costs ~40 µs, so only files that need it pay for it.
__gosw_ascii() {
  [[ $1 != *[!\ -~$'\t\n\r\v\f']* ]]
}

# Turns a version as written in a file into a request in __gosw_want:
#   exact:go1.22.5  line:1.22  min:go1.22.3  latest  system
# Mirrors parseRequest (src/versions/request.ts): two numbers are a line, `go1.20` (prefix, minor < 21)
# is the exact release, 1.19.0 is go1.19 (go.dev names releases before 1.21 without .0).
# $2 = "mod" reads a go.mod `go` line, where three numbers are a minimum, not an exact pin.
__gosw_norm() {
  local v=$1 prefix='' minor rest patch='' dot='' pre='' kind num
  __gosw_want=
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
  minor=${rest%%[!0-9]*}
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
  local name=go1.$minor
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
  [[ -n $1 && ${#1} -le 9 && $1 != *[!0-9]* && ($1 == 0 || $1 != 0*) ]]
}

# Parses one version file ($1 path, $2 kind). Returns 0 with __gosw_want set, 1 when the file does
# not name a Go version (it does not count), 2 when its content is invalid (__gosw_bad holds it).
# Bounds, the same in src/versions/files.ts: the first 16 KiB, its first 256 non-empty lines, and
# lines over 1024 bytes skipped, so a hostile file costs a prompt no more than a normal one.
__gosw_parse_file() {
  __gosw_bad=
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
  local LC_ALL=C
  __gosw_slurp "$1" || return 1
  __gosw_parse_buf "$2"
}

# Parses __gosw_buf as a version file of kind $1 (same return codes as __gosw_parse_file).
__gosw_parse_buf() {
  __gosw_bad=
  local line ver='' tc='' noglob=1 IFS=$'\n'
  local -a lines=()
  # One linear split on newlines (empty lines vanish; no parser needs them), with globbing off so
  # a `*` in the file stays a `*`.
  [[ $- == *f* ]] || { noglob=''; set -f; }
  # shellcheck disable=SC2206 # the split is the point
  lines=(${__gosw_buf//$'\r'/})
  [[ -n $noglob ]] || set +f
  ((${#lines[@]})) || lines=('')
  for line in "${lines[@]:0:256}"; do
    ((${#line} <= 1024)) || continue
    case $1 in
      go-version)
        line=${line%%#*}
        line=${line#"${line%%[![:space:]]*}"}
        line=${line%"${line##*[![:space:]]}"}
        [[ -n $line ]] || continue
        __gosw_norm "$line" && return 0
        __gosw_bad=$line
        return 2
        ;;
      tool-versions)
        line=${line%%#*}
        if [[ $line =~ ^[[:space:]]*(golang|go)([[:space:]]+([^[:space:]]*))?([[:space:]].*)?$ ]]; then
          ver=${BASH_REMATCH[3]}
          __gosw_norm "$ver" && return 0
          __gosw_bad="${BASH_REMATCH[1]} $ver"
          return 2
        fi
        ;;
      mod)
        line=${line%%//*}
        if [[ -z $tc && $line =~ ^[[:space:]]*toolchain[[:space:]]+([^[:space:]]+)[[:space:]]*$ ]]; then
          tc=${BASH_REMATCH[1]}
        elif [[ -z $ver && $line =~ ^[[:space:]]*go[[:space:]]+([^[:space:]]+)[[:space:]]*$ ]]; then
          ver=${BASH_REMATCH[1]}
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
  __gosw_shown=${1//[[:cntrl:]]/?}
  __gosw_shown=${__gosw_shown//$'\xc2'[$'\x80'-$'\x9f']/?}
}

# One warning per (file, content) per shell, with control characters made visible.
__gosw_warn_once() {
  local key="$1|$2"
  [[ $__gosw_warned == *"<$key>"* ]] && return 0
  __gosw_warned+="<$key>"
  local shown=${2:0:60}
  shown=${shown//[^[:print:]]/?}
  __gosw_safe "$1"
  printf 'gosw: ignoring %s: %q is not a Go version\n' "$__gosw_shown" "$shown" >&2
}

# Finds the wanted version: GOSW_VERSION, then the nearest version file up from $PWD, then the
# global default. Sets __gosw_want and __gosw_from (where it came from); returns 1 if none.
__gosw_find() {
  __gosw_from='' __gosw_stop='' __gosw_seen=()
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
  __gosw_store
  local v=$__gosw_s/versions want=$__gosw_want alias='' min='' first
  __gosw_name=
  case $want in
    exact:*) __gosw_name=${want#exact:} ;;
    line:*) alias=${want#line:} ;;
    latest) alias=latest ;;
    min:*)
      min=${want#min:}
      alias=${min#go1.}
      alias=1.${alias%%[!0-9]*}
      ;;
  esac
  if [[ -n $alias ]]; then
    if [[ -f $v/$alias/bin/go && -f $v/$alias/VERSION ]]; then
      IFS= read -r first <"$v/$alias/VERSION" || [[ -n $first ]]
      # Only used as a directory name under versions/, whose bin/go must exist: a light check will do.
      [[ $first == go1.* && $first != *[!a-z0-9.]* && $first != *..* ]] && __gosw_name=$first
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
      printf '%s\n' "$__gosw_gc_note" >&2
    fi
  fi
}

# Leaves: takes gosw's entry off PATH and restores GOROOT and GOTOOLCHAIN as they were.
__gosw_deactivate() {
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
  local p=":$PATH:"
  p=${p/":$1:"/:}
  p=${p#:}
  PATH=${p%:}
}

# The prompt hook (bash: first in PROMPT_COMMAND; zsh: precmd and chpwd).
_gosw_hook() {
  local ret=$? nocase=''
  # The user's nocasematch would make `LATEST` or `GO 1.22` match: patterns here are exact.
  if shopt -q nocasematch; then
    nocase=1
    shopt -u nocasematch
  fi
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
  [[ -z $nocase ]] || shopt -s nocasematch
  # The status the user's command left, for the PROMPT_COMMAND entries after this one; but under
  # `set -e` a function returning non-zero from PROMPT_COMMAND exits the shell (after `false && x`,
  # which set -e itself forgives), so there it is 0.
  [[ $- != *e* ]] || ret=0
  return $ret
}

# Are the paths memo slot 0's answer depends on all still older than the stamp (memo.sh)?
# Unrolled, indexing the array: a loop, or passing them as arguments, costs more than the tests.
# A short list leaves slots empty: `${a[3]-}` is then "" (no `set -u` error), and bash's
# `[[ $z -nt "" ]]` is true (the stamp exists, "" does not).
__gosw_memo_fresh0() {
  local z=$__gosw_z
  if ((${#__gosw_m0_chk[@]} <= 8)); then
    [[ $z -nt ${__gosw_m0_chk[0]} && $z -nt ${__gosw_m0_chk[1]-} && $z -nt ${__gosw_m0_chk[2]-} && $z -nt ${__gosw_m0_chk[3]-} &&
      $z -nt ${__gosw_m0_chk[4]-} && $z -nt ${__gosw_m0_chk[5]-} && $z -nt ${__gosw_m0_chk[6]-} && $z -nt ${__gosw_m0_chk[7]-} ]]
    return
  fi
  [[ $z -nt ${__gosw_m0_chk[0]} && $z -nt ${__gosw_m0_chk[1]-} && $z -nt ${__gosw_m0_chk[2]-} && $z -nt ${__gosw_m0_chk[3]-} &&
      $z -nt ${__gosw_m0_chk[4]-} && $z -nt ${__gosw_m0_chk[5]-} && $z -nt ${__gosw_m0_chk[6]-} && $z -nt ${__gosw_m0_chk[7]-} &&
      $z -nt ${__gosw_m0_chk[8]-} && $z -nt ${__gosw_m0_chk[9]-} && $z -nt ${__gosw_m0_chk[10]-} && $z -nt ${__gosw_m0_chk[11]-} &&
      $z -nt ${__gosw_m0_chk[12]-} && $z -nt ${__gosw_m0_chk[13]-} && $z -nt ${__gosw_m0_chk[14]-} && $z -nt ${__gosw_m0_chk[15]-} ]] || return 1
  ((${#__gosw_m0_chk[@]} <= 16)) || __gosw_memo_fresh "$z" "${__gosw_m0_chk[@]:16}"
}

# Are the paths memo slot 1's answer depends on all still older than the stamp (memo.sh)?
# Unrolled, indexing the array: a loop, or passing them as arguments, costs more than the tests.
# A short list leaves slots empty: `${a[3]-}` is then "" (no `set -u` error), and bash's
# `[[ $z -nt "" ]]` is true (the stamp exists, "" does not).
__gosw_memo_fresh1() {
  local z=$__gosw_z
  if ((${#__gosw_m1_chk[@]} <= 8)); then
    [[ $z -nt ${__gosw_m1_chk[0]} && $z -nt ${__gosw_m1_chk[1]-} && $z -nt ${__gosw_m1_chk[2]-} && $z -nt ${__gosw_m1_chk[3]-} &&
      $z -nt ${__gosw_m1_chk[4]-} && $z -nt ${__gosw_m1_chk[5]-} && $z -nt ${__gosw_m1_chk[6]-} && $z -nt ${__gosw_m1_chk[7]-} ]]
    return
  fi
  [[ $z -nt ${__gosw_m1_chk[0]} && $z -nt ${__gosw_m1_chk[1]-} && $z -nt ${__gosw_m1_chk[2]-} && $z -nt ${__gosw_m1_chk[3]-} &&
      $z -nt ${__gosw_m1_chk[4]-} && $z -nt ${__gosw_m1_chk[5]-} && $z -nt ${__gosw_m1_chk[6]-} && $z -nt ${__gosw_m1_chk[7]-} &&
      $z -nt ${__gosw_m1_chk[8]-} && $z -nt ${__gosw_m1_chk[9]-} && $z -nt ${__gosw_m1_chk[10]-} && $z -nt ${__gosw_m1_chk[11]-} &&
      $z -nt ${__gosw_m1_chk[12]-} && $z -nt ${__gosw_m1_chk[13]-} && $z -nt ${__gosw_m1_chk[14]-} && $z -nt ${__gosw_m1_chk[15]-} ]] || return 1
  ((${#__gosw_m1_chk[@]} <= 16)) || __gosw_memo_fresh "$z" "${__gosw_m1_chk[@]:16}"
}

# The full resolve: walk, store lookup; the outcome goes to __gosw_out (on, missing or off) and,
# when the memo is on, to its pending entry (memo.sh: checked and kept at the next prompt here).
__gosw_resolve() {
  if __gosw_find; then
    if [[ $__gosw_want == system ]]; then
      __gosw_out=off
    elif __gosw_installed; then
      __gosw_out=on
    else
      __gosw_out=missing
    fi
  else
    __gosw_out=off __gosw_want='' __gosw_name=''
  fi
  [[ -z $__gosw_z ]] || __gosw_memo_note
}

# Wanted but not installed: say so once per (source, version), or install it when asked to.
__gosw_missing() {
  local key="$__gosw_from|$__gosw_name"
  if [[ ${GOSW_AUTO_INSTALL-} == 1 && $__gosw_tried != *"<$key>"* ]]; then
    __gosw_tried+="<$key>"
    local spec=${__gosw_want#*:}
    [[ $__gosw_want == latest ]] && spec=latest
    "$__gosw_bin" install "$spec" >&2 && __gosw_installed &&
      { __gosw_activate "$__gosw_s/versions/$__gosw_name"; export GOSW_CURRENT=$__gosw_name; return 0; }
  fi
  __gosw_deactivate
  [[ $__gosw_told == *"<$key>"* ]] && return 0
  __gosw_told+="<$key>"
  local from=$__gosw_from
  [[ $from == "$HOME"/* ]] && from="~${from#"$HOME"}"
  __gosw_safe "$from"
  printf 'gosw: %s (from %s) is not installed; run: gosw install\n' "$__gosw_name" "$__gosw_shown" >&2
}

# `gosw shell` changes this shell's GOSW_VERSION, which only a function can do.
gosw() {
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

__gosw_warned=${__gosw_warned-}
__gosw_pc_key='' __gosw_pc_buf='' __gosw_pc_want='' __gosw_pc_bad='' __gosw_pc_rc=1
__gosw_pd_key='' __gosw_pd_buf='' __gosw_pd_want='' __gosw_pd_bad='' __gosw_pd_rc=1
__gosw_told=${__gosw_told-}
__gosw_tried=${__gosw_tried-}

# For `gosw doctor`: which shell loaded the hook, and how many times (a second eval is harmless,
# but says the rc files run it twice).
if [[ ${GOSW_HOOK_PID-} == "$$" ]]; then
  GOSW_HOOK_LOADS=$((${GOSW_HOOK_LOADS:-1} + 1))
else
  GOSW_HOOK_PID=$$
  GOSW_HOOK_LOADS=1
fi
export GOSW_HOOK_PID GOSW_HOOK_LOADS

# Register once, before the user's own entries so they see the switched environment; a second
# eval of this file changes nothing. bash 5.1+ allows PROMPT_COMMAND to be an array.
if [[ ${PROMPT_COMMAND[*]-} != *_gosw_hook* ]]; then
  if [[ ${BASH_VERSINFO[0]} -gt 4 || (${BASH_VERSINFO[0]} -eq 4 && ${BASH_VERSINFO[1]} -ge 4) ]] && [[ -n ${PROMPT_COMMAND+set} && ${PROMPT_COMMAND@a} == *a* ]]; then
    PROMPT_COMMAND=(_gosw_hook "${PROMPT_COMMAND[@]}")
  else
    # shellcheck disable=SC2128,SC2178 # the string form, on purpose
    PROMPT_COMMAND="_gosw_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
  fi
fi
