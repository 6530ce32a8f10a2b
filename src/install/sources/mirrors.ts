import type { Context } from '../../context.js';
import { GoswError } from '../../errors.js';
import { proxyList } from '../../goproxy/config.js';
import { statusOf } from '../../net/http.js';
import type { Opened, Source } from './source.js';
import { UrlSource } from './url.js';

/** One place to download go.dev's files from, and when the one after it may be tried. */
export interface Mirror {
  /** The base URL; the archive is `<url>/<filename>`. */
  url: string;
  /** `|` after it: the next is tried after any failure; `,` (false): only after 404/410. */
  fallBackOnError: boolean;
  /** The official location (GOSW_DOWNLOAD_URL or dl.google.com), last unless `off` ends the list. */
  official?: boolean;
}

export interface MirrorList {
  mirrors: Mirror[];
  /** The list ended with `off`: no official location after it. */
  off: boolean;
}

export const OFFICIAL_URL = 'https://dl.google.com/go';

/**
 * GOSW_MIRROR with GOPROXY's list rules (src/goproxy/config.ts `proxyList`): entries split on `,`
 * (the next one is tried only when the file is not found) or `|` (after any failure), `off` ends
 * the list with an error, `direct` is the official location. The official location comes last
 * unless the list ended with `off` or named it.
 */
export function mirrorList(env: NodeJS.ProcessEnv): MirrorList {
  const official = (env.GOSW_DOWNLOAD_URL || OFFICIAL_URL).replace(/\/+$/, '');
  const mirrors: Mirror[] = [];
  let off = false;
  let named = false;
  let list: ReturnType<typeof proxyList>;
  try {
    list = proxyList(env.GOSW_MIRROR ?? '', '');
  } catch (err) {
    const msg = err instanceof GoswError ? err.message.replace(/GOPROXY entry|proxy URL/g, 'GOSW_MIRROR entry') : String(err);
    throw new GoswError('USAGE', msg, { hint: 'GOSW_MIRROR is a list of http(s) URLs separated by "," or "|", like GOPROXY' });
  }
  for (const e of list) {
    if (e.kind === 'off') off = true;
    else if (e.kind === 'direct') {
      named = true;
      mirrors.push({ url: official, fallBackOnError: false, official: true });
    } else if (e.kind === 'url') {
      if (e.url.startsWith('file:'))
        throw new GoswError('USAGE', `GOSW_MIRROR entry ${e.url} is a file URL`, {
          hint: 'give the archive with --file instead, or serve the directory over http(s)',
        });
      mirrors.push({ url: e.url, fallBackOnError: e.fallBackOnError });
    }
  }
  if (!off && !named) mirrors.push({ url: official, fallBackOnError: false, official: true });
  return { mirrors, off };
}

/** A failure that moves a `,` list on: the mirror does not have the file. */
function notFound(err: unknown): boolean {
  const s = statusOf(err);
  return s === 404 || s === 410;
}

/**
 * Errors of this machine, not of the mirror: trying the next one would fail the same way (a full
 * disk, the store's permissions, a lost lock, a bad setting). A SECURITY error (the checksum
 * database disagrees) stops too, as the go command stops: it is for a person to look at.
 */
function local(err: unknown): boolean {
  if (!(err instanceof GoswError)) return true;
  return err.code === 'IO' || err.code === 'STORE' || err.code === 'LOCK' || err.code === 'USAGE' || err.code === 'SECURITY';
}

/**
 * go.dev's files from a list of mirrors (GOSW_MIRROR), each a url source (retries, stalls and
 * bounds are its own), tried in order with GOPROXY's rules. A failed mirror is reported in one
 * line and the next starts from a clean work dir (`reset`); the bytes are verified inside
 * `consume`, so a bad hash is a failure of that mirror like any other.
 */
export class MirrorsSource implements Source {
  readonly kind = 'mirrors';
  readonly network = true;
  readonly where: string;

  constructor(
    private readonly list: MirrorList,
    private readonly filename: string,
  ) {
    this.where = list.mirrors.map((m) => new URL(m.url).host).join(', ') || 'GOSW_MIRROR';
  }

  async fetch(ctx: Context, consume: (o: Opened) => Promise<void>, reset: () => void): Promise<void> {
    const failures: string[] = [];
    const { mirrors } = this.list;
    for (let i = 0; i < mirrors.length; i++) {
      const m = mirrors[i]!;
      const url = `${m.url}/${encodeURIComponent(this.filename)}`;
      const host = new URL(url).host;
      if (i > 0) reset();
      try {
        return await new UrlSource(url).fetch(ctx, consume, reset);
      } catch (err) {
        if (local(err)) throw err;
        const why = reason(err, this.filename, host);
        failures.push(`${m.official ? '' : 'mirror '}${host}: ${why}`);
        const last = i === mirrors.length - 1;
        if (!notFound(err) && !m.fallBackOnError) {
          if (failures.length === 1 && last) throw err;
          // `,` moves on only when a file is not found: say so, or the stop looks like a bug.
          const e = err as GoswError;
          const rule = last
            ? ''
            : ` (GOSW_MIRROR goes past ${host} only when it has no such file, because a "," follows it; write "|" to go on after any failure)`;
          throw new GoswError(e.code, failures.length > 1 ? `${failures.join('; ')}` : e.message, {
            hint: `${e.hint ?? ''}${rule}`.trim(),
            cause: e,
            exitCode: e.exitCode,
          });
        }
        if (!last) ctx.err(`gosw: ${m.official ? '' : 'mirror '}${host}: ${why}; trying the next`);
      }
    }
    if (this.list.off) {
      throw new GoswError(
        'NETWORK',
        `GOSW_MIRROR ends with "off", so ${this.filename} is not downloaded from anywhere else${failures.length ? `: ${failures.join('; ')}` : ''}`,
        { hint: 'add a mirror that has the file, or remove ",off" to fall back to the official location' },
      );
    }
    throw new GoswError('NETWORK', `no mirror could give ${this.filename}: ${failures.join('; ')}`, {
      hint: 'check the mirrors in GOSW_MIRROR, or retry later',
    });
  }

  short(): undefined {
    return undefined;
  }
}

/** A mirror's failure in a few words: "HTTP 404 for go1.22.5.linux-amd64.tar.gz". */
function reason(err: unknown, filename: string, host: string): string {
  const s = statusOf(err);
  if (s !== undefined) return `HTTP ${s} for ${filename}`;
  const msg = (err as Error).message;
  return msg.startsWith(`${host} `) ? msg.slice(host.length + 1) : msg;
}
