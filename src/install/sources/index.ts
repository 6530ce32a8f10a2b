import type { ProxyEntry } from '../../goproxy/config.js';
import { FileSource } from './file.js';
import { GoproxySource } from './goproxy.js';
import type { Source } from './source.js';
import { UrlSource } from './url.js';

/** Where a plan says the bytes come from (plain data). */
export type SourceSpec =
  | { kind: 'url'; url: string }
  | { kind: 'file'; path: string }
  /** A Go module proxy list and the toolchain's module version (v0.0.1-go1.22.5.linux-amd64). */
  | { kind: 'goproxy'; proxies: ProxyEntry[]; mv: string };

/** One row per kind of source. */
const SOURCES: { [K in SourceSpec['kind']]: (s: Extract<SourceSpec, { kind: K }>) => Source } = {
  url: (s) => new UrlSource(s.url),
  file: (s) => new FileSource(s.path),
  goproxy: (s) => new GoproxySource(s.proxies, s.mv),
};

export function sourceFor(s: SourceSpec): Source {
  return SOURCES[s.kind](s as never);
}

export { downloadUrl } from './url.js';
export type { Opened, Source } from './source.js';
