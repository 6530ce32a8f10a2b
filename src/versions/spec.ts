import { GoswError } from '../errors.js';
import { compareGo, isPrerelease, isReleaseName, lang, parseGoVersion, releaseName } from './version.js';

/**
 * What a user typed, parsed. See docs/architecture.md "Versions and specs".
 * - exact: one go.dev release, by its canonical name (`1.19.0` → `go1.19`)
 * - line: the newest stable release whose language version is `line` (`1.22`, also `1.20`)
 * - latest: the newest stable release
 */
export type Spec =
  | { kind: 'exact'; name: string; input: string }
  | { kind: 'line'; line: string; input: string }
  | { kind: 'latest'; input: string };

/** A release as the index lists it; name is go.dev's release name, e.g. `go1.22.5`. */
export interface Candidate {
  name: string;
  stable: boolean;
}

const MAX_INPUT = 64;
const SHOWN_MAX = 40;

/**
 * Throws GoswError BAD_VERSION for anything that is not a version, a line or latest/stable.
 *
 * Decisions:
 * - Two numbers without prefix (`1.20`, `1.22`) are a line, even below 1.21 where gover reads
 *   `1.20` as the release 1.20.0: people mean "the 1.20 I should use" (setup-go, goenv and mise's
 *   fuzzy match agree). `1.20.0` is the way to ask for exactly go1.20.
 * - With the `go` prefix the input is a toolchain name, and Go says `go1.20` names the release
 *   go1.20 exactly (toolchain.md §name), so that is what we do. `go1.22` names no toolchain
 *   (cmd/go: "is a language version but not a toolchain version"); instead of refusing it we
 *   read it as the line 1.22, the only useful meaning.
 * - `1`, `go1`, `1.0`, `1.0.0`: refused. go.dev's only 1.0 entry, `go1`, holds a bootstrap
 *   source tarball and nothing installable.
 * - Toolchain suffixes (`go1.22.5-custom`), `1.22.x`, unknown kinds (`1.22d`), prereleases of
 *   patches (`1.21.0rc1`), a major other than 1: refused; go.dev has no such releases.
 * - Surrounding whitespace is trimmed (version files end in newlines); anything inside is refused.
 */
export function parseSpec(raw: string): Spec {
  const input = raw.trim();
  const bad = (): never => {
    throw new GoswError('BAD_VERSION', `'${showInput(input)}' is not a Go version`, {
      hint: 'use a version like 1.22.5, a line like 1.22, or latest',
    });
  };
  // Cheap refusals first, so nothing below sees hostile or huge strings.
  if (input === '' || input.length > MAX_INPUT || !/^[a-z0-9.]+$/.test(input)) return bad();
  if (input === 'latest' || input === 'stable') return { kind: 'latest', input };

  const v = parseGoVersion(input);
  if (!v || v.major !== '1' || v.minor === '0') return bad();

  // `go1.20` keeps gover's reading (patch "0": the release); `go1.22`, `1.22`, `1.20` are lines.
  const explicitPatch = /^(?:go)?[0-9]+\.[0-9]+\./.test(input);
  const isRelease = v.kind !== '' || explicitPatch || (input.startsWith('go') && v.patch !== '');
  if (!isRelease) return { kind: 'line', line: `${v.major}.${v.minor}`, input };
  const name = releaseName(input);
  if (name === undefined || !isReleaseName(name)) return bad();
  return { kind: 'exact', name, input };
}

/** The input as safe one-line text: non-printable and non-ASCII escaped, truncated. */
export function showInput(s: string): string {
  const chars = Array.from(s.slice(0, 2 * SHOWN_MAX));
  let out = '';
  for (const ch of chars) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += c > 0xffff ? `\\u{${c.toString(16)}}` : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return out.length > SHOWN_MAX || s.length > 2 * SHOWN_MAX ? `${out.slice(0, SHOWN_MAX)}…` : out;
}

function isStableRelease(c: Candidate): boolean {
  // The index's flag decides; a prerelease wrongly marked stable still never becomes "latest".
  return c.stable && !isPrerelease(c.name) && lang(c.name) !== '';
}

export function matchesSpec(spec: Spec, c: Candidate): boolean {
  switch (spec.kind) {
    case 'exact':
      // compareGo, not string equality: go1.19 is the release 1.19.0. Malformed names compare
      // equal to each other, so the candidate must be a version at all.
      return lang(c.name) !== '' && compareGo(spec.name, c.name) === 0;
    case 'line':
      return isStableRelease(c) && lang(c.name) === spec.line;
    case 'latest':
      return isStableRelease(c);
  }
}

/** The newest candidate matching spec, or undefined. */
export function resolveSpec(spec: Spec, candidates: readonly Candidate[]): Candidate | undefined {
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (matchesSpec(spec, c) && (best === undefined || compareGo(c.name, best.name) > 0)) best = c;
  }
  return best;
}

/** Newest first by compareGo; equal versions keep their order; malformed names go last. */
export function sortNewestFirst(names: readonly string[]): string[] {
  return [...names].sort((a, b) => compareGo(b, a));
}

/**
 * For "not found" errors: up to n release names closest to what was asked. Releases of the
 * asked-for line come first; within each group the ones fewest positions away from where the
 * request would sit in version order, the newer one on a tie.
 * `1.22.99` → go1.22.12, go1.22.11, go1.22.10; `1.21rc1` → go1.21rc2, go1.21rc3, go1.21rc4.
 */
export function suggestNearest(spec: Spec, candidates: readonly Candidate[], n = 3): string[] {
  const names = [...new Set(candidates.map((c) => c.name))].filter((name) => lang(name) !== '');
  const asc = sortNewestFirst(names).reverse();

  // Sign of (candidate - request): where each candidate sits relative to what was asked.
  let line: string | undefined;
  let side: (name: string) => number;
  switch (spec.kind) {
    case 'exact':
      line = lang(spec.name);
      side = (name) => compareGo(name, spec.name);
      break;
    case 'line':
      // The whole line sits "at" the request, so its releases are nearest, newest first.
      line = spec.line;
      side = (name) => compareGo(lang(name), spec.line);
      break;
    case 'latest':
      side = () => -1;
  }
  const sides = asc.map(side);
  const below = sides.filter((c) => c < 0).length;
  const atOrBelow = sides.filter((c) => c <= 0).length;

  const ranked = asc.map((name, i) => ({
    name,
    other: line !== undefined && lang(name) !== line ? 1 : 0,
    distance: i < below ? below - i : i < atOrBelow ? 0 : i - atOrBelow + 1,
    i,
  }));
  ranked.sort((a, b) => a.other - b.other || a.distance - b.distance || b.i - a.i);
  return ranked.slice(0, Math.max(0, n)).map((r) => r.name);
}

/**
 * How a spec is written into a version file (.go-version, the global default, GOSW_VERSION) so
 * that reading it back gives the same spec: `go1.20` is written `1.20.0`, since `1.20` is a line.
 */
export function specText(spec: Spec): string {
  switch (spec.kind) {
    case 'latest':
      return 'latest';
    case 'line':
      return spec.line;
    case 'exact': {
      const v = spec.name.slice(2);
      return /^[0-9]+\.[0-9]+$/.test(v) ? `${v}.0` : v;
    }
  }
}
