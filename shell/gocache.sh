# shellcheck shell=bash
# GOCACHE for gosw's shell integration, one file for bash and zsh (`gosw env` prints it after
# gosw.bash or gosw.zsh): it keeps to what both shells read alike, and zsh runs each function
# under `emulate -L zsh` so the user's options cannot change its meaning.

# GOCACHE belongs to the distro, not to a Go version: set once for this shell, in the shell, so
# it follows this shell's environment (XDG_CACHE_HOME, WSL_DISTRO_NAME, GOSW_GOCACHE, GOCACHE).
# The TypeScript twin is src/cache/gocache.ts (planGocache); `gosw doctor` also probes filesystems
# whose type says too little, which would need a fork here.

__gosw_gocache_init() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  local mode=${GOSW_GOCACHE:-scoped} scope='' id='' ver='' k val root dir
  # Bytes, not characters: the scope is sanitised byte by byte, as src/cache/gocache.ts does.
  local LC_ALL=C
  case $mode in
    inherit | off) return 0 ;;
    scoped) ;;
    *) printf 'gosw: GOSW_GOCACHE=%s is not scoped, inherit or off; using scoped\n' "${mode//[^[:print:]]/?}" >&2 ;;
  esac
  if [[ -n ${WSL_DISTRO_NAME-} ]]; then
    scope=$WSL_DISTRO_NAME
  elif [[ ${OSTYPE-} == darwin* ]]; then
    # macOS major from the system's own file: OSTYPE is the build machine's.
    while IFS= read -r k || [[ -n $k ]]; do
      if [[ -n $val && $k == *'<string>'[0-9]* ]]; then
        ver=${k#*<string>}
        ver=${ver%%[!0-9]*}
        break
      fi
      [[ $k == *'<key>ProductVersion</key>'* ]] && val=1
    done <"${GOSW_MACOS_VERSION_PLIST:-/System/Library/CoreServices/SystemVersion.plist}"
    scope=macos${ver:+-$ver}
  else
    if [[ -f ${GOSW_OS_RELEASE:-/etc/os-release} ]]; then
      while IFS='=' read -r k val || [[ -n $k ]]; do
        val=${val#[\"\']}
        val=${val%[\"\']}
        case $k in
          ID) id=$val ;;
          VERSION_ID) ver=$val ;;
        esac
      done <"${GOSW_OS_RELEASE:-/etc/os-release}"
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
  if [[ -n ${GOCACHE-} ]] && __gosw_fs_unsafe "$GOCACHE"; then
    printf 'gosw: your GOCACHE=%s is on %s (no Unix permissions or hard links); gosw uses a per-distro cache instead\n' "$GOCACHE" "$__gosw_fs_type" >&2
  fi
  for root in ${XDG_CACHE_HOME:+"$XDG_CACHE_HOME/gosw"} "$HOME/.cache/gosw" "/var/tmp/gosw-${EUID:-0}"; do
    # Mount points are matched by prefix: a path with . or .. segments could hide another mount.
    [[ $root == /* && $root/ != */./* && $root/ != */../* ]] || continue
    dir=$root/go-build/$scope
    if __gosw_fs_unsafe "$dir"; then
      printf 'gosw: not using %s for GOCACHE: it is on %s\n' "$dir" "$__gosw_fs_type" >&2
      continue
    fi
    [[ -d $dir ]] || command mkdir -p -m 700 -- "$dir" 2>/dev/null || continue
    export GOCACHE=$dir
    return 0
  done
}
__gosw_gocache_init
