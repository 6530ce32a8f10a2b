/**
 * src/cache/buildcache.ts: Go build cache entries, LRU prune plans, size/duration parsing.
 * planPrune and the parsers are pure; cacheEntries / treeSize / applyPrune run on temp trees.
 */
import { lstatSync, mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyPrune, cacheEntries, parseBytes, parseDuration, planPrune, treeSize, type Entry } from '../../src/cache/buildcache.js';
import { makeTempDir } from '../helpers/tmp.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;
const K = 1024;

describe('parseDuration', () => {
  it.each<[string, number]>([
    ['30d', 30 * D],
    ['12h', 12 * H],
    ['90m', 90 * MIN],
    ['45s', 45 * S],
    ['2w', 14 * D],
    ['0d', 0],
    [' 7d ', 7 * D],
    ['7 d', 7 * D],
  ])('%j -> %d ms', (s, want) => {
    expect(parseDuration(s)).toBe(want);
  });

  it.each(['', '30', 'd', '1.5d', '-1d', '30x', '30dd', 'd30', '1e3s', '30 days'])('%j is refused', (s) => {
    expect(parseDuration(s)).toBeUndefined();
  });
});

describe('parseBytes', () => {
  it.each<[string, number]>([
    ['100', 100],
    ['0', 0],
    ['1K', K],
    ['1k', K],
    ['1KB', K],
    ['1KiB', K],
    ['500M', 500 * K * K],
    ['10G', 10 * K ** 3],
    ['10g', 10 * K ** 3],
    ['10 G', 10 * K ** 3],
    ['1.5G', 1.5 * K ** 3],
    ['2T', 2 * K ** 4],
    ['0.5K', 512],
  ])('%j -> %d', (s, want) => {
    expect(parseBytes(s)).toBe(want);
  });

  it.each(['', 'G', '-1G', '10X', '1e3', '1,5G', '10GG', 'ten'])('%j is refused', (s) => {
    expect(parseBytes(s)).toBeUndefined();
  });
});

describe('planPrune', () => {
  const NOW = Date.UTC(2024, 5, 1);
  const e = (name: string, ageMs: number, size: number): Entry => ({ path: `/c/${name}`, size, mtimeMs: NOW - ageMs });
  // deliberately not in mtime order
  const entries: Entry[] = [
    e('new1', 1 * H, 4 * K),
    e('old2', 40 * D, 1 * K),
    e('mid1', 10 * D, 2 * K),
    e('old1', 60 * D, 1 * K),
    e('mid2', 5 * D, 2 * K),
    e('new2', 1 * MIN, 4 * K),
  ];
  const names = (p: { remove: Entry[] }) => p.remove.map((x) => path.basename(x.path));
  const total = 14 * K;

  it('no criteria: removes nothing', () => {
    expect(planPrune(entries, NOW, {})).toEqual({ remove: [], keepBytes: total, freeBytes: 0 });
  });

  it('--older-than: everything older, oldest first', () => {
    const p = planPrune(entries, NOW, { maxAgeMs: 30 * D });
    expect(names(p)).toEqual(['old1', 'old2']);
    expect(p.freeBytes).toBe(2 * K);
    expect(p.keepBytes).toBe(total - 2 * K);
  });

  it('--older-than is strict: an entry exactly that old stays', () => {
    expect(names(planPrune(entries, NOW, { maxAgeMs: 40 * D }))).toEqual(['old1']);
  });

  it('--max-size: least recently used first until at or under the limit', () => {
    const p = planPrune(entries, NOW, { maxBytes: 8 * K });
    expect(names(p)).toEqual(['old1', 'old2', 'mid1', 'mid2']);
    expect(p.keepBytes).toBe(8 * K);
    expect(planPrune(entries, NOW, { maxBytes: 9 * K }).keepBytes).toBe(8 * K);
    expect(names(planPrune(entries, NOW, { maxBytes: total }))).toEqual([]);
    expect(names(planPrune(entries, NOW, { maxBytes: 0 }))).toHaveLength(6);
  });

  it('both: old ones go, then more until under the size', () => {
    expect(names(planPrune(entries, NOW, { maxAgeMs: 30 * D, maxBytes: 100 * K }))).toEqual(['old1', 'old2']);
    expect(names(planPrune(entries, NOW, { maxAgeMs: 30 * D, maxBytes: 9 * K }))).toEqual(['old1', 'old2', 'mid1', 'mid2']);
    expect(names(planPrune(entries, NOW, { maxAgeMs: 7 * D, maxBytes: 100 * K }))).toEqual(['old1', 'old2', 'mid1']);
  });

  it('does not reorder its input; empty input is fine', () => {
    const copy = [...entries];
    planPrune(entries, NOW, { maxBytes: 0 });
    expect(entries).toEqual(copy);
    expect(planPrune([], NOW, { maxBytes: 0, maxAgeMs: 0 })).toEqual({ remove: [], keepBytes: 0, freeBytes: 0 });
  });
});

describe('cacheEntries, treeSize, applyPrune on a real tree', () => {
  const hex = (n: number) => n.toString(16).padStart(64, '0');

  function makeCache() {
    const root = makeTempDir();
    const dir = path.join(root, 'cache');
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    const put = (rel: string, size: number, mtimeS = 1_700_000_000) => {
      const p = path.join(dir, rel);
      mkdirSync(path.dirname(p), { recursive: true });
      writeFileSync(p, Buffer.alloc(size, 0x61));
      utimesSync(p, mtimeS, mtimeS);
      return p;
    };
    put(`0a/${hex(0x0a)}-a`, 100, 1_600_000_000);
    put(`0a/${hex(0x0a1)}-d`, 200, 1_650_000_000);
    put(`ff/${hex(0xff)}-d`, 300, 1_700_000_000);
    // not entries
    put('README', 10);
    put('trim.txt', 11);
    put(`0a/${hex(0x0b)}-b`, 12); // wrong suffix
    put(`0a/${hex(0x0b).toUpperCase()}-a`, 13); // upper-case hex
    put(`0a/${hex(0x0b).slice(1)}-a`, 14); // 63 hex digits
    put(`0a/${hex(0x0c)}-a.tmp`, 15);
    put(`zz/${hex(0x0d)}-a`, 16); // not a shard name
    put(`abc/${hex(0x0e)}-a`, 17); // not a shard name
    put(`${hex(0x0f)}-a`, 18); // not inside a shard
    mkdirSync(path.join(dir, '0b', `${hex(0x10)}-a`), { recursive: true }); // a directory named like an entry
    // symlinks pointing outside: a shard and an entry
    writeFileSync(path.join(outside, `${hex(0x20)}-a`), Buffer.alloc(1000));
    writeFileSync(path.join(outside, 'victim'), Buffer.alloc(1000));
    symlinkSync(outside, path.join(dir, 'cd'));
    symlinkSync(path.join(outside, 'victim'), path.join(dir, 'ff', `${hex(0x21)}-a`));
    return { root, dir, outside };
  }

  it('cacheEntries lists only regular files named like Go entries inside real shards', () => {
    const { dir } = makeCache();
    const got = cacheEntries(dir)
      .map((x) => ({ rel: path.relative(dir, x.path), size: x.size, mtime: Math.round(x.mtimeMs / 1000) }))
      .sort((a, b) => a.rel.localeCompare(b.rel));
    expect(got).toEqual([
      { rel: `0a/${hex(0x0a)}-a`, size: 100, mtime: 1_600_000_000 },
      { rel: `0a/${hex(0x0a1)}-d`, size: 200, mtime: 1_650_000_000 },
      { rel: `ff/${hex(0xff)}-d`, size: 300, mtime: 1_700_000_000 },
    ]);
  });

  it('cacheEntries of a missing dir is empty', () => {
    expect(cacheEntries(path.join(makeTempDir(), 'none'))).toEqual([]);
  });

  it('treeSize counts regular files only, without following symlinks', () => {
    const { dir } = makeCache();
    const s = treeSize(dir);
    expect(s.files).toBe(12);
    expect(s.bytes).toBe(100 + 200 + 300 + 10 + 11 + 12 + 13 + 14 + 15 + 16 + 17 + 18);
    expect(Math.round(s.oldest! / 1000)).toBe(1_600_000_000);
    expect(Math.round(s.newest! / 1000)).toBe(1_700_000_000);
    expect(treeSize(path.join(dir, 'missing'))).toEqual({ bytes: 0, files: 0 });
  });

  it('applyPrune removes the planned entries and nothing else; missing entries are skipped', () => {
    const { dir, outside } = makeCache();
    const plan = planPrune(cacheEntries(dir), Date.now(), { maxBytes: 300 });
    expect(plan.remove.map((x) => path.basename(x.path))).toEqual([`${hex(0x0a)}-a`, `${hex(0x0a1)}-d`]);
    const ghost: Entry = { path: path.join(dir, '0a', `${hex(0x99)}-a`), size: 5, mtimeMs: 0 };
    expect(applyPrune({ ...plan, remove: [...plan.remove, ghost] })).toEqual({ removed: 2, bytes: 300 });
    expect(cacheEntries(dir).map((x) => path.basename(x.path))).toEqual([`${hex(0xff)}-d`]);
    expect(readdirSync(outside).sort()).toEqual([`${hex(0x20)}-a`, 'victim']);
    expect(lstatSync(path.join(dir, 'cd')).isSymbolicLink()).toBe(true);
    expect(lstatSync(path.join(dir, 'ff', `${hex(0x21)}-a`)).isSymbolicLink()).toBe(true);
    expect(treeSize(dir).files).toBe(10);
  });
});
