/**
 * Conformance of the three resolvers: `gosw current --json` (src/resolve/current.ts), the bash hook
 * (generated/hooks/gosw.bash) and the zsh hook (generated/hooks/gosw.zsh) must give the same answer in every fixture
 * tree: which release (name), whether it is installed, where the choice came from, and which files
 * were warned about. Where the rules are clear the answer is also spelled out (`expect`).
 *
 * The hooks run in fresh non-interactive shells started in the fixture directory (PWD set, as a
 * shell's own cd would leave it), with GOSW_VERSION already in the environment, so that zsh's
 * chpwd hook cannot run before the environment is complete. From each hook we read: GOSW_CURRENT
 * (installed), its not-installed notice (the version it names), its warnings, and where the choice
 * came from (`__gosw_from` after `__gosw_find`).
 *
 * A fourth side, the launcher's fast path (generated/launcher/fast.bash, the bash hook's resolver
 * run by the installed `gosw`), must print what `gosw current` prints in every fixture, byte for byte.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeFakeStore,
  makeShellSandbox,
  STORE_RELEASES,
  writeTree,
  type ShellSandbox,
  type TreeEntry,
} from './../helpers/shell/fixtures.js';
import { writeLauncher } from './../helpers/launcher.js';
import { CLI, pool, q, runShell, SHELL_NAMES, writeInit, type ShellName } from './../helpers/shell/shells.js';
import { assertCleanAncestors } from './../helpers/shell/suite.js';

/** `where` in expectations: a path relative to the fixture dir, GOSW_VERSION, or GLOBAL (<store>/version). */
interface Want {
  name: string | null;
  installed: boolean;
  where: string | null;
  /** Files warned about (same notation); default none. */
  warnings?: string[];
}

interface Fixture {
  name: string;
  tree: Record<string, TreeEntry>;
  /** cwd relative to the fixture dir (default: the fixture dir). */
  cwd?: string;
  /** $PWD relative to the fixture dir, when it is not cwd (default: cwd). */
  pwd?: string;
  env?: Record<string, string>;
  /** A store of its own with this global default (<store>/version). */
  global?: string;
  /** The answer the rules give; undefined: the three must only agree. */
  expect?: Want;
}

const W = (name: string | null, installed: boolean, where: string | null, warnings?: string[]): Want => ({
  name,
  installed,
  where,
  warnings,
});

/**
 * The case's files in inner/ (the cwd), under a .go-version (1.20.14) the search falls back to when
 * they do not count; FALLBACK: they were ignored silently, FALLBACK_WARNED: with one warning.
 */
const fallback = (inner: Record<string, TreeEntry>): Pick<Fixture, 'tree' | 'cwd'> => ({
  tree: { '.go-version': '1.20.14\n', ...Object.fromEntries(Object.entries(inner).map(([k, v]) => [`inner/${k}`, v])) },
  cwd: 'inner',
});
const FALLBACK = W('go1.20.14', true, '.go-version');
const FALLBACK_WARNED = W('go1.20.14', true, '.go-version', ['inner/.go-version']);

const FIXTURES: Fixture[] = [
  // .go-version values
  { name: 'exact-installed', tree: { '.go-version': '1.22.3\n' }, expect: W('go1.22.3', true, '.go-version') },
  { name: 'exact-missing', tree: { '.go-version': '1.22.9\n' }, expect: W('go1.22.9', false, '.go-version') },
  { name: 'exact-go-prefix', tree: { '.go-version': 'go1.21.13\n' }, expect: W('go1.21.13', true, '.go-version') },
  { name: 'line', tree: { '.go-version': '1.22\n' }, expect: W('go1.22.5', true, '.go-version') },
  { name: 'line-below-1.21', tree: { '.go-version': '1.20\n' }, expect: W('go1.20.14', true, '.go-version') },
  { name: 'toolchain-name-below-1.21', tree: { '.go-version': 'go1.20\n' }, expect: W('go1.20', true, '.go-version') },
  { name: 'dot-zero-below-1.21', tree: { '.go-version': '1.20.0\n' }, expect: W('go1.20', true, '.go-version') },
  { name: 'latest', tree: { '.go-version': 'latest\n' }, expect: W('go1.22.5', true, '.go-version') },
  { name: 'stable', tree: { '.go-version': 'stable\n' }, expect: W('go1.22.5', true, '.go-version') },
  { name: 'prerelease', tree: { '.go-version': '1.23rc1\n' }, expect: W('go1.23rc1', true, '.go-version') },
  { name: 'line-with-only-a-prerelease', tree: { '.go-version': '1.23\n' }, expect: W('1.23', false, '.go-version') },
  { name: 'line-missing', tree: { '.go-version': '1.19\n' }, expect: W('1.19', false, '.go-version') },
  {
    name: 'comments-crlf-bom',
    tree: { '.go-version': '\ufeff# pinned\r\n\r\n  1.21.13  \r\n' },
    expect: W('go1.21.13', true, '.go-version'),
  },
  // 16 KiB is counted in BYTES (the hooks read under LC_ALL=C, gosw current decodes latin1): a
  // version after 9000 two-byte letters (18 KB) is not read, and the file does not count
  { name: 'limit-with-two-byte-characters', ...fallback({ '.go-version': `# ${'\u00e9'.repeat(9000)}\n1.22.5\n` }), expect: FALLBACK },
  { name: 'truncated-at-16k', tree: { '.go-version': `${'#'.repeat(16380)}\n1.22.5\n` }, expect: W('1.2', false, '.go-version') },
  // `#` + k two-byte letters + `\n1.22.5`: 2k + 8 bytes; the comment line is over 1024 bytes (skipped)
  {
    name: 'limit-bytes-version-fits',
    ...fallback({ '.go-version': `#${'\u00e9'.repeat(8188)}\n1.22.5\n` }),
    expect: W('go1.22.5', true, 'inner/.go-version'),
  },
  {
    name: 'limit-bytes-version-cut',
    ...fallback({ '.go-version': `#${'\u00e9'.repeat(8189)}\n1.22.5\n` }),
    expect: W('go1.22.5', true, 'inner/.go-version'),
  },
  {
    name: 'limit-bytes-version-cut-invalid',
    ...fallback({ '.go-version': `#${'\u00e9'.repeat(8190)}\n1.22.5\n` }),
    expect: FALLBACK_WARNED,
  },
  { name: 'limit-bytes-version-past', ...fallback({ '.go-version': `#${'\u00e9'.repeat(8191)}\n1.22.5\n` }), expect: FALLBACK },
  // four-byte characters count four (the shells in a UTF-8 locale would count one, JavaScript two)
  {
    name: 'limit-with-astral-characters',
    ...fallback({ '.go-version': `#${'\u{1F600}'.repeat(4094)}\n1.22.5\n` }),
    expect: W('go1.22.5', true, 'inner/.go-version'),
  },
  {
    name: 'limit-with-astral-characters-past',
    ...fallback({ '.go-version': `#${'\u{1F600}'.repeat(4095)}\n1.22.5\n` }),
    expect: FALLBACK_WARNED,
  },
  // a line over 1024 bytes is skipped silently (not reported); the search goes on with the next line
  { name: 'line-of-1024-bytes-is-read', ...fallback({ '.go-version': `${'1'.repeat(1024)}\n1.22.5\n` }), expect: FALLBACK_WARNED },
  {
    name: 'line-of-1025-bytes-is-skipped',
    ...fallback({ '.go-version': `${'1'.repeat(1025)}\n1.22.5\n` }),
    expect: W('go1.22.5', true, 'inner/.go-version'),
  },
  {
    name: 'line-of-1024-bytes-with-two-byte-letters',
    ...fallback({ '.go-version': `${'\u00e9'.repeat(512)}\n1.22.5\n` }),
    expect: FALLBACK_WARNED,
  },
  {
    name: 'line-of-1026-bytes-with-two-byte-letters',
    ...fallback({ '.go-version': `${'\u00e9'.repeat(513)}\n1.22.5\n` }),
    expect: W('go1.22.5', true, 'inner/.go-version'),
  },
  { name: 'long-line-only', ...fallback({ '.go-version': 'A'.repeat(100_000) }), expect: FALLBACK },
  { name: 'long-line-then-invalid', ...fallback({ '.go-version': `${'A'.repeat(5000)}\nbanana\n` }), expect: FALLBACK_WARNED },
  { name: 'long-line-tool-versions', ...fallback({ '.tool-versions': `golang ${'1'.repeat(100_000)}` }), expect: FALLBACK },
  {
    name: 'long-golang-line-then-golang',
    ...fallback({ '.tool-versions': `golang 1.22.3 ${'1.21.13 '.repeat(200)}\ngolang 1.21.13\n` }),
    expect: W('go1.21.13', true, 'inner/.tool-versions'),
  },
  { name: 'long-line-go-mod', ...fallback({ 'go.mod': `module x\ngo 1.${'2'.repeat(100_000)}\n` }), expect: FALLBACK },
  {
    name: 'long-go-line-then-go-line',
    ...fallback({ 'go.mod': `module x\ngo 1.${'2'.repeat(2000)}\ngo 1.21.0\n` }),
    expect: W('go1.21.13', true, 'inner/go.mod'),
  },
  {
    name: 'long-toolchain-line-skipped',
    ...fallback({ 'go.mod': `module x\ngo 1.21.0\ntoolchain go1.22.3-${'x'.repeat(2000)}\n` }),
    expect: W('go1.21.13', true, 'inner/go.mod'),
  },
  { name: 'long-comment-hides-go-line', ...fallback({ 'go.mod': `module x\ngo 1.22.3 // ${'\u00e9'.repeat(508)}\n` }), expect: FALLBACK },
  {
    name: 'comment-of-1023-bytes-keeps-go-line',
    ...fallback({ 'go.mod': `module x\ngo 1.22.3 // ${'\u00e9'.repeat(505)}\n` }),
    expect: W('go1.22.5', true, 'inner/go.mod'),
  },
  // only the first 256 non-empty lines are looked at; empty lines (also CR-only ones) do not count
  {
    name: 'version-on-line-256',
    ...fallback({ '.go-version': `${'#\n'.repeat(255)}1.22.3\n` }),
    expect: W('go1.22.3', true, 'inner/.go-version'),
  },
  { name: 'version-on-line-257', ...fallback({ '.go-version': `${'#\n'.repeat(256)}1.22.3\n` }), expect: FALLBACK },
  { name: 'blank-lines-count', ...fallback({ '.go-version': `${' \n'.repeat(256)}1.22.3\n` }), expect: FALLBACK },
  {
    name: 'empty-lines-do-not-count',
    ...fallback({ '.go-version': `${'\r\n'.repeat(3000)}${'#\r\n'.repeat(255)}1.22.3\r\n` }),
    expect: W('go1.22.3', true, 'inner/.go-version'),
  },
  {
    name: 'long-lines-count-towards-256',
    ...fallback({ '.go-version': `${`#${'x'.repeat(1024)}\n`.repeat(10)}${'#\n'.repeat(246)}1.22.3\n` }),
    expect: FALLBACK,
  },
  {
    name: 'toolchain-on-line-257',
    ...fallback({ 'go.mod': `module x\ngo 1.21.0\nrequire (\n${'\tm v1.0.0\n'.repeat(252)})\ntoolchain go1.22.3\n` }),
    expect: W('go1.21.13', true, 'inner/go.mod'),
  },
  // a NUL ends what is read; a BOM is dropped only at the very start
  {
    name: 'nul-ends-the-file',
    ...fallback({ '.go-version': Buffer.from('1.22.3\0banana\n') }),
    expect: W('go1.22.3', true, 'inner/.go-version'),
  },
  { name: 'nul-first', ...fallback({ 'go.mod': Buffer.from('\0module x\ngo 1.22.3\n') }), expect: FALLBACK },
  { name: 'two-boms', ...fallback({ '.go-version': '\ufeff\ufeff1.22.3\n' }), expect: FALLBACK_WARNED },
  // precedence within one directory, and nesting
  {
    name: 'precedence-go-version-first',
    tree: { '.go-version': '1.21.13\n', '.tool-versions': 'golang 1.20.14\n', 'go.work': 'go 1.22.3\n', 'go.mod': 'go 1.22.3\n' },
    expect: W('go1.21.13', true, '.go-version'),
  },
  {
    name: 'precedence-tool-versions-second',
    tree: { '.tool-versions': 'nodejs 20\ngolang 1.20.14\n', 'go.work': 'go 1.22.3\n', 'go.mod': 'go 1.22.3\n' },
    expect: W('go1.20.14', true, '.tool-versions'),
  },
  {
    name: 'go-work-over-go-mod',
    tree: { 'go.work': 'go 1.21.5\n\nuse ./a\n', 'go.mod': 'module x\ngo 1.22.3\n' },
    expect: W('go1.21.13', true, 'go.work'),
  },
  {
    name: 'nearest-directory-wins',
    tree: { '.go-version': '1.21.13\n', 'inner/go.mod': 'module x\ngo 1.22.3\n', 'inner/sub/.keep': '' },
    cwd: 'inner/sub',
    expect: W('go1.22.5', true, 'inner/go.mod'),
  },
  {
    name: 'walks-up-four-levels',
    tree: { '.go-version': '1.20.14\n', 'a/b/c/d/.keep': '' },
    cwd: 'a/b/c/d',
    expect: W('go1.20.14', true, '.go-version'),
  },
  // go.mod / go.work rules
  { name: 'toolchain-wins', tree: { 'go.mod': 'module x\ngo 1.21.0\ntoolchain go1.22.3\n' }, expect: W('go1.22.3', true, 'go.mod') },
  { name: 'toolchain-default', tree: { 'go.mod': 'module x\ngo 1.21.0\ntoolchain default\n' }, expect: W('go1.21.13', true, 'go.mod') },
  {
    name: 'toolchain-suffix',
    tree: { 'go.mod': 'module x\ngo 1.21.0\ntoolchain go1.21.13-custom\n' },
    expect: W('go1.21.13', true, 'go.mod'),
  },
  { name: 'toolchain-missing', tree: { 'go.mod': 'module x\ngo 1.21.0\ntoolchain go1.21.99\n' }, expect: W('go1.21.99', false, 'go.mod') },
  { name: 'min-newer-patch-installed', tree: { 'go.mod': 'module x\n\ngo 1.22.3\n' }, expect: W('go1.22.5', true, 'go.mod') },
  { name: 'min-exactly-installed', tree: { 'go.mod': 'module x\n\ngo 1.22.5\n' }, expect: W('go1.22.5', true, 'go.mod') },
  { name: 'min-newer-than-installed', tree: { 'go.mod': 'module x\n\ngo 1.22.7\n' }, expect: W('go1.22.7', false, 'go.mod') },
  { name: 'min-line-not-installed', tree: { 'go.mod': 'module x\n\ngo 1.19.3\n' }, expect: W('go1.19.3', false, 'go.mod') },
  { name: 'min-dot-zero-below-1.21', tree: { 'go.mod': 'module x\n\ngo 1.20.0\n' }, expect: W('go1.20.14', true, 'go.mod') },
  { name: 'min-prerelease', tree: { 'go.mod': 'module x\n\ngo 1.21rc1\n' }, expect: W('go1.21.13', true, 'go.mod') },
  { name: 'go-line-two-numbers', tree: { 'go.mod': 'module x\n\ngo 1.21\n' }, expect: W('go1.21.13', true, 'go.mod') },
  { name: 'go-line-two-numbers-below-1.21', tree: { 'go.mod': 'module x\n\ngo 1.20\n' }, expect: W('go1.20.14', true, 'go.mod') },
  {
    name: 'go-mod-comments',
    tree: { 'go.mod': '// go 1.19\nmodule x // the module\ngo 1.22.3 // minimum\n' },
    expect: W('go1.22.5', true, 'go.mod'),
  },
  {
    name: 'go-mod-crlf-bom',
    tree: { 'go.mod': '\ufeffmodule x\r\n\r\ngo 1.21.0\r\ntoolchain go1.22.3\r\n' },
    expect: W('go1.22.3', true, 'go.mod'),
  },
  { name: 'repeated-go-directive', tree: { 'go.mod': 'module x\ngo 1.21.0\ngo 1.22.3\n' }, expect: W('go1.21.13', true, 'go.mod') },
  // .tool-versions
  {
    name: 'tool-versions-first-version-wins',
    tree: { '.tool-versions': 'golang 1.22.3 1.21.13\n' },
    expect: W('go1.22.3', true, '.tool-versions'),
  },
  { name: 'tool-versions-go-key', tree: { '.tool-versions': 'go 1.21\n' }, expect: W('go1.21.13', true, '.tool-versions') },
  // system
  { name: 'system-go-version', tree: { '.go-version': 'system\n' }, expect: W(null, false, '.go-version') },
  {
    name: 'system-tool-versions',
    tree: { '.tool-versions': 'golang system\n', 'go.mod': 'go 1.22.3\n' },
    expect: W(null, false, '.tool-versions'),
  },
  // GOSW_VERSION
  { name: 'env-wins', tree: { '.go-version': '1.22.3\n' }, env: { GOSW_VERSION: '1.21' }, expect: W('go1.21.13', true, 'GOSW_VERSION') },
  { name: 'env-exact', tree: {}, env: { GOSW_VERSION: 'go1.20' }, expect: W('go1.20', true, 'GOSW_VERSION') },
  {
    name: 'env-invalid',
    tree: { '.go-version': '1.22.3\n' },
    env: { GOSW_VERSION: 'banana' },
    expect: W('go1.22.3', true, '.go-version', ['GOSW_VERSION']),
  },
  { name: 'env-system', tree: { '.go-version': '1.22.3\n' }, env: { GOSW_VERSION: 'system' }, expect: W(null, false, 'GOSW_VERSION') },
  { name: 'env-missing', tree: {}, env: { GOSW_VERSION: '1.22.9' }, expect: W('go1.22.9', false, 'GOSW_VERSION') },
  // the global default
  { name: 'global', tree: {}, global: '1.21', expect: W('go1.21.13', true, 'GLOBAL') },
  { name: 'global-missing', tree: {}, global: '1.19', expect: W('1.19', false, 'GLOBAL') },
  { name: 'file-beats-global', tree: { '.go-version': '1.20.14\n' }, global: '1.21', expect: W('go1.20.14', true, '.go-version') },
  { name: 'global-invalid', tree: {}, global: 'banana', expect: W(null, false, null) },
  { name: 'nothing', tree: { 'README.md': 'no version here\n' }, expect: W(null, false, null) },
  // invalid or empty files are skipped, the search goes on
  {
    name: 'invalid-skipped-same-dir',
    tree: { '.go-version': 'banana\n', 'go.mod': 'module x\ngo 1.22.3\n' },
    expect: W('go1.22.5', true, 'go.mod', ['.go-version']),
  },
  {
    name: 'invalid-inner-valid-outer',
    tree: { '.go-version': '1.21.13\n', 'inner/.tool-versions': 'golang junk\n' },
    cwd: 'inner',
    expect: W('go1.21.13', true, '.go-version', ['inner/.tool-versions']),
  },
  {
    name: 'invalid-toolchain-skips-file',
    tree: { '.go-version': '1.20.14\n', 'inner/go.mod': 'module x\ngo 1.22.3\ntoolchain banana\n' },
    cwd: 'inner',
    expect: W('go1.20.14', true, '.go-version', ['inner/go.mod']),
  },
  {
    name: 'tool-versions-without-golang',
    tree: { '.go-version': '1.20.14\n', 'inner/.tool-versions': 'nodejs 20\n' },
    cwd: 'inner',
    expect: W('go1.20.14', true, '.go-version'),
  },
  {
    name: 'go-mod-without-go-line',
    tree: { '.go-version': '1.21.13\n', 'inner/go.mod': 'module x\n' },
    cwd: 'inner',
    expect: W('go1.21.13', true, '.go-version'),
  },
  {
    name: 'empty-go-version',
    tree: { '.go-version': '1.21.13\n', 'inner/.go-version': '\n# nothing\n' },
    cwd: 'inner',
    expect: W('go1.21.13', true, '.go-version'),
  },
  {
    name: 'fifo-and-dir-skipped',
    tree: { '.go-version': '1.21.13\n', 'inner/.go-version': { fifo: true }, 'inner/go.mod': { dir: true } },
    cwd: 'inner',
    expect: W('go1.21.13', true, '.go-version'),
  },
  // Files that block or lie are no version files, and nothing waits on them: only a regular,
  // non-empty file (after links), never under /proc, /sys or /dev nor a link resolving there.
  // /proc/kmsg is "regular" and empty, and blocks a reader (root may read it); a /sys attribute
  // is regular and not empty (4096 bytes) but no file of the project; /dev/zero never ends.
  {
    name: 'link-to-proc-kmsg',
    ...fallback({ '.go-version': { symlink: '/proc/kmsg' }, 'go.mod': { symlink: '/proc/kmsg' } }),
    expect: FALLBACK,
  },
  {
    name: 'relative-link-to-proc-kmsg',
    ...fallback({ '.go-version': { symlink: '../../../../../../../../../../../../../../../proc/kmsg' } }),
    expect: FALLBACK,
  },
  {
    name: 'link-to-a-link-to-proc-kmsg',
    ...fallback({ '.go-version': { symlink: 'hop' }, hop: { symlink: '/proc/self/../kmsg' } }),
    expect: FALLBACK,
  },
  { name: 'link-to-sys-attribute', ...fallback({ '.go-version': { symlink: '/sys/devices/system/cpu/online' } }), expect: FALLBACK },
  {
    name: 'link-to-dev-zero',
    ...fallback({ '.go-version': { symlink: '/dev/zero' }, '.tool-versions': { symlink: '/dev/null' } }),
    expect: FALLBACK,
  },
  { name: 'fifo-go-version', ...fallback({ '.go-version': { fifo: true } }), expect: FALLBACK },
  { name: 'empty-file', ...fallback({ '.go-version': '', 'go.mod': '' }), expect: FALLBACK },
  // a link to an ordinary file is read as before
  {
    name: 'link-to-a-regular-file',
    tree: { 'shared/.go-version': '1.21.13\n', 'proj/.go-version': { symlink: '../shared/.go-version' } },
    cwd: 'proj',
    expect: W('go1.21.13', true, 'proj/.go-version'),
  },
  // The shell walks up the logical $PWD (what the user cd'd into); `gosw current` must agree.
  {
    name: 'symlinked-cwd',
    tree: {
      'code/.go-version': '1.21.13\n',
      'code/real/proj/.keep': '',
      'top/.go-version': '1.22.3\n',
      'top/link': { symlink: '../code/real/proj' },
    },
    cwd: 'top/link',
    expect: W('go1.22.3', true, 'top/.go-version'),
  },
  {
    name: 'symlinked-cwd-deeper',
    tree: {
      'code/go.mod': 'module c\ngo 1.21.0\n',
      'code/real/proj/a/b/.keep': '',
      'top/go.mod': 'module t\ngo 1.22.3\n',
      'top/link': { symlink: '../code/real/proj' },
    },
    cwd: 'top/link/a/b',
    expect: W('go1.22.5', true, 'top/go.mod'),
  },
  // a file in the link's target is found, and named by the logical path
  {
    name: 'symlinked-cwd-file-in-target',
    tree: { 'code/proj/.go-version': '1.21.13\n', 'top/.go-version': '1.22.3\n', 'top/link': { symlink: '../code/proj' } },
    cwd: 'top/link',
    expect: W('go1.21.13', true, 'top/link/.go-version'),
  },
  // a $PWD that is not the working directory (inherited, stale) is not trusted: both use the real one
  {
    name: 'stale-pwd-ignored',
    tree: { 'a/.go-version': '1.21.13\n', 'b/.go-version': '1.22.3\n' },
    cwd: 'a',
    pwd: 'b',
    expect: W('go1.21.13', true, 'a/.go-version'),
  },
  // Everything after a comment marker is a comment (JavaScript's `.` stops at U+2028).
  { name: 'gomod-comment-with-u2028', tree: { 'go.mod': 'module x\ngo 1.21 // note\u2028more\n' }, expect: W('go1.21.13', true, 'go.mod') },
  {
    name: 'go-version-comment-with-u2029',
    tree: { '.go-version': '1.22.3 # note\u2029more\n' },
    expect: W('go1.22.3', true, '.go-version'),
  },
  // Only ASCII whitespace is whitespace (the hooks use LC_ALL=C whatever the user's locale): a
  // version followed or preceded by a Unicode space is invalid everywhere.
  { name: 'trailing-ideographic-space', ...fallback({ '.go-version': '1.22.3\u3000\n' }), expect: FALLBACK_WARNED },
  { name: 'leading-ideographic-space', ...fallback({ '.go-version': '\u30001.22.3\n' }), expect: FALLBACK_WARNED },
  { name: 'trailing-no-break-space', ...fallback({ '.go-version': '1.22.3\u00a0\n' }), expect: FALLBACK_WARNED },
  { name: 'trailing-next-line', ...fallback({ '.go-version': '1.22.3\u0085\n' }), expect: FALLBACK_WARNED },
  { name: 'tool-versions-ideographic-space', ...fallback({ '.tool-versions': 'golang\u30001.22.3\n' }), expect: FALLBACK },
  {
    name: 'tool-versions-version-with-ideographic-space',
    ...fallback({ '.tool-versions': 'golang 1.22.3\u3000\n' }),
    expect: W('go1.20.14', true, '.go-version', ['inner/.tool-versions']),
  },
  { name: 'go-mod-ideographic-space', ...fallback({ 'go.mod': 'module x\ngo\u30001.22.3\n' }), expect: FALLBACK },
  {
    name: 'go-mod-version-with-no-break-space',
    ...fallback({ 'go.mod': 'module x\ngo 1.22.3\u00a0\n' }),
    expect: W('go1.20.14', true, '.go-version', ['inner/go.mod']),
  },
  // non-ASCII in a comment is fine
  {
    name: 'non-ascii-comment',
    tree: { '.go-version': '# caf\u00e9 \u3000 \u{1F600}\n1.22.3 # \u00e9t\u00e9\n' },
    expect: W('go1.22.3', true, '.go-version'),
  },
  {
    name: 'non-ascii-go-mod',
    tree: { 'go.mod': 'module example.com/caf\u00e9 // \u3000\ngo 1.21.0\n' },
    expect: W('go1.21.13', true, 'go.mod'),
  },
];

interface Answer {
  name: string | null;
  installed: boolean;
  where: string | null;
  warnings: string[];
}

function parseHook(stdout: string, stderr: string): Answer {
  const cur = /@@CUR=(.*)@@/.exec(stdout)?.[1];
  const from = /@@FROM=(.*)@@/.exec(stdout)?.[1];
  if (cur === undefined || from === undefined) throw new Error(`unexpected hook output: ${stdout}\n${stderr}`);
  const missing = [...stderr.matchAll(/^gosw: (\S+) \(from (.*)\) is not installed; run: gosw install$/gm)];
  if (missing.length > 1) throw new Error(`more than one not-installed notice: ${stderr}`);
  const warnings = [...stderr.matchAll(/^gosw: ignoring (.*?): .* is not a Go version$/gm)].map((m) => m[1]!);
  const installed = cur !== '<unset>';
  return {
    name: installed ? cur : (missing[0]?.[1] ?? null),
    installed,
    where: from === '<none>' ? null : from,
    warnings: warnings.sort(),
  };
}

const hookScript = (init: string) =>
  [
    `source ${q(init)}`,
    '_gosw_hook',
    `printf '@@CUR=%s@@\\n' "\${GOSW_CURRENT-<unset>}"`,
    // A second lookup, only to read where the choice came from (its warnings were given already).
    `if __gosw_find 2>/dev/null; then printf '@@FROM=%s@@\\n' "$__gosw_from"; else printf '@@FROM=<none>@@\\n'; fi`,
  ].join('\n');

function runCurrent(
  env: Record<string, string>,
  cwd: string,
  args = ['--json'],
  argv = [process.execPath, CLI],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, [...argv.slice(1), 'current', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('conformance: gosw current --json, the bash hook and the zsh hook agree', () => {
  let sb: ShellSandbox;
  const answers = new Map<string, Record<'ts' | ShellName, Answer>>();
  const dirs = new Map<string, { dir: string; store: string; cwd: string; pwd: string }>();

  beforeAll(async () => {
    sb = makeShellSandbox({ releases: STORE_RELEASES });
    assertCleanAncestors(sb.root);
    const inits = Object.fromEntries(SHELL_NAMES.map((s) => [s, writeInit(path.join(sb.root, 'init'), s)])) as Record<ShellName, string>;
    for (const f of FIXTURES) {
      const dir = path.join(sb.work, f.name);
      mkdirSync(dir, { recursive: true });
      writeTree(dir, f.tree);
      let store = sb.store;
      if (f.global !== undefined) {
        store = path.join(sb.root, 'stores', f.name);
        makeFakeStore(store, STORE_RELEASES, { global: f.global });
      }
      dirs.set(f.name, { dir, store, cwd: path.join(dir, f.cwd ?? '.'), pwd: path.join(dir, f.pwd ?? f.cwd ?? '.') });
    }
    const toRel = (_f: Fixture, store: string, dir: string) => (w: string | null | undefined) =>
      w === null || w === undefined
        ? null
        : w === 'GOSW_VERSION'
          ? w
          : w === path.join(store, 'version')
            ? 'GLOBAL'
            : path.relative(dir, w);

    type Job = { f: Fixture; who: 'ts' | ShellName };
    // The node runs first (slow to start), then the shells; at most 3 processes at once.
    const jobs: Job[] = [
      ...FIXTURES.map((f) => ({ f, who: 'ts' as const })),
      ...SHELL_NAMES.flatMap((who) => FIXTURES.map((f) => ({ f, who }))),
    ];
    await pool(jobs, 3, async ({ f, who }) => {
      const { dir, store, cwd, pwd } = dirs.get(f.name)!;
      const env = sb.env({ GOSW_HOME: store, PWD: pwd, ...f.env });
      const rel = toRel(f, store, dir);
      let a: Answer;
      if (who === 'ts') {
        const r = await runCurrent(env, cwd);
        let j: { name: string | null; installed: boolean; source: { where: string } | null; warnings: { where: string }[] };
        try {
          j = JSON.parse(r.stdout);
        } catch {
          throw new Error(`${f.name}: gosw current --json printed no JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
        }
        a = { name: j.name, installed: j.installed, where: rel(j.source?.where), warnings: j.warnings.map((w) => rel(w.where)!).sort() };
      } else {
        const r = await runShell(who, hookScript(inits[who]), {
          env,
          cwd,
          scriptDir: path.join(sb.root, 'scripts'),
          timeoutMs: 10_000,
          name: f.name,
        });
        if (r.timedOut || r.code !== 0)
          throw new Error(`${f.name}: ${who} exit ${r.code}${r.timedOut ? ' (timed out)' : ''}:\n${r.stdout}\n${r.stderr}`);
        const h = parseHook(r.stdout, r.stderr);
        a = { ...h, where: rel(h.where), warnings: h.warnings.map((w) => rel(w)!).sort() };
      }
      const entry = answers.get(f.name) ?? ({} as Record<'ts' | ShellName, Answer>);
      entry[who] = a;
      answers.set(f.name, entry);
    });
  }, 180_000);

  afterAll(() => {
    if (process.env.GOSW_TEST_KEEP === '1') console.log(`kept ${sb?.root}`);
    else sb?.remove();
  });

  // The hooks run in the user's shell, whatever its locale; they parse under LC_ALL=C (bytes, ASCII
  // [[:space:]]), so the answers must not change with LANG / LC_ALL / LC_CTYPE. The main answers
  // above were given with LANG=C.UTF-8.
  const LOCALE_FIXTURES = [
    'line',
    'comments-crlf-bom',
    'limit-with-two-byte-characters',
    'limit-bytes-version-fits',
    'limit-bytes-version-cut-invalid',
    'limit-with-astral-characters',
    'line-of-1024-bytes-with-two-byte-letters',
    'line-of-1026-bytes-with-two-byte-letters',
    'comment-of-1023-bytes-keeps-go-line',
    'long-comment-hides-go-line',
    'trailing-ideographic-space',
    'trailing-no-break-space',
    'trailing-next-line',
    'go-mod-version-with-no-break-space',
    'non-ascii-comment',
  ];
  const LOCALES: Array<[string, Record<string, string | undefined>]> = [
    ['LC_ALL=C', { LC_ALL: 'C' }],
    ['LC_ALL=POSIX', { LC_ALL: 'POSIX' }],
    ['LC_ALL=C.UTF-8', { LC_ALL: 'C.UTF-8' }],
    ['LANG=C LC_CTYPE=C.UTF-8', { LANG: 'C', LC_CTYPE: 'C.UTF-8' }],
    ['no locale variables', { LANG: undefined }],
  ];
  it.each(SHELL_NAMES.flatMap((s) => LOCALE_FIXTURES.map((n) => [s, n] as const)))(
    '%s: %s gives the same answer in every locale',
    async (shell, name) => {
      const { store, cwd, pwd, dir } = dirs.get(name)!;
      const f = FIXTURES.find((x) => x.name === name)!;
      const init = writeInit(path.join(sb.root, 'init'), shell);
      const rel = (w: string | null) => (w === null ? null : path.relative(dir, w));
      for (const [label, loc] of LOCALES) {
        const r = await runShell(shell, hookScript(init), {
          env: sb.env({ GOSW_HOME: store, PWD: pwd, ...loc, ...f.env }),
          cwd,
          scriptDir: path.join(sb.root, 'scripts'),
        });
        const h = parseHook(r.stdout, r.stderr);
        expect({ ...h, where: rel(h.where), warnings: h.warnings.map((w) => rel(w)!) }, `${shell} with ${label} vs LANG=C.UTF-8`).toEqual(
          answers.get(name)![shell],
        );
      }
    },
  );

  // Paths in messages have their C0/C1 control characters replaced by `?` (a cloned repository can
  // hold a directory whose name is an escape sequence). The hooks do it (test/e2e/shell-hostile);
  // the same messages from `gosw current` must be as safe.
  // Regression (fixed): src/commands/current.ts prints the paths raw: `ctx.err(\`gosw: ignoring ${w.where}: ...\`)`
  // and `ctx.out(\`${r.name} (from ${from}) ...\`)` pass ESC, BEL and newlines to the terminal.
  // Repro: mkdir -p "$(printf 'e\033]0;owned\007\033[2J\nx')/sub"; cd e*; echo banana >.go-version;
  //        gosw current | od -c   (shows 033 ] 0 ; o w n e d \a 033 [ 2 J \n)
  it('gosw current names a hostile path without control characters, as the hooks do', async () => {
    const dir = path.join(sb.work, 'evil\x1b]0;owned\x07\x1b[2J\nname\u009b31m');
    writeTree(dir, { '.go-version': 'banana\n', 'sub/go.mod': 'module x\ngo 1.22.9\n' });
    const shown = dir.replace(/[\x00-\x1f\x7f\x80-\x9f]/g, '?');
    expect(shown).toContain('/evil?]0;owned??[2J?name?31m');
    const env = (cwd: string) => sb.env({ PWD: cwd });
    const a = await runCurrent(env(dir), dir, []);
    expect(a.stderr).toBe(`gosw: ignoring ${shown}/.go-version: "banana" is not a Go version\n`);
    const sub = path.join(dir, 'sub');
    const b = await runCurrent(env(sub), sub, []);
    expect(b.code).toBe(1);
    expect(b.stdout).toBe(`go1.22.9 (from ${shown}/sub/go.mod) is not installed; run: gosw install\n`);
    for (const out of [a.stdout, a.stderr, b.stdout, b.stderr])
      expect(out.replace(/\n$/, ''), JSON.stringify(out)).not.toMatch(/[\x00-\x1f\x7f\x80-\x9f]/);
  });

  // The launcher's fast path (generated/launcher/fast.bash: the bash hook's resolver, run by the
  // installed `gosw` for `gosw current`) prints what `gosw current` prints, byte for byte, in every
  // fixture; it hands the command to the real gosw (here a tracer that logs, then runs the bundle)
  // only when there is a warning to word or a path that is not plain ASCII.
  it('the launcher fast path: `gosw current` as node prints it, in every fixture', async () => {
    const traces = path.join(sb.root, 'fast-traces');
    mkdirSync(traces, { recursive: true });
    let answered = 0;
    await pool(FIXTURES, 3, async (f) => {
      const { store, cwd, pwd } = dirs.get(f.name)!;
      const env = sb.env({ GOSW_HOME: store, PWD: pwd, ...f.env });
      const log = path.join(traces, `${f.name}.log`);
      const tracer = path.join(traces, f.name);
      writeFileSync(tracer, `#!/bin/sh\nprintf '%s\\n' "$*" >>${q(log)}\nexec ${q(process.execPath)} ${q(CLI)} "$@"\n`);
      chmodSync(tracer, 0o755);
      const viaFast = await runCurrent(env, cwd, [], [writeLauncher(path.join(traces, `${f.name}.gosw`), tracer)]);
      const handedOver = existsSync(log);
      const viaNode = await runCurrent(env, cwd, []);
      expect(viaFast, `${f.name}: fast path (handed over: ${handedOver}) vs node`).toEqual(viaNode);
      const odd = viaNode.stderr !== '' || /[^ -~]/.test(cwd + pwd);
      expect(handedOver, `${f.name}: handed over`).toBe(odd);
      if (!handedOver) answered++;
    });
    expect(answered).toBeGreaterThanOrEqual(FIXTURES.length / 2);
  }, 180_000);

  it('covers every rule with enough fixtures', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(FIXTURES.map((f) => f.name)).size).toBe(FIXTURES.length);
  });

  it.each(FIXTURES.map((f) => [f.name, f] as const))('%s', (name, f) => {
    const a = answers.get(name)!;
    const table = JSON.stringify(a, null, 1);
    expect(a.bash, `bash vs gosw current --json:\n${table}`).toEqual(a.ts);
    expect(a.zsh, `zsh vs gosw current --json:\n${table}`).toEqual(a.ts);
    if (f.expect) {
      const want: Answer = { ...f.expect, warnings: [...(f.expect.warnings ?? [])].sort() };
      expect(a.ts, `gosw current --json vs the rules:\n${table}`).toEqual(want);
      expect(a.bash, `bash vs the rules:\n${table}`).toEqual(want);
    }
  });
});
