/**
 * Generators of hostile Go archives, for tests that attack the extractor. Each returns tar
 * entries to append to an otherwise normal toolchain (test/helpers/toolchain.ts, `append`), so
 * extraction has begun before the attack. Extend this file when a new trick turns up.
 */
import { tarGz, type TarEntry } from './tar-writer.js';
import { toolchainEntries } from './toolchain.js';

/**
 * The "climbing chain": each link looks inside go/ when checked, but links are created *through*
 * earlier links, so on disk each one sits one directory higher than it looks. A directory entry
 * with a link's name made an older EntryPolicy forget the link. Link l1 -> . is go/, l2 -> .. is
 * the work dir, and each further link climbs one more level; `up` is how many levels above the
 * work dir the chain ends (work dir = <GOSW_HOME>/tmp/<work>: 1 is tmp/, 2 is GOSW_HOME, ...).
 * Then `file` (a path relative to where the chain ends, e.g. 'home/.bashrc') is written.
 */
export function climbingChain(up: number, file: string, content: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 'go';
  const link = (name: string, target: string) => {
    entries.push({ name: `${at}/${name}`, type: 'symlink', linkname: target });
    entries.push({ name: `${at}/${name}/`, type: 'dir', mode: 0o755 });
    at = `${at}/${name}`;
  };
  link('l1', '.');
  link('l2', '..');
  for (let i = 0; i < up; i++) link(`l${i + 3}`, '..');
  const parts = file.split('/');
  for (let i = 1; i < parts.length; i++) entries.push({ name: `${at}/${parts.slice(0, i).join('/')}/`, type: 'dir', mode: 0o755 });
  entries.push({ name: `${at}/${file}`, content, mode: 0o644 });
  return entries;
}

/**
 * A link whose text is fine when it arrives, and whose meaning a later link changes:
 * go/a -> x/.. is go/ while go/x is nothing; once go/x -> . exists, go/a means go/.. (outside).
 */
export function meaningChangesLater(): TarEntry[] {
  return [
    { name: 'go/a', type: 'symlink', linkname: 'x/..' },
    { name: 'go/x', type: 'symlink', linkname: '.' },
  ];
}

/** A link to a link: go/p/q -> .. is go/, so go/r -> p/q/.. is go/.. (outside). */
export function linkToLink(): TarEntry[] {
  return [
    { name: 'go/p/q', type: 'symlink', linkname: '..' },
    { name: 'go/r', type: 'symlink', linkname: 'p/q/..' },
  ];
}

/** A directory entry over a link, then a file through it. */
export function directoryOverLink(target: string, file: string, content: string): TarEntry[] {
  return [
    { name: 'go/d', type: 'symlink', linkname: target },
    { name: 'go/d/', type: 'dir', mode: 0o755 },
    { name: `go/d/${file}`, content },
  ];
}

/**
 * A hard link to a symlink: link(2) makes another name for the symlink itself, so its text is read
 * from the new name's directory: go/a/b/s -> ../.. is go/, the same text at go/h is go/../..
 */
export function hardLinkToLink(file: string, content: string): TarEntry[] {
  return [
    { name: 'go/a/b/s', type: 'symlink', linkname: '../..' },
    { name: 'go/h', type: 'hardlink', linkname: 'go/a/b/s' },
    { name: `go/h/${file}`, content },
  ];
}

/** Two names equal but for case: on macOS (case-insensitive) the second overwrites the first. */
export function caseFoldTwins(): TarEntry[] {
  return [{ name: 'go/bin/GO', content: '#!/bin/sh\necho pwned-case\n', mode: 0o755 }];
}

/** A gzip bomb: a valid toolchain start, then one file of `unpacked` zero bytes (compresses ~1000:1). */
export function gzipBomb(version: string, unpacked: number): Buffer {
  return tarGz(toolchainEntries(version, { extraFiles: 0, append: [{ name: 'go/zeros', content: Buffer.alloc(unpacked) }] }), { level: 9 });
}

/** An archive of `n` empty files after a valid toolchain start: cheap to send, costly to create. */
export function entryFlood(version: string, n: number): Buffer {
  const files: TarEntry[] = Array.from({ length: n }, (_, i) => ({ name: `go/flood/${Math.floor(i / 1000)}/f${i}`, content: '' }));
  return tarGz(toolchainEntries(version, { extraFiles: 0, append: files }), { level: 9 });
}
