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

/**
 * The native filesystems of Linux and macOS: Unix modes, hard links, this kernel's clock. An
 * allowlist: every other type is refused (known ones with their own reason) or, where the caller
 * may touch the disk (gosw doctor), probed. The twin of __gosw_native_fs in shell/mounts.sh;
 * test/unit/mounts.test.ts reads that one from a real shell and compares.
 */
export const NATIVE_FS: readonly string[] = [
  'ext2',
  'ext3',
  'ext4',
  'xfs',
  'btrfs',
  'zfs',
  'tmpfs',
  'ramfs',
  'f2fs',
  'bcachefs',
  'overlay',
  'jfs',
  'reiserfs',
  'apfs',
  'hfs',
];
const NATIVE = new Set(NATIVE_FS);

const WSL_DRIVE = 'a Windows drive mounted into WSL (drvfs/9p): no Unix permissions or hard links, and Windows cleanup deletes it';
const SMB = 'an SMB network share: no Unix permissions, unreliable renames';
const WINDOWS_FS = 'a Windows filesystem (NTFS/FAT): no Unix permissions or hard links';
const VM_SHARE = "a host directory shared into a VM: the host's permissions and clock";
const KNOWN: Record<string, string> = {
  drvfs: WSL_DRIVE,
  '9p': WSL_DRIVE,
  v9fs: WSL_DRIVE,
  cifs: SMB,
  smb3: SMB,
  smbfs: SMB,
  ntfs: WINDOWS_FS,
  ntfs3: WINDOWS_FS,
  fuseblk: WINDOWS_FS,
  vfat: WINDOWS_FS,
  msdos: WINDOWS_FS,
  exfat: WINDOWS_FS,
  virtiofs: VM_SHARE,
  vboxsf: VM_SHARE,
  vmhgfs: VM_SHARE,
  'fuse.vmhgfs-fuse': VM_SHARE,
};
/** Usable, but shared between hosts: the doctor warns; GOCACHE is not put there (as the shells). */
const WARN = new Set(['nfs', 'nfs4']);

export function classifyFs(fsType: string): { verdict: Verdict; reason?: string } {
  if (NATIVE.has(fsType)) return { verdict: 'ok' };
  if (KNOWN[fsType]) return { verdict: 'unsafe', reason: `${fsType}: ${KNOWN[fsType]}` };
  if (WARN.has(fsType))
    return {
      verdict: 'warn',
      reason: `${fsType}: a network filesystem shared between hosts; slow, and unsafe if several distros share it`,
    };
  if (fsType === 'fuse' || fsType.startsWith('fuse.'))
    return { verdict: 'probe', reason: `${fsType}: a FUSE filesystem (ntfs-3g shows up as plain fuse), not a native one` };
  return { verdict: 'probe', reason: `${fsType}: not a native Linux/macOS filesystem` };
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
