import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { GoswError, errnoCode } from '../errors.js';

/**
 * The only module that talks to undici (loaded lazily: it costs ~90 ms to load).
 * Proxies come from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case), timeouts and retries from
 * GOSW_HTTP_TIMEOUT / GOSW_HTTP_RETRIES / GOSW_HTTP_BACKOFF_MS.
 */
export interface HttpSettings {
  timeoutMs: number;
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

let dispatcherPromise: Promise<Dispatcher> | undefined;

async function dispatcher(s: HttpSettings): Promise<Dispatcher> {
  dispatcherPromise ??= (async () => {
    const { EnvHttpProxyAgent, interceptors } = await import('undici');
    const e = s.env;
    const agent = new EnvHttpProxyAgent({
      httpProxy: e.http_proxy || e.HTTP_PROXY || undefined,
      httpsProxy: e.https_proxy || e.HTTPS_PROXY || undefined,
      noProxy: e.no_proxy ?? e.NO_PROXY,
      connect: { timeout: s.timeoutMs },
      headersTimeout: s.timeoutMs,
      bodyTimeout: s.timeoutMs,
    });
    return agent.compose(interceptors.redirect({ maxRedirections: 5 }));
  })();
  return dispatcherPromise;
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
]);

export function isTransient(err: unknown): boolean {
  const code = errnoCode(err) ?? errnoCode((err as { cause?: unknown })?.cause);
  return code !== undefined && TRANSIENT_CODES.has(code);
}

/** A one-line, user-facing description of a network failure. */
export function describeNetworkError(err: unknown, url: string, s: HttpSettings): GoswError {
  const code = errnoCode(err) ?? errnoCode((err as { cause?: unknown })?.cause);
  const host = safeHost(url);
  const proxy = s.env.https_proxy || s.env.HTTPS_PROXY || s.env.http_proxy || s.env.HTTP_PROXY;
  let what: string;
  let hint = 'check your network connection, or use --offline / a mirror (GOSW_MIRROR)';
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      what = `cannot resolve ${host} (DNS)`;
      hint = 'check DNS, or set HTTPS_PROXY if you are behind a proxy';
      break;
    case 'ECONNREFUSED':
      what = `connection to ${host} refused`;
      if (proxy) hint = `check the proxy ${proxy} (HTTPS_PROXY/HTTP_PROXY)`;
      break;
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      what = `request to ${host} timed out after ${s.timeoutMs / 1000} s`;
      hint = 'the network or server is slow; retry, raise GOSW_HTTP_TIMEOUT, or use a mirror (GOSW_MIRROR)';
      break;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      what = `connection to ${host} was cut off`;
      break;
    default:
      what = `request to ${host} failed: ${(err as Error)?.message ?? String(err)}`;
      if (proxy) hint = `check the proxy ${proxy} (HTTPS_PROXY/HTTP_PROXY) and NO_PROXY`;
  }
  return new GoswError('NETWORK', what, { hint, cause: err });
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
    if (res.statusCode >= 400) {
      res.body.resume();
      throw new GoswError('HTTP_STATUS', `GET ${url} answered HTTP ${res.statusCode}`, {
        hint:
          res.statusCode === 404
            ? 'the file is not there: check the URL, GOSW_MIRROR or GOSW_INDEX_URL'
            : res.statusCode === 407
              ? 'the proxy wants credentials: put them in HTTPS_PROXY (http://user:pass@host:port)'
              : 'retry later, or use a mirror (GOSW_MIRROR)',
      });
    }
    return { status: res.statusCode, headers: res.headers, body: res.body as unknown as Readable, url };
  }
}

/** Reads a whole (small) body as text, bounded to `limit` bytes. */
export async function readText(res: Response, limit = 64 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of res.body) {
    n += (c as Buffer).length;
    if (n > limit) throw new GoswError('BAD_INDEX', `the response from ${res.url} is larger than ${limit} bytes`, { hint: 'check the URL' });
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** GET a small text resource; a failure while reading the body is retried like one before it. */
export async function getText(
  url: string,
  s: HttpSettings,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Response['headers']; text: string }> {
  for (let attempt = 0; ; attempt++) {
    const res = await get(url, s, headers);
    try {
      return { status: res.status, headers: res.headers, text: res.status === 304 ? '' : await readText(res) };
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
