#!/usr/bin/env bash
# The first five minutes, checked as a new user would live them: a fresh clone, a fresh HOME, and
# the README's Quick start commands run exactly as written. CI runs this after the test suite.
#   bash test/first-run/run.sh            # both commands
#   bash test/first-run/run.sh --no-tests # only the install command (quicker)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
run_tests=1
[[ ${1-} == --no-tests ]] && run_tests=0

say() { printf 'first-run: %s\n' "$*"; }
fail() {
  printf 'first-run: FAIL: %s\n' "$*" >&2
  exit 1
}

# The README's Quick start block: its first two commands, comments stripped.
mapfile -t cmds < <(awk '/^## Quick start/{q=1} q && /^```sh/{b=1; next} b && /^```/{exit} b' "$repo/README.md" | sed 's/[[:space:]]*#.*$//' | sed '/^[[:space:]]*$/d')
((${#cmds[@]} == 2)) || fail "expected two commands in the README's Quick start, found ${#cmds[@]}: ${cmds[*]-}"
say "README commands: [${cmds[0]}] [${cmds[1]}]"

# What a real HOME holds of gosw's must not change: the new user's HOME is a temporary one.
real_home=$HOME
fingerprint() {
  local p
  for p in .bashrc .zshrc .profile .local/bin/gosw .local/share/gosw .local/share/gosw-cli .cache/gosw .config/gosw; do
    if [[ -e $real_home/$p ]]; then
      printf '%s %s\n' "$p" "$(find "$real_home/$p" -maxdepth 2 -printf '%p %s %T@\n' 2>/dev/null | sort | sha256sum | cut -c1-16)"
    else
      printf '%s absent\n' "$p"
    fi
  done
}
before=$(fingerprint)

work=$(mktemp -d "${TMPDIR:-/tmp}/gosw-first-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # as a clone in a home would be: some tests run the CLI as another user (nobody)
export HOME=$work/home
mkdir -p "$HOME"
unset XDG_DATA_HOME XDG_CACHE_HOME XDG_CONFIG_HOME XDG_STATE_HOME GOSW_HOME GOSW_VERSION GOSW_INSTALL_DIR
export SHELL=/bin/bash

git clone --quiet "$repo" "$work/gosw"
cd "$work/gosw"

say "running: ${cmds[0]}"
bash -c "${cmds[0]}" >"$work/install.log" 2>&1 || {
  tail -n 30 "$work/install.log" >&2
  fail "'${cmds[0]}' failed"
}
gosw=$HOME/.local/bin/gosw
[[ -x $gosw ]] || fail "no gosw at $gosw after '${cmds[0]}'"
version=$("$gosw" --version) || fail "the installed gosw does not run"
say "installed: $version"
# shellcheck disable=SC2016 # the literal text install.sh prints
grep -q 'eval "$(' "$work/install.log" || fail "install.sh did not print the line to add to the rc file"
[[ ! -e $HOME/.bashrc && ! -e $HOME/.zshrc ]] || fail "install.sh touched an rc file without --modify-rc"
# The line it prints works in a real shell: the hook and the gosw function are there.
out=$(bash --norc -c "eval \"\$($gosw env)\"; type -t _gosw_hook; type -t gosw") || fail "eval of gosw env failed"
[[ $out == $'function\nfunction' ]] || fail "gosw env did not set up the hook: $out"

if ((run_tests)); then
  say "running: ${cmds[1]}"
  bash -c "${cmds[1]}" >"$work/test.log" 2>&1 || {
    tail -n 40 "$work/test.log" >&2
    fail "'${cmds[1]}' failed"
  }
  grep -E 'Tests +[0-9]+ passed' "$work/test.log" | tail -n 1 | sed 's/^/first-run: /' || true
fi

after=$(fingerprint)
[[ $before == "$after" ]] || fail "gosw files in the real HOME changed:
$(diff <(echo "$before") <(echo "$after") || true)"
say "ok: the README's commands work from a fresh clone, and nothing outside the temporary HOME changed"
