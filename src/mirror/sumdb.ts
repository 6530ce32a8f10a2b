import { randomBytes } from 'node:crypto';
import { lstatSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { GoswError, errnoCode } from '../errors.js';
import { TOOLCHAIN_MODULE } from '../goproxy/config.js';
import { type Fetch, fetchTiles } from '../sumdb/client.js';
import { openNote, parseTree, type Tree, type Verifier } from '../sumdb/note.js';
import { formatRecord, parseRecord, recordLines } from '../sumdb/record.js';
import { hashEqual, type Tile, type TileReader, TlogError, tilePath, verifyRecord, verifyTreePrefix } from '../sumdb/tlog.js';
import { generations, lookupPath, put, SUMDB_LINK } from './tree.js';

/**
 * The mirror's checksum-database subtree (GOPROXY-TOOLCHAIN.md section 2). One signed note, the
 * final one, for everything: every lookup body is its record + that note, `latest` is that note,
 * and the tiles are exactly those a client reads (x/mod sumdb/client.go) at that tree size: for
 * each record's inclusion proof (checkRecord: TileHashReader(latest).ReadHashes) and for the
 * consistency of each earlier sync's note (checkTrees: TreeHash(old.N, TileHashReader(new))),
 * recorded by running gosw's port of the same TileHashReader and keeping what it authenticated.
 * The subtree is a directory per generation; `proxy/sumdb` is a symlink swapped by one rename.
 */

export interface MirrorRecord {
  mv: string;
  id: number;
  /** The record text (what the leaf hash covers). */
  text: Buffer;
  /** The zip's h1 and the go.mod's, as the record says. */
  h1: string;
  modH1?: string;
}

const H1 = '(h1:[A-Za-z0-9+/]{43}=)';

export const checksumError = (what: string, hint = 'nothing was written to the mirror; the upstream may be misconfigured or hostile') =>
  new GoswError('CHECKSUM', what, { hint });

/** The record's lines for the toolchain module version: exactly one zip line (CVE-2026-42501: none is a failure). */
export function toRecord(mv: string, id: number, text: Buffer, where: string): MirrorRecord {
  const one = (version: string) => {
    const lines = recordLines(text, TOOLCHAIN_MODULE, version);
    const m = lines.length === 1 ? new RegExp(`^\\S+ \\S+ ${H1}$`).exec(lines[0]!) : null;
    return m?.[1];
  };
  const h1 = one(mv);
  if (!h1) throw checksumError(`${where}: the record for ${TOOLCHAIN_MODULE}@${mv} holds no (or more than one) h1 line for it`);
  return { mv, id, text, h1, modH1: one(`${mv}/go.mod`) };
}

/** A signed tree note, checked: signature by the verifier, then the tree text. */
export function signedTree(note: string, verifier: Verifier, what: string): Tree {
  try {
    return parseTree(openNote(note, [verifier]).text);
  } catch (err) {
    throw checksumError(`${what} is not a tree note signed by ${verifier.name}: ${(err as Error).message}`);
  }
}

export type ReadTile = (t: Tile) => Promise<Uint8Array>;

/** A tile from the first place that has it at exactly this path (local generation, then upstream). Memoized per run. */
export function tileSources(sources: Array<(t: Tile) => Promise<Uint8Array | undefined>>, what: string): ReadTile {
  const memo = new Map<string, Promise<Uint8Array>>();
  return (t) => {
    const key = tilePath(t);
    let p = memo.get(key);
    if (!p) {
      p = (async () => {
        for (const s of sources) {
          const d = await s(t);
          if (d !== undefined) return d;
        }
        throw checksumError(`${what} has no ${key}`);
      })();
      memo.set(key, p);
    }
    return p;
  };
}

/** Tiles of a database directory on disk (proxy/<gen>/<name>; exact path; a missing one is undefined). */
export function localTiles(dbDir: string | undefined): (t: Tile) => Promise<Uint8Array | undefined> {
  return async (t) => {
    if (!dbDir) return undefined;
    try {
      return readFileSync(path.join(dbDir, tilePath(t)));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
      throw err;
    }
  };
}

/** Tiles from an upstream database (a partial tile it lacks is cut from the full one, as clients do). */
export function upstreamTiles(base: string, fetch: Fetch): (t: Tile) => Promise<Uint8Array> {
  const r = fetchTiles(base, fetch);
  return async (t) => (await r.readTiles([t]))[0]!;
}

/** A TileReader over `read` that keeps every tile the proofs authenticated, under the path a client asks for. */
function recording(read: ReadTile, kept: Map<string, Uint8Array>): TileReader {
  return {
    height: 8,
    readTiles: (tiles) => Promise.all(tiles.map(read)),
    saveTiles: (tiles, data) => {
      for (const [i, t] of tiles.entries()) kept.set(tilePath(t), data[i]!);
    },
  };
}

/**
 * Proves every record in `final` and every earlier note consistent with it, through `read`;
 * returns the tiles used (exactly what clients will ask for). A record not in the tree is a
 * CHECKSUM error; an earlier note that is not a prefix is a SECURITY error naming both notes.
 */
export async function prove(
  final: { tree: Tree; note: string },
  records: readonly MirrorRecord[],
  earlier: ReadonlyArray<{ tree: Tree; note: string }>,
  read: ReadTile,
  name: string,
): Promise<Map<string, Uint8Array>> {
  const kept = new Map<string, Uint8Array>();
  const tr = recording(read, kept);
  for (const r of records) {
    try {
      await verifyRecord(final.tree, r.id, r.text, tr);
    } catch (err) {
      if (!(err instanceof TlogError)) throw err;
      throw checksumError(
        `the record of ${TOOLCHAIN_MODULE}@${r.mv} (#${r.id}) is not in tree #${final.tree.N} of ${name}: ${err.message}`,
      );
    }
  }
  for (const e of earlier) {
    try {
      if (e.tree.N < final.tree.N) await verifyTreePrefix(final.tree, e.tree, tr);
      else if (e.tree.N > final.tree.N || !hashEqual(e.tree.root, final.tree.root))
        throw new TlogError(e.tree.N > final.tree.N ? `tree #${e.tree.N} is newer than #${final.tree.N}` : 'same size, different roots');
    } catch (err) {
      if (!(err instanceof TlogError) && !(err instanceof GoswError)) throw err;
      throw new GoswError(
        'SECURITY',
        `SECURITY ERROR: the checksum database ${name} showed two trees that cannot both be true (${(err as Error).message}); the mirror was not changed.\nearlier:\n${e.note}\nnow:\n${final.note}`,
        { hint: 'server misbehavior (or an attack on the upstream): do not trust it until it is explained' },
      );
    }
  }
  return kept;
}

/** The generation proxy/sumdb points at (a directory name under proxy/), if any. */
export function currentGeneration(dir: string): string | undefined {
  try {
    const target = readlinkSync(path.join(dir, SUMDB_LINK));
    return /^sumdb\.\d+-[0-9a-f]+$/.test(target) ? target : undefined;
  } catch {
    return undefined;
  }
}

/** The records in a generation's (proxy/<gen>) lookups for these module versions (unreadable or malformed ones are left out: fetched again). */
export function readRecords(genDir: string | undefined, name: string, mvs: readonly string[]): Map<string, MirrorRecord> {
  const out = new Map<string, MirrorRecord>();
  if (!genDir) return out;
  for (const mv of mvs) {
    try {
      const rec = parseRecord(readFileSync(path.join(genDir, lookupPath(name, mv))));
      out.set(mv, toRecord(mv, rec.id, rec.text, 'the mirror'));
    } catch {
      // missing or damaged: the sync fetches it again from upstream
    }
  }
  return out;
}

/**
 * Writes a new generation (supported, latest, a lookup per record carrying the final note, the
 * tiles) beside the current one; nothing served changes until `swap`.
 */
export function writeGeneration(
  dir: string,
  name: string,
  finalNote: string,
  N: number,
  records: readonly MirrorRecord[],
  tiles: ReadonlyMap<string, Uint8Array>,
): string {
  const gen = `sumdb.${N}-${randomBytes(4).toString('hex')}`;
  const at = (rel: string) => `proxy/${gen}/${name}/${rel}`;
  put(dir, at('supported'), '');
  for (const [p, data] of tiles) put(dir, at(p), data);
  for (const r of records)
    put(dir, at(lookupPath(name, r.mv).slice(name.length + 1)), Buffer.concat([formatRecord(r.id, r.text), Buffer.from(finalNote)]));
  put(dir, at('latest'), finalNote);
  return gen;
}

/**
 * Points proxy/sumdb at `gen` with one rename of a symlink (atomic: a reader resolves the old
 * generation or the new, never a missing or half-built one; kill -9 before it leaves the old),
 * then removes the generations nothing points at.
 */
export function swap(dir: string, gen: string): void {
  const link = path.join(dir, SUMDB_LINK);
  // A tree copied with links resolved (rsync -L) has a plain directory here: set it aside first
  // (the only non-atomic step, once per such copy), and from then on swap the link.
  if (lstatOrUndefined(link)?.isDirectory()) renameSync(link, path.join(dir, 'proxy', `sumdb.0-${randomBytes(4).toString('hex')}`));
  const tmp = `${link}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  symlinkSync(gen, tmp);
  try {
    renameSync(tmp, link);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  removeStaleGenerations(dir);
}

function lstatOrUndefined(p: string) {
  try {
    return lstatSync(p);
  } catch {
    return undefined;
  }
}

/** Generations other than the current one: a killed sync's half-built one, or the one just replaced. */
export function removeStaleGenerations(dir: string): void {
  const keep = currentGeneration(dir);
  for (const g of generations(dir)) if (g !== keep) rmSync(path.join(dir, 'proxy', g), { recursive: true, force: true });
}
