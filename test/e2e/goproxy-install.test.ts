/**
 * `gosw install --source goproxy` against a real Go module proxy and checksum database on loopback
 * (test/helpers/gosumdb.ts, built from golang.org/x/mod): the toolchain module is verified by the
 * database (signature, the module's line, inclusion, timeline) and by its h1 before anything is
 * unpacked. Every hostile case exits non-zero, names the cause, and leaves nothing in the store.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { describeRun } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { startFront } from '../helpers/goproxy-front.js';
import { canBuildGosumdb, moduleVersion, startGosumdb } from '../helpers/gosumdb.js';
import { expectFailure, expectInstalled, expectNotInstalled, expectSuccess, expectTmpEmpty } from '../helpers/store.js';
import { expectedVersionLine } from '../helpers/toolchain.js';

const V = 'go1.22.5';

describe.skipIf(!canBuildGosumdb())('install from a Go module proxy, verified by the checksum database', () => {
  async function world(releases = [V]) {
    const t = await setupE2E({ releases: [] });
    const db = await startGosumdb({ releases, pad: 300 });
    const env = { GOPROXY: db.url, GOSUMDB: db.vkey, GOSW_SOURCE: 'goproxy', GOENV: 'off' };
    return { t, db, env };
  }

  it('installs a working GOROOT: the database found through the proxy, h1 checked, modes set, provenance kept', async () => {
    const { t, db, env } = await world();
    const r = await t.run(['install', '1.22.5'], env);
    expectSuccess(r);
    expect(r.stderr).toMatch(/installing from a Go module proxy \(GOSW_SOURCE=goproxy\)/);
    expectInstalled(t.sb, V, expectedVersionLine(V));
    const root = t.sb.version(V);
    expect(statSync(path.join(root, 'bin', 'go')).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(root, 'VERSION')).mode & 0o777).toBe(0o644);
    const prov = JSON.parse(readFileSync(path.join(root, '.gosw.json'), 'utf8')) as Record<string, unknown>;
    expect(prov).toMatchObject({
      source: 'goproxy',
      module: `golang.org/toolchain@${moduleVersion(V)}`,
      verifiedBy: `the checksum database ${db.name}`,
    });
    expect(String(prov.h1)).toMatch(/^h1:/);
    expect(readFileSync(path.join(t.sb.goswHome, 'cache', 'sumdb', db.name, 'latest'), 'utf8')).toMatch(/^go\.sum database tree\n301\n/);
    // list and doctor say where it came from.
    const list = await t.run(['list'], env);
    expect(list.stdout).toMatch(/^go1\.22\.5 .*\[from a Go module proxy\]$/m);
    const json = JSON.parse((await t.run(['list', '--json'], env)).stdout) as Array<{ name: string; source: string }>;
    expect(json.find((e) => e.name === V)?.source).toBe('goproxy');
    const doctor = await t.run(['doctor', '--json'], env);
    const checks = (JSON.parse(doctor.stdout) as { checks: Array<{ id: string; message: string }> }).checks;
    expect(checks.find((c) => c.id === 'store-source')?.message).toMatch(
      /^go1\.22\.5 came from a Go module proxy: golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\.\S+ h1:\S+ via http:\/\/127\.0\.0\.1:\d+/,
    );
    expectTmpEmpty(t.sb, { mustExist: true });
  });

  it("a line is resolved from the proxy's @v/list; GOPROXY set makes auto choose the proxy and say why", async () => {
    const { t, env } = await world(['go1.22.4', V, 'go1.23rc1']);
    const r = await t.run(['install', '1.22'], { ...env, GOSW_SOURCE: undefined });
    expectSuccess(r);
    expect(r.stderr).toMatch(/installing from a Go module proxy \(auto: GOPROXY=http:\/\/127\.0\.0\.1:\d+\)/);
    expectInstalled(t.sb, V, expectedVersionLine(V));
  });

  it('a lookup that is 200 but has no line for the module is refused (CVE-2026-42501)', async () => {
    const { t, db, env } = await world();
    await db.control('lie', { mv: moduleVersion(V) });
    const r = await t.run(['install', '1.22.5'], env);
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(/record for golang\.org\/toolchain@.* holds no \(or more than one\) h1 line/);
    expectNotInstalled(t.sb, V);
    expectTmpEmpty(t.sb);
  });

  it('a zip with one flipped byte (a file:// proxy) is refused by its h1, nothing unpacked', async () => {
    const { t, db, env } = await world();
    const mv = moduleVersion(V);
    const tree = path.join(t.sb.root, 'mirror');
    const dir = path.join(tree, 'golang.org', 'toolchain', '@v');
    mkdirSync(dir, { recursive: true });
    const zip = Buffer.from(await (await fetch(`${db.url}/golang.org/toolchain/@v/${mv}.zip`)).arrayBuffer());
    // Flip a byte in the first local header (its name): the reader refuses the zip outright.
    zip[60] = zip[60]! ^ 0x01;
    writeFileSync(path.join(dir, `${mv}.zip`), zip);
    const r = await t.run(['install', '1.22.5'], {
      ...env,
      GOPROXY: pathToFileURL(tree).href,
      GOSUMDB: `${db.vkey} ${db.url}/sumdb/${db.name}`,
    });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(/unsafe archive .*differs from the central directory/);
    expectNotInstalled(t.sb, V);
    expectTmpEmpty(t.sb);
  });

  it("another valid zip served under the version's name is refused by its h1 (named as that, before the name checks), nothing installed", async () => {
    const { t, db, env } = await world(['go1.22.4', V]);
    const tree = path.join(t.sb.root, 'mirror');
    const dir = path.join(tree, 'golang.org', 'toolchain', '@v');
    mkdirSync(dir, { recursive: true });
    const other = Buffer.from(await (await fetch(`${db.url}/golang.org/toolchain/@v/${moduleVersion('go1.22.4')}.zip`)).arrayBuffer());
    writeFileSync(path.join(dir, `${moduleVersion(V)}.zip`), other);
    const r = await t.run(['install', '1.22.5'], {
      ...env,
      GOPROXY: pathToFileURL(tree).href,
      GOSUMDB: `${db.vkey} ${db.url}/sumdb/${db.name}`,
    });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(
      /h1 mismatch for golang\.org\/toolchain@v0\.0\.1-go1\.22\.5\..*: the checksum database gosw\.test\.sumdb says h1:\S+, the zip hashes to h1:/,
    );
    expectNotInstalled(t.sb, V);
    expectTmpEmpty(t.sb);
  });

  it('GOSUMDB=off does not turn verification off; --h1 pins it instead', async () => {
    const { t, db, env } = await world();
    const off = await t.run(['install', '1.22.5'], { ...env, GOSUMDB: 'off' });
    expectFailure(off, 1);
    expect(off.stderr).toMatch(/GOSUMDB=off: Go toolchains from a module proxy are verified only by the checksum database/);
    expectNotInstalled(t.sb, V);
    const lookup = await (await fetch(`${db.url}/sumdb/${db.name}/lookup/golang.org/toolchain@${moduleVersion(V)}`)).text();
    const h1 = /h1:\S+/.exec(lookup)![0];
    const wrong = await t.run(['install', '1.22.5', '--h1', `h1:${'A'.repeat(43)}=`], { ...env, GOSUMDB: 'off' });
    expectFailure(wrong, 1);
    expect(wrong.stderr).toMatch(/h1 mismatch .* --h1 says/);
    expectSuccess(await t.run(['install', '1.22.5', '--h1', h1], { ...env, GOSUMDB: 'off' }));
    expectInstalled(t.sb, V, expectedVersionLine(V));
  });

  it('a database that shows a forked tree after a verified one is a SECURITY ERROR; nothing installed', async () => {
    const { t, db, env } = await world(['go1.22.4', V]);
    expectSuccess(await t.run(['install', '1.22.4'], env));
    await db.control('fork');
    const r = await t.run(['install', '1.22.5'], env);
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(/SECURITY ERROR: the checksum database gosw\.test\.sumdb showed two trees/);
    expect(r.stderr).toMatch(/earlier:\ngo\.sum database tree\n302\n/);
    expectNotInstalled(t.sb, V);
  });

  it('GOPROXY=direct (or off) has no toolchain module: a clear error, no request', async () => {
    const { t, env } = await world();
    const r = await t.run(['install', '1.22.5'], { ...env, GOPROXY: 'direct' });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(/cannot get the toolchain module: .*no repository to fetch directly/);
    expectNotInstalled(t.sb, V);
  });

  it('a proxy that wants credentials gets them from .netrc ($NETRC), and says so when they are missing', async () => {
    const { t, db, env } = await world();
    // A proxy in front of the fixture that answers 401 without the right Basic credentials.
    const want = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
    const front = http.createServer((req, res) => {
      if (req.headers.authorization !== want) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="proxy"' }).end('401\n');
        return;
      }
      void fetch(`${db.url}${req.url}`).then(async (r) => res.writeHead(r.status).end(Buffer.from(await r.arrayBuffer())));
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    onTestFinished(() => void front.close());
    const url = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
    const netrc = path.join(t.sb.root, 'netrc');
    writeFileSync(netrc, 'machine 127.0.0.1 login alice password wrong\n');
    const denied = await t.run(['install', '1.22.5'], { ...env, GOPROXY: url, NETRC: netrc });
    expectFailure(denied, 1);
    expect(denied.stderr, describeRun(denied)).toMatch(/HTTP 401/);
    expect(denied.stderr).toMatch(/~\/\.netrc/);
    expectNotInstalled(t.sb, V);
    writeFileSync(netrc, 'machine 127.0.0.1 login alice password s3cret\n');
    expectSuccess(await t.run(['install', '1.22.5'], { ...env, GOPROXY: url, NETRC: netrc }));
    expectInstalled(t.sb, V, expectedVersionLine(V));
  });
  describe('a mirror whose tree is older than the one verified here (a static mirror synced earlier)', () => {
    /**
     * A mirror frozen at tree 12 (what a client at tree 12 asked it for, recorded by a throwaway
     * store), then the database grows (or forks and grows), and this machine verifies the newer
     * tree directly, keeping its latest note and tiles.
     */
    async function olderMirror(fork: boolean) {
      const t = await setupE2E({ releases: [] });
      const db = await startGosumdb({ releases: ['go1.22.4', V], pad: 10 });
      const mirror = await startFront(db.url);
      mirror.record();
      const env = { GOSUMDB: db.vkey, GOSW_SOURCE: 'goproxy', GOENV: 'off' };
      const scratch = await setupE2E({ releases: [] });
      expectSuccess(await scratch.run(['install', '1.22.5'], { ...env, GOPROXY: mirror.url }));
      mirror.freeze();
      if (fork) await db.control('fork');
      await db.control('grow', { n: '50' });
      expectSuccess(await t.run(['install', '1.22.4'], { ...env, GOPROXY: db.url }));
      const latest = path.join(t.sb.goswHome, 'cache', 'sumdb', db.name, 'latest');
      const newer = readFileSync(latest, 'utf8');
      expect(newer).toMatch(fork ? /^go\.sum database tree\n63\n/ : /^go\.sum database tree\n62\n/);
      return { t, db, mirror, env: { ...env, GOPROXY: mirror.url }, latest, newer };
    }

    it('consistency is proven from the tiles kept here; without them, installed with a warning and the newer tree kept', async () => {
      const { t, db, env, latest, newer } = await olderMirror(false);
      const r = await t.run(['install', '1.22.5'], env);
      expectSuccess(r);
      expect(r.stderr, describeRun(r)).not.toMatch(/warning/);
      expectInstalled(t.sb, V, expectedVersionLine(V));
      expect(readFileSync(latest, 'utf8')).toBe(newer);
      const prov = JSON.parse(readFileSync(path.join(t.sb.version(V), '.gosw.json'), 'utf8')) as Record<string, unknown>;
      expect(prov.tree).toMatchObject({ N: 12 });
      expect(prov.consistency).toBeUndefined();

      // No tiles kept: the mirror lacks tree 62's, so nothing is proven either way.
      rmSync(path.join(t.sb.goswHome, 'cache', 'sumdb', db.name, 'tile'), { recursive: true });
      const again = await t.run(['install', '--force', '1.22.5'], env);
      expectSuccess(again);
      expect(again.stderr, describeRun(again)).toMatch(
        /warning: the checksum database gosw\.test\.sumdb here serves tree 12, older than tree 62 verified before on this machine.*consistency with tree 62 is not/,
      );
      expectInstalled(t.sb, V, expectedVersionLine(V));
      expect(readFileSync(latest, 'utf8')).toBe(newer);
      const prov2 = JSON.parse(readFileSync(path.join(t.sb.version(V), '.gosw.json'), 'utf8')) as Record<string, unknown>;
      expect(prov2.consistency).toMatch(/not proven/);
    });

    it('an older mirror from another fork of the log is a SECURITY ERROR when the kept tiles disprove it', async () => {
      const { t, env, latest, newer } = await olderMirror(true);
      const r = await t.run(['install', '1.22.5'], env);
      expectFailure(r, 1);
      expect(r.stderr, describeRun(r)).toMatch(/SECURITY ERROR: the checksum database gosw\.test\.sumdb showed two trees/);
      expect(r.stderr).toMatch(/tree#12 is not a prefix of tree#63/);
      expectNotInstalled(t.sb, V);
      expectTmpEmpty(t.sb);
      expect(readFileSync(latest, 'utf8')).toBe(newer);
    });
  });
});
