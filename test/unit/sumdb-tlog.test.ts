import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkRecord,
  checkTree,
  EMPTY_TREE_HASH,
  type Hash,
  HASH_SIZE,
  hashEqual,
  hashFromTile,
  hashString,
  memoryHashReader,
  newTiles,
  parseHash,
  parseTilePath,
  proveRecord,
  proveTree,
  readTileData,
  recordHash,
  splitStoredHashIndex,
  storedHashCount,
  storedHashes,
  storedHashIndex,
  type Tile,
  type TileReader,
  TlogError,
  type Tree,
  tileForIndex,
  tileHashReader,
  tilePath,
  treeHash,
  verifyRecord,
  verifyTreePrefix,
} from '../../src/sumdb/tlog.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/sumdb/${name}`, import.meta.url), 'utf8'));

/** A log built record by record, as a server keeps it (tile_test.go testTree). */
class TestLog {
  readonly hashes: Hash[] = [];
  readonly leaves: Hash[] = [];
  readonly trees: Hash[] = [EMPTY_TREE_HASH];
  get n(): number {
    return this.leaves.length;
  }
  async add(data: string): Promise<void> {
    this.hashes.push(...(await storedHashes(this.n, data, memoryHashReader(this.hashes))));
    this.leaves.push(recordHash(data));
    this.trees.push(await treeHash(this.n, memoryHashReader(this.hashes)));
  }
  tree(n = this.n): Tree {
    return { N: n, root: this.trees[n]! };
  }
  static async build(count: number, label = 'leaf'): Promise<TestLog> {
    const log = new TestLog();
    for (let i = 0; i < count; i++) await log.add(`${label} ${i}\n`);
    return log;
  }
}

/** A TileReader over a log's tiles, with a hook to tamper with what it serves; records what it was told to save. */
type Tamper = (t: Tile, data: Uint8Array) => Uint8Array | Promise<Uint8Array>;

function tiles(log: TestLog, height: number, tamper?: Tamper): TileReader & { saved: Tile[]; read: Tile[] } {
  const saved: Tile[] = [];
  const read: Tile[] = [];
  return {
    height,
    saved,
    read,
    async readTiles(ts) {
      read.push(...ts);
      return Promise.all(
        ts.map(async (t) => {
          const data = await readTileData(t, memoryHashReader(log.hashes));
          return tamper ? tamper(t, data) : data;
        }),
      );
    },
    saveTiles(ts, data) {
      expect(data).toHaveLength(ts.length);
      saved.push(...ts);
    },
  };
}

/** Whether f throws a TlogError (a cheap expect(...).toThrow for tight loops). */
function throws(f: () => void): boolean {
  try {
    f();
    return false;
  } catch (e) {
    return e instanceof TlogError;
  }
}

/** p with hash k corrupted. */
const corrupt = (p: Hash[], k: number): Hash[] => p.map((h, i) => (i === k ? flip(h) : h));

function flip(h: Hash): Hash {
  const c = new Uint8Array(h);
  c[0]! ^= 1;
  return c;
}

describe('T3 tile coordinates (tile.go Path, ParseTilePath)', () => {
  const table: Array<[string, Tile | null]> = [
    ['tile/3/4/x001/x234/067.p/1', { H: 3, L: 4, N: 1234067, W: 1 }], // tile.go's comment
    ['tile/3/4/x001/x234/067', { H: 3, L: 4, N: 1234067, W: 8 }],
    ['tile/4/0/001', { H: 4, L: 0, N: 1, W: 16 }], // tlog_test.go tilePaths
    ['tile/4/0/001.p/5', { H: 4, L: 0, N: 1, W: 5 }],
    ['tile/3/5/x123/x456/078', { H: 3, L: 5, N: 123456078, W: 8 }],
    ['tile/3/5/x123/x456/078.p/2', { H: 3, L: 5, N: 123456078, W: 2 }],
    ['tile/1/0/x003/x057/500', { H: 1, L: 0, N: 3057500, W: 2 }],
    ['tile/1/data/x003/x057/500', { H: 1, L: -1, N: 3057500, W: 2 }],
    ['tile/8/0/000', { H: 8, L: 0, N: 0, W: 256 }],
    ['tile/8/2/x001/000.p/255', { H: 8, L: 2, N: 1000, W: 255 }],
    ['tile/3/5/123/456/078', null],
    ['tile/3/-1/123/456/078', null],
  ];
  it.each(table)('%s', (path, tile) => {
    if (tile === null) {
      expect(() => parseTilePath(path)).toThrow(TlogError);
      return;
    }
    expect(tilePath(tile)).toBe(path);
    expect(parseTilePath(path)).toEqual(tile);
  });

  it('refuses non-canonical spellings', () => {
    for (const p of [
      'tile/8/0/1',
      'tile/8/0/x000/001',
      'tile/8/00/001',
      'tile/08/0/001',
      'tile/8/0/+01',
      'tile/8/0/001.p/256',
      'tile/8/0/001.p/0',
      'tile/8/0/001.p/05',
      'tile/8/0/001.p/',
      'tile/31/0/001',
      'tile/0/0/001',
      'tile/8/0/1000',
      'tile/8/0',
      'tiles/8/0/001',
      'tile/8/0/x001',
      '/tile/8/0/001',
    ]) {
      expect(() => parseTilePath(p), p).toThrow(/malformed tile path/);
    }
  });

  it('round-trips tiles of every shape', () => {
    for (const H of [1, 2, 8, 30])
      for (const L of [-1, 0, 1, 7, 63])
        for (const N of [0, 1, 999, 1000, 1234067, 2 ** 40 + 7])
          for (const W of [1, 2 ** H - 1, 2 ** H].filter((w) => w >= 1)) {
            const t = { H, L, N, W };
            expect(parseTilePath(tilePath(t))).toEqual(t);
          }
  });

  it('maps stored hashes to tiles and back (TestSplitStoredHashIndex, TileForIndex)', () => {
    for (let l = 0; l < 10; l++) for (let n = 0; n < 100; n++) expect(splitStoredHashIndex(storedHashIndex(l, n))).toEqual([l, n]);
    expect(tileForIndex(8, storedHashIndex(0, 1234))).toEqual({ H: 8, L: 0, N: 4, W: 211 });
    expect(tileForIndex(8, storedHashIndex(8, 3))).toEqual({ H: 8, L: 1, N: 0, W: 4 });
    expect(tileForIndex(8, storedHashIndex(3, 5))).toEqual({ H: 8, L: 0, N: 0, W: 48 });
    expect(newTiles(10, 1030, 10000)).toHaveLength(10); // TestNewTilesForSize
    expect(newTiles(10, 49516517, 49516586)).toHaveLength(3);
    expect(newTiles(10, 1023, 1025)).toHaveLength(3);
    expect(newTiles(10, 1, 1)).toHaveLength(0);
  });
});

describe('T4 RFC 6962 vectors (x/mod tlog ct_test.go, Argon 2020 CT log)', () => {
  const sth = fixture('argon2020/sth.json');
  const root = parseHash(sth.sha256_root_hash);
  const leaf = recordHash(Buffer.from(fixture('argon2020/entries.json').entries[0].leaf_input, 'base64'));
  const audit: Hash[] = fixture('argon2020/proof.json').audit_path.map(parseHash);
  const consistency: Hash[] = fixture('argon2020/consistency.json').consistency.map(parseHash);
  const oldRoot = parseHash('AuIZ5V6sDUj1vn3Y1K85oOaQ7y+FJJKtyRTl1edIKBQ=');

  it('checks the inclusion proof of leaf 10000 and the consistency proof from tree 3654490', () => {
    expect(() => checkRecord(audit, sth.tree_size, root, 10000, leaf)).not.toThrow();
    expect(() => checkTree(consistency, sth.tree_size, root, 3654490, oldRoot)).not.toThrow();
  });

  it('fails on any changed hash, index, size or proof length', () => {
    expect(() => checkRecord(audit, sth.tree_size, root, 10001, leaf)).toThrow('invalid transparency proof');
    expect(() => checkRecord(audit, 10000, root, 10000, leaf)).toThrow('invalid inputs');
    expect(() => checkRecord(audit, sth.tree_size, root, 10000, flip(leaf))).toThrow('invalid transparency proof');
    expect(() => checkRecord(audit.slice(1), sth.tree_size, root, 10000, leaf)).toThrow('invalid transparency proof');
    expect(() => checkRecord([...audit, audit[0]!], sth.tree_size, root, 10000, leaf)).toThrow('invalid transparency proof');
    audit.forEach((_, k) => {
      expect(() => checkRecord(corrupt(audit, k), sth.tree_size, root, 10000, leaf)).toThrow('invalid transparency proof');
    });
    consistency.forEach((_, k) => {
      expect(() => checkTree(corrupt(consistency, k), sth.tree_size, root, 3654490, oldRoot)).toThrow('invalid transparency proof');
    });
    expect(() => checkTree(consistency, sth.tree_size, root, 3654490, flip(oldRoot))).toThrow('invalid transparency proof');
    expect(() => checkTree(consistency, sth.tree_size, root, 3654491, oldRoot)).toThrow('invalid transparency proof');
  });

  it('hashes the empty tree as SHA-256("") (TestEmptyTree)', async () => {
    expect(Buffer.from(await treeHash(0, memoryHashReader([]))).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('T4 a log built here (tlog_test.go TestTree, height 2)', () => {
  it('stores, tiles, proves and checks every record and every earlier tree, through tiles too', async () => {
    const log = new TestLog();
    const stored = new Map<string, Uint8Array>();
    const bad: string[] = []; // failures, collected: expect() in these loops costs seconds
    const ok = (cond: boolean, what: string) => cond || bad.push(what);
    for (let i = 0; i < 100; i++) {
      await log.add(`leaf ${i}`);
      const N = i + 1;
      const th = log.trees[N]!;
      expect(storedHashCount(N)).toBe(log.hashes.length);
      for (const t of newTiles(2, i, N)) {
        const data = await readTileData(t, memoryHashReader(log.hashes));
        const old = stored.get(tilePath({ ...t, W: t.W - 1 })) ?? new Uint8Array();
        ok(Buffer.from(data.subarray(0, old.length)).equals(Buffer.from(old)), `${tilePath(t)} extends the earlier tile`);
        stored.set(tilePath(t), data);
      }
      for (let j = 0; j < log.hashes.length; j++) {
        const t = tileForIndex(2, j);
        ok(hashEqual(hashFromTile(t, stored.get(tilePath(t))!, j), log.hashes[j]!), `hashFromTile ${N} ${j}`);
      }
      const tr = tiles(log, 2);
      const thr = tileHashReader(log.tree(), tr);
      for (let j = 0; j < N; j++) {
        const p = await proveRecord(N, j, memoryHashReader(log.hashes));
        checkRecord(p, N, th, j, log.leaves[j]!);
        p.forEach((_, k) =>
          ok(
            throws(() => checkRecord(corrupt(p, k), N, th, j, log.leaves[j]!)),
            `corrupt record proof ${N} ${j} ${k}`,
          ),
        );
        // Through tiles: every (N, j) up to 24 records, then the edges and a few inside (the Go test does all; 10 s here).
        if (N > 24 && j > 2 && j < N - 3 && j % 17 !== 0) continue;
        const [h] = await thr.readHashes([storedHashIndex(0, j)]);
        ok(hashEqual(h!, log.leaves[j]!), `leaf ${N} ${j} from tiles`);
        checkRecord(await proveRecord(N, j, thr), N, th, j, log.leaves[j]!);

        ok(hashEqual(await treeHash(j + 1, thr), log.trees[j + 1]!), `treeHash ${j + 1} from tiles of ${N}`);
        const tp = await proveTree(N, j + 1, thr);
        checkTree(tp, N, th, j + 1, log.trees[j + 1]!);
        tp.forEach((_, k) =>
          ok(
            throws(() => checkTree(corrupt(tp, k), N, th, j + 1, log.trees[j + 1]!)),
            `corrupt tree proof ${N} ${j + 1} ${k}`,
          ),
        );
      }
      await expect(thr.readHashes([storedHashIndex(0, N)])).rejects.toThrow('indexes not in tree');
      expect(tr.saved.length).toBe(tr.read.length); // everything read was verified, then saved
    }
    expect(bad).toEqual([]);
  });
});

describe('T4/T5/T6 sumdb-shaped tiles (height 8, partial tiles)', () => {
  let log: TestLog;
  let tree: Tree;
  beforeAll(async () => {
    log = await TestLog.build(700); // level 0: tiles 0, 1 full, 2 partial (188); level 1: partial (2)
    tree = log.tree();
  });
  const text = (i: number) => `leaf ${i}\n`;

  it('matches x/mod itself: roots, stored hashes, proofs and tiles generated by Go for the same records', async () => {
    const go = fixture('go-tree-700.json');
    for (const [n, root] of Object.entries(go.roots as Record<string, string>)) expect(hashString(log.trees[Number(n)]!), n).toBe(root);
    expect(log.hashes).toHaveLength(go.storedHashCount);
    expect((await proveRecord(700, 300, memoryHashReader(log.hashes))).map(hashString)).toEqual(go.recordProof300);
    expect((await proveTree(700, 300, memoryHashReader(log.hashes))).map(hashString)).toEqual(go.treeProof300);
    for (const [path, fp] of Object.entries(go.tileFingerprints as Record<string, string>)) {
      const data = await readTileData(parseTilePath(path), memoryHashReader(log.hashes));
      expect(hashString(recordHash(data)), path).toBe(fp);
    }
  });

  it('verifies every record against the signed root, reading full and partial tiles', async () => {
    const tr = tiles(log, 8);
    for (let id = 0; id < log.n; id++) await verifyRecord(tree, id, text(id), tr);
    const paths = new Set(tr.read.map(tilePath));
    expect([...paths].sort()).toEqual(['tile/8/0/000', 'tile/8/0/001', 'tile/8/0/002.p/188', 'tile/8/1/000.p/2']);
    expect(tr.saved).toHaveLength(tr.read.length);
  });

  it('proves consistency with earlier trees (prefix, equal, and across tile boundaries)', async () => {
    for (const old of [1, 2, 3, 255, 256, 257, 511, 512, 513, 600, 699, 700]) {
      const tr = tiles(log, 8);
      await verifyTreePrefix(tree, log.tree(old), tr);
      const thr = tileHashReader(tree, tr);
      checkTree(await proveTree(log.n, old, thr), log.n, tree.root, old, log.trees[old]!);
      for (const id of [0, old - 1])
        checkRecord(await proveRecord(old, id, memoryHashReader(log.hashes)), old, log.trees[old]!, id, log.leaves[id]!);
    }
    // A smaller tree's tiles prove the records it has, with its own partial widths.
    const small = log.tree(300);
    const tr = tiles(log, 8);
    for (const id of [0, 255, 256, 299]) await verifyRecord(small, id, text(id), tr);
    expect(new Set(tr.read.map(tilePath))).toEqual(new Set(['tile/8/0/000', 'tile/8/0/001.p/44', 'tile/8/1/000.p/1']));
  });

  it('T5: a record proof for the wrong record, or beyond the tree, fails', async () => {
    const tr = tiles(log, 8);
    await expect(verifyRecord(tree, 5, text(6), tr)).rejects.toThrow('cannot authenticate record data in server response');
    await expect(verifyRecord(tree, 5, 'leaf 5', tr)).rejects.toThrow('cannot authenticate');
    await expect(verifyRecord(tree, 700, text(700), tr)).rejects.toThrow('cannot validate record 700 in tree of size 700');
    await expect(verifyRecord(tree, -1, text(0), tr)).rejects.toThrow('cannot validate record');
    await expect(verifyRecord(log.tree(300), 300, text(300), tr)).rejects.toThrow('cannot validate record');
  });

  const rejects = async (tamper: Tamper, id = 3, msg: RegExp = /inconsistent tile|bad result slice/) => {
    const tr = tiles(log, 8, tamper);
    await expect(verifyRecord(tree, id, text(id), tr)).rejects.toThrow(msg);
    expect(tr.saved).toEqual([]); // SaveTiles only after verification
  };

  it('T6: refuses a tile of the wrong length', async () => {
    const only = (path: string, f: (d: Uint8Array) => Uint8Array) => (t: Tile, d: Uint8Array) => (tilePath(t) === path ? f(d) : d);
    await rejects(
      only('tile/8/0/000', (d) => Buffer.concat([d, new Uint8Array(HASH_SIZE)])),
      3,
      /bad result slice/,
    );
    await rejects(
      only('tile/8/0/000', (d) => d.subarray(0, d.length - 1)),
      3,
      /bad result slice/,
    );
    await rejects(
      only('tile/8/0/002.p/188', (d) => d.subarray(0, 187 * HASH_SIZE)),
      3,
      /bad result slice/,
    );
    await rejects(
      only('tile/8/0/002.p/188', () => new Uint8Array()),
      600,
      /bad result slice/,
    );
    // A full tile served where a partial one was asked for (a client must cut it to W·32 first).
    const full = await readTileData({ H: 8, L: 0, N: 2, W: 256 }, memoryHashReader((await TestLog.build(768)).hashes));
    await rejects(
      only('tile/8/0/002.p/188', () => full),
      600,
      /bad result slice/,
    );
    await rejects(
      only('tile/8/1/000.p/2', (d) => Buffer.concat([d, d])),
      3,
      /bad result slice/,
    );
  });

  it('T6: refuses a partial tile swapped for another of the same width', async () => {
    const data = (t: Tile) => readTileData(t, memoryHashReader(log.hashes));
    const other = await data({ H: 8, L: 0, N: 0, W: 188 }); // same length, other tile
    await rejects((t, d) => (tilePath(t) === 'tile/8/0/002.p/188' ? other : d), 650);
    await rejects((t, d) => (tilePath(t) === 'tile/8/0/002.p/188' ? other : d), 3);
    const level0 = await data({ H: 8, L: 0, N: 0, W: 2 });
    await rejects((t, d) => (tilePath(t) === 'tile/8/1/000.p/2' ? level0 : d), 300);
    // Two full tiles swapped with each other.
    const [a, b] = [await data({ H: 8, L: 0, N: 0, W: 256 }), await data({ H: 8, L: 0, N: 1, W: 256 })];
    await rejects((t, d) => (tilePath(t) === 'tile/8/0/000' ? b : tilePath(t) === 'tile/8/0/001' ? a : d), 3);
  });

  it('T6: refuses tiles from a forked tree, whichever tile differs', async () => {
    const fork = new TestLog();
    for (let i = 0; i < log.n; i++) await fork.add(i === 100 ? 'forged\n' : text(i));
    const forkTiles = tiles(fork, 8);
    for (const id of [0, 100, 255, 256, 699]) {
      await expect(verifyRecord(tree, id, text(id), forkTiles)).rejects.toThrow('downloaded inconsistent tile');
    }
    await expect(verifyRecord(fork.tree(), 100, text(100), tiles(fork, 8))).rejects.toThrow('cannot authenticate');
    expect(forkTiles.saved).toEqual([]);
    // The fork is consistent with itself and with the common prefix, and with nothing after it.
    await verifyTreePrefix(fork.tree(), log.tree(100), tiles(fork, 8));
    await expect(verifyTreePrefix(fork.tree(), log.tree(101), tiles(fork, 8))).rejects.toThrow(/not a prefix/);
    await expect(verifyTreePrefix(tree, log.tree(600), forkTiles)).rejects.toThrow('downloaded inconsistent tile');
    // Only one level-0 tile of the fork mixed into the real ones: still refused.
    await rejects((t, d) => (tilePath(t) === 'tile/8/0/000' ? readTileData(t, memoryHashReader(fork.hashes)) : d), 3);
  });
});

describe('T6 every single forged hash is caught (tile_test.go TestTileHashReader, height 2)', () => {
  it('zeroing any stored hash in the tiles makes reading it, or all hashes, fail', async () => {
    const log = new TestLog();
    for (let n = 1; n <= 40; n++) {
      await log.add(`leaf ${n - 1}`);
      const end = storedHashIndex(0, n);
      const all = Array.from({ length: end }, (_, i) => i);
      const got = await tileHashReader(log.tree(), tiles(log, 2)).readHashes(all);
      got.forEach((h, i) => expect(hashEqual(h, log.hashes[i]!)).toBe(true));
      for (let x = 0; x < end; x++) {
        const [zt, start, stop] = ((t) => [t, ...byteRange(x)])(tileForIndex(2, x));
        const tr = tiles(log, 2, (t, d) => {
          if (t.L !== zt.L || t.N !== zt.N || stop > d.length) return d;
          const c = new Uint8Array(d);
          c.fill(0, start, stop);
          return c;
        });
        const thr = tileHashReader(log.tree(), tr);
        await expect(thr.readHashes([x]), `N=${n} index ${x}`).rejects.toThrow('downloaded inconsistent tile');
        await expect(thr.readHashes(all)).rejects.toThrow('downloaded inconsistent tile');
        expect(tr.saved).toEqual([]);
      }
    }
  });
});

/** The byte range of stored hash x's bottom-row hashes in its height-2 tile (tile.go tileForIndex). */
function byteRange(x: number): [number, number] {
  const [level, n] = splitStoredHashIndex(x);
  const inTile = level % 2;
  const nIn = n - Math.floor((n * 2 ** inTile) / 4) * (4 / 2 ** inTile);
  return [nIn * 2 ** inTile * HASH_SIZE, (nIn + 1) * 2 ** inTile * HASH_SIZE];
}
