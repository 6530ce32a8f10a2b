import { chmodSync, linkSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Which filesystem a path lives on, from /proc/self/mountinfo, and whether Go's build cache can
 * live there. Go's cache relies on Unix modes and atomic renames; drvfs (/mnt/c under WSL), 9p,
 * NTFS, FAT and SMB mounts break those or get wiped by Windows tools.
 */
export interface Mount {
  mountPoint: string;
  fsType: string;
  source: string;
}

/** mountinfo escapes space, tab, newline and backslash as \040, \011, \012, \134. */
export function unescapeMount(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses /proc/self/mountinfo (man 5 proc): `id parent maj:min root mountpoint opts [tags] - type source superopts`. */
export function parseMountinfo(text: string): Mount[] {
  const out: Mount[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-');
    if (dash < 5 || fields.length < dash + 3) continue;
    out.push({ mountPoint: unescapeMount(fields[4]!), fsType: fields[dash + 1]!, source: unescapeMount(fields[dash + 2]!) });
  }
  return out;
}

/** The mount holding `p`: the longest mount point that is `p` or a parent of it (later mounts shadow earlier ones). */
export function findMount(p: string, mounts: readonly Mount[]): Mount | undefined {
  let best: Mount | undefined;
  for (const m of mounts) {
    const mp = m.mountPoint;
    const covers = mp === '/' || p === mp || p.startsWith(mp.endsWith('/') ? mp : `${mp}/`);
    if (covers && (!best || mp.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

export type Verdict = 'ok' | 'unsafe' | 'warn' | 'probe';

const UNSAFE = new Set(['drvfs', '9p', 'ntfs', 'ntfs3', 'fuseblk', 'vfat', 'msdos', 'exfat', 'cifs', 'smb3', 'smbfs', 'v9fs']);
const WARN = new Set(['nfs', 'nfs4']);
const SAFE = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'tmpfs', 'zfs', 'f2fs', 'overlay', 'apfs', 'hfs', 'bcachefs', 'jfs', 'reiserfs']);

export function classifyFs(fsType: string): { verdict: Verdict; reason?: string } {
  if (UNSAFE.has(fsType)) {
    const why =
      fsType === 'drvfs' || fsType === '9p' || fsType === 'v9fs'
        ? 'a Windows drive mounted into WSL (drvfs/9p): no Unix permissions or hard links, and Windows cleanup deletes it'
        : fsType === 'cifs' || fsType === 'smb3' || fsType === 'smbfs'
          ? 'an SMB network share: no Unix permissions, unreliable renames'
          : 'a Windows filesystem (NTFS/FAT): no Unix permissions or hard links';
    return { verdict: 'unsafe', reason: `${fsType}: ${why}` };
  }
  if (WARN.has(fsType)) return { verdict: 'warn', reason: `${fsType}: a network filesystem shared between hosts; slow, and unsafe if several distros share it` };
  if (SAFE.has(fsType)) return { verdict: 'ok' };
  return { verdict: 'probe', reason: `${fsType}: not known to gosw` };
}

/**
 * Tries what Go's cache needs on the directory itself: mode 0700 sticks, and a hard link can be
 * made. For filesystems whose type name says too little (FUSE, odd drivers).
 */
export function probeDir(dir: string): { ok: boolean; reason?: string } {
  let tmp: string | undefined;
  try {
    tmp = mkdtempSync(path.join(dir, '.gosw-probe-'));
    chmodSync(tmp, 0o700);
    if ((statSync(tmp).mode & 0o777) !== 0o700) return { ok: false, reason: 'mode 0700 does not stick (no Unix permissions)' };
    const a = path.join(tmp, 'a');
    writeFileSync(a, 'x');
    try {
      linkSync(a, path.join(tmp, 'b'));
    } catch {
      return { ok: false, reason: 'cannot hold a hard link' };
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: `cannot write a test directory (${(err as NodeJS.ErrnoException).code ?? String(err)})` };
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}
