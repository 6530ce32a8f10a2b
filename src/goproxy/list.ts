import type { Context } from '../context.js';
import { GoswError } from '../errors.js';
import type { Platform } from '../releases/platform.js';
import { escapeModule, type ProxyEntry, TOOLCHAIN_MODULE, toolchainModuleVersion, tryProxies } from './config.js';
import { goproxyFetch } from './fetch.js';

/**
 * The toolchain releases a proxy has for a platform: `<proxy>/golang.org/toolchain/@v/list`, lines
 * `v0.0.1-<name>.<os>-<arch> [time]`, walked with GOPROXY's fallback rules. The list of the proxy
 * actually used is the truth (older releases were back-filled unevenly).
 */
export async function listToolchains(ctx: Context, proxies: readonly ProxyEntry[], platform: Platform): Promise<string[]> {
  const fetch = goproxyFetch(ctx);
  const suffix = toolchainModuleVersion('', platform.os, platform.arch).slice('v0.0.1-'.length); // ".linux-amd64"
  const text = await tryProxies(
    proxies,
    async (p) => {
      if (p.kind !== 'url')
        throw new GoswError('NETWORK', `GOPROXY lists no proxy that has ${TOOLCHAIN_MODULE} before ${p.kind}`, {
          hint: 'add a proxy to GOPROXY, or use --source godev',
        });
      const url = `${p.url}/${escapeModule(TOOLCHAIN_MODULE)}/@v/list`;
      const r = await fetch(url);
      if (r.status !== 200)
        throw Object.assign(new GoswError('HTTP_STATUS', `GET ${url} answered HTTP ${r.status}`, { hint: 'check GOPROXY' }), {
          status: r.status,
        });
      return r.body.toString('utf8');
    },
    (err) => [404, 410].includes((err as { status?: number }).status ?? 0),
  );
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const v = line.trim().split(/\s+/)[0] ?? '';
    if (v.startsWith('v0.0.1-') && v.endsWith(suffix)) names.push(v.slice('v0.0.1-'.length, -suffix.length));
  }
  return names;
}
