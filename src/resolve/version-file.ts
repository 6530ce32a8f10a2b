import { GoswError, errnoCode } from '../errors.js';
import { writeFileAtomic } from '../fsx.js';

/** Writes a version file (.go-version, the global default); a reader never sees it half-written. */
export function writeVersionFile(file: string, text: string): void {
  try {
    writeFileAtomic(file, `${text}\n`);
  } catch (err) {
    throw new GoswError('IO', `cannot write ${file} (${errnoCode(err) ?? String(err)})`, {
      hint: 'check that the directory is writable',
      cause: err,
    });
  }
}
