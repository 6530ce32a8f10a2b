import path from 'node:path';
import { GoswError } from '../errors.js';
import { parseVerifierKey, type Verifier } from '../sumdb/note.js';

/**
 * The Go module proxy settings, with the go command's meaning (cmd/go/internal/modfetch/proxy.go
 * proxyList/TryProxies, sumdb.go, key.go; golang.org/x/mod/module MatchPrefixPatterns,
 * EscapePath/EscapeVersion), for fetching `golang.org/toolchain` (issue 11). Pure functions of
 * the environment passed in; the go env file (`go env -w`) is read by the caller and merged here.
 */

export const DEFAULT_GOPROXY = 'https://proxy.golang.org,direct';
export const DEFAULT_GOSUMDB = 'sum.golang.org';
/** cmd/go/internal/modfetch/key.go knownGOSUMDB. */
export const KNOWN_GOSUMDB: Readonly<Record<string, string>> = {
  'sum.golang.org': 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8',
};
/** The module every Go toolchain since 1.21 is published as. */
export const TOOLCHAIN_MODULE = 'golang.org/toolchain';

export type ProxyEntry =
  /** A proxy URL (https, http or file); after it, the next is tried on 404/410, or on any error with `|`. */
  | { kind: 'url'; url: string; fallBackOnError: boolean }
  /** `off`: fail. `direct`: ends the list (a toolchain has no repository: not from a proxy). `noproxy`: GONOPROXY's turn. */
  | { kind: 'off' | 'direct' | 'noproxy' };

/** proxyList: GOPROXY split on `,` and `|`; `off` and `direct` end it; bare hosts get https://. */
export function proxyList(goproxy: string, gonoproxy: string): ProxyEntry[] {
  const list: ProxyEntry[] = [];
  if (gonoproxy !== '' && goproxy !== 'direct') list.push({ kind: 'noproxy' });
  let rest = goproxy;
  while (rest !== '') {
    let url: string;
    let fallBackOnError = false;
    const i = rest.search(/[,|]/);
    if (i >= 0) {
      url = rest.slice(0, i);
      fallBackOnError = rest[i] === '|';
      rest = rest.slice(i + 1);
    } else {
      url = rest;
      rest = '';
    }
    url = url.trim();
    if (url === '') continue;
    if (url === 'off' || url === 'direct') {
      list.push({ kind: url });
      break;
    }
    // "Single-word tokens are reserved for built-in behaviors, and anything containing the string
    // ':/' or matching an absolute file path must be a complete URL."
    if (/[.:/]/.test(url) && !url.includes(':/') && !path.isAbsolute(url)) url = `https://${url}`;
    list.push({ kind: 'url', url: checkProxyUrl(url), fallBackOnError });
  }
  return list;
}

function checkProxyUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new GoswError('USAGE', `GOPROXY entry ${JSON.stringify(raw)} is not a URL`, {
      hint: 'write it as https://host/path, or a file:///path',
    });
  }
  if (u.protocol === 'file:') {
    if (u.search || u.hash || u.host || u.username) {
      throw new GoswError('USAGE', `invalid file:// proxy URL with non-path elements: ${raw}`, {
        hint: 'write it as file:///absolute/path',
      });
    }
  } else if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new GoswError('USAGE', `invalid proxy URL scheme (must be https, http, file): ${raw}`, { hint: 'check GOPROXY' });
  }
  return raw.replace(/\/+$/, '');
}

/** An error a proxy answered with; `notFound` (404, 410) lets a `,` list go on to the next proxy. */
export interface ProxyFailure {
  notFound: boolean;
}

/**
 * TryProxies: calls `f` per entry until one succeeds or one fails with an error that is not
 * "not found" on an entry without `|`. The error returned is the most helpful one, ranked as Go
 * ranks it: direct/noproxy errors, then proxy errors other than not-found, then not-found.
 */
export async function tryProxies<T>(
  list: readonly ProxyEntry[],
  f: (e: ProxyEntry) => Promise<T>,
  isNotFound: (err: unknown) => boolean,
  /** Told when a proxy failed and the next entry gets its turn (to say so in one line). */
  onNext?: (err: unknown, failed: ProxyEntry, next: ProxyEntry) => void,
): Promise<T> {
  if (list.length === 0) return f({ kind: 'off' });
  let best: unknown;
  let rank = 0; // 0 not-found, 1 proxy error, 2 direct/noproxy
  for (const [i, e] of list.entries()) {
    try {
      return await f(e);
    } catch (err) {
      const notFound = isNotFound(err);
      if (e.kind === 'direct' || e.kind === 'noproxy') {
        best = err;
        rank = 2;
      } else if (rank <= 1 && !notFound) {
        best = err;
        rank = 1;
      } else if (rank === 0) best = err;
      if (!(e.kind === 'url' && e.fallBackOnError) && !notFound) break;
      const next = list[i + 1];
      if (next) onNext?.(err, e, next);
    }
  }
  throw best;
}

/** One line for moving on to the next proxy: what failed, and who is asked next. */
export function nextProxyLine(err: unknown, failed: ProxyEntry, next: ProxyEntry): string {
  const name = (e: ProxyEntry) => (e.kind === 'url' ? e.url : e.kind);
  const why = err instanceof Error ? err.message : String(err);
  // The message names the URL already when it is one of gosw's; else say which proxy failed.
  const host = failed.kind === 'url' && !failed.url.startsWith('file:') ? new URL(failed.url).host : undefined;
  const named = failed.kind === 'url' && (why.includes(failed.url) || (host !== undefined && why.includes(host)));
  return `gosw: ${named ? '' : `${name(failed)}: `}${why}; trying ${name(next)}`;
}

/**
 * The error for reaching `off`, `direct` or GONOPROXY's turn in the list: a toolchain has no
 * repository, so "direct" means "not from a proxy" (install from go.dev instead).
 */
export function notFromProxy(kind: 'off' | 'direct' | 'noproxy'): GoswError {
  const why =
    kind === 'off'
      ? 'GOPROXY=off forbids downloading modules'
      : kind === 'noproxy'
        ? 'GONOPROXY/GOPRIVATE match golang.org/toolchain, which then has no source (it has no repository)'
        : 'it is not on the proxies before "direct" in GOPROXY, and for a toolchain "direct" means not from a proxy: golang.org/toolchain has no repository to fetch directly';
  return new GoswError('NETWORK', `cannot get the toolchain module: ${why}`, {
    hint: 'add a proxy that has it to GOPROXY, or use go.dev: --source godev',
  });
}

/**
 * module.MatchPrefixPatterns: whether any glob in the comma-separated list matches a leading part
 * of the module path with as many elements as the glob (`*.corp.example.com`, `golang.org/*`).
 */
export function matchPrefixPatterns(globs: string, target: string): boolean {
  for (let glob of globs.split(',')) {
    glob = glob.replace(/\/$/, '');
    if (glob === '') continue;
    let n = (glob.match(/\//g) ?? []).length;
    let prefix = target;
    for (let i = 0; i < target.length; i++) {
      if (target[i] === '/') {
        if (n === 0) {
          prefix = target.slice(0, i);
          break;
        }
        n--;
      }
    }
    if (n > 0) continue;
    if (pathMatch(glob, prefix)) return true;
  }
  return false;
}

/** Go's path.Match: `*` and `?` never match `/`; `[...]` classes with `^` negation and ranges; `\` escapes. A malformed pattern matches nothing. */
export function pathMatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      i++;
      if (i >= pattern.length) return false;
      re += escapeRe(pattern[i]!);
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return false;
      let body = pattern.slice(i + 1, end);
      const negate = body.startsWith('^');
      if (negate) body = body.slice(1);
      if (body === '') return false;
      re += `[${negate ? '^/' : ''}${body.replace(/[\]\\]/g, '\\$&')}]`;
      i = end;
    } else re += escapeRe(c);
  }
  try {
    return new RegExp(`${re}$`, 's').test(name);
  } catch {
    return false;
  }
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** module.EscapePath/EscapeVersion: each upper-case letter becomes `!` + its lower case; `!` itself is refused. */
export function escapeModule(s: string): string {
  if (s.includes('!')) throw new GoswError('USAGE', `${JSON.stringify(s)} contains '!', which module paths and versions may not`);
  return s.replace(/[A-Z]/g, (ch) => `!${ch.toLowerCase()}`);
}

/** go.dev's tarball architecture names that differ from Go's GOARCH (distpack names the module by GOARCH). */
const GOARCH_OF: Readonly<Record<string, string>> = { armv6l: 'arm' };

/** The module version of a toolchain: `v0.0.1-go1.22.5.linux-amd64` (cmd/go/internal/toolchain/select.go). */
export function toolchainModuleVersion(release: string, goos: string, arch: string): string {
  return `v0.0.1-${release}.${goos}-${GOARCH_OF[arch] ?? arch}`;
}

/** A checksum database as GOSUMDB names it: the verifier key text, its name, and where to reach it (if given). */
export interface SumdbConfig {
  key: string;
  name: string;
  url?: string;
}

/**
 * GOSUMDB (`name`, `key` or `key url`; sum.golang.org's key built in, sum.golang.google.cn its
 * alias). For toolchains `off` is refused: the checksum database is their only source of truth
 * (cmd/go useSumDB ignores GOSUMDB=off, GONOSUMDB and GOPRIVATE for golang.org/toolchain).
 */
export function parseGosumdb(value: string): SumdbConfig {
  let v = value.trim() || DEFAULT_GOSUMDB;
  if (v === 'off') {
    throw new GoswError('CHECKSUM', 'GOSUMDB=off: Go toolchains from a module proxy are verified only by the checksum database', {
      hint: 'unset GOSUMDB (or name a database), or pin the archive with --sha256 / --h1',
    });
  }
  if (v === 'sum.golang.google.cn') v = 'sum.golang.org https://sum.golang.google.cn';
  const fields = v.split(/\s+/);
  if (fields.length > 2)
    throw new GoswError('USAGE', `invalid GOSUMDB ${JSON.stringify(value)}: too many fields`, {
      hint: 'GOSUMDB is name, key, or "key url"',
    });
  const key = KNOWN_GOSUMDB[fields[0]!] ?? fields[0]!;
  const name = key.split('+')[0]!;
  if (!key.includes('+'))
    throw new GoswError('USAGE', `invalid GOSUMDB ${JSON.stringify(value)}: unknown database ${name} and no key`, {
      hint: 'give its verifier key: name+hash+key',
    });
  let url: string | undefined;
  if (fields[1] !== undefined) {
    let u: URL;
    try {
      u = new URL(fields[1]);
    } catch {
      throw new GoswError('USAGE', `invalid GOSUMDB URL ${JSON.stringify(fields[1])}: missing scheme`, {
        hint: 'write it as https://host/path',
      });
    }
    if (u.search || u.hash) throw new GoswError('USAGE', `invalid GOSUMDB URL ${JSON.stringify(fields[1])}: no query or fragment allowed`);
    url = fields[1].replace(/\/+$/, '');
  }
  return { key, name, url };
}

/** The Go settings gosw reads: the process environment wins over the go env file (`go env -w`). */
export interface GoSettings {
  GOPROXY: string;
  GOSUMDB: string;
  GONOPROXY: string;
  GOPRIVATE: string;
}

/** Parses a go env file (`KEY=VALUE` lines, as `go env -w` writes them). */
export function parseGoEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** Where `go env -w` writes: $GOENV (`off`: none), else $XDG_CONFIG_HOME/go/env, else ~/.config/go/env (macOS: ~/Library/Application Support/go/env). */
export function goEnvFile(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  if (env.GOENV === 'off') return undefined;
  if (env.GOENV) return env.GOENV;
  if (platform === 'darwin') return env.HOME ? path.join(env.HOME, 'Library', 'Application Support', 'go', 'env') : undefined;
  const config =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME)
      ? env.XDG_CONFIG_HOME
      : env.HOME
        ? path.join(env.HOME, '.config')
        : undefined;
  return config ? path.join(config, 'go', 'env') : undefined;
}

export function goSettings(env: NodeJS.ProcessEnv, file: Record<string, string>): GoSettings {
  const get = (k: keyof GoSettings) => env[k] ?? file[k] ?? '';
  const GOPRIVATE = get('GOPRIVATE');
  return {
    GOPROXY: get('GOPROXY') || DEFAULT_GOPROXY,
    GOSUMDB: get('GOSUMDB') || DEFAULT_GOSUMDB,
    GONOPROXY: env.GONOPROXY ?? file.GONOPROXY ?? GOPRIVATE,
    GOPRIVATE,
  };
}

/** GOPROXY's list as it applies to golang.org/toolchain: a GONOPROXY/GOPRIVATE match sends it "direct", and it has no repository. */
export function toolchainProxies(settings: GoSettings): ProxyEntry[] {
  return matchPrefixPatterns(settings.GONOPROXY, TOOLCHAIN_MODULE) ? proxyList('direct', '') : proxyList(settings.GOPROXY, '');
}

/** The verifier of a GOSUMDB key, or a USAGE error saying what GOSUMDB may be. */
export function gosumdbVerifier(key: string): Verifier {
  try {
    return parseVerifierKey(key);
  } catch (err) {
    throw new GoswError('USAGE', `GOSUMDB names the key ${JSON.stringify(key)}, which is not a verifier key: ${(err as Error).message}`, {
      hint: 'GOSUMDB is a name (sum.golang.org), a key (name+hash+key) or "key url"',
    });
  }
}
