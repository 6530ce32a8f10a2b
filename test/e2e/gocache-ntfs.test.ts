/**
 * A real NTFS volume mounted by ntfs-3g (an image file, `mkntfs` + `ntfs-3g img dir`): it shows up
 * as plain `fuse` in /proc/self/mountinfo, so only an allowlist of native filesystems keeps GOCACHE
 * off it. Both shells and `gosw env --format json` read the real mount table here (the
 * GOSW_SYSROOT fixture root links to it; only os-release is a fixture). Needs root, the right to mount and /dev/fuse; skipped, saying so, otherwise.
 * .ci/run installs ntfs-3g: where mounting works but it is missing, the test fails rather than pass.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { CLI_PATH, makeSandbox, sandboxEnv } from '../helpers/cli.js';
import { makeFakeStore } from '../helpers/shell/fixtures.js';
import { cannotMountFuse, skipNotice } from '../helpers/mounts.js';
import { HOST_MOUNTINFO, makeSysroot } from '../helpers/sysroot.js';

// Root where mounting is allowed and /dev/fuse exists; skipped, saying why, elsewhere.
const cannot = cannotMountFuse();

const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** An 8 MiB NTFS image mounted with ntfs-3g under the sandbox; unmounted when the test ends. */
function mountNtfs(root: string): string {
  const img = path.join(root, 'ntfs.img');
  const mnt = path.join(root, 'ntfs');
  mkdirSync(mnt);
  writeFileSync(img, '');
  execFileSync('truncate', ['-s', '8M', img]);
  execFileSync('mkntfs', ['-F', '-q', '-f', img], { stdio: 'pipe' });
  execFileSync('ntfs-3g', [img, mnt], { stdio: 'pipe' });
  onTestFinished(() => void spawnSync('umount', [mnt]));
  return mnt;
}

describe.skipIf(skipNotice('gocache-ntfs', cannot))('GOCACHE on a real ntfs-3g mount (plain fuse)', () => {
  it('XDG_CACHE_HOME on the NTFS volume: the shells and env --format json use ~/.cache instead, nothing is made on the volume', () => {
    const sb = makeSandbox();
    const mnt = mountNtfs(sb.root);
    const line = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .find((l) => l.split(' ')[4] === mnt);
    expect(line, 'the volume is in the mount table').toBeDefined();
    expect(line!.split(' - ')[1]!.split(' ')[0], 'ntfs-3g shows up as plain fuse').toBe('fuse');
    // What the test is about: this volume does not keep Unix modes.
    mkdirSync(path.join(mnt, 'probe'), { mode: 0o700 });
    expect(statSync(path.join(mnt, 'probe')).mode & 0o777).not.toBe(0o700);
    execFileSync('rmdir', [path.join(mnt, 'probe')]);

    const sysroot = makeSysroot({ osRelease: 'ID=testos\nVERSION_ID=1\n', mountinfo: HOST_MOUNTINFO }, path.join(sb.root, 'sysroot'));
    const env = sandboxEnv(sb, { PATH: '/usr/bin:/bin', XDG_CACHE_HOME: path.join(mnt, 'cache'), GOSW_SYSROOT: sysroot });
    const want = path.join(sb.home, '.cache', 'gosw', 'go-build', 'testos-1');
    // A version active (the global default), which is when the shells set GOCACHE.
    makeFakeStore(sb.goswHome, ['go1.22.5'], { global: '1.22.5' });
    for (const shell of ['bash', 'zsh'] as const) {
      const script = `eval "$(${sq(process.execPath)} ${sq(CLI_PATH)} env --shell ${shell})"\n_gosw_hook\nprintf %s "\${GOCACHE-UNSET}"`;
      const r = spawnSync(shell, shell === 'bash' ? ['--norc', '--noprofile', '-c', script] : ['-f', '-c', script], {
        env,
        cwd: sb.work,
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout, shell).toBe(want);
      expect(r.stderr, shell).toBe(`gosw: not using ${mnt}/cache/gosw/go-build/testos-1 for GOCACHE: it is on fuse\n`);
    }
    const j = spawnSync(process.execPath, [CLI_PATH, 'env', '--format', 'json'], { env, cwd: sb.work, encoding: 'utf8' });
    expect(j.status, j.stderr).toBe(0);
    expect((JSON.parse(j.stdout) as Record<string, string>).GOCACHE).toBe(want);
    expect(readdirSync(mnt).filter((n) => !n.startsWith('$'))).toEqual([]);
  });
});
