/**
 * The bash prompt hook (shell/gosw.bash) in a REAL interactive bash on a pty, set up by an rc file
 * doing `eval "$(gosw env)"`. Shared scenarios: test/helpers/shell/suite.ts. Everything runs in a
 * temp sandbox (HOME, XDG dirs, GOSW_HOME); the real ~/.bashrc and store are never touched.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { q } from '../helpers/shell/shells.js';
import { commonScenarios, expectActive, expectInactive, forkScenario, useShellSandbox, withShell } from '../helpers/shell/suite.js';

const BASH_VERSION = spawnSync('bash', ['-c', 'echo "${BASH_VERSINFO[0]}.${BASH_VERSINFO[1]}"'], { encoding: 'utf8' }).stdout.trim();
const [major = 0, minor = 0] = BASH_VERSION.split('.').map(Number);
const hasArrayPromptCommand = major > 5 || (major === 5 && minor >= 1);

describe('bash prompt hook (interactive, on a pty)', () => {
  const ctx = useShellSandbox();

  commonScenarios('bash', ctx);

  it.skipIf(!hasArrayPromptCommand)('keeps an array PROMPT_COMMAND (bash 5.1+) an array, with gosw first and once', async () => {
    const { pj } = ctx;
    const pre = [
      '__pc1() { __pc1_log+="$?,"; __pc1_runs=$((__pc1_runs+1)); }',
      '__pc2() { __pc2_seen=${GOSW_CURRENT-none}; }',
      'PROMPT_COMMAND=(__pc1 __pc2)',
    ].join('\n');
    const want = 'declare -a PROMPT_COMMAND=([0]="_gosw_hook" [1]="__pc1" [2]="__pc2")';
    await withShell('bash', ctx, { pre, evalTwice: true }, async (sh) => {
      expect(await sh.run('declare -p PROMPT_COMMAND')).toContain(want);
      await sh.run('__pc1_log=; false');
      expect(await sh.v('__pc1_log')).toBe('1,0,');
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, ctx, 'go1.22.5');
      expect(await sh.v('__pc2_seen')).toBe('go1.22.5');
      // re-sourcing the rc inside a project
      await sh.run('eval "$(gosw env)"');
      expect(await sh.run('declare -p PROMPT_COMMAND')).toContain(want);
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx);
      expect(await sh.v('__pc2_seen')).toBe('none');
      expect(Number(await sh.v('__pc1_runs'))).toBeGreaterThan(10);
    });
  });

  it('keeps a string PROMPT_COMMAND with several commands, and an empty one', async () => {
    const { pj } = ctx;
    await withShell('bash', ctx, { pre: `__a() { __a_runs=$((__a_runs+1)); }\nPROMPT_COMMAND='__a; __b_runs=$((__b_runs+1))'` }, async (sh) => {
      expect(await sh.v('PROMPT_COMMAND')).toBe('_gosw_hook;__a; __b_runs=$((__b_runs+1))');
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, ctx, 'go1.22.5');
      const v = await sh.vars('__a_runs', '__b_runs');
      expect(Number(v.__a_runs)).toBeGreaterThan(3);
      expect(v.__b_runs).toBe(v.__a_runs);
    });
    await withShell('bash', ctx, { pre: `PROMPT_COMMAND=''` }, async (sh) => {
      expect(await sh.v('PROMPT_COMMAND')).toBe('_gosw_hook');
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13');
    });
  });

  // The hook is written for `set -u` users (${VAR-} everywhere), but __gosw_norm reads $2, which
  // most callers do not pass: "$2: unbound variable" aborts the hook (and the user's own
  // PROMPT_COMMAND entries after it) at every prompt.
  it('works for a user who runs with set -u (nounset)', async () => {
    const { pj } = ctx;
    await withShell('bash', ctx, { pre: '__after() { __after_runs=$((${__after_runs:-0}+1)); }\nPROMPT_COMMAND=__after', post: 'set -u' }, async (sh) => {
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`cd ${q(pj.p20)}`);
      await expectActive(sh, ctx, 'go1.20.14');
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx);
      expect(Number(await sh.v('__after_runs'))).toBeGreaterThan(5);
    });
  });

  forkScenario('bash', ctx);
});
