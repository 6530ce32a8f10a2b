import { GoswError } from '../errors.js';
import { resolveSpec, suggestNearest, type Spec } from '../versions/spec.js';
import type { Platform } from './platform.js';
import type { Release, ReleaseFile } from './schema.js';

/** The release a spec names, or a VERSION_NOT_FOUND error listing the nearest ones. */
export function findRelease(index: readonly Release[], spec: Spec): Release {
  const candidates = index.map((r) => ({ name: r.version, stable: r.stable }));
  const hit = resolveSpec(spec, candidates);
  if (hit) return index.find((r) => r.version === hit.name)!;
  const near = suggestNearest(spec, candidates, 3);
  throw new GoswError('VERSION_NOT_FOUND', `Go version '${spec.input}' not found in the release index`, {
    hint: near.length ? `nearest available: ${near.join(', ')} (see gosw list-remote --all)` : 'see gosw list-remote --all',
  });
}

/** The .tar.gz archive of a release for a platform; refuses files the index has no checksum for. */
export function pickArchive(release: Release, p: Platform): ReleaseFile {
  const file = release.files.find((f) => f.kind === 'archive' && f.os === p.os && f.arch === p.arch && f.filename.endsWith('.tar.gz'));
  if (!file) {
    throw new GoswError('NO_ARCHIVE', `${release.version} has no archive for ${p.os}-${p.arch} on go.dev`, {
      hint: 'pick a newer version (gosw list-remote), or set GOSW_OS/GOSW_ARCH for another platform',
    });
  }
  if (!file.sha256) {
    throw new GoswError('CHECKSUM', `the release index has no sha256 for ${file.filename}, so it cannot be verified`, {
      hint: 'download it yourself and run: gosw install --file FILE --sha256 HEX',
    });
  }
  return file;
}

/** Finds the index entry for a local archive by its file name (go1.22.5.linux-amd64.tar.gz). */
export function findFile(index: readonly Release[], filename: string): { release: Release; file: ReleaseFile } | undefined {
  for (const release of index) {
    const file = release.files.find((f) => f.filename === filename);
    if (file) return { release, file };
  }
  return undefined;
}
