/**
 * `gosw mirror sync` killed with SIGKILL: the tree it was updating still verifies (every file went
 * in by rename, the sumdb subtree by one symlink rename, the listings last), a second sync on the
 * same tree is stopped by the lock while the first runs, and a re-run completes. The kill points
 * are chosen by progress lines the sync prints, never by timers.
 */
import { readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, type Env } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { canBuildGosumdb, moduleVersion, startGosumdb } from '../helpers/gosumdb.js';
import { expectFailure, expectSuccess } from '../helpers/store.js';
import { archiveName } from '../helpers/toolchain.js';
import { waitFor } from '../helpers/tmp.js';

const RELEASES = ['go1.22.5', 'go1.21.13'];

async function world() {
  const t = await setupE2E({ releases: RELEASES });
  const db = await startGosumdb({ releases: RELEASES, pad: 300 });
  const env: Env = { GOPROXY: db.url, GOSUMDB: db.vkey, GOENV: 'off' };
  const dir = path.join(t.sb.root, 'mirror');
  return {
    t,
    db,
    dir,
    env,
    sync: (args: string[]) => t.run(['mirror', 'sync', dir, ...args], env),
    spawnSync: (args: string[]) => t.spawn(['mirror', 'sync', dir, ...args], env, { timeoutMs: 120_000 }),
    verify: () => t.run(['mirror', 'verify', dir], env),
  };
}

const listed = (dir: string) => readFileSync(path.join(dir, 'proxy/golang.org/toolchain/@v/list'), 'utf8');
const indexed = (dir: string) =>
  (JSON.parse(readFileSync(path.join(dir, 'dl/index.json'), 'utf8')) as Array<{ version: string }>).map((r) => r.version);

describe.skipIf(!canBuildGosumdb())('gosw mirror sync under kill -9', () => {
  it('killed mid-download: the lock stops a second sync, the old tree still verifies, a re-run completes', async () => {
    const { t, dir, sync, spawnSync, verify } = await world();
    expectSuccess(await sync(['--versions', '1.21']));
    const gen = readlinkSync(path.join(dir, 'proxy', 'sumdb'));
    // The new archive's body is held after its headers: the sync sits mid-download.
    const tar = `/dl/${archiveName('go1.22.5')}`;
    t.server.gate(tar, { afterHeaders: true });
    const p = spawnSync(['--versions', '1.22']);
    await waitFor(() => p.stderr().includes(`fetching ${archiveName('go1.22.5')}`), { timeoutMs: 60_000, message: 'the progress line' });
    await waitFor(() => t.server.count(tar) > 0, { timeoutMs: 60_000, message: 'the download to start' });

    const second = await sync(['--versions', '1.22']);
    expectFailure(second, 1);
    expect(second.stderr).toMatch(new RegExp(`another gosw is writing the mirror .*held by pid ${p.pid}`));

    const killed = await p.kill9();
    expect(killed.signal).toBe('SIGKILL');
    const v = await verify();
    expectSuccess(v);
    expect(indexed(dir)).toEqual(['go1.21.13']);
    expect(listed(dir)).toBe(`${moduleVersion('go1.21.13')}\n`);
    expect(readlinkSync(path.join(dir, 'proxy', 'sumdb'))).toBe(gen);

    t.server.clearFaults(tar);
    const r = await sync(['--versions', '1.22']);
    expectSuccess(r);
    expect(indexed(dir)).toEqual(['go1.22.5', 'go1.21.13']);
    expectSuccess(await verify());
  });

  it('killed wherever it is once the module phase starts: the tree verifies, and a re-run completes', async () => {
    const { dir, sync, spawnSync, verify } = await world();
    expectSuccess(await sync(['--versions', '1.21']));
    // Whatever point the kill lands on (zip in place, generation half-written, swapped, listed), the tree must verify.
    const p = spawnSync(['--versions', '1.22', '--format', 'module']);
    await waitFor(() => /fetching golang\.org\/toolchain@/.test(p.stderr()), { timeoutMs: 60_000, message: 'the module progress line' });
    await p.kill9();
    const v = await verify();
    expect(v.code, describeRun(v)).toBe(0);
    const r = await sync(['--versions', '1.22', '--format', 'module']);
    expectSuccess(r);
    expect(listed(dir)).toContain(moduleVersion('go1.22.5'));
    expectSuccess(await verify());
  });
});
