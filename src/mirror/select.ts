import { GoswError, usageError } from '../errors.js';
import type { Platform } from '../releases/platform.js';
import { findWanted } from '../resolve/current.js';
import type { Store } from '../store/store.js';
import { type Candidate, parseSpec, resolveSpec, type Spec } from '../versions/spec.js';
import { compareGo, isPrerelease, lang } from '../versions/version.js';

/**
 * Which releases a mirror holds. A mirror spec is a user spec (`1.22.5`, `1.22` = the newest
 * 1.22.x, `latest`; versions/spec.ts decides those) or one of two that only make sense for a set:
 * `>=1.21` (every stable release from 1.21.0 on) and `latest-N-lines` (the newest release of each
 * of the N newest lines).
 */
export type MirrorSpec =
  | { kind: 'spec'; spec: Spec }
  | { kind: 'atLeast'; name: string; input: string }
  | { kind: 'lines'; n: number; input: string };

export function parseMirrorSpecs(text: string): MirrorSpec[] {
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) throw usageError('--versions names no version', 'e.g. --versions 1.22,latest or --versions ">=1.21"');
  return words.map((w): MirrorSpec => {
    const ge = /^>=\s*(?:go)?(\d+\.\d+(?:\.\d+)?)$/.exec(w);
    if (ge) return { kind: 'atLeast', name: `go${ge[1]!}`, input: w };
    const lines = /^latest-(\d{1,3})-lines?$/.exec(w);
    if (lines && Number(lines[1]) >= 1) return { kind: 'lines', n: Number(lines[1]), input: w };
    return { kind: 'spec', spec: parseSpec(w) };
  });
}

const stable = (c: Candidate) => c.stable && !isPrerelease(c.name) && lang(c.name) !== '';

/** The release names the specs select from the candidates, newest first; a spec that selects nothing is an error. */
export function selectReleases(specs: readonly MirrorSpec[], candidates: readonly Candidate[]): string[] {
  const out = new Set<string>();
  for (const s of specs) {
    let hit: string[] = [];
    if (s.kind === 'spec') {
      const c = resolveSpec(s.spec, candidates);
      if (c) hit = [c.name];
    } else if (s.kind === 'atLeast') {
      hit = candidates.filter((c) => stable(c) && compareGo(c.name, s.name) >= 0).map((c) => c.name);
    } else {
      const lines = [...new Set(candidates.filter(stable).map((c) => lang(c.name)))].sort((a, b) => compareGo(b, a)).slice(0, s.n);
      for (const line of lines) {
        const c = resolveSpec({ kind: 'line', line, input: line }, candidates);
        if (c) hit.push(c.name);
      }
    }
    if (hit.length === 0) {
      const input = s.kind === 'spec' ? s.spec.input : s.input;
      throw new GoswError('VERSION_NOT_FOUND', `--versions ${input} selects no release upstream`, {
        hint: 'see gosw list-remote --all for what exists',
      });
    }
    for (const h of hit) out.add(h);
  }
  return [...out].sort((a, b) => compareGo(b, a));
}

/** Whether a release name is kept by the specs (prune: evaluated against what the mirror holds). */
export function keptBy(specs: readonly MirrorSpec[], names: readonly string[]): Set<string> {
  const candidates = names.map((name) => ({ name, stable: !isPrerelease(name) }));
  return new Set(selectReleasesLenient(specs, candidates));
}

function selectReleasesLenient(specs: readonly MirrorSpec[], candidates: readonly Candidate[]): string[] {
  const out: string[] = [];
  for (const s of specs) {
    try {
      out.push(...selectReleases([s], candidates));
    } catch (err) {
      if (!(err instanceof GoswError && err.code === 'VERSION_NOT_FOUND')) throw err;
    }
  }
  return out;
}

/** `--platforms linux-amd64,darwin-arm64`: go.dev's os-arch names. */
export function parsePlatforms(text: string): Platform[] {
  const words = text.split(/[\s,]+/).filter(Boolean);
  if (words.length === 0) throw usageError('--platforms names no platform', 'e.g. --platforms linux-amd64,darwin-arm64');
  return words.map((w) => {
    const m = /^([a-z0-9]+)-([a-z0-9]+)$/.exec(w);
    if (!m)
      throw usageError(`--platforms: ${JSON.stringify(w)} is not os-arch`, 'e.g. linux-amd64, linux-arm64, darwin-arm64, windows-amd64');
    return { os: m[1]!, arch: m[2]! };
  });
}

export const platformName = (p: Platform) => `${p.os}-${p.arch}`;

/**
 * `--from-projects DIR,...`: what each tree's version files ask for (the hook's rules: .go-version,
 * .tool-versions, go.work, go.mod; GOSW_VERSION ignored). A go.mod minimum is mirrored exactly.
 */
export function specsFromProjects(env: NodeJS.ProcessEnv, dirs: readonly string[], store: Store): MirrorSpec[] {
  const clean = { ...env, GOSW_VERSION: undefined };
  const out: MirrorSpec[] = [];
  for (const dir of dirs) {
    const found = findWanted(clean, dir, store);
    // The user's global default is not what a project asks for.
    if (!found || found.source.kind === 'global' || found.wanted.kind === 'system') {
      throw usageError(`--from-projects ${dir}: no version file there names a Go version`, 'add a .go-version, or drop the directory');
    }
    const w = found.wanted;
    const input = `${found.source.where}`;
    if (w.kind === 'min') out.push({ kind: 'spec', spec: { kind: 'exact', name: w.name, input } });
    else out.push({ kind: 'spec', spec: { ...w, input } });
  }
  return out;
}
