import { closeSync, constants as fsConstants, fstatSync, lstatSync, openSync, readSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { decodeVersionFile, parseGoVersionFile, parseVersionFile, VERSION_FILES, READ_LIMIT } from '../versions/files.js';
import { parseRequest, type Request } from '../versions/request.js';
import { compareGo, lang } from '../versions/version.js';
import type { Store } from '../store/store.js';

/**
 * What the prompt hook would pick in a directory, in TypeScript (gosw current, gosw install with no
 * spec, gosw exec). Same order as __gosw_find in shell/hook.sh.in: GOSW_VERSION, the nearest version
 * file walking up to /, the global default (<store>/version).
 */
export interface Source {
  kind: 'env' | 'file' | 'global';
  /** GOSW_VERSION, or the file's path */
  where: string;
}

export interface Warning {
  where: string;
  content: string;
}

export interface Resolution {
  wanted?: Request;
  source?: Source;
  /** The release it maps to (maybe not installed); undefined for system / nothing. */
  name?: string;
  installed: boolean;
  goroot?: string;
  warnings: Warning[];
}

/** A path under /proc, /sys or /dev: kernel files (some block on read, like /proc/kmsg) and devices. */
function pseudoPath(p: string): boolean {
  return /^\/(proc|sys|dev)(\/|$)/.test(p);
}

/**
 * The first READ_LIMIT bytes of a version file, or undefined when it is none: only a regular,
 * non-empty file (after links; a FIFO or a device would block, and so would /proc/kmsg, "regular"
 * but empty as every procfs file is), not under /proc, /sys or /dev, nor a link resolving there.
 * Opened with O_NONBLOCK and checked with fstat after the open, so a file swapped for a FIFO
 * between the checks cannot block either. Same rules as __gosw_slurp in the hooks.
 */
export function readBounded(file: string): string | undefined {
  let fd: number | undefined;
  try {
    if (pseudoPath(file)) return undefined;
    if (lstatSync(file).isSymbolicLink() && pseudoPath(realpathSync(file))) return undefined;
    fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK | fsConstants.O_NOCTTY);
    const st = fstatSync(fd);
    if (!st.isFile() || st.size === 0) return undefined;
    const buf = Buffer.alloc(READ_LIMIT);
    let n = 0;
    for (let got = -1; got !== 0 && n < READ_LIMIT; n += got) got = readSync(fd, buf, n, READ_LIMIT - n, null);
    return decodeVersionFile(buf.subarray(0, n));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function findWanted(
  env: NodeJS.ProcessEnv,
  cwd: string,
  store: Store,
  warnings: Warning[] = [],
): { wanted: Request; source: Source } | undefined {
  const envVersion = env.GOSW_VERSION;
  if (envVersion) {
    const w = parseRequest(envVersion, 'file');
    if (w) return { wanted: w, source: { kind: 'env', where: 'GOSW_VERSION' } };
    warnings.push({ where: 'GOSW_VERSION', content: envVersion });
  }
  const local = findLocal(cwd, warnings);
  if (local) return local;
  const global = readGlobal(store);
  return global ? { wanted: global, source: { kind: 'global', where: store.globalFile } } : undefined;
}

/** The nearest version file up from cwd that names a version (gosw local with no argument). */
export function findLocal(cwd: string, warnings: Warning[] = []): { wanted: Request; source: Source } | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const [file, kind] of VERSION_FILES) {
      const p = path.join(dir, file);
      const text = readBounded(p);
      if (text === undefined) continue;
      const r = parseVersionFile(kind, text);
      if (r.status === 'ok') return { wanted: r.wanted, source: { kind: 'file', where: p } };
      if (r.status === 'invalid') warnings.push({ where: p, content: r.content });
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** The global default (<store>/version), read as a version file; undefined when unset or invalid. */
export function readGlobal(store: Store): Request | undefined {
  const text = readBounded(store.globalFile);
  if (text === undefined) return undefined;
  const r = parseGoVersionFile(text);
  return r.status === 'ok' ? r.wanted : undefined;
}

/** The release an alias symlink (versions/1.22, versions/latest) points at, if it is a GOROOT. */
function viaAlias(store: Store, alias: string): string | undefined {
  let target: string;
  try {
    target = path.basename(readlinkSync(path.join(store.versionsDir, alias)));
  } catch {
    return undefined;
  }
  return store.isInstalled(target) ? target : undefined;
}

/** Maps a wanted version to a release through the alias symlinks, as the hook does. */
export function toRelease(store: Store, wanted: Request): { name?: string; installed: boolean } {
  switch (wanted.kind) {
    case 'system':
      return { installed: false };
    case 'exact':
      return { name: wanted.name, installed: store.isInstalled(wanted.name) };
    case 'line':
    case 'latest': {
      const alias = wanted.kind === 'line' ? wanted.line : 'latest';
      const name = viaAlias(store, alias);
      return name ? { name, installed: true } : { name: alias, installed: false };
    }
    case 'min': {
      const name = viaAlias(store, lang(wanted.name));
      if (name && compareGo(name, wanted.name) >= 0) return { name, installed: true };
      return { name: wanted.name, installed: store.isInstalled(wanted.name) };
    }
  }
}

export function resolveCurrent(env: NodeJS.ProcessEnv, cwd: string, store: Store): Resolution {
  const warnings: Warning[] = [];
  const found = findWanted(env, cwd, store, warnings);
  if (!found) return { installed: false, warnings };
  const { name, installed } = toRelease(store, found.wanted);
  return {
    wanted: found.wanted,
    source: found.source,
    name,
    installed,
    goroot: installed && name ? path.join(store.versionsDir, name) : undefined,
    warnings,
  };
}
