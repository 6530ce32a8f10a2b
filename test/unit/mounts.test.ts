/**
 * src/cache/mounts.ts: mountinfo parsing, longest-prefix mount lookup, filesystem verdicts and the
 * on-disk probe. Pure functions over fixture text; probeDir runs on a real temp dir only.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyFs, findMount, NATIVE_FS, parseMountinfo, probeDir, unescapeMount, type Mount } from '../../src/cache/mounts.js';
import { makeTempDir } from '../helpers/tmp.js';

/** A WSL2-like mountinfo: optional fields, escaped mount points and sources, a shadowing mount. */
const WSL_MOUNTINFO = [
  '62 1 8:32 / / rw,relatime shared:1 - ext4 /dev/sdc rw,discard,errors=remount-ro,data=ordered',
  '70 62 0:52 / /mnt/wslg rw,relatime shared:2 - tmpfs none rw',
  '85 62 0:61 / /mnt/c rw,noatime shared:20 - 9p C:\\134 rw,dirsync,aname=drvfs;path=C:\\;uid=1000,gid=1000,symlinkroot=/mnt/',
  '86 62 0:62 / /mnt/d rw,noatime - drvfs D:\\134 rw,case=off',
  '87 62 0:63 / /mnt/my\\040drive rw,noatime master:3 - drvfs E:\\134My\\040Drive rw',
  '88 85 8:48 / /mnt/c/linux-data rw,relatime shared:30 - ext4 /dev/sdd rw',
  '89 62 0:64 / /srv/nfs rw,relatime - nfs4 server:/export rw,vers=4.2',
  '90 62 0:65 / /media/usb rw,relatime - vfat /dev/sde1 rw',
  '91 62 0:66 / /home/me/remote rw,nosuid,nodev - fuse.sshfs me@box:/ rw,user_id=1000',
  '92 62 0:67 / /tmp rw - tmpfs tmpfs rw',
  '93 62 0:68 / /tmp rw - vfat /dev/sdf1 rw', // mounted over /tmp later: shadows the tmpfs
  '',
].join('\n');

const m = (mountPoint: string, fsType: string, source = 'src'): Mount => ({ mountPoint, fsType, source });

describe('unescapeMount', () => {
  it.each([
    ['/mnt/my\\040drive', '/mnt/my drive'],
    ['a\\011b', 'a\tb'],
    ['a\\012b', 'a\nb'],
    ['C:\\134', 'C:\\'],
    ['plain/path', 'plain/path'],
    ['', ''],
    // decoded once, left to right: an escaped backslash followed by "040" stays "\040" literally
    ['x\\134040', 'x\\040'],
    // not three octal digits: left alone
    ['x\\08y', 'x\\08y'],
    ['x\\9', 'x\\9'],
  ])('%j -> %j', (input, want) => {
    expect(unescapeMount(input)).toBe(want);
  });
});

describe('parseMountinfo', () => {
  const mounts = parseMountinfo(WSL_MOUNTINFO);

  it('reads mount point, type and source of every well-formed line', () => {
    expect(mounts).toHaveLength(11);
    expect(mounts[0]).toEqual(m('/', 'ext4', '/dev/sdc'));
    expect(mounts[2]).toEqual(m('/mnt/c', '9p', 'C:\\'));
  });

  it('decodes \\040 in mount points and sources', () => {
    expect(mounts.find((x) => x.fsType === 'drvfs' && x.source.startsWith('E:'))).toEqual(m('/mnt/my drive', 'drvfs', 'E:\\My Drive'));
  });

  it('handles several optional fields before the separator', () => {
    const [one] = parseMountinfo('36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 shared:7 unbindable - ext3 /dev/root rw,errors=continue');
    expect(one).toEqual(m('/mnt2', 'ext3', '/dev/root'));
  });

  it('skips blank, truncated and garbage lines', () => {
    const text = ['', 'garbage', '1 2 3:4 / /x rw', '1 2 - ext4', '1 2 3:4 / /ok rw - xfs /dev/x rw', '1 2 3:4 / /nosrc rw - xfs'].join(
      '\n',
    );
    expect(parseMountinfo(text)).toEqual([m('/ok', 'xfs', '/dev/x')]);
  });

  it('accepts text without a trailing newline, and empty text', () => {
    expect(parseMountinfo('1 2 3:4 / / rw - ext4 /dev/a rw')).toEqual([m('/', 'ext4', '/dev/a')]);
    expect(parseMountinfo('')).toEqual([]);
  });
});

describe('findMount', () => {
  const mounts = parseMountinfo(WSL_MOUNTINFO);
  const typeOf = (p: string) => findMount(p, mounts)?.fsType;

  it.each([
    ['/', 'ext4'],
    ['/home/me/.cache', 'ext4'],
    ['/mnt/c', '9p'],
    ['/mnt/c/Users/me/AppData', '9p'],
    ['/mnt/d/work', 'drvfs'],
    ['/mnt/my drive/x', 'drvfs'],
    // longest prefix: a Linux disk mounted inside the Windows drive
    ['/mnt/c/linux-data/cache', 'ext4'],
    ['/mnt/c/linux-data', 'ext4'],
    // a prefix only counts at a path boundary
    ['/mnt/cc/x', 'ext4'],
    ['/mnt/c/linux-database', '9p'],
    ['/srv/nfs/home', 'nfs4'],
    ['/media/usb', 'vfat'],
    ['/home/me/remote/x', 'fuse.sshfs'],
    ['/home/me/remote2', 'ext4'],
    // the later of two mounts on the same point wins (it shadows the first)
    ['/tmp/x', 'vfat'],
  ])('%s is on %s', (p, want) => {
    expect(typeOf(p)).toBe(want);
  });

  it('finds nothing without mounts, or without a covering mount', () => {
    expect(findMount('/x', [])).toBeUndefined();
    expect(findMount('/x/y', [m('/z', 'ext4')])).toBeUndefined();
  });

  it('does not depend on the order of the lines for nested mounts', () => {
    const rev = [...mounts].reverse();
    expect(findMount('/mnt/c/linux-data/cache', rev)?.fsType).toBe('ext4');
    expect(findMount('/mnt/c/Users', rev)?.fsType).toBe('9p');
  });
});

describe('classifyFs', () => {
  it.each(['drvfs', '9p', 'v9fs', 'ntfs', 'ntfs3', 'fuseblk', 'vfat', 'msdos', 'exfat', 'cifs', 'smb3', 'smbfs'])(
    '%s is unsafe, with a one-line reason naming it',
    (t) => {
      const c = classifyFs(t);
      expect(c.verdict).toBe('unsafe');
      expect(c.reason).toMatch(new RegExp(`^${t}: `));
      expect(c.reason).not.toContain('\n');
    },
  );

  it('explains each family differently', () => {
    expect(classifyFs('drvfs').reason).toMatch(/WSL/);
    expect(classifyFs('cifs').reason).toMatch(/SMB/);
    expect(classifyFs('ntfs3').reason).toMatch(/NTFS/);
  });

  it.each(['nfs', 'nfs4'])('%s is a warning only', (t) => {
    const c = classifyFs(t);
    expect(c.verdict).toBe('warn');
    expect(c.reason).toMatch(/network/);
  });

  it.each(['ext4', 'xfs', 'btrfs', 'tmpfs', 'zfs', 'overlay', 'apfs', 'f2fs'])('%s is ok', (t) => {
    expect(classifyFs(t)).toEqual({ verdict: 'ok' });
  });

  it.each(['virtiofs', 'vboxsf'])('%s (a VM host share) is unsafe', (t) => {
    expect(classifyFs(t)).toMatchObject({ verdict: 'unsafe', reason: expect.stringMatching(new RegExp(`^${t}: .*VM`)) });
  });

  it('plain fuse (how ntfs-3g shows up) is not trusted: probed, the reason naming FUSE', () => {
    expect(classifyFs('fuse')).toMatchObject({ verdict: 'probe', reason: expect.stringMatching(/^fuse: a FUSE filesystem/) });
  });

  it.each(['fuse.sshfs', 'fuse.rclone', 'ceph', 'somethingnew'])('%s is probed', (t) => {
    const c = classifyFs(t);
    expect(c.verdict).toBe('probe');
    expect(c.reason).toContain(t);
  });
});

describe('probeDir', () => {
  it('a real local temp dir passes (mode 0700 sticks, hard links work) and is left as it was', () => {
    const dir = makeTempDir();
    writeFileSync(path.join(dir, 'keep'), 'x');
    expect(probeDir(dir)).toEqual({ ok: true });
    expect(readdirSync(dir)).toEqual(['keep']);
  });

  it('a missing directory fails with a reason, and nothing is created', () => {
    const dir = path.join(makeTempDir(), 'missing');
    const r = probeDir(dir);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/ENOENT/);
    expect(existsSync(dir)).toBe(false);
  });

  it('a regular file fails (cannot write a test directory)', () => {
    const f = path.join(makeTempDir(), 'file');
    writeFileSync(f, 'x');
    const r = probeDir(f);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/ENOTDIR/);
  });
});

describe('the native-filesystem allowlist: one list per language, and they are equal', () => {
  const mountsSh = fileURLToPath(new URL('../../shell/mounts.sh', import.meta.url));
  /** __gosw_native_fs as the shell itself sees it after sourcing shell/mounts.sh. */
  const shellList = (shell: 'bash' | 'zsh') => {
    const r = spawnSync(
      shell,
      shell === 'bash'
        ? ['--norc', '--noprofile', '-c', 'source "$1"; printf %s "$__gosw_native_fs"', 'x', mountsSh]
        : ['-f', '-c', 'source "$1"; printf %s "$__gosw_native_fs"', 'x', mountsSh],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  it.each(['bash', 'zsh'] as const)('%s: __gosw_native_fs in shell/mounts.sh equals NATIVE_FS in src/cache/mounts.ts', (shell) => {
    const list = shellList(shell);
    expect(list, 'space-delimited at both ends, so " $type " matches whole names').toMatch(/^ .* $/);
    expect(list.trim().split(/ +/).sort()).toEqual([...NATIVE_FS].sort());
  });

  it('every native type is ok, and nothing else is', () => {
    for (const t of NATIVE_FS) expect(classifyFs(t), t).toEqual({ verdict: 'ok' });
    for (const t of [
      'fuse',
      'fuse.sshfs',
      'fuseblk',
      '9p',
      'drvfs',
      'virtiofs',
      'cifs',
      'smb3',
      'nfs',
      'nfs4',
      'vboxsf',
      'ntfs3',
      'vfat',
      'proc',
      '',
    ])
      expect(classifyFs(t).verdict, t).not.toBe('ok');
  });
});

describe('__gosw_path_local (shell/mounts.sh): may the hook memo trust the times of a path?', () => {
  const mountsSh = fileURLToPath(new URL('../../shell/mounts.sh', import.meta.url));
  const PATHS: Array<[string, boolean]> = [
    ['/home/me/proj', true], // under / (ext4) only
    ['/mnt/wslg/x', true], // tmpfs
    ['/mnt/c', false], // 9p (drvfs)
    ['/mnt/c/Users/me', false],
    ['/mnt/c/linux-data/x', false], // ext4, but mounted inside the 9p drive: 9p is on the way
    ['/mnt/my drive/x', false], // \040 decoded
    ['/mnt/my', true], // a prefix of a mount point's name is not the mount point
    ['/srv/nfs/x', false], // nfs4
    ['/srv/nfsx', true],
    ['/tmp/x', false], // tmpfs, then vfat mounted over it: a non-native mount on the way
    ['/home/me/remote/x', false], // fuse.sshfs
    ['/home/me/../me/proj', false], // .. could hide a mount: not judged
    ['/home/me/./proj', false],
    ['/home//me', false],
    ['relative/dir', false],
  ];
  it.each(['bash', 'zsh'] as const)('%s: every mount point on the path must be native, whatever the order of the table', (shell) => {
    const root = makeTempDir();
    mkdirSync(path.join(root, 'proc', 'self'), { recursive: true });
    writeFileSync(path.join(root, 'proc', 'self', 'mountinfo'), WSL_MOUNTINFO);
    // The two functions mounts.sh takes from the hook (generated/hooks/gosw.<shell>).
    const stubs =
      shell === 'bash'
        ? '__gosw_read_lines() { mapfile -t __gosw_lines <"$1"; }; __gosw_relative() { :; }'
        : '__gosw_read_lines() { typeset -ga __gosw_lines; __gosw_lines=("${(@f)$(<$1)}"); }; __gosw_relative() { :; }';
    const script = `${stubs}\nsource "$1"; shift\nfor p in "$@"; do if __gosw_path_local "$p"; then echo "yes $p"; else echo "no $p"; fi; done`;
    const argv = shell === 'bash' ? ['--norc', '--noprofile', '-c', script, 'x'] : ['-f', '-c', script, 'x'];
    const r = spawnSync(shell, [...argv, mountsSh, ...PATHS.map(([p]) => p)], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, GOSW_SYSROOT: root },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(PATHS.map(([p, ok]) => `${ok ? 'yes' : 'no'} ${p}`));
  });
});
