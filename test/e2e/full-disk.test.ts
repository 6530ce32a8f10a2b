/**
 * `gosw uninstall` on a really full filesystem: a small tmpfs mounted as the store, filled until
 * write(2) says ENOSPC. Uninstalling is how a user frees space, so it must work there.
 *
 * Two ways a disk is full: no free blocks (a file can be created but not written: tmpfs and most
 * filesystems still create directories then), and no free blocks nor inodes (nothing can be created:
 * not even the lock directory). Mounting needs root; elsewhere the tests are skipped, saying so.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmdirSync, statfsSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { setupE2E } from '../helpers/e2e.js';
import { cannotMountTmpfs, skipNotice } from '../helpers/mounts.js';
import { expectSuccess, expectNotInstalled, listDir } from '../helpers/store.js';

const CANNOT_MOUNT = cannotMountTmpfs();
const V = 'go1.22.5';

/** A fresh tmpfs of 8 MiB (and at most `inodes` inodes), unmounted when the test ends. */
function mountTmpfs(inodes: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gosw-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=8m,nr_inodes=${inodes},mode=0755`, 'tmpfs', dir]);
  onTestFinished(() => {
    execFileSync('umount', [dir]);
    rmdirSync(dir);
  });
  return dir;
}

const freeBytes = (dir: string) => {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
};

/** Writes a file until the filesystem answers ENOSPC: the disk is then full for real. */
function fillBlocks(dir: string): void {
  const fd = openSync(path.join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) {
      try {
        writeSync(fd, chunk);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw err;
      }
    }
    // the last partial page too: a single byte must not fit any more
    for (;;) {
      try {
        writeSync(fd, chunk.subarray(0, 1));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
  expect(freeBytes(dir)).toBe(0);
}

/** Creates empty files until no inode is left. */
function fillInodes(dir: string): void {
  for (let i = 0; ; i++) {
    try {
      writeFileSync(path.join(dir, `inode-${i}`), '');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') return;
      throw err;
    }
  }
}

async function installedOnFullDisk(opts: { inodes: boolean }) {
  const disk = mountTmpfs(opts.inodes ? 4096 : 100_000);
  // ~1.6 MB unpacked: freeing it is visible in statfs
  const e = await setupE2E({ releases: [V, 'go1.21.13'], releaseOptions: { [V]: { toolchain: { extraFiles: 200, fillerSize: 8000 } } } });
  const env = { GOSW_HOME: path.join(disk, 'gosw') };
  expectSuccess(await e.run(['install', '1.22.5', '1.21.13'], env));
  fillBlocks(disk);
  if (opts.inodes) fillInodes(disk);
  // the disk is full for what gosw does: creating a file with content, and (with no inodes) a directory
  expect(() => writeFileSync(path.join(disk, 'probe'), 'x')).toThrow(/ENOSPC/);
  if (opts.inodes) expect(() => execFileSync('mkdir', [path.join(disk, 'probe-dir')], { stdio: 'ignore' })).toThrow();
  return { e, env, disk };
}

describe.skipIf(skipNotice('full-disk', CANNOT_MOUNT))('uninstall on a full disk (mounts a tmpfs: root, where mounting is allowed)', () => {
  for (const inodes of [false, true]) {
    it(`frees the space${inodes ? ' when no inode is left either (no lock directory can be made)' : ' when no block is left (the lock owner file cannot be written)'}`, async () => {
      const { e, env, disk } = await installedOnFullDisk({ inodes });
      const before = freeBytes(disk);
      const r = await e.run(['uninstall', '1.22.5'], env);
      expectSuccess(r);
      expect(r.stdout).toBe(`uninstalled ${V}\n`);
      // which path it took: the lock when its directory could be made, else the lock-free removal
      expect(r.stderr).toBe(inodes ? `gosw: the disk is full: removing ${V} without taking its lock\n` : '');
      expect(freeBytes(disk) - before, "the toolchain's space is free again").toBeGreaterThan(1_500_000);
      expect(existsSync(path.join(disk, 'gosw', 'versions', V))).toBe(false);
      expectNotInstalled({ versionsDir: path.join(disk, 'gosw', 'versions') } as never, V);
      expect(listDir(path.join(disk, 'gosw', 'tmp')), 'nothing left in tmp/').toEqual([]);
      expect(listDir(path.join(disk, 'gosw', 'locks')), 'no lock left behind').toEqual([]);
      // the aliases follow: 1.22 is gone, latest is the remaining release
      const list = await e.run(['list'], env);
      expectSuccess(list);
      expect(list.stdout).not.toContain(V);
      expect(list.stdout).toMatch(/go1\.21\.13.*latest/);
      const d = await e.run(['doctor', '--json'], env);
      const checks = (JSON.parse(d.stdout) as { checks: Array<{ id: string; level: string; message: string }> }).checks;
      expect(
        checks.filter((c) => c.id.startsWith('store') && c.level !== 'ok'),
        d.stdout,
      ).toEqual([]);
    });
  }
});
