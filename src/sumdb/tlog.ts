/**
 * A tamper-evident log: a port of golang.org/x/mod/sumdb/tlog (tlog.go, tile.go), RFC 6962 Merkle
 * trees stored as tiles, as sum.golang.org serves them. Pure: node:crypto, no I/O (tiles come from a
 * TileReader). Indexes and sizes are JS numbers, checked to be safe integers (sum.golang.org has
 * ~10^8 records; 2^53 is far off), and every power of two is computed with `2 **` and divisions,
 * never the 32-bit `<<`/`>>`.
 *
 * One deliberate difference from x/mod (as of v0.x, tile.go tileHashReader.ReadHashes): Go
 * authenticates the fetched child tiles from position len(stx) on, the number of *subtree
 * indexes*, not the number of distinct tiles they occupy; when two of those indexes share a tile,
 * a child tile escapes authentication (checked with x/mod v0.7.0 and go1.19: an all-zero tile
 * tile/8/0/000 is accepted for a tree of 700 records, so a forged record would pass; golang/mod
 * HEAD has the same loop). Here every tile after the distinct tree-hash tiles is checked against
 * its parent (test "zeroing any stored hash…", which fails with Go's loop bound).
 */
import { createHash } from 'node:crypto';
import { decodeBase64Std, type Tree } from './note.js';

export type { Tree } from './note.js';
export type Hash = Uint8Array;
export const HASH_SIZE = 32;

export class TlogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlogError';
  }
}

const p2 = (k: number): number => 2 ** k;
const shr = (x: number, k: number): number => Math.floor(x / 2 ** k);
const sha = (...parts: Uint8Array[]): Hash => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
export const hashEqual = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
export const hashString = (h: Hash): string => Buffer.from(h).toString('base64');

function need(ok: boolean, what: string): void {
  if (!ok) throw new TlogError(`tlog: invalid inputs in ${what}`);
}
const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/** ParseHash: base64 of exactly 32 bytes. */
export function parseHash(s: string): Hash {
  const b = decodeBase64Std(s);
  if (b === null || b.length !== HASH_SIZE) throw new TlogError('malformed hash');
  return new Uint8Array(b);
}

/** RecordHash: SHA-256(0x00 ‖ data) (RFC 6962 2.1). */
export const recordHash = (data: Uint8Array | string): Hash =>
  sha(Uint8Array.of(0), typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

/** NodeHash: SHA-256(0x01 ‖ left ‖ right). */
export const nodeHash = (left: Hash, right: Hash): Hash => sha(Uint8Array.of(1), left, right);

/** The hash of the empty tree, SHA-256("") (RFC 6962 2.1; tlog.go emptyHash). */
export const EMPTY_TREE_HASH: Hash = sha();

/** maxpow2: the largest power of two k < n (n ≥ 2), and log₂ k. */
function maxpow2(n: number): [number, number] {
  let l = 0;
  while (p2(l + 1) < n) l++;
  return [p2(l), l];
}

/** StoredHashIndex: the position of hash (level, n) in the dense storage order (Crosby–Wallach 3.3). */
export function storedHashIndex(level: number, n: number): number {
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  let i = 0;
  for (; n > 0; n = Math.floor(n / 2)) i += n;
  return i + level;
}

const trailingZeros = (x: number): number => {
  let z = 0;
  for (; x > 0 && x % 2 === 0; x /= 2) z++;
  return z;
};

/** SplitStoredHashIndex: the inverse of storedHashIndex. */
export function splitStoredHashIndex(index: number): [number, number] {
  let n = Math.floor(index / 2);
  let indexN = storedHashIndex(0, n);
  for (;;) {
    const x = indexN + 1 + trailingZeros(n + 1); // record n adds 1 + trailingZeros(n+1) hashes
    if (x > index) break;
    n++;
    indexN = x;
  }
  const level = index - indexN;
  return [level, shr(n, level)];
}

/** StoredHashCount: how many hashes a tree of n records stores. */
export function storedHashCount(n: number): number {
  if (n === 0) return 0;
  let num = storedHashIndex(0, n - 1) + 1;
  for (let i = n - 1; i % 2 === 1; i = Math.floor(i / 2)) num++;
  return num;
}

/** A HashReader reads stored hashes by storedHashIndex; it must return exactly one hash per index. */
export interface HashReader {
  readHashes(indexes: readonly number[]): Promise<Hash[]>;
}

/** A HashReader over an in-memory array of stored hashes (what a log server keeps). */
export const memoryHashReader = (stored: readonly Hash[]): HashReader => ({
  readHashes: async (indexes) =>
    indexes.map((x) => {
      const h = stored[x];
      if (h === undefined) throw new TlogError(`tlog: no stored hash ${x}`);
      return h;
    }),
});

async function readExactly(r: HashReader, indexes: number[]): Promise<Hash[]> {
  const hashes = await r.readHashes(indexes);
  if (hashes.length !== indexes.length) throw new TlogError(`tlog: ReadHashes(${indexes.length} indexes) = ${hashes.length} hashes`);
  return hashes;
}

/** StoredHashes: the hashes to append when writing record n with the given data. */
export async function storedHashes(n: number, data: Uint8Array | string, r: HashReader): Promise<Hash[]> {
  return storedHashesForRecordHash(n, recordHash(data), r);
}

/** StoredHashesForRecordHash: each trailing 1 bit of n completes a subtree. */
export async function storedHashesForRecordHash(n: number, h: Hash, r: HashReader): Promise<Hash[]> {
  need(isCount(n), 'StoredHashes');
  const m = trailingZeros(n + 1);
  const indexes = new Array<number>(m);
  for (let i = 0; i < m; i++) indexes[m - 1 - i] = storedHashIndex(i, shr(n, i) - 1);
  const old = await readExactly(r, indexes);
  const out = [h];
  for (let i = 0; i < m; i++) out.push((h = nodeHash(old[m - 1 - i]!, h)));
  return out;
}

/** subTreeIndex: the stored hashes covering records [lo, hi): maximal aligned subtrees, left to right. */
function subTreeIndex(lo: number, hi: number, out: number[]): number[] {
  while (lo < hi) {
    const [k, level] = maxpow2(hi - lo + 1);
    if (lo % k !== 0) throw new TlogError('tlog: bad math in subTreeIndex');
    out.push(storedHashIndex(level, shr(lo, level)));
    lo += k;
  }
  return out;
}

/** A cursor over hashes read for a list of indexes (replaces Go's "leftover hashes" slices). */
type Cursor = { hashes: Hash[]; i: number };

/** subTreeHash: fold the subtree hashes for [lo, hi) right to left. */
function subTreeHash(lo: number, hi: number, c: Cursor): Hash {
  let num = 0;
  for (; lo < hi; num++) lo += maxpow2(hi - lo + 1)[0];
  if (num === 0 || c.hashes.length - c.i < num) throw new TlogError('tlog: bad index math in subTreeHash');
  const part = c.hashes.slice(c.i, c.i + num);
  c.i += num;
  let h = part[num - 1]!;
  for (let i = num - 2; i >= 0; i--) h = nodeHash(part[i]!, h);
  return h;
}

/** TreeHash: the root of the tree of n records. */
export async function treeHash(n: number, r: HashReader): Promise<Hash> {
  need(isCount(n), 'TreeHash');
  if (n === 0) return EMPTY_TREE_HASH;
  const c = { hashes: await readExactly(r, subTreeIndex(0, n, [])), i: 0 };
  return subTreeHash(0, n, c);
}

function leafProofIndex(lo: number, hi: number, n: number, out: number[]): number[] {
  if (lo + 1 === hi) return out;
  const [k] = maxpow2(hi - lo);
  if (n < lo + k) return subTreeIndex(lo + k, hi, leafProofIndex(lo, lo + k, n, out));
  return leafProofIndex(lo + k, hi, n, subTreeIndex(lo, lo + k, out));
}

function leafProof(lo: number, hi: number, n: number, c: Cursor): Hash[] {
  if (lo + 1 === hi) return [];
  const [k] = maxpow2(hi - lo);
  if (n < lo + k) {
    const p = leafProof(lo, lo + k, n, c);
    return [...p, subTreeHash(lo + k, hi, c)];
  }
  const th = subTreeHash(lo, lo + k, c);
  return [...leafProof(lo + k, hi, n, c), th];
}

/** ProveRecord: the RFC 6962 audit path for record n in the tree of size t. */
export async function proveRecord(t: number, n: number, r: HashReader): Promise<Hash[]> {
  need(isCount(t) && isCount(n) && n < t, 'ProveRecord');
  const indexes = leafProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  return leafProof(0, t, n, { hashes: await readExactly(r, indexes), i: 0 });
}

const proofFailed = () => new TlogError('invalid transparency proof');

function runRecordProof(p: readonly Hash[], lo: number, hi: number, n: number, leaf: Hash): Hash {
  if (lo + 1 === hi) {
    if (p.length !== 0) throw proofFailed(); // no unneeded hashes
    return leaf;
  }
  if (p.length === 0) throw proofFailed();
  const [k] = maxpow2(hi - lo);
  const last = p[p.length - 1]!;
  const rest = p.slice(0, -1);
  if (n < lo + k) return nodeHash(runRecordProof(rest, lo, lo + k, n, leaf), last);
  return nodeHash(last, runRecordProof(rest, lo + k, hi, n, leaf));
}

/** CheckRecord: throws unless p proves that the tree (t, th) has record hash h at index n. */
export function checkRecord(p: readonly Hash[], t: number, th: Hash, n: number, h: Hash): void {
  need(isCount(t) && isCount(n) && n < t, 'CheckRecord');
  if (!hashEqual(runRecordProof(p, 0, t, n, h), th)) throw proofFailed();
}

function treeProofIndex(lo: number, hi: number, n: number, out: number[]): number[] {
  if (n === hi) return lo === 0 ? out : subTreeIndex(lo, hi, out);
  const [k] = maxpow2(hi - lo);
  if (n <= lo + k) return subTreeIndex(lo + k, hi, treeProofIndex(lo, lo + k, n, out));
  return treeProofIndex(lo + k, hi, n, subTreeIndex(lo, lo + k, out));
}

function treeProof(lo: number, hi: number, n: number, c: Cursor): Hash[] {
  if (n === hi) return lo === 0 ? [] : [subTreeHash(lo, hi, c)];
  const [k] = maxpow2(hi - lo);
  if (n <= lo + k) {
    const p = treeProof(lo, lo + k, n, c);
    return [...p, subTreeHash(lo + k, hi, c)];
  }
  const th = subTreeHash(lo, lo + k, c);
  return [...treeProof(lo + k, hi, n, c), th];
}

/** ProveTree: the RFC 6962 consistency proof that tree t contains tree n (1 ≤ n ≤ t) as a prefix. */
export async function proveTree(t: number, n: number, r: HashReader): Promise<Hash[]> {
  need(isCount(t) && isCount(n) && n >= 1 && n <= t, 'ProveTree');
  const indexes = treeProofIndex(0, t, n, []);
  if (indexes.length === 0) return [];
  return treeProof(0, t, n, { hashes: await readExactly(r, indexes), i: 0 });
}

/** runTreeProof: the implied [old, new] hashes of subtree [lo, hi). */
function runTreeProof(p: readonly Hash[], lo: number, hi: number, n: number, old: Hash): [Hash, Hash] {
  if (n === hi) {
    if (lo === 0) {
      if (p.length !== 0) throw proofFailed();
      return [old, old];
    }
    if (p.length !== 1) throw proofFailed();
    return [p[0]!, p[0]!];
  }
  if (p.length === 0) throw proofFailed();
  const [k] = maxpow2(hi - lo);
  const last = p[p.length - 1]!;
  const rest = p.slice(0, -1);
  if (n <= lo + k) {
    const [oh, th] = runTreeProof(rest, lo, lo + k, n, old);
    return [oh, nodeHash(th, last)];
  }
  const [oh, th] = runTreeProof(rest, lo + k, hi, n, old);
  return [nodeHash(last, oh), nodeHash(last, th)];
}

/** CheckTree: throws unless p proves that tree (t, th) contains tree (n, h) as a prefix. */
export function checkTree(p: readonly Hash[], t: number, th: Hash, n: number, h: Hash): void {
  need(isCount(t) && isCount(n) && n >= 1 && n <= t, 'CheckTree');
  const [h2, th2] = runTreeProof(p, 0, t, n, h);
  if (!hashEqual(th2, th) || !hashEqual(h2, h)) throw proofFailed();
}

// ---- Tiles (tile.go) ----

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
