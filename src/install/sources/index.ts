import type { ProxyEntry } from '../../goproxy/config.js';
import { FileSource } from './file.js';
import { GoproxySource } from './goproxy.js';
import { type MirrorList, MirrorsSource, mirrorList, OFFICIAL_URL } from './mirrors.js';
import type { Source } from './source.js';
import { UrlSource } from './url.js';

/** Where a plan says the bytes come from (plain data). */
export type SourceSpec =
  | { kind: 'url'; url: string }
  | { kind: 'file'; path: string }
  /** go.dev's file from GOSW_MIRROR's list, then the official location (mirrors.ts). */
  | { kind: 'mirrors'; list: MirrorList; filename: string }
  /** A Go module proxy list and the toolchain's module version (v0.0.1-go1.22.5.linux-amd64). */
  | { kind: 'goproxy'; proxies: ProxyEntry[]; mv: string };

/** One row per kind of source. */
const SOURCES: { [K in SourceSpec['kind']]: (s: Extract<SourceSpec, { kind: K }>) => Source } = {
  url: (s) => new UrlSource(s.url),
  file: (s) => new FileSource(s.path),
  mirrors: (s) => new MirrorsSource(s.list, s.filename),
  goproxy: (s) => new GoproxySource(s.proxies, s.mv),
};

export function sourceFor(s: SourceSpec): Source {
  return SOURCES[s.kind](s as never);
}

/** Where go.dev's archive comes from: GOSW_MIRROR's list when set, else the official location. */
export function downloadSource(env: NodeJS.ProcessEnv, filename: string): SourceSpec {
  if (env.GOSW_MIRROR) return { kind: 'mirrors', list: mirrorList(env), filename };
  const base = env.GOSW_DOWNLOAD_URL || OFFICIAL_URL;
  return { kind: 'url', url: `${base.replace(/\/+$/, '')}/${encodeURIComponent(filename)}` };
}

export type { MirrorList };
export type { Opened, Source } from './source.js';
