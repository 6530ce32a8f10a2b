/** `gosw install`: specs, store layout, aliases, reinstall, and the errors of the install pipeline. */
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, stackLines } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { INDEX_PATH } from '../helpers/server.js';
import {
  expectAlias,
  expectCleanAfterFailure,
  expectFailure,
  expectInstalled,
  expectNoAlias,
  expectNotInstalled,
  expectNoVersions,
  expectSuccess,
  expectTmpEmpty,
  listDir,
  readJson,
} from '../helpers/store.js';
import { expectedVersionLine } from '../helpers/toolchain.js';

describe('gosw install <spec>', () => {
  it('installs an exact version: store layout, go runs, aliases, store.json, empty tmp/', async () => {
    const t = await setupE2E();
    const r = await t.run(['install', '1.22.5']);
    expectSuccess(r);
    expect(r.stdout).toContain(`installed go1.22.5 in ${t.sb.version('go1.22.5')}`);
    expectInstalled(t.sb, 'go1.22.5', expectedVersionLine('go1.22.5'));
    const goroot = t.sb.version('go1.22.5');
    expect(readFileSync(path.join(goroot, 'VERSION'), 'utf8').split('\n')[0]).toBe('go1.22.5');
    expect(existsSync(path.join(goroot, 'src', 'pkg0', 'file0.go'))).toBe(true);
    // GOROOT is the directory itself: nothing like versions/go1.22.5/go/bin/go.
    expect(existsSync(path.join(goroot, 'go'))).toBe(false);
    expectAlias(t.sb, '1.22', 'go1.22.5');
    expectAlias(t.sb, 'latest', 'go1.22.5');
    expect(readJson(path.join(t.sb.goswHome, 'store.json'))).toMatchObject({ format: 1 });
    expectTmpEmpty(t.sb, { mustExist: true });
    // Only what was asked for is installed, from one download.
    expect(listDir(t.sb.versionsDir).filter((e) => e.startsWith('go'))).toEqual(['go1.22.5']);
    expect(t.server.count(t.server.release('go1.22.5').path)).toBe(1);
    expect(t.server.count(t.server.release('go1.22.4').path)).toBe(0);
  });

  it('accepts the go prefix', async () => {
    const t = await setupE2E();
    const r = await t.run(['install', 'go1.22.5']);
    expectSuccess(r);
    expect(r.stdout).toContain(`installed go1.22.5 in ${t.sb.version('go1.22.5')}`);
    expectInstalled(t.sb, 'go1.22.5', expectedVersionLine('go1.22.5'));
  });

  it('1.22 means the newest stable 1.22.x in the index', async () => {
    const t = await setupE2E({ releases: ['go1.23rc1', 'go1.22.5', 'go1.22.4', 'go1.22rc2', 'go1.21.13'] });
    const r = await t.run(['install', '1.22']);
    expectSuccess(r);
    expect(r.stdout).toContain(`installed go1.22.5 in ${t.sb.version('go1.22.5')}`);
    expect(listDir(t.sb.versionsDir).filter((e) => e.startsWith('go'))).toEqual(['go1.22.5']);
  });

  it('a line whose newest release is unstable still resolves to its newest stable one', async () => {
    const t = await setupE2E({ releases: ['go1.22.6rc1', 'go1.22.5', 'go1.22.4'] });
    expect(t.server.release('go1.22.6rc1').stable).toBe(false);
    const r = await t.run(['install', '1.22']);
    expectSuccess(r);
    expect(r.stdout).toContain('installed go1.22.5 in');
    expectNotInstalled(t.sb, 'go1.22.6rc1');
  });

  it('latest means the newest stable release (prereleases skipped)', async () => {
    const t = await setupE2E({ releases: ['go1.24rc1', 'go1.23.2', 'go1.22.5', 'go1.21.13'] });
    const r = await t.run(['install', 'latest']);
    expectSuccess(r);
    expect(r.stdout).toContain(`installed go1.23.2 in ${t.sb.version('go1.23.2')}`);
    expectInstalled(t.sb, 'go1.23.2', expectedVersionLine('go1.23.2'));
    expectAlias(t.sb, 'latest', 'go1.23.2');
    expectAlias(t.sb, '1.23', 'go1.23.2');
    expectNotInstalled(t.sb, 'go1.24rc1');
  });

  it('two-number specs below 1.21 mean the newest patch; 1.20.0 means the release go1.20', async () => {
    const t = await setupE2E({ releases: ['go1.21.13', 'go1.20.14', 'go1.20.1', 'go1.20'] });
    const line = await t.run(['install', '1.20']);
    expectSuccess(line);
    expect(line.stdout).toContain(`installed go1.20.14 in ${t.sb.version('go1.20.14')}`);
    const exact = await t.run(['install', '1.20.0']);
    expectSuccess(exact);
    expect(exact.stdout).toContain(`installed go1.20 in ${t.sb.version('go1.20')}`);
    expectInstalled(t.sb, 'go1.20', expectedVersionLine('go1.20'));
    expectAlias(t.sb, '1.20', 'go1.20.14');
  });

  it('installs several specs in one command', async () => {
    const t = await setupE2E();
    const r = await t.run(['install', '1.21.13', '1.22.5']);
    expectSuccess(r);
    expect(r.stdout).toContain(`installed go1.21.13 in ${t.sb.version('go1.21.13')}`);
    expect(r.stdout).toContain(`installed go1.22.5 in ${t.sb.version('go1.22.5')}`);
    expectInstalled(t.sb, 'go1.21.13', expectedVersionLine('go1.21.13'));
    expectInstalled(t.sb, 'go1.22.5', expectedVersionLine('go1.22.5'));
    expectAlias(t.sb, '1.21', 'go1.21.13');
    expectAlias(t.sb, '1.22', 'go1.22.5');
    expectAlias(t.sb, 'latest', 'go1.22.5');
    expectTmpEmpty(t.sb, { mustExist: true });
  });

  it('an installed version is not downloaded again', async () => {
    const t = await setupE2E();
    const rel = t.server.release('go1.22.5');
    expectSuccess(await t.run(['install', '1.22.5']));
    expect(t.server.count(rel.path)).toBe(1);
    const again = await t.run(['install', '1.22.5']);
    expectSuccess(again);
    expect(again.stdout).toContain(`go1.22.5 is already installed in ${t.sb.version('go1.22.5')}`);
    expect(again.stdout).not.toMatch(/^installed /m);
    expect(t.server.count(rel.path)).toBe(1);
    // Also through a line spec that resolves to it.
    const line = await t.run(['install', '1.22']);
    expectSuccess(line);
    expect(line.stdout).toContain('go1.22.5 is already installed in');
    expect(t.server.count(rel.path)).toBe(1);
    expectInstalled(t.sb, 'go1.22.5', expectedVersionLine('go1.22.5'));
  });

  it('--force downloads and unpacks again, replacing the directory', async () => {
    const t = await setupE2E();
    const rel = t.server.release('go1.22.5');
    expectSuccess(await t.run(['install', '1.22.5']));
    const marker = path.join(t.sb.version('go1.22.5'), 'MARKER-from-before');
    writeFileSync(marker, 'x');
    const r = await t.run(['install', '--force', '1.22.5']);
    expectSuccess(r);
    expect(r.stdout).toContain(`installed go1.22.5 in ${t.sb.version('go1.22.5')}`);
    expect(t.server.count(rel.path)).toBe(2);
    expect(existsSync(marker)).toBe(false);
    expectInstalled(t.sb, 'go1.22.5', expectedVersionLine('go1.22.5'));
    expectAlias(t.sb, '1.22', 'go1.22.5');
    expectTmpEmpty(t.sb, { mustExist: true });
    expect(listDir(t.sb.versionsDir).filter((e) => e.startsWith('go'))).toEqual(['go1.22.5']);
  });

  it('aliases follow the newest installed stable release of each line', async () => {
    const t = await setupE2E();
    expectSuccess(await t.run(['install', '1.22.4']));
    expectAlias(t.sb, '1.22', 'go1.22.4');
    expectAlias(t.sb, 'latest', 'go1.22.4');
    expectSuccess(await t.run(['install', '1.21.13']));
    expectAlias(t.sb, '1.21', 'go1.21.13');
    expectAlias(t.sb, 'latest', 'go1.22.4');
    expectSuccess(await t.run(['install', '1.22.5']));
    expectAlias(t.sb, '1.22', 'go1.22.5');
    expectAlias(t.sb, 'latest', 'go1.22.5');
    // A prerelease is installed but gets no alias, and does not move latest.
    expectSuccess(await t.run(['install', '1.23rc1']));
    expectInstalled(t.sb, 'go1.23rc1', expectedVersionLine('go1.23rc1'));
    expectNoAlias(t.sb, '1.23');
    expectAlias(t.sb, 'latest', 'go1.22.5');
    // Installing an older patch afterwards does not move the alias back.
    t.server.addRelease('go1.22.3');
    expectSuccess(await t.run(['install', '1.22.3'], { GOSW_INDEX_TTL: '0' }));
    expectAlias(t.sb, '1.22', 'go1.22.5');
    // No temporary alias files are left behind.
    expect(readdirSync(t.sb.versionsDir).filter((e) => e.includes('tmp'))).toEqual([]);
  });

  it('version dirs and files are readable and go is executable', async () => {
    const t = await setupE2E();
    expectSuccess(await t.run(['install', '1.22.5']));
    const goroot = t.sb.version('go1.22.5');
    expect(lstatSync(path.join(goroot, 'bin', 'go')).mode & 0o111).not.toBe(0);
    expect(lstatSync(path.join(goroot, 'VERSION')).mode & 0o444).toBe(0o444);
    expect(lstatSync(goroot).mode & 0o555).toBe(0o555);
  });
});

describe('gosw install: errors', () => {
  it('sha256 mismatch names the expected and the actual checksum; nothing is installed; lock released', async () => {
    const t = await setupE2E();
    const wrong = 'e3'.repeat(32);
    const rel = t.server.updateRelease('go1.22.5', { sha256: wrong });
    const r = await t.run(['install', '1.22.5'], { GOSW_INDEX_TTL: '0' });
    expectFailure(r, 1);
    expect(r.stderr).toContain('sha256 mismatch');
    expect(r.stderr).toContain(wrong);
    expect(r.stderr).toContain(rel.actualSha256);
    expectCleanAfterFailure(t.sb, 'go1.22.5');
    expectNoAlias(t.sb, '1.22');
    expectNoAlias(t.sb, 'latest');
    // The index is fixed: the next install works at once (no lock left, no stale state).
    t.server.updateRelease('go1.22.5', { sha256: rel.actualSha256 });
    const again = await t.run(['install', '1.22.5'], { GOSW_INDEX_TTL: '0' });
    expectSuccess(again);
    expect(again.durationMs).toBeLessThan(8000);
    expectInstalled(t.sb, 'go1.22.5', expectedVersionLine('go1.22.5'));
    expectTmpEmpty(t.sb, { mustExist: true });
  });

  it('a checksum mismatch prints a stack trace only with GOSW_DEBUG=1', async () => {
    const t = await setupE2E();
    t.server.updateRelease('go1.22.5', { sha256: '00'.repeat(32) });
    const quiet = await t.run(['install', '1.22.5']);
    expectFailure(quiet, 1);
    expect(stackLines(quiet.stderr)).toEqual([]);
    const debug = await t.run(['install', '1.22.5'], { GOSW_DEBUG: '1' });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain('sha256 mismatch');
    expect(stackLines(debug.stderr).length, debug.stderr).toBeGreaterThan(0);
  });

  it('an unknown version is not found, and nearby versions are suggested', async () => {
    const t = await setupE2E();
    const r = await t.run(['install', '1.22.99']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('not found');
    expect(r.stderr).toMatch(/1\.22\.5/);
    expectNoVersions(t.sb);
    expectTmpEmpty(t.sb);
    expect(t.server.requests().filter((q) => q.path.startsWith('/dl/'))).toEqual([]);
  });

  it('an unknown line is not found', async () => {
    const t = await setupE2E();
    const r = await t.run(['install', '1.99']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('not found');
    expectNoVersions(t.sb);
  });

  it('a spec that is not a version is refused before any network use', async () => {
    const t = await setupE2E();
    for (const spec of ['1.22; rm -rf /', '../../etc', 'go1.22.5/../../x', 'banana']) {
      const r = await t.run(['install', spec]);
      expectFailure(r, [1, 2]);
      expect(r.stderr.split('\n')[0], describeRun(r)).toContain('not a Go version');
    }
    expect(t.server.count()).toBe(0);
    expectNoVersions(t.sb);
    expectTmpEmpty(t.sb);
  });

  it('a release without an archive for this platform fails clearly', async () => {
    const t = await setupE2E({ releases: ['go1.22.5'] });
    t.server.addRelease('go1.22.6', { platform: { os: 'plan9', arch: 'mips' }, decoys: false });
    const r = await t.run(['install', '1.22.6']);
    expectFailure(r, 1);
    expectNotInstalled(t.sb, 'go1.22.6');
  });

  it('an archive without go/bin/go is refused', async () => {
    const t = await setupE2E({ releases: ['go1.22.5'] });
    const { tarGz } = await import('../helpers/tar-writer.js');
    t.server.updateRelease('go1.22.5', {
      tarball: tarGz([
        { name: 'go/', type: 'dir' },
        { name: 'go/VERSION', content: 'go1.22.5\n' },
      ]),
    });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expectCleanAfterFailure(t.sb, 'go1.22.5');
  });

  it('an archive that is not gzip is refused cleanly', async () => {
    const t = await setupE2E({ releases: ['go1.22.5'] });
    t.server.updateRelease('go1.22.5', { tarball: Buffer.from('this is not a gzip stream at all\n'.repeat(100)) });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expectCleanAfterFailure(t.sb, 'go1.22.5');
  });

  it('usage errors exit 2', async () => {
    const t = await setupE2E();
    const none = await t.run(['install', '--no-such-flag', '1.22.5']);
    expectFailure(none, 2);
    expect(t.server.count(INDEX_PATH)).toBe(0);
  });
});
