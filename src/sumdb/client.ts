import { GoswError } from '../errors.js';
import type { ProxyEntry, SumdbConfig } from '../goproxy/config.js';
import { escapeModule } from '../goproxy/config.js';
import { openNote, parseTree, type Tree, type Verifier } from './note.js';
import { parseRecord, RecordError, recordLines } from './record.js';
import { type Tile, type TileReader, TlogError, tilePath, verifyRecord, verifyTreePrefix } from './tlog.js';

/**
 * The checksum-database client gosw's goproxy source uses (issue 11): the go command's
 * sumdb.Client checks, in order (GOPROXY-TOOLCHAIN.md b.2 steps 6-11): which server to ask, the
 * lookup's signature, that the record holds the module's exact line, that the record is in the
 * signed tree (tiles), and that the tree is consistent with the last one this machine verified.
 * I/O comes in: `fetch` (the caller builds it on net/http.ts, or file:// for a mirror) and
 * `latest` (the caller keeps the last verified note, atomically, under a lock).
 */

export type Fetch = (url: string) => Promise<{ status: number; body: Buffer }>;

/** The last verified signed tree note, kept by the caller. */
export interface LatestStore {
  read(): string | undefined;
  write(note: string): void;
}

const fail = (what: string, hint = 'nothing was installed; the proxy or checksum database may be misconfigured or hostile') =>
  new GoswError('CHECKSUM', what, { hint });

/**
 * Where to ask (cmd/go modfetch/sumdb.go dbDial): the URL GOSUMDB gives, else the first proxy
 * that answers 200 to `<proxy>/sumdb/<name>/supported` (404/410 move on; other errors move on
 * only after `|`), else `https://<name>` once the list reaches direct, off or its end.
 */
export async function sumdbBase(cfg: SumdbConfig, proxies: readonly ProxyEntry[], fetch: Fetch): Promise<string> {
  if (cfg.url) return cfg.url;
  for (const p of proxies) {
    if (p.kind !== 'url') break;
    const url = `${p.url}/sumdb/${cfg.name}`;
    let status: number;
    try {
      status = (await fetch(`${url}/supported`)).status;
    } catch (err) {
      if (p.fallBackOnError) continue;
      throw fail(
        `cannot ask ${p.url} whether it serves the checksum database ${cfg.name}: ${(err as Error).message}`,
        'check GOPROXY, or name the database URL in GOSUMDB',
      );
    }
    if (status === 200) return url;
    if (status === 404 || status === 410 || p.fallBackOnError) continue;
    throw fail(`${p.url} answered HTTP ${status} for ${url}/supported`, 'check GOPROXY, or name the database URL in GOSUMDB');
  }
  return `https://${cfg.name}`;
}

/** A tile the server does not have: nothing is proven either way (unlike a tile that fails its hashes). */
export class TileUnavailable extends GoswError {
  constructor(message: string) {
    super('CHECKSUM', message, { hint: 'nothing was installed; the proxy or checksum database may be incomplete or misconfigured' });
  }
}

/**
 * Tiles the caller keeps (`<cache>/sumdb/<name>/tile/...`): only tiles that were authenticated
 * against a signed tree are written (the tile reader calls saveTiles after checking every hash),
 * and whatever is read back is authenticated again against the tree in question.
 */
export interface TileCache {
  read(t: Tile): Uint8Array | undefined;
  write(t: Tile, data: Uint8Array): void;
}

/**
 * Tiles over `fetch`; a partial tile the server lacks is cut from the full one (client.go
 * readTile). Authenticated tiles are saved to `cache` when one is given (it is never read here).
 */
export function fetchTiles(base: string, fetch: Fetch, cache?: TileCache): TileReader {
  const one = async (t: Tile): Promise<Uint8Array> => {
    const r = await fetch(`${base}/${tilePath(t)}`);
    if (r.status === 200) return r.body;
    if (r.status === 404 && t.W < 2 ** t.H) {
      const full = await fetch(`${base}/${tilePath({ ...t, W: 2 ** t.H })}`);
      // Cut to exactly the width asked for; the tile reader checks the length and every hash.
      if (full.status === 200 && full.body.length >= t.W * 32) return full.body.subarray(0, t.W * 32);
    }
    throw new TileUnavailable(`the checksum database at ${base} has no ${tilePath(t)} (HTTP ${r.status})`);
  };
  return {
    height: 8,
    readTiles: (tiles) => Promise.all(tiles.map(one)),
    saveTiles: (tiles, data) => {
      if (cache) for (const [i, t] of tiles.entries()) cache.write(t, data[i]!);
    },
  };
}

/** Tiles from the cache first, else from `next` (whose saveTiles keeps what was authenticated). */
function cacheFirst(cache: TileCache, next: TileReader): TileReader {
  return {
    height: next.height,
    readTiles: async (tiles) => {
      const got = tiles.map((t) => cache.read(t));
      const missing = tiles.filter((_, i) => got[i] === undefined);
      const fetched = missing.length ? await next.readTiles(missing) : [];
      let j = 0;
      return got.map((d) => d ?? fetched[j++]!);
    },
    saveTiles: (tiles, data) => next.saveTiles(tiles, data),
  };
}

function signedTree(note: string, verifier: Verifier, what: string): Tree {
  try {
    return parseTree(openNote(note, [verifier]).text);
  } catch (err) {
    // NoteError (signature, format) or the tree text's own: either way not a tree we can trust.
    throw fail(`${what} is not a tree note signed by ${verifier.name}: ${(err as Error).message}`);
  }
}

export interface Verified {
  /** The module zip's hash the database vouches for: `h1:...`. */
  h1: string;
  tree: Tree;
  note: string;
  /** Set when the tree could not be proven consistent with the newer one cached here (why, in a line). */
  unproven?: string;
}

/** Looks up path@version and verifies everything up to the signed, consistent tree. */
export async function lookupVerified(opts: {
  base: string;
  verifier: Verifier;
  path: string;
  version: string;
  fetch: Fetch;
  latest?: LatestStore;
  /** Verified tiles kept between runs (see checkTimeline: a server older than `latest`). */
  tiles?: TileCache;
  /** Told what could not be proven (and why that is not a failure). */
  warn?: (message: string) => void;
}): Promise<Verified> {
  const { base, verifier, path, version, fetch } = opts;
  const what = `${path}@${version}`;
  const url = `${base}/lookup/${escapeModule(path)}@${escapeModule(version)}`;
  const res = await fetch(url);
  if (res.status === 404 || res.status === 410)
    throw fail(
      `the checksum database ${verifier.name} has no record of ${what}`,
      'the version may not exist for this platform; nothing was installed',
    );
  if (res.status !== 200) throw fail(`the checksum database at ${base} answered HTTP ${res.status} for ${what}`);
  let rec: ReturnType<typeof parseRecord>;
  try {
    rec = parseRecord(res.body);
  } catch (err) {
    if (err instanceof RecordError) throw fail(`the checksum database's answer for ${what} is not a lookup record`);
    throw err;
  }
  const note = rec.rest.toString('utf8');
  const tree = signedTree(note, verifier, `the checksum database's answer for ${what}`);
  // A 200 with no line for the module verifies nothing (CVE-2026-42501): fail closed.
  const lines = recordLines(rec.text, path, version);
  const m = lines.length === 1 ? new RegExp(`^${escapeRe(path)} ${escapeRe(version)} (h1:[A-Za-z0-9+/]{43}=)$`).exec(lines[0]!) : null;
  if (!m) throw fail(`the checksum database's record for ${what} holds no (or more than one) h1 line for it`);
  const tiles = fetchTiles(base, fetch, opts.tiles);
  try {
    await verifyRecord(tree, rec.id, rec.text, tiles);
  } catch (err) {
    if (err instanceof TlogError) throw fail(`the record for ${what} is not in the tree ${verifier.name} signed: ${err.message}`);
    throw err;
  }
  let unproven: string | undefined;
  if (opts.latest) unproven = await checkTimeline(opts.latest, note, tree, verifier, tiles, opts.tiles);
  if (unproven) opts.warn?.(unproven);
  return { h1: m[1]!, tree, note, unproven };
}

/**
 * Split-view protection (client.go checkTrees): the new tree must contain the last one verified
 * here, or be contained in it; equal sizes must have equal roots. Else a security error that shows
 * both notes. The newer note is kept.
 *
 * A server whose tree is older than the one cached here (a mirror synced last week, a laptop that
 * was online since) is asked, as Go asks, for tiles of the *cached* tree; a static mirror lacks
 * them. Every such tile is authenticated against the cached root, so it may come from anywhere:
 * the tiles kept in `cache` first (the ones read when that tree was verified here usually cover the
 * older tree's hashes), then the server. If neither has them, nothing is proven either way: the
 * record's inclusion in the server's signed tree stands, the newer tree stays `latest`, and the
 * returned warning says that consistency was not proven. Tiles that are there but disagree with a
 * root are a fork, as ever. A server *newer* than the cache must prove its own tree: a missing
 * tile fails the lookup (not a security error: nothing was shown to disagree).
 */
async function checkTimeline(
  latest: LatestStore,
  note: string,
  tree: Tree,
  verifier: Verifier,
  tiles: TileReader,
  cache?: TileCache,
): Promise<string | undefined> {
  const oldNote = latest.read();
  if (oldNote === undefined) return void latest.write(note);
  const old = signedTree(oldNote, verifier, 'the last verified tree note (in gosw cache)');
  try {
    if (tree.N > old.N) await verifyTreePrefix(tree, old, tiles);
    else if (tree.N < old.N) await verifyTreePrefix(old, tree, cache ? cacheFirst(cache, tiles) : tiles);
    else if (Buffer.compare(Buffer.from(tree.root), Buffer.from(old.root)) !== 0) throw new TlogError('same size, different roots');
  } catch (err) {
    if (err instanceof TileUnavailable && tree.N < old.N) {
      return (
        `warning: the checksum database ${verifier.name} here serves tree ${tree.N}, older than tree ${old.N} verified before on this machine, ` +
        `and neither it nor gosw's cache has the tiles to prove one a prefix of the other: the record is proven in tree ${tree.N}; ` +
        `consistency with tree ${old.N} is not (${err.message}). Re-sync the mirror, or list a current proxy after it with |`
      );
    }
    if (!(err instanceof TlogError)) throw err;
    throw new GoswError(
      'SECURITY',
      `SECURITY ERROR: the checksum database ${verifier.name} showed two trees that cannot both be true (${(err as Error).message}); nothing was installed.\n` +
        `earlier:\n${oldNote}\nnow:\n${note}`,
      {
        hint: 'this means server misbehavior (or an attack on this proxy): report it, and do not trust this database until it is explained',
      },
    );
  }
  if (tree.N > old.N) latest.write(note);
  return undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
