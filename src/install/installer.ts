import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Context } from '../context.js';
import { GoswError, errnoCode } from '../errors.js';
import type { Store } from '../store/store.js';
import { removeWorkDirsOf, workDirPrefix } from '../store/leftovers.js';
import { acquire } from '../store/lock.js';
import { refreshAliases } from '../store/installed.js';
import { startExtraction, type Unpacked } from './extract.js';
import { extractLimits, MAX_UNKNOWN_DOWNLOAD } from './limits.js';
import { createLinks } from './links.js';
import { formatBytes, progressBar } from './progress.js';
import { transferError } from '../net/http.js';

/** What to install: a release name and the archive's official checksum. */
export interface Artifact {
  name: string;
  filename: string;
  sha256: string;
  size?: number;
}

export type Source = { kind: 'url'; url: string } | { kind: 'file'; path: string };

export interface InstallOptions {
  force?: boolean;
  quiet?: boolean;
  /** Never download: an archive must come from a file. */
  offline?: boolean;
}

export type Outcome = 'installed' | 'already';

/** Download URL of an archive: the mirror if one is set, else the official location. */
export function downloadUrl(env: NodeJS.ProcessEnv, filename: string): string {
  const base = env.GOSW_MIRROR || env.GOSW_DOWNLOAD_URL || 'https://dl.google.com/go';
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(filename)}`;
}

/** Installs one release. The caller has made sure the store exists (Store.ensure), before any download. */
export async function installArtifact(ctx: Context, store: Store, art: Artifact, source: Source, opts: InstallOptions): Promise<Outcome> {
  const dest = store.versionDir(art.name);
  if (!opts.force && existsSync(path.join(dest, 'bin', 'go'))) return 'already';

  const held = await acquire(store.locksDir, art.name, {
    onWait: (owner) => {
      if (!opts.quiet) ctx.err(`gosw: waiting for another gosw${owner ? ` (pid ${owner.pid})` : ''} installing ${art.name}…`);
    },
  });
  let work: string | undefined;
  const onSignal = () => {
    if (work) rmSync(work, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    // We hold the lock: work dirs of this exact release left by dead processes are ours to clear,
    // and a version a killed `install --force` had moved aside comes back first.
    removeWorkDirsOf(store, art.name);
    // Whoever held the lock before us may have installed it.
    if (!opts.force && existsSync(path.join(dest, 'bin', 'go'))) return 'already';
    work = mkdtempSync(path.join(store.tmpDir, workDirPrefix(art.name)));
    await fetchAndUnpack(ctx, art, source, work, opts);
    if (held.compromised) {
      throw new GoswError('LOCK', `lost the lock on ${art.name} while installing (${held.compromised.message})`, {
        hint: 'another process touched the store; retry',
      });
    }
    publish(store, path.join(work, 'go'), dest, art.name);
    await refreshAliases(store);
    return 'installed';
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await held.release();
  }
}

/** Moves the unpacked tree into place: the only step that makes a version visible. */
function publish(store: Store, unpacked: string, dest: string, name: string): void {
  let old: string | undefined;
  if (existsSync(dest)) {
    old = path.join(store.tmpDir, `${workDirPrefix(name)}old`);
    renameSync(dest, old);
  }
  try {
    renameSync(unpacked, dest);
  } catch (err) {
    if (old) renameSync(old, dest);
    throw new GoswError('IO', `cannot move ${name} into ${dest} (${errnoCode(err) ?? String(err)})`, { cause: err });
  } finally {
    if (old && existsSync(dest)) rmSync(old, { recursive: true, force: true });
  }
}

/**
 * One pass over the archive: each chunk is hashed and gunzipped as it arrives, and the tar stream
 * is unpacked by a worker. Nothing is trusted until the whole stream's sha256 matches the index:
 * until then the work dir holds only plain files and directories (links are queued), the
 * download stops at the index's size, and the unpacked bytes and entries are bounded.
 */
async function fetchAndUnpack(ctx: Context, art: Artifact, source: Source, work: string, opts: InstallOptions): Promise<void> {
  if (source.kind === 'file') {
    try {
      return await onePass(ctx, art, source, work, opts);
    } catch (err) {
      if (err instanceof GoswError) throw err;
      throw new GoswError('IO', `cannot read ${source.path}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (opts.offline) {
    throw new GoswError('OFFLINE', `--offline: ${art.name} is not installed, and its archive would have to be downloaded from ${new URL(source.url).host}`, {
      hint: `give the archive with --file ${art.filename} (and --sha256 if the index is not cached), or drop --offline`,
    });
  }
  const http = await import('../net/http.js');
  const settings = http.httpSettings(ctx.env);
  for (let attempt = 0; ; attempt++) {
    try {
      return await onePass(ctx, art, source, work, opts);
    } catch (err) {
      if (err instanceof GoswError) throw err;
      if (attempt < settings.retries && http.isTransient(err)) {
        // The connection broke mid-body: start over in a clean work dir.
        if (!opts.quiet) ctx.err(`gosw: ${http.describeNetworkError(err, source.url, settings).message}; retrying`);
        for (const e of readdirSync(work)) rmSync(path.join(work, e), { recursive: true, force: true });
        await http.sleep(http.backoff(settings, attempt));
        continue;
      }
      throw http.describeNetworkError(err, source.url, settings);
    }
  }
}

async function onePass(ctx: Context, art: Artifact, source: Source, work: string, opts: InstallOptions): Promise<void> {
  let input: Readable;
  let total = art.size;
  let where: string;
  if (source.kind === 'url') {
    const { get, httpSettings } = await import('../net/http.js');
    const res = await get(source.url, httpSettings(ctx.env));
    const len = Number(res.headers['content-length']);
    if (!total && Number.isFinite(len)) total = len;
    input = res.body;
    where = new URL(source.url).host;
  } else {
    input = createReadStream(source.path);
    total ??= statSync(source.path).size;
    where = source.path;
  }
  if (!opts.quiet && !ctx.interactive) ctx.err(`gosw: downloading ${art.filename}${total ? ` (${formatBytes(total)})` : ''} from ${where}`);

  // The index's size is trusted; with none (or --file), the bytes we can see; else a hard cap.
  const maxBytes = total ?? MAX_UNKNOWN_DOWNLOAD;
  const hash = createHash('sha256');
  let bytes = 0;
  let head = Buffer.alloc(0);
  const bar = progressBar(ctx, art.name, total, opts.quiet ?? false);
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (head.length < 2) {
        head = Buffer.concat([head, chunk.subarray(0, 512)]);
        if (head.length >= 2 && !(head[0] === 0x1f && head[1] === 0x8b)) return cb(notGzip(art, source, where, head));
      }
      bytes += chunk.length;
      if (bytes > maxBytes) {
        return cb(
          new GoswError('BAD_ARCHIVE', `${art.filename} from ${where} is larger than the ${maxBytes} bytes ${art.size !== undefined ? 'the release index gives' : 'expected'}; stopped`, {
            hint: 'the file is not the official archive (a bad mirror?); nothing was installed',
          }),
        );
      }
      hash.update(chunk);
      bar.add(chunk.length);
      cb(null, chunk);
    },
  });
  const extraction = startExtraction(work, art.filename, extractLimits(total));
  let unpacked: Unpacked;
  try {
    await pipeline(input, tap, createGunzip({ chunkSize: 256 * 1024 }), extraction.sink);
    unpacked = await extraction.done;
  } catch (err) {
    await extraction.abort();
    // An unsafe entry, a bound or a bad checksum is the more useful message than a broken pipe.
    if (err instanceof GoswError) throw err;
    if (errnoCode(err) === 'Z_DATA_ERROR' || errnoCode(err) === 'Z_BUF_ERROR' || /unexpected end of file|incorrect header check/i.test(String(err))) {
      throw shortOrDamaged(art, source, hash.digest('hex'), bytes);
    }
    throw err;
  }
  bar.finish();
  const actual = hash.digest('hex');
  if (actual !== art.sha256) throw shortOrDamaged(art, source, actual, bytes);
  // Verified: only now may the archive's symlinks exist.
  createLinks(work, unpacked.links, art.filename);
  if (!existsSync(path.join(work, 'go', 'bin', 'go'))) {
    throw new GoswError('BAD_ARCHIVE', `${art.filename} has no go/bin/go: not a Go toolchain archive`, { hint: 'nothing was installed' });
  }
}

/** A body shorter than the trusted size was cut off (worth a retry); anything else is damage. */
function shortOrDamaged(art: Artifact, source: Source, actual: string, bytes: number): Error {
  if (source.kind === 'url' && art.size !== undefined && bytes < art.size && actual !== art.sha256) {
    return transferError('truncated', source.url, bytes, art.size);
  }
  if (actual !== art.sha256) return checksumError(art, actual, bytes);
  return new GoswError('BAD_ARCHIVE', `${art.filename} is not a valid gzip file`, { hint: 'the download is damaged; retry' });
}

/** The first bytes are not gzip's: say what they are instead of "sha256 mismatch". */
function notGzip(art: Artifact, source: Source, where: string, head: Buffer): GoswError {
  const text = head.toString('latin1');
  const html = /^\s*</.test(text) && /<(!doctype|html|head|body|title|meta|script)/i.test(text);
  if (source.kind === 'url') {
    return new GoswError('BAD_ARCHIVE', html ? `${where} served an HTML page instead of ${art.filename} (a login page or captive portal?)` : `${where} served something that is not a gzip archive instead of ${art.filename}`, {
      hint: html ? 'open the URL in a browser to see the page, sign in to the network or proxy, or check GOSW_MIRROR' : 'check GOSW_MIRROR / GOSW_DOWNLOAD_URL; nothing was installed',
    });
  }
  return new GoswError('BAD_ARCHIVE', `${source.path} is ${html ? 'an HTML page' : 'not a gzip archive'}, not a Go archive`, {
    hint: 'download the .tar.gz again (a browser may have saved a web page)',
  });
}

function checksumError(art: Artifact, actual: string, bytes: number): GoswError {
  const size = art.size !== undefined && art.size !== bytes ? ` (${bytes} bytes, the index says ${art.size})` : '';
  return new GoswError('CHECKSUM', `sha256 mismatch for ${art.filename}${size}: expected ${art.sha256}, got ${actual}`, {
    hint: 'the file was damaged or tampered with (a bad mirror?); nothing was installed. Retry, or unset GOSW_MIRROR',
  });
}
