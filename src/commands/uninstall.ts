import { randomBytes } from 'node:crypto';
import { renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { flag, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { GoswError, errnoCode, usageError } from '../errors.js';
import { resolveDirs } from '../store/dirs.js';
import { matchInstalled } from '../store/find.js';
import { refreshAliases, syncAliases } from '../store/installed.js';
import { Store } from '../store/store.js';
import { workDirPrefix } from '../store/leftovers.js';
import { acquire, isNoSpace, type Held } from '../store/lock.js';
import { parseSpec } from '../versions/spec.js';

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const [input, ...extra] = args.positionals;
  if (input === undefined || extra.length) throw usageError('give one version to remove, e.g. gosw uninstall 1.22.5');
  const spec = parseSpec(input);
  const store = new Store(resolveDirs(ctx.env));
  const matches = matchInstalled(store, spec);
  if (matches.length === 0) {
    throw new GoswError('NOT_INSTALLED', `Go ${input} is not installed`, { hint: "see 'gosw list'" });
  }
  if (matches.length > 1) {
    throw new GoswError('AMBIGUOUS', `'${input}' matches several installed versions: ${matches.map((m) => m.name).join(', ')}`, {
      hint: `name one exactly, e.g. gosw uninstall ${matches[0]!.version}`,
    });
  }
  const target = matches[0]!;
  store.ensure();

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
  try {
    held = await acquire(store.locksDir, target.name);
  } catch (err) {
    if (!isNoSpace(err)) throw err;
    if (!flag(args, 'quiet')) ctx.err(`gosw: the disk is full: removing ${target.name} without taking its lock`);
  }
  try {
    removeTree(store, target.name, target.path);
  } finally {
    await held?.release();
  }
  await rewriteAliases(ctx, store);
  if (!flag(args, 'quiet')) ctx.out(`uninstalled ${target.name}`);
  return 0;
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
async function rewriteAliases(ctx: Context, store: Store): Promise<void> {
  try {
    await refreshAliases(store);
    return;
  } catch (err) {
    if (!isNoSpace(err)) throw err;
  }
  try {
    syncAliases(store);
  } catch (err) {
    if (!isNoSpace(err)) throw err;
    ctx.err("gosw: the disk is still full: the version aliases (versions/1.22, latest) were not rewritten; run 'gosw doctor --fix' once there is room");
  }
}
