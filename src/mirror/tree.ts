import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import type { Context } from '../context.js';
import { GoswError, errnoCode } from '../errors.js';
import { mkdirp, writeFileAtomic } from '../fsx.js';
import { escapeModule, TOOLCHAIN_MODULE } from '../goproxy/config.js';
import { formatBytes } from '../install/progress.js';
import type { Source } from '../install/sources/index.js';

/**
 * The mirror tree's layout (GOPROXY-TOOLCHAIN.md section 2) and its one manifest. Every path a
 * client requests is named here, so sync, verify and prune agree on them.
 *
 *   gosw-mirror.json                          the manifest (written last by a sync)
 *   dl/index.json, dl/<file>, dl/SHA256SUMS   for GOSW_INDEX_URL / GOSW_MIRROR and sha256sum -c
 *   proxy/golang.org/toolchain/@v/...         GOPROXY=<url>/proxy
 *   proxy/sumdb -> sumdb.<N>-<hex>            a symlink: the sumdb subtree is swapped by one rename
 *   .gosw/{tmp,locks}                         the sync's own state (not served; harmless if it is)
 */
export const MANIFEST = 'gosw-mirror.json';
export const DL = 'dl';
export const INDEX = 'dl/index.json';
export const SUMS = 'dl/SHA256SUMS';
export const AT_V = `proxy/${TOOLCHAIN_MODULE}/@v`;
export const LIST = `${AT_V}/list`;
export const SUMDB_LINK = 'proxy/sumdb';
export const STATE = '.gosw';

export type Format = 'tarball' | 'module';

/** What gosw-mirror.json says: enough for verify and the next sync to know what the tree should hold. */
export interface Manifest {
  format: 1;
  syncedAt: string;
  formats: Format[];
  /** Release names mirrored (go1.22.5), newest first. */
  versions: string[];
  /** os-arch as go.dev names them (linux-amd64, linux-armv6l). */
  platforms: string[];
  /** go.dev file names under dl/. */
  files: string[];
  /** Module versions under proxy/ (v0.0.1-go1.22.5.linux-amd64). */
  modules: string[];
  sumdb?: {
    name: string;
    /** The verifier key the sync checked every note with. */
    key: string;
    N: number;
    root: string;
    /** The directory proxy/sumdb points at. */
    generation: string;
    /** Earlier syncs' signed notes (newest first): the tree holds the consistency tiles from each. */
    history: string[];
    /** Tiles every client needs at N (inclusion of every record, consistency from each history note). */
    tiles: string[];
    /** The previous generation's tiles, kept so a client that read its lookups just before the swap can finish. */
    carried: string[];
  };
}

export const lookupPath = (name: string, mv: string) => `${name}/lookup/${escapeModule(TOOLCHAIN_MODULE)}@${escapeModule(mv)}`;
export const modulePath = (mv: string, ext: 'zip' | 'mod' | 'info') => `${AT_V}/${escapeModule(mv)}.${ext}`;

export function readManifest(dir: string): Manifest | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, MANIFEST), 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw err;
  }
  return parseManifest(text, path.join(dir, MANIFEST));
}

export function parseManifest(text: string, where: string): Manifest {
  let m: Partial<Manifest>;
  try {
    m = JSON.parse(text) as Partial<Manifest>;
  } catch {
    throw new GoswError('BAD_INDEX', `${where} is not valid JSON`, { hint: 'is this a gosw mirror? run gosw mirror sync on it again' });
  }
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  if (m.format !== 1 || !strings(m.versions) || !strings(m.platforms) || !strings(m.files) || !strings(m.modules) || !strings(m.formats)) {
    throw new GoswError('BAD_INDEX', `${where} is not a gosw mirror manifest (format 1)`, {
      hint: 'run gosw mirror sync on it again',
    });
  }
  return m as Manifest;
}

export function writeManifest(dir: string, m: Manifest): void {
  writeFileAtomic(path.join(dir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);
}

/** Writes a file of the tree atomically (temp + rename), creating its directory. */
export function put(dir: string, rel: string, data: string | Uint8Array): void {
  const file = path.join(dir, rel);
  mkdirp(path.dirname(file));
  writeFileAtomic(file, data);
}

export function readOrUndefined(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** sha256 (hex) of a file of the tree, streamed; undefined when it is missing. */
export async function sha256File(file: string): Promise<string | undefined> {
  try {
    statSync(file);
  } catch {
    return undefined;
  }
  const h = createHash('sha256');
  await pipeline(createReadStream(file), async (src: AsyncIterable<Buffer>) => {
    for await (const c of src) h.update(c);
  });
  return h.digest('hex');
}

/** A fresh temp path under <dir>/.gosw/tmp (same filesystem as the tree: the final rename is atomic). */
export function tempPath(dir: string, base: string): string {
  const tmp = path.join(dir, STATE, 'tmp');
  mkdirp(tmp);
  return path.join(tmp, `${base}.${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Removes what killed syncs left in .gosw/tmp (the caller holds the tree's lock). */
export function clearTemp(dir: string): void {
  rmSync(path.join(dir, STATE, 'tmp'), { recursive: true, force: true });
}

export interface Fetched {
  file: string;
  bytes: number;
}

/**
 * Streams a source into a temp file, at most `max` bytes, feeding `onChunk` (a hash); a retry
 * starts over. The caller verifies, then renames it into place (or removes it).
 */
export async function download(
  ctx: Context,
  source: Source,
  file: string,
  opts: { max: number; what: string; fresh: () => (chunk: Buffer) => void; onBytes?: (n: number) => void },
): Promise<Fetched> {
  let bytes = 0;
  await source.fetch(
    ctx,
    async (o) => {
      bytes = 0;
      const feed = opts.fresh();
      const cap = new Transform({
        transform(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          if (bytes > opts.max)
            return cb(new GoswError('UNSAFE_ARCHIVE', `${opts.what} from ${o.where} is larger than ${formatBytes(opts.max)}; stopped`));
          feed(chunk);
          opts.onBytes?.(chunk.length);
          cb(null, chunk);
        },
      });
      rmSync(file, { force: true });
      await pipeline(o.stream, cap, createWriteStream(file, { flags: 'wx', mode: 0o644 }));
    },
    () => rmSync(file, { force: true }),
  );
  return { file, bytes };
}

/** Moves a verified temp file to its place in the tree (one rename: readers see old or new). */
export function publish(dir: string, tmp: string, rel: string): void {
  const dest = path.join(dir, rel);
  mkdirp(path.dirname(dest));
  renameSync(tmp, dest);
}

/** Every sumdb generation directory under proxy/ (sumdb.<N>-<hex>). */
export function generations(dir: string): string[] {
  try {
    return readdirSync(path.join(dir, 'proxy')).filter((n) => /^sumdb\.\d+-[0-9a-f]+$/.test(n));
  } catch {
    return [];
  }
}
