/**
 * The release index is the trust root: its sha256 values decide what gets installed. An upper-case
 * digest in it is still a digest; a plain-http index URL off this machine is said out loud, once.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupE2E, type E2E } from '../helpers/e2e.js';
import { expectInstalled, expectSuccess } from '../helpers/store.js';
import { expectedVersionLine } from '../helpers/toolchain.js';

describe('an upper-case sha256 in the index', () => {
  it('installs the release (and the checksum is still checked: a wrong upper-case digest is refused)', async () => {
    const e = await setupE2E({ releases: ['go1.22.5', 'go1.21.13'] });
    const rel = e.server.release('go1.22.5');
    e.server.updateRelease('go1.22.5', { sha256: rel.sha256.toUpperCase() });
    const r = await e.run(['install', '1.22.5']);
    expectSuccess(r);
    expectInstalled(e.sb, 'go1.22.5', expectedVersionLine('go1.22.5'));

    const real = e.server.release('go1.21.13').sha256;
    const wrong = real.replace(/^./, (c) => (c === '0' ? '1' : '0')).toUpperCase();
    e.server.updateRelease('go1.21.13', { sha256: wrong });
    const bad = await e.run(['install', '1.21.13'], { GOSW_INDEX_TTL: '0' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`expected ${wrong.toLowerCase()}, got ${real}`);
  });
});

/** A cached index as if fetched from `url` just now, so --offline runs use it with no network. */
function cacheIndexFrom(e: E2E, url: string): void {
  mkdirSync(e.sb.cacheDir, { recursive: true });
  writeFileSync(path.join(e.sb.cacheDir, 'index.json'), e.server.indexBody());
  writeFileSync(path.join(e.sb.cacheDir, 'index.meta.json'), JSON.stringify({ url, fetchedAt: Date.now() }));
}

const WARNING =
  /^gosw: warning: GOSW_INDEX_URL is plain http \(http:\/\/192\.0\.2\.1\/dl\/index\.json\): the release index vouches for every checksum, so anyone on the network path can change what gets installed; use https$/;

describe('GOSW_INDEX_URL over plain http', () => {
  it('to another machine: one warning line per command run', async () => {
    const e = await setupE2E();
    const url = 'http://192.0.2.1/dl/index.json'; // TEST-NET-1: never contacted (--offline, cached)
    cacheIndexFrom(e, url);
    const r = await e.run(['list-remote', '--offline'], { GOSW_INDEX_URL: url });
    expectSuccess(r);
    expect(r.stdout).toContain('1.22.5');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(WARNING);

    // a command that loads the index twice (two specs) still says it once
    const two = await e.run(['install', '--offline', '1.22.5', '1.21.13'], { GOSW_INDEX_URL: url });
    expect(
      two.stderr.split('\n').filter((l) => WARNING.test(l)),
      two.stderr,
    ).toHaveLength(1);
  });

  it('https, or http to this machine (loopback): no warning', async () => {
    const e = await setupE2E();
    const https = 'https://192.0.2.1/dl/index.json';
    cacheIndexFrom(e, https);
    const r = await e.run(['list-remote', '--offline'], { GOSW_INDEX_URL: https });
    expectSuccess(r);
    expect(r.stderr).toBe('');
    // the fake go.dev is http://127.0.0.1:<port>
    expect(e.server.indexUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
    const local = await e.run(['list-remote']);
    expectSuccess(local);
    expect(local.stderr).toBe('');
  });
});
