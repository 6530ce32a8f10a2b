/**
 * kill -9 in the middle of an install, and concurrent installs: the store never shows a partial
 * version, a dead owner's lock is broken at once, leftovers are cleaned by the next install, and
 * concurrent installs of one version download it once.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { INDEX_PATH } from '../helpers/server.js';
import {
  expectAlias,
  expectInstalled,
  expectNoAlias,
  expectNoLocks,
  expectNotInstalled,
  expectSuccess,
  expectTmpEmpty,
  listDir,
} from '../helpers/store.js';
import { waitFor } from '../helpers/tmp.js';
import { expectedVersionLine } from '../helpers/toolchain.js';

const V = 'go1.22.5';
const LINE = expectedVersionLine(V);
/**
 * "Promptly": the rerun breaks the dead holder's lock at once instead of waiting for it to go
 * stale. A wait always says so first (installer.ts onWait), so its absence is the proof, with no
 * clock involved (a duration bound failed on a loaded machine).
 */
const WAITED = 'waiting for another gosw';

/** A directory named `go` with at least one file in it, up to 3 levels under tmp/ (an extraction in progress). */
function extractionInProgress(tmpDir: string): string | undefined {
  const walk = (dir: string, depth: number): string | undefined => {
    for (const e of listDir(dir)) {
      const p = path.join(dir, e);
      let isDir = false;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        continue;
      }
      if (!isDir) continue;
      if (e === 'go' && existsSync(path.join(p, 'src')) && readdirSync(path.join(p, 'src')).length > 0) return p;
      if (depth < 3) {
        const hit = walk(p, depth + 1);
        if (hit) return hit;
      }
    }
    return undefined;
  };
  return walk(tmpDir, 1);
}

describe('kill -9', () => {
  it('during the download: nothing installed, and a rerun breaks the dead lock at once', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: { toolchain: { extraFiles: 400 } } } });
    const rel = t.server.release(V);
    t.server.throttle(rel.path, { bytesPerTick: 2048, tickMs: 50 });
    const p = t.spawn(['install', '1.22.5'], { GOSW_HTTP_TIMEOUT: '30' });
    await t.server.waitForBytes(rel.path, 16 * 1024);
    expect(p.running(), `still downloading\n${p.stderr()}`).toBe(true);
    expect(t.server.bytesSent(rel.path)).toBeLessThan(rel.tarball.length);
    const killed = await p.kill9();
    expect(killed.signal).toBe('SIGKILL');

    expectNotInstalled(t.sb, V);
    expectNoAlias(t.sb, '1.22');
    expectNoAlias(t.sb, 'latest');
    // The dead process held the per-version lock (so the rerun has to break it).
    expect(existsSync(path.join(t.sb.locksDir, `${V}.lock`)), `locks/: ${listDir(t.sb.locksDir).join(', ')}`).toBe(true);

    t.server.throttle(rel.path, null);
    const again = await t.run(['install', '1.22.5']);
    expectSuccess(again);
    expect(again.stderr, describeRun(again)).not.toContain(WAITED);
    expect(again.stdout).toContain(`installed ${V} in ${t.sb.version(V)}`);
    expectInstalled(t.sb, V, LINE);
    expectAlias(t.sb, '1.22', V);
    expectTmpEmpty(t.sb, { mustExist: true });
    expectNoLocks(t.sb);
    expect(t.server.count(rel.path)).toBe(2);
  });

  it('during the extraction: nothing installed, leftovers removed by the rerun', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: { toolchain: { extraFiles: 3000 } } } });
    const rel = t.server.release(V);
    t.server.throttle(rel.path, { bytesPerTick: 4096, tickMs: 20 });
    const p = t.spawn(['install', '1.22.5'], { GOSW_HTTP_TIMEOUT: '30' });
    const workGo = await waitFor(() => extractionInProgress(t.sb.tmpDir) ?? (!p.running() ? 'exited' : undefined), {
      timeoutMs: 30_000,
      intervalMs: 5,
      message: 'an extraction in progress under tmp/',
    });
    expect(workGo, `the install exited before extracting:\n${p.stderr()}`).not.toBe('exited');
    expect(p.running()).toBe(true);
    const killed = await p.kill9();
    expect(killed.signal).toBe('SIGKILL');
    expect(t.server.bytesSent(rel.path)).toBeLessThan(rel.tarball.length);

    expectNotInstalled(t.sb, V);
    expectNoAlias(t.sb, '1.22');
    // The half-extracted tree is still there (nothing cleaned up after a kill -9)...
    expect(listDir(t.sb.tmpDir).length).toBeGreaterThan(0);

    t.server.throttle(rel.path, null);
    const again = await t.run(['install', '1.22.5']);
    expectSuccess(again);
    expect(again.stderr, describeRun(again)).not.toContain(WAITED);
    expectInstalled(t.sb, V, LINE);
    expect(existsSync(path.join(t.sb.version(V), 'src', 'pkg29', 'file2999.go'))).toBe(true);
    // ...until the next install of that version removes it.
    expectTmpEmpty(t.sb, { mustExist: true });
    expectNoLocks(t.sb);
  });

  it('a killed install of one version does not block installing another', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: { toolchain: { extraFiles: 400 } } } });
    const rel = t.server.release(V);
    t.server.throttle(rel.path, { bytesPerTick: 2048, tickMs: 50 });
    const p = t.spawn(['install', '1.22.5'], { GOSW_HTTP_TIMEOUT: '30' });
    await t.server.waitForBytes(rel.path, 8 * 1024);
    await p.kill9();
    const other = await t.run(['install', '1.21.13']);
    expectSuccess(other);
    expect(other.stderr, describeRun(other)).not.toContain(WAITED);
    expectInstalled(t.sb, 'go1.21.13', expectedVersionLine('go1.21.13'));
    expectAlias(t.sb, 'latest', 'go1.21.13');
    expectNotInstalled(t.sb, V);
  });
});

describe('concurrent installs', () => {
  it('4 concurrent installs of one version: all succeed, one download', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: { toolchain: { extraFiles: 400 } } } });
    const rel = t.server.release(V);
    // Hold the archive until every process has loaded the index (TTL 0: each asks), so they overlap.
    const gate = t.server.gate(rel.path);
    t.server.throttle(rel.path, { bytesPerTick: 8192, tickMs: 50 });
    const env = { GOSW_INDEX_TTL: '0', GOSW_HTTP_TIMEOUT: '30' };
    const procs = Array.from({ length: 4 }, () => t.spawn(['install', '1.22.5'], env, { timeoutMs: 60_000 }));
    await waitFor(() => t.server.count(INDEX_PATH) >= 4 || procs.some((p) => !p.running()), {
      timeoutMs: 30_000,
      message: '4 index requests',
    });
    await waitFor(() => t.server.count(rel.path) >= 1 || procs.some((p) => !p.running()), {
      timeoutMs: 30_000,
      message: 'the archive requested',
    });
    expect(
      procs.map((p) => p.running()),
      procs.map((p) => p.stderr()).join('\n---\n'),
    ).toEqual([true, true, true, true]);
    gate.open();
    const results = await Promise.all(procs.map((p) => p.exited));
    for (const r of results) expectSuccess(r);
    expect(t.server.count(rel.path)).toBe(1);
    expect(results.filter((r) => /^installed go1\.22\.5 in /m.test(r.stdout)).length, results.map((r) => r.stdout).join('---\n')).toBe(1);
    expectInstalled(t.sb, V, LINE);
    expectAlias(t.sb, '1.22', V);
    expectAlias(t.sb, 'latest', V);
    expectTmpEmpty(t.sb, { mustExist: true });
    expectNoLocks(t.sb);
    expect(listDir(t.sb.versionsDir).filter((e) => e.startsWith('go'))).toEqual([V]);
  });

  it('concurrent installs of different versions both land, and the aliases agree', async () => {
    const t = await setupE2E({
      releaseOptions: {
        [V]: { toolchain: { extraFiles: 300 } },
        'go1.22.4': { toolchain: { extraFiles: 300 } },
        'go1.21.13': { toolchain: { extraFiles: 300 } },
      },
    });
    for (const n of [V, 'go1.22.4', 'go1.21.13']) t.server.throttle(t.server.release(n).path, { bytesPerTick: 8192, tickMs: 30 });
    const procs = ['1.22.5', '1.22.4', '1.21.13'].map((s) => t.spawn(['install', s], { GOSW_HTTP_TIMEOUT: '30' }));
    const results = await Promise.all(procs.map((p) => p.exited));
    for (const r of results) expectSuccess(r);
    expectInstalled(t.sb, V, LINE);
    expectInstalled(t.sb, 'go1.22.4', expectedVersionLine('go1.22.4'));
    expectInstalled(t.sb, 'go1.21.13', expectedVersionLine('go1.21.13'));
    expectAlias(t.sb, '1.22', V);
    expectAlias(t.sb, '1.21', 'go1.21.13');
    expectAlias(t.sb, 'latest', V);
    expectTmpEmpty(t.sb, { mustExist: true });
    expectNoLocks(t.sb);
    expect(readdirSync(t.sb.versionsDir).filter((e) => e.includes('tmp'))).toEqual([]);
  });
});

describe('SIGINT / SIGTERM', () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`${sig} during the extraction: exit 130, the work dir removed, the lock released, nothing installed`, async () => {
      const t = await setupE2E({ releaseOptions: { [V]: { toolchain: { extraFiles: 400 } } } });
      const rel = t.server.release(V);
      t.server.throttle(rel.path, { bytesPerTick: 2048, tickMs: 50 });
      const p = t.spawn(['install', '1.22.5'], { GOSW_HTTP_TIMEOUT: '30' });
      await waitFor(() => extractionInProgress(t.sb.tmpDir), { timeoutMs: 30_000 });
      expect(p.running(), p.stderr()).toBe(true);
      p.child.kill(sig);
      const r = await p.exited;
      expect(r.code, describeRun(r)).toBe(130);
      expectNotInstalled(t.sb, V);
      expectTmpEmpty(t.sb, { mustExist: true });
      expectNoLocks(t.sb);
    });
  }
});
