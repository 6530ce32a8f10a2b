import { lstatSync, readdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { stampDirs } from '../store/dirs.js';
import { pidAlive } from '../store/lock.js';

/**
 * The prompt hook's stamp files (shell/memo.sh): `gosw-hook.<pid>`, one empty file per shell that
 * evaluated the init, in $XDG_RUNTIME_DIR (wiped at logout) or else in gosw's cache directory.
 * The shell cannot remove its own at exit without an EXIT trap (the user's), and rm would be a
 * fork, so the ones of shells that are gone are removed here, by `gosw cache prune`.
 */
const STAMP = /^gosw-hook\.([1-9][0-9]{0,9})$/;

/** Stamp files of shells no longer running (pid gone), owned by this user. */
export function staleStamps(env: NodeJS.ProcessEnv): string[] {
  const uid = process.getuid?.();
  const out: string[] = [];
  for (const dir of stampDirs(env)) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = STAMP.exec(name);
      if (!m) continue;
      const file = path.join(dir, name);
      try {
        const st = lstatSync(file);
        if (!st.isFile() || (uid !== undefined && st.uid !== uid)) continue;
      } catch {
        continue;
      }
      if (!pidAlive(Number(m[1]))) out.push(file);
    }
  }
  return out;
}

/** Removes them; returns how many went. */
export function removeStaleStamps(env: NodeJS.ProcessEnv): number {
  let n = 0;
  for (const f of staleStamps(env)) {
    try {
      unlinkSync(f);
      n++;
    } catch {
      // gone already, or not ours to remove
    }
  }
  return n;
}
