/** HTTP behaviour: status codes and retries, timeouts, broken bodies and indexes, mirror, proxies, index cache. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun } from '../helpers/cli.js';
import { setupE2E, startProxy } from '../helpers/e2e.js';
import { INDEX_PATH } from '../helpers/server.js';
import {
  expectCleanAfterFailure,
  expectFailure,
  expectInstalled,
  expectNoVersions,
  expectSuccess,
  expectTmpEmpty,
} from '../helpers/store.js';
import { expectedVersionLine } from '../helpers/toolchain.js';

const V = 'go1.22.5';
const LINE = expectedVersionLine(V);

describe('HTTP status codes and retries', () => {
  it('404 on the archive: fails naming 404 after exactly one request', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    t.server.alwaysFault(rel.path, { type: 'status', status: 404 });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('404');
    expect(t.server.count(rel.path)).toBe(1);
    expectCleanAfterFailure(t.sb, V);
  });

  it('403 on the archive is not retried either', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    t.server.alwaysFault(rel.path, { type: 'status', status: 403 });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('403');
    expect(t.server.count(rel.path)).toBe(1);
    expectCleanAfterFailure(t.sb, V);
  });

  it('404 on the index: fails naming 404 after exactly one request', async () => {
    const t = await setupE2E();
    t.server.alwaysFault(INDEX_PATH, { type: 'status', status: 404 });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('404');
    expect(t.server.count(INDEX_PATH)).toBe(1);
    expectNoVersions(t.sb);
  });

  it('500, 500, 200 on the archive: succeeds after two retries', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    t.server.statusSequence(rel.path, [500, 500, 200]);
    const r = await t.run(['install', '1.22.5']);
    expectSuccess(r);
    expect(t.server.count(rel.path)).toBe(3);
    expect(t.server.countStatus(rel.path, 500)).toBe(2);
    expectInstalled(t.sb, V, LINE);
    expectTmpEmpty(t.sb, { mustExist: true });
  });

  it('503, 502, 200 on the index: succeeds after retries', async () => {
    const t = await setupE2E();
    t.server.statusSequence(INDEX_PATH, [503, 502, 200]);
    const r = await t.run(['install', '1.22.5']);
    expectSuccess(r);
    expect(t.server.count(INDEX_PATH)).toBe(3);
    expectInstalled(t.sb, V, LINE);
  });

  it('a reset connection is retried', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    t.server.setFaults(rel.path, [{ type: 'reset' }]);
    const r = await t.run(['install', '1.22.5']);
    expectSuccess(r);
    expect(t.server.count(rel.path)).toBe(2);
    expectInstalled(t.sb, V, LINE);
  });

  it('a persistent 500 gives up after GOSW_HTTP_RETRIES retries', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    t.server.alwaysFault(rel.path, { type: 'status', status: 500 });
    const r = await t.run(['install', '1.22.5'], { GOSW_HTTP_RETRIES: '2' });
    expectFailure(r, 1);
    expect(r.stderr).toContain('500');
    expect(t.server.count(rel.path)).toBe(3);
    expectCleanAfterFailure(t.sb, V);
  });

  it('GOSW_HTTP_RETRIES defaults to 3, and 0 disables retries', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    t.server.alwaysFault(rel.path, { type: 'status', status: 502 });
    expectFailure(await t.run(['install', '1.22.5']), 1);
    expect(t.server.count(rel.path)).toBe(4);
    t.server.resetCounters();
    expectFailure(await t.run(['install', '1.22.5'], { GOSW_HTTP_RETRIES: '0' }), 1);
    expect(t.server.count(rel.path)).toBe(1);
    expectCleanAfterFailure(t.sb, V);
  });
});

describe('timeouts', () => {
  it('an archive download that stalls mid-body times out (GOSW_HTTP_TIMEOUT=1) within a bounded time', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: { toolchain: { extraFiles: 100 } } } });
    const rel = t.server.release(V);
    t.server.alwaysFault(rel.path, { type: 'stall', afterBytes: 2048 });
    const r = await t.run(['install', '1.22.5'], { GOSW_HTTP_TIMEOUT: '1', GOSW_HTTP_RETRIES: '1' }, { timeoutMs: 40_000 });
    expect(r.timedOut, describeRun(r)).toBe(false);
    expectFailure(r, 1);
    expect(r.stderr).toContain('timed out');
    expect(r.durationMs).toBeGreaterThanOrEqual(1000);
    expect(r.durationMs).toBeLessThan(15_000);
    expectCleanAfterFailure(t.sb, V);
  });

  it('an index request that never gets headers times out, also with a fractional timeout', async () => {
    const t = await setupE2E();
    t.server.alwaysFault(INDEX_PATH, { type: 'stall' });
    const r = await t.run(['install', '1.22.5'], { GOSW_HTTP_TIMEOUT: '0.5' }, { timeoutMs: 40_000 });
    expect(r.timedOut, describeRun(r)).toBe(false);
    expectFailure(r, 1);
    expect(r.stderr).toContain('timed out');
    expect(r.durationMs).toBeGreaterThanOrEqual(500);
    expect(r.durationMs).toBeLessThan(15_000);
    expectNoVersions(t.sb);
  });

  it('a slow but steady download is not a timeout', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: { toolchain: { extraFiles: 100 } } } });
    const rel = t.server.release(V);
    // ~4 KiB every 300 ms: the whole download takes longer than the 1 s idle timeout, no gap does.
    t.server.throttle(rel.path, { bytesPerTick: Math.ceil(rel.tarball.length / 8), tickMs: 300 });
    const r = await t.run(['install', '1.22.5'], { GOSW_HTTP_TIMEOUT: '1' });
    expectSuccess(r);
    expect(r.durationMs).toBeGreaterThan(2000);
    expect(t.server.count(rel.path)).toBe(1);
    expectInstalled(t.sb, V, LINE);
  });
});

describe('broken bodies', () => {
  it('an index served as HTML (captive portal) is named as such', async () => {
    const t = await setupE2E();
    t.server.alwaysFault(INDEX_PATH, { type: 'html' });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('HTML');
    expectNoVersions(t.sb);
  });

  it('an index served as HTML with a JSON content type is still recognised', async () => {
    const t = await setupE2E();
    t.server.alwaysFault(INDEX_PATH, {
      type: 'body',
      body: '<!DOCTYPE html>\n<html><body>blocked</body></html>\n',
      contentType: 'application/json',
    });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('HTML');
  });

  it('a truncated JSON index is not valid JSON', async () => {
    const t = await setupE2E();
    const body = t.server.indexBody();
    t.server.setIndexBody(body.subarray(0, Math.floor(body.length / 2)));
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('not valid JSON');
    expectNoVersions(t.sb);
  });

  it('garbage is not valid JSON', async () => {
    const t = await setupE2E();
    t.server.setIndexBody('{this is not json');
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('not valid JSON');
  });

  it('JSON of the wrong shape is unexpected', async () => {
    const t = await setupE2E();
    t.server.setIndexBody('{"a":1}');
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('unexpected');
    expectNoVersions(t.sb);
  });

  it('an index body cut off by the connection fails cleanly', async () => {
    const t = await setupE2E();
    t.server.alwaysFault(INDEX_PATH, { type: 'truncate', afterBytes: 100 });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expectNoVersions(t.sb);
    expectTmpEmpty(t.sb);
  });

  it('a truncated archive (connection cut before Content-Length) installs nothing', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: { toolchain: { extraFiles: 200 } } } });
    const rel = t.server.release(V);
    t.server.alwaysFault(rel.path, { type: 'truncate', afterBytes: Math.floor(rel.tarball.length / 2) });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(t.server.count(rel.path)).toBeGreaterThanOrEqual(1);
    expectCleanAfterFailure(t.sb, V);
    // Once the server behaves, the install works at once.
    t.server.clearFaults();
    const again = await t.run(['install', '1.22.5']);
    expectSuccess(again);
    expectInstalled(t.sb, V, LINE);
    expectTmpEmpty(t.sb, { mustExist: true });
  });
  // A cut body being retried is asserted in bounds.test.ts.
});

describe('GOSW_MIRROR', () => {
  it('downloads from <mirror>/<filename> and never from the official URL', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    const r = await t.run(['install', '1.22.5'], { GOSW_MIRROR: t.server.mirrorUrl });
    expectSuccess(r);
    expect(t.server.count(rel.mirrorPath)).toBe(1);
    expect(t.server.requests().filter((q) => q.path.startsWith('/dl/'))).toEqual([]);
    // Checksums come from the index, never from the mirror.
    expect(
      t.server
        .requests()
        .filter((q) => q.path.startsWith('/mirror/'))
        .map((q) => q.path),
    ).toEqual([rel.mirrorPath]);
    expectInstalled(t.sb, V, LINE);
  });

  it('a mirror serving other bytes fails the official checksum', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    const other = t.server.release('go1.22.4').tarball; // a perfectly valid toolchain, just not this one
    t.server.alwaysFault(rel.mirrorPath, { type: 'body', body: other });
    const r = await t.run(['install', '1.22.5'], { GOSW_MIRROR: t.server.mirrorUrl });
    expectFailure(r, 1);
    expect(r.stderr).toContain('sha256 mismatch');
    expect(r.stderr).toContain(rel.sha256);
    expect(r.stderr).toContain(t.server.release('go1.22.4').actualSha256);
    expectCleanAfterFailure(t.sb, V);
  });
});

describe('proxies', () => {
  for (const name of ['HTTP_PROXY', 'http_proxy']) {
    it(`${name} routes index and archive requests through the proxy`, async () => {
      const t = await setupE2E();
      const proxy = await startProxy();
      const r = await t.run(['install', '1.22.5'], { [name]: proxy.url });
      expectSuccess(r);
      expectInstalled(t.sb, V, LINE);
      expect(proxy.count).toBeGreaterThanOrEqual(1);
      expect(
        proxy.records.every((p) => p.target.includes(`127.0.0.1:${t.server.port}`)),
        JSON.stringify(proxy.records),
      ).toBe(true);
      expect(t.server.count(INDEX_PATH)).toBe(1);
      expect(t.server.count(t.server.release(V).path)).toBe(1);
    });
  }

  for (const [proxyVar, noProxyVar] of [
    ['HTTP_PROXY', 'NO_PROXY'],
    ['http_proxy', 'no_proxy'],
  ] as const) {
    it(`${noProxyVar}=127.0.0.1 bypasses ${proxyVar}`, async () => {
      const t = await setupE2E();
      const proxy = await startProxy();
      const r = await t.run(['install', '1.22.5'], { [proxyVar]: proxy.url, [noProxyVar]: '127.0.0.1' });
      expectSuccess(r);
      expect(proxy.count).toBe(0);
      expectInstalled(t.sb, V, LINE);
    });
  }

  it('HTTPS_PROXY alone is not used for http:// URLs', async () => {
    const t = await setupE2E();
    const proxy = await startProxy();
    const r = await t.run(['install', '1.22.5'], { HTTPS_PROXY: proxy.url });
    expectSuccess(r);
    expect(proxy.count).toBe(0);
  });

  it('an unreachable proxy is an error, not a silent direct connection', async () => {
    const t = await setupE2E();
    const proxy = await startProxy();
    const dead = proxy.url;
    await proxy.close();
    const r = await t.run(['install', '1.22.5'], { HTTP_PROXY: dead, GOSW_HTTP_RETRIES: '0' });
    expectFailure(r, 1);
    expect(t.server.count()).toBe(0);
    expectNoVersions(t.sb);
  });
});

describe('index cache', () => {
  it('within the TTL a second install makes no index request', async () => {
    const t = await setupE2E();
    expectSuccess(await t.run(['install', '1.22.5']));
    expectSuccess(await t.run(['install', '1.21.13']));
    expect(t.server.count(INDEX_PATH)).toBe(1);
    expectInstalled(t.sb, 'go1.21.13', expectedVersionLine('go1.21.13'));
    const cached = path.join(t.sb.cacheDir, 'index.json');
    expect(existsSync(cached)).toBe(true);
    expect(JSON.parse(readFileSync(cached, 'utf8'))).toEqual(JSON.parse(t.server.indexBody().toString()));
  });

  it('with GOSW_INDEX_TTL=0 it revalidates with If-None-Match and uses the cache on 304', async () => {
    const t = await setupE2E();
    expectSuccess(await t.run(['install', '1.22.5'], { GOSW_INDEX_TTL: '0' }));
    const r = await t.run(['install', '1.21.13'], { GOSW_INDEX_TTL: '0' });
    expectSuccess(r);
    const reqs = t.server.requests(INDEX_PATH);
    expect(reqs).toHaveLength(2);
    expect(reqs[1]!.headers['if-none-match']).toBe(t.server.indexEtag());
    expect(t.server.countStatus(INDEX_PATH, 304)).toBe(1);
    expectInstalled(t.sb, 'go1.21.13', expectedVersionLine('go1.21.13'));
  });

  it('a changed index is fetched again (200) when revalidating', async () => {
    const t = await setupE2E();
    expectSuccess(await t.run(['list-remote'], { GOSW_INDEX_TTL: '0' }));
    t.server.addRelease('go1.22.6');
    const r = await t.run(['install', '1.22'], { GOSW_INDEX_TTL: '0' });
    expectSuccess(r);
    expect(r.stdout).toContain('installed go1.22.6 in');
    expect(t.server.countStatus(INDEX_PATH, 304)).toBe(0);
    expect(t.server.countStatus(INDEX_PATH, 200)).toBe(2);
  });

  it('--offline with an empty cache fails clearly and makes no request', async () => {
    const t = await setupE2E();
    const inst = await t.run(['install', '--offline', '1.22.5']);
    expectFailure(inst, 1);
    expect(inst.stderr).toContain('offline');
    const list = await t.run(['list-remote', '--offline']);
    expectFailure(list, 1);
    expect(list.stderr).toContain('offline');
    expect(t.server.count()).toBe(0);
    expectNoVersions(t.sb);
  });

  it('--offline uses a cached index even with the server gone (and ignores the TTL)', async () => {
    const t = await setupE2E();
    const online = await t.run(['list-remote']);
    expectSuccess(online);
    expect(online.stdout).toContain('1.22.5');
    await t.server.close();
    const r = await t.run(['list-remote', '--offline'], { GOSW_INDEX_TTL: '0' });
    expectSuccess(r);
    expect(r.stdout).toContain('1.22.5');
    expect(r.stdout).toContain('1.21.13');
  });
});
