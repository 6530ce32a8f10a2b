/**
 * `gosw doctor [--json]` end to end, one test per check. Everything is a fixture: a temp HOME /
 * XDG dirs / GOSW_HOME, PATH made only of temp dirs holding fake `go` scripts (which answer
 * `go env GOROOT|GOCACHE|GOMODCACHE|GOPATH|GOENV`), and GOSW_SYSROOT naming a fixture root
 * (test/helpers/sysroot.ts: mountinfo, os-release, kernel release; a wsl.conf where a test writes
 * one). Mount points in the fixture
 * mountinfo are temp dirs (or /mnt/... strings that are never touched), so the real system is
 * only ever read, never written.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, makeSandbox, type Sandbox, sandboxEnv } from '../helpers/cli.js';
import { makeSysroot, SYSROOT_PATHS } from '../helpers/sysroot.js';

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
/** A pid no process can have (above Linux's pid_max limit): "dead". */
const DEAD_PID = 2_000_000_000;
const NOBODY = 65534;

type Level = 'ok' | 'warn' | 'fail';
interface Check {
  id: string;
  level: Level;
  message: string;
  hint?: string;
}
interface Report {
  ok: boolean;
  /** With --fix: one line per thing done. */
  fixed?: string[];
  checks: Check[];
}

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Writes `<dir>/go`: a /bin/sh script (builtins only) answering `go version` and `go env KEY`. */
function fakeGo(dir: string, answers: Record<string, string>, version = 'go1.22.5'): string {
  mkdirSync(dir, { recursive: true });
  const cases = Object.entries(answers).map(([k, v]) => `    ${k}) printf '%s\\n' ${sq(v)} ;;`);
  const script = [
    '#!/bin/sh',
    'case "$1" in',
    `  version) echo "go version ${version} linux/amd64" ;;`,
    '  env)',
    '    case "$2" in',
    ...cases,
    '    *) echo ;;',
    '    esac ;;',
    '  *) exit 2 ;;',
    'esac',
    '',
  ].join('\n');
  const go = path.join(dir, 'go');
  writeFileSync(go, script);
  chmodSync(go, 0o755);
  return go;
}

interface Fixture {
  sb: Sandbox;
  /** GOROOT of the active gosw version (go1.22.5) and its bin dir. */
  goroot: string;
  storeBin: string;
  gopath: string;
  gocache: string;
  /** A fixture drvfs mount point (a temp dir), an nfs4 one and an unknown fuse type. */
  winc: string;
  nfs: string;
  sshfs: string;
  /** The fixture system files, under the GOSW_SYSROOT root (wslConf missing until written). */
  files: { mountinfo: string; osRelease: string; kernel: string; wslConf: string };
  /** Go env answers of the store's go (tests may change them, then call writeStoreGo()). */
  goAnswers: Record<string, string>;
  writeStoreGo(): void;
  /** The environment of a healthy shell where the gosw hook made go1.22.5 active. */
  env(extra?: Record<string, string | undefined>): Record<string, string>;
}

function setup(): Fixture {
  const sb = makeSandbox();
  chmodSync(sb.root, 0o755); // lets a test run the CLI as another user
  const winc = path.join(sb.root, 'winc');
  const nfs = path.join(sb.root, 'nfs');
  const sshfs = path.join(sb.root, 'sshfs');
  for (const d of [winc, nfs, sshfs]) mkdirSync(d);
  const sysroot = makeSysroot(
    {
      mountinfo: [
        '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
        `80 22 0:50 / ${winc} rw,noatime - drvfs C:\\134 rw`,
        '81 22 0:51 / /mnt/c rw,noatime - 9p C:\\134 rw,aname=drvfs',
        `82 22 0:52 / ${nfs} rw - nfs4 srv:/export rw`,
        `83 22 0:53 / ${sshfs} rw - fuse.sshfs me@box:/ rw`,
        '',
      ].join('\n'),
      osRelease: 'NAME="Ubuntu"\nID=ubuntu\nVERSION_ID="22.04"\n',
      kernel: '6.5.0-35-generic\n',
      // no wsl.conf: tests that need one write it
    },
    path.join(sb.root, 'sysroot'),
  );
  const at = (key: keyof typeof SYSROOT_PATHS) => path.join(sysroot, SYSROOT_PATHS[key]);
  const files = { mountinfo: at('mountinfo'), osRelease: at('osRelease'), kernel: at('kernel'), wslConf: at('wslConf') };
  const goroot = sb.version('go1.22.5');
  const storeBin = path.join(goroot, 'bin');
  const gopath = path.join(sb.home, 'go');
  const gocache = path.join(sb.xdgCache, 'gosw', 'go-build', 'ubuntu-22.04');
  mkdirSync(path.dirname(gocache), { recursive: true, mode: 0o755 });
  mkdirSync(gocache, { mode: 0o700 });
  writeFileSync(path.join(gocache, 'README'), 'This directory holds cached build artifacts from the Go build system.\n');
  mkdirSync(path.join(sb.goswHome, 'tmp'), { recursive: true });
  mkdirSync(path.join(sb.goswHome, 'locks'), { recursive: true });
  writeFileSync(path.join(sb.goswHome, 'store.json'), '{"format": 1}\n');
  const goAnswers: Record<string, string> = {
    GOROOT: goroot,
    GOCACHE: gocache,
    GOMODCACHE: path.join(gopath, 'pkg', 'mod'),
    GOPATH: gopath,
    GOENV: path.join(sb.xdgConfig, 'go', 'env'),
  };
  const f: Fixture = {
    sb,
    goroot,
    storeBin,
    gopath,
    gocache,
    winc,
    nfs,
    sshfs,
    files,
    goAnswers,
    writeStoreGo: () => void fakeGo(storeBin, goAnswers),
    env: (extra: Record<string, string | undefined> = {}) =>
      sandboxEnv(sb, {
        PATH: [storeBin, path.join(gopath, 'bin')].join(':'),
        GOSW_SYSROOT: sysroot,
        // what the hook leaves in a shell where go1.22.5 is active
        GOSW_CURRENT: 'go1.22.5',
        _GOSW_PATH_ENTRY: storeBin,
        GOROOT: goroot,
        GOTOOLCHAIN: 'local',
        GOCACHE: gocache,
        // the hook ran once in "this shell": the CLI's parent is this test process
        GOSW_HOOK_PID: String(process.pid),
        GOSW_HOOK_LOADS: '1',
        ...extra,
      }),
  };
  mkdirSync(goroot, { recursive: true });
  f.writeStoreGo();
  writeFileSync(path.join(goroot, 'VERSION'), 'go1.22.5\n');
  symlinkSync('go1.22.5', path.join(sb.versionsDir, '1.22'));
  symlinkSync('go1.22.5', path.join(sb.versionsDir, 'latest'));
  return f;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  report: Report;
  /** The checks with this id. */
  get(id: string): Check[];
  /** The single check with this id (fails the test if there is not exactly one). */
  one(id: string): Check;
  ids(): string[];
  dump: string;
}

function doctor(env: Record<string, string>, opts: { json?: boolean; uid?: number; cwd?: string; fix?: boolean } = {}): Run {
  const json = opts.json ?? true;
  const r = spawnSync(process.execPath, [CLI_PATH, 'doctor', ...(json ? ['--json'] : []), ...(opts.fix ? ['--fix'] : [])], {
    env,
    cwd: opts.cwd ?? env.HOME,
    encoding: 'utf8',
    timeout: 30_000,
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.uid } : {}),
  });
  const dump = `exit ${r.status}\n--- stdout ---\n${r.stdout}--- stderr ---\n${r.stderr}`;
  let report: Report = { ok: false, checks: [] };
  if (json) {
    try {
      report = JSON.parse(r.stdout) as Report;
    } catch {
      throw new Error(`doctor --json printed no JSON:\n${dump}`);
    }
  }
  const get = (id: string) => report.checks.filter((c) => c.id === id);
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    report,
    get,
    one: (id) => {
      const c = get(id);
      expect(c, `exactly one check ${id}:\n${dump}`).toHaveLength(1);
      return c[0]!;
    },
    ids: () => report.checks.map((c) => c.id),
    dump,
  };
}

/** Asserts the level of a single check, and the exit code that level implies when it is the only problem. */
function expectCheck(r: Run, id: string, level: Level, message?: RegExp, opts: { hint?: boolean } = {}): Check {
  const c = r.one(id);
  expect(c.level, `${id}: ${c.message}\n${r.dump}`).toBe(level);
  if (message) expect(c.message).toMatch(message);
  if (level !== 'ok' && (opts.hint ?? true)) expect(c.hint, `${id} has a fix hint`).toBeTruthy();
  expect(c.message).not.toContain('\n');
  return c;
}

function expectOnlyProblems(r: Run, problems: string[]): void {
  const bad = r.report.checks.filter((c) => c.level !== 'ok').map((c) => c.id);
  expect(bad.sort(), r.dump).toEqual([...problems].sort());
  const fails = r.report.checks.some((c) => c.level === 'fail');
  expect(r.report.ok, r.dump).toBe(!fails);
  expect(r.code, r.dump).toBe(fails ? 1 : 0);
}

describe('gosw doctor: a healthy setup', () => {
  it('every check is ok and the exit code is 0', () => {
    const f = setup();
    const r = doctor(f.env());
    expect(r.stderr).toBe('');
    expect(r.report.ok).toBe(true);
    expect(r.code).toBe(0);
    expect(
      r.report.checks.filter((c) => c.level !== 'ok'),
      r.dump,
    ).toEqual([]);
    for (const id of ['path-shadow', 'goroot', 'hook', 'gocache-fs', 'gomodcache-fs', 'gopath-fs', 'gocache-size', 'store'])
      expectCheck(r, id, 'ok');
    expect(r.one('path-shadow').message).toContain('go1.22.5');
    expect(r.one('gocache-fs').message).toContain('ext4');
  });

  it('the text output: one line per check, ok/warn/FAIL, with "fix:" lines for problems', () => {
    const f = setup();
    const good = doctor(f.env(), { json: false });
    expect(good.code).toBe(0);
    const lines = good.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(8);
    for (const l of lines) expect(l).toMatch(/^ok {4}\S/);

    const bad = doctor(f.env({ GOSW_HOOK_PID: undefined, GOROOT: f.sb.outside }), { json: false });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^FAIL {2}GOROOT=.* is not the GOROOT of the first go on PATH/m);
    expect(bad.stdout).toMatch(/^warn {2}the gosw hook is not loaded in this shell$/m);
    expect(bad.stdout).toMatch(/^ {6}fix: /m);
    expect(bad.stdout).not.toMatch(/\x1b\[/); // no colour when not on a terminal
  });
});

describe('gosw doctor: which go runs', () => {
  it('path-shadow: another go earlier on PATH than the active gosw version -> FAIL, exit 1', () => {
    const f = setup();
    const other = path.join(f.sb.root, 'usr-local-go', 'bin');
    fakeGo(other, { GOROOT: path.dirname(other) }, 'go1.19.3');
    const r = doctor(f.env({ PATH: `${other}:${f.storeBin}:${path.join(f.gopath, 'bin')}`, GOROOT: undefined }));
    expectCheck(r, 'path-shadow', 'fail', new RegExp(`${other}/go comes before gosw's ${f.storeBin}/go`));
    expect(r.code).toBe(1);
  });

  it('path-shadow: no gosw version active -> ok, whatever go is first', () => {
    const f = setup();
    const other = path.join(f.sb.root, 'usr-local-go', 'bin');
    fakeGo(other, { GOROOT: path.dirname(other), GOPATH: f.gopath, GOMODCACHE: f.goAnswers.GOMODCACHE! });
    const r = doctor(
      f.env({
        PATH: `${other}:${path.join(f.gopath, 'bin')}`,
        GOSW_CURRENT: undefined,
        _GOSW_PATH_ENTRY: undefined,
        GOROOT: undefined,
        GOTOOLCHAIN: undefined,
      }),
    );
    expectCheck(r, 'path-shadow', 'ok', /no gosw version selected here/);
    expectOnlyProblems(r, []);
  });

  it('other-go: another go later on PATH -> warn, exit 0', () => {
    const f = setup();
    const other = path.join(f.sb.root, 'usr-local-go', 'bin');
    fakeGo(other, { GOROOT: path.dirname(other) });
    const r = doctor(f.env({ PATH: `${f.storeBin}:${path.join(f.gopath, 'bin')}:${other}` }));
    expectCheck(r, 'other-go', 'warn', new RegExp(`another go is on PATH: ${other}/go$`));
    expectOnlyProblems(r, ['other-go']);
  });

  it('other-go: one warning per extra go; the store go is not "another go"', () => {
    const f = setup();
    const a = path.join(f.sb.root, 'a', 'bin');
    const b = path.join(f.sb.root, 'b', 'bin');
    fakeGo(a, {});
    fakeGo(b, {});
    const r = doctor(f.env({ PATH: `${f.storeBin}:${a}:${path.join(f.gopath, 'bin')}:${b}` }));
    expect(r.get('other-go').map((c) => c.message)).toEqual([`another go is on PATH: ${a}/go`, `another go is on PATH: ${b}/go`]);
  });

  it('path-dup: two gosw entries on PATH -> FAIL', () => {
    const f = setup();
    const old = f.sb.version('go1.21.13');
    fakeGo(path.join(old, 'bin'), { GOROOT: old }, 'go1.21.13');
    const r = doctor(f.env({ PATH: `${f.storeBin}:${path.join(f.gopath, 'bin')}:${path.join(old, 'bin')}` }));
    expectCheck(r, 'path-dup', 'fail', /PATH holds 2 gosw entries/);
    expect(r.code).toBe(1);
  });
});

describe('gosw doctor: GOROOT', () => {
  it('goroot: GOROOT is not the GOROOT of the first go -> FAIL', () => {
    const f = setup();
    const r = doctor(f.env({ GOROOT: f.sb.outside }));
    expectCheck(r, 'goroot', 'fail', new RegExp(`GOROOT=${f.sb.outside} is not the GOROOT of the first go on PATH`));
    expect(r.code).toBe(1);
  });

  it('goroot: GOROOT does not exist -> FAIL', () => {
    const f = setup();
    const r = doctor(f.env({ GOROOT: path.join(f.sb.root, 'gone') }));
    expect(r.get('goroot').map((c) => c.level)).toContain('fail');
    expect(
      r
        .get('goroot')
        .map((c) => c.message)
        .join('\n'),
    ).toMatch(/does not exist/);
    expect(r.code).toBe(1);
  });

  it('goroot: GOROOT through a symlink or with a trailing slash still matches', () => {
    const f = setup();
    const link = path.join(f.sb.root, 'goroot-link');
    symlinkSync(f.goroot, link);
    expectOnlyProblems(doctor(f.env({ GOROOT: link })), []);
    expectOnlyProblems(doctor(f.env({ GOROOT: `${f.goroot}/` })), []);
  });

  it('go-env-goroot: `go env GOROOT` disagrees with GOROOT -> FAIL', () => {
    const f = setup();
    f.goAnswers.GOROOT = path.join(f.sb.root, 'somewhere-else');
    f.writeStoreGo();
    const r = doctor(f.env());
    expectCheck(r, 'goroot', 'ok');
    expectCheck(r, 'go-env-goroot', 'fail', new RegExp(`go env GOROOT says ${f.goAnswers.GOROOT}, but GOROOT is ${f.goroot}`));
    expect(r.code).toBe(1);
  });

  it('no GOROOT in the environment: no GOROOT checks', () => {
    const f = setup();
    const r = doctor(f.env({ GOROOT: undefined }));
    expect(r.get('goroot')).toEqual([]);
    expect(r.get('go-env-goroot')).toEqual([]);
  });
});

describe('gosw doctor: the hook', () => {
  it('hook not loaded in the parent shell (GOSW_HOOK_PID unset or another pid) -> warn, exit 0', () => {
    const f = setup();
    for (const pid of [undefined, String(DEAD_PID)]) {
      const r = doctor(f.env({ GOSW_HOOK_PID: pid }));
      expectCheck(r, 'hook', 'warn', /not loaded in this shell/);
      expectOnlyProblems(r, ['hook']);
    }
  });

  it('hook loaded twice (GOSW_HOOK_LOADS=2) -> warn', () => {
    const f = setup();
    const r = doctor(f.env({ GOSW_HOOK_LOADS: '2' }));
    expectCheck(r, 'hook', 'warn', /ran 2 times/);
    expectOnlyProblems(r, ['hook']);
  });
});

describe('gosw doctor: caches', () => {
  it('gocache-fs: GOCACHE on a (fixture) drvfs mount -> FAIL, and the plan notice says gosw overrides it', () => {
    const f = setup();
    const bad = path.join(f.winc, 'Users', 'me', 'gocache');
    const r = doctor(f.env({ GOCACHE: bad }));
    expectCheck(r, 'gocache-fs', 'fail', new RegExp(`GOCACHE=${bad} is on drvfs`));
    expect(
      r
        .get('gocache-plan')
        .map((c) => c.message)
        .join('\n'),
    ).toMatch(/your GOCACHE=.* is on drvfs/);
    expect(r.code).toBe(1);
  });

  it('gomodcache-fs: `go env GOMODCACHE` on drvfs -> FAIL', () => {
    const f = setup();
    f.goAnswers.GOMODCACHE = path.join(f.winc, 'gomod');
    f.writeStoreGo();
    const r = doctor(f.env());
    expectCheck(r, 'gomodcache-fs', 'fail', /GOMODCACHE=.* is on drvfs/);
    expect(r.code).toBe(1);
  });

  it('gopath-fs: GOPATH (from the environment) on drvfs -> FAIL', () => {
    const f = setup();
    const gp = path.join(f.winc, 'go');
    const r = doctor(f.env({ GOPATH: gp, PATH: `${f.storeBin}:${gp}/bin` }));
    expectCheck(r, 'gopath-fs', 'fail', /GOPATH=.* is on drvfs/);
    expect(r.code).toBe(1);
  });

  it('gocache-fs: GOCACHE on nfs4 -> warn only', () => {
    const f = setup();
    const dir = path.join(f.nfs, 'gocache');
    mkdirSync(dir, { mode: 0o700 });
    const r = doctor(f.env({ GOCACHE: dir, GOSW_GOCACHE: 'inherit' }));
    // (the hint of this warning is checked by the regression test below)
    expectCheck(r, 'gocache-fs', 'warn', /nfs4: a network filesystem/, { hint: false });
    expectOnlyProblems(r, ['gocache-fs']);
  });

  // Regression (fixed): src/doctor/checks.ts adds the nfs warnings of gocache-fs / gomodcache-fs / gopath-fs and
  // every gocache-plan notice without a hint, so `gosw doctor` prints "warn  ..." with no
  // "fix:" line; the issue asks for one line per check with a fix hint. Every other non-ok check has one.
  it('every warning has a fix hint: GOCACHE on nfs4, and the gocache-plan notice of an unsafe GOCACHE', () => {
    const f = setup();
    const dir = path.join(f.nfs, 'gocache');
    mkdirSync(dir, { mode: 0o700 });
    const nfs = doctor(f.env({ GOCACHE: dir, GOSW_GOCACHE: 'inherit' }));
    const plan = doctor(f.env({ GOCACHE: path.join(f.winc, 'gocache') }));
    const missing = [...nfs.report.checks, ...plan.report.checks]
      .filter((c) => c.level !== 'ok' && !c.hint)
      .map((c) => `${c.id}: ${c.message}`);
    expect(missing).toEqual([]);
  });

  it('gocache-fs: an unknown filesystem type is probed on disk (a real temp dir passes)', () => {
    const f = setup();
    const dir = path.join(f.sshfs, 'gocache');
    mkdirSync(dir, { mode: 0o700 });
    const r = doctor(f.env({ GOCACHE: dir, GOSW_GOCACHE: 'inherit' }));
    expectCheck(r, 'gocache-fs', 'ok', /fuse\.sshfs/);
    expectOnlyProblems(r, []);
  });

  // Regression (fixed): judgePath (src/cache/gocache.ts), used by the doctor's gocache-fs / gomodcache-fs /
  // gopath-fs checks, looks the path up in mountinfo as written, without resolving symlinks, although
  // doctor already touches the disk (stat, probes). Input: GOCACHE=~/gocache, a symlink to a dir on a
  // drvfs mount (e.g. ~/gocache -> /mnt/d/gocache to save space on the WSL disk). Expected
  // gocache-fs FAIL "is on drvfs"; actual "ok  GOCACHE is on ext4", exit 0.
  it('gocache-fs: GOCACHE is a symlink to a directory on drvfs -> FAIL', () => {
    const f = setup();
    const target = path.join(f.winc, 'gocache');
    mkdirSync(target, { mode: 0o700 });
    const link = path.join(f.sb.home, 'gocache');
    symlinkSync(target, link);
    const r = doctor(f.env({ GOCACHE: link, GOSW_GOCACHE: 'inherit' }));
    expectCheck(r, 'gocache-fs', 'fail', /drvfs/);
    expect(r.code).toBe(1);
  });

  it('gocache-mode: mode 0755 -> warn', () => {
    const f = setup();
    chmodSync(f.gocache, 0o755);
    const r = doctor(f.env());
    expectCheck(r, 'gocache-mode', 'warn', /has mode 755/);
    expectOnlyProblems(r, ['gocache-mode']);
  });

  it('gocache-mode: 0750 is looser than 0700 too', () => {
    const f = setup();
    chmodSync(f.gocache, 0o750);
    expectCheck(doctor(f.env()), 'gocache-mode', 'warn', /has mode 750/);
  });

  it.skipIf(!IS_ROOT)('gocache-owner: owned by another uid -> FAIL (needs root to chown)', () => {
    const f = setup();
    chownSync(f.gocache, NOBODY, NOBODY);
    const r = doctor(f.env());
    expectCheck(r, 'gocache-owner', 'fail', new RegExp(`owned by uid ${NOBODY}, not you \\(0\\)`));
    expect(r.code).toBe(1);
  });

  it('gocache-writable: not writable -> FAIL', () => {
    const f = setup();
    if (IS_ROOT) {
      // root writes anywhere: run the CLI as nobody against a root-owned 0700 cache instead
      const r = doctor(f.env({ GOSW_HOOK_PID: String(process.pid) }), { uid: NOBODY, cwd: f.sb.root });
      expectCheck(r, 'gocache-writable', 'fail', /is not writable/);
      expectCheck(r, 'gocache-owner', 'fail', new RegExp(`owned by uid 0, not you \\(${NOBODY}\\)`));
      expect(r.code).toBe(1);
    } else {
      chmodSync(f.gocache, 0o500);
      const r = doctor(f.env());
      expectCheck(r, 'gocache-writable', 'fail', /is not writable/);
      expect(r.code).toBe(1);
    }
  });

  it('gocache-size: over GOSW_CACHE_WARN (e.g. 1K) -> warn; under the default 10 GiB -> ok', () => {
    const f = setup();
    mkdirSync(path.join(f.gocache, 'ab'));
    writeFileSync(path.join(f.gocache, 'ab', `${'ab'.repeat(32)}-d`), Buffer.alloc(4096));
    expectCheck(doctor(f.env()), 'gocache-size', 'ok', /GOCACHE holds \d+ KiB/);
    for (const limit of ['1K', '1KiB', '2k', '4000']) {
      const r = doctor(f.env({ GOSW_CACHE_WARN: limit }));
      expectCheck(r, 'gocache-size', 'warn', /GOCACHE holds .* \(over /);
      expectOnlyProblems(r, ['gocache-size']);
    }
    expectCheck(doctor(f.env({ GOSW_CACHE_WARN: '1M' })), 'gocache-size', 'ok');
  });

  it('GOCACHE under inherit with no GOCACHE set: `go env GOCACHE` is checked', () => {
    const f = setup();
    f.goAnswers.GOCACHE = path.join(f.winc, 'from-go-env');
    f.writeStoreGo();
    const r = doctor(f.env({ GOCACHE: undefined, GOSW_GOCACHE: 'inherit' }));
    expectCheck(r, 'gocache-fs', 'fail', /from-go-env is on drvfs/);
  });
});

describe('gosw doctor: GOTOOLCHAIN and GOFLAGS', () => {
  it('gotoolchain: GOTOOLCHAIN in the environment while gosw is active -> FAIL', () => {
    const f = setup();
    const r = doctor(f.env({ GOTOOLCHAIN: 'go1.23.0+auto' }));
    expectCheck(r, 'gotoolchain', 'fail', /GOTOOLCHAIN=go1\.23\.0\+auto is set/);
    expect(r.code).toBe(1);
  });

  it('gotoolchain: set with no gosw version active -> warn', () => {
    const f = setup();
    const r = doctor(f.env({ GOTOOLCHAIN: 'auto', GOSW_CURRENT: undefined, _GOSW_PATH_ENTRY: undefined }));
    expectCheck(r, 'gotoolchain', 'warn');
    expect(r.code).toBe(0);
  });

  it('gotoolchain: GOSW_GOTOOLCHAIN=keep while active -> no check; GOTOOLCHAIN=local -> no check', () => {
    const f = setup();
    expect(doctor(f.env({ GOTOOLCHAIN: 'auto', GOSW_GOTOOLCHAIN: 'keep' })).get('gotoolchain')).toEqual([]);
    expect(doctor(f.env({ GOTOOLCHAIN: 'local' })).get('gotoolchain')).toEqual([]);
  });

  it('gotoolchain-goenv: GOTOOLCHAIN in the go env file that `go env GOENV` names -> warn', () => {
    const f = setup();
    const goenv = path.join(f.sb.root, 'custom-goenv');
    writeFileSync(goenv, 'GOPROXY=direct\nGOTOOLCHAIN=go1.23.1\n');
    f.goAnswers.GOENV = goenv;
    f.writeStoreGo();
    const r = doctor(f.env());
    expectCheck(r, 'gotoolchain-goenv', 'warn', new RegExp(`${goenv} sets GOTOOLCHAIN=go1\\.23\\.1`));
    expectOnlyProblems(r, ['gotoolchain-goenv']);
    writeFileSync(goenv, 'GOTOOLCHAIN=local\n');
    expect(doctor(f.env()).get('gotoolchain-goenv')).toEqual([]);
  });

  it('gotoolchain-goenv: with no go on PATH, $XDG_CONFIG_HOME/go/env is read', () => {
    const f = setup();
    mkdirSync(path.join(f.sb.xdgConfig, 'go'), { recursive: true });
    writeFileSync(path.join(f.sb.xdgConfig, 'go', 'env'), 'GOTOOLCHAIN=auto\n');
    const r = doctor(f.env({ PATH: path.join(f.gopath, 'bin'), GOSW_CURRENT: undefined, _GOSW_PATH_ENTRY: undefined, GOROOT: undefined }));
    expectCheck(r, 'gotoolchain-goenv', 'warn', /go\/env sets GOTOOLCHAIN=auto/);
  });

  it('goflags: GOFLAGS with -toolexec -> warn', () => {
    const f = setup();
    for (const flags of ['-toolexec=/usr/local/bin/spy', '-mod=mod -toolexec=spy', '-toolexec spy']) {
      const r = doctor(f.env({ GOFLAGS: flags }));
      expectCheck(r, 'goflags', 'warn', /-toolexec/);
      expectOnlyProblems(r, ['goflags']);
    }
    expect(doctor(f.env({ GOFLAGS: '-mod=mod -trimpath' })).get('goflags')).toEqual([]);
  });

  // Regression (fixed): src/doctor/checks.ts matches GOFLAGS against /(^|\s)-toolexec/, so the double-dash
  // spelling misses. cmd/go accepts `--toolexec=...` in GOFLAGS (base.InitGOFLAGS strips one or
  // two leading dashes), so `GOFLAGS=--toolexec=/x` runs /x around every tool and doctor says nothing.
  it('goflags: GOFLAGS with --toolexec (two dashes, accepted by go) -> warn', () => {
    const f = setup();
    const r = doctor(f.env({ GOFLAGS: '--toolexec=/usr/local/bin/spy' }));
    expectCheck(r, 'goflags', 'warn', /toolexec/);
  });
});

describe('gosw doctor: GOBIN on PATH', () => {
  it('gobin: GOPATH/bin not on PATH -> warn', () => {
    const f = setup();
    const r = doctor(f.env({ PATH: f.storeBin }));
    expectCheck(r, 'gobin', 'warn', new RegExp(`${f.gopath}/bin is not on PATH`));
    expectOnlyProblems(r, ['gobin']);
  });

  it('gobin: GOBIN set and not on PATH -> warn; on PATH -> nothing', () => {
    const f = setup();
    const gobin = path.join(f.sb.root, 'gobin');
    expectCheck(doctor(f.env({ GOBIN: gobin })), 'gobin', 'warn', new RegExp(`${gobin} is not on PATH`));
    expect(doctor(f.env({ GOBIN: gobin, PATH: `${f.storeBin}:${gobin}` })).get('gobin')).toEqual([]);
  });
});

describe('gosw doctor: store health', () => {
  it('store-alias: a dangling alias symlink -> warn', () => {
    const f = setup();
    symlinkSync('go1.21.13', path.join(f.sb.versionsDir, '1.21'));
    const r = doctor(f.env());
    expectCheck(r, 'store-alias', 'warn', /alias 1\.21 is dangling/);
    expect(r.get('store')).toEqual([]);
    expectOnlyProblems(r, ['store-alias']);
  });

  it('store-leftover: tmp/ work dirs of dead pids -> warn; of a live pid -> nothing', () => {
    const f = setup();
    mkdirSync(path.join(f.sb.tmpDir, `go1.22.4.${DEAD_PID}.AbC123`));
    mkdirSync(path.join(f.sb.tmpDir, `go1.21.13.${DEAD_PID}.rm.XyZ789`));
    mkdirSync(path.join(f.sb.tmpDir, `go1.20.${DEAD_PID}.old`));
    mkdirSync(path.join(f.sb.tmpDir, `go1.23rc1.${process.pid}.Live01`));
    const r = doctor(f.env());
    const msgs = r.get('store-leftover').map((c) => c.message);
    expect(msgs, r.dump).toHaveLength(3);
    for (const m of msgs) expect(m).toContain(String(DEAD_PID));
    expect(msgs.join('\n')).not.toContain('Live01');
    expect(r.get('store-leftover').every((c) => c.level === 'warn')).toBe(true);
    expect(r.code).toBe(0);
  });

  it('store-lock: a lock whose .owner pid is dead -> warn; a live one -> nothing', () => {
    const f = setup();
    writeFileSync(path.join(f.sb.locksDir, 'go1.22.4.owner'), JSON.stringify({ pid: DEAD_PID, host: os.hostname() }));
    mkdirSync(path.join(f.sb.locksDir, 'go1.22.4.lock'));
    writeFileSync(path.join(f.sb.locksDir, 'go1.21.13.owner'), JSON.stringify({ pid: process.pid, host: os.hostname() }));
    writeFileSync(path.join(f.sb.locksDir, 'go1.20.owner'), JSON.stringify({ pid: DEAD_PID, host: 'another-host.example' }));
    const r = doctor(f.env());
    expectCheck(r, 'store-lock', 'warn', new RegExp(`stale lock go1\\.22\\.4 \\(pid ${DEAD_PID} is gone\\)`));
    expectOnlyProblems(r, ['store-lock']);
  });

  it('store-version: a version dir without bin/go -> FAIL, exit 1', () => {
    const f = setup();
    mkdirSync(path.join(f.sb.version('go1.21.13'), 'src'), { recursive: true });
    const r = doctor(f.env());
    expectCheck(r, 'store-version', 'fail', /go1\.21\.13 has no bin\/go/);
    expect(r.one('store-version').hint).toContain('gosw install --force 1.21.13');
    expect(r.code).toBe(1);
  });

  it('store-alias: aliases that are not what is installed (older release, missing, dangling) -> warn; --fix rewrites them', () => {
    const f = setup();
    // go1.22.4 installed too, but 1.22 must name the newest: go1.22.5.
    mkdirSync(path.join(f.sb.version('go1.22.4'), 'bin'), { recursive: true });
    writeFileSync(path.join(f.sb.version('go1.22.4'), 'bin', 'go'), '');
    renameSync(path.join(f.sb.versionsDir, '1.22'), path.join(f.sb.root, 'old-alias'));
    symlinkSync('go1.22.4', path.join(f.sb.versionsDir, '1.22'));
    renameSync(path.join(f.sb.versionsDir, 'latest'), path.join(f.sb.root, 'old-latest')); // missing
    symlinkSync('go1.19', path.join(f.sb.versionsDir, '1.19')); // dangling
    const r = doctor(f.env());
    const msgs = r
      .get('store-alias')
      .map((c) => c.message)
      .sort();
    expect(msgs, r.dump).toEqual([
      'alias 1.19 is dangling (-> go1.19)',
      'alias 1.22 points at go1.22.4, not at the newest installed 1.22 release go1.22.5',
      'alias latest is missing (it should point at go1.22.5)',
    ]);
    expectOnlyProblems(r, ['store-alias', 'store-alias', 'store-alias']);

    const fixed = doctor(f.env(), { fix: true });
    expect(fixed.report.fixed, fixed.dump).toEqual(['rewrote the aliases (3 stale)']);
    expectOnlyProblems(fixed, []);
    expect(readlinkSync(path.join(f.sb.versionsDir, '1.22'))).toBe('go1.22.5');
    expect(readlinkSync(path.join(f.sb.versionsDir, 'latest'))).toBe('go1.22.5');
    expect(existsSync(path.join(f.sb.versionsDir, '1.19'))).toBe(false);
  });

  it('--fix removes every leftover of a dead pid (work dirs, alias and file temps, .go-version temps up to the version file, stale locks) and nothing of a live one', () => {
    const f = setup();
    const LIVE = process.pid;
    const paths = (dir: string, names: string[]) => names.map((n) => path.join(dir, n));
    // tmp/ work dirs, with content (rm -r, not rmdir)
    const deadDirs = paths(f.sb.tmpDir, [
      `go1.22.4.${DEAD_PID}.AbC123`,
      `go1.21.13.${DEAD_PID}.rm.XyZ789`,
      `go1.20.${DEAD_PID}.old`,
      `go1.20.14.${DEAD_PID}.123456`,
    ]);
    for (const d of deadDirs) {
      mkdirSync(path.join(d, 'go', 'src'), { recursive: true });
      writeFileSync(path.join(d, 'go', 'src', 'x.go'), 'package x\n');
    }
    const liveDir = path.join(f.sb.tmpDir, `go1.23rc1.${LIVE}.Live01`);
    mkdirSync(liveDir);
    // versions/<alias>.tmp-<pid> from refreshAliases
    symlinkSync('go1.22.5', path.join(f.sb.versionsDir, `1.22.tmp-${DEAD_PID}`));
    symlinkSync('go1.22.5', path.join(f.sb.versionsDir, `latest.tmp-${LIVE}`));
    // writeFileAtomic temps in the store: both name forms
    const deadFiles = paths(f.sb.goswHome, [
      `version.gosw-${DEAD_PID}.tmp`,
      `version.gosw-${DEAD_PID}-0123abcd.tmp`,
      `store.json.gosw-${DEAD_PID}.tmp`,
    ]);
    const liveFiles = paths(f.sb.goswHome, [`version.gosw-${LIVE}-89abcdef.tmp`]);
    // .go-version temps: cwd is project/a/b, the version file is in project/
    const project = path.join(f.sb.root, 'project');
    const cwd = path.join(project, 'a', 'b');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(path.join(project, '.go-version'), '1.22\n');
    deadFiles.push(
      path.join(cwd, `.go-version.gosw-${DEAD_PID}.tmp`),
      path.join(project, 'a', `.go-version.gosw-${DEAD_PID}-deadbeef.tmp`),
      path.join(project, `.go-version.gosw-${DEAD_PID}.tmp`),
    );
    liveFiles.push(
      path.join(cwd, `.go-version.gosw-${LIVE}.tmp`),
      path.join(f.sb.root, `.go-version.gosw-${DEAD_PID}.tmp`), // above the version file: not looked at
      path.join(cwd, `other.gosw-${DEAD_PID}.tmp`), // outside the store only .go-version is gosw's
    );
    for (const p of [...deadFiles, ...liveFiles]) writeFileSync(p, '1.21\n');
    // a stale lock: dead owner, lock dir not refreshed for a minute
    const lockDir = path.join(f.sb.locksDir, 'go1.22.4.lock');
    writeFileSync(path.join(f.sb.locksDir, 'go1.22.4.owner'), JSON.stringify({ pid: DEAD_PID, host: os.hostname() }));
    mkdirSync(lockDir);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockDir, old, old);

    const before = doctor(f.env(), { cwd });
    expect(
      before
        .get('store-leftover')
        .map((c) => c.message)
        .join('\n'),
      before.dump,
    ).not.toMatch(/Live01|latest\.tmp|89abcdef|other\.gosw/);
    expect(before.get('store-leftover'), before.dump).toHaveLength(deadDirs.length + 1 + deadFiles.length);
    expect(before.get('store-lock')).toHaveLength(1);

    const r = doctor(f.env(), { cwd, fix: true });
    expect(existsSync(lockDir), r.dump).toBe(false);
    expect(r.report.fixed, r.dump).toContain('broke the stale lock go1.22.4');
    for (const p of [...deadDirs, ...deadFiles, path.join(f.sb.versionsDir, `1.22.tmp-${DEAD_PID}`)]) {
      expect(existsSync(p), `${p} removed\n${r.dump}`).toBe(false);
      expect(
        r.report.fixed!.some((l) => l.includes(path.basename(p))),
        `${p} reported\n${r.dump}`,
      ).toBe(true);
    }
    for (const p of [liveDir, ...liveFiles, path.join(f.sb.versionsDir, `latest.tmp-${LIVE}`)]) {
      expect(lstatSync(p, { throwIfNoEntry: false }), `${p} kept\n${r.dump}`).toBeDefined();
    }
    expectOnlyProblems(r, []);
    expect(r.one('store').message).toMatch(/healthy/);
  });

  it('--fix: a symlinked .go-version or global default was written through to its target: the temp file beside the target is found too', () => {
    const f = setup();
    const dotfiles = path.join(f.sb.root, 'dotfiles');
    const project = path.join(f.sb.root, 'project2');
    mkdirSync(dotfiles);
    mkdirSync(project);
    writeFileSync(path.join(dotfiles, 'go-version'), '1.22\n');
    writeFileSync(path.join(dotfiles, 'global-go'), '1.22\n');
    symlinkSync(path.join(dotfiles, 'go-version'), path.join(project, '.go-version'));
    symlinkSync(path.join(dotfiles, 'global-go'), path.join(f.sb.goswHome, 'version'));
    const dead = [`go-version.gosw-${DEAD_PID}-0badc0de.tmp`, `global-go.gosw-${DEAD_PID}-0badc0de.tmp`].map((n) => path.join(dotfiles, n));
    const kept = [`other.gosw-${DEAD_PID}-0badc0de.tmp`, `go-version.gosw-${process.pid}-0badc0de.tmp`].map((n) => path.join(dotfiles, n));
    for (const p of [...dead, ...kept]) writeFileSync(p, '1.21\n');
    const before = doctor(f.env(), { cwd: project });
    expect(
      before
        .get('store-leftover')
        .map((c) => c.message)
        .sort(),
      before.dump,
    ).toEqual(dead.map((p) => `leftover of an interrupted write of ${p.replace(/\.gosw-.*$/, '')} (pid ${DEAD_PID} is gone): ${p}`).sort());
    const r = doctor(f.env(), { cwd: project, fix: true });
    for (const p of dead) expect(existsSync(p), `${p} removed\n${r.dump}`).toBe(false);
    for (const p of kept) expect(existsSync(p), `${p} kept\n${r.dump}`).toBe(true);
    expectOnlyProblems(r, []);
  });

  it('store-replaced: a version a killed install --force left in tmp/ -> FAIL; --fix moves it back', () => {
    const f = setup();
    const old = path.join(f.sb.tmpDir, `go1.22.5.${DEAD_PID}.old`);
    renameSync(f.goroot, old);
    // the unpacked replacement that never got published
    mkdirSync(path.join(f.sb.tmpDir, `go1.22.5.${DEAD_PID}.QwErTy`, 'go', 'bin'), { recursive: true });
    const r = doctor(f.env({ GOSW_CURRENT: undefined, _GOSW_PATH_ENTRY: undefined, GOROOT: undefined, PATH: path.join(f.gopath, 'bin') }));
    expectCheck(
      r,
      'store-replaced',
      'fail',
      new RegExp(
        `^go1\\.22\\.5 is missing from versions/: a killed 'gosw install --force' \\(pid ${DEAD_PID}\\) left it in ${old.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`,
      ),
    );
    expect(r.code).toBe(1);

    const fixed = doctor(f.env(), { fix: true });
    expect(fixed.report.fixed, fixed.dump).toContain(`restored go1.22.5 from ${old}`);
    expect(existsSync(path.join(f.storeBin, 'go'))).toBe(true);
    expect(existsSync(old)).toBe(false);
    expectOnlyProblems(fixed, []);
  });

  it('no store at all: no store checks, nothing fails', () => {
    const f = setup();
    const r = doctor(
      f.env({
        GOSW_HOME: path.join(f.sb.root, 'no-store'),
        GOSW_CURRENT: undefined,
        _GOSW_PATH_ENTRY: undefined,
        GOROOT: undefined,
        PATH: path.join(f.gopath, 'bin'),
      }),
    );
    expect(r.ids().filter((i) => i.startsWith('store'))).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('gosw doctor: WSL', () => {
  it('wsl-path: PATH entries under /mnt/ under WSL -> warn (the entries are never touched)', () => {
    const f = setup();
    const PATH = `${f.storeBin}:${path.join(f.gopath, 'bin')}:/mnt/c/WINDOWS/system32:/mnt/c/Program Files/Git/cmd`;
    const r = doctor(f.env({ PATH, WSL_DISTRO_NAME: 'Ubuntu' }));
    expectCheck(r, 'wsl-path', 'warn', /^2 PATH entries are on Windows drives/);
    expect(r.code).toBe(0);
  });

  it('wsl-path: WSL detected from the kernel release too; not WSL -> no check', () => {
    const f = setup();
    const PATH = `${f.storeBin}:${path.join(f.gopath, 'bin')}:/mnt/c/WINDOWS/system32`;
    writeFileSync(f.files.kernel, '5.15.146.1-microsoft-standard-WSL2\n');
    expectCheck(doctor(f.env({ PATH })), 'wsl-path', 'warn');
    writeFileSync(f.files.kernel, '6.5.0-35-generic\n');
    expect(doctor(f.env({ PATH })).get('wsl-path')).toEqual([]);
  });

  it('wsl-automount: caches under /mnt and wsl.conf without metadata -> warn; with metadata -> nothing', () => {
    const f = setup();
    const env = f.env({ WSL_DISTRO_NAME: 'Ubuntu', GOMODCACHE: '/mnt/c/Users/me/go/pkg/mod' });
    const r = doctor(env);
    expectCheck(r, 'wsl-automount', 'warn', /no automount metadata option/);
    expectCheck(r, 'gomodcache-fs', 'fail', /9p/);
    writeFileSync(f.files.wslConf, '[automount]\nenabled = true\noptions = "metadata,umask=22,fmask=11"\n');
    expect(doctor(env).get('wsl-automount')).toEqual([]);
    writeFileSync(f.files.wslConf, '[automount]\nenabled = true\n[interop]\nappendWindowsPath = false\n');
    expectCheck(doctor(env), 'wsl-automount', 'warn');
  });

  it('wsl-automount: no caches under /mnt -> nothing', () => {
    const f = setup();
    expect(doctor(f.env({ WSL_DISTRO_NAME: 'Ubuntu' })).get('wsl-automount')).toEqual([]);
  });
});

describe('gosw doctor: the version this directory wants (issue 13)', () => {
  /** A project dir outside HOME holding the given files. */
  function project(f: Fixture, files: Record<string, string>): string {
    const dir = path.join(f.sb.work, `p-${Math.random().toString(36).slice(2)}`);
    mkdirSync(path.join(dir, 'sub'), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  }

  it('go.mod wants a version that is not installed -> FAIL naming the version, go.mod and the fix; exit 1', () => {
    const f = setup();
    const dir = project(f, { 'go.mod': 'module example.com/app\n\ngo 1.23.4\n' });
    const r = doctor(f.env(), { cwd: path.join(dir, 'sub') });
    const c = expectCheck(r, 'wanted', 'fail', /wants Go 1\.23\.4 or later, which is not installed/);
    expect(c.message).toContain(path.join(dir, 'go.mod'));
    expect(c.hint).toBe('gosw install 1.23.4');
    expectOnlyProblems(r, ['wanted']);
    expect(r.code).toBe(1);
    const text = doctor(f.env(), { cwd: dir, json: false });
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^FAIL {2}\S*go\.mod wants Go 1\.23\.4 or later, which is not installed$/m);
    expect(text.stdout).toMatch(/^ {6}fix: gosw install 1\.23\.4$/m);
  });

  it('.go-version wants a line with nothing installed in it -> FAIL with gosw install <line>', () => {
    const f = setup();
    const dir = project(f, { '.go-version': '1.21\n', 'go.mod': 'module m\n\ngo 1.22.0\n' });
    const r = doctor(f.env(), { cwd: dir });
    const c = expectCheck(r, 'wanted', 'fail', /\.go-version wants Go 1\.21, which is not installed/);
    expect(c.hint).toBe('gosw install 1.21');
    expectOnlyProblems(r, ['wanted']);
  });

  it('GOSW_VERSION and the global default are named as the source too', () => {
    const f = setup();
    const viaEnv = doctor(f.env({ GOSW_VERSION: '1.20.3' }), { cwd: f.sb.work });
    expectCheck(viaEnv, 'wanted', 'fail', /^GOSW_VERSION wants Go 1\.20\.3, which is not installed$/);
    writeFileSync(path.join(f.sb.goswHome, 'version'), '1.19.13\n');
    const viaGlobal = doctor(f.env(), { cwd: f.sb.work });
    const c = expectCheck(viaGlobal, 'wanted', 'fail', /^the global default \(\S+\) wants Go 1\.19\.13, which is not installed$/);
    expect(c.hint).toBe('gosw install 1.19.13');
  });

  it('an installed wanted version (exact, or a go.mod minimum the 1.22 line meets) -> ok, exit 0', () => {
    const f = setup();
    for (const files of [
      { '.go-version': '1.22.5\n' } as Record<string, string>,
      { 'go.mod': 'module m\n\ngo 1.22.1\n' },
      { '.go-version': '1.22\n' },
    ]) {
      const r = doctor(f.env(), { cwd: project(f, files) });
      expectCheck(r, 'wanted', 'ok', /go1\.22\.5 is installed/);
      expectOnlyProblems(r, []);
    }
    // nothing wanted anywhere: ok too
    expectCheck(doctor(f.env(), { cwd: f.sb.work }), 'wanted', 'ok', /no version file here/);
  });

  it('a version file with no valid version -> warn (it is ignored), with a fix hint', () => {
    const f = setup();
    const dir = project(f, { '.go-version': 'banana\n' });
    const r = doctor(f.env(), { cwd: dir });
    expectCheck(r, 'version-file', 'warn', /\.go-version holds no valid Go version \("banana"\); it is ignored/);
    expectOnlyProblems(r, ['version-file']);
  });

  it('--help states the exit status convention', () => {
    const f = setup();
    const r = spawnSync(process.execPath, [CLI_PATH, 'doctor', '--help'], { env: f.env(), encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.replace(/\n/g, ' ')).toMatch(
      /Exit status: 0 when nothing is wrong or there are only warnings .*1 when a check found a problem \(FAIL\)/,
    );
  });
});

describe('gosw doctor: colour follows stdout (issue 13)', () => {
  const ESC = '\x1b[';
  /** Runs `doctor` on a pty (util-linux script), the shell command as given (it may redirect stdout). */
  function onTty(f: Fixture, cmd: string, extra: Record<string, string | undefined> = {}): string {
    const r = spawnSync('/usr/bin/script', ['-qfec', cmd, '/dev/null'], {
      env: f.env({ TERM: 'xterm', ...extra }),
      cwd: f.sb.work,
      encoding: 'utf8',
    });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    return r.stdout;
  }
  const doctorCmd = `${sq(process.execPath)} ${sq(CLI_PATH)} doctor`;

  it.skipIf(!existsSync('/usr/bin/script'))(
    'a terminal gets colour; a file gets none, even with stderr on the terminal; NO_COLOR and FORCE_COLOR',
    () => {
      const f = setup();
      expect(onTty(f, doctorCmd)).toContain(`${ESC}32mok  ${ESC}0m`);
      const file = path.join(f.sb.work, 'report.txt');
      onTty(f, `${doctorCmd} > ${sq(file)}`);
      const saved = readFileSync(file, 'utf8');
      expect(saved).toMatch(/^ok {4}go is gosw's go1\.22\.5/m);
      expect(saved).not.toContain('\x1b');
      // NO_COLOR: any non-empty value turns it off; an empty one does not.
      expect(onTty(f, doctorCmd, { NO_COLOR: '1' })).not.toContain(ESC);
      expect(onTty(f, doctorCmd, { NO_COLOR: '' })).toContain(`${ESC}32m`);
      // FORCE_COLOR / CLICOLOR_FORCE colour a pipe; FORCE_COLOR=0 turns a terminal's off.
      expect(doctor(f.env({ FORCE_COLOR: '1' }), { json: false }).stdout).toContain(`${ESC}32mok  ${ESC}0m`);
      expect(doctor(f.env({ CLICOLOR_FORCE: '1' }), { json: false }).stdout).toContain(`${ESC}32m`);
      expect(doctor(f.env({ CLICOLOR_FORCE: '1', NO_COLOR: '1' }), { json: false }).stdout).not.toContain(ESC);
      expect(onTty(f, doctorCmd, { FORCE_COLOR: '0' })).not.toContain(ESC);
      // a pipe without any of them: plain
      expect(doctor(f.env(), { json: false }).stdout).not.toContain('\x1b');
    },
  );
});
