import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { errnoCode } from '../errors.js';
import { isReleaseName } from '../versions/version.js';
import type { Store } from './store.js';
import { pidAlive } from './lock.js';
import { lexists, readdirOrEmpty } from '../fsx.js';

/**
 * Work dirs in <store>/tmp/, and what a crash leaves there.
 *
 * Every work dir names its release and the pid of the process using it, so whoever finds one can
 * tell whether it is still in use:
 *   <release>.<pid>.<6 chars>     an unpack in progress (mkdtemp's suffix: letters and digits)
 *   <release>.<pid>.old           a version being replaced by `install --force`
 *   <release>.<pid>.rm.<6 chars>  a version being removed by `uninstall`
 * Release names contain dots themselves (go1.20 vs go1.20.14), so a name is parsed from the end and
 * matched exactly: matching `go1.20.` as a prefix would take go1.20.14's work dirs for go1.20's.
 */
export type WorkDirKind = 'unpack' | 'old' | 'rm';

export interface WorkDir {
  name: string;
  pid: number;
  kind: WorkDirKind;
}

/** What mkdtemp adds after the prefix: 6 characters from [A-Za-z0-9]. */
const RANDOM = /^[A-Za-z0-9]{6}$/;
const PID = /^[1-9][0-9]{0,9}$/;

/** The prefix a work dir of this process for `name` starts with; mkdtemp or a fixed suffix completes it. */
export function workDirPrefix(name: string): string {
  return `${name}.${process.pid}.`;
}

/** Parses a tmp/ entry name; undefined when it is not a gosw work dir. */
export function parseWorkDir(entry: string): WorkDir | undefined {
  const parts = entry.split('.');
  let kind: WorkDirKind;
  let rest: string[];
  const last = parts[parts.length - 1]!;
  if (last === 'old') {
    kind = 'old';
    rest = parts.slice(0, -1);
  } else if (parts.length >= 4 && parts[parts.length - 2] === 'rm' && RANDOM.test(last)) {
    kind = 'rm';
    rest = parts.slice(0, -2);
  } else if (RANDOM.test(last)) {
    kind = 'unpack';
    rest = parts.slice(0, -1);
  } else {
    return undefined;
  }
  const pidText = rest.pop();
  if (pidText === undefined || !PID.test(pidText)) return undefined;
  const name = rest.join('.');
  if (!isReleaseName(name)) return undefined;
  return { name, pid: Number(pidText), kind };
}

/** The pid in a work dir's name (kept for callers that only need the owner). */
export function workDirPid(entry: string): number | undefined {
  return parseWorkDir(entry)?.pid;
}

/** Work dirs in tmp/ whose process is gone, parsed; `name` limits them to one release. */
export function deadWorkDirs(store: Store, name?: string): Array<WorkDir & { entry: string; path: string }> {
  const entries = readdirOrEmpty(store.tmpDir);
  const out: Array<WorkDir & { entry: string; path: string }> = [];
  for (const entry of entries.sort()) {
    const w = parseWorkDir(entry);
    if (!w || (name !== undefined && w.name !== name)) continue;
    // A live pid may be another gosw working right now (or an unrelated process that reused the
    // number): either way, not ours to touch.
    if (w.pid === process.pid || pidAlive(w.pid)) continue;
    out.push({ ...w, entry, path: path.join(store.tmpDir, entry) });
  }
  return out;
}

/**
 * `install --force` replaces a version with two renames: versions/<name> -> tmp/<name>.<pid>.old,
 * then the new tree -> versions/<name>. A kill -9 between them leaves the version only in tmp/.
 * If versions/<name> is missing and a dead process's `.old` tree is there, it is moved back.
 * The caller holds the version's lock (nobody else can be renaming it). Returns true if it restored.
 */
export function restoreReplaced(store: Store, name: string): boolean {
  const dest = store.versionDir(name);
  if (lexists(dest)) return false;
  const olds = deadWorkDirs(store, name).filter((w) => w.kind === 'old' && lexists(path.join(w.path, 'bin', 'go')));
  for (const w of olds) {
    try {
      renameSync(w.path, dest);
      return true;
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err; // ENOENT: someone else restored it first
    }
  }
  return false;
}

/**
 * Removes the work dirs dead processes left for `name` (exact name, dead pid only). A replaced
 * version whose replacement never landed is restored first instead of deleted, so the order in
 * which a caller runs the two does not matter. The caller holds the version's lock.
 */
export function removeWorkDirsOf(store: Store, name: string): void {
  restoreReplaced(store, name);
  for (const w of deadWorkDirs(store, name)) rmSync(w.path, { recursive: true, force: true });
}
