import { lstatSync, readdirSync, unlinkSync, type Stats } from 'node:fs';
import path from 'node:path';

/**
 * Go's build cache on disk: GOCACHE/<2 hex>/<hash>-a (action) and -d (data) files, plus README,
 * trim.txt and friends. Go refreshes an entry's mtime when it uses it (at most hourly), so mtime
 * order is least-recently-used order. Go tolerates entries vanishing under a running build.
 */
export interface TreeStats {
  bytes: number;
  files: number;
  oldest?: number;
  newest?: number;
}

/** Size of a tree, never following symlinks. */
export function treeSize(dir: string): TreeStats {
  const s: TreeStats = { bytes: 0, files: 0 };
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = path.join(d, n);
      let st: Stats;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
      else if (st.isFile()) {
        s.bytes += st.size;
        s.files++;
        s.oldest = Math.min(s.oldest ?? Infinity, st.mtimeMs);
        s.newest = Math.max(s.newest ?? -Infinity, st.mtimeMs);
      }
    }
  };
  walk(dir);
  return s;
}

const SHARD = /^[0-9a-f]{2}$/;
const ENTRY = /^[0-9a-f]{64}-[ad]$/;

export interface Entry {
  path: string;
  size: number;
  mtimeMs: number;
}

/** The cache's entries: regular files named like Go's, in its 00..ff shards. Nothing else is ever touched. */
export function cacheEntries(dir: string): Entry[] {
  const out: Entry[] = [];
  let shards: string[];
  try {
    shards = readdirSync(dir);
  } catch {
    return out;
  }
  for (const shard of shards) {
    if (!SHARD.test(shard)) continue;
    const sd = path.join(dir, shard);
    let st: Stats;
    try {
      st = lstatSync(sd);
    } catch {
      continue;
    }
    if (!st.isDirectory()) continue; // a symlinked shard is not followed
    let names: string[];
    try {
      names = readdirSync(sd);
    } catch {
      continue;
    }
    for (const n of names) {
      if (!ENTRY.test(n)) continue;
      const p = path.join(sd, n);
      try {
        const e = lstatSync(p);
        if (e.isFile()) out.push({ path: p, size: e.size, mtimeMs: e.mtimeMs });
      } catch {
        // removed by a concurrent go clean / prune
      }
    }
  }
  return out;
}

export interface PrunePlan {
  remove: Entry[];
  keepBytes: number;
  freeBytes: number;
}

/** Least recently used first: everything older than maxAgeMs, then the oldest until under maxBytes. */
export function planPrune(entries: readonly Entry[], now: number, opts: { maxAgeMs?: number; maxBytes?: number }): PrunePlan {
  const sorted = [...entries].sort((a, b) => a.mtimeMs - b.mtimeMs);
  let total = sorted.reduce((n, e) => n + e.size, 0);
  const remove: Entry[] = [];
  for (const e of sorted) {
    const old = opts.maxAgeMs !== undefined && now - e.mtimeMs > opts.maxAgeMs;
    const big = opts.maxBytes !== undefined && total > opts.maxBytes;
    if (!old && !big) break;
    remove.push(e);
    total -= e.size;
  }
  return { remove, keepBytes: total, freeBytes: remove.reduce((n, e) => n + e.size, 0) };
}

export function applyPrune(plan: PrunePlan): { removed: number; bytes: number } {
  let removed = 0;
  let bytes = 0;
  for (const e of plan.remove) {
    try {
      unlinkSync(e.path);
      removed++;
      bytes += e.size;
    } catch {
      // already gone: a concurrent go clean or prune
    }
  }
  return { removed, bytes };
}

export function parseDuration(s: string): number | undefined {
  const m = /^([0-9]+)\s*(s|m|h|d|w)$/.exec(s.trim());
  if (!m) return undefined;
  return Number(m[1]) * { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
}

export function parseBytes(s: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([kmgt]?)(i?b)?$/i.exec(s.trim());
  if (!m) return undefined;
  return Math.floor(
    Number(m[1]) * { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'],
  );
}
