/**
 * `gosw list-remote` from a Go module proxy: the proxy's golang.org/toolchain/@v/list, walked with
 * GOPROXY's rules, filtered to this platform, sorted as Go versions, cached with the index's TTL
 * (--offline reads the cache only); one line says which source and proxy, --json carries it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeRun } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { startFront } from '../helpers/goproxy-front.js';
import { canBuildGosumdb, moduleVersion, startGosumdb } from '../helpers/gosumdb.js';
import { expectFailure, expectSuccess } from '../helpers/store.js';
import { platform } from '../helpers/toolchain.js';

interface Row {
  name: string;
  stable: boolean;
  installed: boolean;
  source: string;
}

describe('list-remote from a file:// module proxy', () => {
  it("keeps this platform's lines only, valid names only, sorted newest first; --all adds prereleases", async () => {
    const t = await setupE2E({ releases: [] });
    const tree = path.join(t.sb.root, 'mirror');
    mkdirSync(path.join(tree, 'golang.org', 'toolchain', '@v'), { recursive: true });
    const p = platform();
    const other = p.os === 'linux' ? 'windows-amd64' : 'linux-amd64';
    const lines = [
      `${moduleVersion('go1.21.13')} 2024-08-06T00:00:00Z`,
      moduleVersion('go1.22.10'),
      `v0.0.1-go1.25.0.${other}`, // another platform
      moduleVersion('go1.22.9'),
      moduleVersion('go1.23rc1'),
      moduleVersion('go1.23.0'),
      `v0.0.1-go1.99.${p.os}-${p.arch}x`, // a longer arch: not ours
      'v0.0.1-../../etc.' + `${p.os}-${p.arch}`, // not a release name
      'v1.0.0',
      '',
    ];
    writeFileSync(path.join(tree, 'golang.org', 'toolchain', '@v', 'list'), lines.join('\n'));
    const env = { GOPROXY: pathToFileURL(tree).href, GOSW_SOURCE: 'goproxy', GOENV: 'off' };
    const r = await t.run(['list-remote'], env);
    expectSuccess(r);
    expect(r.stdout.trim().split('\n')).toEqual(['go1.23.0', 'go1.22.10', 'go1.22.9']);
    expect(r.stderr).toMatch(
      new RegExp(`versions for ${p.os}-${p.arch} from the Go module proxy file://\\S+/mirror \\(GOSW_SOURCE=goproxy\\)`),
    );
    const all = await t.run(['list-remote', '--all', '--json'], env);
    expectSuccess(all);
    const rows = JSON.parse(all.stdout) as Row[];
    expect(rows.map((e) => e.name)).toEqual(['go1.23.0', 'go1.23rc1', 'go1.22.10', 'go1.22.9', 'go1.21.13']);
    expect(rows.every((e) => e.source === 'goproxy' && !e.installed)).toBe(true);
    expect(rows.find((e) => e.name === 'go1.23rc1')?.stable).toBe(false);
    const prefix = await t.run(['list-remote', '1.22'], env);
    expect(prefix.stdout.trim().split('\n')).toEqual(['go1.22.10', 'go1.22.9']);
  });

  it('go.dev stays the source when GOPROXY is the default, and --json says so', async () => {
    const t = await setupE2E();
    const r = await t.run(['list-remote', '--json'], { GOENV: 'off' });
    expectSuccess(r);
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((e) => e.source === 'godev')).toBe(true);
  });
});

describe.skipIf(!canBuildGosumdb())('list-remote from the fixture proxy', () => {
  it('auto picks the proxy GOPROXY names; the list is cached (TTL), --offline reads only the cache', async () => {
    const t = await setupE2E({ releases: [] });
    const db = await startGosumdb({ releases: ['go1.22.4', 'go1.22.5', 'go1.23rc1'], pad: 10 });
    const front = await startFront(db.url);
    const env = { GOPROXY: front.url, GOENV: 'off' };
    const r = await t.run(['list-remote', '--all', '--json'], env);
    expectSuccess(r);
    expect(r.stderr, describeRun(r)).toMatch(
      /from the Go module proxy http:\/\/127\.0\.0\.1:\d+ \(auto: GOPROXY=http:\/\/127\.0\.0\.1:\d+\)/,
    );
    const rows = JSON.parse(r.stdout) as Row[];
    expect(rows.map((e) => [e.name, e.stable, e.source])).toEqual([
      ['go1.23rc1', false, 'goproxy'],
      ['go1.22.5', true, 'goproxy'],
      ['go1.22.4', true, 'goproxy'],
    ]);
    expect(front.count(/@v\/list$/)).toBe(1);

    // Within the TTL: no request, and the line says the list is cached.
    const again = await t.run(['list-remote'], env);
    expectSuccess(again);
    expect(again.stdout.trim().split('\n')).toEqual(['go1.22.5', 'go1.22.4']);
    expect(again.stderr).toMatch(/its list cached \d{4}-/);
    expect(front.count(/@v\/list$/)).toBe(1);

    // TTL 0: asked again.
    expectSuccess(await t.run(['list-remote'], { ...env, GOSW_INDEX_TTL: '0' }));
    expect(front.count(/@v\/list$/)).toBe(2);

    // Offline: the cache, whatever its age, and never the network (the database is gone).
    db.close();
    const offline = await t.run(['list-remote', '--offline'], { ...env, GOSW_INDEX_TTL: '0' });
    expectSuccess(offline);
    expect(offline.stdout.trim().split('\n')).toEqual(['go1.22.5', 'go1.22.4']);
    expect(front.count(/@v\/list$/)).toBe(2);

    // A proxy that is down: the cached list, with a warning naming why.
    const down = await t.run(['list-remote'], { ...env, GOSW_INDEX_TTL: '0', GOSW_HTTP_RETRIES: '0' });
    expectSuccess(down);
    expect(down.stderr, describeRun(down)).toMatch(/answered HTTP 502; using the list cached/);

    // Another GOPROXY is another list: nothing cached for it offline.
    const other = await t.run(['list-remote', '--offline'], { ...env, GOPROXY: `${front.url}/other` });
    expectFailure(other, 1);
    expect(other.stderr).toMatch(/offline, and no list of golang\.org\/toolchain versions is cached for this GOPROXY/);
  });
});
