import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupE2E } from '../helpers/e2e.js';

describe('a store gosw cannot write', () => {
  it('fails at once with a one-line error, before any download (also where mkdir -p would spin: procfs)', async () => {
    const e = await setupE2E();
    const r = await e.run(['install', '1.22.5'], { GOSW_HOME: '/proc/gosw-no-such-dir' }, { timeoutMs: 15_000 });
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gosw: cannot create the gosw store at \/proc\/gosw-no-such-dir \(ENOENT\)\n {2}hint: /);
    expect(e.server.requests()).toHaveLength(0);
  });

  // Root writes anyway, so this one needs another user; the procfs case above runs everywhere.
  it.skipIf(process.getuid?.() === 0)('names the store and the fix when it is read-only', async () => {
    const e = await setupE2E();
    const ro = path.join(e.sb.root, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o500);
    const r = await e.run(['install', '1.22.5'], { GOSW_HOME: path.join(ro, 'store') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot create the gosw store .* \(EACCES\)/);
  });
});

describe('a damaged index cache', () => {
  it('offline: says which file is damaged and how to refetch it', async () => {
    const e = await setupE2E();
    expect((await e.run(['list-remote'])).code).toBe(0); // fills the cache
    writeFileSync(path.join(e.sb.cacheDir, 'index.json'), '[{"version":"go1.22.5","stab');
    const r = await e.run(['list-remote', '--offline']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gosw: the cached release index .*index\.json is damaged\n {2}hint: run once without --offline/);
  });

  it('online: fetched again, as if there were none', async () => {
    const e = await setupE2E();
    expect((await e.run(['list-remote'])).code).toBe(0);
    writeFileSync(path.join(e.sb.cacheDir, 'index.json'), 'garbage');
    const before = e.server.count('/index.json');
    const r = await e.run(['list-remote'], { GOSW_INDEX_TTL: '0' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('go1.22.5');
    expect(e.server.count('/index.json')).toBe(before + 1);
  });
});
