import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setupE2E } from '../helpers/e2e.js';

const CLI = fileURLToPath(new URL('../../dist/gosw.cjs', import.meta.url));

/** Async on purpose: the fake go.dev runs in this process, so a sync spawn would deadlock it. */
function sh(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('GOSW_AUTO_INSTALL=1', () => {
  for (const shell of ['bash', 'zsh'] as const) {
    it(`${shell}: the hook installs a wanted version once, then switches to it`, async () => {
      const e = await setupE2E();
      const project = path.join(e.sb.work, 'app');
      mkdirSync(project);
      writeFileSync(path.join(project, '.go-version'), '1.22.4\n');
      const script = `eval "$(node '${CLI}' env --shell ${shell})"
cd '${project}'; _gosw_hook; go version; _gosw_hook; echo "cur=$GOSW_CURRENT"`;
      const args = shell === 'bash' ? ['--norc', '-c', script] : ['-f', '-c', script];
      const r = await sh(shell, args, { ...e.env({ GOSW_AUTO_INSTALL: '1' }), PATH: process.env.PATH! }, e.sb.work);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toMatch(/^go version go1\.22\.4 /m);
      expect(r.out).toContain('cur=go1.22.4');
      expect(r.err).toMatch(/installed go1\.22\.4 in /);
      expect(e.server.requests().filter((q) => q.path.includes('go1.22.4.'))).toHaveLength(1);
    });
  }

  it('without it, the hook only says the version is missing, once', async () => {
    const e = await setupE2E();
    const project = path.join(e.sb.work, 'app');
    mkdirSync(project);
    writeFileSync(path.join(project, '.go-version'), '1.22.4\n');
    const script = `eval "$(node '${CLI}' env --shell bash)"; cd '${project}'; _gosw_hook; _gosw_hook; echo "cur=\${GOSW_CURRENT-none}"`;
    const r = await sh('bash', ['--norc', '-c', script], { ...e.env(), PATH: process.env.PATH! }, e.sb.work);
    expect(r.out).toContain('cur=none');
    expect(r.err.match(/go1\.22\.4 \(from .*\.go-version\) is not installed; run: gosw install/g)).toHaveLength(1);
    expect(e.server.requests()).toHaveLength(0);
  });
});

describe('progress bar', () => {
  it('is drawn on a terminal (stderr), with bytes, rate and a bar; never in a pipe', async () => {
    const e = await setupE2E();
    const env = { ...e.env(), PATH: process.env.PATH!, TERM: 'dumb' };
    // `script` gives the child a pty, as an interactive terminal would.
    const tty = await sh('script', ['-qfec', `node '${CLI}' install 1.22.5`, '/dev/null'], env, e.sb.work);
    expect(tty.code, tty.out + tty.err).toBe(0);
    expect(tty.out).toMatch(/go1\.22\.5 \[#+\.*\] [0-9.]+ (B|KiB|MiB)\/[0-9.]+ (B|KiB|MiB) [0-9.]+ (B|KiB|MiB)\/s/);
    const piped = await sh('node', [CLI, 'install', '--force', '1.22.5'], env, e.sb.work);
    expect(piped.code).toBe(0);
    expect(piped.err).not.toContain('\r');
    expect(piped.err).not.toContain('[#');
    const quiet = await sh('script', ['-qfec', `node '${CLI}' install --force --quiet 1.22.5`, '/dev/null'], env, e.sb.work);
    expect(quiet.out).not.toContain('[#');
  });
});
