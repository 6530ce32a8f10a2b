/**
 * Whether this machine lets the tests mount filesystems (a tmpfs for a full disk, an ntfs-3g image
 * for a fuse volume). It needs root *and* the right to mount (a container may deny it even to
 * root), so it is probed once, for real; tests that need it skip, saying why, where it is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let tmpfsWhy: string | undefined | null = null;

/** Why a tmpfs cannot be mounted here, or undefined when it can. */
export function cannotMountTmpfs(): string | undefined {
  if (tmpfsWhy !== null) return tmpfsWhy;
  if (process.getuid?.() !== 0) return (tmpfsWhy = 'mounting a tmpfs needs root');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gosw-mount-probe-'));
  try {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { encoding: 'utf8' });
    if (r.status !== 0) return (tmpfsWhy = `mount -t tmpfs is not allowed here: ${(r.stderr || r.error?.message || '').trim()}`);
    spawnSync('umount', [dir]);
    return (tmpfsWhy = undefined);
  } finally {
    rmdirSync(dir);
  }
}

/** Why an ntfs-3g (fuse) volume cannot be mounted here, or undefined when it can. */
export function cannotMountFuse(): string | undefined {
  const why = cannotMountTmpfs();
  if (why) return why;
  if (!existsSync('/dev/fuse')) return 'there is no /dev/fuse';
  return undefined;
}

/** Says once, on stderr, that a test is skipped and why. */
export function skipNotice(what: string, why: string | undefined): boolean {
  if (why) console.warn(`[${what}] skipped: ${why}`);
  return why !== undefined;
}
