/**
 * What a toolchain module zip (`golang.org/toolchain@v0.0.1-<go>.<goos>-<goarch>`) may contain,
 * and how its files are laid out once unpacked (issue 11; not wired into install yet). Pure
 * functions over the entries `src/install/zip.ts` reads:
 *
 * - `checkModuleZip`: the rules of `x/mod/zip.CheckZip` (v0.7.0): every name starts with
 *   `golang.org/toolchain@<mv>/`; the rest is clean and passes `module.CheckFilePath`; no two names
 *   equal but for case (or Unicode normalisation); no name both a file and a directory; directory
 *   entries are skipped; a `go.mod` only at the root; go.mod and LICENSE at most 16 MiB; the total
 *   at most 500 MiB. Stricter than Go, fail closed: no symlinks or other special files (by the
 *   Unix mode in the external attributes), no directory entry with content.
 * - `modeFor`: distpack's rule (`cmd/distpack/pack.go` `mode()`), since the zip's own attributes
 *   are ignored (they could carry setuid bits).
 * - `goModCopies`: the go command copies every `X/_go.mod` to `X/go.mod`, `src/go.mod` last.
 */
import { GoswError } from '../errors.js';
import { TOOLCHAIN_MODULE } from '../goproxy/config.js';
import { foldKey } from './policy.js';
import { MAX_ZIP_FILE } from './zip.js';

export { TOOLCHAIN_MODULE };
/** `x/mod/zip.MaxGoMod` and `MaxLICENSE`. */
export const MAX_GO_MOD = 16 * 1024 * 1024;
export const MAX_LICENSE = 16 * 1024 * 1024;

/** The prefix every entry of the module zip carries. */
export function toolchainPrefix(mv: string): string {
  return `${TOOLCHAIN_MODULE}@${mv}/`;
}

/** The parts of a zip entry the checks need (a `ZipEntry` fits). */
export interface ModuleZipEntry {
  name: string;
  size: number;
  /** Unix mode from the external attributes, when the zip says it was made on Unix. */
  unixMode?: number;
}

export interface ModuleFile {
  /** The name as stored in the zip (with the prefix). */
  name: string;
  /** The path inside the toolchain tree (prefix stripped). */
  path: string;
  size: number;
  /** The mode to give the file: `modeFor(path)`. */
  mode: number;
}

export interface CheckedModuleZip {
  files: ModuleFile[];
  /** `_go.mod` -> `go.mod` copies to make after unpacking, `src/go.mod` last (the go command's "done" marker). */
  goModCopies: Array<{ from: string; to: string }>;
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

const BAD_WINDOWS_NAMES = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...Array.from({ length: 9 }, (_, i) => `COM${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `LPT${i + 1}`),
]);
const ALLOWED_PUNCT = '!#$%&()+,-.=@[]^_{}~ ';

function fileNameOK(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c < 0x80) return /[0-9A-Za-z]/.test(ch) || ALLOWED_PUNCT.includes(ch);
  return /^\p{L}$/u.test(ch);
}

/**
 * `module.CheckFilePath` (x/mod v0.7.0) plus `path.Clean(p) == p`: why the path is refused, or
 * undefined. No leading or trailing slash, no empty, `.` or `..` element (nor `...`), no trailing
 * dot, only letters, digits and `!#$%&()+,-.=@[]^_{}~ ` (no backslash, colon, quote, `*?<>|`), no
 * Windows device name.
 */
export function checkFilePath(p: string): string | undefined {
  if (p === '') return 'empty path';
  if (p.includes('//')) return 'double slash';
  if (p.endsWith('/')) return 'trailing slash';
  if (p.startsWith('/')) return 'absolute path';
  for (const elem of p.split('/')) {
    if (elem === '') return 'empty path element';
    if (/^\.+$/.test(elem)) return `invalid path element ${JSON.stringify(elem)}`;
    if (elem.endsWith('.')) return 'trailing dot in path element';
    for (const ch of elem) {
      if (!fileNameOK(ch)) return `invalid char ${JSON.stringify(ch)}`;
    }
    const dot = elem.indexOf('.');
    const short = dot >= 0 ? elem.slice(0, dot) : elem;
    if (BAD_WINDOWS_NAMES.has(short.toUpperCase())) return `${JSON.stringify(short)} disallowed as path element component on Windows`;
  }
  return undefined;
}

/** distpack's mode for a path in the toolchain tree: 0755 for tools and scripts, 0644 otherwise. */
export function modeFor(path: string): number {
  if (
    path.startsWith('bin/') ||
    path.startsWith('pkg/tool/') ||
    path.endsWith('.bash') ||
    path.endsWith('.sh') ||
    path.endsWith('.pl') ||
    path.endsWith('.rc')
  ) {
    return 0o755;
  }
  // amatch("**/go_?*_?*_exec", path): e.g. lib/wasm/go_js_wasm_exec.
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /^go_.+_.+_exec$/.test(base) ? 0o755 : 0o644;
}

/** The `X/_go.mod` -> `X/go.mod` copies for these paths, `src/go.mod` last. */
export function goModCopies(paths: Iterable<string>): Array<{ from: string; to: string }> {
  const out: Array<{ from: string; to: string }> = [];
  let last: { from: string; to: string } | undefined;
  for (const p of paths) {
    if (p !== '_go.mod' && !p.endsWith('/_go.mod')) continue;
    const copy = { from: p, to: p.slice(0, -'_go.mod'.length) + 'go.mod' };
    if (p === 'src/_go.mod') last = copy;
    else out.push(copy);
  }
  if (last) out.push(last);
  return out;
}

interface Seen {
  path: string;
  isDir: boolean;
}

/**
 * Checks every entry of a toolchain module zip; throws UNSAFE_ARCHIVE naming the first bad entry.
 * `archiveName` is for messages.
 */
export function checkModuleZip(
  entries: readonly ModuleZipEntry[],
  mv: string,
  archiveName: string,
  maxTotalSize = MAX_ZIP_FILE,
): CheckedModuleZip {
  const prefix = toolchainPrefix(mv);
  const fail = (name: string, why: string) =>
    new GoswError('UNSAFE_ARCHIVE', `unsafe archive ${archiveName}: entry ${JSON.stringify(name)}: ${why}`, {
      hint: 'the module zip was refused before anything was unpacked; use another proxy or report it',
    });
  const seen = new Map<string, Seen>();
  const claim = (p: string, isDir: boolean): string | undefined => {
    const key = foldKey(p);
    const other = seen.get(key);
    if (other) {
      if (other.path !== p) return `case-insensitive file name collision: ${JSON.stringify(other.path)} and ${JSON.stringify(p)}`;
      if (other.isDir !== isDir) return `${JSON.stringify(p)} is both a file and a directory`;
      if (!isDir) return `multiple entries for file ${JSON.stringify(p)}`;
      return undefined; // a directory seen again: its parents were checked then
    }
    seen.set(key, { path: p, isDir });
    const slash = p.lastIndexOf('/');
    return slash > 0 ? claim(p.slice(0, slash), true) : undefined;
  };

  const files: ModuleFile[] = [];
  let total = 0;
  for (const e of entries) {
    if (e.name.includes('\n')) throw fail(e.name, 'the name contains a newline');
    if (!e.name.startsWith(prefix)) throw fail(e.name, `the name does not start with ${JSON.stringify(prefix)}`);
    let rest = e.name.slice(prefix.length);
    if (rest === '') continue;
    const isDir = rest.endsWith('/');
    if (isDir) rest = rest.slice(0, -1);
    const type = e.unixMode === undefined ? undefined : e.unixMode & S_IFMT;
    if (type === S_IFLNK) throw fail(e.name, 'it is a symbolic link; module zips hold only files');
    if (type !== undefined && type !== 0 && type !== S_IFREG && type !== S_IFDIR) {
      throw fail(e.name, `it is a special file (mode 0${e.unixMode!.toString(8)}); module zips hold only files`);
    }
    if (type === S_IFDIR && !isDir) throw fail(e.name, 'its mode says directory but its name has no trailing slash');
    const why = checkFilePath(rest);
    if (why) throw fail(e.name, `malformed file path: ${why}`);
    const collision = claim(rest, isDir);
    if (collision) throw fail(e.name, collision);
    if (isDir) {
      if (e.size !== 0) throw fail(e.name, `a directory with ${e.size} bytes of content`);
      continue;
    }
    const base = rest.slice(rest.lastIndexOf('/') + 1);
    if (base.toLowerCase() === 'go.mod') {
      if (base !== rest) throw fail(e.name, 'go.mod file not in module root directory');
      if (rest !== 'go.mod') throw fail(e.name, 'go.mod file has the wrong case');
      if (e.size > MAX_GO_MOD) throw fail(e.name, `go.mod file too large (max size is ${MAX_GO_MOD} bytes)`);
    }
    if (rest === 'LICENSE' && e.size > MAX_LICENSE) throw fail(e.name, `LICENSE file too large (max size is ${MAX_LICENSE} bytes)`);
    total += e.size;
    if (total > maxTotalSize) {
      throw fail(e.name, `total uncompressed size of module contents too large (max size is ${maxTotalSize} bytes)`);
    }
    files.push({ name: e.name, path: rest, size: e.size, mode: modeFor(rest) });
  }
  return { files, goModCopies: goModCopies(files.map((f) => f.path)) };
}
