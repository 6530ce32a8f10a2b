import { existsSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { GoswError, errnoCode } from '../errors.js';
import { isReleaseName } from '../versions/version.js';
import type { Dirs } from './dirs.js';
import { mkdirp, writeFileAtomic } from '../fsx.js';
import { workDirPrefix } from './leftovers.js';
import { removeVersion, type RemoveReport } from './remove.js';

/** Bump when the layout changes incompatibly; an older gosw then refuses the store instead of corrupting it. */
export const STORE_FORMAT = 1;

/**
 * The store: every location under it, and the one answer to "is it installed" (the prompt hook
 * asks the same question the same way: `-f versions/<name>/bin/go`, following links). Versions
 * become visible only through `publish` and disappear only through `remove`.
 */
export class Store {
  readonly root: string;
  readonly versionsDir: string;
  readonly tmpDir: string;
  readonly locksDir: string;
  readonly cacheDir: string;

  constructor(dirs: Dirs) {
    this.root = dirs.home;
    this.versionsDir = path.join(this.root, 'versions');
    this.tmpDir = path.join(this.root, 'tmp');
    this.locksDir = path.join(this.root, 'locks');
    this.cacheDir = dirs.cache;
  }

  /** The GOROOT of a release. The name is checked first: it comes from an index or a user. */
  versionDir(name: string): string {
    return path.join(this.versionsDir, safeName(name));
  }

  /** The global default (`gosw global`): a version file like .go-version. */
  get globalFile(): string {
    return path.join(this.root, 'version');
  }

  /** Installed means versions/<name>/bin/go is a file, links followed: what the hook tests. */
  isInstalled(name: string): boolean {
    return isReleaseName(name) && isGoroot(path.join(this.versionsDir, name));
  }

  /**
   * Moves an unpacked, verified tree into place: the only step that makes a version visible. A
   * version already there (install --force) is set aside as tmp/<name>.<pid>.old first and removed
   * after; a crash between the two renames is undone by leftovers.ts (restoreReplaced).
   */
  publish(unpacked: string, name: string): void {
    const dest = this.versionDir(name);
    let old: string | undefined;
    if (existsSync(dest)) {
      old = path.join(this.tmpDir, `${workDirPrefix(name)}old`);
      renameSync(dest, old);
    }
    try {
      renameSync(unpacked, dest);
    } catch (err) {
      if (old) renameSync(old, dest);
      throw new GoswError('IO', `cannot move ${name} into ${dest} (${errnoCode(err) ?? String(err)})`, { cause: err });
    } finally {
      if (old && existsSync(dest)) rmSync(old, { recursive: true, force: true });
    }
  }

  /** Removes a version (under its lock, or without one on a full disk: see remove.ts) and rewrites the aliases. */
  remove(name: string): Promise<RemoveReport> {
    return removeVersion(this, name);
  }

  /** Creates the store on first use and refuses one written by a newer gosw. */
  ensure(): void {
    try {
      for (const d of [this.root, this.versionsDir, this.tmpDir, this.locksDir]) mkdirp(d, 0o755);
    } catch (err) {
      throw new GoswError('STORE', `cannot create the gosw store at ${this.root} (${errnoCode(err) ?? String(err)})`, {
        hint: 'check permissions, or set GOSW_HOME to a writable directory',
        cause: err,
      });
    }
    const file = path.join(this.root, 'store.json');
    let format: unknown;
    try {
      format = (JSON.parse(readFileSync(file, 'utf8')) as { format?: unknown }).format;
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT' && !(err instanceof SyntaxError)) throw err;
      writeFileAtomic(file, JSON.stringify({ format: STORE_FORMAT }) + '\n');
      return;
    }
    if (typeof format === 'number' && format > STORE_FORMAT) {
      throw new GoswError('STORE', `the store at ${this.root} has format ${format}; this gosw understands up to ${STORE_FORMAT}`, {
        hint: 'upgrade gosw, or point GOSW_HOME at another directory',
      });
    }
  }
}

/** A GOROOT has bin/go directly inside (a file, links followed). */
export function isGoroot(dir: string): boolean {
  try {
    return statSync(path.join(dir, 'bin', 'go')).isFile();
  } catch {
    return false;
  }
}

export function safeName(name: string): string {
  if (!isReleaseName(name)) {
    throw new GoswError('BAD_VERSION', `refusing to use ${JSON.stringify(name)} as a version directory name`, {
      hint: 'release names look like go1.22.5; check the release index',
    });
  }
  return name;
}
