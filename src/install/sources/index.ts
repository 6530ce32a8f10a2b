import { FileSource } from './file.js';
import type { Source } from './source.js';
import { UrlSource } from './url.js';

/** Where a plan says the bytes come from (plain data). */
export type SourceSpec = { kind: 'url'; url: string } | { kind: 'file'; path: string };

/** One row per kind of source. */
const SOURCES: { [K in SourceSpec['kind']]: (s: Extract<SourceSpec, { kind: K }>) => Source } = {
  url: (s) => new UrlSource(s.url),
  file: (s) => new FileSource(s.path),
};

export function sourceFor(s: SourceSpec): Source {
  return SOURCES[s.kind](s as never);
}

export { downloadUrl } from './url.js';
export type { Opened, Source } from './source.js';
