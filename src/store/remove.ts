import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { GoswError, errnoCode } from '../errors.js';
import { refreshAliases, syncAliases } from './installed.js';
import { workDirPrefix } from './leftovers.js';
import { acquire, isNoSpace, type Held } from './lock.js';
import type { Store } from './store.js';

export interface RemoveReport {
  /** The disk was full: removed without the version's lock (see below why that is safe). */
  lockFree: boolean;
  /** The disk was still full afterwards: the aliases could not be rewritten. */
  aliasesStale: boolean;
}

/** Removes an installed version from the store (Store.remove). */
export async function removeVersion(store: Store, name: string): Promise<RemoveReport> {
  const dir = store.versionDir(name);
  // On a full disk the lock may be impossible to take (its directory cannot be created), and
  // uninstalling is how a user frees space, so it then goes on without the lock. That is safe
  // because the removal is one rename(2) of the whole GOROOT out of versions/, then deleting a
  // tree no one else knows: a reader sees the version or nothing, never half of it. Against the
  // others that may run meanwhile:
  // - an install of this version (it holds the lock) only publishes by rename too: either our
  //   rename comes first and it installs anew (the user asked for both; the last one wins), or its
  //   rename comes first and ours removes what it published, or its publish finds the name gone and
  //   fails without leaving anything; its work dirs are its own (live pid), never ours to remove;
  // - another uninstall: one rename wins, the other finds ENOENT and is done;
  // - an install's leftover cleanup removes dead pids' work dirs only, and ours carries our pid.
  // mkdir answering ENOSPC also means the lock directory did not exist, so no one held the lock.
  let held: Held | undefined;
  let lockFree = false;
  try {
    held = await acquire(store.locksDir, name);
  } catch (err) {
    if (!isNoSpace(err)) throw err;
    lockFree = true;
  }
  try {
    removeTree(store, name, dir);
  } finally {
    await held?.release();
  }
  return { lockFree, aliasesStale: !(await rewriteAliases(store)) };
}

/**
 * Disappears in one rename, then is deleted at leisure: a reader never sees half a GOROOT. The tree
 * is renamed straight to tmp/<name>.<pid>.rm.<random> (no mkdtemp first: a rename needs no new inode,
 * so it works on a filesystem without free inodes too).
 */
function removeTree(store: Store, name: string, dir: string): void {
  for (let attempt = 0; ; attempt++) {
    const trash = path.join(store.tmpDir, `${workDirPrefix(name)}rm.${randomName()}`);
    try {
      renameSync(dir, trash);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'ENOENT' && attempt === 0) return; // another uninstall was first
      if ((code === 'EEXIST' || code === 'ENOTEMPTY') && attempt < 5) continue;
      throw new GoswError('IO', `cannot move ${name} out of ${store.versionsDir} (${code ?? String(err)})`, {
        hint: `check permissions on ${store.root}`,
        cause: err,
      });
    }
    rmSync(trash, { recursive: true, force: true });
    return;
  }
}

/** Six characters like mkdtemp's, so parseWorkDir knows the name. */
function randomName(): string {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(6)].map((b) => abc[b % abc.length]).join('');
}

/**
 * The version's space is free by now, so the alias lock can usually be taken. If the disk is still
 * full, the aliases are rewritten without it: each is replaced by one rename, so a reader never
 * misses one, and a concurrent writer that wins the race with an older view leaves an alias that
 * `gosw doctor` reports and the next install or uninstall corrects.
 */
async function rewriteAliases(store: Store): Promise<boolean> {
  try {
    await refreshAliases(store);
    return true;
  } catch (err) {
    if (!isNoSpace(err)) throw err;
  }
  try {
    syncAliases(store);
    return true;
  } catch (err) {
    if (!isNoSpace(err)) throw err;
    return false;
  }
}
