import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { GoswError, errnoCode } from '../errors.js';

/** Writes a version file atomically (a reader never sees it half-written). */
export function writeVersionFile(file: string, text: string): void {
  const tmp = `${file}.gosw-${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${text}\n`);
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new GoswError('IO', `cannot write ${file} (${errnoCode(err) ?? String(err)})`, { hint: 'check that the directory is writable', cause: err });
  }
}
