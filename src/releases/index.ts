import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Context } from '../context.js';
import { GoswError, errnoCode } from '../errors.js';
import { parseIndex, type Release } from './schema.js';
import { mkdirp, writeFileAtomic } from '../fsx.js';

export type { Release, ReleaseFile } from './schema.js';

export const DEFAULT_INDEX_URL = 'https://go.dev/dl/?mode=json&include=all';
const DEFAULT_TTL_S = 3600;

interface Meta {
  url: string;
  etag?: string;
  lastModified?: string;
  fetchedAt: number;
}

export interface IndexOptions {
  offline?: boolean;
  cacheDir: string;
}

export function indexUrl(env: NodeJS.ProcessEnv): string {
  return env.GOSW_INDEX_URL || DEFAULT_INDEX_URL;
}

/**
 * The index is the trust root: every archive, from go.dev or a mirror, is checked against its
 * sha256. Fetched over plain http from another machine, anyone on the way can rewrite it, and with
 * it what gets installed. Loopback is exempt: that traffic never leaves this machine.
 */
export function insecureIndexWarning(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined; // the fetch reports a bad URL itself
  }
  if (u.protocol !== 'http:') return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)) return undefined;
  return `gosw: warning: GOSW_INDEX_URL is plain http (${url}): the release index vouches for every checksum, so anyone on the network path can change what gets installed; use https`;
}

/** One warning per command run, however often the index is loaded. */
let warnedInsecure = false;

function readCache(dir: string, url: string): { meta: Meta; text: string } | undefined {
  try {
    const meta = JSON.parse(readFileSync(path.join(dir, 'index.meta.json'), 'utf8')) as Meta;
    if (meta.url !== url || typeof meta.fetchedAt !== 'number') return undefined;
    return { meta, text: readFileSync(path.join(dir, 'index.json'), 'utf8') };
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || err instanceof SyntaxError) return undefined;
    throw err;
  }
}

function writeCache(dir: string, meta: Meta, text?: string): void {
  try {
    mkdirp(dir);
    // The body first: a crash between the two leaves old meta, which only causes a refetch.
    if (text !== undefined) writeFileAtomic(path.join(dir, 'index.json'), text);
    writeFileAtomic(path.join(dir, 'index.meta.json'), JSON.stringify(meta));
  } catch {
    // A cache we cannot write is not worth failing an install for.
  }
}

/** GOSW_INDEX_TTL (seconds; default an hour): how long a cached list of releases is used without asking again. */
export function ttlMs(env: NodeJS.ProcessEnv): number {
  const v = env.GOSW_INDEX_TTL;
  const n = v === undefined || v === '' ? DEFAULT_TTL_S : Number(v);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : DEFAULT_TTL_S * 1000;
}

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * The release index: from the cache while it is younger than GOSW_INDEX_TTL, else revalidated
 * with If-None-Match / If-Modified-Since. A network failure falls back to a cached copy of any age.
 */
export async function loadIndex(ctx: Context, opts: IndexOptions): Promise<Release[]> {
  const url = indexUrl(ctx.env);
  const warning = warnedInsecure ? undefined : insecureIndexWarning(url);
  if (warning) {
    warnedInsecure = true;
    ctx.err(warning);
  }
  const file = path.join(opts.cacheDir, 'index.json');
  let cached = readCache(opts.cacheDir, url);
  let parsed: Release[] | undefined;
  if (cached) {
    try {
      parsed = parseIndex(cached.text, `the cached index (${file})`);
    } catch (err) {
      if (opts.offline) {
        throw new GoswError('BAD_INDEX', `the cached release index ${file} is damaged`, {
          hint: 'run once without --offline to fetch it again',
          cause: err,
        });
      }
      cached = undefined; // damaged: fetched again below, unconditionally
    }
  }
  const fromCache = (why?: string): Release[] => {
    if (why) ctx.err(`gosw: ${why}; using the release index cached ${new Date(cached!.meta.fetchedAt).toISOString()}`);
    return parsed!;
  };

  if (opts.offline) {
    if (!cached) {
      throw new GoswError('OFFLINE', 'offline, and no release index is cached yet', {
        hint: 'run once with network (e.g. gosw list-remote), or install a tarball with --file X --sha256 HEX',
      });
    }
    return fromCache();
  }
  if (cached && Date.now() - cached.meta.fetchedAt < ttlMs(ctx.env)) return fromCache();

  const { getText, httpSettings } = await import('../net/http.js');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (cached?.meta.etag) headers['if-none-match'] = cached.meta.etag;
  if (cached?.meta.lastModified) headers['if-modified-since'] = cached.meta.lastModified;
  let res;
  try {
    res = await getText(url, httpSettings(ctx.env), headers);
  } catch (err) {
    if (cached && err instanceof GoswError && (err.code === 'NETWORK' || err.code === 'HTTP_STATUS')) return fromCache(err.message);
    throw err;
  }
  const meta: Meta = {
    url,
    etag: header(res.headers, 'etag') ?? cached?.meta.etag,
    lastModified: header(res.headers, 'last-modified') ?? cached?.meta.lastModified,
    fetchedAt: Date.now(),
  };
  if (res.status === 304 && cached) {
    writeCache(opts.cacheDir, meta);
    return fromCache();
  }
  let releases: Release[];
  try {
    releases = parseIndex(res.text, `the release index from ${url}`, header(res.headers, 'content-type'));
  } catch (err) {
    if (cached && err instanceof GoswError) return fromCache(err.message);
    throw err;
  }
  writeCache(opts.cacheDir, meta, res.text);
  return releases;
}
