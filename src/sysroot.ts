import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * The one seam between gosw and the system facts it reads: GOSW_SYSROOT, a directory that stands in
 * for `/` for exactly the files below, and for nothing else. Tests point it at a fixture root
 * (test/helpers/sysroot.ts); unset, gosw reads the real files. The shell twin is __gosw_sysfile in
 * shell/mounts.sh (mount table, os-release, SystemVersion.plist); both read the same paths under
 * the same root, so one fixture root gives the shells and TypeScript the same facts.
 *
 * What it is not: the hook's own files (version files, the store, its memo stamps) and the checks
 * that pair with the running kernel (the hook's /proc/self/fdinfo mnt_id, looked up in the real
 * /proc/self/mountinfo to tell whether a version file is a link into /proc) never go through it.
 *
 * Trust: the same as the five per-file variables it replaced (one for each file below): the user's
 * own environment, which can set GOCACHE and PATH outright. A root changes only what these files
 * say, read as data: the GOCACHE scope, which filesystems count as native (where GOCACHE may go,
 * whether the hook's memo trusts modification times) and the WSL hints of `gosw doctor`. It cannot
 * make gosw read, run or write anything else: GOCACHE candidates stay the user's own and are still
 * vetted on disk (owner, links, mode, marker). Only regular files are read (a FIFO would block),
 * opened non-blocking; a relative root is ignored with a notice (it would follow $PWD), as relative
 * XDG roots are.
 */
export const SYSROOT_VAR = 'GOSW_SYSROOT';

/** Every system file read through the seam, by name; the shells read the first three. */
export const SYSTEM_FILES = {
  mountinfo: '/proc/self/mountinfo',
  osRelease: '/etc/os-release',
  macosVersion: '/System/Library/CoreServices/SystemVersion.plist',
  kernelRelease: '/proc/sys/kernel/osrelease',
  wslConf: '/etc/wsl.conf',
} as const;

export type SystemFile = keyof typeof SYSTEM_FILES;

/** The root in effect: GOSW_SYSROOT when set and absolute, else '' (the real `/`). */
export function sysroot(env: NodeJS.ProcessEnv): string {
  const r = env[SYSROOT_VAR];
  return r?.startsWith('/') ? r : '';
}

/** The notice for a GOSW_SYSROOT that is set but ignored (relative), as the shells print it; else undefined. */
export function sysrootNotice(env: NodeJS.ProcessEnv): string | undefined {
  const r = env[SYSROOT_VAR];
  return r && !r.startsWith('/') ? `ignoring ${SYSROOT_VAR}=${r}: not an absolute path` : undefined;
}

/** Where gosw reads `file`: its path under the root (spelled as the shells spell it: root + path). */
export function systemPath(env: NodeJS.ProcessEnv, file: SystemFile): string {
  return `${sysroot(env)}${SYSTEM_FILES[file]}`;
}

/** The text of a system file, or undefined when it is missing, unreadable or not a regular file. */
export function readSystemFile(env: NodeJS.ProcessEnv, file: SystemFile): string | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(systemPath(env, file), constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
    if (!fstatSync(fd).isFile()) return undefined;
    return readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
