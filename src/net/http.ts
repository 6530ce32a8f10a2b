import { Transform, type Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { GoswError, errnoCode } from '../errors.js';

/**
 * The only module that talks to undici (loaded lazily: it costs ~90 ms to load).
 * Proxies come from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case), timeouts and retries from
 * GOSW_HTTP_TIMEOUT / GOSW_HTTP_RETRIES / GOSW_HTTP_BACKOFF_MS, the low-speed floor from
 * GOSW_HTTP_MIN_SPEED (bytes/s; below it for GOSW_HTTP_TIMEOUT seconds is a stall, as curl's
 * --speed-limit/--speed-time: an idle timeout alone never fires on a 1-byte-per-second drip).
 */
export interface HttpSettings {
  timeoutMs: number;
  minSpeed: number;
  retries: number;
  backoffMs: number;
  env: NodeJS.ProcessEnv;
}

export function httpSettings(env: NodeJS.ProcessEnv): HttpSettings {
  const num = (v: string | undefined, dflt: number, name: string): number => {
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) {
      throw new GoswError('USAGE', `${name}=${JSON.stringify(v)} is not a non-negative number`, { hint: `unset ${name} or give a number` });
    }
    return n;
  };
  return {
    timeoutMs: Math.max(1, num(env.GOSW_HTTP_TIMEOUT, 30, 'GOSW_HTTP_TIMEOUT') * 1000),
    minSpeed: num(env.GOSW_HTTP_MIN_SPEED, 1024, 'GOSW_HTTP_MIN_SPEED'),
    retries: Math.floor(num(env.GOSW_HTTP_RETRIES, 3, 'GOSW_HTTP_RETRIES')),
    backoffMs: num(env.GOSW_HTTP_BACKOFF_MS, 500, 'GOSW_HTTP_BACKOFF_MS'),
    env,
  };
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable;
  url: string;
}

const MAX_REDIRECTS = 5;

let dispatcherPromise: Promise<Dispatcher> | undefined;

async function dispatcher(s: HttpSettings): Promise<Dispatcher> {
  dispatcherPromise ??= (async () => {
    const { EnvHttpProxyAgent, interceptors } = await import('undici');
    const e = s.env;
    const agent = new EnvHttpProxyAgent({
      httpProxy: proxyUrl(e, 'http'),
      httpsProxy: proxyUrl(e, 'https'),
      noProxy: e.no_proxy ?? e.NO_PROXY,
      connect: { timeout: s.timeoutMs },
      headersTimeout: s.timeoutMs,
      bodyTimeout: s.timeoutMs,
    });
    return agent.compose(interceptors.redirect({ maxRedirections: MAX_REDIRECTS }));
  })();
  return dispatcherPromise;
}

/** The proxy for a scheme, checked: a typo must be named, not surface as "Invalid URL". */
function proxyUrl(env: NodeJS.ProcessEnv, scheme: 'http' | 'https'): string | undefined {
  const names = scheme === 'https' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  const name = names.find((n) => env[n]);
  if (!name) return undefined;
  const value = env[name]!;
  let u: URL | undefined;
  try {
    u = new URL(value);
  } catch {
    u = undefined;
  }
  if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname) {
    throw new GoswError('USAGE', `${name}=${JSON.stringify(value)} is not a proxy URL`, {
      hint: `write it as http://host:port (or http://user:pass@host:port), or unset ${name}`,
    });
  }
  return value;
}

/** The proxy a URL goes through, for error messages (undici decides the same way, NO_PROXY aside). */
function proxyFor(url: string, env: NodeJS.ProcessEnv): { name: string; url: URL } | undefined {
  const https = url.startsWith('https:');
  const names = https ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
  const name = names.find((n) => env[n]);
  if (!name) return undefined;
  try {
    return { name, url: new URL(env[name]!) };
  } catch {
    return undefined;
  }
}

/** Errors gosw raises for a body that went wrong mid-transfer; retried like a reset. */
export function transferError(kind: 'stalled' | 'truncated', url: string, got: number, want: number | undefined): Error {
  const of = want !== undefined ? ` of ${want}` : '';
  const what =
    kind === 'stalled' ? `${safeHost(url)} stalled at ${got}${of} bytes` : `connection to ${safeHost(url)} closed at ${got}${of} bytes`;
  return Object.assign(new Error(what), { code: kind === 'stalled' ? 'GOSW_STALLED' : 'GOSW_TRUNCATED' });
}

const TRANSIENT_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
  // A body cut mid-way: Content-Length not reached, the socket closed early, or gosw's own checks.
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_ABORTED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'GOSW_STALLED',
  'GOSW_TRUNCATED',
]);

export function isTransient(err: unknown): boolean {
  const code = errnoCode(err) ?? errnoCode((err as { cause?: unknown })?.cause);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** A one-line, user-facing description of a network failure. */
export function describeNetworkError(err: unknown, url: string, s: HttpSettings): GoswError {
  const cause = (err as { cause?: { address?: string; port?: number } })?.cause;
  const code = errnoCode(err) ?? errnoCode(cause);
  const host = safeHost(url);
  const via = proxyFor(url, s.env);
  const proxy = via ? `${via.url.host} (${via.name})` : undefined;
  // A refused or unresolvable connection to the proxy is the proxy's fault, not the server's.
  const atProxy =
    via !== undefined &&
    (code === 'ECONNREFUSED' ||
      code === 'ENOTFOUND' ||
      code === 'EAI_AGAIN' ||
      code === 'UND_ERR_CONNECT_TIMEOUT' ||
      code === 'EHOSTUNREACH' ||
      code === 'ENETUNREACH');
  if (atProxy) {
    const why =
      code === 'ECONNREFUSED'
        ? 'connection refused'
        : code === 'UND_ERR_CONNECT_TIMEOUT'
          ? 'connect timed out'
          : code === 'ENOTFOUND' || code === 'EAI_AGAIN'
            ? 'name not resolved'
            : 'unreachable';
    return new GoswError('NETWORK', `cannot reach the proxy ${proxy} for ${host}: ${why}`, {
      hint: `check that the proxy runs, or fix/unset ${via.name} (NO_PROXY lists hosts that skip it)`,
      cause: err,
    });
  }
  if (/redirect loop detected/i.test((err as Error)?.message ?? '')) {
    return new GoswError('NETWORK', `${host} redirects in a loop for ${url}`, {
      hint: `check ${urlSettings(s)}; a proxy or login page may be redirecting`,
      cause: err,
    });
  }
  let what: string;
  let hint = s.env.GOSW_MIRROR
    ? 'check your network connection and the mirrors in GOSW_MIRROR'
    : 'check your network connection, or use --offline / a mirror (GOSW_MIRROR)';
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      what = `cannot resolve ${host} (DNS)`;
      hint = 'check DNS, or set HTTPS_PROXY if you are behind a proxy';
      break;
    case 'ECONNREFUSED':
      what = `connection to ${host} refused`;
      break;
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      what = `request to ${host} timed out after ${s.timeoutMs / 1000} s`;
      hint = `the network or server is slow; retry${orMirror(s, 'raise GOSW_HTTP_TIMEOUT')}`;
      break;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      what = `connection to ${host} was cut off`;
      break;
    case 'GOSW_STALLED':
    case 'GOSW_TRUNCATED':
      what = (err as Error).message;
      hint = `the network or server is slow or flaky; retry${orMirror(s, 'raise GOSW_HTTP_TIMEOUT / GOSW_HTTP_RETRIES')}`;
      break;
    default:
      what = `request to ${host} failed: ${(err as Error)?.message ?? String(err)}`;
      if (proxy) hint = `check the proxy ${proxy} and NO_PROXY`;
  }
  return new GoswError('NETWORK', what, { hint, cause: err });
}

/**
 * Hints name only what the user can change: the mirror is suggested when none is set (with one
 * set, the message already names the host that failed), and settings are named when they are set.
 */
function orMirror(s: HttpSettings, also: string): string {
  return s.env.GOSW_MIRROR ? `, or ${also}` : `, ${also}, or use a mirror (GOSW_MIRROR)`;
}

/** The URL settings in effect, for "check …" hints: "the URL" when none is set. */
function urlSettings(s: HttpSettings): string {
  const set = ['GOSW_MIRROR', 'GOSW_DOWNLOAD_URL', 'GOSW_INDEX_URL'].filter((n) => s.env[n]);
  return set.length ? `the URL (${set.join(' / ')})` : 'the URL';
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function checkUrl(url: string, what: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new GoswError('USAGE', `${what} ${JSON.stringify(url)} is not a URL`, { hint: 'give an http:// or https:// URL' });
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new GoswError('USAGE', `${what} ${JSON.stringify(url)} is not an http(s) URL`, { hint: 'give an http:// or https:// URL' });
  }
  return u;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function backoff(s: HttpSettings, attempt: number): number {
  const base = s.backoffMs * 2 ** attempt;
  return base / 2 + Math.random() * (base / 2);
}

/**
 * GET with retries on transient failures (5xx, 429, resets, timeouts) and none on other 4xx.
 * Returns once headers arrive; the caller consumes the body (a failure mid-body is the caller's
 * to retry, since it has to restart whatever it fed the body into).
 */
export async function get(url: string, s: HttpSettings, headers: Record<string, string> = {}): Promise<Response> {
  checkUrl(url, 'URL');
  const d = await dispatcher(s);
  const { request } = await import('undici');
  for (let attempt = 0; ; attempt++) {
    let res: Dispatcher.ResponseData;
    try {
      res = await request(url, { method: 'GET', dispatcher: d, headers: { 'user-agent': 'gosw', ...headers } });
    } catch (err) {
      if (attempt < s.retries && isTransient(err)) {
        await sleep(backoff(s, attempt));
        continue;
      }
      throw describeNetworkError(err, url, s);
    }
    if (TRANSIENT_STATUS.has(res.statusCode) && attempt < s.retries) {
      res.body.resume();
      await sleep(backoff(s, attempt));
      continue;
    }
    if (res.statusCode >= 300 && res.statusCode < 400 && res.statusCode !== 304) {
      // The redirect interceptor hands back the last 3xx once it has followed MAX_REDIRECTS.
      res.body.resume();
      throw new GoswError('NETWORK', `${safeHost(url)} redirected more than ${MAX_REDIRECTS} times (a redirect loop?) for ${url}`, {
        hint: `check ${urlSettings(s)}; a proxy or login page may be redirecting`,
      });
    }
    if (res.statusCode >= 400) {
      res.body.resume();
      throw httpStatusError(url, res.statusCode, s);
    }
    const len = Number(res.headers['content-length']);
    return {
      status: res.statusCode,
      headers: res.headers,
      body: watchSpeed(res.body as unknown as Readable, url, s, Number.isFinite(len) ? len : undefined),
      url,
    };
  }
}

/** The HTTP status of an HTTP_STATUS error from `get`, else undefined. */
export function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown })?.status;
  return err instanceof GoswError && err.code === 'HTTP_STATUS' && typeof s === 'number' ? s : undefined;
}

function httpStatusError(url: string, status: number, s: HttpSettings): GoswError {
  return Object.assign(
    new GoswError('HTTP_STATUS', `GET ${url} answered HTTP ${status}`, {
      hint:
        status === 404
          ? `the file is not there: check ${urlSettings(s)}`
          : status === 407
            ? 'the proxy wants credentials: put them in HTTPS_PROXY (http://user:pass@host:port)'
            : status === 401 || status === 403
              ? 'the server wants credentials: for a module proxy, put them in ~/.netrc (machine HOST login USER password PASS) or $NETRC'
              : s.env.GOSW_MIRROR
                ? 'retry later'
                : 'retry later, or use a mirror (GOSW_MIRROR)',
    }),
    { status },
  );
}

/**
 * Passes a body through, failing it with GOSW_STALLED when it delivers less than `minSpeed`
 * bytes/s over a whole `timeoutMs` window. Only the server's slowness counts: a window restarts
 * whenever data waits for the consumer (a busy disk or CPU is not a stall) or the event loop
 * itself was held up (then the timer saw nothing it could judge).
 */
function watchSpeed(body: Readable, url: string, s: HttpSettings, want: number | undefined): Readable {
  if (s.minSpeed <= 0) return body;
  let got = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      got += chunk.length;
      cb(null, chunk);
    },
  });
  const tickMs = Math.max(50, Math.min(1000, s.timeoutMs / 4));
  let start = { t: Date.now(), got: 0 };
  let last = start.t;
  const timer = setInterval(() => {
    const now = Date.now();
    const lagged = now - last > 3 * tickMs;
    last = now;
    if (lagged || meter.readableLength > 0 || meter.writableLength > 0) {
      start = { t: now, got };
      return;
    }
    const span = now - start.t;
    if (span < s.timeoutMs) return;
    if (got - start.got < (s.minSpeed * span) / 1000) {
      clearInterval(timer);
      meter.destroy(transferError('stalled', url, got, want));
      body.destroy();
      return;
    }
    start = { t: now, got }; // judge the next window afresh
  }, tickMs);
  timer.unref();
  meter.on('close', () => {
    clearInterval(timer);
    if (!body.destroyed) body.destroy();
  });
  body.on('error', (err) => meter.destroy(err));
  body.pipe(meter);
  return meter;
}

/** Reads a whole (small) body, bounded to `limit` bytes. */
async function readBytes(res: Response, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res.body) {
    n += (c as Buffer).length;
    if (n > limit)
      throw new GoswError('BAD_INDEX', `the response from ${res.url} is larger than ${limit} bytes`, { hint: 'check the URL' });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Runs one GET-and-read; a failure while reading the body is retried like one before it. */
async function retryingBody<T>(url: string, s: HttpSettings, once: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await once();
    } catch (err) {
      if (err instanceof GoswError) throw err;
      if (attempt < s.retries && isTransient(err)) {
        await sleep(backoff(s, attempt));
        continue;
      }
      throw describeNetworkError(err, url, s);
    }
  }
}

/** GET a small text resource (the release index), bounded to 64 MiB. */
export function getText(
  url: string,
  s: HttpSettings,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Response['headers']; text: string }> {
  return retryingBody(url, s, async () => {
    const res = await get(url, s, headers);
    return {
      status: res.status,
      headers: res.headers,
      text: res.status === 304 ? '' : (await readBytes(res, 64 * 1024 * 1024)).toString('utf8'),
    };
  });
}

/**
 * GET a small resource as bytes, with its status: 4xx answers are returned, not thrown, for
 * protocols where "not found" means "ask the next one" (GOPROXY lists, sumdb tiles). Bounded.
 */
export function fetchBytes(
  url: string,
  s: HttpSettings,
  headers: Record<string, string> = {},
  limit = 16 * 1024 * 1024,
): Promise<{ status: number; body: Buffer }> {
  return retryingBody(url, s, async () => {
    let res: Response;
    try {
      res = await get(url, s, headers);
    } catch (err) {
      const status = statusOf(err);
      if (status !== undefined && status < 500) return { status, body: Buffer.alloc(0) };
      throw err;
    }
    return { status: res.status, body: await readBytes(res, limit) };
  });
}
