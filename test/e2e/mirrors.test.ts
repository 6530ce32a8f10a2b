/**
 * GOSW_MIRROR as a list (issue 11), with GOPROXY's rules: `,` goes on only after 404/410, `|`
 * after any failure (a status, a stall, a cut body, bytes that fail the checksum), `off` ends the
 * list, and the official location (GOSW_DOWNLOAD_URL here) comes last. Two real loopback servers
 * play the mirrors; request counts show who was asked.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { describeRun } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { FakeGoServer } from '../helpers/server.js';
import { expectCleanAfterFailure, expectFailure, expectInstalled, expectSuccess } from '../helpers/store.js';
import { expectedVersionLine } from '../helpers/toolchain.js';

const V = 'go1.22.5';
const LINE = expectedVersionLine(V);

/** The test's fake go.dev (official location) plus a second server, both serving V's bytes. */
async function twoMirrors() {
  const t = await setupE2E({ releases: [V] });
  const rel = t.server.release(V);
  const b = await FakeGoServer.start();
  onTestFinished(() => b.close());
  b.addRelease(V, { tarball: rel.tarball });
  const a = t.server;
  const aHost = `127.0.0.1:${a.port}`;
  const bHost = `127.0.0.1:${b.port}`;
  return { t, a, b, rel, aHost, bHost, aPath: rel.mirrorPath, bPath: b.release(V).mirrorPath };
}

const gosw = (lines: string) => lines.split('\n').filter((l) => l.startsWith('gosw: mirror'));

describe('GOSW_MIRROR lists', () => {
  it('a,b with a=404: b is used, and a is reported in one line', async () => {
    const m = await twoMirrors();
    m.a.alwaysFault(m.aPath, { type: 'status', status: 404 });
    const r = await m.t.run(['install', '1.22.5'], { GOSW_MIRROR: `${m.a.mirrorUrl},${m.b.mirrorUrl}` });
    expectSuccess(r);
    expectInstalled(m.t.sb, V, LINE);
    expect(m.a.count(m.aPath)).toBe(1);
    expect(m.b.count(m.bPath)).toBe(1);
    expect(m.t.server.count(m.rel.path), 'the official location is not asked').toBe(0);
    expect(gosw(r.stderr)).toEqual([`gosw: mirror ${m.aHost}: HTTP 404 for ${m.rel.filename}; trying the next`]);
  });

  it('a,b with a=403: stops at a, b is never asked, and the error says why', async () => {
    const m = await twoMirrors();
    m.a.alwaysFault(m.aPath, { type: 'status', status: 403 });
    const r = await m.t.run(['install', '1.22.5'], { GOSW_MIRROR: `${m.a.mirrorUrl},${m.b.mirrorUrl}` });
    expectFailure(r, 1);
    expect(m.a.count(m.aPath)).toBe(1);
    expect(m.b.count()).toBe(0);
    expect(m.t.server.count(m.rel.path)).toBe(0);
    expect(r.stderr, describeRun(r)).toMatch(/HTTP 403/);
    expect(r.stderr).toMatch(/only when it has no such file, because a "," follows it; write "\|"/);
    expectCleanAfterFailure(m.t.sb, V);
  });

  it('a,b with bytes that fail the checksum at a: stops (a "," goes on only after not found)', async () => {
    const m = await twoMirrors();
    m.a.alwaysFault(m.aPath, { type: 'body', body: m.t.server.addRelease('go1.22.4').tarball });
    const r = await m.t.run(['install', '1.22.5'], { GOSW_MIRROR: `${m.a.mirrorUrl},${m.b.mirrorUrl}` });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toContain(`gosw: sha256 mismatch for ${m.rel.filename}`);
    expect(r.stderr).toMatch(/GOSW_MIRROR goes past 127\.0\.0\.1:\d+ only when it has no such file, because a "," follows it/);
    expect(m.b.count()).toBe(0);
    expect(m.t.server.count(m.rel.path)).toBe(0);
    expectCleanAfterFailure(m.t.sb, V);
  });

  const anyFailure: Array<[string, (m: Awaited<ReturnType<typeof twoMirrors>>) => void, RegExp]> = [
    ['403', (m) => m.a.alwaysFault(m.aPath, { type: 'status', status: 403 }), /HTTP 403 for/],
    ['500', (m) => m.a.alwaysFault(m.aPath, { type: 'status', status: 500 }), /HTTP 500 for/],
    ['a stall', (m) => m.a.alwaysFault(m.aPath, { type: 'stall', afterBytes: 500 }), /stalled at \d+ of \d+ bytes/],
    ['a cut body', (m) => m.a.alwaysFault(m.aPath, { type: 'truncate', afterBytes: 500 }), /was cut off|closed at \d+ of \d+ bytes/],
    [
      'bytes that fail the checksum',
      (m) => m.a.alwaysFault(m.aPath, { type: 'body', body: m.t.server.addRelease('go1.22.4').tarball }),
      /sha256 mismatch for/,
    ],
  ];
  for (const [what, fault, line] of anyFailure) {
    it(`a|b with ${what} at a: b is used, from a clean work dir`, async () => {
      const m = await twoMirrors();
      fault(m);
      const r = await m.t.run(['install', '1.22.5'], {
        GOSW_MIRROR: `${m.a.mirrorUrl}|${m.b.mirrorUrl}`,
        GOSW_HTTP_RETRIES: '1',
        GOSW_HTTP_BACKOFF_MS: '1',
        GOSW_HTTP_TIMEOUT: '1',
      });
      expectSuccess(r);
      expectInstalled(m.t.sb, V, LINE);
      expect(m.b.count(m.bPath), describeRun(r)).toBe(1);
      expect(m.t.server.count(m.rel.path)).toBe(0);
      const lines = gosw(r.stderr);
      expect(lines, describeRun(r)).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^gosw: mirror ${m.aHost}: `));
      expect(lines[0]).toMatch(line);
      expect(lines[0]).toMatch(/; trying the next$/);
    });
  }

  it('a,off with a=404: an error naming off; the official location is not asked', async () => {
    const m = await twoMirrors();
    m.a.alwaysFault(m.aPath, { type: 'status', status: 404 });
    const r = await m.t.run(['install', '1.22.5'], { GOSW_MIRROR: `${m.a.mirrorUrl},off` });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toContain(
      `gosw: GOSW_MIRROR ends with "off", so ${m.rel.filename} is not downloaded from anywhere else: mirror ${m.aHost}: HTTP 404 for ${m.rel.filename}`,
    );
    expect(m.t.server.count(m.rel.path)).toBe(0);
    expectCleanAfterFailure(m.t.sb, V);
  });

  it('a single mirror without the file falls back to the official location', async () => {
    const m = await twoMirrors();
    m.a.alwaysFault(m.aPath, { type: 'status', status: 404 });
    const r = await m.t.run(['install', '1.22.5'], { GOSW_MIRROR: m.a.mirrorUrl });
    expectSuccess(r);
    expect(m.t.server.count(m.rel.path)).toBe(1);
    expectInstalled(m.t.sb, V, LINE);
  });

  it('all failing: one error listing each mirror, nothing in the store', async () => {
    const m = await twoMirrors();
    m.a.alwaysFault(m.aPath, { type: 'status', status: 500 });
    m.b.alwaysFault(m.bPath, { type: 'status', status: 404 });
    m.t.server.alwaysFault(m.rel.path, { type: 'status', status: 410 });
    const r = await m.t.run(['install', '1.22.5'], {
      GOSW_MIRROR: `${m.a.mirrorUrl}|${m.b.mirrorUrl}`,
      GOSW_HTTP_RETRIES: '0',
    });
    expectFailure(r, 1);
    const official = `127.0.0.1:${m.t.server.port}`;
    expect(r.stderr, describeRun(r)).toContain(
      `gosw: no mirror could give ${m.rel.filename}: mirror ${m.aHost}: HTTP 500 for ${m.rel.filename}; mirror ${m.bHost}: HTTP 404 for ${m.rel.filename}; ${official}: HTTP 410 for ${m.rel.filename}`,
    );
    expect([m.a.count(m.aPath), m.b.count(m.bPath), m.t.server.count(m.rel.path)]).toEqual([1, 1, 1]);
    expectCleanAfterFailure(m.t.sb, V);
  });
});
