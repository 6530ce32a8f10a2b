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
});
