import { fileURLToPath } from 'node:url';
import type { Context } from '../../context.js';
import { errnoCode } from '../../errors.js';
import { escapeModule, nextProxyLine, notFromProxy, type ProxyEntry, TOOLCHAIN_MODULE, tryProxies } from '../../goproxy/config.js';
import { netrcAuth } from '../../goproxy/netrc.js';
import { statusOf } from '../../net/http.js';
import { FileSource } from './file.js';
import type { Opened, Source } from './source.js';
import { UrlSource } from './url.js';

/**
 * A Go module proxy (GOPROXY): the toolchain's module zip from the first proxy that has it, walked
 * with the go command's rules (404/410 move on; other errors only after `|`; `direct` and `off`
 * end the list: a toolchain has no repository to fetch "directly"). Each proxy is a url or file
 * source, so retries, stalls and bounds are theirs.
 */
export class GoproxySource implements Source {
  readonly kind = 'goproxy';
  readonly network: boolean;
  /** The first proxy until one answers, then the one that served the zip (provenance names it). */
  where: string;

  constructor(
    private readonly proxies: readonly ProxyEntry[],
    private readonly mv: string,
  ) {
    this.network = proxies.some((p) => p.kind === 'url' && !p.url.startsWith('file:'));
    const first = proxies.find((p) => p.kind === 'url');
    this.where = first?.kind === 'url' ? first.url : 'GOPROXY';
  }

  fetch(ctx: Context, consume: (o: Opened) => Promise<void>, reset: () => void): Promise<void> {
    let tried = false;
    return tryProxies(
      this.proxies,
      async (p) => {
        // The proxy before may have left part of a zip: the next one starts from a clean state.
        if (tried) reset();
        tried = true;
        if (p.kind !== 'url') throw notFromProxy(p.kind);
        this.where = p.url;
        const url = `${p.url}/${escapeModule(TOOLCHAIN_MODULE)}/@v/${escapeModule(this.mv)}.zip`;
        if (url.startsWith('file:')) return new FileSource(fileURLToPath(url)).fetch(ctx, consume);
        return new UrlSource(url, netrcAuth(ctx.env)(url)).fetch(ctx, consume, reset);
      },
      isNotFound,
      (err, failed, next) => ctx.err(nextProxyLine(err, failed, next)),
    );
  }

  short(): undefined {
    return undefined;
  }
}

function isNotFound(err: unknown): boolean {
  const status = statusOf(err);
  if (status === 404 || status === 410) return true;
  return errnoCode((err as { cause?: unknown })?.cause) === 'ENOENT';
}
