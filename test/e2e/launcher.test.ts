/**
 * The launcher install.sh puts at <dir>/gosw (shell/launcher.sh with its placeholders filled): it
 * answers `gosw env` from the init scripts install.sh wrote into $XDG_DATA_HOME/gosw-cli, without
 * starting Node, and execs the real gosw (gosw-cli/gosw) for everything else.
 *
 * Installs with `--js --no-build` into sandboxes (temporary HOME, XDG dirs, TMPDIR, GOSW_HOME); the
 * real HOME and rc files are never looked at. The layout itself and the rc handling are tested in
 * install-sh.test.ts.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { userEnv } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const SCRIPT = path.join(ROOT, 'install.sh');
const BUNDLE = path.join(ROOT, 'dist', 'gosw.cjs');
const LAUNCHER_SRC = path.join(ROOT, 'shell', 'launcher.sh');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const SHELLS = ['bash', 'zsh'] as const;

const hasZsh = !spawnSync('zsh', ['-c', 'true']).error;
const hasShellcheck = !spawnSync('shellcheck', ['--version']).error;

beforeAll(() => {
  // vitest's globalSetup builds dist/gosw.cjs when it is stale; build here only if it is missing
  // (e.g. GOSW_TEST_NO_BUILD=1 on a fresh clone)
  if (existsSync(BUNDLE)) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}, 180_000);

interface Install {
  root: string;
  home: string;
  /** The install dir (--dir); the launcher is <dir>/gosw. */
  dir: string;
  launcher: string;
  /** $XDG_DATA_HOME/gosw-cli: the real gosw, the bundle, init.bash, init.zsh. */
  cli: string;
  real: string;
  /** The environment to run things in: nothing inherited; PATH has node's dir but not <dir>. */
  env: Record<string, string>;
  remove(): void;
}

/**
 * `install.sh --js --no-build --dir <dir>` into a new sandbox. dirName and dataName are relative to
 * the sandbox's HOME; GOSW_HOME holds a fake store with two installed versions (for `gosw list`).
 */
function installJs(dirName = 'bin', dataName = 'xdg/data'): Install {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'gosw-launcher-')));
  const home = path.join(root, 'home');
  const tmp = path.join(root, 'tmp');
  mkdirSync(home);
  mkdirSync(tmp);
  const store = path.join(root, 'store');
  for (const v of ['go1.22.5', 'go1.21.13']) {
    mkdirSync(path.join(store, 'versions', v, 'bin'), { recursive: true });
    writeFileSync(path.join(store, 'versions', v, 'bin', 'go'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(store, 'versions', v, 'VERSION'), `${v}\n`);
  }
  const dir = path.join(home, dirName);
  const data = path.join(home, dataName);
  const env = userEnv({ home, data, tmp }, { GOSW_HOME: store });
  const remove = () => {
    if (process.env.GOSW_TEST_KEEP === '1') console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  };
  const r = spawnSync(SCRIPT, ['--js', '--no-build', '--dir', dir], { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) {
    remove();
    throw new Error(`install.sh --js --no-build failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  const cli = path.join(data, 'gosw-cli');
  return { root, home, dir, launcher: path.join(dir, 'gosw'), cli, real: path.join(cli, 'gosw'), env, remove };
}

/** installJs for one test only. */
function installForTest(dirName?: string, dataName?: string): Install {
  const inst = installJs(dirName, dataName);
  onTestFinished(inst.remove);
  return inst;
}

function run(file: string, args: string[], env: Record<string, string>, cwd?: string): SpawnSyncReturns<string> {
  const r = spawnSync(file, args, { env, cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return r;
}

/** What the real gosw prints for `env --shell <sh>` when run through the launcher at `launcher`. */
function realInit(sh: string, launcher: string): string {
  const r = run(process.execPath, [BUNDLE, 'env', '--shell', sh], { GOSW_LAUNCHER: launcher });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const outcome = (r: SpawnSyncReturns<string>) => ({ status: r.status, stdout: r.stdout, stderr: r.stderr });

let inst: Install;
beforeAll(() => {
  inst = installJs();
});
afterAll(() => inst?.remove());

describe('launcher: gosw env', () => {
  it('is a small POSIX sh script made from shell/launcher.sh', () => {
    const text = readFileSync(inst.launcher, 'utf8');
    expect(text).toMatch(/^#!\/bin\/sh\n/);
    expect(text).not.toMatch(/@GOSW_[A-Z]+@/);
    expect(text).toContain(`lib=${inst.cli}\n`);
    expect(text).toContain(`GOSW_LAUNCHER=${inst.launcher}\n`);
    expect(text).toContain(`exec ${inst.real} "$@"`);
    expect(text).toContain(`version='gosw ${VERSION}'\n`);
    // the same text as the template but for the placeholder lines (lib, self, version, bash, and
    // the real gosw in the fast path's exec and the last one)
    const differing = (a: string, b: string) => a.split('\n').filter((l, i) => l !== b.split('\n')[i]);
    expect(differing(readFileSync(LAUNCHER_SRC, 'utf8'), text)).toHaveLength(6);
    expect(run('sh', ['-n', inst.launcher], inst.env).status).toBe(0);
  });

  it.runIf(hasShellcheck)('is shellcheck-clean (template and installed launcher, as POSIX sh)', () => {
    for (const f of [LAUNCHER_SRC, inst.launcher]) {
      const r = spawnSync('shellcheck', ['-s', 'sh', f], { encoding: 'utf8' });
      expect(r.stdout + r.stderr, f).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it('`env --shell bash|zsh` (and --shell=, -s) prints exactly what the real gosw prints', () => {
    for (const sh of SHELLS) {
      const want = realInit(sh, inst.launcher);
      expect(want).toContain(inst.launcher); // the init calls the launcher back
      expect(readFileSync(path.join(inst.cli, `init.${sh}`), 'utf8')).toBe(want);
      for (const args of [
        ['env', '--shell', sh],
        ['env', `--shell=${sh}`],
        ['env', '-s', sh],
      ]) {
        const r = run(inst.launcher, args, inst.env);
        expect(outcome(r), args.join(' ')).toEqual({ status: 0, stdout: want, stderr: '' });
      }
      // an empty environment too (no PATH, no HOME, no SHELL)
      expect(run(inst.launcher, ['env', '--shell', sh], {}).stdout).toBe(want);
    }
  });

  it('plain `gosw env` picks the shell that runs it (/proc/$PPID/comm), else $SHELL, like the real gosw', () => {
    const bash = realInit('bash', inst.launcher);
    const zsh = realInit('zsh', inst.launcher);
    expect(bash).not.toBe(zsh);
    // from sh, which is neither: $SHELL decides
    expect(run('sh', ['-c', '"$0" env', inst.launcher], { ...inst.env, SHELL: '/bin/zsh' }).stdout).toBe(zsh);
    expect(run('sh', ['-c', '"$0" env; :', inst.launcher], { ...inst.env, SHELL: '/bin/zsh' }).stdout).toBe(zsh);
    expect(run('sh', ['-c', '"$0" env; :', inst.launcher], { ...inst.env, SHELL: '/usr/bin/bash' }).stdout).toBe(bash);
    // from bash (`; :` keeps bash from exec'ing the last command): the parent wins over $SHELL
    expect(run('bash', ['-c', '"$0" env; :', inst.launcher], { ...inst.env, SHELL: '/bin/zsh' }).stdout).toBe(bash);
    if (hasZsh) expect(run('zsh', ['-c', '"$0" env; :', inst.launcher], { ...inst.env, SHELL: '/bin/bash' }).stdout).toBe(zsh);
    // the real gosw decides the same way
    const viaNode = run('sh', ['-c', '"$0" "$1" env; :', process.execPath, BUNDLE], {
      ...inst.env,
      SHELL: '/bin/zsh',
      GOSW_LAUNCHER: inst.launcher,
    });
    expect(viaNode.stdout).toBe(zsh);

    // neither the parent nor $SHELL is bash or zsh: the real gosw answers (with its error)
    const fishEnv = { ...inst.env, SHELL: '/usr/bin/fish' };
    const viaLauncher = run('sh', ['-c', '"$0" env; exit $?', inst.launcher], fishEnv);
    const viaReal = run('sh', ['-c', '"$0" "$1" env; exit $?', process.execPath, BUNDLE], fishEnv);
    expect(outcome(viaLauncher)).toEqual(outcome(viaReal));
    expect(viaLauncher.status).not.toBe(0);
    expect(viaLauncher.stderr).toContain('cannot tell which shell');
  });

  it('eval "$(gosw env)" in a real bash defines _gosw_hook, and the init calls the launcher back', () => {
    const env = { ...inst.env, PATH: `${inst.dir}:${inst.env.PATH}`, SHELL: '/bin/zsh' }; // $SHELL must not matter
    const r = run('bash', ['-c', 'eval "$(gosw env)" || exit 9; declare -F _gosw_hook; printf "%s\\n" "$__gosw_bin"'], env, inst.home);
    expect(outcome(r)).toEqual({ status: 0, stdout: `_gosw_hook\n${inst.launcher}\n`, stderr: '' });
  });

  it.runIf(hasZsh)('eval "$(gosw env)" in a real zsh defines _gosw_hook, and the init calls the launcher back', () => {
    const env = { ...inst.env, PATH: `${inst.dir}:${inst.env.PATH}`, SHELL: '/bin/bash' };
    const r = run('zsh', ['-c', 'eval "$(gosw env)" || exit 9; whence -w _gosw_hook; printf "%s\\n" "$__gosw_bin"'], env, inst.home);
    expect(outcome(r)).toEqual({ status: 0, stdout: `_gosw_hook: function\n${inst.launcher}\n`, stderr: '' });
  });

  it('without its init script, `gosw env` falls back to the real gosw (same bytes)', () => {
    const own = installForTest();
    const want = realInit('bash', own.launcher);
    renameSync(path.join(own.cli, 'init.bash'), path.join(own.root, 'init.bash.away'));
    expect(outcome(run(own.launcher, ['env', '--shell', 'bash'], own.env))).toEqual({ status: 0, stdout: want, stderr: '' });
    expect(run('bash', ['-c', '"$0" env; :', own.launcher], own.env).stdout).toBe(want);
  });
});

describe('launcher: no Node for `gosw env`', () => {
  /** The programs a command execve()s, under strace -f; skips the test when strace cannot run. */
  function execs(ctx: { skip(note?: string): never }, cmd: string[], env: Record<string, string>, cwd: string): string[] {
    const probe = spawnSync('strace', ['-f', '-e', 'trace=execve', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
    if (probe.error) ctx.skip('strace is not installed (apt-get install strace)');
    if (probe.status !== 0) ctx.skip(`strace cannot trace here: ${probe.stderr.trim()}`);
    const log = path.join(inst.root, `strace-${process.hrtime.bigint()}.log`);
    const r = spawnSync('strace', ['-f', '-e', 'trace=execve', '-o', log, ...cmd], { env, cwd, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, `${cmd.join(' ')}:\n${r.stdout}\n${r.stderr}`).toBe(0);
    const lines = readFileSync(log, 'utf8').split('\n');
    rmSync(log);
    // `1234  execve("/usr/bin/cat", ["cat", ...], ...) = 0` (failed attempts count too)
    return lines.flatMap((l) => {
      const m = /\bexecve\("((?:[^"\\]|\\.)*)"/.exec(l);
      return m?.[1] !== undefined ? [m[1]] : [];
    });
  }
  const isNode = (p: string) => /^node(js)?$/.test(path.basename(p)) || p === process.execPath;

  it('a shell evaluating eval "$(gosw env)" starts no node process', (ctx) => {
    const env = { ...inst.env, PATH: `${inst.dir}:${inst.env.PATH}` };
    const progs = execs(ctx, ['bash', '-c', 'eval "$(gosw env)" && declare -F _gosw_hook >/dev/null'], env, inst.home);
    expect(progs.filter(isNode)).toEqual([]);
    expect(progs).not.toContain(inst.real); // not even the wrapper
    expect(progs).toContain(inst.launcher);
    expect(progs.some((p) => path.basename(p) === 'cat')).toBe(true);

    for (const args of [
      ['env', '--shell', 'zsh'],
      ['env', '-s', 'bash'],
      ['env', '--shell=zsh'],
    ]) {
      const p = execs(ctx, [inst.launcher, ...args], inst.env, inst.home);
      expect(p.filter(isNode), args.join(' ')).toEqual([]);
    }
  });

  it('--version and the read-only commands of the fast path start no node process', (ctx) => {
    for (const args of [
      ['--version'],
      ['current'],
      ['current', '--json'],
      ['list'],
      ['list', '--json'],
      ['which', '1.21'],
      ['local'],
      ['global'],
      ['env', '--format', 'json'],
    ]) {
      const p = execs(ctx, [inst.launcher, ...args], inst.env, inst.home);
      expect(p.filter(isNode), args.join(' ')).toEqual([]);
      expect(p, args.join(' ')).not.toContain(inst.real);
    }
  });

  it('everything else does run the real gosw (node, through the wrapper)', (ctx) => {
    for (const args of [
      ['list', '--help'],
      ['current', '--help'],
    ]) {
      const progs = execs(ctx, [inst.launcher, ...args], inst.env, inst.home);
      expect(progs, args.join(' ')).toContain(inst.real);
      expect(progs.filter(isNode).length, args.join(' ')).toBeGreaterThan(0);
    }
  });
});

describe('launcher: every command answers as the real gosw does', () => {
  it('--version, list, which, errors, help: the same as `node dist/gosw.cjs`', () => {
    expect(run(inst.launcher, ['--version'], inst.env).stdout).toBe(`gosw ${VERSION}\n`);
    expect(run(inst.launcher, ['list'], inst.env).stdout).toMatch(/^go1\.22\.5\s*\ngo1\.21\.13\s*\n$/);
    const cases = [
      ['--version'],
      ['list'],
      ['list', '--json'],
      ['which', '1.21'],
      ['which', 'no such version'], // an argument with spaces arrives as one
      ['env', '--shell', 'fish'],
      ['env', '--shell', 'bash', 'extra'],
      ['env', '--help'],
      ['--help'],
      ['frobnicate'],
    ];
    for (const args of cases) {
      const viaLauncher = run(inst.launcher, args, inst.env, inst.home);
      const viaNode = run(process.execPath, [BUNDLE, ...args], { ...inst.env, GOSW_LAUNCHER: inst.launcher }, inst.home);
      expect(outcome(viaLauncher), args.join(' ')).toEqual(outcome(viaNode));
    }
  });
});

describe('launcher: unusual paths', () => {
  it('--dir and $XDG_DATA_HOME with spaces and single quotes', () => {
    const own = installForTest(`my gosw's bin`, `data dir's "x" $HOME`);
    expect(own.launcher).toContain(`'s bin/gosw`);
    const text = readFileSync(own.launcher, 'utf8');
    const q = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;
    expect(text).toContain(`lib=${q(own.cli)}\n`);
    expect(text).toContain(`GOSW_LAUNCHER=${q(own.launcher)}\n`);
    expect(text).toContain(`exec ${q(own.real)} "$@"`);
    expect(run('sh', ['-n', own.launcher], own.env).status).toBe(0);

    expect(run(own.launcher, ['--version'], {}).stdout).toBe(`gosw ${VERSION}\n`);
    for (const sh of SHELLS) expect(run(own.launcher, ['env', '--shell', sh], own.env).stdout).toBe(realInit(sh, own.launcher));
    const r = run(
      'bash',
      ['-c', 'eval "$("$0" env)" || exit 9; declare -F _gosw_hook; printf "%s\\n" "$__gosw_bin"', own.launcher],
      own.env,
      own.home,
    );
    expect(outcome(r)).toEqual({ status: 0, stdout: `_gosw_hook\n${own.launcher}\n`, stderr: '' });
    if (hasZsh) {
      const z = run('zsh', ['-c', 'eval "$("$0" env)" || exit 9; printf "%s\\n" "$__gosw_bin"', own.launcher], own.env, own.home);
      expect(outcome(z)).toEqual({ status: 0, stdout: `${own.launcher}\n`, stderr: '' });
    }
    // the fall-back to the real gosw passes the right GOSW_LAUNCHER too
    rmSync(path.join(own.cli, 'init.zsh'));
    expect(run(own.launcher, ['env', '--shell', 'zsh'], own.env).stdout).toBe(realInit('zsh', own.launcher));
  });

  // bash 5.2's patsub_replacement would turn each `&` of a path into the placeholder text.
  it('a path with & in --dir and $XDG_DATA_HOME', () => {
    const own = installForTest('R&D bin', 'R&D data');
    expect(readFileSync(own.launcher, 'utf8')).not.toMatch(/@GOSW_[A-Z]+@/);
    expect(run(own.launcher, ['--version'], own.env).stdout).toBe(`gosw ${VERSION}\n`);
    rmSync(path.join(own.cli, 'init.bash'));
    expect(run(own.launcher, ['env', '--shell', 'bash'], own.env).stdout).toBe(realInit('bash', own.launcher));
  });
});
