import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { GoswError } from '../errors.js';
import { writeFileAtomic } from '../fsx.js';
import { gosumdbVerifier, type ProxyEntry, type SumdbConfig, TOOLCHAIN_MODULE } from '../goproxy/config.js';
import { goproxyFetch } from '../goproxy/fetch.js';
import { acquire } from '../store/lock.js';
import type { Store } from '../store/store.js';
import { type Fetch, type LatestStore, lookupVerified, sumdbBase, type TileCache } from '../sumdb/client.js';
import { type Tile, tilePath } from '../sumdb/tlog.js';

/**
 * What the checksum database vouches for a toolchain module version: the h1, verified (signed
 * note, the module's line, inclusion, the timeline kept in `<cache>/sumdb/<name>/latest` under the
 * `sumdb-<name>` lock; verified tiles cached beside it). The one place both routes ask: module
 * zips (unpack-zip.ts) and go.dev tarballs (verifiers/sumdb.ts).
 */
export interface VouchedH1 {
  h1: string;
  from: string;
  /** `unproven`: the server's tree is older than this machine's and no tiles prove it a prefix. */
  tree: { N: number; root: string; unproven?: boolean };
}

/** The database could not be reached at all (network, 5xx): a caller may fall back, saying so. */
export class SumdbUnreachable extends Error {}

export async function sumdbH1(
  ctx: Context,
  store: Store,
  sumdb: SumdbConfig,
  proxies: readonly ProxyEntry[],
  mv: string,
  /** Transport failures become SumdbUnreachable (the tarball route may fall back; a zip may not). */
  opts: { fallible?: boolean } = {},
): Promise<VouchedH1> {
  const raw = goproxyFetch(ctx);
  // Only the transport's failures count as "unreachable"; every answer the database gives is
  // judged by the client (a 404 lookup, a bad signature, a fork all fail closed).
  const fallible: Fetch = async (url) => {
    let r: Awaited<ReturnType<Fetch>>;
    try {
      r = await raw(url);
    } catch (err) {
      throw new SumdbUnreachable((err as Error).message, { cause: err });
    }
    if (r.status >= 500) throw new SumdbUnreachable(`HTTP ${r.status} for ${url}`);
    return r;
  };
  const fetch = opts.fallible ? fallible : raw;
  let base: string;
  try {
    base = await sumdbBase(sumdb, proxies, fetch);
  } catch (err) {
    // sumdbBase says "cannot ask <proxy>" for a transport failure: the same as unreachable.
    if (opts.fallible && err instanceof GoswError && err.cause === undefined && /^cannot ask /.test(err.message))
      throw new SumdbUnreachable(err.message);
    throw err;
  }
  const held = await acquire(store.locksDir, `sumdb-${sumdb.name}`);
  try {
    const v = await lookupVerified({
      base,
      verifier: gosumdbVerifier(sumdb.key),
      path: TOOLCHAIN_MODULE,
      version: mv,
      fetch,
      latest: latestStore(store, sumdb.name),
      tiles: tileCache(store, sumdb.name),
      warn: (message) => ctx.err(`gosw: ${message}`),
    });
    return {
      h1: v.h1,
      from: `the checksum database ${sumdb.name}`,
      tree: { N: v.tree.N, root: Buffer.from(v.tree.root).toString('base64'), ...(v.unproven ? { unproven: true } : {}) },
    };
  } finally {
    await held.release();
  }
}

/**
 * Verified tiles, `<cache>/sumdb/<name>/tile/8/L/NNN[.p/W]` (base64 of the tile's bytes): written
 * only after they were authenticated, read only to be authenticated again. A damaged or odd file
 * is a miss.
 */
function tileCache(store: Store, name: string): TileCache {
  const file = (t: Tile) => path.join(store.cacheDir, 'sumdb', name, tilePath(t));
  return {
    read: (t) => {
      try {
        const data = Buffer.from(readFileSync(file(t), 'utf8'), 'base64');
        return data.length === t.W * 32 ? data : undefined;
      } catch {
        return undefined;
      }
    },
    write: (t, data) => {
      try {
        mkdirSync(path.dirname(file(t)), { recursive: true, mode: 0o755 });
        writeFileAtomic(file(t), Buffer.from(data).toString('base64'));
      } catch {
        // A cache we cannot write only costs a request (or a warning) later.
      }
    },
  };
}

function latestStore(store: Store, name: string): LatestStore {
  const file = path.join(store.cacheDir, 'sumdb', name, 'latest');
  return {
    read: () => {
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    write: (note) => {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
      writeFileAtomic(file, note);
    },
  };
}
