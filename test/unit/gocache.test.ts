/**
 * src/cache/gocache.ts: the per-distro GOCACHE scope and plan (the TypeScript twin of
 * __gosw_gocache_init in generated/hooks/gosw.bash). Facts are fixtures: os-release text, kernel release,
 * mountinfo; only probes and planGocache(..., create) touch temp directories.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  cacheScope,
  gocacheMode,
  isWsl,
  judgePath,
  macosMajor,
  planGocache,
  userGocache,
  readFacts,
  ROOT_MARKER,
  type SystemFacts,
} from '../../src/cache/gocache.js';
import { parseMountinfo } from '../../src/cache/mounts.js';
import { SYSTEM_FILES, systemPath } from '../../src/sysroot.js';
import { makeSysroot, sysrootEnv } from '../helpers/sysroot.js';
import { makeTempDir } from '../helpers/tmp.js';

/** What gosw exec / env --format export: the plan with the directory created, when scoped. */
function scopedGocache(env: NodeJS.ProcessEnv): string | undefined {
  const plan = planGocache(env, readFacts(env), false, true);
  return plan.mode === 'scoped' ? plan.dir : undefined;
}

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const UID = typeof process.getuid === 'function' ? process.getuid() : 0;

const OS_RELEASE = {
  ubuntu:
    'PRETTY_NAME="Ubuntu 22.04.3 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.3 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n',
  debian:
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19\nPRETTY_NAME="Alpine Linux v3.19"\n',
  rocky:
    "NAME='Rocky Linux'\nVERSION='9 (Blue Onyx)'\nID='rocky'\nID_LIKE='rhel centos fedora'\nVERSION_ID='9'\nPLATFORM_ID='platform:el9'\n",
  arch: 'NAME="Arch Linux"\nPRETTY_NAME="Arch Linux"\nID=arch\nBUILD_ID=rolling\n',
};

/** / on ext4, C: as drvfs, a share on nfs, /var/tmp safe; the paths used below are all fictional. */
const MOUNTINFO = [
  '1 0 8:1 / / rw - ext4 /dev/sda1 rw',
  '2 1 0:50 / /mnt/c rw - drvfs C:\\134 rw',
  '3 1 0:51 / /mnt/my\\040share rw - cifs //srv/share rw',
  '4 1 0:52 / /net/home rw - nfs4 srv:/home rw',
  '5 1 0:53 / /win/home rw - 9p drvfs rw',
].join('\n');

const facts = (over: Partial<SystemFacts> = {}): SystemFacts => ({
  platform: 'linux',
  osRelease: OS_RELEASE.ubuntu,
  kernel: '6.5.0-35-generic\n',
  mounts: parseMountinfo(MOUNTINFO),
  ...over,
});

describe('cacheScope', () => {
  it.each<[string, NodeJS.ProcessEnv, Partial<SystemFacts>, string]>([
    ['WSL_DISTRO_NAME wins over os-release', { WSL_DISTRO_NAME: 'Ubuntu-22.04' }, {}, 'Ubuntu-22.04'],
    ['WSL_DISTRO_NAME with a space', { WSL_DISTRO_NAME: 'Ubuntu Preview' }, {}, 'Ubuntu_Preview'],
    ['empty WSL_DISTRO_NAME is ignored', { WSL_DISTRO_NAME: '' }, {}, 'ubuntu-22.04'],
    ['ubuntu (quoted VERSION_ID)', {}, { osRelease: OS_RELEASE.ubuntu }, 'ubuntu-22.04'],
    ['debian', {}, { osRelease: OS_RELEASE.debian }, 'debian-12'],
    ['alpine (unquoted)', {}, { osRelease: OS_RELEASE.alpine }, 'alpine-3.19'],
    ['rocky (single quotes)', {}, { osRelease: OS_RELEASE.rocky }, 'rocky-9'],
    ['no VERSION_ID (arch)', {}, { osRelease: OS_RELEASE.arch }, 'arch'],
    ['os-release missing', {}, { osRelease: undefined }, 'unknown'],
    ['os-release without ID', {}, { osRelease: 'NAME=x\nVERSION_ID=1\n' }, 'unknown'],
    ['empty os-release', {}, { osRelease: '' }, 'unknown'],
    ['ID_LIKE is not ID', {}, { osRelease: 'ID_LIKE=debian\nID=pop\nVERSION_ID="22.04"\n' }, 'pop-22.04'],
    // WSL without WSL_DISTRO_NAME (sudo drops it): os-release is the name left
    ['WSL kernel without the variable', {}, { kernel: '5.15.146.1-microsoft-standard-WSL2\n' }, 'ubuntu-22.04'],
    [
      'macOS with a plist',
      {},
      { platform: 'darwin', macosPlist: '<dict>\n\t<key>ProductVersion</key>\n\t<string>14.4.1</string>\n</dict>' },
      'macos-14',
    ],
    ['macOS without a plist', {}, { platform: 'darwin', macosPlist: undefined }, 'macos'],
  ])('%s', (_name, env, over, want) => {
    expect(cacheScope(env, facts(over))).toBe(want);
  });

  describe('hostile values are sanitised to one path segment', () => {
    it.each<[string, NodeJS.ProcessEnv, string | undefined, string]>([
      ['../x in ID', {}, 'ID="../x"\nVERSION_ID=1\n', '_._x-1'],
      ['.. as the whole ID', {}, 'ID=..\n', '_.'],
      ['. as the whole ID', {}, 'ID=.\n', '_'],
      ['slashes in VERSION_ID', {}, 'ID=evil\nVERSION_ID="../../../etc"\n', 'evil-.._.._.._etc'],
      ['spaces and shell syntax', {}, 'ID="my distro"\nVERSION_ID="$(rm -rf ~)"\n', 'my_distro-__rm_-rf___'],
      ['a leading dot', { WSL_DISTRO_NAME: '.hidden' }, undefined, '_hidden'],
      ['a slash in WSL_DISTRO_NAME', { WSL_DISTRO_NAME: 'a/../../b' }, undefined, 'a_.._.._b'],
      ['newline and tab', { WSL_DISTRO_NAME: 'a\nb\tc' }, undefined, 'a_b_c'],
      ['non-ASCII (one _ per byte, as the shells under LC_ALL=C)', { WSL_DISTRO_NAME: 'Übuntu' }, undefined, '__buntu'],
      ['too long: cut at 64', { WSL_DISTRO_NAME: 'x'.repeat(200) }, undefined, 'x'.repeat(64)],
    ])('%s', (_name, env, osRelease, want) => {
      const scope = cacheScope(env, facts(osRelease === undefined ? {} : { osRelease }));
      expect(scope).toBe(want);
      expect(scope).toMatch(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/);
      expect(scope).not.toBe('.');
      expect(scope).not.toBe('..');
      expect(path.basename(scope)).toBe(scope);
    });
  });
});

describe('macosMajor and isWsl', () => {
  it('macosMajor reads ProductVersion', () => {
    expect(macosMajor('<key>ProductVersion</key>\n<string>13.6</string>')).toBe('13');
    expect(macosMajor('<key>ProductName</key><string>macOS</string>')).toBe('');
    expect(macosMajor(undefined)).toBe('');
  });

  it('isWsl: WSL_DISTRO_NAME or a Microsoft kernel', () => {
    expect(isWsl({ WSL_DISTRO_NAME: 'Debian' }, facts())).toBe(true);
    expect(isWsl({}, facts({ kernel: '5.15.146.1-microsoft-standard-WSL2' }))).toBe(true);
    expect(isWsl({}, facts({ kernel: '4.4.0-19041-Microsoft' }))).toBe(true);
    expect(isWsl({}, facts())).toBe(false);
    expect(isWsl({}, facts({ kernel: undefined }))).toBe(false);
  });
});

describe('gocacheMode', () => {
  it.each<[string | undefined, string, number]>([
    [undefined, 'scoped', 0],
    ['', 'scoped', 0],
    ['scoped', 'scoped', 0],
    ['inherit', 'inherit', 0],
    ['off', 'off', 0],
    ['bogus', 'scoped', 1],
    ['OFF', 'scoped', 1],
  ])('GOSW_GOCACHE=%j -> %s', (v, want, notices) => {
    const n: string[] = [];
    expect(gocacheMode(v === undefined ? {} : { GOSW_GOCACHE: v }, n)).toBe(want);
    expect(n).toHaveLength(notices);
    if (notices) expect(n[0]).toMatch(/not scoped, inherit or off; using scoped/);
  });
});

describe('planGocache', () => {
  const HOME = '/home/me';
  const env = (over: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({ HOME, XDG_CACHE_HOME: '/home/me/.xdg-cache', ...over });

  it('default: under XDG_CACHE_HOME, scoped, no notices', () => {
    expect(planGocache(env(), facts(), false)).toEqual({
      mode: 'scoped',
      dir: '/home/me/.xdg-cache/gosw/go-build/ubuntu-22.04',
      scope: 'ubuntu-22.04',
      notices: [],
    });
  });

  it('without XDG_CACHE_HOME: ~/.cache', () => {
    expect(planGocache({ HOME }, facts(), false).dir).toBe('/home/me/.cache/gosw/go-build/ubuntu-22.04');
  });

  it('a relative XDG_CACHE_HOME is ignored (as the XDG spec says), with a notice', () => {
    const p = planGocache(env({ XDG_CACHE_HOME: 'rel/cache' }), facts(), false);
    expect(p.dir).toBe('/home/me/.cache/gosw/go-build/ubuntu-22.04');
    expect(p.notices).toEqual(['ignoring XDG_CACHE_HOME=rel/cache: not an absolute path']);
  });

  it('a relative XDG_RUNTIME_DIR is ignored, with a notice', () => {
    const p = planGocache(env({ XDG_RUNTIME_DIR: 'run/user/1000' }), facts(), false);
    expect(p.dir).toBe('/home/me/.xdg-cache/gosw/go-build/ubuntu-22.04');
    expect(p.notices).toEqual(['ignoring XDG_RUNTIME_DIR=run/user/1000: not an absolute path']);
  });

  it('XDG_CACHE_HOME on drvfs: falls back to ~/.cache with a one-line notice naming the filesystem', () => {
    const p = planGocache(env({ XDG_CACHE_HOME: '/mnt/c/Users/me/.cache', WSL_DISTRO_NAME: 'Ubuntu' }), facts(), false);
    expect(p.mode).toBe('scoped');
    expect(p.dir).toBe('/home/me/.cache/gosw/go-build/Ubuntu');
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0]).toContain('/mnt/c/Users/me/.cache/gosw/go-build/Ubuntu');
    expect(p.notices[0]).toMatch(/drvfs/);
    expect(p.notices[0]).not.toContain('\n');
  });

  it('XDG_CACHE_HOME under a mount point with an escaped space (cifs): falls back', () => {
    const p = planGocache(env({ XDG_CACHE_HOME: '/mnt/my share/cache' }), facts(), false);
    expect(p.dir).toBe('/home/me/.cache/gosw/go-build/ubuntu-22.04');
    expect(p.notices[0]).toMatch(/cifs/);
  });

  it('XDG_CACHE_HOME and HOME both unsafe: /var/tmp/gosw-<uid>', () => {
    const p = planGocache({ HOME: '/win/home/me', XDG_CACHE_HOME: '/mnt/c/cache' }, facts(), false);
    expect(p.mode).toBe('scoped');
    expect(p.dir).toBe(`/var/tmp/gosw-${UID}/go-build/ubuntu-22.04`);
    expect(p.notices).toHaveLength(2);
    expect(p.notices[0]).toMatch(/drvfs/);
    expect(p.notices[1]).toMatch(/9p/);
  });

  it('everything unsafe: off, with a notice, and no dir', () => {
    const mounts = parseMountinfo(`${MOUNTINFO}\n6 1 0:54 / /var/tmp rw - vfat /dev/sdb1 rw`);
    const p = planGocache({ HOME: '/win/home/me', XDG_CACHE_HOME: '/mnt/c/cache' }, facts({ mounts }), false);
    expect(p.mode).toBe('off');
    expect(p.dir).toBeUndefined();
    expect(p.notices.at(-1)).toMatch(/no safe place for GOCACHE/);
  });

  it('nfs: not used (as the shells), with a notice naming it', () => {
    const p = planGocache(env({ XDG_CACHE_HOME: '/net/home/me/.cache' }), facts(), false);
    expect(p.dir).toBe('/home/me/.cache/gosw/go-build/ubuntu-22.04');
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0]).toMatch(/^not using \/net\/home\/me\/.cache\/gosw\/go-build\/ubuntu-22.04: it is on nfs4: /);
  });

  it.each(['fuse', 'fuse.sshfs', 'fuseblk', '9p', 'virtiofs', 'vboxsf', 'cifs', 'smb3', 'nfs', 'somethingnew'])(
    'XDG_CACHE_HOME on %s: not used without a probe (exec, env --format), with a notice',
    (t) => {
      const mounts = parseMountinfo(`1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:60 / /data rw - ${t} x rw`);
      const p = planGocache(env({ XDG_CACHE_HOME: '/data/cache' }), facts({ mounts }), false);
      expect(p.dir).toBe('/home/me/.cache/gosw/go-build/ubuntu-22.04');
      expect(p.notices).toHaveLength(1);
      expect(p.notices[0]).toContain(`not using /data/cache/gosw/go-build/ubuntu-22.04: it is on ${t}: `);
    },
  );

  it("the user's GOCACHE on an unsafe fs: overridden, with a notice", () => {
    const p = planGocache(env({ GOCACHE: '/mnt/c/gocache' }), facts(), false);
    expect(p.dir).toBe('/home/me/.xdg-cache/gosw/go-build/ubuntu-22.04');
    expect(p.notices).toHaveLength(1);
    expect(p.notices[0]).toMatch(/your GOCACHE=\/mnt\/c\/gocache is on drvfs/);
  });

  it("the user's GOCACHE on a safe fs: kept (inherit, kept), silently", () => {
    expect(planGocache(env({ GOCACHE: '/home/me/my-gocache' }), facts(), false)).toEqual({
      mode: 'inherit',
      dir: '/home/me/my-gocache',
      scope: 'ubuntu-22.04',
      notices: [],
      kept: true,
    });
  });

  it("the user's GOCACHE relative, or with . or .. segments: replaced, with a notice", () => {
    for (const g of ['gocache', './gocache', '/home/me/../../mnt/c/x', '/home/me/./x']) {
      const p = planGocache(env({ GOCACHE: g }), facts(), false);
      expect(p.mode, g).toBe('scoped');
      expect(p.dir, g).toBe('/home/me/.xdg-cache/gosw/go-build/ubuntu-22.04');
      expect(p.notices, g).toEqual([`your GOCACHE=${g} is not an absolute path without . or ..; gosw uses a per-distro cache instead`]);
    }
  });

  it("under a hook that replaced the user's GOCACHE, the decision is about the user's value (_GOSW_ORIG_GOCACHE)", () => {
    const replaced = { GOCACHE: '/home/me/.xdg-cache/gosw/go-build/ubuntu-22.04', _GOSW_SET_GOCACHE: '1', _GOSW_ORIG_GOCACHE_SET: '1' };
    expect(userGocache(env({ ...replaced, _GOSW_ORIG_GOCACHE: '/mnt/c/gocache' }))).toBe('/mnt/c/gocache');
    const p = planGocache(env({ ...replaced, _GOSW_ORIG_GOCACHE: '/mnt/c/gocache' }), facts(), false);
    expect(p.mode).toBe('scoped');
    expect(p.notices[0]).toMatch(/your GOCACHE=\/mnt\/c\/gocache is on drvfs/);
    // the user had none: gosw's own is not taken for the user's
    expect(planGocache(env({ ...replaced, _GOSW_ORIG_GOCACHE: '', _GOSW_ORIG_GOCACHE_SET: '' }), facts(), false)).toMatchObject({
      mode: 'scoped',
      notices: [],
    });
  });

  it("nowhere safe for gosw's cache: the user's unsafe GOCACHE is left, and no notice claims otherwise", () => {
    const mounts = parseMountinfo('22 1 8:1 / / rw - 9p drvfs rw\n');
    const p = planGocache({ HOME: '/home/me', GOCACHE: '/mnt/c/gocache' }, facts({ mounts }), false);
    expect(p.mode).toBe('off');
    expect(p.notices.some((n) => n.startsWith('your GOCACHE='))).toBe(false);
  });

  it("inherit: the user's GOCACHE (even on an unsafe fs), no notices", () => {
    expect(planGocache(env({ GOSW_GOCACHE: 'inherit', GOCACHE: '/mnt/c/gocache' }), facts(), false)).toEqual({
      mode: 'inherit',
      dir: '/mnt/c/gocache',
      scope: 'ubuntu-22.04',
      notices: [],
    });
    expect(planGocache(env({ GOSW_GOCACHE: 'inherit' }), facts(), false).dir).toBeUndefined();
  });

  it('off: no dir', () => {
    expect(planGocache(env({ GOSW_GOCACHE: 'off', GOCACHE: '/x' }), facts(), false)).toEqual({
      mode: 'off',
      scope: 'ubuntu-22.04',
      notices: [],
    });
  });

  it('an invalid mode: scoped, with a notice', () => {
    const p = planGocache(env({ GOSW_GOCACHE: 'yes please' }), facts(), false);
    expect(p.mode).toBe('scoped');
    expect(p.dir).toBe('/home/me/.xdg-cache/gosw/go-build/ubuntu-22.04');
    expect(p.notices).toEqual(['GOSW_GOCACHE="yes please" is not scoped, inherit or off; using scoped']);
  });

  it('the scope is one segment even for hostile os-release values', () => {
    const p = planGocache(env(), facts({ osRelease: 'ID="../../../../tmp/x"\n' }), false);
    expect(path.dirname(p.dir!)).toBe('/home/me/.xdg-cache/gosw/go-build');
  });

  describe('unknown filesystem types are probed on disk', () => {
    it('a real temp dir on an unknown type: ok (probed on the nearest existing ancestor)', () => {
      const root = makeTempDir();
      const mounts = parseMountinfo(`1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:60 / ${root} rw - fuse.sshfs me@box:/ rw`);
      const p = planGocache({ HOME: '/home/me', XDG_CACHE_HOME: path.join(root, 'not', 'yet') }, facts({ mounts }), true);
      expect(p.dir).toBe(path.join(root, 'not/yet/gosw/go-build/ubuntu-22.04'));
      expect(p.notices).toEqual([]);
      expect(judgePath(root, facts({ mounts })).verdict).toBe('ok');
    });

    it('a probe that fails (the nearest existing ancestor is a file): unsafe, falls back', () => {
      const root = makeTempDir();
      const file = path.join(root, 'file');
      writeFileSync(file, 'x');
      const mounts = parseMountinfo(`1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:60 / ${root} rw - fuse.weird x rw`);
      const p = planGocache({ HOME: '/home/me', XDG_CACHE_HOME: file }, facts({ mounts }), true);
      expect(p.dir).toBe('/home/me/.cache/gosw/go-build/ubuntu-22.04');
      expect(p.notices[0]).toMatch(/fuse\.weird: cannot write a test directory/);
    });

    it('probe=false refuses types off the allowlist without touching the disk (as the shells)', () => {
      const mounts = parseMountinfo('1 0 8:1 / / rw - fuse.weird x rw');
      expect(judgePath('/nonexistent/x', facts({ mounts }), false)).toMatchObject({
        verdict: 'unsafe',
        mount: { mountPoint: '/', fsType: 'fuse.weird', source: 'x' },
      });
    });
  });

  it('judgePath with no mounts at all (no /proc): ok', () => {
    expect(judgePath('/x', facts({ mounts: [] }))).toEqual({ verdict: 'ok' });
  });
});

describe('readFacts and scopedGocache (a fixture root via GOSW_SYSROOT)', () => {
  function fixture(mountinfo: string, osRelease = OS_RELEASE.debian) {
    const root = makeTempDir();
    return {
      root,
      env: {
        HOME: path.join(root, 'home'),
        XDG_CACHE_HOME: path.join(root, 'xdg'),
        ...sysrootEnv({ mountinfo, osRelease, kernel: '6.1.0-18-amd64\n' }, path.join(root, 'sysroot')),
      } as NodeJS.ProcessEnv,
    };
  }

  it('readFacts reads the fixture files', () => {
    const { env } = fixture('1 0 8:1 / / rw - ext4 /dev/sda1 rw\n');
    const f = readFacts(env);
    expect(f.osRelease).toBe(OS_RELEASE.debian);
    expect(f.kernel).toBe('6.1.0-18-amd64\n');
    expect(f.mounts).toEqual([{ mountPoint: '/', fsType: 'ext4', source: '/dev/sda1' }]);
  });

  it('readFacts: missing fixture files give no facts, not an error', () => {
    const f = readFacts(sysrootEnv({}));
    expect(f.osRelease).toBeUndefined();
    expect(f.kernel).toBeUndefined();
    expect(f.mounts).toEqual([]);
    expect(cacheScope({}, f)).toBe('unknown');
  });

  it('readFacts reads nothing but regular files under the root: a FIFO does not block, a directory is no file', () => {
    const root = makeSysroot({ kernel: '6.1.0\n' });
    mkdirSync(path.join(root, 'etc/os-release'), { recursive: true });
    mkdirSync(path.join(root, 'proc/self'), { recursive: true });
    execFileSync('mkfifo', [path.join(root, 'proc/self/mountinfo')]);
    const f = readFacts({ GOSW_SYSROOT: root });
    expect(f.mounts).toEqual([]);
    expect(f.osRelease).toBeUndefined();
    expect(f.kernel).toBe('6.1.0\n');
  });

  it('a relative GOSW_SYSROOT is ignored (the real files are read) and a scoped plan says so', () => {
    const env = { HOME: makeTempDir(), GOSW_SYSROOT: 'fixtures' };
    expect(systemPath(env, 'osRelease')).toBe('/etc/os-release');
    expect(systemPath({ GOSW_SYSROOT: '/r' }, 'wslConf')).toBe('/r/etc/wsl.conf');
    expect(planGocache(env, facts(), false).notices).toContain('ignoring GOSW_SYSROOT=fixtures: not an absolute path');
    expect(planGocache({ ...env, GOSW_GOCACHE: 'off' }, facts(), false).notices).toEqual([]);
  });

  it('the shells read their system files through __gosw_sysfile, each one a file the TypeScript seam knows', () => {
    const sh = ['mounts.sh', 'gocache.sh'].map((f) => readFileSync(path.join(REPO, 'shell', f), 'utf8')).join('\n');
    const read = [...sh.matchAll(/__gosw_sysfile (\/[^\s;]+)/g)].map((m) => m[1]);
    expect(read.sort()).toEqual(['/System/Library/CoreServices/SystemVersion.plist', '/etc/os-release', '/proc/self/mountinfo']);
    for (const p of read) expect(Object.values(SYSTEM_FILES)).toContain(p);
  });

  it('scopedGocache creates the dir with mode 0700', () => {
    const { env } = fixture('1 0 8:1 / / rw - ext4 /dev/sda1 rw\n');
    const dir = scopedGocache(env);
    expect(dir).toBe(path.join(env.XDG_CACHE_HOME!, 'gosw/go-build/debian-12'));
    expect(statSync(dir!).isDirectory()).toBe(true);
    expect(statSync(dir!).mode & 0o777).toBe(0o700);
  });

  it('scopedGocache with XDG_CACHE_HOME on a (fixture) drvfs mount: ~/.cache, nothing created under XDG', () => {
    const root = makeTempDir();
    const win = path.join(root, 'winc');
    mkdirSync(win);
    const { env } = fixture(`1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:50 / ${win} rw - drvfs C:\\134 rw\n`);
    const dir = scopedGocache({ ...env, XDG_CACHE_HOME: path.join(win, 'cache') });
    expect(dir).toBe(path.join(env.HOME!, '.cache/gosw/go-build/debian-12'));
    expect(statSync(dir!).mode & 0o777).toBe(0o700);
    expect(() => statSync(path.join(win, 'cache'))).toThrow();
  });

  it('scopedGocache: inherit and off give nothing', () => {
    const { env } = fixture('1 0 8:1 / / rw - ext4 /dev/sda1 rw\n');
    expect(scopedGocache({ ...env, GOSW_GOCACHE: 'inherit', GOCACHE: '/x' })).toBeUndefined();
    expect(scopedGocache({ ...env, GOSW_GOCACHE: 'off' })).toBeUndefined();
  });
});

/**
 * A root in a shared place, through $XDG_RUNTIME_DIR (a temp dir of this user's, mode 0700), the
 * candidate right after ~/.cache (refused here: a symlink).
 * Plans are made with create=false where the next candidate is the real /var/tmp, so nothing is
 * made there. (Other users' directories: test/e2e/gocache-shared.test.ts.)
 */
describe('planGocache: vetting the directories of a shared root (XDG_RUNTIME_DIR)', () => {
  function runtime() {
    const root = makeTempDir();
    const run = path.join(root, 'run');
    mkdirSync(run, { mode: 0o700 });
    chmodSync(run, 0o700);
    // ~/.cache/gosw is refused (a symlink), so the plan goes on to the runtime dir.
    const home = path.join(root, 'home');
    mkdirSync(path.join(home, '.cache'), { recursive: true });
    symlinkSync(root, path.join(home, '.cache', 'gosw'));
    const env: NodeJS.ProcessEnv = { HOME: home, XDG_RUNTIME_DIR: run };
    return { run, env, f: facts({ mounts: parseMountinfo('1 0 8:1 / / rw - ext4 /dev/sda1 rw') }) };
  }

  it('made by gosw: every directory 0700, the marker in the root, and the plan uses it', () => {
    const { run, env, f } = runtime();
    const p = planGocache(env, f, false, true);
    expect(p.dir).toBe(`${run}/gosw/go-build/ubuntu-22.04`);
    for (const d of [`${run}/gosw`, `${run}/gosw/go-build`, p.dir!]) expect(statSync(d).mode & 0o777, d).toBe(0o700);
    expect(existsSync(`${run}/gosw/${ROOT_MARKER}`)).toBe(true);
    expect(planGocache(env, f, false, true).dir, 'and again, as it is').toBe(p.dir);
  });

  it.each<[string, (gosw: string) => void, RegExp]>([
    ['a root gosw did not make (no marker)', (g) => mkdirSync(g, { mode: 0o700 }), /gosw did not make it/],
    [
      'a root writable by group (with the marker)',
      (g) => {
        mkdirSync(g);
        writeFileSync(`${g}/${ROOT_MARKER}`, '');
        chmodSync(g, 0o770);
      },
      /writable by group or others/,
    ],
    [
      'a root that is a symlink',
      (g) => {
        const elsewhere = `${g}-elsewhere`;
        mkdirSync(elsewhere, { mode: 0o700 });
        writeFileSync(`${elsewhere}/${ROOT_MARKER}`, '');
        symlinkSync(elsewhere, g);
      },
      /symbolic link/,
    ],
    [
      'a go-build that is a regular file',
      (g) => {
        mkdirSync(g, { mode: 0o700 });
        writeFileSync(`${g}/${ROOT_MARKER}`, '');
        writeFileSync(`${g}/go-build`, '');
      },
      /not a directory/,
    ],
  ])('%s: refused with a notice naming the path', (_name, prepare, why) => {
    const { run, env, f } = runtime();
    prepare(`${run}/gosw`);
    const p = planGocache(env, f, false, false);
    expect(p.dir).not.toContain(run);
    const n = p.notices.find((x) => x.includes(`${run}/gosw`));
    expect(n, p.notices.join('\n')).toMatch(new RegExp(`^not using ${run}/gosw(/go-build)? for GOCACHE: `));
    expect(n).toMatch(why);
  });

  it.each<[string, number]>([
    ['0755', 0o755],
    ['0770', 0o770],
  ])('an XDG_RUNTIME_DIR with mode %s is ignored, with a notice', (_m, mode) => {
    const { run, env, f } = runtime();
    chmodSync(run, mode);
    const p = planGocache(env, f, false, false);
    expect(p.notices).toContain(`ignoring XDG_RUNTIME_DIR=${run}: not a directory of yours with mode 0700`);
    expect(existsSync(`${run}/gosw`)).toBe(false);
  });
});
