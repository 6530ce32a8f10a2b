import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { GoswError, errnoCode } from '../errors.js';
import { mkdirp, writeFileAtomic } from '../fsx.js';
import type { Platform } from '../releases/platform.js';
import { ttlMs } from '../releases/index.js';
import { compareGo, isReleaseName } from '../versions/version.js';
import {
  escapeModule,
  nextProxyLine,
  notFromProxy,
  type ProxyEntry,
  TOOLCHAIN_MODULE,
  toolchainModuleVersion,
  tryProxies,
} from './config.js';
import { goproxyFetch } from './fetch.js';

/**
 * The toolchain releases a proxy has for a platform: `<proxy>/golang.org/toolchain/@v/list`, lines
 * `v0.0.1-<name>.<os>-<arch> [time]`, walked with GOPROXY's fallback rules. The list of the proxy
 * actually used is the truth (older releases were back-filled unevenly).
 */
export async function listToolchains(ctx: Context, proxies: readonly ProxyEntry[], platform: Platform): Promise<string[]> {
  return namesFor((await fetchList(ctx, proxies)).text, platform);
}

/** A proxy's @v/list as fetched: the body and the proxy that answered. */
interface Fetched {
  text: string;
  proxy: string;
}

async function fetchList(ctx: Context, proxies: readonly ProxyEntry[]): Promise<Fetched> {
  const fetch = goproxyFetch(ctx);
  return tryProxies(
    proxies,
    async (p) => {
      if (p.kind !== 'url') throw notFromProxy(p.kind);
      const url = `${p.url}/${escapeModule(TOOLCHAIN_MODULE)}/@v/list`;
      const r = await fetch(url);
      if (r.status !== 200)
        throw Object.assign(
          new GoswError('HTTP_STATUS', `GET ${url} answered HTTP ${r.status}`, {
            hint:
              r.status === 401 || r.status === 403
                ? 'the proxy wants credentials (~/.netrc or $NETRC), or refuses this module; a proxy list with | tries the next on any error'
                : 'check GOPROXY',
          }),
          { status: r.status },
        );
      return { text: r.body.toString('utf8'), proxy: p.url };
    },
    (err) => [404, 410].includes((err as { status?: number }).status ?? 0),
    (err, failed, next) => ctx.err(nextProxyLine(err, failed, next)),
  );
}

/** This platform's toolchain names in a @v/list body, newest first, each once. */
function namesFor(text: string, platform: Platform): string[] {
  const suffix = toolchainModuleVersion('', platform.os, platform.arch).slice('v0.0.1-'.length); // ".linux-amd64"
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const v = line.trim().split(/\s+/)[0] ?? '';
    if (!v.startsWith('v0.0.1-') || !v.endsWith(suffix)) continue;
    const name = v.slice('v0.0.1-'.length, -suffix.length);
    // Only names a release can have: the list is the proxy's word, and a name becomes a path later.
    if (isReleaseName(name)) names.add(name);
  }
  return [...names].sort((a, b) => compareGo(b, a));
}

/** The cache of one GOPROXY's list: the body as received (all platforms), kept with the index's TTL. */
interface ListCache {
  /** The proxy list it was fetched through (a changed GOPROXY is a different list). */
  goproxy: string;
  proxy: string;
  fetchedAt: number;
  text: string;
}

export interface ToolchainList {
  /** This platform's toolchain names, newest first. */
  names: string[];
  /** The proxy whose list it is. */
  proxy: string;
  /** Set when the list came from the cache: when it was fetched. */
  cachedAt?: Date;
}

/** Where the list is cached: beside the release index, one file per cache dir. */
export function listCacheFile(cacheDir: string): string {
  return path.join(cacheDir, 'goproxy-toolchain-list.json');
}

function readListCache(file: string, key: string): ListCache | undefined {
  try {
    const c = JSON.parse(readFileSync(file, 'utf8')) as ListCache;
    if (c.goproxy !== key || typeof c.fetchedAt !== 'number' || typeof c.text !== 'string' || typeof c.proxy !== 'string') return undefined;
    return c;
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/**
 * The toolchains of this platform on the proxy list: from the cache while it is younger than
 * GOSW_INDEX_TTL (as go.dev's index is), else fetched; a network failure falls back to a cached
 * list of any age, with a warning. `offline` reads the cache only.
 */
export async function loadToolchainList(
  ctx: Context,
  opts: { proxies: readonly ProxyEntry[]; platform: Platform; offline?: boolean; cacheDir: string },
): Promise<ToolchainList> {
  const key = JSON.stringify(opts.proxies);
  const file = listCacheFile(opts.cacheDir);
  const cached = readListCache(file, key);
  const fromCache = (c: ListCache): ToolchainList => ({
    names: namesFor(c.text, opts.platform),
    proxy: c.proxy,
    cachedAt: new Date(c.fetchedAt),
  });
  if (opts.offline) {
    if (!cached)
      throw new GoswError('OFFLINE', `offline, and no list of ${TOOLCHAIN_MODULE} versions is cached for this GOPROXY`, {
        hint: 'run gosw list-remote once with network',
      });
    return fromCache(cached);
  }
  if (cached && Date.now() - cached.fetchedAt < ttlMs(ctx.env)) return fromCache(cached);
  let got: Fetched;
  try {
    got = await fetchList(ctx, opts.proxies);
  } catch (err) {
    if (cached && err instanceof GoswError && (err.code === 'NETWORK' || err.code === 'HTTP_STATUS')) {
      ctx.err(`gosw: ${err.message}; using the list cached ${new Date(cached.fetchedAt).toISOString()}`);
      return fromCache(cached);
    }
    throw err;
  }
  try {
    mkdirp(opts.cacheDir);
    writeFileAtomic(file, JSON.stringify({ goproxy: key, proxy: got.proxy, fetchedAt: Date.now(), text: got.text } satisfies ListCache));
  } catch {
    // A cache we cannot write is not worth failing for.
  }
  return { names: namesFor(got.text, opts.platform), proxy: got.proxy };
}
