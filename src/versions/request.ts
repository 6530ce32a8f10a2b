/**
 * The one vocabulary for "which Go": what a user types, what a version file says, what go.mod asks
 * for, all parse to a Request, by one parser, and are written back by one formatter. The shells'
 * normaliser (`__gosw_norm` in shell/hook.sh.in) mirrors `parseRequest`; the conformance tests
 * (test/e2e/conformance.test.ts) hold the two to the same answers.
 *
 *   exact  one release (`1.22.5`, `go1.20`, `1.23rc1`)
 *   line   the newest stable release of a line (`1.22`)
 *   min    go.mod's `go 1.22.3`: the newest installed 1.22.x if it is at least 1.22.3, else 1.22.3
 *   latest the newest stable release (`latest`, `stable`)
 *   system leave the shell's own go alone (asdf's and goenv's word; version files only)
 */
export type Request =
  | { kind: 'exact'; name: string }
  | { kind: 'line'; line: string }
  | { kind: 'min'; name: string }
  | { kind: 'latest' }
  | { kind: 'system' };

/** Where the text came from: typed by a user, a version file (.go-version, .tool-versions, GOSW_VERSION), a go.mod/go.work `go` line. */
export type Origin = 'user' | 'file' | 'mod';

/**
 * Components are at most 9 digits (the shells compare them as numbers); one pre-release suffix,
 * never after a patch (go.dev has no `1.21.0rc1`); major 1 only (there is no other).
 */
const VERSION_RE = /^(go)?1\.(0|[1-9][0-9]{0,8})(\.(0|[1-9][0-9]{0,8}))?((?:alpha|beta|rc)[1-9][0-9]{0,8})?$/;

/**
 * Text → Request, or undefined when it names no Go version. See docs/architecture.md "Versions and
 * specs". Decisions:
 * - Two numbers (`1.20`, `1.22`) are a line, even below 1.21 where gover reads `1.20` as the
 *   release 1.20.0: people mean "the 1.20 I should use" (setup-go, goenv and mise agree). `1.20.0`
 *   asks for exactly go1.20 (go.dev names releases before 1.21 without `.0`).
 * - With the `go` prefix the text is a toolchain name: `go1.20` is the release go1.20
 *   (toolchain.md §name); `go1.22` names no toolchain, so it is read as the line 1.22.
 * - `1`, `1.0`, `go1`: refused (go.dev's only 1.0 entry holds nothing installable). Toolchain
 *   suffixes, `1.22.x`, other majors: refused.
 * - In a go.mod `go` line (`mod`), a full version is a minimum, not a pin (go.dev/ref/mod#go-mod-file-go).
 * - `system` only from files; users say `--unset` instead.
 */
export function parseRequest(text: string, origin: Origin): Request | undefined {
  if (text === 'latest' || text === 'stable') return { kind: 'latest' };
  if (text === 'system') return origin === 'user' ? undefined : { kind: 'system' };
  if (text.length > 64) return undefined;
  const m = VERSION_RE.exec(text);
  if (!m) return undefined;
  const [, prefix, minor = '', dotPatch, patch = '', pre] = m;
  if (minor === '0') return undefined;
  if (pre && dotPatch) return undefined;
  const old = minor.length <= 2 && Number(minor) < 21;
  if (!dotPatch && !pre) return prefix && old ? { kind: 'exact', name: `go1.${minor}` } : { kind: 'line', line: `1.${minor}` };
  let name = `go1.${minor}`;
  if (pre) name += pre;
  else if (patch !== '0' || !old) name += `.${patch}`;
  return origin === 'mod' ? { kind: 'min', name } : { kind: 'exact', name };
}

/**
 * How a request is written into a version file (.go-version, the global default, GOSW_VERSION) so
 * that reading it back gives the same request: `go1.20` is written `1.20.0`, since `1.20` is a line.
 */
export function requestText(r: Request): string {
  switch (r.kind) {
    case 'latest':
    case 'system':
      return r.kind;
    case 'line':
      return r.line;
    case 'exact':
    case 'min': {
      const v = r.name.slice(2);
      return /^[0-9]+\.[0-9]+$/.test(v) ? `${v}.0` : v;
    }
  }
}
