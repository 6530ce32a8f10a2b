/**
 * Fake Go toolchains: small .tar.gz archives shaped like go.dev's (everything under `go/`), whose
 * `go/bin/go` is a shell script that answers `go version` and `go env GOROOT`.
 */
import { currentPlatform, type Platform } from '../../src/releases/platform.js';
import { tarGz, type TarEntry } from './tar-writer.js';

export type { Platform };

export function platform(): Platform {
  return currentPlatform({});
}

/** `go1.22.5` (a `go` prefix is added when missing). */
export function releaseName(version: string): string {
  return version.startsWith('go') ? version : `go${version}`;
}

/** go.dev's archive file name: `go1.22.5.linux-amd64.tar.gz`. */
export function archiveName(version: string, p: Platform = platform()): string {
  return `${releaseName(version)}.${p.os}-${p.arch}.tar.gz`;
}

export interface ToolchainOptions {
  /** Number of filler files under go/src/ (for slow extraction). Default 3. */
  extraFiles?: number;
  /** Bytes of content per filler file. Default 700. */
  fillerSize?: number;
  platform?: Platform;
  /** Entries appended after the toolchain's own (e.g. a hostile one). */
  append?: TarEntry[];
  /** Entries inserted before the toolchain's own. */
  prepend?: TarEntry[];
  /** Applied to every entry (e.g. to set uid/gid on all of them). */
  map?: (e: TarEntry) => TarEntry;
}

/** The `go/bin/go` script of a fake toolchain. */
export function goScript(version: string, p: Platform = platform()): string {
  const name = releaseName(version);
  return [
    '#!/bin/sh',
    `# fake go ${name} for gosw tests`,
    'self=$(readlink -f "$0" 2>/dev/null || echo "$0")',
    'goroot=$(cd "$(dirname "$self")/.." && pwd -P)',
    'case "$1" in',
    `  version) echo "go version ${name} ${p.os}/${p.arch}" ;;`,
    '  env)',
    '    shift',
    '    if [ $# -eq 0 ]; then',
    `      echo "GOROOT='$goroot'"; echo "GOVERSION='${name}'"; echo "GOOS='${p.os}'"; echo "GOARCH='${p.arch}'"`,
    '    fi',
    '    for v in "$@"; do',
    '      case "$v" in',
    '        GOROOT) echo "$goroot" ;;',
    `        GOVERSION) echo "${name}" ;;`,
    `        GOOS) echo "${p.os}" ;;`,
    `        GOARCH) echo "${p.arch}" ;;`,
    '        *) echo "" ;;',
    '      esac',
    '    done ;;',
    '  *) echo "go: unknown command $1 (fake toolchain)" >&2; exit 2 ;;',
    'esac',
    '',
  ].join('\n');
}

/** Deterministic, moderately compressible filler text. */
function filler(seed: number, size: number): string {
  const words = [
    'func',
    'return',
    'package',
    'import',
    'var',
    'const',
    'type',
    'struct',
    'interface',
    'if',
    'for',
    'range',
    'go',
    'defer',
    'chan',
    'map',
    'err',
    'nil',
  ];
  let x = (seed * 2654435761) >>> 0 || 1;
  let out = `// file ${seed}\npackage p${seed % 97}\n`;
  while (out.length < size) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out += words[x % words.length] + (x % 7 === 0 ? '\n' : ' ') + (x % 11 === 0 ? `${x.toString(36)} ` : '');
  }
  return out.slice(0, size);
}

/** The entry list of a fake toolchain (so tests can add hostile entries before packing). */
export function toolchainEntries(version: string, opts: ToolchainOptions = {}): TarEntry[] {
  const p = opts.platform ?? platform();
  const name = releaseName(version);
  const entries: TarEntry[] = [
    { name: 'go/', type: 'dir', mode: 0o755 },
    { name: 'go/bin/', type: 'dir', mode: 0o755 },
    { name: 'go/bin/go', type: 'file', mode: 0o755, content: goScript(name, p) },
    { name: 'go/VERSION', type: 'file', mode: 0o644, content: `${name}\ntime 2024-06-04T20:43:29Z\n` },
    { name: 'go/LICENSE', type: 'file', mode: 0o644, content: 'Fake license for tests.\n' },
    { name: 'go/src/', type: 'dir', mode: 0o755 },
  ];
  const n = opts.extraFiles ?? 3;
  const size = opts.fillerSize ?? 700;
  for (let i = 0; i < n; i++) {
    // Package dirs are implicit (no dir entry), as an extractor must cope with that too.
    entries.push({ name: `go/src/pkg${Math.floor(i / 100)}/file${i}.go`, type: 'file', mode: 0o644, content: filler(i + 1, size) });
  }
  const all = [...(opts.prepend ?? []), ...entries, ...(opts.append ?? [])];
  return opts.map ? all.map(opts.map) : all;
}

const cache = new Map<string, Buffer>();

/** A .tar.gz Buffer of a fake toolchain. Results without append/prepend/map are memoised. */
export function fakeToolchain(version: string, opts: ToolchainOptions = {}): Buffer {
  const cacheable = !opts.append && !opts.prepend && !opts.map;
  const key = JSON.stringify([version, opts.extraFiles, opts.fillerSize, opts.platform]);
  if (cacheable) {
    const hit = cache.get(key);
    if (hit) return hit;
  }
  const buf = tarGz(toolchainEntries(version, opts));
  if (cacheable) cache.set(key, buf);
  return buf;
}

/** What `go/bin/go version` of a fake toolchain prints (without newline). */
export function expectedVersionLine(version: string, p: Platform = platform()): string {
  return `go version ${releaseName(version)} ${p.os}/${p.arch}`;
}
