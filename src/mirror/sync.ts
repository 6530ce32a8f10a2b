import path from 'node:path';
import type { Context } from '../context.js';
import { GoswError } from '../errors.js';
import { mkdirp } from '../fsx.js';
import { parseGosumdb, type ProxyEntry, toolchainModuleVersion, toolchainProxies, gosumdbVerifier } from '../goproxy/config.js';
import { goproxyFetch } from '../goproxy/fetch.js';
import { listToolchains } from '../goproxy/list.js';
import { readGoSettings } from '../goproxy/select.js';
import { formatBytes } from '../install/progress.js';
import { statusOf } from '../net/http.js';
import { loadIndex } from '../releases/index.js';
import type { Platform } from '../releases/platform.js';
import { pickArchive } from '../releases/resolve.js';
import type { Release, ReleaseFile } from '../releases/schema.js';
import { type Fetch, lookupVerified, sumdbBase } from '../sumdb/client.js';
import { parseRecord } from '../sumdb/record.js';
import { compareGo, isPrerelease } from '../versions/version.js';
import { syncModule } from './modules.js';
import { type MirrorSpec, platformName, selectReleases } from './select.js';
import { buildSumdb, type Note, previousNotes } from './state.js';
import {
  currentGeneration,
  localTiles,
  type MirrorRecord,
  prove,
  readRecords,
  removeStaleGenerations,
  signedTree,
  tileSources,
  toRecord,
  upstreamTiles,
} from './sumdb.js';
import { syncTarball, writeIndex } from './tarballs.js';
import { withTreeLock } from './lock.js';
import { clearTemp, type Format, LIST, type Manifest, put, readManifest, STATE, writeManifest } from './tree.js';

export interface SyncOptions {
  dir: string;
  /** Undefined: what the mirror already holds (or latest on a new one). */
  specs?: MirrorSpec[];
  platforms: Platform[];
  /** Undefined: what the mirror already holds (both on a new one). */
  formats?: Format[];
  quiet: boolean;
}

export interface SyncSummary {
  fetched: number;
  bytes: number;
  kept: number;
  skipped: string[];
  /** What upstream listed but would not give (404): the sync exits 1 after finishing the rest. */
  failed: string[];
  versions: string[];
  N?: number;
  ms: number;
}

export async function sync(ctx: Context, o: SyncOptions): Promise<SyncSummary> {
  const start = Date.now();
  const dir = path.resolve(ctx.cwd, o.dir);
  mkdirp(dir);
  return withTreeLock(dir, async () => {
    clearTemp(dir); // what a killed sync was downloading
    removeStaleGenerations(dir); // and the sumdb generation it was building
    const prev = readManifest(dir);
    const sum: SyncSummary = { fetched: 0, bytes: 0, kept: 0, skipped: [], failed: [], versions: [], ms: 0 };
    const say = (line: string) => {
      if (!o.quiet) ctx.err(line);
    };
    let step = 0;
    let total = 0;
    const progress = (what: string) => say(`gosw: mirror [${++step}/${total}] fetching ${what}`);

    const platforms = unionPlatforms(o.platforms, prev?.platforms ?? []);
    const formats: Format[] = o.formats ?? prev?.formats ?? ['tarball', 'module'];
    const wantTar = formats.includes('tarball');
    const wantMod = formats.includes('module');

    // The releases upstream: go.dev's index (always revalidated), or, for modules only, the proxy's lists.
    const settings = readGoSettings(ctx.env);
    const proxies = toolchainProxies(settings);
    const listed = new Map<string, Set<string>>();
    if (wantMod) for (const p of platforms) listed.set(platformName(p), new Set(await listToolchains(ctx, proxies, p)));
    let index: Release[] = [];
    let candidates: Array<{ name: string; stable: boolean }>;
    if (wantTar) {
      const fresh = Object.assign(Object.create(ctx) as Context, { env: { ...ctx.env, GOSW_INDEX_TTL: '0' } });
      index = await loadIndex(fresh, { cacheDir: path.join(dir, STATE, 'cache') });
      candidates = index.map((r) => ({ name: r.version, stable: r.stable }));
    } else {
      const names = new Set([...listed.values()].flatMap((s) => [...s]));
      candidates = [...names].map((name) => ({ name, stable: !isPrerelease(name) }));
    }
    const specs = o.specs ?? (prev ? [] : [{ kind: 'spec', spec: { kind: 'latest', input: 'latest' } } as MirrorSpec]);
    const chosen = new Set(specs.length ? selectReleases(specs, candidates) : []);
    for (const v of prev?.versions ?? []) if (candidates.some((c) => c.name === v)) chosen.add(v);
    const versions = [...chosen].sort((a, b) => compareGo(b, a));
    sum.versions = versions;

    // What to hold: archives by the index, module versions the proxy lists.
    const files: ReleaseFile[] = [];
    if (wantTar) {
      for (const v of versions) {
        const r = index.find((x) => x.version === v)!;
        for (const p of platforms) {
          try {
            files.push(pickArchive(r, p));
          } catch (err) {
            if (!(err instanceof GoswError)) throw err;
            sum.skipped.push(`${v} ${platformName(p)}: ${err.message}`);
          }
        }
      }
    }
    const mvs: string[] = [];
    if (wantMod) {
      for (const v of versions)
        for (const p of platforms) {
          if (listed.get(platformName(p))?.has(v)) mvs.push(toolchainModuleVersion(v, p.os, p.arch));
          else sum.skipped.push(`${v} ${platformName(p)}: not on the module proxy (its golang.org/toolchain/@v/list)`);
        }
    }
    total = files.length + mvs.length;

    const fetchedFiles: ReleaseFile[] = [];
    await pool(files, PARALLEL, async (f) => {
      let r: { fetched: number; bytes: number };
      try {
        r = await syncTarball(ctx, dir, f, progress);
      } catch (err) {
        // The index lists it, the server does not have it: the rest is still worth mirroring.
        if (![404, 410].includes(statusOf(err) ?? 0)) throw err;
        sum.failed.push(`${f.filename}: ${(err as Error).message}`);
        return;
      }
      fetchedFiles.push(f);
      if (r.fetched) {
        sum.fetched += r.fetched;
        sum.bytes += r.bytes;
      } else {
        sum.kept++;
        step++;
      }
    });
    const inPlace = files.filter((f) => fetchedFiles.includes(f));
    if (wantTar) writeIndex(dir, index, inPlace);

    let modules = prev?.modules ?? [];
    let sumdb = prev?.sumdb;
    if (mvs.length) {
      const done = await syncModules(ctx, dir, proxies, settings.GOSUMDB, mvs, prev, sum, progress);
      sum.N = done.tree.N;
      modules = done.mvs;
      sumdb = done.state;
    }
    // A sync adds: what this run did not touch (another format) stays as the last one left it.
    writeManifest(dir, {
      format: 1,
      syncedAt: new Date().toISOString(),
      formats: [...new Set([...(prev?.formats ?? []), ...formats])].sort() as Format[],
      versions,
      platforms: platforms.map(platformName),
      files: wantTar ? inPlace.map((f) => f.filename) : (prev?.files ?? []),
      modules,
      sumdb,
    });
    sum.ms = Date.now() - start;
    return sum;
  });
}

/** Archives fetched at once: hashing and writing overlap with the next transfer (2 cores are enough to gain). */
const PARALLEL = 4;

/** Runs `fn` over the items, at most `n` at a time; the first failure stops the rest and is thrown. */
async function pool<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown;
  const worker = async () => {
    while (failed === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (err) {
        failed ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  if (failed !== undefined) throw failed;
}

function unionPlatforms(given: readonly Platform[], before: readonly string[]): Platform[] {
  const out = new Map(given.map((p) => [platformName(p), p]));
  for (const b of before) {
    const [os, arch] = b.split('-');
    if (os && arch && !out.has(b)) out.set(b, { os, arch });
  }
  return [...out.values()];
}

/**
 * The proxy half: records (the mirror's own, else fetched and verified upstream), one final
 * note, the proofs at it, the module files, then the new sumdb generation and @v/list.
 */
async function syncModules(
  ctx: Context,
  dir: string,
  proxies: ProxyEntry[],
  gosumdb: string,
  mvs: readonly string[],
  prev: Manifest | undefined,
  sum: SyncSummary,
  progress: (what: string) => void,
): Promise<{ tree: Note['tree']; mvs: string[]; state: NonNullable<Manifest['sumdb']> }> {
  const cfg = parseGosumdb(gosumdb);
  const verifier = gosumdbVerifier(cfg.key);
  const fetch = goproxyFetch(ctx);
  const base = await sumdbBase(cfg, proxies, fetch);
  const gen = currentGeneration(dir);
  const dbDir = gen ? path.join(dir, 'proxy', gen, cfg.name) : undefined;
  const earlier = previousNotes(dir, prev, cfg.name, verifier);

  const upstream = upstreamTiles(base, fetch);
  const read = tileSources([localTiles(dbDir), upstream], `the checksum database at ${base}`);
  const fallback = tileSources([upstream], `the checksum database at ${base}`);
  // The mirror's own records, each proven in the tree it serves; one that is not (damaged) is fetched again.
  const records = readRecords(gen ? path.join(dir, 'proxy', gen) : undefined, cfg.name, mvs);
  for (const [mv, rec] of records) {
    const ok =
      earlier[0] &&
      (await prove(earlier[0], [rec], [], read, cfg.name).then(
        () => true,
        () => false,
      ));
    if (!ok) records.delete(mv);
  }
  const notes: Note[] = [];
  for (const mv of mvs) {
    if (records.has(mv)) continue;
    let body: Buffer | undefined;
    let status = 0;
    const capture: Fetch = async (url) => {
      const r = await fetch(url);
      if (url.includes('/lookup/')) {
        status = r.status;
        body = r.body;
      }
      return r;
    };
    let v: Awaited<ReturnType<typeof lookupVerified>>;
    try {
      v = await lookupVerified({ base, verifier, path: 'golang.org/toolchain', version: mv, fetch: capture });
    } catch (err) {
      if (status === 404 || status === 410) {
        sum.skipped.push(`${mv}: the checksum database ${cfg.name} has no record of it`);
        continue;
      }
      throw err;
    }
    const rec = parseRecord(body!);
    records.set(mv, toRecord(mv, rec.id, rec.text, `the checksum database ${cfg.name}`));
    notes.push({ note: v.note, tree: v.tree });
  }
  // The newest signed tree upstream: the mirror moves forward even when no record is new.
  const latest = await fetch(`${base}/latest`).catch(() => undefined);
  if (latest?.status === 200) {
    const note = latest.body.toString('utf8');
    notes.push({ note, tree: signedTree(note, verifier, `${base}/latest`) });
  }
  const served = earlier[0];
  const final = [...notes, ...(served ? [served] : [])].reduce<Note | undefined>((a, b) => (a && a.tree.N >= b.tree.N ? a : b), undefined);
  if (!final)
    throw new GoswError('CHECKSUM', `the checksum database ${cfg.name} gave no signed tree`, { hint: 'check GOSUMDB and GOPROXY' });

  const list = mvs.filter((mv) => records.has(mv));
  const recs = list.map((mv) => records.get(mv)!);
  const built = await buildSumdb(dir, cfg.name, verifier, final, recs, [...notes, ...earlier], read, fallback, prev, async () => {
    // The module files are fetched against proven records, and in place before the swap makes them listed.
    for (const rec of recs) {
      const r = await syncModule(ctx, dir, proxies, rec, progress);
      if (r.fetched) {
        sum.fetched += r.fetched;
        sum.bytes += r.bytes;
      } else sum.kept++;
    }
  });
  put(dir, LIST, list.map((mv) => `${mv}\n`).join(''));
  return { tree: final.tree, mvs: list, state: { ...built, key: cfg.key } };
}

export function summaryLine(s: SyncSummary, dir: string): string {
  const tree = s.N === undefined ? '' : `, checksum tree #${s.N}`;
  return `mirror ${dir}: ${s.versions.length} versions; fetched ${s.fetched} files (${formatBytes(s.bytes)}), ${s.kept} already there${tree}; ${(s.ms / 1000).toFixed(1)} s`;
}

export type { MirrorRecord };
