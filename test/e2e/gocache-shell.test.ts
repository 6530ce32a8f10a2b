/**
 * GOCACHE as the real shells set it (`eval "$(gosw env --shell bash|zsh)"`, __gosw_gocache_init)
 * against its TypeScript twin (`gosw env --format json`, planGocache): both must give the same
 * GOCACHE for the same environment, and the shells must create it with mode 0700.
 *
 * Fixtures only: GOSW_SYSROOT names a fixture root (mountinfo, os-release, kernel release; see
 * test/helpers/sysroot.ts), the one seam both the shells and TypeScript read system facts through,
 * and the "Windows drive" is a temp dir that the fixture mountinfo calls drvfs (it is not a real
 * mount: the decision is made from mountinfo alone). HOME, XDG dirs and GOSW_HOME are temp dirs.
 * Whenever both XDG_CACHE_HOME and HOME are unsafe, the fixture marks /var/tmp unsafe too, so the
 * shells never create /var/tmp/gosw-<uid>.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, makeSandbox, type Sandbox, sandboxEnv } from '../helpers/cli.js';
import { makeSysroot, SYSROOT_PATHS } from '../helpers/sysroot.js';
import { makeFakeStore } from '../helpers/shell/fixtures.js';
import { straceUsable } from '../helpers/shell/suite.js';

const SHELLS = ['bash', 'zsh'] as const;
type Shell = (typeof SHELLS)[number];

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const OS_RELEASE = {
  ubuntu:
    'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.4 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\n',
  debian: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n',
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19\nPRETTY_NAME="Alpine Linux v3.19"\n',
  rocky: "NAME='Rocky Linux'\nID='rocky'\nID_LIKE='rhel centos fedora'\nVERSION_ID='9'\n",
  hostile: 'ID="../../etc"\nVERSION_ID="1 2;$(id)"\n',
};

interface Fx {
  sb: Sandbox;
  /** Fixture "Windows drive" (drvfs in the fixture mountinfo), one with a space in its name, a Linux disk inside the first. */
  winc: string;
  winSpace: string;
  winLinux: string;
  /** The GOSW_SYSROOT fixture root and its files. */
  sysroot: string;
  files: { mountinfo: string; osRelease: string; kernel: string };
  /** Adds lines to the fixture mountinfo. */
  mount(mountPointEscaped: string, type: string): void;
  env(extra?: Record<string, string | undefined>): Record<string, string>;
}

function setup(osRelease: string = OS_RELEASE.ubuntu): Fx {
  const sb = makeSandbox();
  const dir = (rel: string) => {
    const p = path.join(sb.root, rel);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const winc = dir('winc');
  const winSpace = dir('win c');
  const winLinux = dir('winc/linux');
  const sysroot = makeSysroot(
    {
      mountinfo: [
        '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw',
        `80 22 0:50 / ${winc} rw,noatime shared:40 - drvfs C:\\134 rw,case=off`,
        `81 22 0:51 / ${sb.root}/win\\040c rw,noatime - 9p E:\\134 rw,aname=drvfs`,
        `82 80 8:48 / ${winLinux} rw,relatime - ext4 /dev/sdd rw`,
        '',
      ].join('\n'),
      osRelease,
      kernel: '6.5.0-35-generic\n',
    },
    path.join(sb.root, 'sysroot'),
  );
  // One installed version, the global default: every prompt in the tests activates it, and GOCACHE with it.
  makeFakeStore(sb.goswHome, ['go1.22.5'], { global: '1.22.5' });
  const at = (key: keyof typeof SYSROOT_PATHS) => path.join(sysroot, SYSROOT_PATHS[key]);
  const files = { mountinfo: at('mountinfo'), osRelease: at('osRelease'), kernel: at('kernel') };
  return {
    sb,
    winc,
    winSpace,
    winLinux,
    sysroot,
    files,
    mount: (mp, type) => writeFileSync(files.mountinfo, `90 22 0:60 / ${mp} rw - ${type} x rw\n`, { flag: 'a' }),
    env: (extra: Record<string, string | undefined> = {}) =>
      sandboxEnv(sb, {
        PATH: '/usr/bin:/bin',
        GOSW_SYSROOT: sysroot,
        ...extra,
      }),
  };
}

interface ShellResult {
  /** GOCACHE while a version is active (the hook ran once after the init), undefined when unset. */
  gocache: string | undefined;
  stderr: string;
  dump: string;
}

/** Prints GOCACHE as `SET:<value>` or `UNSET`, then a newline. */
const SHOW = `if [ -n "\${GOCACHE+x}" ]; then printf 'SET:%s\\n' "$GOCACHE"; else printf 'UNSET\\n'; fi`;
const parseShown = (line: string | undefined) => (line?.startsWith('SET:') ? line.slice(4) : undefined);

/**
 * A real non-interactive shell evaluating `gosw env --shell <shell>`, as an rc file does, then one
 * prompt (`_gosw_hook`) with the store's global default active, then one with GOSW_VERSION=system,
 * which leaves: GOCACHE must then be exactly what it was before the init (the user's value, or unset).
 */
function inShell(shell: Shell, env: Record<string, string>, cwd: string): ShellResult {
  const script = [
    SHOW,
    `eval "$(${sq(process.execPath)} ${sq(CLI_PATH)} env --shell ${shell})"`,
    SHOW,
    '_gosw_hook',
    SHOW,
    'GOSW_VERSION=system',
    '_gosw_hook',
    SHOW,
  ].join('\n');
  const argv = shell === 'bash' ? ['--norc', '--noprofile', '-c', script] : ['-f', '-c', script];
  const r = spawnSync(shell, argv, { env, cwd, encoding: 'utf8', timeout: 20_000 });
  const dump = `${shell}: exit ${r.status}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
  expect(r.status, dump).toBe(0);
  const lines = r.stdout.split('\n');
  expect(lines, dump).toHaveLength(5);
  for (const l of lines.slice(0, 4)) expect(l, dump).toMatch(/^(SET:|UNSET$)/);
  const before = parseShown(lines[0]);
  expect(parseShown(lines[1]), `${dump}\nthe init alone changes no GOCACHE`).toBe(before);
  expect(parseShown(lines[3]), `${dump}\nleaving restores GOCACHE exactly`).toBe(before);
  expect(lines[3], dump).toBe(lines[0]);
  return { gocache: parseShown(lines[2]), stderr: r.stderr, dump };
}

/** GOCACHE in `gosw env --format json` (undefined when gosw would leave GOCACHE alone). */
function inJson(env: Record<string, string>, cwd: string): string | undefined {
  const r = spawnSync(process.execPath, [CLI_PATH, 'env', '--format', 'json'], { env, cwd, encoding: 'utf8', timeout: 20_000 });
  expect(r.status, r.stderr).toBe(0);
  const vars = JSON.parse(r.stdout) as Record<string, string>;
  return vars.GOCACHE;
}

const mode = (p: string) => statSync(p).mode & 0o777;

interface Expectation {
  /** What GOCACHE must be in both shells. */
  shell: string | undefined;
  /** What `env --format json` must say (default: same as the shells). */
  json?: string | undefined;
  /** Lines (regexps) both shells must print on stderr; default: no stderr at all. */
  stderr?: RegExp[];
}

/**
 * Runs bash, then zsh (each from a clean slate: the dir bash made is removed first), then the
 * JSON form, and checks they agree; a GOCACHE the shells set must exist with mode 0700.
 */
function expectAgree(fx: Fx, extra: Record<string, string | undefined>, want: Expectation): void {
  const env = fx.env(extra);
  const json = inJson(env, fx.sb.work);
  for (const shell of SHELLS) {
    const r = inShell(shell, env, fx.sb.work);
    expect(r.gocache, r.dump).toBe(want.shell);
    if (want.stderr) for (const re of want.stderr) expect(r.stderr, r.dump).toMatch(re);
    else expect(r.stderr, r.dump).toBe('');
    for (const line of r.stderr.trimEnd().split('\n').filter(Boolean)) expect(line).toMatch(/^gosw: /);
    const created = want.shell !== undefined && want.shell !== extra.GOCACHE;
    if (created) {
      expect(statSync(want.shell!).isDirectory(), r.dump).toBe(true);
      expect(mode(want.shell!).toString(8), `${shell} made ${want.shell} 0700`).toBe('700');
      rmSync(want.shell!, { recursive: true });
    }
  }
  expect(json, 'gosw env --format json').toBe('json' in want ? want.json : want.shell);
}

const scoped = (root: string, scope: string) => path.join(root, 'gosw', 'go-build', scope);

describe('GOCACHE: shells and `gosw env --format json` agree', () => {
  it('default: ${XDG_CACHE_HOME}/gosw/go-build/<os-release ID-VERSION_ID>, mode 0700', () => {
    const fx = setup();
    expectAgree(fx, {}, { shell: scoped(fx.sb.xdgCache, 'ubuntu-22.04') });
  });

  it('no XDG_CACHE_HOME: ~/.cache', () => {
    const fx = setup();
    expectAgree(fx, { XDG_CACHE_HOME: undefined }, { shell: scoped(path.join(fx.sb.home, '.cache'), 'ubuntu-22.04') });
  });

  it('a relative XDG_CACHE_HOME is ignored (XDG spec), with a notice: ~/.cache', () => {
    const fx = setup();
    expectAgree(
      fx,
      { XDG_CACHE_HOME: 'relative/cache' },
      {
        shell: scoped(path.join(fx.sb.home, '.cache'), 'ubuntu-22.04'),
        stderr: [/^gosw: ignoring XDG_CACHE_HOME=relative\/cache: not an absolute path$/m],
      },
    );
    expect(existsSync(path.join(fx.sb.work, 'relative'))).toBe(false);
  });

  it('WSL_DISTRO_NAME names the scope', () => {
    const fx = setup();
    expectAgree(fx, { WSL_DISTRO_NAME: 'Ubuntu-22.04' }, { shell: scoped(fx.sb.xdgCache, 'Ubuntu-22.04') });
  });

  it('a hostile WSL_DISTRO_NAME is one sanitised path segment', () => {
    const fx = setup();
    expectAgree(fx, { WSL_DISTRO_NAME: 'My Distro/../../x' }, { shell: scoped(fx.sb.xdgCache, 'My_Distro_.._.._x') });
    expectAgree(fx, { WSL_DISTRO_NAME: '..' }, { shell: scoped(fx.sb.xdgCache, '_.') });
    expectAgree(fx, { WSL_DISTRO_NAME: 'y'.repeat(100) }, { shell: scoped(fx.sb.xdgCache, 'y'.repeat(64)) });
  });

  it.each<[string, string, string]>([
    ['debian', OS_RELEASE.debian, 'debian-12'],
    ['alpine (unquoted)', OS_RELEASE.alpine, 'alpine-3.19'],
    ['rocky (single quotes)', OS_RELEASE.rocky, 'rocky-9'],
    ['hostile ID and VERSION_ID', OS_RELEASE.hostile, '_._.._etc-1_2___id_'],
    ['no VERSION_ID', 'ID=arch\nBUILD_ID=rolling\n', 'arch'],
    ['no ID', 'NAME=Mystery\nVERSION_ID=1\n', 'unknown'],
  ])('os-release: %s', (_name, osRelease, scope) => {
    const fx = setup(osRelease);
    expectAgree(fx, {}, { shell: scoped(fx.sb.xdgCache, scope) });
  });

  it('os-release missing: scope "unknown"', () => {
    const fx = setup();
    rmSync(fx.files.osRelease);
    expectAgree(fx, {}, { shell: scoped(fx.sb.xdgCache, 'unknown') });
  });

  it('XDG_CACHE_HOME on a (fixture) drvfs mount: ~/.cache instead, a notice, nothing made on the drive', () => {
    const fx = setup();
    const xdg = path.join(fx.winc, 'Users', 'me', 'AppData', 'cache');
    expectAgree(
      fx,
      { XDG_CACHE_HOME: xdg },
      {
        shell: scoped(path.join(fx.sb.home, '.cache'), 'ubuntu-22.04'),
        stderr: [new RegExp(`^gosw: not using ${xdg}/gosw/go-build/ubuntu-22.04 for GOCACHE: it is on drvfs$`, 'm')],
      },
    );
    expect(readdirSync(fx.winc)).toEqual(['linux']);
  });

  it('a mount point with a space (\\040 in mountinfo): decoded, so the 9p drive is refused', () => {
    const fx = setup();
    const xdg = path.join(fx.winSpace, 'cache');
    expectAgree(fx, { XDG_CACHE_HOME: xdg }, { shell: scoped(path.join(fx.sb.home, '.cache'), 'ubuntu-22.04'), stderr: [/it is on 9p$/m] });
    expect(readdirSync(fx.winSpace)).toEqual([]);
  });

  it('longest prefix wins: a Linux disk mounted inside the drvfs drive is fine', () => {
    const fx = setup();
    expectAgree(
      fx,
      { XDG_CACHE_HOME: path.join(fx.winLinux, 'cache') },
      { shell: scoped(path.join(fx.winLinux, 'cache'), 'ubuntu-22.04') },
    );
  });

  // The allowlist (__gosw_native_fs in shell/mounts.sh, NATIVE_FS in src/cache/mounts.ts): plain
  // fuse is what an NTFS volume mounted by ntfs-3g looks like; before, only a denylist was refused
  // and these types got GOCACHE. (A real ntfs-3g mount: test/e2e/gocache-ntfs.test.ts.)
  it.each(['fuse', 'fuse.sshfs', 'fuseblk', 'virtiofs', 'vboxsf', 'nfs4', 'nfs', 'ceph', 'smb3'])(
    'XDG_CACHE_HOME on %s (fixture): not native, so ~/.cache, with a notice, in the shells and JSON alike',
    (t) => {
      const fx = setup();
      const data = path.join(fx.sb.root, 'data');
      mkdirSync(data);
      fx.mount(data, t);
      expectAgree(
        fx,
        { XDG_CACHE_HOME: path.join(data, 'cache') },
        {
          shell: scoped(path.join(fx.sb.home, '.cache'), 'ubuntu-22.04'),
          stderr: [
            new RegExp(`^gosw: not using ${data}/cache/gosw/go-build/ubuntu-22.04 for GOCACHE: it is on ${t.replace('.', '\\.')}$`, 'm'),
          ],
        },
      );
      expect(readdirSync(data)).toEqual([]);
    },
  );

  it("the user's GOCACHE on an unsafe fs: replaced by the scoped one, with a notice on stderr", () => {
    const fx = setup();
    const mine = path.join(fx.winc, 'gocache');
    expectAgree(
      fx,
      { GOCACHE: mine },
      {
        shell: scoped(fx.sb.xdgCache, 'ubuntu-22.04'),
        stderr: [new RegExp(`^gosw: your GOCACHE=${mine} is on drvfs .*per-distro cache instead$`, 'm')],
      },
    );
  });

  it("the user's GOCACHE on a safe fs: kept, silently (JSON sets none), nothing made", () => {
    const fx = setup();
    const mine = path.join(fx.sb.home, 'my-gocache');
    expectAgree(fx, { GOCACHE: mine }, { shell: mine, json: undefined });
    // a Linux disk mounted inside the drvfs drive is safe too (longest prefix)
    expectAgree(fx, { GOCACHE: path.join(fx.winLinux, 'gocache') }, { shell: path.join(fx.winLinux, 'gocache'), json: undefined });
    expect(existsSync(path.join(fx.sb.xdgCache, 'gosw'))).toBe(false);
  });

  it("the user's GOCACHE relative or with ..: replaced, with a notice (its filesystem cannot be told)", () => {
    const fx = setup();
    for (const mine of ['rel/gocache', `${fx.sb.home}/../../winc/gocache`]) {
      expectAgree(
        fx,
        { GOCACHE: mine },
        {
          shell: scoped(fx.sb.xdgCache, 'ubuntu-22.04'),
          stderr: [/^gosw: your GOCACHE=.* is not an absolute path without \. or \.\.; gosw uses a per-distro cache instead$/m],
        },
      );
    }
  });

  it('an empty GOCACHE counts as unset: replaced silently, and set-but-empty again when leaving', () => {
    const fx = setup();
    expectAgree(fx, { GOCACHE: '' }, { shell: scoped(fx.sb.xdgCache, 'ubuntu-22.04') });
  });

  it("GOSW_GOCACHE=inherit keeps the user's GOCACHE (JSON sets none), even on an unsafe fs, silently", () => {
    const fx = setup();
    const mine = path.join(fx.winc, 'gocache');
    expectAgree(fx, { GOSW_GOCACHE: 'inherit', GOCACHE: mine }, { shell: mine, json: undefined });
    expect(existsSync(path.join(fx.sb.xdgCache, 'gosw'))).toBe(false);
  });

  it('GOSW_GOCACHE=off leaves GOCACHE unset (and a user GOCACHE as it is)', () => {
    const fx = setup();
    expectAgree(fx, { GOSW_GOCACHE: 'off' }, { shell: undefined });
    const mine = path.join(fx.sb.home, 'mine');
    expectAgree(fx, { GOSW_GOCACHE: 'off', GOCACHE: mine }, { shell: mine, json: undefined });
    expect(existsSync(path.join(fx.sb.xdgCache, 'gosw'))).toBe(false);
  });

  it('an invalid GOSW_GOCACHE: scoped, with a notice', () => {
    const fx = setup();
    expectAgree(
      fx,
      { GOSW_GOCACHE: 'sometimes' },
      {
        shell: scoped(fx.sb.xdgCache, 'ubuntu-22.04'),
        stderr: [/^gosw: GOSW_GOCACHE=sometimes is not scoped, inherit or off; using scoped$/m],
      },
    );
  });

  it('XDG_CACHE_HOME and HOME unsafe, /var/tmp unsafe too (fixture): GOCACHE left unset, nothing created', () => {
    const fx = setup();
    fx.mount('/var/tmp', 'vfat');
    const home = path.join(fx.winc, 'Users', 'me');
    expectAgree(
      fx,
      { HOME: home, XDG_CACHE_HOME: path.join(fx.winSpace, 'cache') },
      { shell: undefined, stderr: [/on 9p$/m, /on drvfs$/m, /gosw-\d+\/go-build\/ubuntu-22\.04 for GOCACHE: it is on vfat$/m] },
    );
    expect(readdirSync(fx.winc)).toEqual(['linux']);
    expect(readdirSync(fx.winSpace)).toEqual([]);
  });

  it('XDG_CACHE_HOME with a trailing slash: the same string everywhere (a double slash, not normalised)', () => {
    const fx = setup();
    const env = fx.env({ XDG_CACHE_HOME: `${fx.sb.xdgCache}/` });
    const want = `${fx.sb.xdgCache}//gosw/go-build/ubuntu-22.04`;
    expect(inJson(env, fx.sb.work)).toBe(want);
    for (const shell of SHELLS) expect(inShell(shell, env, fx.sb.work).gocache).toBe(want);
  });

  it('--format dotenv and systemd carry the same GOCACHE as json', () => {
    const fx = setup();
    const env = fx.env({ WSL_DISTRO_NAME: 'Debian' });
    const want = scoped(fx.sb.xdgCache, 'Debian');
    const run = (format: string) =>
      spawnSync(process.execPath, [CLI_PATH, 'env', '--format', format], { env, cwd: fx.sb.work, encoding: 'utf8' }).stdout;
    expect(inJson(env, fx.sb.work)).toBe(want);
    expect(run('dotenv')).toContain(`GOCACHE="${want}"\n`);
    expect(run('systemd')).toMatch(new RegExp(`^# gosw env --format systemd.*\\n(.*\\n)*GOCACHE="${want}"\\n`));
    // As the shell init does, the directory is made (mode 0700) so what is printed can be used.
    expect(statSync(want).mode & 0o777).toBe(0o700);
  });

  it('an existing scoped dir is used as it is', () => {
    const fx = setup();
    const dir = scoped(fx.sb.xdgCache, 'ubuntu-22.04');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(dir, 'README'), 'keep\n');
    for (const shell of SHELLS) expect(inShell(shell, fx.env(), fx.sb.work).gocache).toBe(dir);
    expect(readdirSync(dir)).toEqual(['README']);
  });

  // Regression (fixed): the shells skip a root they cannot create the dir in (`mkdir -p -m 700 ... || continue` in
  // __gosw_gocache_init) and fall back to ~/.cache, but planGocache (src/cache/gocache.ts), used by
  // `gosw env --format json|dotenv|systemd` and `gosw cache`, only judges the filesystem type and
  // still answers $XDG_CACHE_HOME/gosw/go-build/<scope>: a systemd unit or tool gets a GOCACHE
  // that cannot exist and that differs from the interactive shell's. Input: XDG_CACHE_HOME is a
  // regular file. Shells: ~/.cache/gosw/go-build/ubuntu-22.04; JSON: <file>/gosw/go-build/ubuntu-22.04.
  it('XDG_CACHE_HOME unusable (a regular file): shells fall back to ~/.cache, JSON must agree', () => {
    const fx = setup();
    const file = path.join(fx.sb.root, 'not-a-dir');
    writeFileSync(file, '');
    const want = scoped(path.join(fx.sb.home, '.cache'), 'ubuntu-22.04');
    const env = fx.env({ XDG_CACHE_HOME: file });
    for (const shell of SHELLS) expect(inShell(shell, env, fx.sb.work).gocache).toBe(want);
    expect(inJson(env, fx.sb.work)).toBe(want);
  });

  // Regression (fixed): shell/hook.sh.in (rendered to gosw.bash and gosw.zsh) __gosw_fs_unsafe match the path against mount points
  // lexically, without resolving `..`, while planGocache (path.join) normalises it. Input:
  // XDG_CACHE_HOME=<home>/../winc/cache where <winc> is drvfs in mountinfo. JSON (correct):
  // ~/.cache/gosw/go-build/ubuntu-22.04. Both shells: <home>/../winc/cache/gosw/go-build/ubuntu-22.04,
  // i.e. they create and export a GOCACHE on the Windows drive, silently.
  it('XDG_CACHE_HOME spelled with .. into the drvfs drive: refused by the shells too', () => {
    const fx = setup();
    const xdg = `${fx.sb.home}/../winc/cache`; // not path.join: that would normalise the ..
    const env = fx.env({ XDG_CACHE_HOME: xdg });
    const want = scoped(path.join(fx.sb.home, '.cache'), 'ubuntu-22.04');
    expect(inJson(env, fx.sb.work)).toBe(want);
    const got = SHELLS.map((shell) => inShell(shell, env, fx.sb.work).gocache);
    expect({ shells: got, onTheDrive: readdirSync(fx.winc) }).toEqual({ shells: [want, want], onTheDrive: ['linux'] });
  });

  it("a shell started inside a project where gosw replaced the user's GOCACHE: judged on the user's value, given back when leaving, said once; JSON agrees", () => {
    const fx = setup();
    const mine = path.join(fx.winc, 'gocache');
    const want = scoped(fx.sb.xdgCache, 'ubuntu-22.04');
    const init = (shell: Shell) => `eval "$(${sq(process.execPath)} ${sq(CLI_PATH)} env --shell ${shell})"`;
    for (const shell of SHELLS) {
      const argv = (script: string) => (shell === 'bash' ? [shell, '--norc', '--noprofile', '-c', script] : [shell, '-f', '-c', script]);
      const child = [
        init(shell),
        '_gosw_hook',
        SHOW,
        `${sq(process.execPath)} ${sq(CLI_PATH)} env --format json`,
        'GOSW_VERSION=system',
        '_gosw_hook',
        SHOW,
      ].join('\n');
      const parent = [init(shell), '_gosw_hook', SHOW, `${argv(child).map(sq).join(' ')}`].join('\n');
      const r = spawnSync(argv(parent)[0]!, argv(parent).slice(1), {
        env: fx.env({ GOCACHE: mine }),
        cwd: fx.sb.work,
        encoding: 'utf8',
        timeout: 30_000,
      });
      const dump = `${shell}: exit ${r.status}\n${r.stdout}\n${r.stderr}`;
      expect(r.status, dump).toBe(0);
      const lines = r.stdout.split('\n');
      const json = JSON.parse(lines.slice(2, -2).join('\n')) as Record<string, string>;
      expect([lines[0], lines[1], json.GOCACHE, lines.at(-2)], dump).toEqual([`SET:${want}`, `SET:${want}`, want, `SET:${mine}`]);
      // the parent's one line; the child replaced nothing itself, and JSON's notice is its own (stderr of gosw env)
      expect(
        r.stderr.split('\n').filter((l) => l.startsWith('gosw: your GOCACHE=')),
        dump,
      ).toHaveLength(2);
    }
  });

  // Regression (fixed): src/cache/gocache.ts cacheScope sanitises with /[^A-Za-z0-9._-]/g, which replaces each
  // UTF-16 code unit, so a character outside the BMP (two code units) becomes "__"; bash and zsh in a
  // UTF-8 locale replace each character, giving "_". Input: WSL_DISTRO_NAME='Deb😀ian', LANG=C.UTF-8.
  // Shells: .../go-build/Deb_ian; `gosw env --format json` (and `gosw cache`): .../go-build/Deb__ian,
  // so `gosw cache info|prune` look at a different directory than the shell's GOCACHE. (A /u regex
  // would agree with the shells here; under LANG=C the shells themselves work byte-wise: Deb____ian.)
  // Fixed: the scope is sanitised byte by byte everywhere (the shells under LC_ALL=C), so a
  // 4-byte character becomes four underscores in the shells and in TypeScript alike.
  it('a WSL_DISTRO_NAME with a non-BMP character: the same scope in the shells and JSON', () => {
    const fx = setup();
    const env = fx.env({ WSL_DISTRO_NAME: 'Deb\u{1F600}ian' });
    const shells = SHELLS.map((shell) => inShell(shell, env, fx.sb.work).gocache);
    expect(shells).toEqual([scoped(fx.sb.xdgCache, 'Deb____ian'), scoped(fx.sb.xdgCache, 'Deb____ian')]);
    expect(inJson(env, fx.sb.work)).toBe(shells[0]);
  });
});

/** `gosw env --format json`: GOCACHE and stderr. */
function jsonRun(env: Record<string, string>, cwd: string): { gocache: string | undefined; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_PATH, 'env', '--format', 'json'], { env, cwd, encoding: 'utf8', timeout: 20_000 });
  expect(r.status, r.stderr).toBe(0);
  return { gocache: (JSON.parse(r.stdout) as Record<string, string>).GOCACHE, stderr: r.stderr };
}

// GOSW_SYSROOT (src/sysroot.ts, __gosw_sysfile in shell/mounts.sh) replaced five variables, one per
// file; every test above goes through it. These pin the seam itself.
describe('GOSW_SYSROOT: the one seam for system facts, honoured by the shells and TypeScript alike', () => {
  /** Files the old variables would have named: an os-release and a mount table saying otherwise. */
  function oldVariables(fx: Fx): Record<string, string> {
    const old = makeSysroot(
      {
        osRelease: 'ID=old\nVERSION_ID=1\n',
        mountinfo: '22 1 8:1 / / rw - ext4 /dev/sda1 rw\n',
        kernel: '5.15.0-microsoft-standard-WSL2\n',
      },
      path.join(fx.sb.root, 'old'),
    );
    return {
      GOSW_OS_RELEASE: path.join(old, SYSROOT_PATHS.osRelease),
      GOSW_MOUNTINFO: path.join(old, SYSROOT_PATHS.mountinfo),
      GOSW_KERNEL_OSRELEASE: path.join(old, SYSROOT_PATHS.kernel),
      GOSW_MACOS_VERSION_PLIST: path.join(old, 'nothing'),
      GOSW_WSL_CONF: path.join(old, 'nothing'),
    };
  }

  it('one fixture root, one decision: scope from its os-release, the drive refused by its mount table, in bash, zsh and JSON; the old variables do nothing', () => {
    const fx = setup('ID=seamos\nVERSION_ID="7"\n');
    const xdg = path.join(fx.winc, 'cache');
    expectAgree(
      fx,
      { XDG_CACHE_HOME: xdg, ...oldVariables(fx) },
      {
        shell: scoped(path.join(fx.sb.home, '.cache'), 'seamos-7'),
        stderr: [new RegExp(`^gosw: not using ${xdg}/gosw/go-build/seamos-7 for GOCACHE: it is on drvfs$`, 'm')],
      },
    );
    expect(readdirSync(fx.winc)).toEqual(['linux']);
  });

  it('unset: the real files are read (the old variables still do nothing), and all three agree', () => {
    const fx = setup();
    const env = fx.env({ GOSW_SYSROOT: undefined, ...oldVariables(fx) });
    const json = jsonRun(env, fx.sb.work).gocache;
    expect(json).toMatch(new RegExp(`^${fx.sb.xdgCache}/gosw/go-build/[^/]+$`));
    expect(json).not.toMatch(/\/old-1$/);
    for (const shell of SHELLS) expect(inShell(shell, env, fx.sb.work).gocache, shell).toBe(json);
  });

  it('relative: ignored (it would follow $PWD), with one notice, in the shells and JSON alike', () => {
    const fx = setup();
    // A root where a relative name would find it: it must not be read.
    makeSysroot({ osRelease: 'ID=relative\n', mountinfo: `22 1 8:1 / / rw - vfat x rw\n` }, path.join(fx.sb.work, 'sysroot'));
    const env = fx.env({ GOSW_SYSROOT: 'sysroot' });
    const notice = 'gosw: ignoring GOSW_SYSROOT=sysroot: not an absolute path';
    const json = jsonRun(env, fx.sb.work);
    expect(json.stderr.split('\n').filter((l) => l === notice)).toHaveLength(1);
    expect(json.gocache).toMatch(new RegExp(`^${fx.sb.xdgCache}/gosw/go-build/[^/]+$`));
    expect(json.gocache).not.toMatch(/\/relative$/);
    for (const shell of SHELLS) {
      const r = inShell(shell, env, fx.sb.work);
      expect(r.gocache, r.dump).toBe(json.gocache);
      expect(
        r.stderr.split('\n').filter((l) => l === notice),
        r.dump,
      ).toHaveLength(1);
    }
  });

  it('only regular files are read: a FIFO for os-release or mountinfo blocks nobody (scope "unknown", no mount table)', () => {
    const fx = setup();
    rmSync(fx.files.osRelease);
    rmSync(fx.files.mountinfo);
    spawnSync('mkfifo', [fx.files.osRelease, fx.files.mountinfo]);
    expect(statSync(fx.files.osRelease).isFIFO()).toBe(true);
    // With no mount table the drive cannot be told apart: XDG_CACHE_HOME is used as it is.
    expectAgree(fx, {}, { shell: scoped(fx.sb.xdgCache, 'unknown') });
  });
});

describe('the GOCACHE init forks nothing (strace)', () => {
  const st = straceUsable();
  if (!st.ok) console.warn(`[gocache-shell] fork test skipped: ${st.why}`);
  /** fork/clone/execve lines of `<shell> -c 'source <init>; _gosw_hook'`, but the shell's own execve. */
  function forks(shell: Shell, fx: Fx, env: Record<string, string>): string[] {
    const init = path.join(fx.sb.root, `init.${shell}`);
    const r = spawnSync(process.execPath, [CLI_PATH, 'env', '--shell', shell], { env, encoding: 'utf8' });
    writeFileSync(init, r.stdout);
    const trace = path.join(fx.sb.root, `trace.${shell}`);
    const argv =
      shell === 'bash'
        ? ['bash', '--norc', '--noprofile', '-c', `source ${sq(init)}; _gosw_hook; printf %s "$GOCACHE"`]
        : ['zsh', '-f', '-c', `source ${sq(init)}; _gosw_hook; printf %s "$GOCACHE"`];
    const t = spawnSync('strace', ['-f', '-qq', '-e', `trace=${st.syscalls}`, '-o', trace, ...argv], {
      env,
      cwd: fx.sb.work,
      encoding: 'utf8',
    });
    expect(t.status, t.stderr).toBe(0);
    expect(t.stdout).toBe(scoped(fx.sb.xdgCache, 'ubuntu-22.04'));
    return readFileSync(trace, 'utf8')
      .split('\n')
      .filter((l) => l && !/execve\("[^"]*\/(bash|zsh)"/.test(l));
  }

  it.skipIf(!st.ok)('with the directories in place, bash and zsh fork nothing; zsh makes them without forking too (zsh/files)', () => {
    const fx = setup();
    const env = fx.env();
    expect(forks('zsh', fx, env), 'zsh making the dirs').toEqual([]);
    expect(forks('zsh', fx, env), 'zsh, dirs in place').toEqual([]);
    rmSync(path.join(fx.sb.xdgCache, 'gosw'), { recursive: true });
    expect(forks('bash', fx, env).length, 'bash makes missing dirs with mkdir (it has no builtin)').toBeGreaterThan(0);
    expect(forks('bash', fx, env), 'bash, dirs in place').toEqual([]);
  });
});
