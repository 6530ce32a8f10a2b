import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openZip } from '../../src/install/zip.js';
import { hash1, hash1Contents, hashGoMod, hashZip, sha256 } from '../../src/sumdb/dirhash.js';
import { makeTempDir } from '../helpers/tmp.js';
import { buildZip, type ZipWriterEntry } from '../helpers/zip-writer.js';

// Expected values computed with golang.org/x/mod v0.7.0 (Debian golang-golang-x-mod-dev) and Go
// 1.19: dirhash.Hash1 / dirhash.HashZip on the inputs of x/mod/sumdb/dirhash/hash_test.go.
/** TestHash1: files "xyz", "abc" with content "data for " + name. */
const GO_HASH1 = 'h1:EP6WfDoQTSk9klnxcjriWJOGztueJUywHNmWeq+efB8=';
/** TestHashDir's formula: "prefix/abc", "prefix/xyz" with content "data for " + name. */
const GO_HASH1_PREFIX = 'h1:uaCqHx2BlD8KgKjQC+NrY0PHteNIaQNe8fedr/MCMxc=';
/** TestHashZip: a zip holding prefix/xyz = "data for xyz" and prefix/abc = "data for abc". */
const GO_HASHZIP = 'h1:rLyfpGMAgqOnGE2aKOY5Xb6cOc0/YQhPjHBHBwkblhs=';
/** Hash1 of "p/\uff61", "p/\u{10000}", "p/Z", "p/a": Go sorts UTF-8 bytes, not UTF-16 code units. */
const GO_HASH1_UNICODE = 'h1:WJEvWBDCFd1fON6C01C3k9DdpHNR1k/lgVY9sl8SXDI=';
/** Hash1 over the single name go.mod holding "module golang.org/toolchain\n" (the toolchain's .mod). */
const GO_GOMOD_TOOLCHAIN = 'h1:8wlg68NqwW7eMnI1aABk/C2pDYXj8mrMY4TyRfiLeS0=';
/** The zip Go's archive/zip writes for TestHashZip (Create: deflate + data descriptors). */
const GO_ZIP_B64 =
  'UEsDBBQACAAIAAAAAAAAAAAAAAAAAAAAAAAKAAAAcHJlZml4L3h5ekpJLElUSMsvUqiorAIEAAD//1BLBwgHsTyqEgAAAAwAAABQSwMEFAAIAAgAAAAAAAAAAAAAAAAAAAAAAAoAAABwcmVmaXgvYWJjSkksSVRIyy9SSExKBgQAAP//UEsHCKJKlnQSAAAADAAAAFBLAQIUABQACAAIAAAAAAAHsTyqEgAAAAwAAAAKAAAAAAAAAAAAAAAAAAAAAABwcmVmaXgveHl6UEsBAhQAFAAIAAgAAAAAAKJKlnQSAAAADAAAAAoAAAAAAAAAAAAAAAAASgAAAHByZWZpeC9hYmNQSwUGAAAAAAIAAgBwAAAAlAAAAAAA';

const dataFor = (names: string[]) => names.map((name) => ({ name, content: Buffer.from(`data for ${name}`) }));

async function zipHash(bytes: Buffer): Promise<string> {
  const file = path.join(makeTempDir(), 'm.zip');
  writeFileSync(file, bytes);
  const z = await openZip(file);
  try {
    return await hashZip(z);
  } finally {
    await z.close();
  }
}

describe('dirhash Hash1 (Go vectors)', () => {
  it('TestHash1 and the prefixed names', () => {
    expect(hash1Contents(dataFor(['xyz', 'abc']))).toBe(GO_HASH1);
    expect(hash1Contents(dataFor(['prefix/xyz', 'prefix/abc']))).toBe(GO_HASH1_PREFIX);
  });

  it('sorts names by their UTF-8 bytes, as Go does', () => {
    // In UTF-16 order U+10000 (a surrogate pair, D800...) sorts before U+FF61; in UTF-8 it is after.
    expect(hash1Contents(dataFor(['p/\uff61', 'p/\u{10000}', 'p/Z', 'p/a']))).toBe(GO_HASH1_UNICODE);
    expect(hash1Contents(dataFor(['p/a', 'p/Z', 'p/\u{10000}', 'p/\uff61']))).toBe(GO_HASH1_UNICODE);
  });

  it('is the documented formula', () => {
    const files = dataFor(['b', 'a']);
    const lines = ['a', 'b'].map((n) => `${sha256(Buffer.from(`data for ${n}`)).toString('hex')}  ${n}\n`).join('');
    expect(hash1Contents(files)).toBe('h1:' + sha256(Buffer.from(lines)).toString('base64'));
  });

  it('hashGoMod: the toolchain module go.mod', () => {
    expect(hashGoMod(Buffer.from('module golang.org/toolchain\n'))).toBe(GO_GOMOD_TOOLCHAIN);
  });

  it('refuses a name with a newline, and a name twice', () => {
    expect(() => hash1Contents(dataFor(['xyz', 'a\nbc']))).toThrow(/contains a newline/);
    expect(() => hash1(dataFor(['a', 'a']).map((f) => ({ name: f.name, sha256: sha256(f.content) })))).toThrow(/appears twice/);
  });
});

describe('dirhash HashZip', () => {
  it("equals Go's HashZip for Go's own zip (TestHashZip)", async () => {
    expect(await zipHash(Buffer.from(GO_ZIP_B64, 'base64'))).toBe(GO_HASHZIP);
  });

  it('ignores the encoding: stored, deflated, descriptors, order, modes, comment', async () => {
    const variants: ZipWriterEntry[][] = [
      [
        { name: 'prefix/xyz', content: 'data for xyz' },
        { name: 'prefix/abc', content: 'data for abc' },
      ],
      [
        { name: 'prefix/abc', content: 'data for abc', method: 0 },
        { name: 'prefix/xyz', content: 'data for xyz', descriptor: true, mode: 0o100755 },
      ],
      [
        { name: 'prefix/xyz', content: 'data for xyz', descriptor: 'unsigned', method: 0, versionMadeBy: 0x14 },
        { name: 'prefix/abc', content: 'data for abc', descriptor: true, localSizesWithDescriptor: true },
      ],
    ];
    for (const v of variants) expect(await zipHash(buildZip(v, { comment: 'x' }))).toBe(GO_HASHZIP);
  });

  it('changes with one flipped content byte (here a valid CRC: the hash is the check)', async () => {
    expect(
      await zipHash(
        buildZip([
          { name: 'prefix/xyz', content: 'data for xyz' },
          { name: 'prefix/abc', content: 'data for abd' },
        ]),
      ),
    ).not.toBe(GO_HASHZIP);
  });

  it('refuses a zip entry whose name holds a newline', async () => {
    await expect(zipHash(buildZip([{ name: 'prefix/a\nb', content: 'x' }]))).rejects.toThrow(/contains a newline/);
  });
});
