/**
 * The shell code gosw ships is lint-clean: shellcheck reads the bash init exactly as `gosw env
 * --shell bash` prints it (gosw.bash + mounts.sh + gocache.sh + memo.sh, so variables set in one
 * file and read in another are seen together), the bash hook as rendered from shell/hook.sh.in and
 * the bash completion. shellcheck has no zsh mode: `zsh -n` parses the zsh init and the zsh hook,
 * and test/e2e/conformance.test.ts holds gosw.zsh to the bash hook's answers.
 * .ci/run installs shellcheck and zsh; a missing one skips here, and fails under CI=1 (haveTool).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/shell/shells.js';
import { haveTool } from '../helpers/tools.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gosw-shellcheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shellcheck(file: string, ...extra: string[]) {
  return spawnSync('shellcheck', ['-s', 'bash', '-f', 'gcc', ...extra, file], { encoding: 'utf8' });
}

/** What `gosw env --shell <shell>` prints, in a file. */
function initFile(shell: 'bash' | 'zsh'): string {
  const env = spawnSync(process.execPath, [CLI, 'env', '--shell', shell], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
  expect(env.status, env.stderr).toBe(0);
  const file = path.join(dir, `init.${shell}`);
  writeFileSync(file, env.stdout);
  return file;
}

describe.skipIf(!haveTool('shellcheck'))('shellcheck', () => {
  it('the bash init printed by gosw env', () => {
    const r = shellcheck(initFile('bash'));
    expect(r.stdout, 'shellcheck findings').toBe('');
    expect(r.status).toBe(0);
  });

  it('the bash hook rendered from shell/hook.sh.in (generated/hooks/gosw.bash), on its own', () => {
    // Alone, the memo's globals (set in memo.sh) look unassigned and some of the hook's unused:
    // the init above checks them across files.
    const r = shellcheck(path.join(REPO_ROOT, 'generated', 'hooks', 'gosw.bash'), '-e', 'SC2154,SC2034');
    expect(r.stdout, 'shellcheck findings').toBe('');
    expect(r.status).toBe(0);
  });

  it("the launcher's fast path (shell/fast*.sh, and rendered with the hook: generated/launcher/fast.bash)", () => {
    // shell/fast.sh alone: the hook's globals look unassigned. The rendering: the prompt's own
    // functions (activation, the memo) are never called from it, and the hook's code is checked
    // above.
    const own = shellcheck(path.join(REPO_ROOT, 'shell', 'fast.sh'), '-e', 'SC2154');
    for (const f of ['fast-store.sh', 'fast-run.sh', 'fast-env.sh']) {
      // alone, they use the functions and globals of fast.sh and the hook
      const r = shellcheck(path.join(REPO_ROOT, 'shell', f), '-e', 'SC2154,SC2034');
      expect(r.stdout, `${f}: shellcheck findings`).toBe('');
      expect(r.status, f).toBe(0);
    }
    expect(own.stdout, 'shellcheck findings').toBe('');
    const all = shellcheck(path.join(REPO_ROOT, 'generated', 'launcher', 'fast.bash'), '-e', 'SC2154,SC2317,SC2086');
    expect(all.stdout, 'shellcheck findings').toBe('');
    expect([own.status, all.status]).toEqual([0, 0]);
  });

  it('the bash completion', () => {
    const r = shellcheck(path.join(REPO_ROOT, 'shell', 'completion.bash'));
    expect(r.stdout, 'shellcheck findings').toBe('');
    expect(r.status).toBe(0);
  });
});

describe.skipIf(!haveTool('zsh'))('zsh -n', () => {
  it('the zsh init printed by gosw env', () => {
    const r = spawnSync('zsh', ['-n', initFile('zsh')], { encoding: 'utf8' });
    expect(r.stderr, 'zsh parse errors').toBe('');
    expect(r.status).toBe(0);
  });

  it('the zsh hook rendered from shell/hook.sh.in (generated/hooks/gosw.zsh)', () => {
    const r = spawnSync('zsh', ['-n', path.join(REPO_ROOT, 'generated', 'hooks', 'gosw.zsh')], { encoding: 'utf8' });
    expect(r.stderr, 'zsh parse errors').toBe('');
    expect(r.status).toBe(0);
  });
});
