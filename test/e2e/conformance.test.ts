/**
 * Conformance of the three resolvers: `gosw current --json` (src/resolve/current.ts), the bash hook
 * (shell/gosw.bash) and the zsh hook (shell/gosw.zsh) must give the same answer in every fixture
 * tree: which release (name), whether it is installed, where the choice came from, and which files
 * were warned about. Where the rules are clear the answer is also spelled out (`expect`).
 *
 * The hooks run in fresh non-interactive shells started in the fixture directory (PWD set, as a
 * shell's own cd would leave it), with GOSW_VERSION already in the environment, so that zsh's
 * chpwd hook cannot run before the environment is complete. From each hook we read: GOSW_CURRENT
 * (installed), its not-installed notice (the version it names), its warnings, and where the choice
 * came from (`__gosw_from` after `__gosw_find`).
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFakeStore, makeShellSandbox, STORE_RELEASES, writeTree, type ShellSandbox, type TreeEntry } from './../helpers/shell/fixtures.js';
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
  env?: Record<string, string>;
  /** A store of its own with this global default (<store>/version). */
  global?: string;
  /** The answer the rules give; undefined: the three must only agree. */
  expect?: Want;
}

const W = (name: string | null, installed: boolean, where: string | null, warnings?: string[]): Want => ({ name, installed, where, warnings });

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
  { name: 'comments-crlf-bom', tree: { '.go-version': '\ufeff# pinned\r\n\r\n  1.21.13  \r\n' }, expect: W('go1.21.13', true, '.go-version') },
  // 16 KiB is counted in characters: a version after 9000 two-byte letters is still read
  { name: 'limit-with-two-byte-characters', tree: { '.go-version': `# ${'\u00e9'.repeat(9000)}\n1.22.5\n` }, expect: W('go1.22.5', true, '.go-version') },
  { name: 'truncated-at-16k', tree: { '.go-version': `${'#'.repeat(16380)}\n1.22.5\n` }, expect: W('1.2', false, '.go-version') },
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
  { name: 'go-work-over-go-mod', tree: { 'go.work': 'go 1.21.5\n\nuse ./a\n', 'go.mod': 'module x\ngo 1.22.3\n' }, expect: W('go1.21.13', true, 'go.work') },
  {
    name: 'nearest-directory-wins',
    tree: { '.go-version': '1.21.13\n', 'inner/go.mod': 'module x\ngo 1.22.3\n', 'inner/sub/.keep': '' },
    cwd: 'inner/sub',
    expect: W('go1.22.5', true, 'inner/go.mod'),
  },
  { name: 'walks-up-four-levels', tree: { '.go-version': '1.20.14\n', 'a/b/c/d/.keep': '' }, cwd: 'a/b/c/d', expect: W('go1.20.14', true, '.go-version') },
  // go.mod / go.work rules
  { name: 'toolchain-wins', tree: { 'go.mod': 'module x\ngo 1.21.0\ntoolchain go1.22.3\n' }, expect: W('go1.22.3', true, 'go.mod') },
  { name: 'toolchain-default', tree: { 'go.mod': 'module x\ngo 1.21.0\ntoolchain default\n' }, expect: W('go1.21.13', true, 'go.mod') },
  { name: 'toolchain-suffix', tree: { 'go.mod': 'module x\ngo 1.21.0\ntoolchain go1.21.13-custom\n' }, expect: W('go1.21.13', true, 'go.mod') },
  { name: 'toolchain-missing', tree: { 'go.mod': 'module x\ngo 1.21.0\ntoolchain go1.21.99\n' }, expect: W('go1.21.99', false, 'go.mod') },
  { name: 'min-newer-patch-installed', tree: { 'go.mod': 'module x\n\ngo 1.22.3\n' }, expect: W('go1.22.5', true, 'go.mod') },
  { name: 'min-exactly-installed', tree: { 'go.mod': 'module x\n\ngo 1.22.5\n' }, expect: W('go1.22.5', true, 'go.mod') },
  { name: 'min-newer-than-installed', tree: { 'go.mod': 'module x\n\ngo 1.22.7\n' }, expect: W('go1.22.7', false, 'go.mod') },
  { name: 'min-line-not-installed', tree: { 'go.mod': 'module x\n\ngo 1.19.3\n' }, expect: W('go1.19.3', false, 'go.mod') },
  { name: 'min-dot-zero-below-1.21', tree: { 'go.mod': 'module x\n\ngo 1.20.0\n' }, expect: W('go1.20.14', true, 'go.mod') },
  { name: 'min-prerelease', tree: { 'go.mod': 'module x\n\ngo 1.21rc1\n' }, expect: W('go1.21.13', true, 'go.mod') },
  { name: 'go-line-two-numbers', tree: { 'go.mod': 'module x\n\ngo 1.21\n' }, expect: W('go1.21.13', true, 'go.mod') },
  { name: 'go-line-two-numbers-below-1.21', tree: { 'go.mod': 'module x\n\ngo 1.20\n' }, expect: W('go1.20.14', true, 'go.mod') },
  { name: 'go-mod-comments', tree: { 'go.mod': '// go 1.19\nmodule x // the module\ngo 1.22.3 // minimum\n' }, expect: W('go1.22.5', true, 'go.mod') },
  { name: 'go-mod-crlf-bom', tree: { 'go.mod': '\ufeffmodule x\r\n\r\ngo 1.21.0\r\ntoolchain go1.22.3\r\n' }, expect: W('go1.22.3', true, 'go.mod') },
  { name: 'repeated-go-directive', tree: { 'go.mod': 'module x\ngo 1.21.0\ngo 1.22.3\n' }, expect: W('go1.21.13', true, 'go.mod') },
  // .tool-versions
  { name: 'tool-versions-first-version-wins', tree: { '.tool-versions': 'golang 1.22.3 1.21.13\n' }, expect: W('go1.22.3', true, '.tool-versions') },
  { name: 'tool-versions-go-key', tree: { '.tool-versions': 'go 1.21\n' }, expect: W('go1.21.13', true, '.tool-versions') },
  // system
  { name: 'system-go-version', tree: { '.go-version': 'system\n' }, expect: W(null, false, '.go-version') },
  { name: 'system-tool-versions', tree: { '.tool-versions': 'golang system\n', 'go.mod': 'go 1.22.3\n' }, expect: W(null, false, '.tool-versions') },
  // GOSW_VERSION
  { name: 'env-wins', tree: { '.go-version': '1.22.3\n' }, env: { GOSW_VERSION: '1.21' }, expect: W('go1.21.13', true, 'GOSW_VERSION') },
  { name: 'env-exact', tree: {}, env: { GOSW_VERSION: 'go1.20' }, expect: W('go1.20', true, 'GOSW_VERSION') },
  { name: 'env-invalid', tree: { '.go-version': '1.22.3\n' }, env: { GOSW_VERSION: 'banana' }, expect: W('go1.22.3', true, '.go-version', ['GOSW_VERSION']) },
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
  { name: 'tool-versions-without-golang', tree: { '.go-version': '1.20.14\n', 'inner/.tool-versions': 'nodejs 20\n' }, cwd: 'inner', expect: W('go1.20.14', true, '.go-version') },
  { name: 'go-mod-without-go-line', tree: { '.go-version': '1.21.13\n', 'inner/go.mod': 'module x\n' }, cwd: 'inner', expect: W('go1.21.13', true, '.go-version') },
  { name: 'empty-go-version', tree: { '.go-version': '1.21.13\n', 'inner/.go-version': '\n# nothing\n' }, cwd: 'inner', expect: W('go1.21.13', true, '.go-version') },
  { name: 'fifo-and-dir-skipped', tree: { '.go-version': '1.21.13\n', 'inner/.go-version': { fifo: true }, 'inner/go.mod': { dir: true } }, cwd: 'inner', expect: W('go1.21.13', true, '.go-version') },
  // The shell walks up the logical $PWD (what the user cd'd into); `gosw current` must agree.
  {
    name: 'symlinked-cwd',
    tree: { 'code/.go-version': '1.21.13\n', 'code/real/proj/.keep': '', 'top/.go-version': '1.22.3\n', 'top/link': { symlink: '../code/real/proj' } },
    cwd: 'top/link',
    expect: W('go1.22.3', true, 'top/.go-version'),
  },
  // Everything after a comment marker is a comment (JavaScript's `.` stops at U+2028).
  { name: 'gomod-comment-with-u2028', tree: { 'go.mod': 'module x\ngo 1.21 // note\u2028more\n' }, expect: W('go1.21.13', true, 'go.mod') },
  { name: 'go-version-comment-with-u2029', tree: { '.go-version': '1.22.3 # note\u2029more\n' }, expect: W('go1.22.3', true, '.go-version') },
  // Agreement only: a Unicode space after the version (the shells' [[:space:]] in a UTF-8 locale),
  // and the 16 KiB limit counted in characters outside the BMP (the shells count code points).
  { name: 'trailing-ideographic-space', tree: { '.go-version': '1.22.3\u3000\n' } },
  { name: 'limit-with-astral-characters', tree: { '.go-version': `# ${'\u{1F600}'.repeat(8190)}\n1.22.5\n` } },
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

function runCurrent(env: Record<string, string>, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'current', '--json'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  const dirs = new Map<string, { dir: string; store: string; cwd: string }>();

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
      dirs.set(f.name, { dir, store, cwd: path.join(dir, f.cwd ?? '.') });
    }
    const toRel = (f: Fixture, store: string, dir: string) => (w: string | null | undefined) =>
      w === null || w === undefined ? null : w === 'GOSW_VERSION' ? w : w === path.join(store, 'version') ? 'GLOBAL' : path.relative(dir, w);

    type Job = { f: Fixture; who: 'ts' | ShellName };
    // The node runs first (slow to start), then the shells; at most 3 processes at once.
    const jobs: Job[] = [...FIXTURES.map((f) => ({ f, who: 'ts' as const })), ...SHELL_NAMES.flatMap((who) => FIXTURES.map((f) => ({ f, who })))];
    await pool(jobs, 3, async ({ f, who }) => {
      const { dir, store, cwd } = dirs.get(f.name)!;
      const env = sb.env({ GOSW_HOME: store, PWD: cwd, ...f.env });
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
        const r = await runShell(who, hookScript(inits[who]), { env, cwd, scriptDir: path.join(sb.root, 'scripts'), timeoutMs: 10_000, name: f.name });
        if (r.timedOut || r.code !== 0) throw new Error(`${f.name}: ${who} exit ${r.code}${r.timedOut ? ' (timed out)' : ''}:\n${r.stdout}\n${r.stderr}`);
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

  // The hooks run in the user's locale; gosw current does not care about it. Their answers must
  // not change with it: [[:space:]] and read's character counts follow LC_CTYPE.
  const LOCALE_FIXTURES = ['limit-with-two-byte-characters', 'trailing-ideographic-space', 'comments-crlf-bom', 'line'];
  it.each(SHELL_NAMES.flatMap((s) => LOCALE_FIXTURES.map((n) => [s, n] as const)))('%s: %s gives the same answer with LC_ALL=C', async (shell, name) => {
    const { store, cwd, dir } = dirs.get(name)!;
    const f = FIXTURES.find((x) => x.name === name)!;
    const init = writeInit(path.join(sb.root, 'init'), shell);
    const r = await runShell(shell, hookScript(init), { env: sb.env({ GOSW_HOME: store, PWD: cwd, LC_ALL: 'C', ...f.env }), cwd, scriptDir: path.join(sb.root, 'scripts') });
    const h = parseHook(r.stdout, r.stderr);
    const rel = (w: string | null) => (w === null ? null : path.relative(dir, w));
    expect({ ...h, where: rel(h.where), warnings: h.warnings.map((w) => rel(w)!) }, `${shell} with LC_ALL=C vs C.UTF-8`).toEqual(answers.get(name)![shell]);
  });

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
