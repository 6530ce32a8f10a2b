import { existsSync } from 'node:fs';
import path from 'node:path';
import { flag, stringOption, type ParsedArgs } from '../cli/args.js';
import type { Context } from '../context.js';
import { GoswError, usageError } from '../errors.js';
import { downloadUrl, installArtifact, type Artifact, type Outcome } from '../install/installer.js';
import { loadIndex } from '../releases/index.js';
import { currentPlatform } from '../releases/platform.js';
import { findFile, findRelease, pickArchive } from '../releases/resolve.js';
import { resolveDirs } from '../store/dirs.js';
import { Store } from '../store/store.js';
import { parseSpec, type Spec } from '../versions/spec.js';
import { findWanted, toRelease } from '../resolve/current.js';
import { isReleaseName } from '../versions/version.js';

const ARCHIVE_RE = /^(go[0-9][0-9a-z.]*?)\.([a-z0-9]+)-([a-z0-9]+)\.tar\.gz$/;

export async function run(ctx: Context, args: ParsedArgs): Promise<number> {
  const dirs = resolveDirs(ctx.env);
  const store = new Store(dirs);
  const quiet = flag(args, 'quiet');
  const offline = flag(args, 'offline');
  const report = (o: Outcome, name: string) => {
    const where = store.versionDir(name);
    if (!quiet || o === 'installed') ctx.out(o === 'installed' ? `installed ${name} in ${where}` : `${name} is already installed in ${where}`);
  };

  store.ensure(); // a store we cannot write fails here, before any download
  const file = stringOption(args, 'file');
  if (file !== undefined) {
    if (args.positionals.length) throw usageError('give either --file or version specs, not both');
    const { art } = await fileArtifact(ctx, dirs.cache, file, stringOption(args, 'sha256'), offline);
    report(await installArtifact(ctx, store, art, { kind: 'file', path: path.resolve(ctx.cwd, file) }, { force: flag(args, 'force'), quiet }), art.name);
    return 0;
  }
  if (stringOption(args, 'sha256')) throw usageError('--sha256 goes with --file');
  const specs = args.positionals.length ? args.positionals.map(parseSpec) : [wantedHere(ctx, store)]; // validated before any network use
  const force = flag(args, 'force');
  // An exact version already there needs no index, so it works offline and costs no request.
  const todo = specs.filter((spec) => {
    if (force || spec.kind !== 'exact' || !existsSync(path.join(store.versionDir(spec.name), 'bin', 'go'))) return true;
    report('already', spec.name);
    return false;
  });
  if (todo.length === 0) return 0;
  const index = await loadIndex(ctx, { offline, cacheDir: dirs.cache });
  const platform = currentPlatform(ctx.env);
  let failed = 0;
  for (const spec of todo) {
    try {
      const release = findRelease(index, spec);
      const f = pickArchive(release, platform);
      const art: Artifact = { name: release.version, filename: f.filename, sha256: f.sha256, size: f.size };
      const outcome = await installArtifact(ctx, store, art, { kind: 'url', url: downloadUrl(ctx.env, f.filename) }, { force, quiet, offline });
      report(outcome, art.name);
    } catch (err) {
      if (todo.length === 1 || !(err instanceof GoswError)) throw err;
      failed++;
      ctx.err(`gosw: ${err.message}`);
      if (err.hint) ctx.err(`  hint: ${err.hint}`);
    }
  }
  return failed ? 1 : 0;
}

/** With no spec: what the current directory asks for (the same rules as the prompt hook). */
function wantedHere(ctx: Context, store: Store): Spec {
  const found = findWanted(ctx.env, ctx.cwd, store);
  if (!found || found.wanted.kind === 'system') {
    throw usageError('which version? nothing here names one (.go-version, .tool-versions, go.work, go.mod)', 'e.g. gosw install 1.22.5');
  }
  const w = found.wanted;
  const input = w.kind === 'latest' ? 'latest' : w.kind === 'line' ? w.line : w.name;
  return parseSpec(w.kind === 'min' ? toRelease(store, w).name ?? input : input);
}

/** A local archive's identity comes from its name; its checksum from the index or --sha256. */
async function fileArtifact(ctx: Context, cacheDir: string, file: string, sha?: string, offline?: boolean): Promise<{ art: Artifact }> {
  const filename = path.basename(file);
  const m = ARCHIVE_RE.exec(filename);
  if (!m || !isReleaseName(m[1]!)) {
    throw usageError(`--file ${JSON.stringify(file)} is not named like a Go archive (go1.22.5.linux-amd64.tar.gz)`,
      'keep the file name go.dev gave it: gosw reads the version from it');
  }
  if (sha !== undefined) {
    if (!/^[0-9a-fA-F]{64}$/.test(sha)) throw usageError(`--sha256 ${JSON.stringify(sha)} is not 64 hex digits`);
    return { art: { name: m[1]!, filename, sha256: sha.toLowerCase() } };
  }
  const index = await loadIndex(ctx, { offline, cacheDir });
  const hit = findFile(index, filename);
  if (!hit) {
    throw new GoswError('VERSION_NOT_FOUND', `${filename} is not in the release index`, {
      hint: 'check the file name, or give its checksum with --sha256 HEX',
    });
  }
  if (!hit.file.sha256) throw new GoswError('CHECKSUM', `the release index has no sha256 for ${filename}`, { hint: 'give it with --sha256 HEX' });
  return { art: { name: hit.release.version, filename, sha256: hit.file.sha256, size: hit.file.size } };
}
