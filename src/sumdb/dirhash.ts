/**
 * Go's `dirhash.Hash1` (golang.org/x/mod/sumdb/dirhash), the `h1:` hash the checksum database
 * records for a module zip and its go.mod:
 *
 *   for every file name (exactly as stored, sorted bytewise as Go's sort.Strings does),
 *   a line `lowercase-hex(sha256(content)) + "  " + name + "\n"`;
 *   h1 = "h1:" + base64(sha256(all lines)).
 *
 * A name containing "\n" is refused (as Go does). `hashZip` hashes every entry of a zip opened
 * with `src/install/zip.ts` (directory entries too, as `dirhash.HashZip` does; module zips have
 * none); unlike Go it refuses a name that appears twice rather than hashing the last one twice.
 */
import { createHash } from 'node:crypto';
import type { ZipReader } from '../install/zip.js';

export interface HashedFile {
  /** The name as hashed (for a module zip: with the `path@version/` prefix). */
  name: string;
  /** SHA-256 of the uncompressed content. */
  sha256: Buffer;
}

/** Hash1 over already-hashed files. Throws on a name with "\n" or a duplicate name. */
export function hash1(files: readonly HashedFile[]): string {
  const sorted = files.map((f) => ({ ...f, raw: Buffer.from(f.name, 'utf8') })).sort((a, b) => Buffer.compare(a.raw, b.raw));
  const summary = createHash('sha256');
  let prev: Buffer | undefined;
  for (const f of sorted) {
    if (f.name.includes('\n')) throw new Error(`dirhash: file name ${JSON.stringify(f.name)} contains a newline`);
    if (prev?.equals(f.raw)) throw new Error(`dirhash: file name ${JSON.stringify(f.name)} appears twice`);
    if (f.sha256.length !== 32) throw new Error(`dirhash: ${JSON.stringify(f.name)} has no SHA-256`);
    prev = f.raw;
    summary.update(`${f.sha256.toString('hex')}  ${f.name}\n`, 'utf8');
  }
  return 'h1:' + summary.digest('base64');
}

export function sha256(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** Hash1 of named contents (small inputs, tests, the go.mod). */
export function hash1Contents(files: ReadonlyArray<{ name: string; content: Uint8Array }>): string {
  for (const f of files) if (f.name.includes('\n')) throw new Error(`dirhash: file name ${JSON.stringify(f.name)} contains a newline`);
  return hash1(files.map((f) => ({ name: f.name, sha256: sha256(f.content) })));
}

/** The go.mod hash: Hash1 over the single name `go.mod` (the sumdb line `<path> <version>/go.mod h1:…`). */
export function hashGoMod(content: Uint8Array): string {
  return hash1Contents([{ name: 'go.mod', content }]);
}

/** `dirhash.HashZip(zip, Hash1)`: every entry, by its stored name, over the bytes `zip.read` returns. */
export async function hashZip(zip: ZipReader): Promise<string> {
  const files: HashedFile[] = [];
  for (const e of zip.entries) {
    if (e.name.includes('\n')) throw new Error(`dirhash: file name ${JSON.stringify(e.name)} contains a newline`);
  }
  for (const e of zip.entries) files.push({ name: e.name, sha256: sha256(await zip.read(e)) });
  return hash1(files);
}
