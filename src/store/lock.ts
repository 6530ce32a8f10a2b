import { hostname } from 'node:os';
import { readdirSync, readFileSync, rmSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GoswError, errnoCode } from '../errors.js';

/**
 * Per-name locks under <store>/locks/, the only importer of proper-lockfile.
 *
 * proper-lockfile's lock is a directory whose mtime the holder refreshes every second; a lock not
 * refreshed for STALE_MS is stale and taken over. Beside it, `<name>.owner` records the holder's pid,
 * so a waiter can break the lock of a process that died (kill -9) at once instead of after STALE_MS.
 */
const STALE_MS = 5_000;
const UPDATE_MS = 1_000;
const POLL_MS = 150;

export interface Owner {
  pid: number;
  host: string;
  /** Identity of the lock directory this owner created: a later lock by someone else is a new directory. */
  dir?: string;
}

export interface LockOptions {
  /** Called once if another live process holds the lock. */
  onWait?: (owner: Owner | undefined) => void;
  /** Give up after this long (default 30 minutes: a slow download may hold the lock that long). */
  timeoutMs?: number;
}

export interface Held {
  /** Set when the lock was lost (e.g. the store was touched by hand); work must not be published then. */
  compromised?: Error;
  release(): Promise<void>;
}

/** Is a process alive? (EPERM: alive, but not ours.) */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
}

function readOwner(file: string): Owner | undefined {
  try {
    const o = JSON.parse(readFileSync(file, 'utf8')) as Partial<Owner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host, dir: o.dir } : undefined;
  } catch {
    return undefined;
  }
}

export async function acquire(locksDir: string, name: string, opts: LockOptions = {}): Promise<Held> {
  const lockfile = await import('proper-lockfile');
  const target = path.join(locksDir, name);
  const lockPath = `${target}.lock`;
  const ownerPath = `${target}.owner`;
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  let waited = false;
  const held: Held = { release: async () => {} };

  for (;;) {
    try {
      const release = await lockfile.lock(target, {
        lockfilePath: lockPath,
        realpath: false,
        stale: STALE_MS,
        update: UPDATE_MS,
        retries: 0,
        onCompromised: (err) => {
          held.compromised = err;
        },
      });
      held.release = async () => {
        rmSync(ownerPath, { force: true });
        await release().catch(() => {});
      };
      try {
        writeFileSync(ownerPath, JSON.stringify({ pid: process.pid, host: hostname(), dir: dirIdentity(lockPath) }));
      } catch (err) {
        rmSync(ownerPath, { force: true }); // created but not written: an empty owner file helps nobody
        // The owner file only lets a waiter break our lock at once if we die; on a full disk we keep
        // the lock without it, and a waiter falls back to the staleness rule (STALE_MS).
        if (!isNoSpace(err)) {
          await held.release();
          throw lockError(name, locksDir, err);
        }
      }
      return held;
    } catch (err) {
      if (err instanceof GoswError) throw err;
      if (errnoCode(err) !== 'ELOCKED') throw lockError(name, locksDir, err);
    }
    const owner = readOwner(ownerPath);
    if (owner && owner.host === hostname() && owner.pid !== process.pid && !pidAlive(owner.pid)) {
      breakDeadLock(ownerPath, lockPath, owner);
      continue;
    }
    if (Date.now() > deadline) {
      throw new GoswError('LOCK', `timed out waiting for the lock on ${name}${owner ? ` held by pid ${owner.pid} on ${owner.host}` : ''}`, {
        hint: `if no gosw is running, remove ${lockPath}`,
      });
    }
    if (!waited) {
      waited = true;
      opts.onWait?.(owner);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** Disk full or over quota (also as the cause of a GoswError): what only renames and deletes may still work. */
export function isNoSpace(err: unknown): boolean {
  for (let e = err, depth = 0; e !== undefined && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = errnoCode(e);
    if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  }
  return false;
}

function lockError(name: string, locksDir: string, err: unknown): GoswError {
  const code = errnoCode(err);
  return new GoswError('LOCK', `cannot lock ${name} in ${locksDir} (${code ?? String(err)})`, {
    hint: isNoSpace(err)
      ? 'the disk is full: free some space (gosw uninstall works on a full disk)'
      : 'check that the gosw store is writable',
    cause: err,
  });
}

function dirIdentity(p: string): string | undefined {
  try {
    const st = statSync(p);
    return `${st.dev}:${st.ino}:${st.birthtimeMs}`;
  } catch {
    return undefined;
  }
}

/**
 * Re-reads the owner right before breaking, and checks that the lock directory is still the one that
 * owner made: after a stale-lock takeover a newer holder may not have written its owner file yet.
 */
function breakDeadLock(ownerPath: string, lockPath: string, seen: Owner): void {
  const now = readOwner(ownerPath);
  if (!now || now.pid !== seen.pid || now.host !== seen.host) return;
  if (now.dir !== dirIdentity(lockPath)) return;
  try {
    unlinkSync(ownerPath);
  } catch {
    return; // another waiter broke it first
  }
  try {
    rmdirSync(lockPath);
  } catch {
    // already gone
  }
}

/** Locks whose recorded holder is a dead process on this host: what acquire() would break at once. */
export function staleLocks(locksDir: string): Array<{ name: string; owner: Owner }> {
  let names: string[];
  try {
    names = readdirSync(locksDir);
  } catch {
    return [];
  }
  return names
    .filter((e) => e.endsWith('.owner'))
    .map((e) => ({ name: e.slice(0, -'.owner'.length), owner: readOwner(path.join(locksDir, e)) }))
    .filter((l): l is { name: string; owner: Owner } => l.owner !== undefined && l.owner.host === hostname() && !pidAlive(l.owner.pid));
}
