/**
 * What a crash leaves in <store>/tmp/, and who may touch it: leftovers are matched by exact release
 * name and dead pid (go1.20's cleanup must not take go1.20.14's live work dir), and a version that a
 * kill -9 inside `install --force` left moved aside is put back.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { setupE2E } from '../helpers/e2e.js';
import { expectAlias, expectInstalled, expectSuccess, listDir } from '../helpers/store.js';
import { expectedVersionLine } from '../helpers/toolchain.js';

/** A pid no process can have (above Linux's pid_max limit): "dead". */
const DEAD_PID = 2_000_000_000;

/** A live process that is not gosw (its pid stands for a gosw at work); killed when the test ends. */
function livePid(): number {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  onTestFinished(() => {
    child.kill('SIGKILL');
  });
  return child.pid!;
}

/** A work dir with a file in it, as an unpack in progress has. */
function workDir(dir: string): string {
  mkdirSync(path.join(dir, 'go', 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'go', 'src', 'x.go'), 'package x\n');
  return dir;
}

describe('leftovers in tmp/ are matched exactly', () => {
  it("install 1.20.0 (go1.20) leaves go1.20.14's work dirs alone, live or dead, and removes go1.20's dead ones", async () => {
    const e = await setupE2E({ releases: ['go1.20.14', 'go1.20'] });
    const live = livePid();
    mkdirSync(e.sb.tmpDir, { recursive: true });
    // go1.20.14 in progress in another gosw; an all-digit mkdtemp suffix, a --force, an uninstall
    const others = [
      `go1.20.14.${live}.AbC123`,
      `go1.20.14.${live}.123456`,
      `go1.20.14.${live}.old`,
      `go1.20.14.${live}.rm.Xy12ab`,
      `go1.20.14.${DEAD_PID}.Zz9999`,
    ];
    for (const o of others) workDir(path.join(e.sb.tmpDir, o));
    const mine = workDir(path.join(e.sb.tmpDir, `go1.20.${DEAD_PID}.QwErTy`));

    const r = await e.run(['install', '1.20.0']);
    expectSuccess(r);
    expectInstalled(e.sb, 'go1.20', expectedVersionLine('go1.20'));
    expect(listDir(e.sb.tmpDir), r.stderr).toEqual([...others].sort());
    expect(existsSync(mine)).toBe(false);
  });
});

describe('kill -9 inside install --force, between its two renames', () => {
  const V = 'go1.22.5';

  /** Installs V, then leaves the store exactly as the crash does: V moved to tmp/<V>.<pid>.old, the new tree unpublished. */
  async function crashed() {
    const e = await setupE2E();
    expectSuccess(await e.run(['install', '1.22.5']));
    // Marks the tree that was installed, so a restore can be told from a fresh download.
    writeFileSync(path.join(e.sb.version(V), 'marker'), 'the old tree\n');
    const old = path.join(e.sb.tmpDir, `${V}.${DEAD_PID}.old`);
    renameSync(e.sb.version(V), old);
    mkdirSync(path.join(e.sb.tmpDir, `${V}.${DEAD_PID}.AbC123`, 'go', 'bin'), { recursive: true });
    writeFileSync(path.join(e.sb.tmpDir, `${V}.${DEAD_PID}.AbC123`, 'go', 'bin', 'go'), '');
    expect(existsSync(e.sb.version(V))).toBe(false);
    return { e, old };
  }

  it('the next gosw install puts the replaced version back', async () => {
    const { e, old } = await crashed();
    const r = await e.run(['install', '1.22.5']);
    expectSuccess(r);
    expectInstalled(e.sb, V, expectedVersionLine(V));
    expect(readFileSync(path.join(e.sb.version(V), 'marker'), 'utf8'), 'the moved-aside tree is back, not a fresh download').toBe(
      'the old tree\n',
    );
    expect(existsSync(old)).toBe(false);
    expect(listDir(e.sb.tmpDir), 'the unpublished tree is removed').toEqual([]);
    expectAlias(e.sb, '1.22', V);
    expectAlias(e.sb, 'latest', V);
  });

  it('gosw doctor reports it, and doctor --fix puts it back', async () => {
    const { e, old } = await crashed();
    const d = await e.run(['doctor', '--json']);
    const report = JSON.parse(d.stdout) as { checks: Array<{ id: string; level: string; message: string }> };
    expect(
      report.checks.find((c) => c.id === 'store-replaced'),
      d.stdout,
    ).toMatchObject({ level: 'fail' });
    expect(d.code).toBe(1);

    const r = await e.run(['doctor', '--fix']);
    expect(r.stdout, r.stderr).toContain(`restored ${V} from ${old}`);
    expectInstalled(e.sb, V, expectedVersionLine(V));
    expect(readFileSync(path.join(e.sb.version(V), 'marker'), 'utf8')).toBe('the old tree\n');
    expect(listDir(e.sb.tmpDir)).toEqual([]);
    expectAlias(e.sb, '1.22', V);
    expectAlias(e.sb, 'latest', V);
  });
});
