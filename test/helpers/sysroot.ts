/**
 * Fixture roots for GOSW_SYSROOT, the one seam through which gosw reads system facts (src/sysroot.ts,
 * __gosw_sysfile in shell/mounts.sh): a directory standing in for `/`, holding only the files a test
 * gives. A file left out is missing (no mount table, no os-release...), exactly as on a system
 * without it. The paths are spelled out here, not imported from src/, so a reader that moved would
 * fail the tests.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from './tmp.js';

/** Where each fact lives under the root. */
export const SYSROOT_PATHS = {
  mountinfo: 'proc/self/mountinfo',
  osRelease: 'etc/os-release',
  kernel: 'proc/sys/kernel/osrelease',
  macosPlist: 'System/Library/CoreServices/SystemVersion.plist',
  wslConf: 'etc/wsl.conf',
} as const;

/** A file of the root: its text, or a symbolic link to a real file (hostFile, HOST_MOUNTINFO). */
export type SysrootFile = string | { link: string };

export type SysrootFiles = Partial<Record<keyof typeof SYSROOT_PATHS, SysrootFile>>;

/** The machine's own file, for the facts a test does not fake: a symbolic link to it. */
export const hostFile = (p: string): SysrootFile => ({ link: p });

/**
 * The machine's own mount table, for tests about a real mount: a link to /proc/self/mountinfo
 * resolves /proc/self in whichever process opens it (the shell, or node).
 */
export const HOST_MOUNTINFO: SysrootFile = hostFile('/proc/self/mountinfo');

/** The machine's own os-release (missing where the host has none, as before). */
export const HOST_OS_RELEASE: SysrootFile = hostFile('/etc/os-release');

/** Makes a fixture root (in `dir`, else a new temp dir) holding `files`; returns its path, for GOSW_SYSROOT. */
export function makeSysroot(files: SysrootFiles, dir: string = makeTempDir()): string {
  mkdirSync(dir, { recursive: true });
  for (const [key, content] of Object.entries(files) as [keyof typeof SYSROOT_PATHS, SysrootFile | undefined][]) {
    if (content === undefined) continue;
    const p = path.join(dir, SYSROOT_PATHS[key]);
    mkdirSync(path.dirname(p), { recursive: true });
    if (typeof content === 'string') writeFileSync(p, content);
    else symlinkSync(content.link, p);
  }
  return dir;
}

/** `{ GOSW_SYSROOT: root }`, for spreading into a test's environment. */
export function sysrootEnv(files: SysrootFiles, dir?: string): { GOSW_SYSROOT: string } {
  return { GOSW_SYSROOT: makeSysroot(files, dir) };
}
