/**
 * A small raw zip writer for tests: every header field is under the test's control, so hostile
 * module zips (names outside the prefix, symlinks, bombs, local headers that disagree with the
 * central directory, zip64 or encryption markers) can be built byte for byte. By default it writes
 * what Go's archive/zip does for a module zip: deflated entries, version 2.0, UTF-8 names.
 */
import { crc32 as zlibCrc32, deflateRawSync } from 'node:zlib';

export interface LocalOverrides {
  name?: string | Buffer;
  flags?: number;
  method?: number;
  crc32?: number;
  compressedSize?: number;
  size?: number;
  extra?: Buffer;
}

export interface ZipWriterEntry {
  /** Name as written (anything, including `..`, "\n", a trailing slash). */
  name: string | Buffer;
  content?: string | Buffer;
  /** 0 (store) or 8 (deflate, the default); any other number is written as is (data stored). */
  method?: number;
  /** The bytes written as the entry's data, instead of content stored/deflated. */
  data?: Buffer;
  /** Central (and local) fields; default: computed from content and data. */
  crc32?: number;
  size?: number;
  compressedSize?: number;
  flags?: number;
  /** Write a data descriptor after the data (flag 0x8); 'unsigned' leaves out its signature. */
  descriptor?: boolean | 'unsigned';
  /** Overrides for the descriptor's fields. */
  descriptorFields?: { crc32?: number; compressedSize?: number; size?: number };
  /** With a descriptor, write the real CRC and sizes in the local header instead of zeros. */
  localSizesWithDescriptor?: boolean;
  /** Default 0x0314: Unix, zip 2.0. */
  versionMadeBy?: number;
  /** Unix mode (with type bits), stored as external attributes << 16. Default 0o100644 (0o40755 for a name ending in '/'). */
  mode?: number;
  /** Raw external attributes (wins over mode). */
  externalAttrs?: number;
  /** Central directory extra field. */
  extra?: Buffer;
  /** Local header fields that differ from the central directory's. */
  local?: LocalOverrides;
  /** The local header offset written in the central directory. */
  offset?: number;
  diskStart?: number;
}

export interface ZipWriterOptions {
  comment?: string | Buffer;
  /** Overrides for the End of Central Directory record. */
  eocd?: { disk?: number; cdDisk?: number; countHere?: number; count?: number; cdSize?: number; cdOffset?: number };
  /** Write a zip64 End of Central Directory locator before the EOCD. */
  zip64Locator?: boolean;
  /** Bytes appended after the EOCD. */
  trailing?: Buffer;
  /** Bytes written between the last entry and the central directory. */
  gap?: Buffer;
}

export const SIG = { local: 0x04034b50, central: 0x02014b50, eocd: 0x06054b50, descriptor: 0x08074b50, zip64Locator: 0x07064b50 };

/** Extra field: id, then the data's length, then the data. */
export function extraField(id: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(id, 0);
  h.writeUInt16LE(data.length, 2);
  return Buffer.concat([h, data]);
}

const FIXED_TIME = 0x0000; // 00:00:00
const FIXED_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1; // 2024-01-01

export function buildZip(entries: readonly ZipWriterEntry[], opts: ZipWriterOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let pos = 0;
  for (const e of entries) {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const content = typeof e.content === 'string' ? Buffer.from(e.content, 'utf8') : (e.content ?? Buffer.alloc(0));
    const method = e.method ?? 8;
    const data = e.data ?? (method === 8 ? deflateRawSync(content) : content);
    const crc = e.crc32 ?? zlibCrc32(content) >>> 0;
    const size = e.size ?? content.length;
    const csize = e.compressedSize ?? data.length;
    const flags = e.flags ?? 0x800 | (e.descriptor ? 0x8 : 0);
    const isDirName = name.length > 0 && name[name.length - 1] === 0x2f;
    const attrs = e.externalAttrs ?? ((e.mode ?? (isDirName ? 0o40755 : 0o100644)) << 16) >>> 0;
    const extra = e.extra ?? Buffer.alloc(0);
    const l = e.local ?? {};
    const lname = l.name === undefined ? name : typeof l.name === 'string' ? Buffer.from(l.name, 'utf8') : l.name;
    const lextra = l.extra ?? Buffer.alloc(0);
    const zeroed = e.descriptor && !e.localSizesWithDescriptor;

    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(SIG.local, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(l.flags ?? flags, 6);
    lh.writeUInt16LE(l.method ?? method, 8);
    lh.writeUInt16LE(FIXED_TIME, 10);
    lh.writeUInt16LE(FIXED_DATE, 12);
    lh.writeUInt32LE(l.crc32 ?? (zeroed ? 0 : crc), 14);
    lh.writeUInt32LE(l.compressedSize ?? (zeroed ? 0 : csize), 18);
    lh.writeUInt32LE(l.size ?? (zeroed ? 0 : size), 22);
    lh.writeUInt16LE(lname.length, 26);
    lh.writeUInt16LE(lextra.length, 28);
    const offset = pos;
    const chunk = [lh, lname, lextra, data];
    if (e.descriptor) {
      const d = e.descriptorFields ?? {};
      const signed = e.descriptor !== 'unsigned';
      const dd = Buffer.alloc(signed ? 16 : 12);
      let at = 0;
      if (signed) {
        dd.writeUInt32LE(SIG.descriptor, 0);
        at = 4;
      }
      dd.writeUInt32LE(d.crc32 ?? crc, at);
      dd.writeUInt32LE(d.compressedSize ?? csize, at + 4);
      dd.writeUInt32LE(d.size ?? size, at + 8);
      chunk.push(dd);
    }
    for (const c of chunk) {
      parts.push(c);
      pos += c.length;
    }

    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(SIG.central, 0);
    ch.writeUInt16LE(e.versionMadeBy ?? 0x0314, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt16LE(method, 10);
    ch.writeUInt16LE(FIXED_TIME, 12);
    ch.writeUInt16LE(FIXED_DATE, 14);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(csize, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt16LE(extra.length, 30);
    ch.writeUInt16LE(0, 32);
    ch.writeUInt16LE(e.diskStart ?? 0, 34);
    ch.writeUInt16LE(0, 36);
    ch.writeUInt32LE(attrs, 38);
    ch.writeUInt32LE(e.offset ?? offset, 42);
    central.push(ch, name, extra);
  }
  if (opts.gap) {
    parts.push(opts.gap);
    pos += opts.gap.length;
  }
  const cd = Buffer.concat(central);
  const cdOffset = pos;
  parts.push(cd);
  pos += cd.length;
  if (opts.zip64Locator) {
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(SIG.zip64Locator, 0);
    parts.push(loc);
  }
  const comment = typeof opts.comment === 'string' ? Buffer.from(opts.comment) : (opts.comment ?? Buffer.alloc(0));
  const o = opts.eocd ?? {};
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(SIG.eocd, 0);
  eocd.writeUInt16LE(o.disk ?? 0, 4);
  eocd.writeUInt16LE(o.cdDisk ?? 0, 6);
  eocd.writeUInt16LE(o.countHere ?? entries.length, 8);
  eocd.writeUInt16LE(o.count ?? entries.length, 10);
  eocd.writeUInt32LE(o.cdSize ?? cd.length, 12);
  eocd.writeUInt32LE(o.cdOffset ?? cdOffset, 16);
  eocd.writeUInt16LE(comment.length, 20);
  parts.push(eocd, comment);
  if (opts.trailing) parts.push(opts.trailing);
  return Buffer.concat(parts);
}
