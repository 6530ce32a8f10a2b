import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * mkdir -p that cannot spin. Node's `mkdirSync(p, {recursive: true})` loops forever where mkdir(2)
 * answers ENOENT for a path whose parent exists (procfs, some FUSE mounts: GOSW_HOME=/proc/x), so
 * gosw creates each missing component itself and lets any error but EEXIST through.
 */
export function mkdirp(dir: string, mode = 0o777): void {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    try {
      mkdirSync(d, { mode });
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') break;
      if (code !== 'ENOENT' || path.dirname(d) === d || missing.length > 256) throw err;
      missing.push(d);
    }
  }
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d, { mode });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/** Writes a file so that a reader sees the old content or the new, never half of it. */
export function writeFileAtomic(file: string, data: string): void {
  const tmp = `${file}.gosw-${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
