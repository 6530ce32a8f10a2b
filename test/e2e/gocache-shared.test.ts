/**
 * GOCACHE in shared places, with real Unix users (test/helpers/users.ts; root only, else skipped
 * with the reason). The user runs bash, zsh (`eval "$(gosw env --shell …)"`), `gosw env --format
 * json` and `gosw exec`; another user prepares /var/tmp/gosw-<uid> first:
 *
 * - pre-created with mode 0777, or a symlink to a directory of theirs: nobody may use it, and each
 *   shell says so in one line naming the path;
 * - left alone: gosw makes it itself (0700, the user's) and uses it;
 * - $XDG_RUNTIME_DIR (absolute, the user's, 0700) is preferred over /var/tmp; a relative or foreign
 *   one is ignored with a notice.
 *
 * To reach the fallbacks, HOME is a directory the user may not write (so ~/.cache/gosw cannot be
 * made) and XDG_CACHE_HOME is unset. This is the real /var/tmp path of a fresh user: it is removed
 * after each test.
 */
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH } from '../helpers/cli.js';
import { HOST_MOUNTINFO, makeSysroot } from '../helpers/sysroot.js';
import { makeTempDir } from '../helpers/tmp.js';
import { canMakeUsers, cleanupPath, makeUser, type TestUser } from '../helpers/users.js';

const can = canMakeUsers();
if (!can.ok) console.warn(`[gocache-shared] skipped: ${can.why}`);

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const SCOPE = 'testos-1';

interface World {
  me: TestUser;
  other: TestUser;
  root: string;
  /** /var/tmp/gosw-<my uid> */
  fallback: string;
  env(extra?: Record<string, string>): Record<string, string>;
}

function world(): World {
  const root = makeTempDir('gosw-shared-');
  chmodSync(root, 0o755);
  const me = makeUser();
  const other = makeUser();
  const fallback = `/var/tmp/gosw-${me.uid}`;
  cleanupPath(fallback);
  const home = path.join(root, 'home'); // root's, 0755: ~/.cache cannot be made by `me`
  mkdirSync(home);
  // The real mount table (/var/tmp is used for real), a fixture os-release.
  const sysroot = makeSysroot({ osRelease: 'ID=testos\nVERSION_ID=1\n', mountinfo: HOST_MOUNTINFO }, path.join(root, 'sysroot'));
  const store = path.join(root, 'store');
  mkdirSync(path.join(store, 'versions', 'go1.22.5', 'bin'), { recursive: true });
  writeFileSync(path.join(store, 'versions', 'go1.22.5', 'VERSION'), 'go1.22.5\n');
  writeFileSync(path.join(store, 'versions', 'go1.22.5', 'bin', 'go'), '#!/bin/sh\necho go1.22.5\n', { mode: 0o755 });
  // the global default: a version is active at every prompt, which is when the shells set GOCACHE
  writeFileSync(path.join(store, 'version'), '1.22.5\n');
  return {
    me,
    other,
    root,
    fallback,
    env: (extra = {}) => ({ PATH: '/usr/bin:/bin', HOME: home, GOSW_HOME: store, GOSW_SYSROOT: sysroot, LANG: 'C.UTF-8', ...extra }),
  };
}

interface Seen {
  bash: string | undefined;
  zsh: string | undefined;
  json: string | undefined;
  exec: string | undefined;
  /** stderr of each consumer */
  notices: { bash: string; zsh: string; json: string; exec: string };
}

/** GOCACHE as each consumer sets it, run as `me`. */
function seen(w: World, env: Record<string, string>): Seen {
  const shell = (sh: 'bash' | 'zsh') => {
    const script = `eval "$(${sq(process.execPath)} ${sq(CLI_PATH)} env --shell ${sh})"\n_gosw_hook\nif [ -n "\${GOCACHE+x}" ]; then printf 'SET:%s' "$GOCACHE"; else printf UNSET; fi`;
    const argv = sh === 'bash' ? ['bash', '--norc', '--noprofile', '-c', script] : ['zsh', '-f', '-c', script];
    const r = w.me.run(argv, { env, cwd: w.root });
    expect(r.status, `${sh}: ${r.stderr}`).toBe(0);
    return { gocache: r.stdout.startsWith('SET:') ? r.stdout.slice(4) : undefined, stderr: r.stderr };
  };
  const bash = shell('bash');
  const zsh = shell('zsh');
  const j = w.me.run([process.execPath, CLI_PATH, 'env', '--format', 'json'], { env, cwd: w.root });
  expect(j.status, j.stderr).toBe(0);
  const x = w.me.run([process.execPath, CLI_PATH, 'exec', '1.22.5', '--', 'sh', '-c', 'printf %s "${GOCACHE-UNSET}"'], {
    env,
    cwd: w.root,
  });
  expect(x.status, x.stderr).toBe(0);
  return {
    bash: bash.gocache,
    zsh: zsh.gocache,
    json: (JSON.parse(j.stdout) as Record<string, string>).GOCACHE,
    exec: x.stdout === 'UNSET' ? undefined : x.stdout,
    notices: { bash: bash.stderr, zsh: zsh.stderr, json: j.stderr, exec: x.stderr },
  };
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.skipIf(!can.ok)('GOCACHE fallback in shared places (real users)', () => {
  it('left alone, /var/tmp/gosw-<uid> is made by gosw (0700, mine) and used by all', () => {
    const w = world();
    const want = `${w.fallback}/go-build/${SCOPE}`;
    const s = seen(w, w.env());
    expect([s.bash, s.zsh, s.json, s.exec]).toEqual([want, want, want, want]);
    for (const p of [w.fallback, `${w.fallback}/go-build`, want]) {
      const st = lstatSync(p);
      expect(st.isDirectory() && st.uid === w.me.uid, p).toBe(true);
      expect((st.mode & 0o777).toString(8), p).toBe('700');
    }
  });

  it('pre-created by another user with mode 0777: not used by the shells, env --format json or exec', () => {
    const w = world();
    expect(w.other.run(['sh', '-c', 'mkdir -m 777 "$0"', w.fallback]).status).toBe(0);
    const s = seen(w, w.env());
    expect([s.bash, s.zsh, s.json, s.exec]).toEqual([undefined, undefined, undefined, undefined]);
    for (const c of ['bash', 'zsh', 'json', 'exec'] as const)
      expect(s.notices[c], c).toMatch(new RegExp(`^gosw: not using ${esc(w.fallback)} for GOCACHE: [^\\n]*(owned by|another user)`, 'm'));
    expect(readdirSync(w.fallback)).toEqual([]);
  });

  it("a symlink planted there to another user's directory: not used, nothing made in their directory", () => {
    const w = world();
    const theirs = path.join(w.root, 'theirs');
    mkdirSync(theirs);
    chownSync(theirs, w.other.uid, w.other.gid);
    chmodSync(theirs, 0o777);
    expect(w.other.run(['ln', '-s', theirs, w.fallback]).status).toBe(0);
    const s = seen(w, w.env());
    expect([s.bash, s.zsh, s.json, s.exec]).toEqual([undefined, undefined, undefined, undefined]);
    for (const c of ['bash', 'zsh', 'json', 'exec'] as const)
      expect(s.notices[c], c).toMatch(new RegExp(`^gosw: not using ${esc(w.fallback)} for GOCACHE: [^\\n]*symbolic link`, 'm'));
    expect(readdirSync(theirs)).toEqual([]);
  });

  it('a symlinked go-build inside my own fallback root: not used', () => {
    const w = world();
    const theirs = path.join(w.root, 'theirs');
    mkdirSync(theirs, { mode: 0o777 });
    chownSync(theirs, w.other.uid, w.other.gid);
    chmodSync(theirs, 0o777);
    // gosw makes the root first (as in the first test), then the other user's dir replaces go-build.
    seen(w, w.env());
    expect(w.me.run(['sh', '-c', 'rm -rf "$0/go-build" && ln -s "$1" "$0/go-build"', w.fallback, theirs]).status).toBe(0);
    const s = seen(w, w.env());
    expect([s.bash, s.zsh, s.json, s.exec]).toEqual([undefined, undefined, undefined, undefined]);
    expect(s.notices.bash).toMatch(new RegExp(`^gosw: not using ${esc(w.fallback)}/go-build for GOCACHE: [^\\n]*symbolic link`, 'm'));
    expect(readdirSync(theirs)).toEqual([]);
  });

  it('my own /var/tmp/gosw-<uid> but writable by group and others (not made by gosw): not used', () => {
    const w = world();
    expect(w.me.run(['sh', '-c', 'umask 0; mkdir "$0"', w.fallback]).status).toBe(0);
    expect(lstatSync(w.fallback).mode & 0o777).toBe(0o777);
    const s = seen(w, w.env());
    expect([s.bash, s.zsh, s.json, s.exec]).toEqual([undefined, undefined, undefined, undefined]);
    for (const sh of ['bash', 'zsh'] as const)
      expect(s.notices[sh], sh).toMatch(new RegExp(`^gosw: not using ${esc(w.fallback)} for GOCACHE: `, 'm'));
  });

  it('XDG_RUNTIME_DIR (mine, 0700) is preferred over /var/tmp', () => {
    const w = world();
    const run = path.join(w.root, 'run');
    mkdirSync(run, { mode: 0o700 });
    chownSync(run, w.me.uid, w.me.gid);
    const want = `${run}/gosw/go-build/${SCOPE}`;
    const s = seen(w, w.env({ XDG_RUNTIME_DIR: run }));
    expect([s.bash, s.zsh, s.json, s.exec]).toEqual([want, want, want, want]);
    // Only the home candidate (not writable here) is reported; the runtime dir is taken as it is.
    for (const sh of ['bash', 'zsh'] as const)
      expect(s.notices[sh].trimEnd().split('\n'), sh).toEqual([`gosw: not using ${w.env().HOME}/.cache for GOCACHE: cannot create it`]);
    expect(existsSync(w.fallback)).toBe(false);
  });

  it.each<[string, (w: World) => string, RegExp]>([
    ['relative', () => 'run/user', /XDG_RUNTIME_DIR=run\/user.*absolute/],
    [
      'owned by another user',
      (w) => {
        const d = path.join(w.root, 'otherrun');
        mkdirSync(d, { mode: 0o700 });
        chownSync(d, w.other.uid, w.other.gid);
        return d;
      },
      /XDG_RUNTIME_DIR=.*otherrun/,
    ],
  ])('an XDG_RUNTIME_DIR that is %s: ignored with a notice, /var/tmp used', (_n, make, notice) => {
    const w = world();
    const run = make(w);
    const want = `${w.fallback}/go-build/${SCOPE}`;
    const s = seen(w, w.env({ XDG_RUNTIME_DIR: run }));
    expect([s.bash, s.zsh, s.json, s.exec]).toEqual([want, want, want, want]);
    for (const sh of ['bash', 'zsh'] as const) expect(s.notices[sh], sh).toMatch(notice);
    expect(existsSync(path.join(w.root, 'run'))).toBe(false);
  });

  it('a relative XDG_CACHE_HOME: ignored with a notice (shells), nothing made under the working dir', () => {
    const w = world();
    const s = seen(w, w.env({ XDG_CACHE_HOME: 'rel/cache' }));
    const want = `${w.fallback}/go-build/${SCOPE}`;
    expect([s.bash, s.zsh, s.json, s.exec]).toEqual([want, want, want, want]);
    for (const sh of ['bash', 'zsh'] as const)
      expect(s.notices[sh], sh).toMatch(/^gosw: ignoring XDG_CACHE_HOME=rel\/cache: not an absolute path/m);
    expect(existsSync(path.join(w.root, 'rel'))).toBe(false);
  });
});
