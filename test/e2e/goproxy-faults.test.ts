/**
 * Proxy faults, for `install` and `list-remote` alike, with the go command's GOPROXY rules: after
 * `,` only "not found" (404, 410) moves on; after `|` any error does; `off` fails wherever it is;
 * `direct` means "not from a proxy" for a toolchain. Two faulty fronts (test/helpers/goproxy-front.ts)
 * stand before one real proxy and checksum database (the gosumdb fixture) and count what they are
 * asked. Each hostile case: non-zero exit, a message naming the cause, nothing in the store.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, type RunResult } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { type Front, startFront } from '../helpers/goproxy-front.js';
import { canBuildGosumdb, startGosumdb } from '../helpers/gosumdb.js';
import { expectFailure, expectInstalled, expectNoVersions, expectSuccess, expectTmpEmpty } from '../helpers/store.js';
import { expectedVersionLine } from '../helpers/toolchain.js';

const V = 'go1.22.5';
const TOOLCHAIN = /^\/golang\.org\/toolchain\//;
const ZIP = /\.zip$/;
const LIST = /@v\/list$/;

describe.skipIf(!canBuildGosumdb())('Go module proxy faults: install and list-remote', () => {
  async function world() {
    const t = await setupE2E({ releases: [] });
    const db = await startGosumdb({ releases: ['go1.22.4', V], pad: 10 });
    const a = await startFront(db.url);
    const b = await startFront(db.url);
    const env = (goproxy: string, extra: Record<string, string> = {}) => ({
      GOPROXY: goproxy,
      // The database by URL: the fronts are asked for the toolchain only, so their counts are about it.
      GOSUMDB: `${db.vkey} ${db.url}/sumdb/${db.name}`,
      GOSW_SOURCE: 'goproxy',
      GOENV: 'off',
      GOSW_INDEX_TTL: '0',
      GOSW_HTTP_RETRIES: '1',
      ...extra,
    });
    return { t, db, a, b, env };
  }

  function expectNothingStored(t: Awaited<ReturnType<typeof world>>['t'], r: RunResult): void {
    expectFailure(r, 1);
    expectNoVersions(t.sb);
    expectTmpEmpty(t.sb);
    expect(r.stdout, describeRun(r)).toBe('');
  }

  describe.each([
    { sep: ',', status: 404 },
    { sep: ',', status: 410 },
    { sep: '|', status: 403 },
    { sep: '|', status: 500 },
  ])('a$sep b with a answering $status: b serves', ({ sep, status }) => {
    it('list-remote and install both come from b, saying why; provenance names b', async () => {
      const { t, a, b, env } = await world();
      a.fault(TOOLCHAIN, { type: 'status', status });
      const e = env(`${a.url}${sep}${b.url}`);
      const list = await t.run(['list-remote', '--json'], e);
      expectSuccess(list);
      expect((JSON.parse(list.stdout) as { name: string }[]).map((r) => r.name)).toEqual([V, 'go1.22.4']);
      expect(list.stderr, describeRun(list)).toContain(`answered HTTP ${status}; trying ${b.url}`);
      expect(list.stderr).toContain(`from the Go module proxy ${b.url} `);
      expect(a.count(LIST)).toBeGreaterThanOrEqual(1);
      expect(b.count(LIST)).toBe(1);

      const r = await t.run(['install', '1.22.5'], e);
      expectSuccess(r);
      expect(r.stderr, describeRun(r)).toContain(`answered HTTP ${status}; trying ${b.url}`);
      expectInstalled(t.sb, V, expectedVersionLine(V));
      expect(a.count(ZIP)).toBeGreaterThanOrEqual(1);
      expect(b.count(ZIP)).toBe(1);
      const prov = JSON.parse(readFileSync(path.join(t.sb.version(V), '.gosw.json'), 'utf8')) as { proxy: string };
      expect(prov.proxy).toBe(b.url);
    });
  });

  describe.each([403, 500])('a,b with a answering %i: stops at a', (status) => {
    it('list-remote and install fail naming the status; b is never asked; nothing stored', async () => {
      const { t, a, b, env } = await world();
      a.fault(TOOLCHAIN, { type: 'status', status });
      const e = env(`${a.url},${b.url}`);
      const list = await t.run(['list-remote'], e);
      expectNothingStored(t, list);
      expect(list.stderr, describeRun(list)).toMatch(new RegExp(`GET ${a.url}/golang\\.org/toolchain/@v/list answered HTTP ${status}`));
      const r = await t.run(['install', '1.22.5'], e);
      expectNothingStored(t, r);
      expect(r.stderr, describeRun(r)).toMatch(new RegExp(`GET ${a.url}/golang\\.org/toolchain/@v/\\S+\\.zip answered HTTP ${status}`));
      if (status === 403) expect(r.stderr).toMatch(/\.netrc/);
      // 500 is retried (GOSW_HTTP_RETRIES=1), 403 is not; b sees nothing either way.
      expect(a.count(ZIP)).toBe(status === 500 ? 2 : 1);
      expect(b.requests).toEqual([]);
    });
  });

  describe('a proxy that stalls mid-body (a drip below the low-speed floor)', () => {
    const slow = { GOSW_HTTP_TIMEOUT: '2' };

    it('alone: retried, then reported as a stall; nothing stored', async () => {
      const { t, a, env } = await world();
      a.fault(ZIP, { type: 'drip', afterBytes: 4096 });
      a.fault(LIST, { type: 'drip', afterBytes: 10 });
      const e = env(a.url, slow);
      const r = await t.run(['install', '1.22.5'], e);
      expectNothingStored(t, r);
      expect(r.stderr, describeRun(r)).toMatch(/127\.0\.0\.1:\d+ stalled at \d+ of \d+ bytes; retrying/);
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('gosw: '))
          .at(-1),
      ).toMatch(/stalled at \d+ of \d+ bytes/);
      expect(a.count(ZIP)).toBe(2);
      const list = await t.run(['list-remote'], e);
      expectNothingStored(t, list);
      expect(list.stderr, describeRun(list)).toMatch(/stalled at \d+ of \d+ bytes/);
      expect(a.count(LIST)).toBe(2);
    });

    it('a|b: after a stalls (and is retried), b serves (zip and list); a,b: b is never asked', async () => {
      const { t, a, b, env } = await world();
      a.fault(ZIP, { type: 'drip', afterBytes: 4096 });
      const comma = await t.run(['install', '1.22.5'], env(`${a.url},${b.url}`, slow));
      expectNothingStored(t, comma);
      expect(comma.stderr, describeRun(comma)).toMatch(/stalled at \d+ of \d+ bytes/);
      expect(b.requests).toEqual([]);

      const pipe = await t.run(['install', '1.22.5'], env(`${a.url}|${b.url}`, slow));
      expectSuccess(pipe);
      expect(pipe.stderr, describeRun(pipe)).toMatch(new RegExp(`stalled at \\d+ of \\d+ bytes; trying ${b.url.replace(/\./g, '\\.')}`));
      expectInstalled(t.sb, V, expectedVersionLine(V));
      expect(b.count(ZIP)).toBe(1);

      a.fault(LIST, { type: 'drip', afterBytes: 10 });
      const list = await t.run(['list-remote'], env(`${a.url}|${b.url}`, slow));
      expectSuccess(list);
      expect(list.stderr, describeRun(list)).toMatch(/stalled at \d+ of \d+ bytes; trying/);
      expect(list.stdout.trim().split('\n')).toEqual([`${V}  (installed)`, 'go1.22.4']);
      expect(b.count(LIST)).toBe(1);
    });
  });

  describe('off and direct', () => {
    it.each([
      { goproxy: () => 'off', asked: false },
      { goproxy: (a: Front) => `off,${a.url}`, asked: false },
      { goproxy: (a: Front) => `${a.url},off`, asked: true },
      { goproxy: (a: Front) => `${a.url}|off`, asked: true },
    ])('off anywhere fails with GOPROXY=off (case %#); what comes after it is never asked', async ({ goproxy, asked }) => {
      const { t, a, env } = await world();
      a.fault(TOOLCHAIN, { type: 'status', status: 404 });
      const e = env(goproxy(a));
      for (const args of [['list-remote'], ['install', '1.22.5']]) {
        const r = await t.run(args, e);
        expectNothingStored(t, r);
        expect(r.stderr, describeRun(r)).toMatch(/cannot get the toolchain module: GOPROXY=off forbids downloading modules/);
      }
      expect(a.requests.length > 0).toBe(asked);
    });

    it('a,direct with a not having it: "direct" means not from a proxy', async () => {
      const { t, a, env } = await world();
      a.fault(TOOLCHAIN, { type: 'status', status: 404 });
      const e = env(`${a.url},direct`);
      for (const args of [['list-remote'], ['install', '1.22.5']]) {
        const r = await t.run(args, e);
        expectNothingStored(t, r);
        expect(r.stderr, describeRun(r)).toMatch(/cannot get the toolchain module: .*"direct" means not from a proxy/);
        expect(r.stderr).toMatch(/--source godev/);
      }
      expect(a.count(LIST)).toBe(1);
      expect(a.count(ZIP)).toBe(1);
    });
  });
});
