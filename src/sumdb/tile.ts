/**
 * Tiles: a port of golang.org/x/mod/sumdb/tlog tile.go. A tree's stored hashes are served in
 * tiles of height 8 (`tile/8/L/NNN[.p/W]`); here are their paths, which tile holds a hash, and the
 * reader that authenticates every tile it fetched before any hash from it is used or saved.
 *
 * One deliberate difference from x/mod (as of v0.x, tile.go tileHashReader.ReadHashes): Go
 * authenticates the fetched child tiles from position len(stx) on, the number of *subtree
 * indexes*, not the number of distinct tiles they occupy; when two of those indexes share a tile,
 * a child tile escapes authentication (checked with x/mod v0.7.0 and go1.19: an all-zero tile
 * tile/8/0/000 is accepted for a tree of 700 records, so a forged record would pass; golang/mod
 * HEAD has the same loop). Here every tile after the distinct tree-hash tiles is checked against
 * its parent (test "zeroing any stored hash…", which fails with Go's loop bound).
 */
import type { Tree } from './note.js';
import {
  HASH_SIZE,
  type Hash,
  type HashReader,
  hashEqual,
  isCount,
  need,
  nodeHash,
  p2,
  readExactly,
  recordHash,
  shr,
  splitStoredHashIndex,
  storedHashIndex,
  subTreeIndex,
  TlogError,
  treeHash,
} from './merkle.js';

/**
 * A tile of height H at level L, number N, lists W consecutive hashes at tree level H·L starting at
 * N·2^H (W = 2^H: complete; fewer: partial). L = -1 is a data tile (raw records), path element "data".
 */
export interface Tile {
  H: number;
  L: number;
  N: number;
  W: number;
}

const tileKey = (t: Tile): string => `${t.H}/${t.L}/${t.N}/${t.W}`;

/** tileForIndex: the least-width tile of height h holding stored hash `index`, and that hash's byte range in it. */
function tileForIndexRange(h: number, index: number): [Tile, number, number] {
  let [level, n] = splitStoredHashIndex(index);
  const L = Math.floor(level / h);
  level -= L * h; // level within the tile
  const N = shr(n * p2(level), h);
  n -= (N * p2(h)) / p2(level); // n within the tile at that level
  return [{ H: h, L, N, W: (n + 1) * p2(level) }, n * p2(level) * HASH_SIZE, (n + 1) * p2(level) * HASH_SIZE];
}

/** TileForIndex: the tile of height h ≥ 1 and least width storing the given stored hash index. */
export function tileForIndex(h: number, index: number): Tile {
  need(Number.isInteger(h) && h >= 1 && h <= 30 && isCount(index), 'TileForIndex');
  return tileForIndexRange(h, index)[0];
}

/** tileHash: the subtree hash over the 2^k hashes in data. */
function tileHash(data: Uint8Array): Hash {
  if (data.length === 0) throw new TlogError('tlog: bad math in tileHash');
  if (data.length === HASH_SIZE) return new Uint8Array(data); // a copy, never a view of the tile
  const half = data.length / 2;
  return nodeHash(tileHash(data.subarray(0, half)), tileHash(data.subarray(half)));
}

/** HashFromTile: the stored hash `index`, computed from t's data (t must be its tile or a wider one). */
export function hashFromTile(t: Tile, data: Uint8Array, index: number): Hash {
  if (t.H < 1 || t.H > 30 || t.L < 0 || t.L >= 64 || t.W < 1 || t.W > p2(t.H)) throw new TlogError(`invalid tile ${tilePath(t)}`);
  if (data.length < t.W * HASH_SIZE) throw new TlogError(`data len ${data.length} too short for tile ${tilePath(t)}`);
  const [t1, start, end] = tileForIndexRange(t.H, index);
  if (t.L !== t1.L || t.N !== t1.N || t.W < t1.W) throw new TlogError(`index ${index} is in ${tilePath(t1)} not ${tilePath(t)}`);
  return tileHash(data.subarray(start, end));
}

/** NewTiles (x/mod after 87140ec): the tiles to publish when the tree grows from oldN to newN records. */
export function newTiles(h: number, oldN: number, newN: number): Tile[] {
  need(Number.isInteger(h) && h >= 1 && isCount(oldN) && isCount(newN), 'NewTiles');
  const tiles: Tile[] = [];
  for (let level = 0; shr(newN, h * level) > 0; level++) {
    const o = shr(oldN, h * level);
    const n = shr(newN, h * level);
    if (o === n) continue;
    for (let k = shr(o, h); k < shr(n, h); k++) tiles.push({ H: h, L: level, N: k, W: p2(h) });
    const last = shr(n, h);
    const w = n - last * p2(h);
    if (w > 0) tiles.push({ H: h, L: level, N: last, W: w });
  }
  return tiles;
}

/** ReadTileData: a tile's bytes from stored hashes (the server side, and tests). */
export async function readTileData(t: Tile, r: HashReader): Promise<Uint8Array> {
  const size = t.W === 0 ? p2(t.H) : t.W;
  const start = t.N * p2(t.H);
  const indexes = Array.from({ length: size }, (_, i) => storedHashIndex(t.H * t.L, start + i));
  return Buffer.concat(await readExactly(r, indexes));
}

/** Tile.Path: tile/H/L/NNN[.p/W], N in 3-digit groups, all but the last prefixed "x" (1234067 → x001/x234/067). */
export function tilePath(t: Tile): string {
  let n = t.N;
  let s = String(n % 1000).padStart(3, '0');
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    s = `x${String(n % 1000).padStart(3, '0')}/${s}`;
  }
  const p = t.W !== p2(t.H) ? `.p/${t.W}` : '';
  return `tile/${t.H}/${t.L === -1 ? 'data' : t.L}/${s}${p}`;
}

/** strconv.Atoi for the small values a tile path holds (optional sign, decimal digits). */
const atoi = (s: string): number => (/^[+-]?[0-9]+$/.test(s) ? Number(s) : Number.NaN);

/** ParseTilePath: the inverse of tilePath; only the canonical spelling is accepted. */
export function parseTilePath(path: string): Tile {
  const bad = () => new TlogError(`malformed tile path ${JSON.stringify(path)}`);
  let f = path.split('/');
  if (f.length < 4 || f[0] !== 'tile') throw bad();
  const h = atoi(f[1]!);
  const isData = f[2] === 'data';
  let l = isData ? 0 : atoi(f[2]!);
  if (!Number.isSafeInteger(h) || !Number.isSafeInteger(l) || h < 1 || l < 0 || h > 30) throw bad();
  let w = p2(h);
  const dotP = f[f.length - 2]!;
  if (dotP.endsWith('.p')) {
    const ww = atoi(f[f.length - 1]!);
    if (!Number.isSafeInteger(ww) || ww <= 0 || ww >= w) throw bad();
    w = ww;
    f[f.length - 2] = dotP.slice(0, -2);
    f = f.slice(0, -1);
  }
  let n = 0;
  for (const s of f.slice(3)) {
    const nn = atoi(s.startsWith('x') ? s.slice(1) : s);
    if (!Number.isSafeInteger(nn) || nn < 0 || nn >= 1000) throw bad();
    n = n * 1000 + nn;
  }
  if (isData) l = -1;
  const t = { H: h, L: l, N: n, W: w };
  if (!Number.isSafeInteger(n) || path !== tilePath(t)) throw bad();
  return t;
}

/**
 * A TileReader fetches tiles of one height. readTiles must return one buffer per tile; its data is
 * suspect until saveTiles is called, which tileHashReader does only after authenticating every
 * tile against the signed tree hash (so only verified tiles may be persisted).
 */
export interface TileReader {
  readonly height: number;
  readTiles(tiles: readonly Tile[]): Promise<Uint8Array[]>;
  saveTiles(tiles: readonly Tile[], data: readonly Uint8Array[]): void | Promise<void>;
}

/** tileParent: t's k'th parent in the tiles of a tree of size n, or null if there is none. */
function tileParent(t: Tile, k: number, n: number): Tile | null {
  const L = t.L + k;
  const N = shr(t.N, k * t.H);
  let W = p2(t.H);
  const max = shr(n, L * t.H);
  if (N * p2(t.H) + W >= max) {
    if (N * p2(t.H) >= max) return null;
    W = max - N * p2(t.H);
  }
  return { H: t.H, L, N, W };
}

/**
 * TileHashReader: a HashReader for the tree (N, root) that reads tiles from tr and returns a hash
 * only after authenticating every tile it read: the right-edge tiles by recomputing the root,
 * every other tile against its (already authenticated) parent. Tiles of the wrong length fail.
 */
export function tileHashReader(tree: Tree, tr: TileReader): HashReader {
  return {
    async readHashes(indexes) {
      const h = tr.height;
      need(Number.isInteger(h) && h >= 1 && h <= 30 && isCount(tree.N), 'TileHashReader');
      const order = new Map<string, number>();
      const tiles: Tile[] = [];
      const add = (t: Tile): number => {
        order.set(tileKey(t), tiles.length);
        return tiles.push(t) - 1;
      };
      // The tiles that recompute the tree hash: if it matches, they are authentic.
      const stx = subTreeIndex(0, tree.N, []);
      const stxTile = stx.map((x) => {
        const t = tileParent(tileForIndexRange(h, x)[0], 0, tree.N)!;
        return order.get(tileKey(t)) ?? add(t);
      });
      const numStxTiles = tiles.length;
      // The tiles holding the indexes, each after the parents that authenticate it.
      const end = storedHashIndex(0, tree.N);
      const indexTile = indexes.map((x) => {
        if (!isCount(x) || x >= end) throw new TlogError('indexes not in tree');
        const t = tileForIndexRange(h, x)[0];
        let k = 0;
        for (; ; k++) {
          const p = tileParent(t, k, tree.N);
          if (p === null) throw new TlogError(`bad math in tileHashReader: ${tree.N} ${x}`);
          if (order.has(tileKey(p))) break;
        }
        for (k--; k >= 0; k--) {
          const p = tileParent(t, k, tree.N)!;
          if (p.W !== p2(p.H)) throw new TlogError(`bad math in tileHashReader: ${tree.N} ${x} ${tilePath(p)}`);
          add(p);
        }
        return order.get(tileKey(tileParent(t, 0, tree.N)!))!;
      });

      const data = await tr.readTiles(tiles);
      if (data.length !== tiles.length)
        throw new TlogError(`TileReader returned bad result slice (len=${data.length}, want ${tiles.length})`);
      tiles.forEach((t, i) => {
        if (data[i]!.length !== t.W * HASH_SIZE) {
          throw new TlogError(`TileReader returned bad result slice (${tilePath(t)} len=${data[i]!.length}, want ${t.W * HASH_SIZE})`);
        }
      });

      if (stx.length > 0) {
        const at = (i: number) => hashFromTile(tiles[stxTile[i]!]!, data[stxTile[i]!]!, stx[i]!);
        let th = at(stx.length - 1);
        for (let i = stx.length - 2; i >= 0; i--) th = nodeHash(at(i), th);
        if (!hashEqual(th, tree.root)) throw new TlogError('downloaded inconsistent tile');
      }
      // Every other tile is complete and checked against its parent, which comes earlier.
      for (let i = numStxTiles; i < tiles.length; i++) {
        const t = tiles[i]!;
        const p = tileParent(t, 1, tree.N);
        const j = p === null ? undefined : order.get(tileKey(p));
        if (p === null || j === undefined || j >= i)
          throw new TlogError(`bad math in tileHashReader ${tree.N}: lost parent of ${tilePath(t)}`);
        if (!hashEqual(hashFromTile(p, data[j]!, storedHashIndex(p.L * p.H, t.N)), tileHash(data[i]!))) {
          throw new TlogError('downloaded inconsistent tile');
        }
      }
      await tr.saveTiles(tiles, data);
      return indexes.map((x, i) => hashFromTile(tiles[indexTile[i]!]!, data[indexTile[i]!]!, x));
    },
  };
}

/** client.go checkRecord: record `id` of the tree has exactly this text (fails for id ≥ N). */
export async function verifyRecord(tree: Tree, id: number, text: Uint8Array | string, tr: TileReader): Promise<void> {
  if (!isCount(id) || id >= tree.N) throw new TlogError(`cannot validate record ${id} in tree of size ${tree.N}`);
  const [h] = await tileHashReader(tree, tr).readHashes([storedHashIndex(0, id)]);
  if (!hashEqual(h!, recordHash(text))) throw new TlogError('cannot authenticate record data in server response');
}

/**
 * client.go checkTrees: `older` is a prefix of `newer` (older.N ≤ newer.N), recomputing older's
 * root from tiles authenticated against newer's. A mismatch is a fork: the caller must stop.
 */
export async function verifyTreePrefix(newer: Tree, older: Tree, tr: TileReader): Promise<void> {
  need(isCount(older.N) && older.N <= newer.N, 'checkTrees');
  const h = await treeHash(older.N, tileHashReader(newer, tr));
  if (!hashEqual(h, older.root)) throw new TlogError(`tree#${older.N} is not a prefix of tree#${newer.N}: server misbehavior detected`);
}
