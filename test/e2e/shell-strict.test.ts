/**
 * The prompt hook for users who run their interactive shell in a strict mode: bash `set -u`,
 * `set -e`, `set -eu`, `set -o pipefail` (and all of them), zsh NO_UNSET, ERR_EXIT, PIPE_FAIL (and
 * all of them), set in the rc file BEFORE `eval "$(gosw env)"`, so the init code runs under them
 * too. An "unbound variable" aborts PROMPT_COMMAND at every prompt; under set -e / ERR_EXIT a
 * hook returning non-zero closes the terminal.
 *
 * Every path of the hook runs at a real prompt on a pty: the first prompt, the walk, memo hits
 * (short lists, 8-16 paths, more than 16, both slots), a memo miss and the stamp rewrite after it,
 * switching, leaving, warnings, the not-installed notice, `gosw shell`, the GOCACHE notice.
 *
 * The memo is waited for explicitly, never by luck: the memo keeps an answer only when its stamp
 * is 2 s old, and `__t_age` tells the shell the stamp was written 3 s earlier than it was (the
 * stamp's own mtime stays, so every -nt test is real), then the next prompts must be answered
 * without a full resolve (counted by wrapping __gosw_resolve).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeTree } from '../helpers/shell/fixtures.js';
import { HOST_OS_RELEASE, makeSysroot } from '../helpers/sysroot.js';
import type { InteractiveShell } from '../helpers/shell/pty.js';
import { goswLines, q, type ShellName } from '../helpers/shell/shells.js';
import { expectActive, expectInactive, missingLine, useShellSandbox, withShell, type SuiteContext } from '../helpers/shell/suite.js';

const MODES: Array<[ShellName, string]> = [
  ['bash', 'set -u'],
  ['bash', 'set -e'],
  ['bash', 'set -eu'],
  ['bash', 'set -o pipefail'],
  ['bash', 'set -euo pipefail'],
  ['zsh', 'setopt NO_UNSET'],
  ['zsh', 'setopt ERR_EXIT'],
  ['zsh', 'setopt PIPE_FAIL'],
  ['zsh', 'setopt NO_UNSET ERR_EXIT PIPE_FAIL'],
];

/** rc lines after the eval: count full resolves, and age the memo's stamp on demand. */
function probes(shell: ShellName): string {
  const wrap =
    shell === 'bash'
      ? 'eval "__t_resolve() $(declare -f __gosw_resolve | tail -n +2)"'
      : 'functions[__t_resolve]=$functions[__gosw_resolve]';
  return [
    '__t_resolves=0',
    wrap,
    '__gosw_resolve() { __t_resolves=$((__t_resolves + 1)); __t_resolve; }',
    // The shell's record of when the stamp was written (memo.sh), 3 s back: "the stamp is old".
    '__t_age() { __gosw_zt=$((__gosw_zt - 3000)); }',
  ].join('\n');
}

/**
 * Makes the memo hold the answer for $PWD and checks that the next prompts are answered from it.
 * A change made just before can leave a stamp rewrite pending (same clock tick): then the first
 * full resolve only writes the stamp again, so this tries a few times, and fails if the memo never
 * answers.
 */
async function settle(sh: InteractiveShell, what: string): Promise<void> {
  for (let i = 0; i < 4; i++) {
    await sh.run('__t_age');
    const a = await sh.v('__t_resolves');
    const b = await sh.v('__t_resolves');
    if (a === b) return;
  }
  throw new Error(`${what}: the memo never answered (every prompt walked)`);
}

/** Both are answered from the memo, back and forth (no full resolve at all). */
async function memoBothWays(sh: InteractiveShell, a: string, b: string): Promise<void> {
  const before = await sh.v('__t_resolves');
  for (let i = 0; i < 2; i++) {
    await sh.run(`cd ${q(a)}`);
    await sh.run(`cd ${q(b)}`);
  }
  expect(await sh.v('__t_resolves'), 'switching between two memoized projects walks nothing').toBe(before);
}

describe('the prompt hook under strict shell options (set -u, set -e, pipefail; NO_UNSET, ERR_EXIT, PIPE_FAIL)', () => {
  const ctx: SuiteContext = useShellSandbox();
  let run: string;
  let sysroot: string;
  let deep: string;

  beforeAll(() => {
    const { sb } = ctx;
    run = path.join(sb.root, 'run-strict');
    mkdirSync(run, { mode: 0o700 });
    // A mount table where XDG_CACHE_HOME is on drvfs (a Windows drive under WSL): the init says
    // it does not put GOCACHE there. Everything else is one local disk, so the memo is on.
    // (GOSW_SYSROOT: that mount table, and the host's os-release as without a fixture.)
    sysroot = makeSysroot(
      {
        mountinfo: `22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n90 22 0:50 / ${sb.xdgCache} rw,relatime - 9p drvfs rw\n`,
        osRelease: HOST_OS_RELEASE,
      },
      path.join(sb.root, 'sysroot-strict'),
    );
    // More than 16 paths for the memo to check (the loop after the unrolled tests).
    deep = path.join(sb.work, 'strict-deep', ...'abcdefghijklmnopqr'.split(''));
    writeTree(sb.work, { 'strict-deep/go.mod': 'module deep\n\ngo 1.21.0\n', [path.relative(sb.work, path.join(deep, '.keep'))]: '' });
  });

  it.each(MODES)('%s with `%s`', { timeout: 120_000 }, async (shell, mode) => {
    const { sb, pj } = ctx;
    const own = path.join(sb.work, `strict-${shell}-${mode.replace(/\W+/g, '-')}`);
    writeTree(own, { 'proj/.go-version': '1.21.13\n', 'proj/sub/.keep': '' });
    const env = { XDG_RUNTIME_DIR: run, GOSW_SYSROOT: sysroot };
    await withShell(shell, ctx, { pre: mode, post: probes(shell), env }, async (sh) => {
      // the options are on, the memo is on, and the init said where GOCACHE does not go
      const flags = await sh.run(
        shell === 'bash' ? 'echo "@@$-@@ @@$SHELLOPTS@@"' : 'echo "@@$options[nounset] $options[errexit] $options[pipefail]@@"',
      );
      if (shell === 'bash') {
        if (mode.includes('u')) expect(flags).toMatch(/@@\S*u\S*@@/);
        if (/-e/.test(mode)) expect(flags).toMatch(/@@\S*e\S*@@/);
        if (mode.includes('pipefail')) expect(flags).toContain('pipefail');
      } else {
        expect(flags).toContain(
          `@@${mode.includes('NO_UNSET') ? 'on' : 'off'} ${mode.includes('ERR_EXIT') ? 'on' : 'off'} ${mode.includes('PIPE_FAIL') ? 'on' : 'off'}@@`,
        );
      }
      expect(await sh.v('__gosw_z')).toMatch(new RegExp(`^${run}/gosw-hook\\.\\d+$`));
      expect(goswLines(sh.transcript()).filter((l) => l.includes('for GOCACHE: it is on 9p'))).toHaveLength(1);

      // first prompt, no version anywhere; then the walk, and memo hits on a short list (3 paths)
      await expectInactive(sh, ctx);
      await sh.run(`cd ${q(pj.p22)}`);
      await expectActive(sh, ctx, 'go1.22.5');
      await settle(sh, 'p22');
      await expectActive(sh, ctx, 'go1.22.5');
      // 5 paths, then more than 16
      await sh.run(`cd ${q(pj.p22deep)}`);
      await settle(sh, 'p22deep');
      await expectActive(sh, ctx, 'go1.22.5');
      await sh.run(`cd ${q(deep)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await settle(sh, 'deep');
      await expectActive(sh, ctx, 'go1.21.13');
      // switching between two memoized answers (slot 0 and slot 1; a hit does not reorder them)
      await sh.run(`cd ${q(pj.p20)}`);
      await settle(sh, 'p20');
      await sh.run(`cd ${q(pj.p22)}`);
      await settle(sh, 'p22 again');
      await memoBothWays(sh, pj.p20, pj.p22);
      await expectActive(sh, ctx, 'go1.22.5');

      // a memo miss: the file changes under a memoized answer; the stamp is written again
      await sh.run(`cd ${q(path.join(own, 'proj/sub'))}`);
      await settle(sh, 'own');
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`printf '1.22.5\\n' 1<> ${q(path.join(own, 'proj/.go-version'))}`);
      await expectActive(sh, ctx, 'go1.22.5');
      await settle(sh, 'own after the change');
      await expectActive(sh, ctx, 'go1.22.5');

      // a warning (once), and its answer memoized
      expect(goswLines(await sh.run(`cd ${q(pj.p22bad)}`))).toEqual([
        `gosw: ignoring ${path.join(pj.p22bad, '.go-version')}: banana is not a Go version`,
      ]);
      await settle(sh, 'p22bad');
      await expectActive(sh, ctx, 'go1.22.5');
      // not installed (once), memoized
      expect(goswLines(await sh.run(`cd ${q(pj.missing)}`))).toEqual([missingLine('go1.22.9', path.join(pj.missing, 'go.mod'))]);
      await settle(sh, 'missing');
      await expectInactive(sh, ctx);
      // `system`, memoized; then leaving for a directory with nothing up to /
      await sh.run(`cd ${q(pj.p21)}`);
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run(`cd ${q(pj.sys)}`);
      await settle(sh, 'sys');
      await expectInactive(sh, ctx);
      await sh.run(`cd ${q(pj.p21)}`);
      await sh.run(`cd ${q(pj.none)}`);
      await expectInactive(sh, ctx);

      // gosw shell, and GOSW_VERSION that is invalid
      await sh.run('gosw shell 1.21');
      await expectActive(sh, ctx, 'go1.21.13');
      await sh.run('gosw shell --unset');
      await expectInactive(sh, ctx);
      expect(goswLines(await sh.run('export GOSW_VERSION=banana'))).toEqual(['gosw: ignoring GOSW_VERSION: banana is not a Go version']);
      await sh.run('unset GOSW_VERSION');

      // a failed command that the strict mode itself forgives: the hook must not turn it into an exit
      await sh.run('false && true');
      await sh.run(`cd ${q(pj.p22)}`);
      await sh.run('false && true');
      expect(await sh.run('echo "@@ALIVE:$((6 * 7))@@"')).toContain('@@ALIVE:42@@');
      await expectActive(sh, ctx, 'go1.22.5');
      // nothing said twice
      const lines = goswLines(sh.transcript());
      expect(lines.filter((l) => l.includes('banana is not a Go version'))).toHaveLength(2);
      expect(lines.filter((l) => l.includes('is not installed'))).toHaveLength(1);
    });
  });
});
