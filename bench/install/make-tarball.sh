#!/usr/bin/env bash
# Build a realistic Go toolchain tarball for the install benchmark.
#
#   bench/install/make-tarball.sh        prints the tarball's path on stdout, everything else on stderr
#
# Source: Debian's golang-1.19-go + golang-1.19-src (installed with apt-get if missing), i.e.
# /usr/lib/go-1.19 with its symlinks into /usr/share/go-1.19 dereferenced, minus the prebuilt
# standard library (pkg/<os>_<arch>, which go.dev archives of 1.20+ no longer ship either), laid
# out under a top directory go/ like the official archives, packed with GNU tar + gzip at the
# default level. Result: bench/.work/go<version>.linux-amd64.tar.gz, where <version> is the
# Debian package's upstream version (1.19.8 on bookworm).
#
# Idempotent: if the tarball exists it is only described, not rebuilt. Delete it to rebuild.
# Also makes sure GNU time (/usr/bin/time, package `time`) is present: run.mjs measures peak RSS
# with it.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$repo/bench/.work"
goline=1.19
srcroot="/usr/lib/go-$goline"

log() { printf '%s\n' "make-tarball: $*" >&2; }
die() { log "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"
  fi
}

apt_updated=0
ensure_pkgs() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2; then
    [ $apt_updated = 1 ] && die "apt-get install ${missing[*]} failed"
    as_root apt-get update -q >&2
    apt_updated=1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2 \
      || die "apt-get install ${missing[*]} failed"
  fi
}

describe() {
  local tgz="$1" entries files unpacked sha
  # One pass over the listing: entries, regular files, and the sum of their sizes.
  read -r entries files unpacked < <(tar -tvzf "$tgz" | awk '
    { n++ } substr($1,1,1)=="-" { f++; s+=$3 }
    END { printf "%d %d %d\n", n, f, s }')
  log "tarball:  $tgz"
  log "size:     $(stat -c %s "$tgz") bytes ($(numfmt --to=iec --suffix=B "$(stat -c %s "$tgz")"))"
  log "entries:  $entries ($files regular files)"
  log "unpacked: $unpacked bytes in regular files ($(numfmt --to=iec --suffix=B "$unpacked"))"
}

ensure_pkgs time

mkdir -p "$work"
# Cached already? (any patch version of the line; the newest if several.)
existing="$(ls -1 "$work"/go$goline.*.linux-amd64.tar.gz 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -n "$existing" ]; then
  log "cached, not rebuilding (delete it to rebuild)"
  describe "$existing"
  printf '%s\n' "$existing"
  exit 0
fi

ensure_pkgs "golang-$goline-go" "golang-$goline-src"
[ -x "$srcroot/bin/go" ] || die "$srcroot/bin/go not found after installing golang-$goline-go"

debver="$(dpkg-query -W -f='${Version}' "golang-$goline-go")"
# Debian version -> upstream version: drop an epoch ("1:") and the Debian revision ("-2").
version="$(printf '%s' "$debver" | sed -e 's/^[0-9]*://' -e 's/-[^-]*$//')"
case "$version" in
  "$goline".[0-9]*) ;;
  *) die "unexpected upstream version '$version' (Debian version '$debver')" ;;
esac
name="go$version.linux-amd64.tar.gz"
out="$work/$name"
log "building $name from $srcroot (Debian $debver)"

stage="$(mktemp -d "$work/stage.XXXXXX")"
trap 'rm -rf "$stage"' EXIT

# -L: dereference every symlink (src, api, misc, test, pkg/include point into /usr/share/go-1.19).
cp -rL "$srcroot" "$stage/go"
# Drop the prebuilt standard library: pkg/<goos>_<goarch> (not pkg/tool, not pkg/include).
for d in "$stage"/go/pkg/*_*; do
  [ -d "$d" ] || continue
  case "$(basename "$d")" in tool|include) continue ;; esac
  log "removing ${d#"$stage/"}"
  rm -rf "$d"
done
[ -x "$stage/go/bin/go" ] || die "go/bin/go missing in the staged tree"
[ -x "$stage/go/pkg/tool/linux_amd64/compile" ] || die "go/pkg/tool/linux_amd64/compile missing in the staged tree"
# No symlink may be left (the official archives have none either) and no stray file types.
left="$(find "$stage/go" ! -type f ! -type d | head -n 5)"
[ -z "$left" ] || die "non-regular entries left after cp -rL: $left"

# The relocated toolchain must work: GOROOT comes from the binary's own location.
gv="$(env -i PATH=/usr/bin:/bin HOME="$stage" "$stage/go/bin/go" version)"
log "staged:   $gv"
case "$gv" in *"go$version "*) ;; *) die "go/bin/go reports '$gv', expected go$version" ;; esac
groot="$(env -i PATH=/usr/bin:/bin HOME="$stage" "$stage/go/bin/go" env GOROOT)"
[ "$groot" = "$stage/go" ] || die "go env GOROOT is '$groot', expected $stage/go"

# GNU tar, gzip at its default level (tar -z runs gzip with no level). Stable order and owner
# like the official archives; written to a temp name and renamed so a half-written file is never
# taken for the cached one.
tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner -czf "$out.tmp" go
mv -f "$out.tmp" "$out"

describe "$out"
printf '%s\n' "$out"
