# shellcheck shell=bash
# GOCACHE for gosw's shell integration, one file for bash and zsh (`gosw env` prints it after
# gosw.bash or gosw.zsh): it keeps to what both shells read alike, and zsh runs each function
# under `emulate -L zsh` so the user's options cannot change its meaning.

# GOCACHE belongs to the distro, not to a Go version: decided once for this shell, in the shell, so
# it follows this shell's environment (XDG_CACHE_HOME, WSL_DISTRO_NAME, GOSW_GOCACHE, GOCACHE).
# The rule (GOSW_GOCACHE=scoped, the default): a GOCACHE the user set is kept when it is an
# absolute path on a native filesystem; gosw's per-distro cache replaces only an unset (or empty)
# GOCACHE, which Go would put in ~/.cache/go-build whatever the distro, or an unsafe one. The
# decision goes to __gosw_gc (what the hook exports while a version is active; "" = leave GOCACHE
# alone) and __gosw_gc_note (said once, when a user's value is first replaced); the hook's
# __gosw_activate sets it and __gosw_deactivate restores the user's value exactly, so outside a
# project the shell's GOCACHE is the user's own. The TypeScript twin is src/cache/gocache.ts
# (planGocache); `gosw doctor` also probes filesystems whose type says too little, which would
# need a fork here.

# A directory with mode 0700, made by this shell: zsh's zsh/files module has mkdir as a builtin (a
# module load is a dlopen, no fork); bash has none, so it forks mkdir, once, when the directory is
# missing. -p: also its missing parents (the part above a cache root: ~/.cache, $XDG_CACHE_HOME).
__gosw_mkdir700() {
  if [[ -n ${ZSH_VERSION-} ]] && zmodload -F zsh/files b:zf_mkdir 2>/dev/null; then
    if [[ $1 == -p ]]; then zf_mkdir -p -m 700 -- "$2" 2>/dev/null; else zf_mkdir -m 700 -- "$2" 2>/dev/null; fi
    return
  fi
  if [[ $1 == -p ]]; then command mkdir -p -m 700 -- "$2" 2>/dev/null; else command mkdir -m 700 -- "$2" 2>/dev/null; fi
}

# The permission bits of $1 (not followed if a link), in __gosw_mode, in zsh (zsh/stat's zstat is a
# builtin, loaded without a fork, and only it: the user's `stat` stays the program). Empty in bash,
# which has no builtin way to read a mode; see __gosw_gocache_dirs for what it relies on instead.
__gosw_mode_of() {
  __gosw_mode=
  [[ -n ${ZSH_VERSION-} ]] || return 0
  emulate -L zsh
  local -a m
  zmodload -F zsh/stat b:zstat 2>/dev/null && zstat -L -A m +mode -- "$1" 2>/dev/null && __gosw_mode=$((m[1] & 8#777))
}

# Vets or makes the cache root $1, $1/go-build and $1/go-build/$2, so that nobody else can write in
# them. Each must be a real directory (not a symbolic link) and the user's own; a missing one is made
# by this shell with mode 0700 (mkdir without -p: if another user creates the name first, mkdir
# fails and the name is vetted as theirs). $3=1: a root in a shared place (/var/tmp,
# $XDG_RUNTIME_DIR) is also refused when writable by group or others, and must hold .gosw-0700,
# which gosw writes into each root it makes with mode 0700. The marker is what tells bash, which
# has no builtin to read a mode, that the mode is right: only the owner (or root) can chmod a
# directory, and only someone who could write in it could have planted the marker. zsh reads the
# mode bits too (zstat). Roots under the user's home are the home's business: no mode rule there
# (old gosw versions made them under the user's umask, 0775 with user private groups).
# On refusal: 1, the path in __gosw_bad and the reason in __gosw_why.
__gosw_gocache_dirs() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  local root=$1 d made parent=${1%/*}
  __gosw_bad=$root __gosw_why=
  if [[ ! -d $parent/ ]] && ! __gosw_mkdir700 -p "$parent"; then
    __gosw_bad=$parent __gosw_why='cannot create it'
    return 1
  fi
  for d in "$root" "$root/go-build" "$root/go-build/$2"; do
    __gosw_bad=$d made=
    if [[ ! -e $d && ! -L $d ]] && __gosw_mkdir700 '' "$d"; then
      made=1
    elif [[ -L $d ]]; then
      __gosw_why='it is a symbolic link'
    elif [[ ! -e $d ]]; then
      __gosw_why='cannot create it'
    elif [[ ! -d $d ]]; then
      __gosw_why='it is not a directory'
    elif [[ ! -O $d ]]; then
      __gosw_why='it is owned by another user'
    elif [[ $3 == 1 ]]; then
      __gosw_mode_of "$d"
      [[ -z $__gosw_mode ]] || ((!(__gosw_mode & 8#022))) || __gosw_why='it is writable by group or others'
    fi
    [[ -z $__gosw_why ]] || return 1
    if [[ $3 == 1 && $d == "$root" ]]; then
      if [[ -n $made ]]; then
        : >|"$d/.gosw-0700" 2>/dev/null || { __gosw_why='cannot write in it'; return 1; }
      elif [[ ! -f $d/.gosw-0700 || -L $d/.gosw-0700 || ! -O $d/.gosw-0700 ]]; then
        __gosw_why='gosw did not make it (no .gosw-0700 in it); remove it and gosw makes it anew'
        return 1
      fi
    fi
  done
  return 0
}

__gosw_gocache_init() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  local mode=${GOSW_GOCACHE:-scoped} scope='' id='' ver='' k='' val='' root dir user
  # Bytes, not characters: the scope is sanitised byte by byte, as src/cache/gocache.ts does.
  local LC_ALL=C
  __gosw_gc='' __gosw_gc_note=''
  # The user's GOCACHE: in a shell started from one where gosw had replaced it, the one it replaced.
  if [[ -n ${_GOSW_SET_GOCACHE-} ]]; then user=${_GOSW_ORIG_GOCACHE-}; else user=${GOCACHE-}; fi
  case $mode in
    inherit | off) return 0 ;;
    scoped) ;;
    *) printf 'gosw: GOSW_GOCACHE=%s is not scoped, inherit or off; using scoped\n' "${mode//[^[:print:]]/?}" >&2 ;;
  esac
  if [[ -n ${WSL_DISTRO_NAME-} ]]; then
    scope=$WSL_DISTRO_NAME
  elif [[ ${OSTYPE-} == darwin* ]]; then
    # macOS major from the system's own file: OSTYPE is the build machine's.
    if __gosw_sysfile /System/Library/CoreServices/SystemVersion.plist; then
      while IFS= read -r k || [[ -n $k ]]; do
        if [[ -n $val && $k == *'<string>'[0-9]* ]]; then
          ver=${k#*<string>}
          ver=${ver%%[!0-9]*}
          break
        fi
        [[ $k == *'<key>ProductVersion</key>'* ]] && val=1
      done <"$__gosw_sys"
    fi
    scope=macos${ver:+-$ver}
  else
    if __gosw_sysfile /etc/os-release; then
      while IFS='=' read -r k val || [[ -n $k ]]; do
        val=${val#[\"\']}
        val=${val%[\"\']}
        case $k in
          ID) id=$val ;;
          VERSION_ID) ver=$val ;;
        esac
      done <"$__gosw_sys"
    fi
    # Point releases share a cache: RHEL and its rebuilds are ABI-stable across minors (rocky-9),
    # others keep two components (alpine-3.19, ubuntu-22.04).
    if [[ -n $ver && $ver != *[!0-9.]* ]]; then
      case $id in
        rhel | centos | rocky | almalinux | ol | amzn) ver=${ver%%.*} ;;
        *) [[ $ver == *.*.* ]] && ver=${ver%.*} ;;
      esac
    fi
    [[ -n $id ]] && scope=$id${ver:+-$ver}
  fi
  scope=${scope//[^A-Za-z0-9._-]/_}
  [[ $scope == .* ]] && scope=_${scope#.}
  scope=${scope:0:64}
  scope=${scope:-unknown}
  if [[ -n $user ]]; then
    # Mount points are matched by prefix, so only a clean absolute path can be judged.
    if [[ $user != /* || $user/ == */./* || $user/ == */../* ]]; then
      __gosw_gc_note="gosw: your GOCACHE=${user//[^[:print:]]/?} is not an absolute path without . or ..; gosw uses a per-distro cache instead"
    elif __gosw_fs_unsafe "$user"; then
      __gosw_gc_note="gosw: your GOCACHE=${user//[^[:print:]]/?} is on $__gosw_fs_type (no Unix permissions or hard links); gosw uses a per-distro cache instead"
    else
      return 0
    fi
  fi
  # XDG base directories must be absolute (the XDG spec says to ignore relative ones).
  local cache=${XDG_CACHE_HOME-} run=${XDG_RUNTIME_DIR-} shared
  # (__gosw_relative, in gosw.bash/gosw.zsh: one notice per value and shell, shared with memo.sh.)
  if [[ -n $cache && $cache != /* ]]; then
    __gosw_relative XDG_CACHE_HOME "$cache"
    cache=
  fi
  # $XDG_RUNTIME_DIR beats /var/tmp when it is what the spec promises: the user's own, mode 0700.
  if [[ -n $run ]]; then
    __gosw_mode_of "$run"
    if [[ $run != /* ]]; then
      __gosw_relative XDG_RUNTIME_DIR "$run"
      run=
    elif [[ -L $run || ! -d $run || ! -O $run ]] || { [[ -n $__gosw_mode ]] && ((__gosw_mode != 8#700)); }; then
      printf 'gosw: ignoring XDG_RUNTIME_DIR=%s: not a directory of yours with mode 0700\n' "${run//[^[:print:]]/?}" >&2
      run=
    fi
  fi
  for root in ${cache:+"$cache/gosw"} "$HOME/.cache/gosw" ${run:+"$run/gosw"} "/var/tmp/gosw-${EUID:-0}"; do
    # Mount points are matched by prefix: a path with . or .. segments could hide another mount.
    [[ $root == /* && $root/ != */./* && $root/ != */../* ]] || continue
    dir=$root/go-build/$scope
    if __gosw_fs_unsafe "$dir"; then
      printf 'gosw: not using %s for GOCACHE: it is on %s\n' "$dir" "$__gosw_fs_type" >&2
      continue
    fi
    shared=
    [[ $root == "/var/tmp/gosw-${EUID:-0}" || ( -n $run && $root == "$run/gosw" ) ]] && shared=1
    if ! __gosw_gocache_dirs "$root" "$scope" "$shared"; then
      printf 'gosw: not using %s for GOCACHE: %s\n' "$__gosw_bad" "$__gosw_why" >&2
      continue
    fi
    __gosw_gc=$dir
    return 0
  done
  # Nowhere safe: GOCACHE is left as it is, and nothing was replaced.
  __gosw_gc_note=''
}
__gosw_gocache_init
