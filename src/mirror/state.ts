import path from 'node:path';
import { GoswError } from '../errors.js';
import { readdirOrEmpty } from '../fsx.js';
import type { Tree, Verifier } from '../sumdb/note.js';
import { formatRecord } from '../sumdb/record.js';
import { parseTilePath } from '../sumdb/tlog.js';
import { currentGeneration, localTiles, type MirrorRecord, prove, type ReadTile, signedTree, swap, writeGeneration } from './sumdb.js';
import { lookupPath, type Manifest, readOrUndefined, SUMDB_LINK } from './tree.js';

/**
 * The sumdb generation a sync (or prune) leaves: decided from the records and the final note,
 * compared with what is served, written and swapped in only when it differs.
 */

export interface Note {
  note: string;
  tree: Tree;
}

/** How many earlier syncs' trees a client may have cached and still advance from (consistency tiles kept for each). */
const HISTORY = 16;

/** The notes clients may have seen from this mirror: the served `latest` first, then the manifest's history; unverifiable ones are dropped. */
export function previousNotes(dir: string, prev: Manifest | undefined, name: string, verifier: Verifier): Note[] {
  const texts: string[] = [];
  const served = readOrUndefined(path.join(dir, SUMDB_LINK, name, 'latest'));
  if (served) texts.push(served.toString('utf8'));
  if (prev?.sumdb?.name === name) texts.push(...prev.sumdb.history);
  const out: Note[] = [];
  for (const note of texts) {
    try {
      const tree = signedTree(note, verifier, 'an earlier note');
      if (!out.some((n) => n.tree.N === tree.N)) out.push({ note, tree });
    } catch {
      // a damaged or foreign note in our own tree: nothing a client could have verified either
    }
  }
  return out.slice(0, HISTORY);
}

export type SumdbState = Omit<NonNullable<Manifest['sumdb']>, 'key'>;

/**
 * Proves, then (if anything differs from what is served) writes and swaps in a generation holding
 * the records at `final` and exactly the tiles of the proofs, plus the previous generation's tiles.
 * Proofs read `read` (our tiles, then upstream's), and on failure `fallback` (upstream's only).
 * `upstream` notes are only checked to be on the same timeline; `beforeSwap` runs after the proofs
 * and before the swap (the module files go in place then).
 */
export async function buildSumdb(
  dir: string,
  name: string,
  verifier: Verifier,
  final: Note,
  records: readonly MirrorRecord[],
  seen: readonly Note[],
  read: ReadTile,
  fallback: ReadTile | undefined,
  prev: Manifest | undefined,
  beforeSwap: () => Promise<void>,
): Promise<SumdbState> {
  void verifier;
  const history = seen.filter((n) => n.tree.N !== final.tree.N || n.note !== final.note);
  const earlier = previousNotesOnly(dir, prev, name, history);
  // Every note seen (upstream answers, earlier syncs) must be on final's timeline; only the earlier
  // syncs' consistency tiles are kept (clients of this mirror only ever saw those).
  const proofs = async (r: ReadTile) => {
    await prove(final, [], history, r, name);
    return prove(final, records, earlier, r, name);
  };
  let tiles: Map<string, Uint8Array>;
  try {
    tiles = await proofs(read);
  } catch (err) {
    // A damaged tile in our own tree is repaired from upstream: only upstream's verdict counts.
    if (!fallback || !(err instanceof GoswError)) throw err;
    tiles = await proofs(fallback);
  }

  const gen = currentGeneration(dir);
  const dbDir = gen ? path.join(dir, 'proxy', gen, name) : undefined;
  const carried = new Map<string, Uint8Array>();
  if (prev?.sumdb?.name === name) {
    const old = localTiles(dbDir);
    for (const p of prev.sumdb.tiles) {
      if (tiles.has(p)) continue;
      const data = await old(parseTilePath(p)).catch(() => undefined);
      if (data) carried.set(p, data);
    }
  }
  await beforeSwap();
  const same = dbDir !== undefined && sameGeneration(dbDir, name, final.note, records, tiles);
  let generation = gen!;
  if (!same) {
    generation = writeGeneration(dir, name, final.note, final.tree.N, records, new Map([...carried, ...tiles]));
    swap(dir, generation);
  }
  return {
    name,
    N: final.tree.N,
    root: Buffer.from(final.tree.root).toString('base64'),
    generation,
    history: earlier.map((n) => n.note),
    tiles: [...tiles.keys()].sort(),
    carried: same ? (prev?.sumdb?.carried ?? []) : [...carried.keys()].sort(),
  };
}

/** Of the notes checked, those a client of this mirror may hold: the earlier syncs' (not upstream's own answers). */
function previousNotesOnly(dir: string, prev: Manifest | undefined, name: string, checked: readonly Note[]): Note[] {
  const mine = new Set<string>();
  const served = readOrUndefined(path.join(dir, SUMDB_LINK, name, 'latest'));
  if (served) mine.add(served.toString('utf8'));
  if (prev?.sumdb?.name === name) for (const h of prev.sumdb.history) mine.add(h);
  return checked.filter((n) => mine.has(n.note)).slice(0, HISTORY);
}

/** Whether the served generation already holds exactly this (a re-sync with nothing new writes nothing). */
function sameGeneration(
  dbDir: string,
  name: string,
  note: string,
  records: readonly MirrorRecord[],
  tiles: ReadonlyMap<string, Uint8Array>,
): boolean {
  const eq = (rel: string, want: Uint8Array | string) => {
    const got = readOrUndefined(path.join(dbDir, rel));
    return got !== undefined && Buffer.compare(got, Buffer.from(want)) === 0;
  };
  if (!eq('latest', note) || !eq('supported', '')) return false;
  if (readdirOrEmpty(path.join(dbDir, 'lookup', 'golang.org')).length !== records.length) return false;
  for (const r of records) {
    if (!eq(lookupPath(name, r.mv).slice(name.length + 1), Buffer.concat([formatRecord(r.id, r.text), Buffer.from(note)]))) return false;
  }
  for (const [p, data] of tiles) if (!eq(p, data)) return false;
  return true;
}
