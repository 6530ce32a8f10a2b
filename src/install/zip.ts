/**
 * A small, bounded, fail-closed reader for Go module zips (issue 11). It reads what
 * `golang.org/x/mod/zip` and Go's `archive/zip` write (stored or deflated entries, with or without
 * data descriptors) and refuses everything else with a message naming the problem:
 *
 * - the End of Central Directory must end the file exactly (a comment is allowed), on disk 0,
 *   with the central directory right before it; zip64 is refused (a module zip is at most
 *   500 MiB, `x/mod/zip.MaxZipFile`, so it never needs zip64), and so is encryption;
 * - bounded before anything is inflated: the file size, the entry count, each name's length, and
 *   the sum of the declared uncompressed sizes (all from the central directory);
 * - every local header must agree with its central directory record (name, flags, method, CRC and
 *   sizes unless a data descriptor carries them, and then the descriptor must agree); entries may
 *   not overlap each other or the central directory; names must be UTF-8 and unique;
 * - methods 0 (store) and 8 (deflate) only; inflation stops at the declared size (a bomb fails),
 *   the deflate stream must end exactly at the entry's compressed size, and the CRC-32 must match.
 *
 * The security check of a module zip is its `h1:` hash (`src/sumdb/dirhash.ts`) against the
 * checksum database, computed from the bytes this reader returns: whatever a hostile zip says, the
 * unpacked bytes are the hashed bytes, so they must come from the same `read` calls.
 */
import { type FileHandle, open } from 'node:fs/promises';
import * as zlib from 'node:zlib';
import { GoswError } from '../errors.js';

const MIB = 1024 * 1024;
/** `x/mod/zip.MaxZipFile`: the largest module zip, and the largest total of its uncompressed files. */
export const MAX_ZIP_FILE = 500 * MIB;

export interface ZipLimits {
  /** Largest zip file accepted (bytes). */
  maxFileSize: number;
  /** Most entries in the central directory (a toolchain has ~13,000). */
  maxEntries: number;
  /** Longest entry name (bytes). */
  maxNameLength: number;
  /** Largest sum of the declared uncompressed sizes. */
  maxTotalSize: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxFileSize: MAX_ZIP_FILE,
  maxEntries: 100_000,
  maxNameLength: 4096,
  maxTotalSize: MAX_ZIP_FILE,
};

export interface ZipEntry {
  /** The name exactly as stored (validated UTF-8). */
  readonly name: string;
  /** The name's stored bytes (what Go's dirhash sorts and hashes). */
  readonly rawName: Buffer;
  /** 0 (stored) or 8 (deflated). */
  readonly method: 0 | 8;
  readonly flags: number;
  readonly crc32: number;
  readonly compressedSize: number;
  /** Declared uncompressed size: `read` returns exactly this many bytes or fails. */
  readonly size: number;
  /** The name ends with '/'. */
  readonly isDir: boolean;
  /** Unix mode from the external attributes when the creator is Unix or macOS, else undefined. */
  readonly unixMode: number | undefined;
  readonly externalAttrs: number;
  /** Offset of the local header. */
  readonly offset: number;
  /** Offset of the compressed data (after the local header, checked at open). */
  readonly dataOffset: number;
}

export interface ZipReader {
  readonly path: string;
  readonly entries: readonly ZipEntry[];
  /** The entry's uncompressed bytes: exactly `entry.size` of them, CRC-checked. */
  read(entry: ZipEntry): Promise<Buffer>;
  close(): Promise<void>;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const EOCD_LEN = 22;
const CENTRAL_LEN = 46;
const LOCAL_LEN = 30;
const MAX_COMMENT = 0xffff;

const FLAG_ENCRYPTED = 0x1;
const FLAG_DESCRIPTOR = 0x8;
const FLAG_STRONG_ENCRYPTION = 0x40;
const FLAG_MASKED_HEADER = 0x2000;

const EXTRA_ZIP64 = 0x0001;
const EXTRA_AES = 0x9901;
const CREATOR_UNIX = 3;
const CREATOR_MACOS = 19;

function bad(file: string, why: string): GoswError {
  return new GoswError('BAD_ARCHIVE', `${file} is not a valid module zip: ${why}`, {
    hint: 'the download is damaged or not a Go module zip; retry or use another proxy',
  });
}

function unsafe(file: string, why: string): GoswError {
  return new GoswError('UNSAFE_ARCHIVE', `unsafe archive ${file}: ${why}`, {
    hint: 'the zip was refused before anything was unpacked; use another proxy or report it',
  });
}

// CRC-32 (IEEE): node:zlib has crc32 from Node 20.15; a table otherwise.
let table: Uint32Array | undefined;
function tableCrc32(data: Uint8Array, prev = 0): number {
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = ~prev >>> 0;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
/** CRC-32 as zip uses it (IEEE 802.3), continuing from `prev`. */
export function crc32(data: Uint8Array, prev = 0): number {
  return nativeCrc32 ? nativeCrc32(data, prev) >>> 0 : tableCrc32(data, prev);
}
/** The table implementation, exported for the test that compares both. */
export const crc32Table = tableCrc32;

// ignoreBOM: keep a leading U+FEFF, so the decoded name re-encodes to the stored bytes.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The zip's bytes: a file read at offsets, or, when it is small enough, the whole file read once
 * (a toolchain zip has ~9k entries; reading each header and body separately costs ~35k reads).
 * A read past the end returns what there is, as a short read from the file would.
 */
interface Bytes {
  at(pos: number, len: number): Promise<Buffer>;
  stat(): Promise<{ size: number }>;
  close(): Promise<void>;
}

/** Zips up to this size are read into memory whole (a toolchain's is ~70 MB). */
const IN_MEMORY_MAX = 160 * MIB;

async function openBytes(path: string, limits: ZipLimits, inMemoryMax: number): Promise<Bytes> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    // Over the limit: opened as a file, so readStructure names the size in its refusal.
    if (size > inMemoryMax || size > limits.maxFileSize) return fileBytes(fh);
    const all = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const { bytesRead } = await fh.read(all, got, size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    await fh.close();
    const data = all.subarray(0, got);
    return {
      at: async (pos, len) => data.subarray(Math.min(pos, data.length), Math.min(pos + len, data.length)),
      stat: async () => ({ size: data.length }),
      close: async () => {},
    };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

function fileBytes(fh: FileHandle): Bytes {
  return { at: (pos, len) => readAt(fh, pos, len), stat: () => fh.stat(), close: () => fh.close() };
}

async function readAt(fh: FileHandle, pos: number, len: number): Promise<Buffer> {
  const buf = Buffer.alloc(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === len ? buf : buf.subarray(0, got);
}

/** Parses an extra field; returns the header ids, or a reason it is malformed. */
function extraIds(extra: Buffer): number[] | string {
  const ids: number[] = [];
  let i = 0;
  while (i < extra.length) {
    if (i + 4 > extra.length) return 'a truncated extra field';
    const id = extra.readUInt16LE(i);
    const len = extra.readUInt16LE(i + 2);
    if (i + 4 + len > extra.length) return 'an extra field longer than its header says';
    ids.push(id);
    i += 4 + len;
  }
  return ids;
}

interface Central {
  name: string;
  rawName: Buffer;
  versionMadeBy: number;
  flags: number;
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  externalAttrs: number;
  offset: number;
}

/** Opens a module zip and checks its whole structure (central directory and every local header). */
export async function openZip(
  path: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
  displayName = path,
  /** Read into memory whole up to this size (tests use 0 to read at offsets). */
  inMemoryMax = IN_MEMORY_MAX,
): Promise<ZipReader> {
  const fh = await openBytes(path, limits, inMemoryMax);
  try {
    const entries = await readStructure(fh, displayName, limits);
    return {
      path,
      entries,
      read: (entry) => readEntry(fh, displayName, entry),
      close: () => fh.close(),
    };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

async function readStructure(fh: Bytes, file: string, limits: ZipLimits): Promise<ZipEntry[]> {
  const { size: fileSize } = await fh.stat();
  if (fileSize > limits.maxFileSize) throw unsafe(file, `it is ${fileSize} bytes, more than the ${limits.maxFileSize} a module zip may be`);
  if (fileSize < EOCD_LEN) throw bad(file, 'too short to be a zip file');

  // The End of Central Directory: the last 22 bytes, or earlier by the length of a comment.
  // Accept only a record whose comment ends exactly at the end of the file.
  const tailLen = Math.min(fileSize, EOCD_LEN + MAX_COMMENT);
  const tailStart = fileSize - tailLen;
  const tail = await fh.at(tailStart, tailLen);
  let eocdAt = -1;
  for (let i = tailLen - EOCD_LEN; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + EOCD_LEN + tail.readUInt16LE(i + 20) === tailLen) {
      eocdAt = i;
      break;
    }
  }
  if (eocdAt < 0) throw bad(file, 'no end of central directory record at its end (not a zip file, or truncated)');
  const eocdOffset = tailStart + eocdAt;
  const disk = tail.readUInt16LE(eocdAt + 4);
  const cdDisk = tail.readUInt16LE(eocdAt + 6);
  const countHere = tail.readUInt16LE(eocdAt + 8);
  const count = tail.readUInt16LE(eocdAt + 10);
  const cdSize = tail.readUInt32LE(eocdAt + 12);
  const cdOffset = tail.readUInt32LE(eocdAt + 16);
  const zip64Locator = eocdAt >= 20 && tail.readUInt32LE(eocdAt - 20) === SIG_ZIP64_LOCATOR;
  if (zip64Locator || count === 0xffff || countHere === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw bad(file, 'it is a zip64 archive, which gosw does not read (a Go module zip is at most 500 MiB and never needs zip64)');
  }
  if (disk !== 0 || cdDisk !== 0 || countHere !== count) throw bad(file, 'it is a multi-disk (split) zip');
  if (count > limits.maxEntries) throw unsafe(file, `it has ${count} entries, more than the limit of ${limits.maxEntries}`);
  if (cdOffset + cdSize !== eocdOffset) {
    throw bad(file, `the central directory (${cdSize} bytes at ${cdOffset}) does not end where the end record starts (${eocdOffset})`);
  }
  if (cdSize < count * CENTRAL_LEN) throw bad(file, `the central directory is too small for ${count} entries`);

  const cd = await fh.at(cdOffset, cdSize);
  const centrals: Central[] = [];
  const names = new Set<string>();
  let total = 0;
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + CENTRAL_LEN > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL)
      throw bad(file, `central directory record ${n} is missing or damaged`);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const end = p + CENTRAL_LEN + nameLen + extraLen + commentLen;
    if (end > cd.length) throw bad(file, `central directory record ${n} runs past the directory`);
    if (nameLen > limits.maxNameLength) throw unsafe(file, `entry ${n} has a ${nameLen}-byte name (limit ${limits.maxNameLength})`);
    const rawName = Buffer.from(cd.subarray(p + CENTRAL_LEN, p + CENTRAL_LEN + nameLen));
    let name: string;
    try {
      name = utf8.decode(rawName);
    } catch {
      throw bad(file, `entry ${n}'s name is not valid UTF-8`);
    }
    const c: Central = {
      name,
      rawName,
      versionMadeBy: cd.readUInt16LE(p + 4),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      externalAttrs: cd.readUInt32LE(p + 38),
      offset: cd.readUInt32LE(p + 42),
    };
    const what = `entry ${JSON.stringify(name)}`;
    const ids = extraIds(cd.subarray(p + CENTRAL_LEN + nameLen, p + CENTRAL_LEN + nameLen + extraLen));
    if (typeof ids === 'string') throw bad(file, `${what} has ${ids}`);
    if (ids.includes(EXTRA_ZIP64) || c.size === 0xffffffff || c.compressedSize === 0xffffffff || c.offset === 0xffffffff) {
      throw bad(file, `${what} uses zip64 fields, which gosw does not read (a Go module zip never needs them)`);
    }
    if (c.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADER) || c.method === 99 || ids.includes(EXTRA_AES)) {
      throw bad(file, `${what} is encrypted; Go module zips are never encrypted`);
    }
    if (cd.readUInt16LE(p + 34) !== 0) throw bad(file, `${what} starts on another disk`);
    if (c.method !== 0 && c.method !== 8)
      throw bad(file, `${what} uses compression method ${c.method}; only 0 (store) and 8 (deflate) are read`);
    if (c.method === 0 && c.compressedSize !== c.size)
      throw bad(file, `${what} is stored but its sizes differ (${c.compressedSize} vs ${c.size})`);
    if (name.endsWith('/') && c.size !== 0) throw bad(file, `${what} is a directory with ${c.size} bytes of content`);
    if (names.has(name)) throw unsafe(file, `${what} appears twice`);
    names.add(name);
    total += c.size;
    if (total > limits.maxTotalSize) throw unsafe(file, `it unpacks to more than ${limits.maxTotalSize} bytes`);
    centrals.push(c);
    p = end;
  }
  if (p !== cd.length) throw bad(file, `the central directory has ${cd.length - p} bytes after its ${count} records`);

  // Local headers, in file order: each must agree with its record, and the ranges may not overlap.
  const order = centrals.map((_c, i) => i).sort((a, b) => centrals[a]!.offset - centrals[b]!.offset);
  const entries: ZipEntry[] = new Array(centrals.length);
  let prevEnd = 0;
  let prevName = '';
  for (const [k, i] of order.entries()) {
    // From memory every read resolves at once: let timers and I/O run now and then.
    if (k % 1024 === 1023) await new Promise((r) => setImmediate(r));
    const c = centrals[i]!;
    const what = `entry ${JSON.stringify(c.name)}`;
    if (c.offset < prevEnd) throw unsafe(file, `${what} overlaps ${JSON.stringify(prevName)}`);
    const head = await fh.at(c.offset, LOCAL_LEN);
    if (head.length < LOCAL_LEN || c.offset + LOCAL_LEN > cdOffset || head.readUInt32LE(0) !== SIG_LOCAL) {
      throw bad(file, `${what} has no local header at offset ${c.offset}`);
    }
    const flags = head.readUInt16LE(6);
    const method = head.readUInt16LE(8);
    const lcrc = head.readUInt32LE(14);
    const lcomp = head.readUInt32LE(18);
    const lsize = head.readUInt32LE(22);
    const nameLen = head.readUInt16LE(26);
    const extraLen = head.readUInt16LE(28);
    const dataOffset = c.offset + LOCAL_LEN + nameLen + extraLen;
    if (dataOffset > cdOffset) throw bad(file, `${what}'s local header runs into the central directory`);
    const rest = await fh.at(c.offset + LOCAL_LEN, nameLen + extraLen);
    const lname = rest.subarray(0, nameLen);
    const ids = extraIds(rest.subarray(nameLen));
    const differs = (field: string) => unsafe(file, `${what}: the local header's ${field} differs from the central directory's`);
    if (!lname.equals(c.rawName)) throw differs(`name (${JSON.stringify(lname.toString('utf8'))})`);
    if (typeof ids === 'string') throw bad(file, `${what}'s local header has ${ids}`);
    if (ids.includes(EXTRA_ZIP64)) throw bad(file, `${what}'s local header uses zip64 fields, which gosw does not read`);
    if (ids.includes(EXTRA_AES)) throw bad(file, `${what} is encrypted; Go module zips are never encrypted`);
    if (flags !== c.flags) throw differs(`flags (0x${flags.toString(16)} vs 0x${c.flags.toString(16)})`);
    if (method !== c.method) throw differs(`method (${method} vs ${c.method})`);
    // With a data descriptor the local CRC and sizes may be zero; if set they must agree too.
    const descriptor = (c.flags & FLAG_DESCRIPTOR) !== 0;
    const zeroed = descriptor && lcrc === 0 && lcomp === 0 && lsize === 0;
    if (!zeroed) {
      if (lcrc !== c.crc32) throw differs('CRC-32');
      if (lcomp !== c.compressedSize) throw differs(`compressed size (${lcomp} vs ${c.compressedSize})`);
      if (lsize !== c.size) throw differs(`size (${lsize} vs ${c.size})`);
    }
    let end = dataOffset + c.compressedSize;
    if (end > cdOffset) throw bad(file, `${what}'s data runs into the central directory`);
    if (descriptor) {
      const d = await fh.at(end, Math.min(16, cdOffset - end));
      const signed = d.length >= 16 && d.readUInt32LE(0) === SIG_DESCRIPTOR;
      const at = signed ? 4 : 0;
      if (d.length < at + 12) throw bad(file, `${what}'s data descriptor is missing`);
      if (d.readUInt32LE(at) !== c.crc32 || d.readUInt32LE(at + 4) !== c.compressedSize || d.readUInt32LE(at + 8) !== c.size) {
        throw unsafe(file, `${what}: its data descriptor differs from the central directory`);
      }
      end += at + 12;
    }
    const creator = c.versionMadeBy >>> 8;
    entries[i] = {
      name: c.name,
      rawName: c.rawName,
      method: c.method as 0 | 8,
      flags: c.flags,
      crc32: c.crc32,
      compressedSize: c.compressedSize,
      size: c.size,
      isDir: c.name.endsWith('/'),
      unixMode: creator === CREATOR_UNIX || creator === CREATOR_MACOS ? c.externalAttrs >>> 16 : undefined,
      externalAttrs: c.externalAttrs,
      offset: c.offset,
      dataOffset,
    };
    prevEnd = end;
    prevName = c.name;
  }
  return entries;
}

function inflateRaw(raw: Buffer, maxOutputLength: number): Promise<{ buffer: Buffer; engine: zlib.InflateRaw }> {
  return new Promise((resolve, reject) =>
    zlib.inflateRaw(raw, { info: true, maxOutputLength }, (err, res) =>
      err ? reject(err) : resolve(res as unknown as { buffer: Buffer; engine: zlib.InflateRaw }),
    ),
  );
}

async function readEntry(fh: Bytes, file: string, e: ZipEntry): Promise<Buffer> {
  const what = `entry ${JSON.stringify(e.name)}`;
  const raw = await fh.at(e.dataOffset, e.compressedSize);
  if (raw.length !== e.compressedSize) throw bad(file, `${what} is truncated`);
  let out: Buffer;
  if (e.method === 0) {
    out = raw;
  } else {
    let res: { buffer: Buffer; engine: zlib.InflateRaw };
    try {
      // Never more than the declared size (maxOutputLength must be at least 1). On libuv's pool,
      // so the main thread hashes and writes other entries meanwhile.
      res = await inflateRaw(raw, Math.max(1, e.size));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') throw unsafe(file, `${what} inflates past its declared ${e.size} bytes`);
      throw bad(file, `${what} is not valid deflate data (${(err as Error).message})`);
    }
    out = res.buffer;
    if (out.length > e.size) throw unsafe(file, `${what} inflates past its declared ${e.size} bytes`);
    if (res.engine.bytesWritten !== e.compressedSize) {
      throw bad(file, `${what}'s deflate stream ends after ${res.engine.bytesWritten} of its ${e.compressedSize} bytes`);
    }
  }
  if (out.length !== e.size) throw bad(file, `${what} holds ${out.length} bytes, not the ${e.size} its header declares`);
  if (crc32(out) !== e.crc32) throw bad(file, `${what} fails its CRC-32 check`);
  return out;
}
