/**
 * "Is it installed" has one answer everywhere (Store.isInstalled: versions/<name>/bin/go is a file,
 * links followed, as the prompt hook tests it). Before, a symlinked versions/go1.19.8 was active
 * in the hook but missing from `list` and `which`.
 */
import { renameSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { expectSuccess } from '../helpers/store.js';

describe('one answer to "is it installed"', () => {
  it('a version dir that is a symlink to a GOROOT elsewhere counts for list, which, current, exec and install', async () => {
    const t = await setupE2E({ releases: ['go1.19.8', 'go1.22.5'] });
    expectSuccess(await t.run(['install', '1.19.8', '1.22.5']));
    const elsewhere = path.join(t.sb.outside, 'go-1.19.8');
    renameSync(t.sb.version('go1.19.8'), elsewhere);
    symlinkSync(elsewhere, t.sb.version('go1.19.8'));

    const list = await t.run(['list']);
    expectSuccess(list);
    expect(list.stdout, describeRun(list)).toMatch(/^go1\.19\.8\b/m);
    const which = await t.run(['which', '1.19.8']);
    expectSuccess(which);
    expect(which.stdout.trim()).toBe(t.sb.version('go1.19.8'));

    writeFileSync(path.join(t.sb.work, '.go-version'), '1.19.8\n');
    const current = await t.run(['current']);
    expectSuccess(current);
    expect(current.stdout).toMatch(/^go1\.19\.8 \(from /);
    const exec = await t.run(['exec', '--', 'go', 'version']);
    expectSuccess(exec);
    expect(exec.stdout).toMatch(/go1\.19\.8/);

    t.server.resetCounters();
    const again = await t.run(['install', '1.19.8']);
    expectSuccess(again);
    expect(again.stdout).toMatch(/go1\.19\.8 is already installed/);
    expect(t.server.count()).toBe(0);
  });

  it('a version dir without bin/go is not installed anywhere (list, which, current) and doctor names it', async () => {
    const t = await setupE2E({ releases: ['go1.22.5'] });
    expectSuccess(await t.run(['install', '1.22.5']));
    renameSync(path.join(t.sb.version('go1.22.5'), 'bin', 'go'), path.join(t.sb.version('go1.22.5'), 'bin', 'go.moved'));
    expect((await t.run(['list'])).stdout).not.toMatch(/go1\.22\.5/);
    expect((await t.run(['which', '1.22.5'])).code).toBe(1);
    writeFileSync(path.join(t.sb.work, '.go-version'), '1.22.5\n');
    expect((await t.run(['current'])).stdout).toMatch(/is not installed/);
    const doctor = await t.run(['doctor']);
    expect(doctor.stdout + doctor.stderr).toMatch(/go1\.22\.5 has no bin\/go/);
  });
});
