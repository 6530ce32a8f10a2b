/**
 * The prompt-hook scenarios shared by test/e2e/shell-bash.test.ts and shell-zsh.test.ts: each
 * drives a REAL interactive shell on a pty (see pty.ts) whose rc file runs `eval "$(gosw env)"`
 * (the built CLI, through a `gosw` symlink on PATH), exactly as a user's ~/.bashrc / ~/.zshrc would.
 * All state lives in a temp sandbox (HOME, XDG dirs, GOSW_HOME).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { haveTool } from '../tools.js';
import { goVersionLine, makeFakeStore, makeShellSandbox, SYSTEM_GO_LINE, writeTree, type ShellSandbox } from './fixtures.js';
import { InteractiveShell } from './pty.js';
import { CLI, goswLines, q, runShell, writeInit, type ShellName } from './shells.js';

export interface Projects {
  none: string;
  p22: string;
  p22deep: string;
  p22bad: string;
  p21: string;
  p20: string;
  sys: string;
  missing: string;
  missing2: string;
  homeMissing: string;
}

/** The projects most scenarios cd between. */
export function makeProjects(sb: ShellSandbox): Projects {
  const w = sb.work;
  writeTree(w, {
    'none/README': 'no version here\n',
    'p22/go.mod': 'module example.com/p22\n\ngo 1.22.3\n',
    'p22/sub/deeper/x.go': 'package x\n',
    'p22/badsub/.go-version': 'banana\n',
    'p21/.go-version': '1.21.13\n',
    'p20/.tool-versions': 'nodejs 20.11.0\ngolang 1.20\n',
    'sys/.go-version': 'system\n',
    'missing/go.mod': 'module example.com/m\n\ngo 1.22.9\n',
    'missing2/.go-version': '1.19.3\n',
  });
  writeTree(sb.home, { 'proj-missing/go.mod': 'module example.com/hm\n\ngo 1.22.8\n' });
  return {
    none: path.join(w, 'none'),
    p22: path.join(w, 'p22'),
    p22deep: path.join(w, 'p22/sub/deeper'),
    p22bad: path.join(w, 'p22/badsub'),
    p21: path.join(w, 'p21'),
    p20: path.join(w, 'p20'),
    sys: path.join(w, 'sys'),
    missing: path.join(w, 'missing'),
    missing2: path.join(w, 'missing2'),
    homeMissing: path.join(sb.home, 'proj-missing'),
  };
}

/** Fails early (with a clear message) if a version file above the sandbox would leak into the tests. */
export function assertCleanAncestors(dir: string): void {
  let d = path.dirname(dir);
  for (;;) {
    for (const f of ['.go-version', '.tool-versions', 'go.work', 'go.mod']) {
      const p = path.join(d, f);
      if (existsSync(p))
        throw new Error(`${p} exists above the test sandbox: it would change what the hook picks; remove it or set TMPDIR`);
    }
    const up = path.dirname(d);
    if (up === d) return;
    d = up;
  }
}

export interface SuiteContext {
  sb: ShellSandbox;
  pj: Projects;
}

/** The sandbox, projects and a `gosw` on PATH, shared by one test file. */
export function useShellSandbox(): SuiteContext {
  const ctx = {} as SuiteContext;
  beforeAll(() => {
    ctx.sb = makeShellSandbox();
    assertCleanAncestors(ctx.sb.root);
    ctx.pj = makeProjects(ctx.sb);
    // `gosw` on PATH, so the rc file can say `eval "$(gosw env)"` as the README does.
    symlinkSync(CLI, path.join(ctx.sb.sysbin, 'gosw'));
  });
  afterAll(() => {
    if (process.env.GOSW_TEST_KEEP === '1') console.log(`kept ${ctx.sb?.root}`);
    else ctx.sb?.remove();
  });
  return ctx;
}

export interface RcOptions {
  /** rc lines before the eval (the user's own setup). */
  pre?: string;
  /** rc lines after the eval. */
  post?: string;
  /** Evaluate the init twice (a re-sourced rc file). */
  evalTwice?: boolean;
}

export function rcText(o: RcOptions = {}): string {
  const ev = 'eval "$(gosw env)"';
  return [o.pre ?? '', ev, o.evalTwice ? ev : '', o.post ?? ''].join('\n');
}

/** Starts an interactive shell in cwd, runs fn, always closes it. */
export async function withShell(
  shell: ShellName,
  ctx: SuiteContext,
  opts: RcOptions & { cwd?: string; env?: Record<string, string | undefined> },
  fn: (sh: InteractiveShell) => Promise<void>,
): Promise<void> {
  const sh = await InteractiveShell.start({
    shell,
    env: ctx.sb.env(opts.env),
    cwd: opts.cwd ?? ctx.pj.none,
    dir: ctx.sb.root,
    rc: rcText(opts),
  });
  try {
    await fn(sh);
    expect(sh.transcript(), 'no shell error anywhere in the session').not.toMatch(
      /unbound variable|parameter not set|command not found|bad substitution|parse error|syntax error|bad pattern|no matches found|bad math/i,
    );
  } finally {
    await sh.close();
  }
}

/** The `go version` lines a segment holds (the echo of the typed command never matches). */
export function goVersions(seg: string): string[] {
  return seg.split('\n').filter((l) => /^go version go\S+ \S+\/\S+$/.test(l));
}

export async function expectGoVersion(sh: InteractiveShell, line: string): Promise<void> {
  expect(goVersions(await sh.run('go version'))).toEqual([line]);
}

/** A release is active: GOROOT, exactly one gosw PATH entry first and the rest as given, GOTOOLCHAIN, GOSW_CURRENT, go. */
export async function expectActive(
  sh: InteractiveShell,
  ctx: SuiteContext,
  name: string,
  o: { restPath?: string; gotoolchain?: string | undefined } = {},
): Promise<void> {
  const root = path.join(ctx.sb.store, 'versions', name);
  const v = await sh.vars('GOSW_CURRENT', 'GOROOT', 'PATH', 'GOTOOLCHAIN');
  expect(v.GOSW_CURRENT, 'GOSW_CURRENT').toBe(name);
  expect(v.GOROOT, 'GOROOT').toBe(root);
  expect(v.PATH, 'PATH: the gosw entry first, exactly once, the rest unchanged').toBe(`${root}/bin:${o.restPath ?? ctx.sb.basePath}`);
  expect(v.GOTOOLCHAIN, 'GOTOOLCHAIN').toBe('gotoolchain' in o ? o.gotoolchain : 'local');
  await expectGoVersion(sh, goVersionLine(name));
}

/** Nothing gosw-made is active: the variables are what they were before gosw touched them. */
export async function expectInactive(
  sh: InteractiveShell,
  ctx: SuiteContext,
  o: { path?: string; goroot?: string; gotoolchain?: string } = {},
): Promise<void> {
  const v = await sh.vars('GOSW_CURRENT', 'GOROOT', 'PATH', 'GOTOOLCHAIN', '_GOSW_PATH_ENTRY', 'GOCACHE', '_GOSW_SET_GOCACHE');
  expect(v.GOSW_CURRENT, 'GOSW_CURRENT').toBeUndefined();
  expect(v.GOCACHE, 'GOCACHE: unset, as before the init').toBeUndefined();
  expect(v._GOSW_SET_GOCACHE, '_GOSW_SET_GOCACHE').toBeUndefined();
  expect(v._GOSW_PATH_ENTRY, '_GOSW_PATH_ENTRY').toBeUndefined();
  expect(v.GOROOT, 'GOROOT').toBe(o.goroot);
  expect(v.GOTOOLCHAIN, 'GOTOOLCHAIN').toBe(o.gotoolchain);
  expect(v.PATH, 'PATH restored exactly').toBe(o.path ?? ctx.sb.basePath);
  await expectGoVersion(sh, SYSTEM_GO_LINE);
}

/** `gosw: go1.22.9 (from ~/x/go.mod) is not installed; run: gosw install` */
export function missingLine(name: string, from: string): string {
  return `gosw: ${name} (from ${from}) is not installed; run: gosw install`;
}

function count(lines: string[], line: string): number {
  return lines.filter((l) => l === line).length;
}

/** Expected GOCACHE scope, read from /etc/os-release independently of src/. */
function osReleaseScope(): string | undefined {
  try {
    const kv = Object.fromEntries(
      readFileSync('/etc/os-release', 'utf8')
        .split('\n')
        .map((l) => l.split('='))
        .filter((p) => p.length >= 2)
        .map(([k, ...v]) => [k, v.join('=').replace(/^["']|["']$/g, '')]),
    ) as Record<string, string>;
    if (!kv.ID) return undefined;
    return `${kv.ID}${kv.VERSION_ID ? `-${kv.VERSION_ID}` : ''}`
      .replace(/[^A-Za-z0-9._-]/g, '_')
      .replace(/^\./, '_')
      .slice(0, 64);
  } catch {
    return undefined;
  }
}

/** The scenarios both shells must pass. */
export function commonScenarios(shell: ShellName, ctx: SuiteContext): void {
  it('switches on cd (go, GOROOT, PATH, GOTOOLCHAIN, GOSW_CURRENT) and restores everything on leave', async () => {
    const { pj } = ctx;
    await withShell(shell, ctx, {}, async (sh) => {
      await expectInactive(sh, ctx);
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, ctx, 'go1.22.5');
      // a subdirectory: same version, no second PATH entry
      await sh.run(`cd ${q(pj.p22deep)}`);
      await expectActive(sh, ctx, 'go1.22.5');
      // switch: the entry is replaced, not added
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`cd ${q(pj.p20)}`);
      await expectActive(sh, ctx, 'go1.20.14');
      // leave: back to exactly what the shell had
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx);
      // `system` is a way of leaving too
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`cd ${q(pj.sys)}`);
      await expectInactive(sh, ctx);
      // PATH changes the user makes while a version is active survive leaving; only the gosw entry goes
      await sh.run(`cd ${q(pj.p22)}`);
      await sh.run(`export PATH="$PATH:/opt/extra"`);
      await expectActive(sh, ctx, 'go1.22.5', { restPath: `${ctx.sb.basePath}:/opt/extra` });
      await sh.run(`cd /`);
      await expectInactive(sh, ctx, { path: `${ctx.sb.basePath}:/opt/extra` });
      // several prompts in a row change nothing
      for (let i = 0; i < 3; i++) await sh.run('');
      await expectInactive(sh, ctx, { path: `${ctx.sb.basePath}:/opt/extra` });
    });
  });

  it("restores the user's own GOROOT and GOTOOLCHAIN on leave (set, and set but empty)", async () => {
    const { pj } = ctx;
    await withShell(shell, ctx, { pre: 'export GOROOT=/opt/user-go GOTOOLCHAIN=auto' }, async (sh) => {
      await expectInactive(sh, ctx, { goroot: '/opt/user-go', gotoolchain: 'auto' });
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, ctx, 'go1.22.5');
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx, { goroot: '/opt/user-go', gotoolchain: 'auto' });
      // not installed also leaves
      await sh.run(`cd ${q(pj.p21)}`);
      await sh.run(`cd ${q(pj.missing)}`);
      await expectInactive(sh, ctx, { goroot: '/opt/user-go', gotoolchain: 'auto' });
    });
    await withShell(shell, ctx, { pre: 'export GOTOOLCHAIN=; unset GOROOT' }, async (sh) => {
      await expectInactive(sh, ctx, { gotoolchain: '' });
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx, { gotoolchain: '' });
      // and the values are exported again, not just shell variables
      const seg = await sh.run(`env | grep -E '^(GOROOT|GOTOOLCHAIN)=' | sed 's/^/@@ENV:/'`);
      expect(seg.split('\n').filter((l) => l.startsWith('@@ENV:'))).toEqual(['@@ENV:GOTOOLCHAIN=']);
    });
  });

  it('GOCACHE: the per-distro dir (mode 0700) while a version is active, unset again outside, as before the init', async () => {
    const { pj, sb } = ctx;
    const scope = osReleaseScope() ?? 'unknown';
    const dir = path.join(sb.xdgCache, 'gosw', 'go-build', scope);
    await withShell(shell, ctx, { pre: 'umask 022' }, async (sh) => {
      expect(await sh.v('GOCACHE'), 'outside a project: as before the init').toBeUndefined();
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      await sh.run(`cd ${q(pj.p22)}`);
      expect(await sh.v('GOCACHE')).toBe(dir);
      await sh.run(`cd ${q(pj.p21)}`);
      expect(await sh.v('GOCACHE')).toBe(dir);
      let seg = await sh.run(`env | grep '^GOCACHE=' | sed 's/^/@@ENV:/'`);
      expect(seg).toContain(`@@ENV:GOCACHE=${dir}\n`);
      await sh.run(`cd ${q(pj.none)}`);
      expect(await sh.v('GOCACHE')).toBeUndefined();
      // the TypeScript twin (gosw exec) picks the same directory
      seg = await sh.run(`gosw exec 1.22.5 -- sh -c 'printf "@@TS=%s@@\\n" "$GOCACHE"'`);
      expect(seg).toContain(`@@TS=${dir}@@`);
    });
    // Variants, non-interactively, in a project: HOME/.cache without XDG_CACHE_HOME; a WSL distro;
    // GOSW_GOCACHE=off/inherit; a GOCACHE of the user's on this (native) disk, kept.
    const init = writeInit(path.join(sb.root, 'init'), shell);
    const probe = `source ${q(init)}\n_gosw_hook\nprintf '@@%s@@\\n' "\${GOCACHE-<unset>}"\n`;
    const mine = path.join(sb.root, 'my-gocache');
    const cases: Array<[Record<string, string | undefined>, string | RegExp]> = [
      [{ XDG_CACHE_HOME: undefined }, path.join(sb.home, '.cache', 'gosw', 'go-build', scope)],
      [{ WSL_DISTRO_NAME: 'Ubuntu 22.04' }, new RegExp(`^${path.join(sb.xdgCache, 'gosw', 'go-build')}/(wsl-)?Ubuntu_22\\.04$`)],
      [{ GOSW_GOCACHE: 'off' }, '<unset>'],
      [{ GOSW_GOCACHE: 'off', GOCACHE: '/mine' }, '/mine'],
      [{ GOSW_GOCACHE: 'inherit', GOCACHE: '/mine' }, '/mine'],
      [{ GOCACHE: mine }, mine],
    ];
    for (const [extra, want] of cases) {
      const r = await runShell(shell, probe, { env: sb.env(extra), cwd: pj.p22, scriptDir: path.join(sb.root, 'scripts') });
      expect(r.stderr, JSON.stringify(extra)).toBe('');
      const got = /^@@(.*)@@\n$/.exec(r.stdout)?.[1];
      if (typeof want === 'string') expect(got, JSON.stringify(extra)).toBe(want);
      else expect(got, JSON.stringify(extra)).toMatch(want);
      if (got?.startsWith(sb.root) && got !== mine) expect(statSync(got).mode & 0o777, got).toBe(0o700);
    }
  });

  it('a GOCACHE the user set: kept when it is on a native disk; replaced in projects when it is not usable, said once, restored exactly when leaving', async () => {
    const { pj, sb } = ctx;
    const scope = osReleaseScope() ?? 'unknown';
    const dir = path.join(sb.xdgCache, 'gosw', 'go-build', scope);
    const mine = path.join(sb.root, 'my native gocache');
    await withShell(shell, ctx, { pre: `export GOCACHE=${q(mine)}` }, async (sh) => {
      for (const where of [pj.none, pj.p22, pj.p21, pj.none, pj.p22, pj.none]) {
        await sh.run(`cd ${q(where)}`);
        expect(await sh.v('GOCACHE'), where).toBe(mine);
      }
      expect(goswLines(sh.transcript())).toEqual([]);
    });
    // A relative GOCACHE says nothing about its filesystem (and go refuses it): replaced while a
    // version is active, with one line for the whole shell, and given back byte for byte.
    const rel = 'rel gocache/x';
    await withShell(shell, ctx, { pre: `export GOCACHE=${q(rel)}` }, async (sh) => {
      for (const [where, want] of [
        [pj.none, rel],
        [pj.p22, dir],
        [pj.none, rel],
        [pj.p21, dir],
        [pj.p22, dir],
        [pj.none, rel],
      ] as const) {
        await sh.run(`cd ${q(where)}`);
        expect(await sh.v('GOCACHE'), where).toBe(want);
      }
      const seg = await sh.run(`env | grep '^GOCACHE=' | sed 's/^/@@ENV:/'`);
      expect(seg, 'still exported').toContain(`@@ENV:GOCACHE=${rel}\n`);
      expect(goswLines(sh.transcript())).toEqual([
        `gosw: your GOCACHE=${rel} is not an absolute path without . or ..; gosw uses a per-distro cache instead`,
      ]);
    });
    // Set but empty (go's default): replaced in projects silently, set-but-empty again outside.
    await withShell(shell, ctx, { pre: 'export GOCACHE=' }, async (sh) => {
      await sh.run(`cd ${q(pj.p22)}`);
      expect(await sh.v('GOCACHE')).toBe(dir);
      await sh.run(`cd ${q(pj.none)}`);
      const seg = await sh.run(`if [ -n "\${GOCACHE+x}" ]; then echo "@@SET:\${GOCACHE}@@"; else echo "@@UNSET@@"; fi`);
      expect(seg).toContain('@@SET:@@');
      expect(goswLines(sh.transcript())).toEqual([]);
    });
  });

  it('a second eval (at startup, and again inside a project) registers nothing twice and keeps the state', async () => {
    const { pj } = ctx;
    const pre =
      shell === 'bash'
        ? `__user_pc() { __user_runs=$((__user_runs+1)); }\nPROMPT_COMMAND='__user_pc'`
        : `__user_pc() { __user_runs=$((__user_runs+1)); }\nprecmd_functions=(__user_pc)`;
    await withShell(shell, ctx, { pre, evalTwice: true }, async (sh) => {
      if (shell === 'bash') {
        expect(await sh.v('PROMPT_COMMAND')).toBe('_gosw_hook;__user_pc');
      } else {
        const v = await sh.vars('precmd_functions', 'chpwd_functions');
        expect(v.precmd_functions!.split(' ').filter((f) => f === '_gosw_hook')).toHaveLength(1);
        expect(v.precmd_functions!.split(' ')).toContain('__user_pc');
        expect(v.chpwd_functions).toBe('_gosw_hook');
      }
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, ctx, 'go1.22.5');
      // the user re-sources the rc file inside a project
      await sh.run('eval "$(gosw env)"');
      await expectActive(sh, ctx, 'go1.22.5');
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      if (shell === 'bash') expect(await sh.v('PROMPT_COMMAND')).toBe('_gosw_hook;__user_pc');
      else expect((await sh.v('precmd_functions'))!.split(' ').filter((f) => f === '_gosw_hook')).toHaveLength(1);
      // leaving still restores the state from before the first activation
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx);
      // the one-time notices survive a re-eval
      await sh.run(`cd ${q(pj.missing)}`);
      await sh.run(`cd ${q(pj.none)}`);
      await sh.run('eval "$(gosw env)"');
      await sh.run(`cd ${q(pj.missing)}`);
      await sh.run('');
      expect(count(goswLines(sh.transcript()), missingLine('go1.22.9', path.join(pj.missing, 'go.mod')))).toBe(1);
      // the user's entry ran at every prompt (once per prompt, not twice)
      // (between two reads: the prompts after `__q` and its `__m`, then twice `:` and `__m`)
      const before = Number(await sh.v('__user_runs'));
      await sh.run('');
      await sh.run('');
      expect(Number(await sh.v('__user_runs')) - before).toBe(6);
      expect(before).toBeGreaterThan(10);
    });
  });

  it("preserves $? and the user's own prompt hook still runs, sees the status and the switched environment", async () => {
    const { pj } = ctx;
    // The user's hook logs "status:GOSW_CURRENT," at every prompt; each step below resets the log on
    // its command line, so the log holds that line's prompt and then the marker line's prompt.
    const body = `__user_log+="$?:\${GOSW_CURRENT-none},"; __user_runs=$((__user_runs+1))`;
    const pre =
      shell === 'bash' ? `__user_pc() { ${body}; }\nPROMPT_COMMAND='__user_pc'` : `__user_pc() { ${body}; }\nprecmd_functions=(__user_pc)`;
    await withShell(shell, ctx, { pre }, async (sh) => {
      let seg = await sh.run('__user_log=; false');
      expect(seg).toContain('[ps:1]');
      expect(await sh.v('__user_log')).toBe('1:none,0:none,');
      seg = await sh.run('__user_log=; (exit 7)');
      expect(seg).toContain('[ps:7]');
      expect(await sh.v('__user_log')).toBe('7:none,0:none,');
      // also across a switching prompt, and a leaving one
      seg = await sh.run(`__user_log=; cd ${q(pj.p22)}; (exit 3)`);
      expect(seg).toContain('[ps:3]');
      expect(await sh.v('__user_log')).toBe('3:go1.22.5,0:go1.22.5,');
      seg = await sh.run(`__user_log=; cd ${q(pj.none)}; (exit 4)`);
      expect(seg).toContain('[ps:4]');
      expect(await sh.v('__user_log')).toBe('4:none,0:none,');
      // and across a prompt that prints a notice
      seg = await sh.run(`__user_log=; cd ${q(pj.missing)}; (exit 9)`);
      expect(seg).toContain('[ps:9]');
      expect(await sh.v('__user_log')).toBe('9:none,0:none,');
      expect(Number(await sh.v('__user_runs'))).toBeGreaterThan(10);
    });
    // The hook itself returns the status it was called with (what a following string-form
    // PROMPT_COMMAND entry sees), also when it switches.
    const init = writeInit(path.join(ctx.sb.root, 'init'), shell);
    const script = [
      `source ${q(init)}`,
      `(exit 5); _gosw_hook; echo "@@a=$?@@"`,
      `cd ${q(pj.p22)}; (exit 6); _gosw_hook; echo "@@b=$?@@ \${GOSW_CURRENT-}"`,
      `cd ${q(pj.missing)}; (exit 7); _gosw_hook 2>/dev/null; echo "@@c=$?@@"`,
      `cd ${q(pj.p22bad)}; (exit 8); _gosw_hook 2>/dev/null; echo "@@d=$?@@"`,
      `cd /; false; _gosw_hook; echo "@@e=$?@@"`,
    ].join('\n');
    const r = await runShell(shell, script, { env: ctx.sb.env(), cwd: pj.none, scriptDir: path.join(ctx.sb.root, 'scripts') });
    expect(r.stdout).toBe('@@a=5@@\n@@b=6@@ go1.22.5\n@@c=7@@\n@@d=8@@\n@@e=1@@\n');
  });

  it("the user's prompt hook sees a switch that did not come from cd, at the very next prompt", async () => {
    const { pj } = ctx;
    const fn = `__user_pc() { __user_log+="\${GOSW_CURRENT-none},"; }`;
    const pre = shell === 'bash' ? `${fn}\nPROMPT_COMMAND='__user_pc'` : `${fn}\nprecmd_functions=(__user_pc)`;
    await withShell(shell, ctx, { pre, cwd: pj.p22 }, async (sh) => {
      await expectActive(sh, ctx, 'go1.22.5');
      // two prompts follow: the one after this line, and the one after the marker line
      await sh.run('export GOSW_VERSION=1.21.13; __user_log=');
      expect(await sh.v('__user_log')).toBe('go1.21.13,go1.21.13,');
      await sh.run('unset GOSW_VERSION; __user_log=');
      expect(await sh.v('__user_log')).toBe('go1.22.5,go1.22.5,');
    });
  });

  it('gosw shell <spec> overrides the version files in this shell; gosw shell --unset gives them back', async () => {
    const { pj } = ctx;
    await withShell(shell, ctx, { cwd: pj.p22 }, async (sh) => {
      await expectActive(sh, ctx, 'go1.22.5');
      let seg = await sh.run('gosw shell 1.21; echo "@@rc=$?@@"');
      expect(seg).toContain('@@rc=0@@');
      expect(await sh.v('GOSW_VERSION')).toBe('1.21');
      await expectActive(sh, ctx, 'go1.21.13');
      // GOSW_VERSION wins over the files of any directory
      await sh.run(`cd ${q(pj.p20)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`cd ${q(pj.none)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`cd ${q(pj.p20)}`);
      seg = await sh.run('gosw shell --unset; echo "@@rc=$?@@"');
      expect(seg).toContain('@@rc=0@@');
      expect(await sh.v('GOSW_VERSION')).toBeUndefined();
      await expectActive(sh, ctx, 'go1.20.14');
      // a bad spec: an error, a non-zero status, nothing changed
      seg = await sh.run('gosw shell banana; echo "@@rc=$?@@"');
      expect(seg).toMatch(/@@rc=[1-9][0-9]*@@/);
      expect(seg).toMatch(/banana/);
      expect(await sh.v('GOSW_VERSION')).toBeUndefined();
      await expectActive(sh, ctx, 'go1.20.14');
      // a version that is not installed: said once, and the shell's own go is back
      seg = await sh.run('gosw shell 1.19.3');
      expect(goswLines(seg)).toEqual([missingLine('go1.19.3', 'GOSW_VERSION')]);
      await expectInactive(sh, ctx);
      await sh.run('gosw shell go1.20');
      await expectActive(sh, ctx, 'go1.20');
      await sh.run('gosw shell --unset');
      await expectActive(sh, ctx, 'go1.20.14');
    });
  });

  it('says "not installed" exactly once per (source, version), and falls back to the shell\'s own go', async () => {
    const { pj } = ctx;
    const mod = path.join(pj.missing, 'go.mod');
    await withShell(shell, ctx, {}, async (sh) => {
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, ctx, 'go1.22.5');
      let seg = await sh.run(`cd ${q(pj.missing)}`);
      expect(goswLines(seg)).toEqual([missingLine('go1.22.9', mod)]);
      await expectInactive(sh, ctx);
      // more prompts, leaving and coming back: nothing more
      for (let i = 0; i < 3; i++) expect(goswLines(await sh.run(''))).toEqual([]);
      await sh.run(`cd ${q(pj.none)}`);
      seg = await sh.run(`cd ${q(pj.missing)}`);
      expect(goswLines(seg)).toEqual([]);
      // another source for another version: said once
      seg = await sh.run(`cd ${q(pj.missing2)}`);
      expect(goswLines(seg)).toEqual([missingLine('go1.19.3', path.join(pj.missing2, '.go-version'))]);
      // the same source asking for another version: said once
      writeFileSync(mod, 'module example.com/m\n\ngo 1.22.8\n');
      try {
        seg = await sh.run(`cd ${q(pj.missing)}`);
        expect(goswLines(seg)).toEqual([missingLine('go1.22.8', mod)]);
      } finally {
        writeFileSync(mod, 'module example.com/m\n\ngo 1.22.9\n');
      }
      // a source under HOME is shown with ~
      seg = await sh.run(`cd ${q(pj.homeMissing)}`);
      expect(goswLines(seg)).toEqual([missingLine('go1.22.8', '~/proj-missing/go.mod')]);
      await sh.run('');
      await sh.run(`cd ${q(pj.none)}`);
      const all = goswLines(sh.transcript());
      expect(all).toEqual([
        missingLine('go1.22.9', mod),
        missingLine('go1.19.3', path.join(pj.missing2, '.go-version')),
        missingLine('go1.22.8', mod),
        missingLine('go1.22.8', '~/proj-missing/go.mod'),
      ]);
    });
  });

  it('warns once per (file, content) about an invalid version file, then ignores it and keeps looking up', async () => {
    const { pj } = ctx;
    const bad = path.join(pj.p22bad, '.go-version');
    const warn = (content: string) => `gosw: ignoring ${bad}: ${content} is not a Go version`;
    await withShell(shell, ctx, {}, async (sh) => {
      const seg = await sh.run(`cd ${q(pj.p22bad)}`);
      expect(goswLines(seg)).toEqual([warn('banana')]);
      // the go.mod one level up applies
      await expectActive(sh, ctx, 'go1.22.5');
      for (let i = 0; i < 3; i++) expect(goswLines(await sh.run(''))).toEqual([]);
      await sh.run(`cd ${q(pj.none)}`);
      expect(goswLines(await sh.run(`cd ${q(pj.p22bad)}`))).toEqual([]);
      // new content: warned once more
      writeFileSync(bad, 'cherry\n');
      try {
        expect(goswLines(await sh.run(''))).toEqual([warn('cherry')]);
        expect(goswLines(await sh.run(''))).toEqual([]);
      } finally {
        writeFileSync(bad, 'banana\n');
      }
      // an invalid GOSW_VERSION: warned once, the files apply
      const seg2 = await sh.run('export GOSW_VERSION=not-a-version');
      expect(goswLines(seg2)).toEqual(['gosw: ignoring GOSW_VERSION: not-a-version is not a Go version']);
      await expectActive(sh, ctx, 'go1.22.5');
      await sh.run('unset GOSW_VERSION');
      expect(goswLines(sh.transcript())).toEqual([
        warn('banana'),
        warn('cherry'),
        'gosw: ignoring GOSW_VERSION: not-a-version is not a Go version',
      ]);
    });
  });

  it('GOSW_GOTOOLCHAIN=keep leaves GOTOOLCHAIN alone (set or unset)', async () => {
    const { pj } = ctx;
    await withShell(shell, ctx, { pre: 'export GOSW_GOTOOLCHAIN=keep GOTOOLCHAIN=auto' }, async (sh) => {
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, ctx, 'go1.22.5', { gotoolchain: 'auto' });
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13', { gotoolchain: 'auto' });
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx, { gotoolchain: 'auto' });
    });
    await withShell(shell, ctx, { pre: 'export GOSW_GOTOOLCHAIN=keep; unset GOTOOLCHAIN' }, async (sh) => {
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, ctx, 'go1.22.5', { gotoolchain: undefined });
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx);
    });
  });

  it('GOSW_GOTOOLCHAIN=keep set while a version is active: leaving still restores GOTOOLCHAIN (the hook remembers it set it)', async () => {
    const { pj } = ctx;
    await withShell(shell, ctx, { pre: 'export GOTOOLCHAIN=auto', cwd: pj.p22 }, async (sh) => {
      await expectActive(sh, ctx, 'go1.22.5');
      await sh.run('export GOSW_GOTOOLCHAIN=keep');
      // keep: from now on the hook does not set it, so a switch leaves the value it has
      await expectActive(sh, ctx, 'go1.22.5', { gotoolchain: 'local' });
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13', { gotoolchain: 'local' });
      // but the `local` is gosw's: leaving gives the user's value back
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx, { gotoolchain: 'auto' });
      // with keep from the start of an activation, a value the user sets is theirs and survives leaving
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, ctx, 'go1.22.5', { gotoolchain: 'auto' });
      await sh.run('export GOTOOLCHAIN=go1.22.5+auto');
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx, { gotoolchain: 'go1.22.5+auto' });
      // keep taken back while active: the next activation sets it again, and leaving restores it
      await sh.run(`cd ${q(pj.p22)}`);
      await sh.run('unset GOSW_GOTOOLCHAIN');
      await expectActive(sh, ctx, 'go1.22.5', { gotoolchain: 'go1.22.5+auto' });
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx, { gotoolchain: 'go1.22.5+auto' });
    });
    // unset before: unset (and not exported) again after
    await withShell(shell, ctx, { pre: 'unset GOTOOLCHAIN', cwd: pj.p22 }, async (sh) => {
      await expectActive(sh, ctx, 'go1.22.5');
      await sh.run('export GOSW_GOTOOLCHAIN=keep');
      await sh.run(`cd ${q(pj.p20)}`);
      await expectActive(sh, ctx, 'go1.20.14');
      await sh.run(`cd ${q(pj.sys)}`);
      await expectInactive(sh, ctx);
      const seg = await sh.run(`env | grep -E '^GOTOOLCHAIN=' | sed 's/^/@@ENV:/'`);
      expect(seg.split('\n').filter((l) => l.startsWith('@@ENV:'))).toEqual([]);
    });
  });

  it('a PATH entry the user puts in front while a version is active stays in front; only a version change re-activates', async () => {
    const { pj, sb } = ctx;
    // the user's directory has a go of its own: their choice must win until the version changes
    const mine = path.join(sb.root, `mine-${shell}`, 'bin');
    mkdirSync(mine, { recursive: true });
    writeFileSync(path.join(mine, 'go'), '#!/bin/sh\necho "go version go9.9.9-mine linux/amd64"\n', { mode: 0o755 });
    const root22 = path.join(sb.store, 'versions', 'go1.22.5');
    /** go1.22.5 is still active, but the user's entry is in front of it. */
    const expectMineFirst = async (sh: InteractiveShell, what: string) => {
      const v = await sh.vars('PATH', 'GOROOT', 'GOSW_CURRENT', 'GOTOOLCHAIN', '_GOSW_PATH_ENTRY');
      expect(v, what).toEqual({
        PATH: `${mine}:${root22}/bin:${sb.basePath}`,
        GOROOT: root22,
        GOSW_CURRENT: 'go1.22.5',
        GOTOOLCHAIN: 'local',
        _GOSW_PATH_ENTRY: `${root22}/bin`,
      });
      expect(goVersions(await sh.run('go version')), what).toEqual(['go version go9.9.9-mine linux/amd64']);
    };
    await withShell(shell, ctx, { cwd: pj.p22 }, async (sh) => {
      await expectActive(sh, ctx, 'go1.22.5');
      await sh.run(`export PATH=${q(mine)}:"$PATH"`);
      await expectMineFirst(sh, 'right after');
      for (let i = 0; i < 3; i++) await sh.run('');
      await expectMineFirst(sh, 'after more prompts');
      // same version from a subdirectory, or from another file: nothing moves
      await sh.run(`cd ${q(pj.p22deep)}`);
      await expectMineFirst(sh, 'in a subdirectory');
      await sh.run(`cd ${q(pj.p22bad)}`);
      await expectMineFirst(sh, 'next to an invalid file');
      // re-sourcing the rc file changes nothing either
      await sh.run('eval "$(gosw env)"');
      await sh.run('');
      await expectMineFirst(sh, 'after a second eval');
      // a version change re-activates: the gosw entry is replaced and goes in front again
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13', { restPath: `${mine}:${sb.basePath}` });
      // leaving removes only the gosw entry: the user's stays where it is
      await sh.run(`cd ${q(pj.none)}`);
      const v = await sh.vars('PATH', 'GOSW_CURRENT', 'GOROOT');
      expect(v).toEqual({ PATH: `${mine}:${sb.basePath}`, GOSW_CURRENT: undefined, GOROOT: undefined });
      expect(goVersions(await sh.run('go version'))).toEqual(['go version go9.9.9-mine linux/amd64']);
    });
  });

  it('in a directory reached through a symlink, the hook and `gosw current` agree (both walk the logical $PWD)', async () => {
    const { sb } = ctx;
    const base = path.join(sb.work, `links-${shell}`);
    writeTree(base, {
      'code/.go-version': '1.21.13\n',
      'code/proj/sub/.keep': '',
      'top/.go-version': '1.20.14\n',
      'top/link': { symlink: '../code/proj' },
      'top/mod/go.mod': 'module m\ngo 1.22.3\n',
      'top/modlink': { symlink: 'mod' },
    });
    const current = async (sh: InteractiveShell) => (await sh.run('gosw current')).split('\n').filter((l) => /^go1\.\S+ \(from /.test(l));
    await withShell(shell, ctx, {}, async (sh) => {
      await sh.run(`cd ${q(path.join(base, 'top/link/sub'))}`);
      await expectActive(sh, ctx, 'go1.20.14');
      expect(await current(sh)).toEqual([`go1.20.14 (from ${path.join(base, 'top/.go-version')})`]);
      // `cd ..` goes back through the link, as the walk does
      await sh.run('cd ..');
      await expectActive(sh, ctx, 'go1.20.14');
      expect(await current(sh)).toEqual([`go1.20.14 (from ${path.join(base, 'top/.go-version')})`]);
      // the physical directory: the file above the link's target
      await sh.run('cd -P sub');
      expect(await sh.v('PWD')).toBe(path.join(base, 'code/proj/sub'));
      await expectActive(sh, ctx, 'go1.21.13');
      expect(await current(sh)).toEqual([`go1.21.13 (from ${path.join(base, 'code/.go-version')})`]);
      // a file in the link's target is named by the logical path
      await sh.run(`cd ${q(path.join(base, 'top/modlink'))}`);
      await expectActive(sh, ctx, 'go1.22.5');
      expect(await current(sh)).toEqual([`go1.22.5 (from ${path.join(base, 'top/modlink/go.mod')})`]);
      expect(await sh.v('__gosw_from')).toBe(path.join(base, 'top/modlink/go.mod'));
    });
  });

  it("a non-ASCII version file is parsed as bytes (LC_ALL=C inside the hook) without changing the shell's own locale", async () => {
    const { sb } = ctx;
    const base = path.join(sb.work, `nonascii-${shell}`);
    writeTree(base, {
      '.go-version': '# caf\u00e9 \u2615 \u{1F600}\n1.21.13 # \u00e9t\u00e9\n',
      'ideographic/.go-version': '1.22.5\u3000\n',
      'nbsp/.tool-versions': 'golang 1.22.5\u00a0\n',
    });
    await withShell(shell, ctx, { cwd: base }, async (sh) => {
      const probe = `__s=$'\\u00e9\\u2615'; __n=\${#__s}`;
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(probe);
      expect(await sh.vars('__n', 'LC_ALL', 'LANG')).toEqual({ __n: '2', LC_ALL: undefined, LANG: 'C.UTF-8' });
      // a Unicode space is no space: invalid (warned once), and the search goes on upwards
      let seg = await sh.run(`cd ${q(path.join(base, 'ideographic'))}`);
      expect(goswLines(seg)).toHaveLength(1);
      expect(goswLines(seg)[0]).toMatch(
        new RegExp(
          `^gosw: ignoring ${path.join(base, 'ideographic/.go-version').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .* is not a Go version$`,
        ),
      );
      await expectActive(sh, ctx, 'go1.21.13');
      seg = await sh.run(`cd ${q(path.join(base, 'nbsp'))}`);
      expect(goswLines(seg)).toHaveLength(1);
      await expectActive(sh, ctx, 'go1.21.13');
      for (let i = 0; i < 2; i++) expect(goswLines(await sh.run(''))).toEqual([]);
      await sh.run(probe);
      expect(await sh.vars('__n', 'LC_ALL', 'LANG')).toEqual({ __n: '2', LC_ALL: undefined, LANG: 'C.UTF-8' });
    });
    // a user's own LC_ALL is kept too
    await withShell(shell, ctx, { pre: 'export LC_ALL=C.UTF-8', cwd: path.join(base, 'ideographic') }, async (sh) => {
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`__s=$'\\u00e9\\u2615'; __n=\${#__s}`);
      expect(await sh.vars('__n', 'LC_ALL')).toEqual({ __n: '2', LC_ALL: 'C.UTF-8' });
      expect(goswLines(sh.transcript())).toHaveLength(1);
    });
  });

  it('uses the global default (<store>/version) where no file applies, and follows `gosw global`', async () => {
    const { pj, sb } = ctx;
    const store2 = path.join(sb.root, `store-global-${shell}`);
    makeFakeStore(store2, ['go1.20.14', 'go1.21.13', 'go1.22.5'], { global: '1.21' });
    const c2 = { ...ctx, sb: { ...sb, store: store2 } };
    await withShell(shell, ctx, { env: { GOSW_HOME: store2 } }, async (sh) => {
      await expectActive(sh, c2, 'go1.21.13');
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, c2, 'go1.22.5');
      await sh.run(`cd ${q(pj.none)}`);
      await expectActive(sh, c2, 'go1.21.13');
      await sh.run('gosw global 1.20');
      expect(readFileSync(path.join(store2, 'version'), 'utf8')).toBe('1.20\n');
      await sh.run('');
      await expectActive(sh, c2, 'go1.20.14');
      await sh.run('gosw global --unset');
      await sh.run('');
      await expectInactive(sh, c2);
      // a global default that is not installed is said once, with its source
      writeFileSync(path.join(store2, 'version'), '1.19\n');
      const seg = await sh.run('');
      expect(goswLines(seg)).toEqual([missingLine('1.19', path.join(store2, 'version'))]);
    });
  });
}

/**
 * Is strace usable here (installed, and ptrace allowed)? A missing strace skips the zero-fork
 * tests, and fails them under CI=1 (haveTool); ptrace refused by the machine still skips.
 */
export function straceUsable(): { ok: boolean; why: string; syscalls: string } {
  if (!haveTool('strace', ['-V'])) return { ok: false, why: 'strace is not installed; apt-get install strace', syscalls: '' };
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=clone,clone3,fork,vfork,execve', '-o', '/dev/null', 'true'], {
    encoding: 'utf8',
  });
  if (r.error)
    return { ok: false, why: `strace is not installed (${(r.error as NodeJS.ErrnoException).code}); apt-get install strace`, syscalls: '' };
  if (r.status === 0) return { ok: true, why: '', syscalls: 'clone,clone3,fork,vfork,execve' };
  const r2 = spawnSync('strace', ['-f', '-qq', '-e', 'trace=clone,fork,vfork,execve', '-o', '/dev/null', 'true'], { encoding: 'utf8' });
  if (r2.status === 0) return { ok: true, why: '', syscalls: 'clone,fork,vfork,execve' };
  return { ok: false, why: `strace cannot trace here: ${(r.stderr || r2.stderr).trim()}`, syscalls: '' };
}

/**
 * Runs the hook under strace in a non-interactive shell, between marker opens, for switching and
 * no-change prompts 12 directories deep; returns the fork/exec syscalls seen in each window.
 */
export async function forkProbe(
  shell: ShellName,
  ctx: SuiteContext,
  syscalls: string,
): Promise<{ windows: Record<string, string[]>; opens: Record<string, string[]>; stdout: string; stderr: string }> {
  const { sb } = ctx;
  const base = path.join(sb.root, `forkprobe-${shell}`);
  const twelve = 'a/b/c/d/e/f/g/h/i/j/k/l';
  writeTree(base, {
    [`mod/${twelve}/.keep`]: '',
    'mod/go.mod': 'module example.com/deep\n\ngo 1.22.3\n',
    [`ver/${twelve}/.keep`]: '',
    'ver/.go-version': 'go1.20\n',
    [`tool/${twelve}/.keep`]: '',
    'tool/.tool-versions': 'nodejs 20\ngolang 1.21\n',
    [`miss/${twelve}/.keep`]: '',
    'miss/go.mod': 'module example.com/miss\n\ngo 1.22.9\n',
    [`bad/${twelve}/.keep`]: '',
    'bad/go.mod': 'module example.com/bad\n\ngo 1.21.0\ntoolchain go1.22.3\n',
    'bad/a/b/c/d/e/f/.go-version': 'banana\n',
    [`none/${twelve}/.keep`]: '',
  });
  const marks = path.join(base, 'marks');
  mkdirSync(marks, { recursive: true });
  const windows = [
    'switch-mod',
    'same-mod',
    'switch-env',
    'same-env',
    'switch-ver',
    'switch-tool',
    'same-tool',
    'missing',
    'same-missing',
    'invalid',
    'same-invalid',
    'leave',
    'same-none',
    'memo-same',
    'memo-switch',
    'control',
  ];
  for (const w of windows) for (const e of ['b', 'e']) writeFileSync(path.join(marks, `${e}-${w}`), '');
  const init = writeInit(path.join(sb.root, 'init'), shell);
  const d = (top: string) => q(path.join(base, top, twelve));
  const win = (name: string, body: string) =>
    `: <${q(path.join(marks, `b-${name}`))}\n${body}\n: <${q(path.join(marks, `e-${name}`))}\nprintf '@@%s=%s@@\\n' ${name} "\${GOSW_CURRENT-none}"`;
  // In zsh a cd also runs the hook (chpwd), so each window is "what a prompt after this costs".
  const script = [
    `source ${q(init)}`,
    `cd ${d('none')}`,
    '_gosw_hook',
    win('switch-mod', `cd ${d('mod')}; _gosw_hook`),
    win('same-mod', '_gosw_hook'),
    win('switch-env', 'export GOSW_VERSION=1.21.13; _gosw_hook'),
    win('same-env', '_gosw_hook'),
    'unset GOSW_VERSION',
    win('switch-ver', `cd ${d('ver')}; _gosw_hook`),
    win('switch-tool', `cd ${d('tool')}; _gosw_hook`),
    win('same-tool', '_gosw_hook'),
    win('missing', `cd ${d('miss')}; _gosw_hook`),
    win('same-missing', '_gosw_hook'),
    win('invalid', `cd ${d('bad')}; _gosw_hook`),
    win('same-invalid', '_gosw_hook'),
    win('leave', `cd ${d('none')}; _gosw_hook`),
    win('same-none', '_gosw_hook'),
    // The memo (shell/memo.sh) answers once its stamp is 2 s old: the same prompts again, answered
    // from it (the sleeps fork, outside any window). A full resolve first, a tick after the walks
    // up to / above (whose directories change while other tests run), so any stamp rewrite they
    // call for happens before the wait.
    `cd ${d('ver')}; _gosw_hook; sleep 0.05; _gosw_hook`,
    'sleep 2.2',
    `cd ${d('ver')}; _gosw_hook; cd ${d('mod')}; _gosw_hook; _gosw_hook`,
    win('memo-same', '_gosw_hook'),
    win('memo-switch', `cd ${d('ver')}; _gosw_hook; cd ${d('mod')}; _gosw_hook`),
    // The control: a window that does fork, so a broken probe cannot pass.
    win('control', '/bin/true'),
  ].join('\n');
  const scriptFile = path.join(base, `probe.${shell}`);
  writeFileSync(scriptFile, `${script}\n`);
  const traceFile = path.join(base, 'trace.txt');
  const argv = shell === 'bash' ? ['bash', '--noprofile', '--norc', scriptFile] : ['zsh', '-f', scriptFile];
  const r = spawnSync('strace', ['-f', '-qq', '-e', `trace=${syscalls},openat`, '-o', traceFile, ...argv], {
    env: sb.env(),
    cwd: base,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`strace run failed (${r.status}): ${r.stderr}`);
  const lines = readFileSync(traceFile, 'utf8').split('\n');
  const out: Record<string, string[]> = {};
  const opens: Record<string, string[]> = {};
  let current: string | undefined;
  const forkRe = new RegExp(`\\b(${syscalls.split(',').join('|')})\\(|<\\.\\.\\. (${syscalls.split(',').join('|')}) resumed>`);
  for (const l of lines) {
    const m = /"[^"]*\/marks\/([be])-([a-z-]+)"/.exec(l);
    if (m) {
      if (m[1] === 'b') {
        current = m[2]!;
        out[current] = [];
        opens[current] = [];
      } else current = undefined;
      continue;
    }
    if (current && forkRe.test(l)) out[current]!.push(l);
    if (current && /openat\(/.test(l)) opens[current]!.push(l);
  }
  for (const w of windows)
    if (!(w in out)) throw new Error(`window ${w} not found in the trace (${traceFile}):\n${lines.slice(0, 50).join('\n')}`);
  return { windows: out, opens, stdout: r.stdout, stderr: r.stderr };
}

/** The zero-fork test, for one shell. */
export function forkScenario(shell: ShellName, ctx: SuiteContext): void {
  const st = straceUsable();
  if (!st.ok) {
    it.skip(`the hook forks nothing (skipped: ${st.why})`, () => {});
    console.warn(`[shell-${shell}] zero-fork test skipped: ${st.why}`);
    return;
  }
  it('the hook never forks or execs: switching and no-change prompts, 12 directories deep, walking or from its memo (strace)', {
    timeout: 30_000,
  }, async () => {
    const { windows, opens, stdout, stderr } = await forkProbe(shell, ctx, st.syscalls);
    // The windows did what they claim (so "no fork" is about real work).
    expect(stdout).toBe(
      [
        'switch-mod=go1.22.5',
        'same-mod=go1.22.5',
        'switch-env=go1.21.13',
        'same-env=go1.21.13',
        'switch-ver=go1.20',
        'switch-tool=go1.21.13',
        'same-tool=go1.21.13',
        'missing=none',
        'same-missing=none',
        'invalid=go1.22.3',
        'same-invalid=go1.22.3',
        'leave=none',
        'same-none=none',
        'memo-same=go1.22.5',
        'memo-switch=go1.22.5',
        'control=go1.22.5',
      ]
        .map((s) => `@@${s}@@\n`)
        .join(''),
    );
    expect(goswLines(stderr)).toHaveLength(2); // the not-installed notice and the invalid-file warning
    expect(windows.control!.length, 'the probe sees a fork+exec of /bin/true').toBeGreaterThanOrEqual(2);
    const { control, ...hook } = windows;
    void control;
    const forks = Object.fromEntries(Object.entries(hook).filter(([, v]) => v.length > 0));
    expect(forks, 'fork/clone/execve syscalls inside the hook').toEqual({});
    // Answered from the memo: no version file was even opened (the full walk reads them).
    expect(opens['memo-same'], 'files opened by a memo answer').toEqual([]);
    expect(opens['memo-switch'], 'files opened by memo answers').toEqual([]);
    expect(
      opens['switch-mod']!.some((l) => l.includes('go.mod')),
      'the probe sees the walk read go.mod',
    ).toBe(true);
  });
}
