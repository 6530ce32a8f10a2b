import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GoswError, errnoCode } from '../errors.js';
import { isReleaseName } from '../versions/version.js';
import type { Dirs } from './dirs.js';
import { mkdirp, writeFileAtomic } from '../fsx.js';

/** Bump when the layout changes incompatibly; an older gosw then refuses the store instead of corrupting it. */
export const STORE_FORMAT = 1;

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

export function safeName(name: string): string {
  if (!isReleaseName(name)) {
    throw new GoswError('BAD_VERSION', `refusing to use ${JSON.stringify(name)} as a version directory name`, {
      hint: 'release names look like go1.22.5; check the release index',
    });
  }
  return name;
}
