/**
 * The launcher's fast path (generated/launcher/fast.bash, rendered from shell/fast.sh, the bash hook,
 * mounts.sh and gocache.sh) against the real gosw (`node dist/gosw.cjs`): for every case, the same
 * stdout, stderr and exit code, byte for byte, over the same fixtures. Each case also says whether
 * the fast path must answer it in bash (`fast: true`) or hand it to the real gosw (`fast: false`:
 * warnings and notices, which Node words, other options, odd paths). The real gosw the fast path
 * hands over to is a tracer script that logs its arguments, then runs the bundle, so a hand-over is
 * seen, and its answer compared like any other.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFakeStore, STORE_RELEASES, writeTree, type StoreOptions, type TreeEntry } from '../helpers/shell/fixtures.js';
import { writeLauncher } from '../helpers/launcher.js';
import { CLI, REPO_ROOT } from '../helpers/shell/shells.js';

const FAST = path.join(REPO_ROOT, 'generated', 'launcher', 'fast.bash');

interface Case {
  name: string;
  args: string[];
  /** Files under the case's project dir. */
  tree?: Record<string, TreeEntry>;
  /** cwd (and PWD) relative to the project dir. */
  cwd?: string;
  /** PWD when it differs from cwd (a symlinked path to it), relative to the project dir. */
  pwd?: string;
  /** PWD as the project dir with this appended as it is (not normalised). */
  pwdRaw?: string;
  env?: Record<string, string | undefined>;
  /** The store: releases (default STORE_RELEASES) and options; null: GOSW_HOME does not exist. */
  store?: { releases?: readonly string[]; opts?: StoreOptions; files?: Record<string, TreeEntry> } | null;
  /** Answered by the fast path without the real gosw. */
  fast: boolean;
  /** Expected stdout, where the rules are clear (both sides must print it). */
  stdout?: string;
  status?: number;
}

const PROJ = { '.go-version': '1.22\n' };
const MOD = { 'go.mod': 'module x\n\ngo 1.22.3\n' };

const CASES: Case[] = [
  // gosw current
  { name: 'current: line from .go-version', args: ['current'], tree: PROJ, fast: true, stdout: 'go1.22.5 (from P/.go-version)\n' },
  { name: 'current: nested dir walks up', args: ['current'], tree: { ...PROJ, 'a/b/.keep': '' }, cwd: 'a/b', fast: true },
  { name: 'current: exact', args: ['current'], tree: { '.go-version': 'go1.21.13\n' }, fast: true },
  {
    name: 'current: old release name',
    args: ['current'],
    tree: { '.go-version': 'go1.20\n' },
    fast: true,
    stdout: 'go1.20 (from P/.go-version)\n',
  },
  { name: 'current: prerelease', args: ['current'], tree: { '.go-version': '1.23rc1\n' }, fast: true },
  { name: 'current: latest', args: ['current'], tree: { '.go-version': 'latest\n' }, fast: true },
  { name: 'current: go.mod minimum', args: ['current'], tree: MOD, fast: true, stdout: 'go1.22.5 (from P/go.mod)\n' },
  { name: 'current: go.mod toolchain', args: ['current'], tree: { 'go.mod': 'module x\ngo 1.21.0\ntoolchain go1.22.3\n' }, fast: true },
  { name: 'current: go.work over go.mod', args: ['current'], tree: { 'go.work': 'go 1.21.5\n', ...MOD }, fast: true },
  { name: 'current: .tool-versions', args: ['current'], tree: { '.tool-versions': 'nodejs 20\ngolang 1.20.14\n' }, fast: true },
  {
    name: 'current: not installed',
    args: ['current'],
    tree: { '.go-version': '1.22.9\n' },
    fast: true,
    stdout: 'go1.22.9 (from P/.go-version) is not installed; run: gosw install\n',
    status: 1,
  },
  { name: 'current: line not installed', args: ['current'], tree: { '.go-version': '1.19\n' }, fast: true, status: 1 },
  { name: 'current: system', args: ['current'], tree: { '.tool-versions': 'golang system\n', ...MOD }, fast: true },
  { name: 'current: GOSW_VERSION', args: ['current'], tree: PROJ, env: { GOSW_VERSION: '1.21' }, fast: true },
  {
    name: 'current: GOSW_VERSION invalid (a warning: Node words it)',
    args: ['current'],
    tree: PROJ,
    env: { GOSW_VERSION: 'banana' },
    fast: false,
  },
  { name: 'current: hostile .go-version (warning)', args: ['current'], tree: { '.go-version': '$(touch /tmp/x)\n', ...MOD }, fast: false },
  { name: 'current: escape sequences in a version file', args: ['current'], tree: { '.go-version': '\u001b[31m1.22\n' }, fast: false },
  {
    name: 'current: FIFO and directory skipped',
    args: ['current'],
    tree: { ...PROJ, 'in/.go-version': { fifo: true }, 'in/go.mod': { dir: true } },
    cwd: 'in',
    fast: true,
  },
  {
    name: 'current: link to /dev/zero skipped',
    args: ['current'],
    tree: { ...PROJ, 'in/.go-version': { symlink: '/dev/zero' } },
    cwd: 'in',
    fast: true,
  },
  { name: 'current: global default', args: ['current'], store: { opts: { global: '1.21' } }, fast: true },
  { name: 'current: nothing', args: ['current'], fast: true },
  { name: 'current: no store', args: ['current'], tree: PROJ, store: null, fast: true, status: 1 },
  {
    name: 'current: symlinked cwd (the logical PWD is walked)',
    args: ['current'],
    tree: {
      'code/.go-version': '1.21.13\n',
      'code/real/.keep': '',
      'top/.go-version': '1.22.3\n',
      'top/link': { symlink: '../code/real' },
    },
    cwd: 'code/real',
    pwd: 'top/link',
    fast: true,
    stdout: 'go1.22.3 (from P/top/.go-version)\n',
  },
  { name: 'current: PWD with /./ (Node resolves it)', args: ['current'], tree: PROJ, pwdRaw: '/./', fast: false },
  {
    name: 'current: PWD with // (Node resolves it)',
    args: ['current'],
    tree: { ...PROJ, 'a/.keep': '' },
    cwd: 'a',
    pwdRaw: '//a',
    fast: false,
  },
  { name: 'current: non-ASCII directory', args: ['current'], tree: { 'caf\u00e9/.go-version': '1.22\n' }, cwd: 'caf\u00e9', fast: false },
  { name: 'current: newline in a directory name', args: ['current'], tree: { 'a\nb/.go-version': '1.22\n' }, cwd: 'a\nb', fast: false },
  { name: 'current --json', args: ['current', '--json'], tree: PROJ, fast: true },
  { name: 'current --json: exact, not installed', args: ['current', '--json'], tree: { '.go-version': '1.22.9\n' }, fast: true, status: 1 },
  { name: 'current --json: go.mod minimum', args: ['current', '--json'], tree: MOD, fast: true },
  { name: 'current --json: latest', args: ['current', '--json'], tree: { '.go-version': 'stable\n' }, fast: true },
  { name: 'current --json: system', args: ['current', '--json'], tree: { '.tool-versions': 'golang system\n' }, fast: true },
  { name: 'current --json: GOSW_VERSION', args: ['current', '--json'], env: { GOSW_VERSION: 'go1.20' }, fast: true },
  { name: 'current --json: global default', args: ['current', '--json'], store: { opts: { global: '1.21' } }, fast: true },
  { name: 'current --json: line not installed', args: ['current', '--json'], tree: { '.go-version': '1.19\n' }, fast: true, status: 1 },
  { name: 'current --json: nothing', args: ['current', '--json'], fast: true },
  { name: 'current --json: a warning (Node lists it)', args: ['current', '--json'], tree: { '.go-version': 'banana\n' }, fast: false },
  {
    name: 'current --json: a path JSON escapes',
    args: ['current', '--json'],
    tree: { 'a"b\\c/.go-version': '1.22\n' },
    cwd: 'a"b\\c',
    fast: true,
  },
  { name: 'current: other options go to Node', args: ['current', '--help'], fast: false },
  {
    name: 'current: relative GOSW_HOME (a notice)',
    args: ['current'],
    tree: PROJ,
    env: { GOSW_HOME: 'rel/store' },
    fast: false,
    status: 1,
  },
  { name: 'current: relative XDG_DATA_HOME (a notice)', args: ['current'], env: { GOSW_HOME: '', XDG_DATA_HOME: 'rel' }, fast: false },
  // gosw local / global with no argument
  { name: 'local: the pin and its file', args: ['local'], tree: PROJ, fast: true, stdout: '1.22 (from P/.go-version)\n' },
  { name: 'local: go.mod', args: ['local'], tree: { ...MOD, 'a/.keep': '' }, cwd: 'a', fast: true, stdout: '1.22.3 (from P/go.mod)\n' },
  {
    name: 'local: old release name',
    args: ['local'],
    tree: { '.go-version': 'go1.20\n' },
    fast: true,
    stdout: '1.20.0 (from P/.go-version)\n',
  },
  {
    name: 'local: prerelease',
    args: ['local'],
    tree: { '.go-version': 'go1.23rc1\n' },
    fast: true,
    stdout: '1.23rc1 (from P/.go-version)\n',
  },
  {
    name: 'local: system',
    args: ['local'],
    tree: { '.tool-versions': 'golang system\n' },
    fast: true,
    stdout: 'system (from P/.tool-versions)\n',
  },
  {
    name: 'local: GOSW_VERSION is no pin',
    args: ['local'],
    tree: PROJ,
    env: { GOSW_VERSION: '1.21' },
    fast: true,
    stdout: '1.22 (from P/.go-version)\n',
  },
  { name: 'local: the global default is no pin', args: ['local'], store: { opts: { global: '1.21' } }, fast: true },
  { name: 'local: none', args: ['local'], fast: true },
  { name: 'local: invalid file (warning)', args: ['local'], tree: { '.go-version': 'banana\n' }, fast: false },
  { name: 'local with a version writes: Node', args: ['local', '1.22'], tree: {}, fast: false },
  { name: 'global: set', args: ['global'], store: { opts: { global: '1.21' } }, fast: true, stdout: '1.21 (from S/version)\n' },
  { name: 'global: latest', args: ['global'], store: { opts: { global: 'latest' } }, fast: true },
  { name: 'global: unset', args: ['global'], fast: true },
  { name: 'global: invalid', args: ['global'], store: { opts: { global: 'banana' } }, fast: true },
  { name: 'global: no store', args: ['global'], store: null, fast: true },
  // gosw list
  {
    name: 'list',
    args: ['list'],
    fast: true,
    stdout: 'go1.23rc1\ngo1.22.5   (1.22, latest)\ngo1.22.3\ngo1.21.13  (1.21)\ngo1.20.14  (1.20)\ngo1.20\n',
  },
  { name: 'list: empty store', args: ['list'], store: { releases: [] }, fast: true },
  { name: 'ls (an alias of list)', args: ['ls'], fast: true },
  { name: 'versions --json (an alias of list)', args: ['versions', '--json'], fast: true },
  { name: 'list: no store', args: ['list'], store: null, fast: true },
  {
    name: 'list: module proxy provenance',
    args: ['list'],
    store: {
      files: {
        'versions/go1.22.3/.gosw.json': `${JSON.stringify({ source: 'goproxy', proxy: 'https://proxy.golang.org', module: 'golang.org/toolchain@v0.0.1-go1.22.3.linux-amd64' }, null, 2)}\n`,
        'versions/go1.22.5/.gosw.json': `${JSON.stringify({ source: 'goproxy', proxy: 'x' }, null, 2)}\n`,
      },
    },
    fast: true,
  },
  {
    name: 'list: a go.dev tarball checked against the checksum database (its provenance says godev)',
    args: ['list', '--json'],
    store: {
      files: {
        'versions/go1.22.5/.gosw.json': `${JSON.stringify({ source: 'godev', archive: 'go1.22.5.linux-amd64.tar.gz', from: 'dl.google.com', h1: 'h1:x' }, null, 2)}\n`,
      },
    },
    fast: true,
  },
  {
    name: 'list: a provenance file of another shape (Node parses it)',
    args: ['list'],
    store: { files: { 'versions/go1.22.3/.gosw.json': '{"source":"goproxy"}' } },
    fast: false,
  },
  {
    name: 'list: a release number too long for bash (Node sorts it)',
    args: ['list'],
    store: { releases: ['go1.22.5', 'go1.1234567890'] },
    fast: false,
  },
  {
    name: 'list: a truncated provenance file (Node parses it)',
    args: ['list'],
    store: { files: { 'versions/go1.22.3/.gosw.json': '{\n  "source": "goproxy",\n' } },
    fast: false,
  },
  {
    name: 'list: stray entries are no releases',
    args: ['list'],
    store: { files: { 'versions/go1.24/bin/.keep': '', 'versions/notes.txt': 'x', 'versions/go1.x/bin/go': '' } },
    fast: true,
  },
  {
    name: 'list: two lines, no aliases',
    args: ['list'],
    store: { releases: ['go1.21.1', 'go1.9.2', 'go1.21rc2', 'go1.21'], opts: { aliases: {} } },
    fast: true,
  },
  { name: 'list --json', args: ['list', '--json'], fast: true },
  { name: 'list --json: empty store', args: ['list', '--json'], store: { releases: [] }, fast: true, stdout: '[]\n' },
  { name: 'list --json: no store', args: ['list', '--json'], store: null, fast: true },
  {
    name: 'list --json: module proxy provenance',
    args: ['list', '--json'],
    store: { files: { 'versions/go1.22.5/.gosw.json': `${JSON.stringify({ source: 'goproxy', proxy: 'x' }, null, 2)}\n` } },
    fast: true,
  },
  { name: 'list: other options go to Node', args: ['list', '--help'], fast: false },
  // gosw which
  { name: 'which: a line', args: ['which', '1.22'], fast: true, stdout: 'S/versions/go1.22.5\n' },
  { name: 'which: a line below 1.21', args: ['which', '1.20'], fast: true, stdout: 'S/versions/go1.20.14\n' },
  { name: 'which: exact', args: ['which', '1.22.3'], fast: true },
  { name: 'which: go1.20 is the release', args: ['which', 'go1.20'], fast: true, stdout: 'S/versions/go1.20\n' },
  { name: 'which: 1.20.0', args: ['which', '1.20.0'], fast: true, stdout: 'S/versions/go1.20\n' },
  { name: 'which: latest', args: ['which', 'latest'], fast: true },
  { name: 'which: stable', args: ['which', 'stable'], fast: true },
  { name: 'which: prerelease', args: ['which', '1.23rc1'], fast: true },
  {
    name: 'which: the line is not followed through a stale alias',
    args: ['which', '1.22'],
    store: { opts: { aliases: { '1.22': 'go1.22.3' } } },
    fast: true,
    stdout: 'S/versions/go1.22.5\n',
  },
  { name: 'which: not installed (Node says so)', args: ['which', '1.19'], fast: false, status: 1 },
  { name: 'which: system is no spec', args: ['which', 'system'], fast: false, status: 1 },
  { name: 'which: spaces to trim', args: ['which', ' 1.22 '], fast: false },
  { name: 'which: garbage', args: ['which', '1.22; rm -rf'], fast: false, status: 1 },
  // gosw env --format
  { name: 'env json in a project', args: ['env', '--format', 'json'], tree: PROJ, fast: true },
  { name: 'env --format=dotenv', args: ['env', '--format=dotenv'], tree: PROJ, fast: true },
  { name: 'env systemd', args: ['env', '--format', 'systemd'], tree: PROJ, fast: true },
  { name: 'env json outside projects', args: ['env', '--format', 'json'], fast: true },
  {
    name: 'env dotenv outside projects, no GOCACHE',
    args: ['env', '--format', 'dotenv'],
    env: { GOSW_GOCACHE: 'off' },
    fast: true,
    stdout: '\n',
  },
  // whatever rule gosw has for a GOCACHE the user set (gocache.sh / src/cache/gocache.ts), both sides follow it
  {
    name: "env: a GOCACHE of the user's",
    args: ['env', '--format', 'json'],
    env: { GOCACHE: '/tmp/gosw-fast-test-user-cache' },
    fast: true,
  },
  {
    name: 'env json, inherit',
    args: ['env', '--format', 'json'],
    env: { GOSW_GOCACHE: 'inherit', GOCACHE: '/x/y' },
    fast: true,
    stdout: '{}\n',
  },
  { name: 'env: system', args: ['env', '--format', 'json'], tree: { '.tool-versions': 'golang system\n' }, fast: true },
  {
    name: 'env: a GOCACHE of the user on a native disk is kept (none printed)',
    args: ['env', '--format', 'json'],
    tree: PROJ,
    env: { GOCACHE: '/var/tmp/my-gocache' },
    fast: true,
  },
  {
    name: 'env: a relative GOCACHE of the user is replaced, said by Node',
    args: ['env', '--format', 'json'],
    tree: PROJ,
    env: { GOCACHE: 'rel/cache' },
    fast: false,
  },
  {
    name: 'env: outside projects no GOCACHE, whatever the user has',
    args: ['env', '--format', 'dotenv'],
    env: { GOCACHE: 'rel/cache' },
    fast: true,
  },
  { name: 'env: not installed', args: ['env', '--format', 'dotenv'], tree: { '.go-version': '1.22.9\n' }, fast: true },
  { name: 'env: GOSW_GOTOOLCHAIN=keep', args: ['env', '--format', 'json'], tree: PROJ, env: { GOSW_GOTOOLCHAIN: 'keep' }, fast: true },
  {
    name: 'env: PATH drops the hook entry and empty entries; quotes, $ and backslashes escaped',
    args: ['env', '--format', 'dotenv'],
    tree: PROJ,
    env: { PATH: '/a"b:/c$d::/e\\f:/g`h:/old/go/bin:/usr/bin:/bin', _GOSW_PATH_ENTRY: '/old/go/bin' },
    fast: true,
  },
  { name: 'env: no PATH in the environment', args: ['env', '--format', 'json'], tree: PROJ, env: { PATH: undefined }, fast: true },
  { name: 'env json escapes', args: ['env', '--format', 'json'], tree: PROJ, env: { PATH: '/a"b:/c\\d:/usr/bin:/bin' }, fast: true },
  { name: 'env: invalid version file is silent', args: ['env', '--format', 'json'], tree: { '.go-version': 'banana\n' }, fast: true },
  { name: 'env: a version argument goes to Node', args: ['env', '--format', 'json', '1.22'], fast: false },
  { name: 'env: unknown format', args: ['env', '--format', 'yaml'], fast: false, status: 2 },
  { name: 'env: bad GOSW_GOCACHE (a notice)', args: ['env', '--format', 'json'], env: { GOSW_GOCACHE: 'bogus' }, fast: false },
  { name: 'env: relative XDG_CACHE_HOME (a notice)', args: ['env', '--format', 'json'], env: { XDG_CACHE_HOME: 'rel' }, fast: false },
  { name: 'env: non-ASCII in PATH', args: ['env', '--format', 'json'], tree: PROJ, env: { PATH: '/caf\u00e9:/usr/bin:/bin' }, fast: false },
];

let root: string;
let n = 0;

beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'gosw-fast-')));
  expect(existsSync(FAST), `${FAST} is rendered by scripts/render-hooks.mjs`).toBe(true);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** One case in a fresh sandbox: the fast path's outcome, whether it handed over, and Node's. */
function runCase(c: Case): { fast: Outcome; handedOver: boolean; node: Outcome; proj: string; store: string } {
  const base = path.join(root, `c${n++}`);
  const home = path.join(base, 'home');
  const proj = path.join(base, 'proj');
  const store = path.join(base, 'store');
  mkdirSync(home, { recursive: true });
  mkdirSync(proj, { recursive: true });
  writeTree(proj, c.tree ?? {});
  if (c.store !== null) {
    makeFakeStore(store, c.store?.releases ?? STORE_RELEASES, c.store?.opts ?? {});
    writeTree(store, c.store?.files ?? {});
  }
  const log = path.join(base, 'handed-over.log');
  const tracer = path.join(base, 'real-gosw');
  writeFileSync(tracer, `#!/bin/sh\nprintf '%s\\n' "$*" >>'${log}'\nexec '${process.execPath}' '${CLI}' "$@"\n`);
  chmodSync(tracer, 0o755);
  const cwd = path.join(proj, c.cwd ?? '');
  const env: Record<string, string | undefined> = {
    PATH: '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    GOSW_HOME: store,
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_DATA_HOME: path.join(home, 'data'),
    PWD: c.pwdRaw !== undefined ? proj + c.pwdRaw : path.join(proj, c.pwd ?? c.cwd ?? ''),
    ...c.env,
  };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k];
  const opts = { cwd, env, encoding: 'utf8' as const, timeout: 60_000 };
  const f = spawnSync(writeLauncher(path.join(base, 'gosw'), tracer), c.args, opts);
  const handedOver = existsSync(log);
  const r = spawnSync(process.execPath, [CLI, ...c.args], opts);
  const out = (x: typeof f): Outcome => ({ status: x.status, stdout: x.stdout, stderr: x.stderr });
  return { fast: out(f), handedOver, node: out(r), proj, store };
}

describe('the launcher fast path answers exactly as the real gosw', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const { fast, handedOver, node, proj, store } = runCase(c);
      expect(fast, 'fast path vs node').toEqual(node);
      expect(handedOver, handedOver ? 'handed over to the real gosw' : 'answered in bash').toBe(!c.fast);
      if (c.stdout !== undefined) expect(node.stdout).toBe(c.stdout.replaceAll('P/', `${proj}/`).replaceAll('S/', `${store}/`));
      expect(node.status, 'exit code').toBe(c.status ?? 0);
    });
  }
});

describe('the fast path is rendered, not written', () => {
  it('generated/launcher/fast.bash holds the bash hook and the shared shell files verbatim', () => {
    const text = readFileSync(FAST, 'utf8');
    let at = 0;
    // in this order: the main call (fast-run.sh) before what only env --format needs
    for (const f of [
      'shell/fast.sh',
      'shell/fast-store.sh',
      'generated/hooks/gosw.bash',
      'shell/fast-run.sh',
      'shell/mounts.sh',
      'shell/gocache.sh',
      'shell/fast-env.sh',
    ]) {
      const i = text.indexOf(readFileSync(path.join(REPO_ROOT, f), 'utf8'), at);
      expect(i, `${f}, after the files before it`).toBeGreaterThanOrEqual(at);
      at = i + 1;
    }
  });

  it('hands over with the environment it was given (the hook registration, gocache.sh and LC_ALL put back)', () => {
    const base = path.join(root, 'env');
    mkdirSync(base, { recursive: true });
    const dump = path.join(base, 'dump');
    writeFileSync(dump, `#!/bin/sh\nenv | LC_ALL=C sort\n`);
    chmodSync(dump, 0o755);
    const gosw = writeLauncher(path.join(base, 'gosw'), dump);
    for (const lc of [{ LC_ALL: 'xx_XX.UTF-8' }, { LC_ALL: '' }, {}]) {
      const env = {
        PATH: '/usr/bin:/bin',
        HOME: base,
        GOSW_HOOK_PID: '123',
        PROMPT_COMMAND: 'mine',
        GOCACHE: '/mine',
        GOSW_GOCACHE: 'bogus',
        ...lc,
      };
      // env --format with a bad GOSW_GOCACHE runs gocache.sh's init, then hands over.
      const f = spawnSync(gosw, ['env', '--format', 'json'], { cwd: base, env, encoding: 'utf8' });
      const direct = spawnSync(dump, [], { cwd: base, env, encoding: 'utf8' });
      const strip = (s: string) => s.split('\n').filter((l) => !/^(_|SHLVL|OLDPWD|GOSW_LAUNCHER)=/.test(l));
      expect(strip(f.stdout), JSON.stringify(lc)).toEqual(strip(direct.stdout));
      expect(f.stdout).toContain('GOCACHE=/mine\n');
      expect(f.stdout).not.toContain('GOSW_HOOK_LOADS');
      expect(f.stderr, 'no locale warning from bash').toBe('');
    }
  });

  it('answers under a locale that is not installed without a word from bash', () => {
    const { fast, node, handedOver } = runCase({
      name: 'locale',
      args: ['current'],
      tree: PROJ,
      env: { LC_ALL: 'xx_XX.UTF-8' },
      fast: true,
    });
    expect(handedOver).toBe(false);
    expect(fast).toEqual(node);
    expect(fast.stderr).toBe('');
  });
});
