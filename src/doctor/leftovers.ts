import { existsSync, lstatSync, readdirSync, realpathSync, rmSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { GoswError } from '../errors.js';
import { isReleaseName } from '../versions/version.js';
import { parseAliasTemp, staleAliases, syncAliases } from '../store/installed.js';
import type { Store } from '../store/store.js';
import { deadWorkDirs, parseWorkDir, restoreReplaced } from '../store/leftovers.js';
import { acquire, pidAlive, staleLocks } from '../store/lock.js';
import type { Check } from './checks.js';

/**
 * Everything a crash (kill -9, power loss, a full disk) can leave behind, found and removed.
 * Only what a dead process left is removed: each entry names its pid, and a live pid (which may be
 * a gosw at work, or an unrelated process that reused the number) is left alone.
 */
export type LeftoverKind = 'workdir' | 'replaced' | 'unknown-tmp' | 'alias-tmp' | 'file-tmp' | 'alias' | 'lock';

export interface Leftover extends Check {
  kind: LeftoverKind;
  path: string;
  /** The release (workdir, replaced, lock), or the alias. */
  name?: string;
  pid?: number;
}

const FIX = 'gosw doctor --fix';

/** `<file>.gosw-<pid>.tmp` and `<file>.gosw-<pid>-<hex>.tmp`: writeFileAtomic's temporary file. */
export function parseFileTemp(entry: string): { file: string; pid: number } | undefined {
  const m = /^(.+)\.gosw-([1-9][0-9]{0,9})(?:-[0-9a-f]+)?\.tmp$/.exec(entry);
  return m ? { file: m[1]!, pid: Number(m[2]) } : undefined;
}

function list(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

const dead = (pid: number) => pid !== process.pid && !pidAlive(pid);

/**
 * Directories where `gosw local` may have left `.go-version.gosw-*.tmp`: `cwd` and its ancestors up
 * to the nearest one holding a .go-version (the file that applies here), or to / if none does.
 */
function versionFileDirs(cwd: string): string[] {
  const out: string[] = [];
  for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
    out.push(d);
    if (existsSync(path.join(d, '.go-version')) || path.dirname(d) === d) return out;
  }
}

/** Where a symlink finally points, or undefined if `p` is no symlink (or a dangling one). */
function symlinkTarget(p: string): string | undefined {
  try {
    return lstatSync(p).isSymbolicLink() ? realpathSync(p) : undefined;
  } catch {
    return undefined;
  }
}

export function findLeftovers(store: Store, cwd: string): Leftover[] {
  const out: Leftover[] = [];
  const add = (l: Omit<Leftover, 'id'> & { id?: string }) => out.push({ id: 'store-leftover', ...l });

  // tmp/: work dirs of dead processes; a replaced version whose replacement never landed.
  for (const w of deadWorkDirs(store)) {
    if (w.kind === 'old' && !existsSync(store.versionDir(w.name)) && existsSync(path.join(w.path, 'bin', 'go'))) {
      add({
        id: 'store-replaced',
        kind: 'replaced',
        level: 'fail',
        path: w.path,
        name: w.name,
        pid: w.pid,
        message: `${w.name} is missing from versions/: a killed 'gosw install --force' (pid ${w.pid}) left it in ${w.path}`,
        hint: `${FIX} (or gosw install ${w.name.slice(2)}) moves it back`,
      });
      continue;
    }
    const what = w.kind === 'old' ? 'a replaced version' : w.kind === 'rm' ? 'an interrupted uninstall' : 'an interrupted install';
    add({
      kind: 'workdir',
      level: 'warn',
      path: w.path,
      name: w.name,
      pid: w.pid,
      message: `leftover of ${what} of ${w.name} (pid ${w.pid} is gone): ${w.path}`,
      hint: `${FIX} removes it (so does the next install of ${w.name})`,
    });
  }
  for (const e of list(store.tmpDir)) {
    if (parseWorkDir(e)) continue;
    add({
      kind: 'unknown-tmp',
      level: 'warn',
      path: path.join(store.tmpDir, e),
      message: `unknown entry in the store's tmp/: ${path.join(store.tmpDir, e)}`,
      hint: 'gosw did not make it; delete it if you do not need it',
    });
  }

  // versions/<alias>.tmp-<pid>: an alias being replaced when its process died.
  for (const e of list(store.versionsDir)) {
    const t = parseAliasTemp(e);
    if (!t || !dead(t.pid)) continue;
    add({
      kind: 'alias-tmp',
      level: 'warn',
      path: path.join(store.versionsDir, e),
      name: t.alias,
      pid: t.pid,
      message: `leftover of an alias update (pid ${t.pid} is gone): ${path.join(store.versionsDir, e)}`,
      hint: `${FIX} removes it`,
    });
  }

  // writeFileAtomic's temporary files: the global default and store.json, the index cache, and
  // (outside the store, where only that name is gosw's) .go-version.
  const fileTemps = [store.root, store.cacheDir].map((dir) => ({ dir, only: undefined as string | undefined }));
  const dirs = versionFileDirs(cwd);
  for (const dir of dirs) if (!fileTemps.some((f) => f.dir === dir)) fileTemps.push({ dir, only: '.go-version' });
  // A symlinked version file is written through to its target, the temp file beside the target.
  for (const link of [path.join(dirs[dirs.length - 1]!, '.go-version'), store.globalFile]) {
    const target = symlinkTarget(link);
    if (target && !fileTemps.some((f) => f.dir === path.dirname(target) && f.only === undefined)) {
      fileTemps.push({ dir: path.dirname(target), only: path.basename(target) });
    }
  }
  for (const { dir, only } of fileTemps) {
    for (const e of list(dir)) {
      const t = parseFileTemp(e);
      if (!t || (only !== undefined && t.file !== only) || !dead(t.pid)) continue;
      add({
        kind: 'file-tmp',
        level: 'warn',
        path: path.join(dir, e),
        pid: t.pid,
        message: `leftover of an interrupted write of ${path.join(dir, t.file)} (pid ${t.pid} is gone): ${path.join(dir, e)}`,
        hint: `${FIX} removes it`,
      });
    }
  }

  // Aliases that do not say what is installed (a crash between publishing and rewriting them).
  for (const a of staleAliases(store)) {
    const message =
      a.actual === undefined
        ? `alias ${a.alias} is missing (it should point at ${a.want})`
        : !store.isInstalled(a.actual)
          ? `alias ${a.alias} is dangling (-> ${a.actual})`
          : a.want === undefined
            ? `alias ${a.alias} points at ${a.actual}, a release it should not name`
            : `alias ${a.alias} points at ${a.actual}, not at the newest installed ${a.alias === 'latest' ? 'stable release' : `${a.alias} release`} ${a.want}`;
    add({
      id: 'store-alias',
      kind: 'alias',
      level: 'warn',
      path: path.join(store.versionsDir, a.alias),
      name: a.alias,
      message,
      hint: `${FIX} rewrites the aliases (so does any install or uninstall)`,
    });
  }

  for (const { name, owner } of staleLocks(store.locksDir)) {
    add({
      id: 'store-lock',
      kind: 'lock',
      level: 'warn',
      path: path.join(store.locksDir, `${name}.lock`),
      name,
      pid: owner.pid,
      message: `stale lock ${name} (pid ${owner.pid} is gone)`,
      hint: `${FIX} breaks it (so does the next gosw that needs it)`,
    });
  }
  return out;
}

/** The Check a Leftover reports (without its fix details). */
export function asCheck(l: Leftover): Check {
  return { id: l.id, level: l.level, message: l.message, hint: l.hint };
}

/** Waits this long for a lock held by a live gosw before leaving its leftovers for later. */
const LOCK_WAIT_MS = 3_000;

async function withLock<T>(store: Store, name: string, fn: () => T): Promise<T | undefined> {
  let held;
  try {
    held = await acquire(store.locksDir, name, { timeoutMs: LOCK_WAIT_MS });
  } catch (err) {
    if (err instanceof GoswError && err.code === 'LOCK' && err.message.startsWith('timed out')) return undefined;
    throw err;
  }
  try {
    return fn();
  } finally {
    await held.release();
  }
}

/**
 * Removes (or restores) what findLeftovers found; returns one line per action. Work dirs are
 * handled under their version's lock, exactly as an install would: a concurrent install of that
 * version cannot be publishing while a replaced tree is moved back. Leftovers are looked up again
 * under the lock, so a report that went stale meanwhile is harmless.
 */
export async function fixLeftovers(store: Store, found: Leftover[]): Promise<string[]> {
  const done: string[] = [];
  const names = new Set(found.filter((l) => l.kind === 'workdir' || l.kind === 'replaced' || l.kind === 'lock').map((l) => l.name!));
  for (const name of names) {
    const r = await withLock(store, name, () => {
      const lines: string[] = [];
      if (!isReleaseName(name)) return lines; // e.g. the aliases lock: taking it broke it
      const olds = deadWorkDirs(store, name).filter((w) => w.kind === 'old');
      if (restoreReplaced(store, name)) {
        const back = olds.find((w) => !existsSync(w.path));
        lines.push(`restored ${name} from ${back?.path ?? 'tmp/'}`);
      }
      for (const w of deadWorkDirs(store, name)) {
        rmSync(w.path, { recursive: true, force: true });
        lines.push(`removed ${w.path}`);
      }
      return lines;
    });
    if (r === undefined) done.push(`skipped ${name}: a running gosw holds its lock`);
    else {
      done.push(...r);
      if (found.some((l) => l.kind === 'lock' && l.name === name)) done.push(`broke the stale lock ${name}`);
    }
  }
  for (const l of found.filter((x) => x.kind === 'file-tmp')) {
    // Re-checked: the report was made a moment ago.
    const t = parseFileTemp(path.basename(l.path));
    if (!t || !dead(t.pid)) continue;
    try {
      if (!lstatSync(l.path).isDirectory()) unlinkSync(l.path);
      done.push(`removed ${l.path}`);
    } catch {
      // already gone
    }
  }
  if (found.some((l) => l.kind === 'alias-tmp' || l.kind === 'alias') || done.some((d) => d.startsWith('restored'))) {
    const r = await withLock(store, 'aliases', () => {
      const lines: string[] = [];
      for (const e of list(store.versionsDir)) {
        const t = parseAliasTemp(e);
        if (!t || !dead(t.pid)) continue;
        rmSync(path.join(store.versionsDir, e), { force: true });
        lines.push(`removed ${path.join(store.versionsDir, e)}`);
      }
      const before = staleAliases(store).length;
      syncAliases(store);
      if (before) lines.push(`rewrote the aliases (${before} stale)`);
      return lines;
    });
    done.push(...(r ?? ['skipped the aliases: a running gosw holds their lock']));
  }
  return done;
}
