import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the offline demo', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'gosw-demo-test-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('installs two versions, switches on cd, restores the shell, and cleans up after itself', async () => {
    const home = path.join(tmp, 'home');
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      // TMPDIR points the demo's temporary directory into ours, so we can see it is removed.
      const child = spawn(process.execPath, [path.join(root, 'scripts', 'demo.mjs')], {
        env: { PATH: process.env.PATH, HOME: home, TMPDIR: tmp, NO_COLOR: '1' },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (c) => resolve({ code: c, out }));
    });
    expect(code, out).toBe(0);
    expect(out).toMatch(/installed go1\.22\.5 in /);
    expect(out).toMatch(/installed go1\.21\.13 in /);
    expect(out).toMatch(/go version go1\.22\.5 [a-z0-9]+\/[a-z0-9]+\ngo1\.22\.5 \(from .*\/src\/api\/go\.mod\)/);
    expect(out).toMatch(/go version go1\.21\.13 [a-z0-9]+\/[a-z0-9]+\ngo1\.21\.13 \(from .*\/src\/legacy\/\.go-version\)/);
    expect(out).toMatch(/GOROOT=unset GOTOOLCHAIN=unset\n\(no go on PATH/);
    expect(out).not.toMatch(/\x1b\[/); // NO_COLOR
    // Nothing left behind: the demo's temp dir is gone and the HOME we gave it was never created.
    expect(readdirSync(tmp)).toEqual([]);
  });
});
