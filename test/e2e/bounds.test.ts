/**
 * Every untrusted stream is bounded, and every network failure is named for what it is (issue 9):
 * downloads stop at the index's size, unpacking stops at a generous multiple of a real toolchain,
 * a drip is a stall, a cut body is retried, --offline never downloads, and redirect loops, bad or
 * dead proxies, HTML login pages and a full disk each get a one-line error naming the real cause.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { describeRun } from '../helpers/cli.js';
import { setupE2E, startProxy } from '../helpers/e2e.js';
import { entryFlood, gzipBomb } from '../helpers/hostile-tar.js';
import { cannotMountTmpfs, skipNotice } from '../helpers/mounts.js';
import { INDEX_PATH, sha256 } from '../helpers/server.js';
import {
  expectCleanAfterFailure,
  expectFailure,
  expectInstalled,
  expectNotInstalled,
  expectSuccess,
  expectTmpEmpty,
} from '../helpers/store.js';
import { archiveName, expectedVersionLine } from '../helpers/toolchain.js';

const V = 'go1.22.5';
const LINE = expectedVersionLine(V);
const oneLine = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('gosw: ')).length;

describe('bounded streams', () => {
  it('a mirror serving a gzip bomb for a 308-byte entry is stopped at 308 bytes', async () => {
    const t = await setupE2E({ releases: [] });
    const rel = t.server.addRelease(V, { tarball: gzipBomb(V, 200 * 1024 * 1024), size: 308, sha256: sha256('the real 308 bytes') });
    expect(rel.tarball.length).toBeGreaterThan(100_000);
    const r = await t.run(['install', '1.22.5'], { GOSW_MIRROR: t.server.mirrorUrl });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(/larger than the 308 bytes the release index gives; stopped/);
    expectCleanAfterFailure(t.sb, V);
  });

  it('a gzip bomb given with --file and its right --sha256 is stopped at 64 MiB unpacked', async () => {
    const t = await setupE2E({ releases: [] });
    const bomb = gzipBomb(V, 100 * 1024 * 1024);
    const file = path.join(t.sb.work, archiveName(V));
    writeFileSync(file, bomb);
    const r = await t.run(['install', '--file', file, '--sha256', sha256(bomb)]);
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(/unsafe archive .*unpacks to more than 64 MiB/);
    expectCleanAfterFailure(t.sb, V);
  });

  it('an archive of more than 20,000 entries is refused', async () => {
    const t = await setupE2E({ releases: [] });
    t.server.addRelease(V, { tarball: entryFlood(V, 20_100) });
    const r = await t.run(['install', '1.22.5'], {}, { timeoutMs: 90_000 });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(/unsafe archive .*more than 20000 entries/);
    expectCleanAfterFailure(t.sb, V);
  });

  it('a 2-bytes-per-second drip is a stall: retried once, then "HOST stalled at N of M bytes"', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    // Never idle for the 3 s timeout (a byte every 0.5 s), far below the 1 KiB/s floor.
    t.server.throttle(rel.path, { bytesPerTick: 1, tickMs: 500 });
    const r = await t.run(['install', '1.22.5'], { GOSW_HTTP_TIMEOUT: '3', GOSW_HTTP_RETRIES: '1' }, { timeoutMs: 60_000 });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(new RegExp(`127\\.0\\.0\\.1:${t.server.port} stalled at \\d+ of ${rel.tarball.length} bytes`));
    expect(t.server.count(rel.path)).toBe(2);
    expectCleanAfterFailure(t.sb, V);
  });

  it('a download slower than GOSW_HTTP_MIN_SPEED stalls; GOSW_HTTP_MIN_SPEED=0 turns the floor off', async () => {
    const t = await setupE2E({ releases: [] });
    const rel = t.server.addRelease(V, { toolchain: { extraFiles: 100 } });
    // The archive over ~2.5 s in 25 steps: far slower than a 1 MiB/s floor, never idle for 1 s.
    t.server.throttle(rel.path, { bytesPerTick: Math.ceil(rel.tarball.length / 25), tickMs: 100 });
    const slow = await t.run(['install', '1.22.5'], {
      GOSW_HTTP_TIMEOUT: '1',
      GOSW_HTTP_RETRIES: '0',
      GOSW_HTTP_MIN_SPEED: String(1024 * 1024),
    });
    expectFailure(slow, 1);
    expect(slow.stderr, describeRun(slow)).toMatch(/stalled at/);
    const off = await t.run(['install', '1.22.5'], { GOSW_HTTP_TIMEOUT: '5', GOSW_HTTP_RETRIES: '0', GOSW_HTTP_MIN_SPEED: '0' });
    expectSuccess(off);
    expectInstalled(t.sb, V, LINE);
  });

  it('an archive body cut before its Content-Length is retried, and the retry installs', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: { toolchain: { extraFiles: 200 } } } });
    const rel = t.server.release(V);
    t.server.setFaults(rel.path, [{ type: 'truncate', afterBytes: 5000 }]);
    const r = await t.run(['install', '1.22.5']);
    expectSuccess(r);
    expect(r.stderr).toMatch(/retrying/);
    expect(t.server.count(rel.path)).toBe(2);
    expectInstalled(t.sb, V, LINE);
    expectTmpEmpty(t.sb, { mustExist: true });
  });

  it('an index body cut before its Content-Length is retried, and the retry installs', async () => {
    const t = await setupE2E();
    t.server.setFaults(INDEX_PATH, [{ type: 'truncate', afterBytes: 100 }]);
    const r = await t.run(['install', '1.22.5']);
    expectSuccess(r);
    expect(t.server.count(INDEX_PATH)).toBe(2);
    expectInstalled(t.sb, V, LINE);
  });

  it('--offline never downloads an archive: a cached index is not enough, --file is', async () => {
    const t = await setupE2E();
    expectSuccess(await t.run(['list-remote']));
    t.server.resetCounters();
    const r = await t.run(['install', '--offline', '1.22.5']);
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(/--offline: go1\.22\.5 is not installed, and its archive would have to be downloaded/);
    expect(r.stderr).toMatch(/--file/);
    expect(t.server.count()).toBe(0);
    expectCleanAfterFailure(t.sb, V);
    const file = path.join(t.sb.work, archiveName(V));
    writeFileSync(file, t.server.release(V).tarball);
    expectSuccess(await t.run(['install', '--offline', '--file', file]));
    expect(t.server.count()).toBe(0);
    expectInstalled(t.sb, V, LINE);
  });
});

describe('errors name the real cause', () => {
  it('a redirect loop, and a chain of more than 5 redirects, are named as such', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    t.server.alwaysFault(rel.path, { type: 'redirect', location: rel.path });
    const loop = await t.run(['install', '1.22.5']);
    expectFailure(loop, 1);
    expect(loop.stderr, describeRun(loop)).toMatch(/127\.0\.0\.1:\d+ redirects in a loop .*go1\.22\.5/);
    expect(oneLine(loop.stderr)).toBe(1);
    for (let i = 0; i < 7; i++) t.server.alwaysFault(i === 0 ? rel.path : `/hop${i}`, { type: 'redirect', location: `/hop${i + 1}` });
    const chain = await t.run(['install', '1.22.5']);
    expectFailure(chain, 1);
    expect(chain.stderr, describeRun(chain)).toMatch(/redirected more than 5 times/);
    expect(oneLine(chain.stderr)).toBe(1);
  });

  it('a proxy variable that is not a URL is named, not "internal error: Invalid URL"', async () => {
    const t = await setupE2E();
    const r = await t.run(['install', '1.22.5'], { HTTP_PROXY: 'proxy.corp:3128:x' });
    expectFailure(r, [1, 2]);
    expect(r.stderr, describeRun(r)).toMatch(/HTTP_PROXY="proxy\.corp:3128:x" is not a proxy URL/);
    expect(r.stderr).not.toMatch(/internal error|Invalid URL/);
    expect(t.server.count()).toBe(0);
  });

  it('a dead proxy is blamed on the proxy, not on the mirror', async () => {
    const t = await setupE2E();
    const proxy = await startProxy();
    const dead = proxy.url;
    await proxy.close();
    const r = await t.run(['install', '1.22.5'], { HTTP_PROXY: dead, GOSW_HTTP_RETRIES: '0', GOSW_MIRROR: t.server.mirrorUrl });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(
      new RegExp(`cannot reach the proxy ${new URL(dead).host} \\(HTTP_PROXY\\) for 127\\.0\\.0\\.1:${t.server.port}: connection refused`),
    );
    expect(t.server.count()).toBe(0);
  });

  it('an HTML login page served for the archive is named, not a sha256 mismatch', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    t.server.alwaysFault(rel.mirrorPath, { type: 'html' });
    const r = await t.run(['install', '1.22.5'], { GOSW_MIRROR: t.server.mirrorUrl });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(/served an HTML page instead of go1\.22\.5\..*\.tar\.gz \(a login page or captive portal\?\)/);
    expect(r.stderr).not.toMatch(/sha256 mismatch/);
    expect(t.server.count(rel.mirrorPath)).toBe(1);
    expectCleanAfterFailure(t.sb, V);
  });

  it('an HTML page saved under an archive name and given with --file is named', async () => {
    const t = await setupE2E({ releases: [] });
    const file = path.join(t.sb.work, archiveName(V));
    writeFileSync(file, '<!DOCTYPE html><html><body>Sign in</body></html>\n');
    const r = await t.run(['install', '--file', file, '--sha256', sha256('x')]);
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(/is an HTML page, not a Go archive/);
    expectNotInstalled(t.sb, V);
  });

  it.skipIf(skipNotice('bounds: ENOSPC', cannotMountTmpfs()))(
    'a full disk while unpacking names ENOSPC once (root: a real 2 MiB tmpfs as the store)',
    async () => {
      const t = await setupE2E({ releases: [] });
      t.server.addRelease(V, { toolchain: { extraFiles: 600, fillerSize: 8000 } });
      const mnt = path.join(t.sb.root, 'small');
      mkdirSync(mnt);
      const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mnt], { encoding: 'utf8' });
      expect(m.status, m.stderr).toBe(0);
      onTestFinished(() => void spawnSync('umount', ['-l', mnt]));
      const r = await t.run(['install', '1.22.5'], { GOSW_HOME: path.join(mnt, 'gosw') });
      expectFailure(r, 1);
      expect(r.stderr, describeRun(r)).toMatch(/cannot unpack .*ENOSPC/);
      expect(r.stderr.match(/ENOSPC/g)?.length, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/the disk is full/);
    },
  );
});
