import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { GoswError } from '../errors.js';
import { writeFileAtomic } from '../fsx.js';
import { type ProxyEntry, type SumdbConfig, TOOLCHAIN_MODULE } from '../goproxy/config.js';
import { goproxyFetch } from '../goproxy/fetch.js';
import { acquire } from '../store/lock.js';
import type { Store } from '../store/store.js';
import { type Fetch, type LatestStore, lookupVerified, sumdbBase } from '../sumdb/client.js';
import { parseVerifierKey } from '../sumdb/note.js';

/**
 * What the checksum database vouches for a toolchain module version: the h1, verified (signed
 * note, the module's line, inclusion, the timeline kept in `<cache>/sumdb/<name>/latest` under the
 * `sumdb-<name>` lock). Used for go.dev tarballs (verifiers/sumdb.ts); unpack-zip.ts has the same
 * steps inline for module zips (to be folded onto this when merged).
 */
export interface VouchedH1 {
  h1: string;
  from: string;
  tree: { N: number; root: string };
}

/** The database could not be reached at all (network, 5xx): a caller may fall back, saying so. */
export class SumdbUnreachable extends Error {}

export async function sumdbH1(
  ctx: Context,
  store: Store,
  sumdb: SumdbConfig,
  proxies: readonly ProxyEntry[],
  mv: string,
): Promise<VouchedH1> {
  const raw = goproxyFetch(ctx);
  // Only the transport's failures count as "unreachable"; every answer the database gives is
  // judged by the client (a 404 lookup, a bad signature, a fork all fail closed).
  const fetch: Fetch = async (url) => {
    let r: Awaited<ReturnType<Fetch>>;
    try {
      r = await raw(url);
    } catch (err) {
      throw new SumdbUnreachable((err as Error).message, { cause: err });
    }
    if (r.status >= 500) throw new SumdbUnreachable(`HTTP ${r.status} for ${url}`);
    return r;
  };
  let base: string;
  try {
    base = await sumdbBase(sumdb, proxies, fetch);
  } catch (err) {
    // sumdbBase says "cannot ask <proxy>" for a transport failure: the same as unreachable.
    if (err instanceof GoswError && err.cause === undefined && /^cannot ask /.test(err.message)) throw new SumdbUnreachable(err.message);
    throw err;
  }
  const held = await acquire(store.locksDir, `sumdb-${sumdb.name}`);
  try {
    const v = await lookupVerified({
      base,
      verifier: verifierOf(sumdb.key),
      path: TOOLCHAIN_MODULE,
      version: mv,
      fetch,
      latest: latestStore(store, sumdb.name),
    });
    return {
      h1: v.h1,
      from: `the checksum database ${sumdb.name}`,
      tree: { N: v.tree.N, root: Buffer.from(v.tree.root).toString('base64') },
    };
  } finally {
    await held.release();
  }
}

function verifierOf(key: string) {
  try {
    return parseVerifierKey(key);
  } catch (err) {
    throw new GoswError('USAGE', `GOSUMDB names the key ${JSON.stringify(key)}, which is not a verifier key: ${(err as Error).message}`, {
      hint: 'GOSUMDB is a name (sum.golang.org), a key (name+hash+key) or "key url"',
    });
  }
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
