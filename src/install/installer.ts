import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { GoswError } from '../errors.js';
import { writeFileAtomic } from '../fsx.js';
import { refreshAliases } from '../store/installed.js';
import { removeWorkDirsOf, workDirPrefix } from '../store/leftovers.js';
import { acquire } from '../store/lock.js';
import { isGoroot, type Store } from '../store/store.js';
import { createLinks } from './links.js';
import type { Plan, TarPlan } from './plan.js';
import type { QueuedLink } from './policy.js';
import { type Source, sourceFor } from './sources/index.js';
import { advice, unpack } from './unpack.js';
import { type UnpackStage, unpackModuleZip } from './unpack-zip.js';
import { verifierFor } from './verifiers/index.js';

export interface InstallOptions {
  force?: boolean;
  quiet?: boolean;
  /** Never download: an archive must come from a file. */
  offline?: boolean;
}

export type Outcome = 'installed' | 'already';

/**
 * Carries out a plan (plan.ts): lock -> unpack -> verify -> publish. The caller has made sure the
 * store exists (Store.ensure), before any download.
 */
export async function install(ctx: Context, store: Store, plan: Plan, opts: InstallOptions): Promise<Outcome> {
  if (!opts.force && store.isInstalled(plan.name)) return 'already';
  const source = sourceFor(plan.source);
  if (opts.offline && source.network) {
    throw new GoswError(
      'OFFLINE',
      `--offline: ${plan.name} is not installed, and its archive would have to be downloaded from ${source.where}`,
      {
        hint: `give the archive with --file ${plan.filename} (and --sha256 if the index is not cached), or drop --offline`,
      },
    );
  }

  // lock
  const held = await acquire(store.locksDir, plan.name, {
    onWait: (owner) => {
      if (!opts.quiet) ctx.err(`gosw: waiting for another gosw${owner ? ` (pid ${owner.pid})` : ''} installing ${plan.name}…`);
    },
  });
  let work: string | undefined;
  let stopExtraction: (() => Promise<void>) | undefined;
  // Interrupted: stop the worker first (it would go on creating files), then remove the work dir.
  const forget = ctx.onInterrupt(async () => {
    await stopExtraction?.();
    if (work) rmSync(work, { recursive: true, force: true });
  });
  try {
    // We hold the lock: work dirs of this exact release left by dead processes are ours to clear,
    // and a version a killed `install --force` had moved aside comes back first.
    removeWorkDirsOf(store, plan.name);
    // Whoever held the lock before us may have installed it.
    if (!opts.force && store.isInstalled(plan.name)) return 'already';
    const dir = mkdtempSync(path.join(store.tmpDir, workDirPrefix(plan.name)));
    work = dir;

    // unpack and verify, as the archive's format says (a table: one stage per format)
    const stage = { quiet: opts.quiet ?? false, onExtraction: (abort: () => Promise<void>) => (stopExtraction = abort) };
    if (plan.format === 'tar.gz') await unpackTarGz(ctx, store, plan, source, dir, stage);
    else await unpackModuleZip(ctx, store, plan, source, dir, stage);
    if (!isGoroot(path.join(dir, 'go'))) {
      throw new GoswError('BAD_ARCHIVE', `${plan.filename} has no go/bin/go: not a Go toolchain archive`, {
        hint: 'nothing was installed',
      });
    }

    // publish
    if (held.compromised) {
      throw new GoswError('LOCK', `lost the lock on ${plan.name} while installing (${held.compromised.message})`, {
        hint: 'another process touched the store; retry',
      });
    }
    store.publish(path.join(dir, 'go'), plan.name);
    await refreshAliases(store);
    return 'installed';
  } finally {
    if (work) rmSync(work, { recursive: true, force: true });
    forget();
    await held.release();
  }
}

/**
 * go.dev's tar.gz: one streamed pass (unpack.ts), the source retrying a broken attempt (or trying
 * the next mirror) from a clean work dir. Verified inside the attempt, so that a source with a
 * list can move on from bytes that do not match; only then are the archive's links made.
 */
async function unpackTarGz(ctx: Context, store: Store, plan: TarPlan, source: Source, dir: string, stage: UnpackStage): Promise<void> {
  let links: QueuedLink[] | undefined;
  const verifier = verifierFor(plan.trust, { filename: plan.filename, size: plan.size, advice: advice(source).trim(), ctx, store });
  await source.fetch(
    ctx,
    async (opened) => {
      const r = await unpack(ctx, plan, source, verifier, opened, dir, stage);
      await verifier.check(r.bytes, r.digests);
      links = r.links;
    },
    () => {
      for (const e of readdirSync(dir)) rmSync(path.join(dir, e), { recursive: true, force: true });
    },
  );
  const p = verifier.provenance;
  // What no trust root covered (verifiers/sumdb.ts: the h1 alone leaves api/ doc/ misc/ test/ out)
  // is not installed: removed before any link is made.
  const leftOut = p?.leftOut ?? [];
  for (const d of leftOut) rmSync(path.join(dir, d), { recursive: true, force: true });
  const kept = links!.filter((l) => !leftOut.some((d) => l.path.startsWith(d)));
  // Verified: only now may the archive's symlinks exist.
  createLinks(dir, kept, plan.filename, advice(source));
  if (p) {
    writeFileAtomic(
      path.join(dir, 'go', '.gosw.json'),
      `${JSON.stringify({ source: 'godev', archive: plan.filename, from: source.where, ...p }, null, 2)}\n`,
    );
  }
}
