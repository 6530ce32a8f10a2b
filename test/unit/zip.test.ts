import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Table, DEFAULT_ZIP_LIMITS, openZip, type ZipReader } from '../../src/install/zip.js';
import { makeTempDir } from '../helpers/tmp.js';
import { buildZip, extraField, SIG, type ZipWriterEntry, type ZipWriterOptions } from '../helpers/zip-writer.js';

/** Written by Go 1.19's archive/zip (zip.NewWriter, Create: deflate + data descriptors), as x/mod/zip does. */
const GO_ZIP_B64 =
  'UEsDBBQACAAIAAAAAAAAAAAAAAAAAAAAAAAKAAAAcHJlZml4L3h5ekpJLElUSMsvUqiorAIEAAD//1BLBwgHsTyqEgAAAAwAAABQSwMEFAAIAAgAAAAAAAAAAAAAAAAAAAAAAAoAAABwcmVmaXgvYWJjSkksSVRIyy9SSExKBgQAAP//UEsHCKJKlnQSAAAADAAAAFBLAQIUABQACAAIAAAAAAAHsTyqEgAAAAwAAAAKAAAAAAAAAAAAAAAAAAAAAABwcmVmaXgveHl6UEsBAhQAFAAIAAgAAAAAAKJKlnQSAAAADAAAAAoAAAAAAAAAAAAAAAAASgAAAHByZWZpeC9hYmNQSwUGAAAAAAIAAgBwAAAAlAAAAAAA';

async function withZip<T>(bytes: Buffer, fn: (z: ZipReader) => Promise<T>, limits = DEFAULT_ZIP_LIMITS): Promise<T> {
  const file = path.join(makeTempDir(), 'm.zip');
  writeFileSync(file, bytes);
  const z = await openZip(file, limits, 'm.zip');
  try {
    return await fn(z);
  } finally {
    await z.close();
  }
}

async function readAll(bytes: Buffer, limits = DEFAULT_ZIP_LIMITS): Promise<Record<string, string>> {
  return withZip(
    bytes,
    async (z) => {
      const out: Record<string, string> = {};
      for (const e of z.entries) out[e.name] = (await z.read(e)).toString('utf8');
      return out;
    },
    limits,
  );
}

/** The error openZip + read of every entry fails with. */
async function failure(
  entries: ZipWriterEntry[],
  opts?: ZipWriterOptions,
  limits = DEFAULT_ZIP_LIMITS,
): Promise<Error & { code?: string }> {
  try {
    await readAll(buildZip(entries, opts), limits);
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('the zip was accepted');
}

describe('crc32', () => {
  it('matches the check value and the table implementation', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32Table(Buffer.from('123456789'))).toBe(0xcbf43926);
    const buf = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff));
    expect(crc32Table(buf)).toBe(crc32(buf));
    expect(crc32Table(buf.subarray(500), crc32Table(buf.subarray(0, 500)))).toBe(crc32(buf));
  });
});

describe('openZip: what it reads', () => {
  it('reads stored and deflated entries, with and without data descriptors', async () => {
    const zip = buildZip([
      { name: 'p/stored', content: 'stored bytes', method: 0 },
      { name: 'p/deflated', content: 'deflated '.repeat(100) },
      { name: 'p/desc', content: 'with a descriptor', descriptor: true },
      { name: 'p/desc-unsigned', content: 'unsigned descriptor', descriptor: 'unsigned', method: 0 },
      { name: 'p/desc-local-sizes', content: 'sizes in both', descriptor: true, localSizesWithDescriptor: true },
      { name: 'p/empty', content: '' },
      { name: 'p/empty-stored', content: '', method: 0 },
      { name: 'p/dir/', method: 0 },
    ]);
    expect(await readAll(zip)).toEqual({
      'p/stored': 'stored bytes',
      'p/deflated': 'deflated '.repeat(100),
      'p/desc': 'with a descriptor',
      'p/desc-unsigned': 'unsigned descriptor',
      'p/desc-local-sizes': 'sizes in both',
      'p/empty': '',
      'p/empty-stored': '',
      'p/dir/': '',
    });
    await withZip(zip, async (z) => {
      const dir = z.entries.find((e) => e.name === 'p/dir/')!;
      expect(dir.isDir).toBe(true);
      expect(dir.unixMode).toBe(0o40755);
      expect(z.entries[0]).toMatchObject({ name: 'p/stored', method: 0, size: 12, isDir: false, unixMode: 0o100644 });
    });
  });

  it('reads the same entries and bytes whether the zip is read into memory or at offsets', async () => {
    const file = path.join(makeTempDir(), 'm.zip');
    writeFileSync(file, Buffer.from(GO_ZIP_B64, 'base64'));
    const read = async (inMemoryMax: number) => {
      const z = await openZip(file, DEFAULT_ZIP_LIMITS, 'm.zip', inMemoryMax);
      try {
        return await Promise.all(z.entries.map(async (e) => [e.name, e.dataOffset, (await z.read(e)).toString('utf8')]));
      } finally {
        await z.close();
      }
    };
    const atOffsets = await read(0);
    expect(atOffsets.map((r) => r[0])).toEqual(['prefix/xyz', 'prefix/abc']);
    expect(await read(1 << 20)).toEqual(atOffsets);
  });

  it("reads a zip written by Go's archive/zip (data descriptors, FAT creator: no unix mode)", async () => {
    const got = await readAll(Buffer.from(GO_ZIP_B64, 'base64'));
    expect(got).toEqual({ 'prefix/xyz': 'data for xyz', 'prefix/abc': 'data for abc' });
    await withZip(Buffer.from(GO_ZIP_B64, 'base64'), async (z) => {
      expect(z.entries.map((e) => [e.method, e.flags, e.unixMode])).toEqual([
        [8, 8, undefined],
        [8, 8, undefined],
      ]);
    });
  });

  it('accepts an archive comment, and keeps names byte for byte (a leading BOM, non-ASCII)', async () => {
    const names = ['p/\ufeffbom', 'p/ünï'];
    const got = await readAll(
      buildZip(
        names.map((name) => ({ name, content: name })),
        { comment: 'a comment PK\x05\x06' },
      ),
    );
    expect(Object.keys(got)).toEqual(names);
    await withZip(buildZip([{ name: names[0]!, content: 'x' }]), async (z) => {
      expect(z.entries[0]!.rawName.equals(Buffer.from(names[0]!, 'utf8'))).toBe(true);
    });
  });

  const python = spawnSync('python3', ['-c', 'import zipfile'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!python)('agrees with python3 zipfile both ways', async () => {
    const dir = makeTempDir();
    // python3 reads what the writer makes (-t tests every CRC)...
    const ours = path.join(dir, 'ours.zip');
    writeFileSync(
      ours,
      buildZip([
        { name: 'p/a', content: 'alpha '.repeat(50) },
        { name: 'p/b', content: 'beta', method: 0, descriptor: true },
      ]),
    );
    const t = spawnSync('python3', ['-m', 'zipfile', '-t', ours], { encoding: 'utf8' });
    expect(t.status, t.stderr).toBe(0);
    // ...and openZip reads what python3 makes (stored and deflated).
    const theirs = path.join(dir, 'theirs.zip');
    const script = [
      'import sys, zipfile',
      'with zipfile.ZipFile(sys.argv[1], "w") as z:',
      '  z.writestr(zipfile.ZipInfo("p/stored"), b"stored " * 10)',
      '  z.writestr("p/deflated", b"deflated " * 1000, compress_type=zipfile.ZIP_DEFLATED)',
      '  z.writestr("p/\\u00fc", b"umlaut", compress_type=zipfile.ZIP_DEFLATED)',
    ].join('\n');
    const w = spawnSync('python3', ['-c', script, theirs], { encoding: 'utf8' });
    expect(w.status, w.stderr).toBe(0);
    expect(await readAll(readFileSync(theirs))).toEqual({
      'p/stored': 'stored '.repeat(10),
      'p/deflated': 'deflated '.repeat(1000),
      'p/ü': 'umlaut',
    });
  });
});

describe('openZip: what it refuses', () => {
  const ok: ZipWriterEntry = { name: 'p/ok', content: 'fine' };

  it('a flipped byte (CRC-32 mismatch), stored or deflated', async () => {
    const stored = buildZip([{ name: 'p/a', content: 'hello world', method: 0 }]);
    stored[30 + 3 + 4]! ^= 0x01; // inside the data
    await expect(readAll(stored)).rejects.toThrow(/entry "p\/a" fails its CRC-32 check/);
    // A deflate stream of stored blocks (level 0): one flipped payload byte still inflates.
    const data = deflateRawSync(Buffer.from('hello world'), { level: 0 });
    data[data.length - 2]! ^= 0x01;
    expect((await failure([{ name: 'p/a', content: 'hello world', data }])).message).toMatch(/entry "p\/a" fails its CRC-32 check/);
    expect((await failure([{ name: 'p/a', content: 'hello world', crc32: 0x12345678 }])).message).toMatch(/fails its CRC-32 check/);
  });

  it('a local header that disagrees with the central directory', async () => {
    const cases: Array<[ZipWriterEntry['local'], RegExp]> = [
      [{ name: 'p/other' }, /local header's name \("p\/other"\) differs/],
      [{ size: 3 }, /local header's size \(3 vs 4\) differs/],
      [{ compressedSize: 1 }, /compressed size/],
      [{ method: 0 }, /method \(0 vs 8\)/],
      [{ flags: 0x808 }, /flags/],
      [{ crc32: 1 }, /CRC-32/],
    ];
    for (const [local, re] of cases) {
      const err = await failure([ok, { name: 'p/a', content: 'abcd', local }]);
      expect(err.message).toMatch(re);
      expect(err.code).toBe('UNSAFE_ARCHIVE');
    }
    expect((await failure([{ name: 'p/a', content: 'abcd', descriptor: true, descriptorFields: { size: 5 } }])).message).toMatch(
      /data descriptor differs/,
    );
  });

  it('an entry that inflates past its declared size (bomb), or ends short', async () => {
    const bomb = deflateRawSync(Buffer.alloc(10 * 1024 * 1024));
    const err = await failure([{ name: 'p/bomb', data: bomb, size: 1000, crc32: 0 }]);
    expect(err.message).toMatch(/entry "p\/bomb" inflates past its declared 1000 bytes/);
    expect(err.code).toBe('UNSAFE_ARCHIVE');
    expect((await failure([{ name: 'p/short', data: deflateRawSync(Buffer.from('abc')), size: 4 }])).message).toMatch(
      /holds 3 bytes, not the 4/,
    );
    const trailing = Buffer.concat([deflateRawSync(Buffer.from('abc')), Buffer.from('junk')]);
    expect((await failure([{ name: 'p/t', content: 'abc', data: trailing }])).message).toMatch(/deflate stream ends after/);
    expect((await failure([{ name: 'p/t', content: 'abc', data: Buffer.from([0xff, 0xff, 0xff]) }])).message).toMatch(
      /not valid deflate data/,
    );
  });

  it('too many entries, a too-long name, too many declared bytes', async () => {
    const entries = Array.from({ length: 11 }, (_, i) => ({ name: `p/${i}`, content: '' }));
    const limits = { ...DEFAULT_ZIP_LIMITS, maxEntries: 10 };
    expect((await failure(entries, {}, limits)).message).toMatch(/it has 11 entries, more than the limit of 10/);
    await expect(readAll(buildZip(entries.slice(0, 10)), limits)).resolves.toBeDefined();
    expect(
      (await failure([{ name: `p/${'x'.repeat(100)}`, content: '' }], {}, { ...DEFAULT_ZIP_LIMITS, maxNameLength: 64 })).message,
    ).toMatch(/102-byte name \(limit 64\)/);
    const big = [
      { name: 'p/a', content: 'x', size: 300 * 1024 * 1024 },
      { name: 'p/b', content: 'x', size: 300 * 1024 * 1024 },
    ];
    expect((await failure(big)).message).toMatch(/unpacks to more than 524288000 bytes/);
  });

  it('overlapping entries and duplicate names', async () => {
    // Two records for one local header, and two entries of one name.
    const twice = buildZip([
      { name: 'p/a', content: 'aaaa' },
      { name: 'p/a', content: 'aaaa', offset: 0 },
    ]);
    expect(
      (
        await failure([
          { name: 'p/a', content: 'aaaa' },
          { name: 'p/a', content: 'aaaa' },
        ])
      ).message,
    ).toMatch(/appears twice/);
    await expect(readAll(twice)).rejects.toThrow(/appears twice/);
    // Two different names whose ranges overlap: the second header starts inside the first entry.
    const first = Buffer.from('x'.repeat(64));
    const inner = buildZip([{ name: 'p/b', content: 'bbbb', method: 0 }]);
    const localB = inner.subarray(0, inner.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    const data = Buffer.concat([first.subarray(0, 8), localB, first.subarray(8 + localB.length)]);
    const overlapped = buildZip([
      { name: 'p/a', content: data, method: 0 },
      { name: 'p/b', content: 'bbbb', method: 0, offset: 30 + 3 + 8 },
    ]);
    await expect(readAll(overlapped)).rejects.toThrow(/entry "p\/b" overlaps "p\/a"/);
  });

  it('zip64 and encryption, with clear messages', async () => {
    expect((await failure([ok], { zip64Locator: true })).message).toMatch(/zip64 archive, which gosw does not read/);
    expect((await failure([ok], { eocd: { count: 0xffff, countHere: 0xffff } })).message).toMatch(/zip64/);
    expect((await failure([{ ...ok, extra: extraField(0x0001, Buffer.alloc(16)) }])).message).toMatch(/zip64 fields/);
    expect((await failure([{ ...ok, size: 0xffffffff }])).message).toMatch(/zip64 fields/);
    expect((await failure([{ ...ok, local: { extra: extraField(0x0001, Buffer.alloc(16)) } }])).message).toMatch(/zip64 fields/);
    expect((await failure([{ ...ok, flags: 0x801 }])).message).toMatch(/entry "p\/ok" is encrypted/);
    expect((await failure([{ ...ok, method: 99 }])).message).toMatch(/is encrypted/);
    expect((await failure([{ ...ok, extra: extraField(0x9901, Buffer.alloc(7)) }])).message).toMatch(/is encrypted/);
  });

  it('other methods, damaged or foreign structure', async () => {
    expect((await failure([{ ...ok, method: 12 }])).message).toMatch(/compression method 12; only 0 \(store\) and 8 \(deflate\)/);
    expect((await failure([{ ...ok, method: 0, compressedSize: 3 }])).message).toMatch(/stored but its sizes differ/);
    expect((await failure([ok], { trailing: Buffer.from('junk') })).message).toMatch(/no end of central directory/);
    expect((await failure([ok], { gap: Buffer.from('gap'), eocd: { cdOffset: 0 } })).message).toMatch(/does not end where/);
    expect((await failure([ok], { eocd: { disk: 1 } })).message).toMatch(/multi-disk/);
    expect((await failure([{ ...ok, offset: 5 }])).message).toMatch(/no local header at offset 5/);
    expect((await failure([{ name: Buffer.from([0x70, 0x2f, 0xff]), content: '' }])).message).toMatch(/not valid UTF-8/);
    expect((await failure([{ name: 'p/d/', content: 'x', method: 0 }])).message).toMatch(/directory with 1 bytes/);
    expect((await failure([{ ...ok, extra: Buffer.from([1, 2, 3]) }])).message).toMatch(/truncated extra field/);
    const notZip = Buffer.from('<html>not found</html>'.repeat(3));
    await expect(readAll(notZip)).rejects.toThrow(/not a valid module zip: no end of central directory/);
    await expect(readAll(Buffer.from('PK'))).rejects.toThrow(/too short/);
    const truncated = buildZip([ok]);
    await expect(readAll(truncated.subarray(0, truncated.length - 5))).rejects.toThrow(/no end of central directory/);
    expect(SIG.eocd).toBe(0x06054b50);
  });

  it('a file larger than the limit, before reading anything', async () => {
    const zip = buildZip([{ name: 'p/a', content: 'x'.repeat(1000), method: 0 }]);
    await expect(readAll(zip, { ...DEFAULT_ZIP_LIMITS, maxFileSize: 500 })).rejects.toThrow(
      /it is 1104 bytes, more than the 500 a module zip may be/,
    );
  });
});
