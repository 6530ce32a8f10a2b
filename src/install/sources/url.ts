import type { Context } from '../../context.js';
import { GoswError } from '../../errors.js';
import { transferError } from '../../net/http.js';
import type { Opened, Source } from './source.js';

/**
 * go.dev, or a mirror of its files (GOSW_MIRROR): one HTTP GET per attempt through net/http.ts
 * (proxies, timeouts, the low-speed rule); a transient failure mid-body starts over.
 */
export class UrlSource implements Source {
  readonly kind = 'url';
  readonly network = true;
  readonly where: string;

  constructor(
    readonly url: string,
    private readonly headers: Record<string, string> = {},
  ) {
    this.where = new URL(url).host;
  }

  async fetch(ctx: Context, consume: (o: Opened) => Promise<void>, reset: () => void): Promise<void> {
    const http = await import('../../net/http.js');
    const settings = http.httpSettings(ctx.env);
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await http.get(this.url, settings, this.headers);
        const len = Number(res.headers['content-length']);
        return await consume({ stream: res.body, length: Number.isFinite(len) ? len : undefined, where: this.where });
      } catch (err) {
        if (err instanceof GoswError) throw err;
        if (attempt < settings.retries && http.isTransient(err)) {
          // The connection broke mid-body: the caller starts over from a clean state.
          ctx.err(`gosw: ${http.describeNetworkError(err, this.url, settings).message}; retrying`);
          reset();
          await http.sleep(http.backoff(settings, attempt));
          continue;
        }
        throw http.describeNetworkError(err, this.url, settings);
      }
    }
  }

  short(got: number, want: number): Error {
    return transferError('truncated', this.url, got, want);
  }
}
