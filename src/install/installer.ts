import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Context } from '../context.js';
import { GoswError, errnoCode } from '../errors.js';
import { workDirPrefix, type Store } from '../store/layout.js';
import { acquire } from '../store/lock.js';
import { refreshAliases } from '../store/installed.js';
import { startExtraction } from './extract.js';
import { formatBytes, progressBar } from './progress.js';

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
    // Whoever held the lock before us may have installed it.
    if (!opts.force && existsSync(path.join(dest, 'bin', 'go'))) return 'already';
    removeLeftovers(store, art.name);
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

/** Work dirs of this version left by a process that died: we hold the lock, so nobody uses them. */
function removeLeftovers(store: Store, name: string): void {
  for (const e of readdirSync(store.tmpDir)) {
    if (e.startsWith(`${name}.`)) rmSync(path.join(store.tmpDir, e), { recursive: true, force: true });
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
 * is unpacked by a worker. Nothing is trusted until the whole stream's sha256 matches the index.
 */
async function fetchAndUnpack(ctx: Context, art: Artifact, source: Source, work: string, opts: InstallOptions): Promise<void> {
  if (source.kind === 'file') {
    try {
      return await onePass(ctx, art, source, work, opts);
    } catch (err) {
      if (err instanceof GoswError) throw err;
      throw new GoswError('IO', `cannot read ${art.filename}: ${(err as Error).message}`, { cause: err });
    }
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

  const hash = createHash('sha256');
  let bytes = 0;
  const bar = progressBar(ctx, art.name, total, opts.quiet ?? false);
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      bar.add(chunk.length);
      cb(null, chunk);
    },
  });
  const extraction = startExtraction(work, art.filename);
  try {
    await pipeline(input, tap, createGunzip({ chunkSize: 256 * 1024 }), extraction.sink);
  } catch (err) {
    await extraction.abort();
    // An unsafe entry or a bad checksum is the more useful message than a broken pipe.
    if (err instanceof GoswError) throw err;
    if (errnoCode(err) === 'Z_DATA_ERROR' || errnoCode(err) === 'Z_BUF_ERROR' || /unexpected end of file|incorrect header check/i.test(String(err))) {
      const actual = hash.digest('hex');
      if (actual !== art.sha256) throw checksumError(art, actual, bytes);
      throw new GoswError('BAD_ARCHIVE', `${art.filename} is not a valid gzip file`, { hint: 'the download is damaged; retry' });
    }
    throw err;
  }
  bar.finish();
  const actual = hash.digest('hex');
  if (actual !== art.sha256) throw checksumError(art, actual, bytes);
  if (!existsSync(path.join(work, 'go', 'bin', 'go'))) {
    throw new GoswError('BAD_ARCHIVE', `${art.filename} has no go/bin/go: not a Go toolchain archive`, { hint: 'nothing was installed' });
  }
}

function checksumError(art: Artifact, actual: string, bytes: number): GoswError {
  const size = art.size !== undefined && art.size !== bytes ? ` (${bytes} bytes, the index says ${art.size})` : '';
  return new GoswError('CHECKSUM', `sha256 mismatch for ${art.filename}${size}: expected ${art.sha256}, got ${actual}`, {
    hint: 'the file was damaged or tampered with (a bad mirror?); nothing was installed. Retry, or unset GOSW_MIRROR',
  });
}
