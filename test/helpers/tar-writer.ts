/**
 * A small raw tar writer for tests: every header field is under the test's control, so hostile
 * archives (escaping paths, device files, links out of the tree, setuid bits, foreign owners)
 * can be built byte for byte. Writes POSIX ustar headers with correct checksums, plus pax
 * extended headers ('x') for names or link names that do not fit, or on request.
 */
import { gzipSync } from 'node:zlib';

/** Friendly names for the ustar type flags. */
export const TYPE = {
  file: '0',
  hardlink: '1',
  symlink: '2',
  char: '3',
  block: '4',
  dir: '5',
  fifo: '6',
  pax: 'x',
  paxGlobal: 'g',
} as const;

export type TarTypeName = keyof typeof TYPE;
/** A type flag ('0'..'6', 'x', 'g', or anything else a test wants to write) or a friendly name. */
export type TarType = TarTypeName | (string & {});

export interface TarEntry {
  /** Entry name as written (may be absolute, contain `..`, anything). Directories get no implicit slash. */
  name: string;
  /** Default: 'file'. */
  type?: TarType;
  /** Link target for hardlinks and symlinks. */
  linkname?: string;
  /** Permission bits incl. setuid/setgid/sticky. Default 0o644 for files, 0o755 for dirs, 0o777 for symlinks. */
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  /** Seconds since the epoch, or a Date. Default: a fixed time (2024-01-01). */
  mtime?: number | Date;
  /** File content (also used as the raw body of a 'x' / 'g' entry). */
  content?: string | Buffer;
  devmajor?: number;
  devminor?: number;
  /** Extra pax records written in an 'x' header just before this entry (e.g. { path: '../evil' }). */
  pax?: Record<string, string>;
  /** Always put name/linkname into a pax header, even when they would fit in ustar. */
  forcePax?: boolean;
  /** Override the size field (the content written is still `content`): to build corrupt archives. */
  sizeOverride?: number;
  /** Override the checksum field: to build corrupt archives. */
  checksumOverride?: number;
}

const BLOCK = 512;
const DEFAULT_MTIME = Date.UTC(2024, 0, 1) / 1000;

function typeFlag(t: TarType | undefined): string {
  if (t === undefined) return '0';
  const named = (TYPE as Record<string, string>)[t];
  const flag = named ?? t;
  if (Buffer.byteLength(flag) !== 1) throw new Error(`tar-writer: type flag must be one byte, got ${JSON.stringify(t)}`);
  return flag;
}

function writeString(buf: Buffer, value: string, offset: number, length: number, field: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar-writer: ${field} ${JSON.stringify(value)} is longer than ${length} bytes`);
  bytes.copy(buf, offset);
}

/** Octal number, zero padded to length-1 digits, NUL terminated. */
function writeOctal(buf: Buffer, value: number, offset: number, length: number, field: string): void {
  if (!Number.isInteger(value) || value < 0) throw new Error(`tar-writer: ${field} must be a non-negative integer, got ${value}`);
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new Error(`tar-writer: ${field} ${value} does not fit in ${length} bytes`);
  buf.write(digits.padStart(length - 1, '0') + '\0', offset, length, 'ascii');
}

/** Splits a long name into ustar prefix (<=155 bytes) + name (<=100 bytes) at a slash, if possible. */
function splitUstarName(name: string): { prefix: string; name: string } | undefined {
  const bytes = Buffer.byteLength(name);
  if (bytes <= 100) return { prefix: '', name };
  if (bytes > 256) return undefined;
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== '/') continue;
    const prefix = name.slice(0, i);
    const rest = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(rest) <= 100 && rest.length > 0) return { prefix, name: rest };
  }
  return undefined;
}

/** One pax record: "<len> <key>=<value>\n" where len counts the whole record, its own digits included. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLen = Buffer.byteLength(body);
  let len = bodyLen + 1;
  while (bodyLen + String(len).length !== len) len = bodyLen + String(len).length;
  return `${len}${body}`;
}

export function paxBody(records: Record<string, string>): Buffer {
  return Buffer.from(
    Object.entries(records)
      .map(([k, v]) => paxRecord(k, v))
      .join(''),
    'utf8',
  );
}

function header(e: TarEntry, flag: string, size: number, nameOverride?: { prefix: string; name: string }, linkOverride?: string): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const split = nameOverride ?? splitUstarName(e.name) ?? { prefix: '', name: e.name };
  const defaultMode = flag === '5' ? 0o755 : flag === '2' ? 0o777 : 0o644;
  const mtime = e.mtime instanceof Date ? Math.floor(e.mtime.getTime() / 1000) : (e.mtime ?? DEFAULT_MTIME);
  writeString(h, split.name, 0, 100, 'name');
  writeOctal(h, e.mode ?? defaultMode, 100, 8, 'mode');
  writeOctal(h, e.uid ?? 0, 108, 8, 'uid');
  writeOctal(h, e.gid ?? 0, 116, 8, 'gid');
  writeOctal(h, e.sizeOverride ?? size, 124, 12, 'size');
  writeOctal(h, mtime, 136, 12, 'mtime');
  h.write('        ', 148, 8, 'ascii'); // checksum computed with the field as spaces
  h.write(flag, 156, 1, 'ascii');
  writeString(h, linkOverride ?? e.linkname ?? '', 157, 100, 'linkname');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  writeString(h, e.uname ?? '', 265, 32, 'uname');
  writeString(h, e.gname ?? '', 297, 32, 'gname');
  writeOctal(h, e.devmajor ?? 0, 329, 8, 'devmajor');
  writeOctal(h, e.devminor ?? 0, 337, 8, 'devminor');
  writeString(h, split.prefix, 345, 155, 'prefix');
  let sum = 0;
  for (const b of h) sum += b;
  // 6 octal digits, NUL, space: the traditional layout GNU tar and node-tar both accept.
  h.write((e.checksumOverride ?? sum).toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
  return h;
}

function pad(data: Buffer): Buffer[] {
  const rem = data.length % BLOCK;
  return rem === 0 ? [data] : [data, Buffer.alloc(BLOCK - rem, 0)];
}

function truncateName(name: string, max: number): string {
  let out = name;
  while (Buffer.byteLength(out) > max) out = out.slice(0, -1);
  return out;
}

/** Builds an uncompressed tar archive (ends with the two zero blocks). */
export function tar(entries: readonly TarEntry[], opts: { noEndBlocks?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    const flag = typeFlag(e.type);
    const content = e.content === undefined ? Buffer.alloc(0) : Buffer.isBuffer(e.content) ? e.content : Buffer.from(e.content, 'utf8');
    const records: Record<string, string> = { ...(e.pax ?? {}) };
    let nameFields: { prefix: string; name: string } | undefined = splitUstarName(e.name);
    let linkField = e.linkname ?? '';
    if (flag !== 'x' && flag !== 'g') {
      if (e.forcePax || nameFields === undefined) {
        records.path ??= e.name;
        nameFields = { prefix: '', name: truncateName(e.name, 100) };
      }
      if (e.forcePax || Buffer.byteLength(linkField) > 100) {
        if (e.linkname !== undefined) records.linkpath ??= e.linkname;
        linkField = truncateName(linkField, 100);
      }
      if (Object.keys(records).length > 0) {
        const body = paxBody(records);
        const paxName = truncateName(`PaxHeaders/${nameFields.name}`, 100);
        parts.push(header({ name: paxName, mode: 0o644, mtime: e.mtime }, 'x', body.length, { prefix: '', name: paxName }), ...pad(body));
      }
    }
    // Links, devices, dirs and fifos carry no data: size 0 unless a test overrides it.
    const hasData = flag === '0' || flag === '7' || flag === 'x' || flag === 'g' || (content.length > 0 && !'123456'.includes(flag));
    const data = hasData ? content : Buffer.alloc(0);
    parts.push(header(e, flag, data.length, nameFields, linkField));
    if (data.length > 0) parts.push(...pad(data));
  }
  if (!opts.noEndBlocks) parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

/** Builds a gzip-compressed tar archive. */
export function tarGz(entries: readonly TarEntry[], opts: { level?: number; noEndBlocks?: boolean } = {}): Buffer {
  return gzipSync(tar(entries, opts), { level: opts.level ?? 6 });
}

// Shorthands for building entry lists readably.
export const file = (name: string, content: string | Buffer = '', extra: Partial<TarEntry> = {}): TarEntry => ({
  name,
  type: 'file',
  content,
  ...extra,
});
export const dir = (name: string, extra: Partial<TarEntry> = {}): TarEntry => ({ name, type: 'dir', ...extra });
export const symlink = (name: string, target: string, extra: Partial<TarEntry> = {}): TarEntry => ({
  name,
  type: 'symlink',
  linkname: target,
  ...extra,
});
export const hardlink = (name: string, target: string, extra: Partial<TarEntry> = {}): TarEntry => ({
  name,
  type: 'hardlink',
  linkname: target,
  ...extra,
});
