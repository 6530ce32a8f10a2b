import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { GoswError, usageError } from '../errors.js';
import { escapeModule, gosumdbVerifier } from '../goproxy/config.js';
import { parseIndex } from '../releases/schema.js';
import { type MirrorSpec, keptBy } from './select.js';
import { buildSumdb, previousNotes } from './state.js';
import { currentGeneration, localTiles, readRecords, tileSources } from './sumdb.js';
import { withTreeLock } from './lock.js';
import { writeIndex } from './tarballs.js';
import { AT_V, DL, INDEX, LIST, put, readManifest, readOrUndefined, writeManifest } from './tree.js';

/** The release a toolchain module version belongs to: v0.0.1-go1.22.5.linux-amd64 → go1.22.5. */
export function releaseOf(mv: string): string {
  return mv.replace(/^v0\.0\.1-/, '').replace(/\.[a-z0-9]+-[a-z0-9]+$/, '');
}

/**
 * `gosw mirror prune <dir> --keep SPEC`: drops every release the specs do not keep. What clients
 * read first goes first (index.json, SHA256SUMS, @v/list, then a sumdb generation without those
 * lookups, built from the tiles already there, no network), the files last: at every moment,
 * everything listed is still served and verifies.
 */
export async function prune(ctx: Context, dirArg: string, specs: readonly MirrorSpec[]): Promise<{ removed: string[]; kept: string[] }> {
  const dir = path.resolve(ctx.cwd, dirArg);
  return withTreeLock(dir, async () => {
    const m = readManifest(dir);
    if (!m) throw new GoswError('USAGE', `${dir} is not a gosw mirror (no gosw-mirror.json)`, { hint: 'run gosw mirror sync first' });
    const kept = keptBy(specs, m.versions);
    if (kept.size === 0) throw usageError('--keep keeps none of the mirrored versions', `the mirror holds ${m.versions.join(', ')}`);
    const removed = m.versions.filter((v) => !kept.has(v));
    if (removed.length === 0) return { removed, kept: [...kept] };

    const itext = readOrUndefined(path.join(dir, INDEX));
    const releases = itext ? parseIndex(itext.toString('utf8'), INDEX) : [];
    const files = releases.filter((r) => kept.has(r.version)).flatMap((r) => r.files);
    if (itext) writeIndex(dir, releases, files);
    const mvs = m.modules.filter((mv) => kept.has(releaseOf(mv)));
    if (m.sumdb && m.modules.length) {
      put(dir, LIST, mvs.map((mv) => `${mv}\n`).join(''));
      const verifier = gosumdbVerifier(m.sumdb.key);
      const gen = currentGeneration(dir);
      const notes = previousNotes(dir, m, m.sumdb.name, verifier);
      const final = notes[0];
      if (!gen || !final) throw new GoswError('CHECKSUM', `${dir} serves no signed tree`, { hint: 'run gosw mirror sync to repair it' });
      const records = readRecords(path.join(dir, 'proxy', gen), m.sumdb.name, mvs);
      const read = tileSources([localTiles(path.join(dir, 'proxy', gen, m.sumdb.name))], `the mirror ${dir}`);
      const state = await buildSumdb(
        dir,
        m.sumdb.name,
        verifier,
        final,
        [...records.values()],
        notes.slice(1),
        read,
        undefined,
        m,
        async () => {},
      );
      m.sumdb = { ...state, key: m.sumdb.key };
    }
    for (const mv of m.modules.filter((x) => !mvs.includes(x)))
      for (const ext of ['zip', 'mod', 'info']) rmSync(path.join(dir, AT_V, `${escapeModule(mv)}.${ext}`), { force: true });
    for (const f of m.files.filter((name) => !files.some((x) => x.filename === name))) rmSync(path.join(dir, DL, f), { force: true });
    writeManifest(dir, {
      ...m,
      syncedAt: m.syncedAt,
      versions: m.versions.filter((v) => kept.has(v)),
      files: m.files.filter((name) => files.some((x) => x.filename === name)),
      modules: mvs,
    });
    return { removed, kept: [...kept] };
  });
}
