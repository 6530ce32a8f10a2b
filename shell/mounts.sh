# shellcheck shell=bash
# The mount table, for bash and zsh alike (`gosw env` prints it after gosw.bash or gosw.zsh; zsh
# runs each function under `emulate -L zsh`). Read once per shell, at init: GOCACHE placement
# (gocache.sh) and the prompt hook's memo (memo.sh) both ask which filesystem a path is on.

__gosw_mnts=() # "type mountpoint", in /proc/self/mountinfo order
__gosw_mnts_read=
__gosw_nn_ready= # __gosw_nn (the mount points of non-native types, __gosw_path_local) not built yet

# System facts (the mount table here, os-release and SystemVersion.plist in gocache.sh) are read
# through this one seam, and nothing else is: GOSW_SYSROOT, taken once at init, names a directory
# that stands in for / (tests point it at a fixture root). src/sysroot.ts is its twin. The hook's
# own files and its /proc/self/fdinfo check (gosw.bash) never go through it.
__gosw_sysroot=${GOSW_SYSROOT-}

# The system file $1 (absolute: /etc/os-release) as gosw reads it, in __gosw_sys: under
# GOSW_SYSROOT when that is set and absolute (a relative one would follow $PWD: ignored, once, with
# a notice). Only a readable regular file (a FIFO would block the shell); else empty, and 1.
__gosw_sysfile() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  if [[ -n $__gosw_sysroot && $__gosw_sysroot != /* ]]; then
    __gosw_relative GOSW_SYSROOT "$__gosw_sysroot"
    __gosw_sysroot=
  fi
  __gosw_sys=$__gosw_sysroot$1
  [[ -f $__gosw_sys && -r $__gosw_sys ]] && return 0
  __gosw_sys=
  return 1
}

__gosw_mounts_load() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  [[ -z $__gosw_mnts_read ]] || return 0
  __gosw_mnts_read=1
  __gosw_mnts=()
  # Bytes: mount points are matched byte for byte (and it is several times faster).
  local LC_ALL=C line mp type
  __gosw_sysfile /proc/self/mountinfo || return 0
  # One read of the whole file (__gosw_read_lines, per shell): every read(2) of mountinfo costs
  # ~30 µs (the kernel renders it anew), and bash's read loop makes one per 128 bytes, zsh's one
  # per byte.
  __gosw_read_lines "$__gosw_sys"
  for line in "${__gosw_lines[@]}"; do
    # Fields: id parent major:minor root mountpoint options [optional...] - type source superopts.
    mp=${line#* * * * }
    mp=${mp%% *}
    type=${line#* - }
    type=${type%% *}
    # Mount points are written with octal escapes (\040 for a space).
    if [[ $mp == *\\* ]]; then
      mp=${mp//\\/\\0}
      printf -v mp '%b' "$mp"
    fi
    [[ -z $mp ]] || __gosw_mnts+=("$type $mp")
  done
}

# The type of the filesystem $1 is on, in __gosw_fs_type: that of the longest mount point covering
# it (empty when there is no mount table, e.g. on macOS).
__gosw_fs_of() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  local p=$1 e mp best=''
  __gosw_fs_type=
  __gosw_mounts_load
  for e in "${__gosw_mnts[@]}"; do
    mp=${e#* }
    if [[ $mp == / || $p == "$mp" || $p == "$mp"/* ]] && ((${#mp} >= ${#best})); then
      best=$mp
      __gosw_fs_type=${e%% *}
    fi
  done
}

# The native filesystems of Linux and macOS, space-delimited: Unix modes, hard links, and times from
# this kernel's clock. An allowlist: anything else (fuse and fuse.*, which is also how ntfs-3g shows
# up; fuseblk, 9p, drvfs, virtiofs, vboxsf, cifs, smb3, nfs, ...) is not trusted. The one list for
# GOCACHE placement (gocache.sh) and the memo (memo.sh); src/cache/mounts.ts NATIVE_FS is its twin
# (test/unit/mounts.test.ts reads this variable from a real shell and compares).
__gosw_native_fs=' ext2 ext3 ext4 xfs btrfs zfs tmpfs ramfs f2fs bcachefs overlay jfs reiserfs apfs hfs '

# Is $1 on a filesystem Go's cache must not live on? Yes unless its type is native (the type, then,
# in __gosw_fs_type). No mount table (macOS) or no mount covering it: nothing to judge by, so no.
__gosw_fs_unsafe() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  __gosw_fs_of "$1"
  [[ -n $__gosw_fs_type && $__gosw_native_fs != *" $__gosw_fs_type "* ]] && return 0
  __gosw_fs_type=
  return 1
}

# Can the hook's memo trust the modification times of $1 and of every directory above it? Only on
# a native filesystem, whose times come from this kernel's clock: a network or host filesystem
# (nfs, 9p, drvfs, fuse) stamps them with another machine's clock. So: an absolute path with no . or
# .. segment and no symbolic link on the way (the mount table is matched by prefix), and no mount
# point on it of a type outside __gosw_native_fs. One lstat and one lookup in __gosw_nn per
# directory, whatever the size of the mount table (containers have hundreds of mounts).
# The mount table is the one read at init: a mount made later is not seen by this shell (see
# memo.sh for why that is the rule). Only the memo calls this, and only in bash 5 or zsh
# (EPOCHREALTIME), which have associative arrays.
__gosw_path_local() {
  [[ -z ${ZSH_VERSION-} ]] || emulate -L zsh
  local p=$1 d
  [[ $p == /* && $p/ != */./* && $p/ != */../* && $p != *//* ]] || return 1
  __gosw_mounts_load
  ((${#__gosw_mnts[@]})) || return 1
  [[ -n $__gosw_nn_ready ]] || __gosw_nn_build
  [[ -z ${__gosw_nn[/]-} ]] || return 1
  d=${p%/}
  while [[ -n $d ]]; do
    [[ ! -L $d && -z ${__gosw_nn[$d]-} ]] || return 1
    d=${d%/*}
  done
  return 0
}

# __gosw_nn: mount point -> 1 for every mount whose type is not in __gosw_native_fs.
__gosw_nn_build() {
  local e
  if [[ -n ${ZSH_VERSION-} ]]; then
    emulate -L zsh
    typeset -gA __gosw_nn
  else
    declare -gA __gosw_nn
  fi
  __gosw_nn=()
  for e in "${__gosw_mnts[@]}"; do
    [[ $__gosw_native_fs == *" ${e%% *} "* ]] || __gosw_nn[${e#* }]=1
  done
  __gosw_nn_ready=1
}
