import { parseRequest, type Request } from './request.js';

/**
 * Version files, as pure text functions: the TypeScript twin of __gosw_parse_file in
 * shell/hook.sh.in (rendered into gosw.bash and gosw.zsh; test/e2e/conformance.test.ts holds them
 * to the same answers).
 *
 * What a file asks for is a Request (request.ts), parsed by the same parseRequest as user input.
 */
export type FileResult = { status: 'ok'; wanted: Request } | { status: 'none' } | { status: 'invalid'; content: string };

export type FileKind = 'go-version' | 'tool-versions' | 'mod';

/** Only this much of a file is read: the hook runs on every prompt, in any directory. */
// Whitespace as the shells' [[:space:]] sees it (JavaScript's \s and trim() also take Unicode spaces).
const WS = '[ \\t\\n\\v\\f\\r]';
const trim = (s: string) => s.replace(new RegExp(`^${WS}+|${WS}+$`, 'g'), '');
const TOOL_RE = new RegExp(`^${WS}*(golang|go)(${WS}+([^ \\t\\n\\v\\f\\r]*))?(${WS}.*)?$`, 's');
const TOOLCHAIN_RE = new RegExp(`^${WS}*toolchain${WS}+([^ \\t\\n\\v\\f\\r]+)${WS}*$`);
const GO_RE = new RegExp(`^${WS}*go${WS}+([^ \\t\\n\\v\\f\\r]+)${WS}*$`);

export const READ_LIMIT = 16384;
export const MAX_LINES = 256;
export const MAX_LINE = 1024;

/**
 * A version file's bytes as the shells see them: the first READ_LIMIT bytes, decoded as latin1 so
 * one character is one byte (the hooks run with LC_ALL=C).
 */
export function decodeVersionFile(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, READ_LIMIT)).toString('latin1');
}

/** Lines to look at: up to a NUL, without BOM and CRs, non-empty, the first MAX_LINES, none over MAX_LINE. */
function lines(text: string): string[] {
  let t = text.slice(0, READ_LIMIT);
  const nul = t.indexOf('\0');
  if (nul !== -1) t = t.slice(0, nul);
  return t
    .replace(/^(?:\uFEFF|\xEF\xBB\xBF)/, '')
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l !== '')
    .slice(0, MAX_LINES)
    .filter((l) => l.length <= MAX_LINE);
}

/** `.go-version` (and the global default, and GOSW_VERSION): the first non-blank line, `#` comments dropped. */
export function parseGoVersionFile(text: string): FileResult {
  for (const raw of lines(text)) {
    const line = trim(raw.replace(/#.*/s, ''));
    if (line === '') continue;
    const wanted = parseRequest(line, 'file');
    return wanted ? { status: 'ok', wanted } : { status: 'invalid', content: line };
  }
  return { status: 'none' };
}

/** `.tool-versions` (asdf, mise): the first `golang` (or `go`) line; its first version wins. */
export function parseToolVersions(text: string): FileResult {
  for (const raw of lines(text)) {
    const m = TOOL_RE.exec(raw.replace(/#.*/s, ''));
    if (!m) continue;
    const ver = m[3] ?? '';
    const wanted = parseRequest(ver, 'file');
    return wanted ? { status: 'ok', wanted } : { status: 'invalid', content: `${m[1]} ${ver}` };
  }
  return { status: 'none' };
}

/**
 * go.mod / go.work. The `toolchain` line wins over the `go` line; `toolchain default` means no
 * preference (go.dev/ref/mod#go-mod-file-toolchain). A toolchain suffix (`go1.21.0-custom`) is cut,
 * as gover.FromToolchain does. The `go` line is a minimum (go.dev/ref/mod#go-mod-file-go).
 */
export function parseGoMod(text: string): FileResult {
  let tc: string | undefined;
  let ver: string | undefined;
  for (const raw of lines(text)) {
    const line = raw.replace(/\/\/.*/s, '');
    const t = tc === undefined ? TOOLCHAIN_RE.exec(line) : null;
    if (t) {
      tc = t[1];
      continue;
    }
    const g = ver === undefined ? GO_RE.exec(line) : null;
    if (g) ver = g[1];
  }
  if (tc !== undefined && tc !== 'default') {
    const name = tc.replace(/-.*/, '');
    const wanted = name.startsWith('go') ? parseRequest(name, 'file') : undefined;
    return wanted && (wanted.kind === 'exact' || wanted.kind === 'line')
      ? { status: 'ok', wanted }
      : { status: 'invalid', content: `toolchain ${name}` };
  }
  if (ver === undefined) return { status: 'none' };
  const wanted = parseRequest(ver, 'mod');
  return wanted && wanted.kind !== 'latest' && wanted.kind !== 'system'
    ? { status: 'ok', wanted }
    : { status: 'invalid', content: `go ${ver}` };
}

export function parseVersionFile(kind: FileKind, text: string): FileResult {
  return kind === 'go-version' ? parseGoVersionFile(text) : kind === 'tool-versions' ? parseToolVersions(text) : parseGoMod(text);
}

/** The files looked for in each directory, in order of precedence (go.work before go.mod). */
export const VERSION_FILES: ReadonlyArray<readonly [string, FileKind]> = [
  ['.go-version', 'go-version'],
  ['.tool-versions', 'tool-versions'],
  ['go.work', 'mod'],
  ['go.mod', 'mod'],
];
