/**
 * Go toolchain versions: a port of golang/go `src/internal/gover/gover.go` (internal/gover @ 337f922)
 * and `src/cmd/go/internal/gover/gover.go` + `toolchain.go` (cmd/go/internal/gover @ 301370c, 10a01cd).
 * Summary with citations: docs/architecture.md "Versions and specs".
 *
 * Where we are stricter than gover, the comment says so: gover is a library for go.mod lines,
 * we parse what users type and what the go.dev index lists, so junk must be refused, not ordered.
 *
 * Every function except parseGoVersion accepts an optional `go` prefix and the
 * lenient form (see ParseOptions), because their callers hand in go.dev release names.
 */

/** Decimal strings, as in gover's `Version`, so huge numbers neither overflow nor lose precision. */
export interface GoVersion {
  major: string;
  /** decimal or "" */
  minor: string;
  /** decimal or "": "" with minor >= 21 is a language version (`1.21`), not a release */
  patch: string;
  /** "", "alpha", "beta" or "rc" */
  kind: string;
  /** decimal or "" */
  pre: string;
}

export interface ParseOptions {
  /**
   * Accept a prerelease on a patch version (`1.9.2rc2`). cmd/go/internal/gover `parse` rejects it
   * ("We've never needed them before, so let's not start now"), but go.dev's index lists exactly
   * one such release, go1.9.2rc2. internal/gover @ 337f922 parses it; we do so only for index names.
   */
  lenient?: boolean;
}

/** cutInt (both gover packages): a decimal with no unnecessary leading zero. */
const INT = '(?:0|[1-9][0-9]*)';
// Stricter than gover: the kind must be one Go has published (gover takes any run of letters,
// so `1.22d` would parse), and a number must follow it, as in x/mod modfile's GoVersionRE.
const KIND = '(alpha|beta|rc)';
const VERSION_RE = new RegExp(`^(?:go)?(${INT})(?:\\.(${INT})(?:\\.(${INT}))?(?:${KIND}(${INT}))?)?$`);

export function parseGoVersion(s: string, opts: ParseOptions = {}): GoVersion | undefined {
  const m = VERSION_RE.exec(s);
  if (!m) return undefined;
  const [, major = '', minor, patch, kind = '', pre = ''] = m;
  if (minor === undefined) {
    // gover parse: interpret "1" as "1.0.0".
    return { major, minor: '0', patch: '0', kind: '', pre: '' };
  }
  if (patch !== undefined) {
    if (kind !== '' && !opts.lenient) return undefined;
    return { major, minor, patch, kind, pre };
  }
  // gover parse: "Patch missing is same as "0" for older versions. Starting in Go 1.21, patch
  // missing is different from explicit .0." A prerelease (`1.20rc1`) keeps the patch empty.
  const oldRelease = kind === '' && cmpInt(minor, '21') < 0;
  return { major, minor, patch: oldRelease ? '0' : '', kind, pre };
}

function parseAny(v: string): GoVersion | undefined {
  return parseGoVersion(v, { lenient: true });
}

/** gover cmpInt (copied there from x/mod/semver compareInt): decimal strings, no leading zeros. */
function cmpInt(x: string, y: string): number {
  if (x === y) return 0;
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : 1;
}

/**
 * gover.Compare: -1, 0 or +1. Language version first (major, minor), then patch, then kind
 * ("" < alpha < beta < rc, plain string order), then the prerelease number. Hence
 * `1.21 < 1.21rc1 < 1.21.0` (empty patch < "0") and `1.20rc1 < 1.20 == 1.20.0` (parse sets patch "0").
 * Malformed versions are less than every valid one and equal to each other.
 */
export function compareGo(a: string, b: string): number {
  return compareParsed(parseAny(a), parseAny(b));
}

function compareParsed(x: GoVersion | undefined, y: GoVersion | undefined): number {
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  for (const k of ['major', 'minor', 'patch'] as const) {
    const c = cmpInt(x[k], y[k]);
    if (c !== 0) return c;
  }
  if (x.kind !== y.kind) {
    // internal/gover @ 337f922 Compare: "for patch release, alpha < beta < rc < """, so the
    // lenient 1.9.2rc2 sorts between 1.9.1 and 1.9.2, where go.dev lists it. Only reachable
    // with lenient names: a strict version with a patch has no kind.
    if (x.patch !== '') {
      if (x.kind === '') return 1;
      if (y.kind === '') return -1;
    }
    return x.kind < y.kind ? -1 : 1;
  }
  return cmpInt(x.pre, y.pre);
}

/**
 * internal/gover Lang: `1.22.5` → `1.22`, `1.21rc2` → `1.21`; `1`, `1.0` → `1` (cmd/go's copy
 * would say `1.0`; we follow internal/gover, which go/version uses). Malformed → "".
 */
export function lang(v: string): string {
  const p = parseAny(v);
  if (!p) return '';
  if (p.minor === '' || (p.major === '1' && p.minor === '0')) return p.major;
  return `${p.major}.${p.minor}`;
}

/** cmd/go/internal/gover IsPrerelease: alpha, beta or rc. */
export function isPrerelease(v: string): boolean {
  return (parseAny(v)?.kind ?? '') !== '';
}

/**
 * Names that may become a directory in the store: `go1`, `go1.N`, `go1.N.P`, `go1.N(alpha|beta|rc)R`
 * and go.dev's `go1.N.P(rc)R` oddity. Syntactic only (it also admits `go1.22` or `go1.19.0`, which
 * go.dev never publishes): its job is to keep `/`, `..` and other junk out of paths.
 */
const RELEASE_NAME_RE = new RegExp(`^go1(?:\\.${INT}(?:\\.${INT})?(?:${KIND}${INT})?)?$`);

const RELEASE_NAME_MAX = 32;

export function isReleaseName(name: string): boolean {
  return name.length <= RELEASE_NAME_MAX && RELEASE_NAME_RE.test(name);
}
