/**
 * A tamper-evident log: a port of golang.org/x/mod/sumdb/tlog (tlog.go), RFC 6962 Merkle trees:
 * record and node hashes, stored-hash indexes, tree hashes, inclusion and consistency proofs. The
 * tiles they are stored in, as sum.golang.org serves them, are `./tile.ts`; `./tlog.ts` is the
 * one import for both (x/mod's package tlog). Pure: node:crypto, no I/O. Indexes and sizes are
 * JS numbers, checked to be safe integers (sum.golang.org has ~10^8 records; 2^53 is far off), and
 * every power of two is computed with `2 **` and divisions, never the 32-bit `<<`/`>>`.
 */
import { createHash } from 'node:crypto';
import { decodeBase64Std } from './note.js';

export type { Tree } from './note.js';
export type Hash = Uint8Array;
export const HASH_SIZE = 32;

export class TlogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlogError';
  }
}

export const p2 = (k: number): number => 2 ** k;
export const shr = (x: number, k: number): number => Math.floor(x / 2 ** k);
const sha = (...parts: Uint8Array[]): Hash => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
export const hashEqual = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) === 0;
export const hashString = (h: Hash): string => Buffer.from(h).toString('base64');

export function need(ok: boolean, what: string): void {
  if (!ok) throw new TlogError(`tlog: invalid inputs in ${what}`);
}
export const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

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

export async function readExactly(r: HashReader, indexes: number[]): Promise<Hash[]> {
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
export function subTreeIndex(lo: number, hi: number, out: number[]): number[] {
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
