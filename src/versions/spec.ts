import { GoswError } from '../errors.js';
import { parseRequest, type Request } from './request.js';
import { compareGo, isPrerelease, lang } from './version.js';

/**
 * What a user typed: a Request (request.ts) a user may ask for by name, with the text for messages.
 * See docs/architecture.md "Versions and specs".
 */
export type Spec = Extract<Request, { kind: 'exact' | 'line' | 'latest' }> & { input: string };

/** A release as the index lists it; name is go.dev's release name, e.g. `go1.22.5`. */
export interface Candidate {
  name: string;
  stable: boolean;
}

const MAX_INPUT = 64;
const SHOWN_MAX = 40;

/** A user's text → Spec (parseRequest, origin user), or GoswError BAD_VERSION naming the input. */
export function parseSpec(raw: string): Spec {
  const input = raw.trim(); // surrounding whitespace (a pasted line); anything inside is refused
  const r = input.length <= MAX_INPUT ? parseRequest(input, 'user') : undefined;
  if (r === undefined || r.kind === 'min' || r.kind === 'system') {
    throw new GoswError('BAD_VERSION', `'${showInput(input)}' is not a Go version`, {
      hint: 'use a version like 1.22.5, a line like 1.22, or latest',
    });
  }
  return { ...r, input };
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
function sortNewestFirst(names: readonly string[]): string[] {
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
