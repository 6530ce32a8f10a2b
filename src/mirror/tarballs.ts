import { createHash, type Hash } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { downloadSource, sourceFor } from '../install/sources/index.js';
import { Sha256Verifier } from '../install/verifiers/sha256.js';
import type { Release, ReleaseFile } from '../releases/schema.js';
import { DL, download, publish, put, sha256File, tempPath } from './tree.js';

/**
 * go.dev's archives in dl/, checked as `gosw install` checks them: the sha256 and size of the
 * release index, while the bytes stream (verifiers/sha256.ts), before the rename that makes them
 * visible. A file already there is re-hashed and kept when it matches.
 */

export async function syncTarball(
  ctx: Context,
  dir: string,
  f: ReleaseFile,
  progress: (what: string) => void,
): Promise<{ fetched: number; bytes: number }> {
  const rel = `${DL}/${f.filename}`;
  if ((await sha256File(path.join(dir, rel))) === f.sha256) return { fetched: 0, bytes: 0 };
  progress(f.filename);
  const tmp = tempPath(dir, f.filename);
  try {
    // The sha256 of each attempt's bytes, as they stream (a retry starts a fresh hash); checked
    // against the index with install's own verifier, so the error reads the same.
    let hash: Hash = createHash('sha256');
    const got = await download(ctx, sourceFor(downloadSource(ctx.env, f.filename)), tmp, {
      max: f.size,
      what: f.filename,
      fresh: () => {
        hash = createHash('sha256');
        return (c) => hash.update(c);
      },
    });
    await new Sha256Verifier(
      f.sha256,
      f.filename,
      f.size,
      'Retry the sync, or check the upstream (GOSW_DOWNLOAD_URL / GOSW_MIRROR).',
    ).check(got.bytes, { sha256: hash.digest('hex') });
    publish(dir, tmp, rel);
    return { fetched: 1, bytes: got.bytes };
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** `sha256sum -c` lines for the files, in index order. */
export function sumsText(files: readonly ReleaseFile[]): string {
  return files.map((f) => `${f.sha256}  ${f.filename}\n`).join('');
}

/** go.dev's index shape, filtered to the mirrored files (releases without any left out). */
export function indexText(releases: readonly Release[], files: ReadonlySet<string>): string {
  const out = releases
    .map((r) => ({ version: r.version, stable: r.stable, files: r.files.filter((f) => files.has(f.filename)) }))
    .filter((r) => r.files.length > 0);
  return `${JSON.stringify(out, null, 1)}\n`;
}

/** SHA256SUMS, then index.json: the index (what clients trust) names only files already in place. */
export function writeIndex(dir: string, releases: readonly Release[], files: readonly ReleaseFile[]): void {
  put(dir, `${DL}/SHA256SUMS`, sumsText(files));
  put(dir, `${DL}/index.json`, indexText(releases, new Set(files.map((f) => f.filename))));
}
