#!/usr/bin/env bash
# install.sh: build gosw from this clone and install it for the current user. Never uses sudo.
# Run ./install.sh --help for the options. Works with bash 3.2 (macOS) and later.
if [ -z "${BASH_VERSION:-}" ]; then
  echo "install.sh: run it with bash: ./install.sh or bash install.sh" >&2
  exit 1
fi
set -euo pipefail
# bash 5.2 would put the pattern back for each '&' in ${var//pat/repl}; paths may contain '&'.
shopt -u patsub_replacement 2>/dev/null || :

MARKER='# added by gosw install.sh'
WRAPPER_MARKER='# gosw wrapper written by install.sh'
LAUNCHER_MARKER='# gosw launcher, installed as'

usage() {
  cat <<'EOF'
Usage: ./install.sh [options]

Builds gosw from this clone and installs it for the current user (no sudo, no root needed):

  <dir>/gosw      a small launcher (shell/launcher.sh), default ~/.local/bin/gosw; it answers
                  `gosw env` from init scripts generated at install time, so a shell start does
                  not wait for Node, and runs the real gosw for everything else
  the real gosw   ${XDG_DATA_HOME:-~/.local/share}/gosw-cli/gosw: by default the standalone binary
                  (dist/gosw, a Node single executable; Node is needed only to build); with --js
                  a wrapper running the JavaScript bundle (gosw-cli/gosw.cjs, needs Node >= 20)
  init scripts    gosw-cli/init.bash and gosw-cli/init.zsh
  completion      ${BASH_COMPLETION_USER_DIR:-${XDG_DATA_HOME:-~/.local/share}/bash-completion}/completions/gosw
                  (bash-completion loads it at the first TAB) and gosw-cli/zsh/_gosw (gosw's zsh init
                  puts the directory on fpath); nothing runs at shell start
  fast path       gosw-cli/fast.bash: the launcher answers current, which, list, local, global
                  and env --format with it in bash, and --version by itself, without Node

Building runs `npm ci` only if node_modules/ is missing, then `npm run build:binary` (`npm run build`
with --js). Files are copied to a temporary name in the target directory and renamed into place.

Options:
  --dir DIR      install directory (default: $GOSW_INSTALL_DIR, else ~/.local/bin)
  --js           install the JS bundle + wrapper instead of the standalone binary
  --no-build     do not build: install the existing dist/gosw (or dist/gosw.cjs with --js)
  --modify-rc    append the shell hook line, marked '# added by gosw install.sh', to ~/.bashrc and
                 ~/.zshrc (${ZDOTDIR:-~}/.zshrc) where they exist, else to the rc file of $SHELL;
                 only if the marker is not there yet. Without this option no rc file is touched.
  --uninstall    remove the installed gosw (binary or wrapper + bundle) from --dir, its completion
                 files and the marked lines from the rc files. Installed Go toolchains are kept.
  --demo         run the offline demo (builds gosw; a temporary HOME and a loopback server;
                 installs nothing)
  -h, --help     show this help

Re-running is idempotent. The shell hook line is:   eval "$(gosw env)"
(with gosw's full path when the install directory is not on PATH).
EOF
}

die() {
  printf 'install.sh: %s\n' "$*" >&2
  exit 1
}
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
say() { printf '%s\n' "$*"; }

# ---- options ----------------------------------------------------------------------------------

dir=${GOSW_INSTALL_DIR:-$HOME/.local/bin}
mode=binary
build=1
modify_rc=0
action=install
while (($#)); do
  case $1 in
    --dir)
      (($# >= 2)) || { printf 'install.sh: --dir needs a directory\n' >&2; exit 2; }
      dir=$2
      shift
      ;;
    --dir=*) dir=${1#--dir=} ;;
    --js) mode=js ;;
    --no-build) build=0 ;;
    --modify-rc) modify_rc=1 ;;
    --uninstall) action=uninstall ;;
    --demo) action=demo ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      printf "install.sh: unknown option '%s' (see ./install.sh --help)\n" "$1" >&2
      exit 2
      ;;
  esac
  shift
done

if [[ $action == demo ]]; then
  # The offline demo: builds gosw and runs a scripted session against a loopback server, in a
  # temporary HOME; it installs nothing.
  cd "$(dirname "${BASH_SOURCE[0]}")"
  [[ -d node_modules ]] || npm ci --include=dev --no-audit --no-fund
  exec npm run --silent demo
fi

[[ -n $dir ]] || die "the install directory is empty"
[[ $dir == /* ]] || dir=$PWD/$dir
while [[ $dir == */ && $dir != / ]]; do dir=${dir%/}; done

# Installing into someone else's home as root leaves root-owned files behind: refuse `sudo ./install.sh`.
if [[ ${EUID:-$(id -u)} -eq 0 && -n ${SUDO_USER:-} && ${SUDO_USER:-} != root ]]; then
  die "do not run install.sh with sudo: it installs for the current user into $dir (run it as $SUDO_USER)"
fi

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
target=$dir/gosw
lib_dir=${XDG_DATA_HOME:-$HOME/.local/share}/gosw-cli
lib=$lib_dir/gosw.cjs
real=$lib_dir/gosw

tmp_files=()
cleanup() {
  local f
  for f in ${tmp_files[@]+"${tmp_files[@]}"}; do rm -f -- "$f"; done
}
trap cleanup EXIT

# ---- helpers ----------------------------------------------------------------------------------

on_path() {
  local want=$1 p parts=()
  IFS=: read -r -a parts <<<"${PATH:-}"
  for p in ${parts[@]+"${parts[@]}"}; do
    while [[ $p == */ && $p != / ]]; do p=${p%/}; done
    [[ $p == "$want" ]] && return 0
  done
  return 1
}

# A word the shell reads back as $1: as is when it has only safe characters, else single-quoted.
shell_quote() {
  if [[ $1 =~ ^[A-Za-z0-9_./+:@%-]+$ ]]; then
    printf '%s' "$1"
  else
    local sq="'" esc="'\\''"
    printf "'%s'" "${1//$sq/$esc}"
  fi
}

# shellcheck disable=SC2016 # the $(...) is for the user's shell, not this one
hook_line() {
  if on_path "$dir"; then
    printf '%s\n' 'eval "$(gosw env)"'
  else
    printf 'eval "$(%s env)"\n' "$(shell_quote "$target")"
  fi
}

zshrc=${ZDOTDIR:-$HOME}/.zshrc
bashrc=$HOME/.bashrc

# Completion files, found lazily (nothing runs at shell start): bash-completion loads
# <user dir>/completions/gosw the first time `gosw` is completed (its user dir: the first of
# BASH_COMPLETION_USER_DIR, else $XDG_DATA_HOME/bash-completion); zsh autoloads _gosw from
# gosw-cli/zsh, which gosw's zsh init puts on fpath (shell/hook.sh.in, __gosw_completion).
bash_comp_user=${BASH_COMPLETION_USER_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion}
bash_comp_user=${bash_comp_user%%:*}
bash_comp_dir=$bash_comp_user/completions
bash_comp=$bash_comp_dir/gosw
zsh_comp_dir=$lib_dir/zsh
zsh_comp=$zsh_comp_dir/_gosw
COMPLETION_MARKER='completion for gosw, printed by `gosw completion'

# The rc files --modify-rc edits: ~/.bashrc and ~/.zshrc that exist, else the one of $SHELL.
rc_targets() {
  local found=0
  if [[ -f $bashrc ]]; then printf '%s\n' "$bashrc"; found=1; fi
  if [[ -f $zshrc ]]; then printf '%s\n' "$zshrc"; found=1; fi
  if ((found == 0)); then
    case ${SHELL:-} in
      */bash) printf '%s\n' "$bashrc" ;;
      */zsh) printf '%s\n' "$zshrc" ;;
    esac
  fi
  return 0
}

# The line after our marker, if the marker is there (exit status 1 if not).
rc_marked_line() {
  awk -v m="$MARKER" 'found { print; exit } $0 == m { found = 1 } END { exit !found }' "$1"
}

# Removes our marker and the hook line after it. Rewrites the file in place (cat >), which keeps
# its inode, owner, mode and a symlinked ~/.bashrc pointing where it did.
rc_strip() {
  local rc=$1 tmp
  tmp=$(mktemp "$rc.gosw-tmp.XXXXXX")
  tmp_files+=("$tmp")
  awk -v m="$MARKER" '
    skip { skip = 0; if (index($0, "gosw") && index($0, " env)")) next }
    $0 == m { skip = 1; next }
    { print }' "$rc" >"$tmp"
  cat "$tmp" >"$rc"
  rm -f -- "$tmp"
}

rc_add() {
  local rc=$1 line=$2 current
  if current=$(rc_marked_line "$rc" 2>/dev/null); then
    if [[ $current == "$line" ]]; then
      say "  $rc: already has the gosw line"
      return 0
    fi
    rc_strip "$rc" # an older line (e.g. another install dir): replace it
  fi
  if [[ -s $rc && -n $(tail -c 1 "$rc") ]]; then printf '\n' >>"$rc"; fi
  printf '%s\n%s\n' "$MARKER" "$line" >>"$rc"
  say "  $rc: added the gosw line"
}

is_our_gosw() {
  [[ -f $1 ]] || return 1
  grep -qF -- "$WRAPPER_MARKER" "$1" 2>/dev/null && return 0
  grep -qF -- "$LAUNCHER_MARKER" "$1" 2>/dev/null && return 0
  [[ -x $1 ]] && "$1" --version 2>/dev/null </dev/null | grep -q '^gosw [0-9]'
}

# cp to a temporary name in the destination directory, then rename: the destination is never a
# partly written file, and a running gosw keeps its old inode.
install_file() {
  local src=$1 dest=$2 mode=$3 tmp
  tmp=$(dirname "$dest")/.$(basename "$dest").tmp-$$
  tmp_files+=("$tmp")
  cp -- "$src" "$tmp"
  chmod "$mode" "$tmp"
  mv -f -- "$tmp" "$dest"
}

# ---- uninstall --------------------------------------------------------------------------------

if [[ $action == uninstall ]]; then
  removed=0
  if [[ -e $target || -L $target ]]; then
    if is_our_gosw "$target"; then
      rm -f -- "$target"
      say "removed $target"
      removed=1
    else
      warn "$target does not look like gosw; left alone"
    fi
  fi
  if [[ -d $lib_dir ]]; then
    if [[ -f $zsh_comp ]] && grep -qF -- "$COMPLETION_MARKER" "$zsh_comp" 2>/dev/null; then rm -f -- "$zsh_comp"; fi
    rmdir -- "$zsh_comp_dir" 2>/dev/null || true
    rm -f -- "$lib" "$real" "$lib_dir/init.bash" "$lib_dir/init.zsh" "$lib_dir/fast.bash"
    rmdir -- "$lib_dir" 2>/dev/null || true
    say "removed $lib_dir"
    removed=1
  fi
  # bash's completion file: ours only (its header says so); the directories made for it if empty.
  # (zsh's is in gosw-cli/, above.)
  if [[ -f $bash_comp ]] && grep -qF -- "$COMPLETION_MARKER" "$bash_comp" 2>/dev/null; then
    rm -f -- "$bash_comp"
    say "removed $bash_comp"
    removed=1
  fi
  rmdir -- "$bash_comp_dir" "$bash_comp_user" 2>/dev/null || true
  for rc in "$bashrc" "$zshrc" "$HOME/.zshrc"; do
    if [[ -f $rc ]] && grep -qxF -- "$MARKER" "$rc"; then
      rc_strip "$rc"
      say "removed the gosw line from $rc"
      removed=1
    fi
  done
  ((removed)) || say "nothing to remove (gosw is not installed in $dir; use --dir if you installed it elsewhere)"
  say "Installed Go toolchains are kept in the gosw store (\$GOSW_HOME, by default ${XDG_DATA_HOME:-~/.local/share}/gosw); remove it by hand if you want."
  exit 0
fi

# ---- build ------------------------------------------------------------------------------------

if ((build)); then
  command -v node >/dev/null 2>&1 || die "building gosw needs Node.js >= 20 and npm (or use --no-build with an existing dist/)"
  command -v npm >/dev/null 2>&1 || die "building gosw needs npm"
  node_major=$(node -p 'process.versions.node.split(".")[0]')
  ((node_major >= 20)) || die "building gosw needs Node.js >= 20 (found $(node --version))"
  if [[ ! -d $repo/node_modules ]]; then
    say "installing build dependencies (npm ci)..."
    (cd "$repo" && npm ci --include=dev --no-audit --no-fund)
  fi
  if [[ $mode == js ]]; then
    (cd "$repo" && npm run --silent build)
  else
    (cd "$repo" && npm run --silent build:binary)
  fi
fi

# ---- install ----------------------------------------------------------------------------------

if [[ $mode == js ]]; then src=$repo/dist/gosw.cjs; else src=$repo/dist/gosw; fi
[[ -f $src ]] || die "$src is missing; build it first (run without --no-build)"

mkdir -p -- "$dir" || die "cannot create $dir"
[[ -w $dir ]] || die "$dir is not writable by $(id -un); choose another directory with --dir"
if [[ -e $target && ! -f $target ]]; then die "$target exists and is not a file"; fi

# The real gosw goes to $lib_dir; $target is the launcher (shell/launcher.sh), which answers
# `gosw env` from init scripts generated here, so a shell start does not wait for Node.
mkdir -p -- "$lib_dir"
if [[ $mode == js ]]; then
  install_file "$src" "$lib" 644
  node_path=$(command -v node 2>/dev/null || true)
  [[ -n $node_path ]] || warn "node is not on PATH: gosw needs Node.js >= 20 to run"
  wrapper=$(mktemp "$lib_dir/.gosw.wrapper.XXXXXX")
  tmp_files+=("$wrapper")
  # shellcheck disable=SC2016 # the wrapper's own variables
  {
    printf '#!/bin/sh\n'
    printf '%s: runs the gosw JavaScript bundle with Node.\n' "$WRAPPER_MARKER"
    printf 'lib=%s\n' "$(shell_quote "$lib")"
    printf 'node=%s\n' "$(shell_quote "${node_path:-node}")"
    printf '[ -x "$node" ] || node=node\n'
    printf 'exec "$node" "$lib" "$@"\n'
  } >"$wrapper"
  install_file "$wrapper" "$real" 755
  rm -f -- "$wrapper"
else
  check=$("$src" --version 2>&1) || die "$src does not run: $check"
  install_file "$src" "$real" 755
  # A bundle left by an earlier --js install is no longer used.
  rm -f -- "$lib"
fi

# The launcher's fast path (generated/launcher/fast.bash, rendered from shell/ by
# scripts/render-hooks.mjs; committed, so --no-build has it too). Before the launcher that runs it.
install_file "$repo/generated/launcher/fast.bash" "$lib_dir/fast.bash" 644

# The launcher, with its placeholders filled (sed-free: values may hold any character).
launcher=$(<"$repo/shell/launcher.sh")
launcher=${launcher//@GOSW_LIB@/$(shell_quote "$lib_dir")}
launcher=${launcher//@GOSW_SELF@/$(shell_quote "$target")}
launcher=${launcher//@GOSW_EXEC@/$(shell_quote "$real")}
# What `gosw --version` prints, and the bash that runs the fast path (install.sh runs in bash).
real_version=$("$real" --version 2>/dev/null </dev/null) || real_version=
[[ $real_version == 'gosw '[0-9]* && $real_version != *$'\n'* ]] || real_version=
launcher=${launcher//@GOSW_VERSION@/$(shell_quote "$real_version")}
# The fast path wants bash >= 4.4 and Linux's /proc (it hands everything to the real gosw
# elsewhere anyway); without them the launcher runs the real gosw for every command.
fast_bash=
if [[ $OSTYPE == linux* ]] && ((BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 4))); then
  fast_bash=$BASH
fi
launcher=${launcher//@GOSW_BASH@/$(shell_quote "$fast_bash")}
launcher_tmp=$(mktemp "$dir/.gosw.launcher.XXXXXX")
tmp_files+=("$launcher_tmp")
printf '%s\n' "$launcher" >"$launcher_tmp"
install_file "$launcher_tmp" "$target" 755
rm -f -- "$launcher_tmp"

# The init scripts the launcher serves: exactly what the real `gosw env` prints.
for sh in bash zsh; do
  init_tmp=$(mktemp "$lib_dir/.init.$sh.XXXXXX")
  tmp_files+=("$init_tmp")
  GOSW_LAUNCHER=$target "$real" env --shell "$sh" >"$init_tmp" || die "gosw env --shell $sh failed"
  install_file "$init_tmp" "$lib_dir/init.$sh" 644
  rm -f -- "$init_tmp"
done

# ---- completion ------------------------------------------------------------------------------

# The scripts `gosw completion bash|zsh` prints, calling back through the launcher. A file that is
# not ours is left alone (a distro's package, say), with a warning.
install_completion() {
  local sh=$1 dest=$2 tmp
  if [[ -e $dest || -L $dest ]] && ! grep -qF -- "$COMPLETION_MARKER" "$dest" 2>/dev/null; then
    warn "$dest is not gosw's completion file; left alone"
    return 0
  fi
  mkdir -p -- "$(dirname "$dest")" || { warn "cannot create $(dirname "$dest"); no $sh completion"; return 0; }
  tmp=$(mktemp "$(dirname "$dest")/.gosw-completion.XXXXXX")
  tmp_files+=("$tmp")
  GOSW_LAUNCHER=$target "$real" completion "$sh" >"$tmp" || die "gosw completion $sh failed"
  install_file "$tmp" "$dest" 644
  rm -f -- "$tmp"
}
install_completion bash "$bash_comp"
install_completion zsh "$zsh_comp"

version=$("$target" --version 2>&1) || die "the installed $target does not run: $version"
if [[ $mode == js ]]; then
  say "installed $version at $target (runs $lib)"
else
  say "installed $version at $target (runs $real)"
fi

# ---- PATH and shell hook ----------------------------------------------------------------------

line=$(hook_line)
if ! on_path "$dir"; then
  warn "$dir is not on your PATH; the line below uses gosw's full path. To type plain 'gosw', also add $dir to PATH."
else
  first=$(command -v gosw 2>/dev/null || true)
  if [[ -n $first && $first != "$target" ]]; then
    warn "'gosw' on your PATH is $first, which comes before $target"
  fi
fi

if ((modify_rc)); then
  rcs=$(rc_targets)
  if [[ -z $rcs ]]; then
    warn "no ~/.bashrc or ~/.zshrc found and \$SHELL (${SHELL:-unset}) is neither bash nor zsh; add this line to your shell's startup file yourself:"
    say "  $line"
  else
    say "shell hook:"
    while IFS= read -r rc; do rc_add "$rc" "$line"; done <<<"$rcs"
    say "open a new shell, or run this line in this one:"
    say "  $line"
  fi
else
  say "To switch Go versions in your shell, add this line to ~/.bashrc and/or ~/.zshrc:"
  say ""
  say "  $line"
  say ""
  say "(or re-run with --modify-rc to append it for you)"
fi
