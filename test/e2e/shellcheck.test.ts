/**
 * The shell code gosw ships is shellcheck-clean: the bash init exactly as `gosw env --shell bash`
 * prints it (gosw.bash + mounts.sh + gocache.sh + memo.sh, so variables set in one file and read in
 * another are seen together) and the bash completion. shellcheck has no zsh mode; gosw.zsh is held
 * to the bash hook's answers by test/e2e/conformance.test.ts instead.
 * .ci/run installs shellcheck; without it the test fails rather than pass silently.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/shell/shells.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gosw-shellcheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shellcheck(file: string) {
  const r = spawnSync('shellcheck', ['-s', 'bash', '-f', 'gcc', file], { encoding: 'utf8' });
  if (r.error) throw new Error(`shellcheck is not installed (apt-get install shellcheck): ${r.error.message}`);
  return r;
}

describe('shellcheck', () => {
  it('the bash init printed by gosw env', () => {
    const env = spawnSync(process.execPath, [CLI, 'env', '--shell', 'bash'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir } });
    expect(env.status, env.stderr).toBe(0);
    const file = path.join(dir, 'init.bash');
    writeFileSync(file, env.stdout);
    const r = shellcheck(file);
    expect(r.stdout, 'shellcheck findings').toBe('');
    expect(r.status).toBe(0);
  });

  it('the bash completion', () => {
    const r = shellcheck(path.join(REPO_ROOT, 'shell', 'completion.bash'));
    expect(r.stdout, 'shellcheck findings').toBe('');
    expect(r.status).toBe(0);
  });
});
