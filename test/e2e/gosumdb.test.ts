/**
 * The checksum-database fixture itself (test/helpers/gosumdb.ts): a real x/mod sumdb and module
 * proxy, as gosw's goproxy source and sumdb verifier (issue 11) will meet them. These tests pin the
 * shapes the TypeScript code is written against: the lookup record, the signed tree, tile sizes,
 * the proxy's files, and the misbehaviour switches.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkModuleZip } from '../../src/install/module-zip.js';
import { openZip } from '../../src/install/zip.js';
import { hashZip } from '../../src/sumdb/dirhash.js';
import { openNote, parseTree, parseVerifierKey, SUM_GOLANG_ORG } from '../../src/sumdb/note.js';
import { parseRecord, recordLines } from '../../src/sumdb/record.js';
import { type Tile, type TileReader, tilePath, verifyRecord, verifyTreePrefix } from '../../src/sumdb/tlog.js';
import { canBuildGosumdb, moduleVersion, startGosumdb } from '../helpers/gosumdb.js';
import { makeTempDir } from '../helpers/tmp.js';

const V = 'go1.22.5';

describe.skipIf(!canBuildGosumdb())('a real checksum database and module proxy on loopback', () => {
  it('serves the toolchain module and a signed lookup record holding its h1, in a tree of pad + 1 records', async () => {
    const db = await startGosumdb({ releases: [V], pad: 300 });
    const mv = moduleVersion(V);
    expect(db.size).toBe(301);
    expect(db.vkey).toMatch(/^gosw\.test\.sumdb\+[0-9a-f]{8}\+[A-Za-z0-9+/]+=*$/);
    expect(await (await fetch(`${db.url}/golang.org/toolchain/@v/list`)).text()).toBe(`${mv}\n`);
    expect(await (await fetch(`${db.url}/golang.org/toolchain/@v/${mv}.mod`)).text()).toBe('module golang.org/toolchain\n');
    const zip = Buffer.from(await (await fetch(`${db.url}/golang.org/toolchain/@v/${mv}.zip`)).arrayBuffer());
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
    expect(zip.includes(Buffer.from(`golang.org/toolchain@${mv}/bin/go`))).toBe(true);

    const lookup = await (await fetch(`${db.url}/sumdb/${db.name}/lookup/golang.org/toolchain@${mv}`)).text();
    expect(lookup).toMatch(new RegExp(`^300\\ngolang\\.org/toolchain ${mv.replace(/\./g, '\\.')} h1:[A-Za-z0-9+/]{43}=\\n`));
    expect(lookup).toContain(`\n\ngo.sum database tree\n301\n`);
    expect(lookup).toMatch(new RegExp(`\\n\\n— ${db.name} [A-Za-z0-9+/]+=*\\n$`));
    expect((await fetch(`${db.url}/sumdb/${db.name}/supported`)).status).toBe(200);
  });

  it("gosw's zip reader, module-zip checks and h1 agree with x/mod on the proxy's real zip", async () => {
    const db = await startGosumdb({ releases: [V], pad: 20 });
    const mv = moduleVersion(V);
    const file = path.join(makeTempDir('gosw-gosumdb-zip-'), `${mv}.zip`);
    writeFileSync(file, Buffer.from(await (await fetch(`${db.url}/golang.org/toolchain/@v/${mv}.zip`)).arrayBuffer()));
    const lookup = await (await fetch(`${db.url}/sumdb/${db.name}/lookup/golang.org/toolchain@${mv}`)).text();
    const want = new RegExp(`^golang\\.org/toolchain ${mv.replace(/\./g, '\\.')} (h1:\\S+)$`, 'm').exec(lookup)?.[1];
    expect(want).toBeDefined();
    const zip = await openZip(file);
    try {
      expect(await hashZip(zip)).toBe(want);
      const checked = checkModuleZip(zip.entries, mv, `${mv}.zip`);
      expect(JSON.stringify(checked)).toContain('bin/go');
      const go = zip.entries.find((e) => e.name.endsWith('/bin/go'))!;
      expect((await zip.read(go)).toString()).toContain(`go version ${V}`);
    } finally {
      await zip.close();
    }
  });

  it('serves full and partial tiles of exactly W*32 bytes', async () => {
    const db = await startGosumdb({ releases: [V], pad: 300 });
    const full = Buffer.from(await (await fetch(`${db.url}/sumdb/${db.name}/tile/8/0/000`)).arrayBuffer());
    expect(full.length).toBe(256 * 32);
    const partial = Buffer.from(await (await fetch(`${db.url}/sumdb/${db.name}/tile/8/0/001.p/45`)).arrayBuffer());
    expect(partial.length).toBe(45 * 32);
  });

  it('grows, forks and lies on request (for consistency, split-view and missing-line tests)', async () => {
    const db = await startGosumdb({ releases: [V], pad: 10 });
    const mv = moduleVersion(V);
    const latest = async () => (await (await fetch(`${db.url}/sumdb/${db.name}/latest`)).text()).split('\n');
    const before = await latest();
    await db.control('grow', { n: '5' });
    const grown = await latest();
    expect(Number(grown[1])).toBe(Number(before[1]) + 5);
    await db.control('lie', { mv });
    const lie = await (await fetch(`${db.url}/sumdb/${db.name}/lookup/golang.org/toolchain@${mv}`)).text();
    expect(lie).not.toContain(`golang.org/toolchain ${mv} h1:`);
    await db.control('fork');
    const forked = await latest();
    expect(forked[2]).not.toBe(grown[2]);
  });

  /** Tiles over HTTP from the fixture, as the goproxy source will read them; records what was saved. */
  const httpTiles = (base: string, saved: string[] = []): TileReader => ({
    height: 8,
    readTiles: async (tiles: readonly Tile[]) =>
      Promise.all(tiles.map(async (t) => new Uint8Array(await (await fetch(`${base}/${tilePath(t)}`)).arrayBuffer()))),
    saveTiles: (tiles: readonly Tile[]) => void saved.push(...tiles.map(tilePath)),
  });

  it("gosw's note, record and tile code verify the real database's lookup: signature, the module's line, inclusion in the signed tree", async () => {
    const db = await startGosumdb({ releases: [V], pad: 700 });
    const mv = moduleVersion(V);
    const base = `${db.url}/sumdb/${db.name}`;
    const rec = parseRecord(await (await fetch(`${base}/lookup/golang.org/toolchain@${mv}`)).text());
    const note = openNote(rec.rest, [parseVerifierKey(db.vkey)]);
    expect(note.sigs.map((x) => x.name)).toEqual([db.name]);
    const tree = parseTree(note.text);
    expect(tree.N).toBe(701);
    expect(recordLines(rec.text, 'golang.org/toolchain', mv)).toHaveLength(1);
    const saved: string[] = [];
    await verifyRecord(tree, rec.id, rec.text, httpTiles(base, saved));
    expect(saved.length).toBeGreaterThan(0); // only after verification
    // The same note under Google's key is refused (a proxy cannot sign for sum.golang.org).
    expect(() => openNote(rec.rest, [SUM_GOLANG_ORG])).toThrow();
    // Another record's text does not verify at this id.
    await expect(verifyRecord(tree, rec.id, Buffer.from('golang.org/toolchain v0 h1:x=\n'), httpTiles(base))).rejects.toThrow();
  });

  it('a grown tree is proven consistent with the one seen before; a forked one (split view) is not', async () => {
    const db = await startGosumdb({ releases: [V], pad: 300 });
    const base = `${db.url}/sumdb/${db.name}`;
    const key = parseVerifierKey(db.vkey);
    const latest = async () => parseTree(openNote(await (await fetch(`${base}/latest`)).text(), [key]).text);
    const first = await latest();
    await db.control('grow', { n: '260' });
    const grown = await latest();
    expect(grown.N).toBe(first.N + 260);
    await verifyTreePrefix(grown, first, httpTiles(base));
    await db.control('fork');
    const forked = await latest();
    await expect(verifyTreePrefix(forked, grown, httpTiles(base))).rejects.toThrow(/not a prefix|misbehavior|cannot/);
  });

  it("a 200 lookup without the module's line (CVE-2026-42501 shape) gives no line to check", async () => {
    const db = await startGosumdb({ releases: [V], pad: 10 });
    const mv = moduleVersion(V);
    await db.control('lie', { mv });
    const rec = parseRecord(await (await fetch(`${db.url}/sumdb/${db.name}/lookup/golang.org/toolchain@${mv}`)).text());
    expect(recordLines(rec.text, 'golang.org/toolchain', mv)).toEqual([]);
  });
});
