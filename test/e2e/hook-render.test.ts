/**
 * The prompt hooks generated/hooks/gosw.bash and gosw.zsh are rendered from one template,
 * shell/hook.sh.in, by scripts/render-hooks.mjs. The committed renderings are the snapshots: they
 * must equal a fresh rendering (the build and the tests' global setup rewrite them, except under
 * CI=1, where only this test and the build check them). The renderer's shell list is the one of
 * src/shell/shells.ts, and a malformed template is refused with its line number.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHELL_ROWS, SHELLS } from '../../src/shell/shells.js';
import { REPO_ROOT } from '../helpers/shell/shells.js';

const RENDERER = path.join(REPO_ROOT, 'scripts', 'render-hooks.mjs');

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
}

/** Runs `expr` (which may use `m`, the renderer module) and returns what it printed as JSON. */
function withRenderer(expr: string): unknown {
  const r = node([
    '--input-type=module',
    '-e',
    `import * as m from ${JSON.stringify(RENDERER)};\ntry { console.log(JSON.stringify(${expr})); } catch (e) { console.log(JSON.stringify({ error: e.message })); }`,
  ]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

function rendering(shell: string): string {
  const r = node([RENDERER, '--print', shell]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('hook rendering (shell/hook.sh.in -> generated/hooks/gosw.bash, generated/hooks/gosw.zsh)', () => {
  it('renders for exactly the shells of src/shell/shells.ts, into their SHELL_ROWS hook files', () => {
    expect(withRenderer('m.HOOK_SHELLS')).toEqual([...SHELLS]);
    expect(withRenderer('m.HOOK_SHELLS.map(m.hookFile)')).toEqual(SHELLS.map((s) => SHELL_ROWS[s].hook));
  });

  for (const shell of SHELLS) {
    it(`the committed ${SHELL_ROWS[shell].hook} equals a fresh rendering (snapshot)`, () => {
      const committed = readFileSync(path.join(REPO_ROOT, SHELL_ROWS[shell].hook), 'utf8');
      expect(committed, `${SHELL_ROWS[shell].hook} is stale: run node scripts/render-hooks.mjs and commit it`).toBe(rendering(shell));
    });

    it(`the ${shell} rendering carries no template syntax, only ${shell} code, and says it is generated`, () => {
      const text = rendering(shell);
      const lines = text.split('\n');
      expect(lines.filter((l) => /\{\{|^\s*@(bash|zsh) |^#(if|else|end|each)\b|^#:/.test(l))).toEqual([]);
      expect(lines[0]).toMatch(/^# shellcheck shell=bash/);
      expect(lines[1]).toMatch(/^# Generated from shell\/hook\.sh\.in by scripts\/render-hooks\.mjs: do not edit/);
      const foreign = shell === 'bash' ? /emulate -L zsh|typeset -g|\$match\[|add-zsh-hook/ : /BASH_REMATCH|mapfile|shopt|PROMPT_COMMAND=/;
      expect(lines.filter((l) => !l.trimStart().startsWith('#') && foreign.test(l))).toEqual([]);
      // The memo checks: both slots, unrolled (8 and 16 paths), indexed the shell's way.
      for (const slot of [0, 1]) expect(text).toContain(`__gosw_memo_fresh${slot}() {`);
      if (shell === 'bash') expect(text).toContain('$z -nt ${__gosw_m1_chk[0]} && $z -nt ${__gosw_m1_chk[1]-} &&');
      else expect(text).toContain('$z -nt ${__gosw_m1_chk[1]} && $z -nt ${__gosw_m1_chk[2]:-$__gosw_m1_chk[1]} &&');
      expect(text).toContain(
        shell === 'bash' ? '${__gosw_m0_chk[15]-} ]] || return 1' : '${__gosw_m0_chk[16]:-$__gosw_m0_chk[1]} ]] || return 1',
      );
    });
  }

  it('--check passes on the committed files', () => {
    const r = node([RENDERER, '--check']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('per-shell blocks, one-line forms, #each and tokens', () => {
    const t = [
      'a {{shell}}',
      '#if bash',
      'b',
      '#else',
      'z',
      '#end',
      '  @zsh only-zsh',
      '#: dropped',
      '#each N in 0 1',
      'n{{N}}',
      '#if zsh',
      '{{g}}x=[{{!}}0]',
      '#end',
      '#end',
      '',
    ].join('\n');
    expect(withRenderer(`[m.render(${JSON.stringify(t)}, 'bash'), m.render(${JSON.stringify(t)}, 'zsh')]`)).toEqual([
      'a bash\nb\nn0\nn1\n',
      'a zsh\nz\n  only-zsh\nn0\ntypeset -g x=[^0]\nn1\ntypeset -g x=[^0]\n',
    ]);
  });

  it.each([
    ['#if bash\nx\n', /:1: #if without #end/],
    ['x\n#end\n', /:2: #end without #if or #each/],
    ['#else\n', /:1: #else without #if/],
    ['#if fish\n#end\n', /:1: #if of an unknown shell 'fish'/],
    ['{{nope}}\n', /:1: unknown token \{\{nope\}\}/],
    ['#each N in 0 1\nx\n', /:1: #each without #end/],
    ['#if bash\n#end bash\n', /:2: malformed directive/],
  ])('refuses a malformed template: %j', (t, re) => {
    const r = withRenderer(`m.render(${JSON.stringify(t)}, 'bash')`) as { error?: string };
    expect(r.error).toMatch(re);
  });
});
