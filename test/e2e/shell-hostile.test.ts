/**
 * Hostile version files and directories for the prompt hook, in real bash and zsh: the files are
 * untrusted input (a cloned repository), so nothing in them may run, block the prompt, break the
 * shell, or flood it with messages. Most cases source the init in a non-interactive shell and call
 * `_gosw_hook` three times; a few run at real interactive prompts on a pty.
 *
 * Each case lives in its own directory under hostile/, whose .go-version (1.20.14) is the fallback
 * an ignored file must fall through to.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShellSandbox, writeTree, type ShellSandbox, type TreeEntry } from '../helpers/shell/fixtures.js';
import { InteractiveShell } from '../helpers/shell/pty.js';
import { goswLines, pool, q, REPO_ROOT, runShell, SHELL_NAMES, writeInit, type ShellName, type ShellRun } from '../helpers/shell/shells.js';
import { assertCleanAncestors } from '../helpers/shell/suite.js';

const FALLBACK = 'go1.20.14';

interface Case {
  name: string;
  tree: Record<string, TreeEntry>;
  /** GOSW_CURRENT after the hook (default: the fallback, i.e. the case's files were ignored). */
  current?: string;
  /** How many one-time warnings (default 0). */
  warnings?: number;
  /** Extra environment for the shell. */
  env?: Record<string, string>;
}

const junk = Buffer.from([
  0x01, 0x02, 0xff, 0xfe, 0x20, 0x6a, 0x75, 0x6e, 0x6b, 0x0a, 0x00, 0x31, 0x2e, 0x32, 0x32, 0x2e, 0x35, 0x1b, 0x5b, 0x32, 0x4a,
]);

const CASES: Case[] = [
  { name: 'cmdsubst', tree: { '.go-version': '$(touch PWNED)\n' }, warnings: 1 },
  { name: 'cmdsubst-nospace', tree: { '.go-version': '$(touch${IFS}PWNED)\n' }, warnings: 1 },
  { name: 'backticks', tree: { '.go-version': '`touch PWNED`\n' }, warnings: 1 },
  { name: 'semicolon', tree: { '.go-version': '1.22.5; touch PWNED\n' }, warnings: 1 },
  { name: 'semicolon-nospace', tree: { '.go-version': '1.22.5;touch${IFS}PWNED\n' }, warnings: 1 },
  { name: 'and-and', tree: { '.go-version': '1.22.5&&touch${IFS}PWNED\n' }, warnings: 1 },
  { name: 'pipe', tree: { '.go-version': '1.22.5|touch${IFS}PWNED\n' }, warnings: 1 },
  { name: 'redirect', tree: { '.go-version': '1.22.5>PWNED\n' }, warnings: 1 },
  { name: 'dotdot', tree: { '.go-version': '../../etc\n' }, warnings: 1 },
  { name: 'dotdot-version', tree: { '.go-version': 'go1.22.5/../../../../../bin\n' }, warnings: 1 },
  { name: 'ifs', tree: { '.go-version': '${IFS}touch${IFS}PWNED\n' }, warnings: 1 },
  { name: 'glob-star', tree: { '.go-version': '*\n' }, warnings: 1 },
  { name: 'glob-chars', tree: { '.go-version': '1.2?.[0-9]\n' }, warnings: 1 },
  { name: 'printf-format', tree: { '.go-version': '%s%n%x%99999999d\n' }, warnings: 1 },
  { name: 'option-like', tree: { '.go-version': '-n\n' }, warnings: 1 },
  { name: 'tool-cmdsubst', tree: { '.tool-versions': 'golang $(touch PWNED)\n' }, warnings: 1 },
  { name: 'tool-backticks', tree: { '.tool-versions': 'golang `touch${IFS}PWNED`\n' }, warnings: 1 },
  { name: 'tool-semicolon', tree: { '.tool-versions': 'golang 1.22.5;touch${IFS}PWNED\n' }, warnings: 1 },
  { name: 'gomod-cmdsubst', tree: { 'go.mod': 'module x\n\ngo $(touch${IFS}PWNED)\n' }, warnings: 1 },
  { name: 'gomod-toolchain-inject', tree: { 'go.mod': 'module x\ngo 1.22\ntoolchain go1.22.5;touch${IFS}PWNED\n' }, warnings: 1 },
  // `go` + two words is no go line at all: nothing to warn about
  { name: 'gowork-backticks', tree: { 'go.work': 'go `touch PWNED`\n' } },
  // the toolchain suffix is cut (gover.FromToolchain): what is left is a plain release name
  {
    name: 'gomod-toolchain-dotdot',
    tree: { 'go.mod': 'module x\ngo 1.22.3\ntoolchain go1.22.5-../../../../bin/sh\n' },
    current: 'go1.22.5',
  },
  { name: 'escape-sequences', tree: { '.go-version': '\x1b]0;pwned\x07\x1b[2J\x1b[31mred\n' }, warnings: 1 },
  { name: 'binary-junk', tree: { '.go-version': junk }, warnings: 1 },
  { name: 'nul-then-version', tree: { '.go-version': Buffer.from('1.21.13\0$(touch PWNED)\n') }, current: 'go1.21.13' },
  { name: 'nul-first', tree: { '.go-version': Buffer.from('\0\0\0' + '1.21.13\n') } },
  // Size: only the first 16 KiB are read, and a line over 1024 bytes is skipped silently (it cannot
  // be a version): no warning, no activation from that file, the search goes on upwards.
  { name: 'one-megabyte', tree: { '.go-version': 'A'.repeat(1 << 20) } },
  { name: 'one-megabyte-then-version', tree: { '.go-version': `${'A'.repeat(1 << 20)}\n1.21.13\n` } },
  { name: 'one-megabyte-of-newlines', tree: { '.go-version': `${'\n'.repeat(1 << 20)}1.21.13\n` } },
  // (lines of 4501 bytes: what the 16 KiB cut leaves of the fourth one is still over 1024 bytes)
  { name: 'one-megabyte-non-ascii', tree: { '.go-version': `${'\u00e9\u3000\u{1F600}'.repeat(500)}\n`.repeat(250) } },
  {
    name: 'one-megabyte-binary-without-nul',
    tree: { '.go-version': Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i % 2 ? 0xff : 0x1b))) },
  },
  { name: 'long-line-then-version', tree: { '.go-version': `${'A'.repeat(5000)}\n1.21.13\n` }, current: 'go1.21.13' },
  { name: 'long-line-then-invalid', tree: { '.go-version': `${'A'.repeat(5000)}\n$(touch PWNED)\n` }, warnings: 1 },
  { name: 'long-escape-line', tree: { '.go-version': `\x1b]0;pwned\x07\x1b[2J${'1.21.13'.repeat(200)}\n` } },
  { name: 'long-line-tool-versions', tree: { '.tool-versions': `golang ${'1'.repeat(100_000)}` } },
  { name: 'long-line-tool-versions-pushes-golang-past-16k', tree: { '.tool-versions': `golang ${'1'.repeat(100_000)}\ngolang 1.21.13\n` } },
  {
    name: 'long-golang-line-then-golang',
    tree: { '.tool-versions': `golang 1.22.5 ${'$(touch PWNED) '.repeat(100)}\ngolang 1.21.13\n` },
    current: 'go1.21.13',
  },
  { name: 'long-line-gomod', tree: { 'go.mod': `go 1.${'2'.repeat(100_000)}\n` } },
  {
    name: 'long-line-gomod-toolchain',
    tree: { 'go.mod': `module x\ngo 1.21.0\ntoolchain go1.22.5${';touch${IFS}PWNED'.repeat(100)}\n` },
    current: 'go1.21.13',
  },
  { name: 'many-lines-then-junk', tree: { '.go-version': `${'#\n'.repeat(256)}$(touch PWNED)\n` } },
  { name: 'many-lines-then-version', tree: { 'go.mod': `${'//\n'.repeat(256)}go 1.21.0\n` } },
  // Bytes: the hooks parse under LC_ALL=C, so a Unicode space is no space (in any locale)
  { name: 'unicode-space-after-version', tree: { '.go-version': '1.21.13\u3000\n' }, warnings: 1 },
  { name: 'unicode-nbsp-after-version', tree: { '.go-version': '1.21.13\u00a0\n' }, warnings: 1 },
  { name: 'unicode-nbsp-after-version-c-locale', tree: { '.go-version': '1.21.13\u00a0\n' }, env: { LC_ALL: 'C' }, warnings: 1 },
  { name: 'fifo', tree: { '.go-version': { fifo: true } } },
  { name: 'fifo-go-mod', tree: { 'go.mod': { fifo: true }, 'go.work': { fifo: true }, '.tool-versions': { fifo: true } } },
  { name: 'dir-go-mod', tree: { 'go.mod': { dir: true }, '.go-version': { dir: true } } },
  { name: 'symlink-dev-zero', tree: { '.go-version': { symlink: '/dev/zero' } } },
  { name: 'symlink-dev-tty', tree: { '.go-version': { symlink: '/dev/tty' }, 'go.mod': { symlink: '/dev/stdin' } } },
  {
    name: 'symlink-loop',
    tree: { '.go-version': { symlink: '.go-version' }, 'go.mod': { symlink: 'go.work' }, 'go.work': { symlink: 'go.mod' } },
  },
  { name: 'symlink-to-fifo', tree: { '.tool-versions': { symlink: '../fifo/.go-version' } } },
  // "regular" files that block a reader (root may read /proc/kmsg) or are no project file
  {
    name: 'symlink-proc-kmsg',
    tree: {
      '.go-version': { symlink: '/proc/kmsg' },
      '.tool-versions': { symlink: '/proc/self/../kmsg' },
      'go.mod': { symlink: '/proc/kmsg' },
    },
  },
  { name: 'symlink-sys-attribute', tree: { '.go-version': { symlink: '/sys/devices/system/cpu/online' } } },
  { name: 'empty-files', tree: { '.go-version': '', '.tool-versions': '', 'go.work': '', 'go.mod': '' } },
  { name: 'unicode-digits', tree: { '.go-version': '１.２２.５\n' }, warnings: 1 },
  { name: 'unicode-rtl-override', tree: { '.go-version': '1.21.13\u202e\n' }, warnings: 1 },
  { name: 'unicode-zero-width', tree: { '.go-version': '1.21\u200b.13\n' }, warnings: 1 },
  { name: 'crlf', tree: { '.go-version': '1.21.13\r\n' }, current: 'go1.21.13' },
  { name: 'bom', tree: { '.go-version': '\ufeff1.21.13\n' }, current: 'go1.21.13' },
  { name: 'bom-crlf-gomod', tree: { 'go.mod': '\ufeffmodule x\r\n\r\ngo 1.22.3\r\n' }, current: 'go1.22.5' },
  // a hostile directory name ($PWD itself)
  { name: '$(touch PWNED)', tree: { '.go-version': '1.21.13\n' }, current: 'go1.21.13' },
  { name: '`touch PWNED`;touch PWNED', tree: { '.go-version': 'banana\n' }, warnings: 1 },
  { name: 'deep', tree: { [`${Array.from({ length: 150 }, () => 'd').join('/')}/.keep`]: '' } },
  { name: 'env-cmdsubst', tree: {}, env: { GOSW_VERSION: '$(touch PWNED)' }, warnings: 1 },
  { name: 'env-escape', tree: {}, env: { GOSW_VERSION: '\x1b]0;pwned\x07' }, warnings: 1 },
];

/** The directory a case's shell cds into. */
function caseDir(base: string, c: Case): string {
  return c.name === 'deep' ? path.join(base, c.name, ...Array.from({ length: 150 }, () => 'd')) : path.join(base, c.name);
}

/** Every path under root whose name contains PWNED. */
function findPwned(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e);
      if (e === 'PWNED' || e.startsWith('PWNED')) found.push(p);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p);
    }
  };
  walk(root);
  return found;
}

const hookScript = (init: string, dir: string) =>
  [
    `source ${q(init)}`,
    `cd -- ${q(dir)} || exit 97`,
    '_gosw_hook; _gosw_hook; _gosw_hook',
    `printf '@@CUR=%s@@\\n' "\${GOSW_CURRENT-none}"`,
    `echo ALIVE`,
  ].join('\n');

describe('hostile version files and directories', () => {
  let sb: ShellSandbox;
  let base: string;
  const inits: Partial<Record<ShellName, string>> = {};

  beforeAll(() => {
    sb = makeShellSandbox();
    assertCleanAncestors(sb.root);
    base = path.join(sb.work, 'hostile');
    writeTree(base, { '.go-version': '1.20.14\n' });
    for (const c of CASES) {
      mkdirSync(path.join(base, c.name), { recursive: true });
      writeTree(path.join(base, c.name), c.tree);
    }
    for (const s of SHELL_NAMES) inits[s] = writeInit(path.join(sb.root, 'init'), s);
  });
  afterAll(() => {
    if (process.env.GOSW_TEST_KEEP === '1') console.log(`kept ${sb?.root}`);
    else sb?.remove();
  });

  describe.each(SHELL_NAMES)('%s (non-interactive, _gosw_hook three times)', (shell) => {
    const results = new Map<string, ShellRun>();
    beforeAll(async () => {
      await pool(CASES, 4, async (c) => {
        const r = await runShell(shell, hookScript(inits[shell]!, caseDir(base, c)), {
          env: sb.env(c.env),
          cwd: sb.work,
          scriptDir: path.join(sb.root, 'scripts'),
          timeoutMs: 5000,
          name: 'hostile',
        });
        results.set(c.name, r);
      });
    }, 120_000);

    it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      const r = results.get(c.name)!;
      const why = `stdout:\n${r.stdout}\nstderr:\n${JSON.stringify(r.stderr)}`;
      // (how long a prompt may take is the 'prompt cost' tests' business; this is about hanging)
      expect(r.timedOut, `the prompt hung (killed after 5 s); ${why}`).toBe(false);
      expect(r.code, why).toBe(0);
      // the shell is still usable after the hook, and picked what it should
      expect(r.stdout, why).toBe(`@@CUR=${c.current ?? FALLBACK}@@\nALIVE\n`);
      // each invalid file warns once, not once per prompt; nothing else on stderr
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect(
        lines.filter((l) => !l.startsWith('gosw: ')),
        why,
      ).toEqual([]);
      expect(goswLines(r.stderr), why).toHaveLength(c.warnings ?? 0);
      for (const l of goswLines(r.stderr)) {
        expect(l, 'a warning holds no control characters').not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
        expect(l.length, 'a warning is short').toBeLessThan(400);
        expect(l).toMatch(/^gosw: ignoring .* is not a Go version$/);
      }
    });
  });

  // A directory name with an escape sequence, a newline, DEL or a C1 control (U+009B is CSI) -- a
  // cloned repository can hold one -- reaches the messages with each control character replaced
  // by `?`: one line each, nothing for the terminal to interpret. In the user's locale, UTF-8 or C.
  const NAME_CASES = SHELL_NAMES.flatMap((shell) => (['C.UTF-8', 'C'] as const).map((locale) => [shell, locale] as const));
  for (const [shell, locale] of NAME_CASES) {
    // zsh in the C locale once left a UTF-8 C1 control (U+009B) in place; __gosw_safe now works on bytes.
    const test = it;
    test(`${shell} (${locale}): a hostile directory name cannot put control characters or extra lines into a message`, async () => {
      const dir = path.join(base, `evil-${shell}-${locale}\x1b]0;owned\x07\x1b[2J\nname\x7f\u009b31m`);
      mkdirSync(dir, { recursive: true });
      writeTree(dir, { '.go-version': 'banana\n', 'sub/go.mod': 'module x\ngo 1.22.9\n' });
      const shown = dir.replace(/[\x00-\x1f\x7f-\x9f]/g, '?');
      expect(shown.endsWith(`/evil-${shell}-${locale}?]0;owned??[2J?name??31m`)).toBe(true);
      const script = [`source ${q(inits[shell]!)}`, `cd -- ${q(dir)}`, '_gosw_hook', `cd sub`, '_gosw_hook', 'echo ALIVE'].join('\n');
      const r = await runShell(shell, script, { env: sb.env({ LC_ALL: locale }), cwd: sb.work, scriptDir: path.join(sb.root, 'scripts') });
      expect(r.stdout).toBe('ALIVE\n');
      for (const l of r.stderr.replace(/\n$/, '').split('\n')) {
        // (stderr is decoded as UTF-8: the bytes C2 9B would be U+009B here)
        expect(l, JSON.stringify(l)).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/);
      }
      expect(
        r.stderr.split('\n').filter((l) => l !== ''),
        JSON.stringify(r.stderr),
      ).toEqual([
        `gosw: ignoring ${shown}/.go-version: banana is not a Go version`,
        `gosw: go1.22.9 (from ${shown}/sub/go.mod) is not installed; run: gosw install`,
      ]);
    });
  }

  it.each(SHELL_NAMES)('%s: interactive prompts in hostile directories stay quick, warn once and keep the shell usable', async (shell) => {
    const names = [
      'fifo',
      'fifo-go-mod',
      'cmdsubst',
      'one-megabyte',
      'one-megabyte-non-ascii',
      'long-line-then-version',
      'long-escape-line',
      'symlink-dev-zero',
      'symlink-dev-tty',
      'symlink-proc-kmsg',
      'empty-files',
      '$(touch PWNED)',
      'escape-sequences',
      'deep',
    ];
    const sh = await InteractiveShell.start({
      shell,
      env: sb.env(),
      cwd: sb.work,
      dir: sb.root,
      rc: `source ${q(inits[shell]!)}`,
      stepTimeoutMs: 5000,
    });
    try {
      for (const name of names) {
        const c = CASES.find((x) => x.name === name)!;
        const started = Date.now();
        await sh.run(`cd -- ${q(caseDir(base, c))}`);
        for (let i = 0; i < 3; i++) await sh.run('');
        expect(Date.now() - started, `${name}: four prompts`).toBeLessThan(8000);
        expect(await sh.v('GOSW_CURRENT'), name).toBe(c.current ?? FALLBACK);
        expect(await sh.run('echo "@@ALIVE:$((6*7))@@"'), name).toContain('@@ALIVE:42@@');
      }
      const lines = goswLines(sh.transcript());
      // cmdsubst and escape-sequences warn, once each; the huge and long-line files are skipped silently
      expect(lines.filter((l) => l.includes('/hostile/cmdsubst/'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('/hostile/escape-sequences/'))).toHaveLength(1);
      expect(lines, JSON.stringify(lines)).toHaveLength(2);
      expect(sh.rawTranscript()).not.toContain('\x1b]0;pwned');
    } finally {
      await sh.close();
    }
  });

  // The hook reads at most 16 KiB of a file, so a prompt should cost little whatever the file
  // holds. Measured as the shell's own CPU time (the `times` builtin, before and after each call),
  // so that other processes competing for the CPU do not count: the cheapest of up to five prompts.
  describe('prompt cost stays bounded for large files', () => {
    const realGoMod = `module example.com/big\n\ngo 1.22.3\n\nrequire (\n${Array.from({ length: 400 }, (_, i) => `\tgithub.com/some/dependency${i} v1.2.${i} // indirect\n`).join('')})\n`;
    const PERF: Array<{ name: string; tree: Record<string, TreeEntry>; boundMs: number; current: string }> = [
      // a real-world go.mod of a big project (20 KB, 400 requires): every prompt inside it parses it
      { name: 'big-real-go-mod', tree: { 'go.mod': realGoMod }, boundMs: 50, current: 'go1.22.5' },
      // pathological contents of the 16 KiB that are read: bounded (16 KiB, 256 lines, long lines
      // skipped), so they cost about what a normal file does, not seconds
      { name: 'blank-lines', tree: { '.go-version': '\n'.repeat(16384) }, boundMs: 100, current: FALLBACK },
      { name: 'one-long-line', tree: { '.go-version': 'A'.repeat(16384) }, boundMs: 100, current: FALLBACK },
      { name: 'comment-lines', tree: { 'go.mod': '//\n'.repeat(5462) }, boundMs: 100, current: FALLBACK },
      // hostile files of a megabyte: only their first 16 KiB is read, and their long lines are skipped
      { name: 'megabyte-one-line', tree: { '.go-version': 'A'.repeat(1 << 20) }, boundMs: 100, current: FALLBACK },
      {
        name: 'megabyte-long-lines-tool-versions',
        tree: { '.tool-versions': `golang ${'1'.repeat(5000)}\n`.repeat(200) },
        boundMs: 100,
        current: FALLBACK,
      },
      // non-ASCII: parsed byte by byte under LC_ALL=C at every prompt
      {
        name: 'megabyte-non-ascii-long-lines',
        tree: { 'go.mod': `// ${'\u00e9\u3000\u{1F600}'.repeat(500)}\n`.repeat(250) },
        boundMs: 100,
        current: FALLBACK,
      },
      {
        name: 'non-ascii-short-lines',
        tree: { 'go.mod': `// \u00e9t\u00e9 ${'\u3000'.repeat(10)}\n`.repeat(2000) },
        boundMs: 100,
        current: FALLBACK,
      },
      // a long line in front of the version: skipped, and the version still applies
      {
        name: 'long-lines-then-version',
        tree: { '.go-version': `${`#${'x'.repeat(2000)}\n`.repeat(7)}1.21.13\n` },
        boundMs: 100,
        current: 'go1.21.13',
      },
    ];
    // cd first: in zsh a cd after the init would run the hook once more (chpwd), untimed
    const timing = (init: string, dir: string) =>
      [
        `cd -- ${q(dir)}`,
        `source ${q(init)}`,
        'for __i in 1 2 3 4 5; do',
        `  printf '@@A@@\\n'; times; _gosw_hook 2>/dev/null; printf '@@B@@\\n'; times`,
        'done',
        `printf '@@CUR=%s@@\\n' "\${GOSW_CURRENT-none}"`,
      ].join('\n');
    /** `0m0.524s` → 524 */
    const ms = (t: string) => {
      const m = /^(\d+)m([\d.]+)s$/.exec(t);
      if (!m) throw new Error(`unexpected times output ${t}`);
      return Number(m[1]) * 60_000 + Number(m[2]) * 1000;
    };
    const cpuPerPrompt = (stdout: string) =>
      [...stdout.matchAll(/@@A@@\n(\S+) (\S+)\n[^\n]*\n@@B@@\n(\S+) (\S+)\n/g)].map((m) => ms(m[3]!) + ms(m[4]!) - ms(m[1]!) - ms(m[2]!));
    const jobs = SHELL_NAMES.flatMap((shell) => PERF.map((c) => [shell, c.name, c] as const));
    const runs = new Map<string, ShellRun & { killAfter: number }>();
    beforeAll(async () => {
      await pool(jobs, 4, async ([shell, name, c]) => {
        const dir = path.join(base, 'perf', name);
        mkdirSync(dir, { recursive: true });
        writeTree(dir, c.tree);
        // wall-clock time for at least one prompt at the bound on a busy machine; slower ones are cut short
        const killAfter = 3 * c.boundMs + 1500;
        const r = await runShell(shell, timing(inits[shell]!, dir), {
          env: sb.env(),
          cwd: sb.work,
          scriptDir: path.join(sb.root, 'scripts'),
          timeoutMs: killAfter,
        });
        runs.set(`${shell}:${name}`, { ...r, killAfter });
      });
    }, 60_000);
    it.each(jobs)('%s: %s', (shell, name, c) => {
      const r = runs.get(`${shell}:${name}`)!;
      const times = cpuPerPrompt(r.stdout);
      const shown = `${shell} ${name}: CPU ms per prompt: ${times.map((t) => t.toFixed(0)).join(', ') || `none finished within ${r.killAfter} ms`}`;
      if (process.env.GOSW_TEST_SHOW_TIMES === '1') console.log(shown);
      expect(times.length, shown).toBeGreaterThan(0);
      expect(Math.min(...times), shown).toBeLessThan(c.boundMs);
      if (!r.timedOut) expect(r.stdout).toContain(`@@CUR=${c.current}@@`);
    });
  });

  it('never ran anything from a file: no PWNED anywhere', () => {
    // Runs last in this file (vitest keeps the order): every case above has run in both shells.
    expect(findPwned(sb.root)).toEqual([]);
    expect(existsSync(path.join(REPO_ROOT, 'PWNED'))).toBe(false);
  });
});
