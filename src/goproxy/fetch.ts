import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Context } from '../context.js';
import { errnoCode } from '../errors.js';
import type { Fetch } from '../sumdb/client.js';
import { netrcAuth } from './netrc.js';

/**
 * GET for GOPROXY and GOSUMDB URLs: http(s) through net/http.ts (proxies, retries, bounds, with
 * the user's .netrc credentials for the host, as the go command sends them), and
 * `file://` trees (a mirror on disk), where a missing file is a 404 as a static server says.
 */
export function goproxyFetch(ctx: Context): Fetch {
  const auth = netrcAuth(ctx.env);
  return async (url) => {
    if (url.startsWith('file:')) {
      try {
        return { status: 200, body: await readFile(fileURLToPath(url)) };
      } catch (err) {
        const code = errnoCode(err);
        if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 404, body: Buffer.alloc(0) };
        throw err;
      }
    }
    const http = await import('../net/http.js');
    return http.fetchBytes(url, http.httpSettings(ctx.env), auth(url));
  };
}
