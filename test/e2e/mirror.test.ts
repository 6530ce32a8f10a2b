/**
 * `gosw mirror` end to end on loopback: sync from a fake go.dev (test/helpers/server.ts) and a real
 * Go module proxy + checksum database (test/helpers/gosumdb.ts, x/mod's sumdb), serve the tree with
 * a plain static file server, then install from it in a fresh HOME by both routes, and let Debian's
 * Go 1.19 download the toolchain module through it (the go command checks the sumdb through the
 * proxy's /sumdb/ path: that proves the tree is what it expects).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliEnv, describeRun, makeSandbox, runCli, type Env } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { canBuildGosumdb, moduleVersion, startGosumdb } from '../helpers/gosumdb.js';
import { expectFailure, expectInstalled, expectNotInstalled, expectSuccess } from '../helpers/store.js';
import { lookupVerified } from '../../src/sumdb/client.js';
import { parseVerifierKey } from '../../src/sumdb/note.js';
import { archiveName, expectedVersionLine, platform } from '../helpers/toolchain.js';
import { makeTempDir } from '../helpers/tmp.js';

const GO119 = '/usr/lib/go-1.19/bin/go';
const RELEASES = ['go1.22.5', 'go1.22.4', 'go1.21.13'];

/** A plain static file server over a directory: GET a file or 404, nothing else (what nginx or a bucket does). */
async function serveStatic(root: string, missingStatus = 404): Promise<{ url: string; paths: string[]; missing: string[] }> {
  const paths: string[] = [];
  const missing: string[] = [];
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    paths.push(rel);
    const file = path.join(root, rel);
    let ok = false;
    try {
      ok = !rel.includes('..') && statSync(file).isFile();
    } catch {
      ok = false;
    }
    if (!ok) {
      missing.push(rel);
      res.writeHead(missingStatus).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onTestFinished(() => void server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, paths, missing };
}

async function world(releases = RELEASES) {
  const t = await setupE2E({ releases });
  const db = await startGosumdb({ releases, pad: 300 });
  const env: Env = { GOPROXY: db.url, GOSUMDB: db.vkey, GOENV: 'off' };
  const dir = path.join(t.sb.root, 'mirror');
  const sync = (args: string[] = [], extra: Env = {}) => t.run(['mirror', 'sync', dir, ...args], { ...env, ...extra });
  const verify = (target = dir, extra: Env = {}) => t.run(['mirror', 'verify', target], { GOSUMDB: db.vkey, GOENV: 'off', ...extra });
  return { t, db, env, dir, sync, verify };
}

/** `gosw install` in a fresh HOME (its own store and caches) with only these settings. */
async function freshInstall(args: string[], extra: Env) {
  const sb = makeSandbox();
  const r = await runCli(['install', ...args], { env: cliEnv(sb, undefined, { GOENV: 'off', ...extra }), cwd: sb.work });
  return { sb, r };
}

/**
 * Debian's Go 1.19 as a module client: `go mod download -json` through the mirror, its own GOPATH
 * (kept by the caller). Asynchronous: the static server answering it runs in this process.
 */
async function goDownload(gopath: string, proxy: string, vkey: string, mv: string) {
  const work = makeTempDir('gosw-go-client-');
  const child = spawn(GO119, ['mod', 'download', '-json', `golang.org/toolchain@${mv}`], {
    cwd: work,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: `/usr/lib/go-1.19/bin:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: work,
      GOPATH: gopath,
      GOMODCACHE: path.join(gopath, 'pkg', 'mod'),
      GOCACHE: path.join(work, 'cache'),
      GOPROXY: proxy,
      GOSUMDB: vkey,
      GOFLAGS: '-modcacherw',
      GONOSUMDB: '',
      GOPRIVATE: '',
      GONOPROXY: '',
      GO111MODULE: 'on',
      GOENV: 'off',
    },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out, err };
}

const haveGo119 = existsSync(GO119);

describe.skipIf(!canBuildGosumdb())('gosw mirror', () => {
  it('syncs both formats; a static server of the tree serves gosw (both routes) and the go command, all verified', async () => {
    const { t, db, dir, sync, verify } = await world();
    const r = await sync(['--versions', '1.22,1.21']);
    expectSuccess(r);
    expect(r.stdout, describeRun(r)).toMatch(/2 versions; fetched \d+ files/);
    expect(r.stderr).toMatch(/gosw: mirror \[1\/4\] fetching /);
    const mv = moduleVersion('go1.22.5');
    for (const rel of [
      'gosw-mirror.json',
      'dl/index.json',
      'dl/SHA256SUMS',
      `dl/${archiveName('go1.22.5')}`,
      'proxy/golang.org/toolchain/@v/list',
      `proxy/golang.org/toolchain/@v/${mv}.zip`,
      `proxy/golang.org/toolchain/@v/${mv}.mod`,
      `proxy/golang.org/toolchain/@v/${mv}.info`,
      `proxy/sumdb/${db.name}/supported`,
      `proxy/sumdb/${db.name}/latest`,
      `proxy/sumdb/${db.name}/lookup/golang.org/toolchain@${mv}`,
    ])
      expect(existsSync(path.join(dir, rel)), rel).toBe(true);
    expect(readlinkSync(path.join(dir, 'proxy', 'sumdb'))).toMatch(/^sumdb\.\d+-[0-9a-f]+$/);
    expect(readFileSync(path.join(dir, 'proxy/golang.org/toolchain/@v/list'), 'utf8').trim().split('\n').sort()).toEqual(
      [moduleVersion('go1.21.13'), mv].sort(),
    );
    // Every lookup carries exactly the note `latest` serves.
    const latest = readFileSync(path.join(dir, `proxy/sumdb/${db.name}/latest`), 'utf8');
    expect(readFileSync(path.join(dir, `proxy/sumdb/${db.name}/lookup/golang.org/toolchain@${mv}`), 'utf8').endsWith(`\n\n${latest}`)).toBe(
      true,
    );
    // sha256sum -c works on dl/ as it is.
    const sums = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: path.join(dir, 'dl'), encoding: 'utf8' });
    expect(sums.status, sums.stdout + sums.stderr).toBe(0);

    expectSuccess(await verify());
    const web = await serveStatic(dir);
    const vr = await verify(web.url);
    expectSuccess(vr);
    expect(vr.stdout).toMatch(/entries verified/);

    // Route 1: go.dev's shape (index + archives), checked by sha256.
    const a = await freshInstall(['1.22.5'], { GOSW_INDEX_URL: `${web.url}/dl/index.json`, GOSW_MIRROR: `${web.url}/dl` });
    expectSuccess(a.r);
    expectInstalled(a.sb, 'go1.22.5', expectedVersionLine('go1.22.5'));
    // Route 2: the module proxy, verified by the checksum database through the proxy's /sumdb/.
    const b = await freshInstall(['1.22.5'], { GOSW_SOURCE: 'goproxy', GOPROXY: `${web.url}/proxy`, GOSUMDB: db.vkey });
    expectSuccess(b.r);
    expectInstalled(b.sb, 'go1.22.5', expectedVersionLine('go1.22.5'));
    expect(web.paths).toContain(`/proxy/sumdb/${db.name}/supported`);
    expect(web.paths.some((p) => p.startsWith(`/proxy/sumdb/${db.name}/tile/8/`))).toBe(true);
    void t;
  });

  it.skipIf(!haveGo119)("Go 1.19's go mod download takes the toolchain module through the tree, sumdb verified", async () => {
    const { db, dir, sync } = await world();
    expectSuccess(await sync(['--versions', '1.22.5', '--format', 'module']));
    const web = await serveStatic(dir);
    const gopath = makeTempDir('gosw-gopath-');
    const mv = moduleVersion('go1.22.5');
    const g = await goDownload(gopath, `${web.url}/proxy`, db.vkey, mv);
    expect(g.code, g.err + g.out).toBe(0);
    const info = JSON.parse(g.out) as { Sum: string; Version: string };
    expect(info.Version).toBe(mv);
    const zipLine = readFileSync(path.join(dir, `proxy/sumdb/${db.name}/lookup/golang.org/toolchain@${mv}`), 'utf8').split('\n')[1]!;
    expect(zipLine).toBe(`golang.org/toolchain ${mv} ${info.Sum}`);
    // The go command asked the proxy's own sumdb path, and the tiles it read are exactly the ones the tree holds.
    expect(web.paths).toContain(`/proxy/sumdb/${db.name}/supported`);
    const base = path.join(dir, 'proxy', 'sumdb', db.name);
    const held = findFiles(path.join(base, 'tile')).map((f) => path.relative(base, f));
    const asked = [...new Set(web.paths.filter((p) => p.includes('/tile/')).map((p) => p.replace(`/proxy/sumdb/${db.name}/`, '')))];
    expect(asked.sort()).toEqual(held);
    expect(readFileSync(path.join(gopath, 'pkg', 'sumdb', db.name, 'latest'), 'utf8')).toBe(
      readFileSync(path.join(dir, `proxy/sumdb/${db.name}/latest`), 'utf8'),
    );
  });

  it('a tampered file is named by verify and refused by install; a missing tile is named; a re-sync repairs both', async () => {
    const { db, dir, sync, verify } = await world();
    expectSuccess(await sync(['--versions', '1.22.5']));
    const web = await serveStatic(dir);
    const mv = moduleVersion('go1.22.5');
    const tar = `dl/${archiveName('go1.22.5')}`;
    const zip = `proxy/golang.org/toolchain/@v/${mv}.zip`;
    flipByte(path.join(dir, tar));
    flipByte(path.join(dir, zip));
    const v = await verify(web.url);
    expectFailure(v, 1);
    expect(v.stderr).toMatch(new RegExp(`gosw: mirror verify: ${esc(tar)}: sha256 [0-9a-f]{64}, the index says`));
    expect(v.stderr).toMatch(new RegExp(`gosw: mirror verify: ${esc(zip)}: `));
    expect(v.stderr).toMatch(/2 problem\(s\)/);

    const a = await freshInstall(['1.22.5'], { GOSW_INDEX_URL: `${web.url}/dl/index.json`, GOSW_MIRROR: `${web.url}/dl` });
    expectFailure(a.r, 1);
    expect(a.r.stderr).toMatch(/sha256 mismatch for go1\.22\.5\./);
    expectNotInstalled(a.sb, 'go1.22.5');
    const b = await freshInstall(['1.22.5'], { GOSW_SOURCE: 'goproxy', GOPROXY: `${web.url}/proxy`, GOSUMDB: db.vkey });
    expectFailure(b.r, 1);
    expect(b.r.stderr).toMatch(new RegExp(`${esc(mv)}`));
    expectNotInstalled(b.sb, 'go1.22.5');

    // A tile a client will ask for is gone: verify names its path.
    const tileDir = path.join(dir, 'proxy', 'sumdb', db.name, 'tile');
    const tile = findFiles(tileDir)[0]!;
    rmSync(tile);
    const v2 = await verify();
    expectFailure(v2, 1);
    expect(v2.stderr).toContain(path.relative(path.join(dir, 'proxy', 'sumdb', db.name), tile));

    // A garbled tile and a lookup whose record was edited: named too.
    const other = findFiles(tileDir)[0]!;
    writeFileSync(other, Buffer.alloc(statSync(other).size, 7));
    const lookup = path.join(dir, 'proxy', 'sumdb', db.name, 'lookup', 'golang.org', `toolchain@${mv}`);
    writeFileSync(lookup, readFileSync(lookup, 'utf8').replace(/ h1:[A-Za-z0-9+/]{10}/, ' h1:AAAAAAAAAA'));
    const v3 = await verify();
    expectFailure(v3, 1);
    expect(v3.stderr).toContain(`proxy/sumdb/${db.name}/lookup/golang.org/toolchain@${mv}: `);

    // The next sync re-hashes what is there and fetches only what is damaged or missing.
    const r = await sync(['--versions', '1.22.5']);
    expectSuccess(r);
    expect(r.stdout).toMatch(/fetched 2 files/);
    expectSuccess(await verify());
  });

  it('a re-sync with nothing new fetches nothing and writes no new generation; a second sync adds to the tree', async () => {
    const { t, dir, sync, verify } = await world();
    expectSuccess(await sync(['--versions', '1.21']));
    const gen = readlinkSync(path.join(dir, 'proxy', 'sumdb'));
    const before = t.server.count(`/dl/${archiveName('go1.21.13')}`);
    const again = await sync();
    expectSuccess(again);
    expect(again.stdout, describeRun(again)).toMatch(/1 versions; fetched 0 files \(0 B\), 2 already there/);
    expect(readlinkSync(path.join(dir, 'proxy', 'sumdb'))).toBe(gen);
    expect(t.server.count(`/dl/${archiveName('go1.21.13')}`)).toBe(before);
    const more = await sync(['--versions', '1.22']);
    expectSuccess(more);
    expect(more.stdout).toMatch(/2 versions; fetched 4 files/);
    const index = JSON.parse(readFileSync(path.join(dir, 'dl', 'index.json'), 'utf8')) as Array<{ version: string }>;
    expect(index.map((r) => r.version)).toEqual(['go1.22.5', 'go1.21.13']);
    expectSuccess(await verify());
  });

  it.skipIf(!haveGo119)(
    'after the upstream tree grew, a client that cached the old tree advances through the consistency tiles',
    async () => {
      const { db, dir, sync, verify } = await world();
      expectSuccess(await sync(['--versions', '1.21', '--format', 'module']));
      const web = await serveStatic(dir);
      const gopath = makeTempDir('gosw-gopath-');
      const g1 = await goDownload(gopath, `${web.url}/proxy`, db.vkey, moduleVersion('go1.21.13'));
      expect(g1.code, g1.err).toBe(0);
      const oldLatest = readFileSync(path.join(gopath, 'pkg', 'sumdb', db.name, 'latest'), 'utf8');
      await db.control('grow', { n: '700' });
      const r = await sync(['--versions', '1.22.5', '--format', 'module']);
      expectSuccess(r);
      const latest = readFileSync(path.join(dir, `proxy/sumdb/${db.name}/latest`), 'utf8');
      expect(Number(latest.split('\n')[1])).toBeGreaterThan(Number(oldLatest.split('\n')[1]) + 600);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'gosw-mirror.json'), 'utf8')) as { sumdb: { history: string[] } };
      expect(manifest.sumdb.history).toEqual([oldLatest]);
      // Same GOPATH: the client holds tree #old and must prove it a prefix of the new one (checkTrees).
      const g2 = await goDownload(gopath, `${web.url}/proxy`, db.vkey, moduleVersion('go1.22.5'));
      expect(g2.code, g2.err).toBe(0);
      expect(readFileSync(path.join(gopath, 'pkg', 'sumdb', db.name, 'latest'), 'utf8')).toBe(latest);
      // Every tile the client asked for (its consistency proof from the old tree included) was there at that exact path.
      expect(web.missing.filter((p) => p.includes('/tile/'))).toEqual([]);
      expect(web.paths.filter((p) => p.includes('/tile/')).length).toBeGreaterThan(0);
      expectSuccess(await verify(web.url));
    },
  );

  it('another gosw mirror is an upstream too: a tree synced from the first one over HTTP verifies and serves the same note', async () => {
    const { db, dir, sync, verify } = await world();
    expectSuccess(await sync(['--versions', '1.22']));
    const web = await serveStatic(dir);
    const dir2 = path.join(path.dirname(dir), 'mirror2');
    const sb = makeSandbox();
    const upstream = {
      GOSW_INDEX_URL: `${web.url}/dl/index.json`,
      GOSW_DOWNLOAD_URL: `${web.url}/dl`,
      GOPROXY: `${web.url}/proxy`,
      GOSUMDB: db.vkey,
      GOENV: 'off',
    };
    const r = await runCli(['mirror', 'sync', dir2, '--versions', '1.22'], { env: cliEnv(sb, undefined, upstream), cwd: sb.work });
    expectSuccess(r);
    expectSuccess(await verify(dir2));
    const latest = (d: string) => readFileSync(path.join(d, `proxy/sumdb/${db.name}/latest`), 'utf8');
    expect(latest(dir2)).toBe(latest(dir));
    expect(web.paths.every((p) => !p.startsWith('/.gosw'))).toBe(true);
  });

  it('a forked upstream tree is a SECURITY error, a lookup without its line a CHECKSUM error: the tree is not changed', async () => {
    const { db, dir, sync, verify } = await world();
    expectSuccess(await sync(['--versions', '1.21', '--format', 'module']));
    const before = readFileSync(path.join(dir, 'gosw-mirror.json'), 'utf8');
    const gen = readlinkSync(path.join(dir, 'proxy', 'sumdb'));
    await db.control('lie', { mv: moduleVersion('go1.22.5') });
    const lie = await sync(['--versions', '1.22.5', '--format', 'module']);
    expectFailure(lie, 1);
    expect(lie.stderr).toMatch(/holds no \(or more than one\) h1 line/);
    await db.control('fork');
    const fork = await sync(['--versions', '1.22.4', '--format', 'module']);
    expectFailure(fork, 1);
    expect(fork.stderr).toMatch(/SECURITY ERROR: the checksum database .* showed two trees that cannot both be true/);
    expect(readFileSync(path.join(dir, 'gosw-mirror.json'), 'utf8')).toBe(before);
    expect(readlinkSync(path.join(dir, 'proxy', 'sumdb'))).toBe(gen);
    expect(existsSync(path.join(dir, `proxy/golang.org/toolchain/@v/${moduleVersion('go1.22.4')}.zip`))).toBe(false);
    expectSuccess(await verify());
  });

  it('--from-projects mirrors what the trees ask for; --platforms takes several (module versions per platform)', async () => {
    // A platform the fake go.dev lists no archive for (not even its decoys), but the proxy has; armv6l is named arm as a module.
    const other = { os: 'linux', arch: 'armv6l' };
    const t = await setupE2E({ releases: RELEASES });
    const db = await startGosumdb({ releases: RELEASES, pad: 10, platforms: [platform(), other] });
    const env = { GOPROXY: db.url, GOSUMDB: db.vkey, GOENV: 'off' };
    const a = path.join(t.sb.work, 'a');
    const b = path.join(t.sb.work, 'b', 'sub');
    mkdirSync(a, { recursive: true });
    mkdirSync(b, { recursive: true });
    writeFileSync(path.join(a, '.go-version'), '1.22.4\n');
    writeFileSync(path.join(t.sb.work, 'b', 'go.mod'), 'module example.com/b\n\ngo 1.21.13\n');
    const dir = path.join(t.sb.root, 'mirror');
    const plats = `${platform().os}-${platform().arch},${other.os}-${other.arch}`;
    const r = await t.run(['mirror', 'sync', dir, '--from-projects', `${a},${b}`, '--platforms', plats], env);
    expectSuccess(r);
    // go.dev (the fake) has only this machine's archives: the other platform's are skipped, said so.
    expect(r.stderr).toMatch(/skipped go1\.22\.4 linux-armv6l: go1\.22\.4 has no archive for linux-armv6l/);
    expect(r.stderr).not.toMatch(/could not fetch/);
    const index = JSON.parse(readFileSync(path.join(dir, 'dl', 'index.json'), 'utf8')) as Array<{ version: string }>;
    expect(index.map((x) => x.version)).toEqual(['go1.22.4', 'go1.21.13']);
    const list = readFileSync(path.join(dir, 'proxy/golang.org/toolchain/@v/list'), 'utf8').trim().split('\n').sort();
    expect(list).toEqual(['go1.22.4', 'go1.21.13'].flatMap((v) => [moduleVersion(v), moduleVersion(v, other)]).sort());
    expectSuccess(await t.run(['mirror', 'verify', dir], env));
  });

  it('an archive the index lists but the server lacks: the rest is mirrored, the index leaves it out, exit 1 naming it', async () => {
    const { dir, sync, verify } = await world();
    // The fake go.dev lists a decoy archive for one other platform that it does not serve.
    const decoy = platform().os === 'darwin' ? 'linux-amd64' : 'darwin-arm64';
    const r = await sync(['--versions', '1.22.5', '--format', 'tarball', '--platforms', `${platform().os}-${platform().arch},${decoy}`]);
    expectFailure(r, 1);
    expect(r.stderr).toMatch(new RegExp(`could not fetch go1\\.22\\.5\\.${decoy}\\.tar\\.gz: .*HTTP 404`));
    const index = JSON.parse(readFileSync(path.join(dir, 'dl', 'index.json'), 'utf8')) as Array<{ files: Array<{ filename: string }> }>;
    expect(index.flatMap((x) => x.files.map((f) => f.filename))).toEqual([archiveName('go1.22.5')]);
    expectSuccess(await verify());
  });

  it('a copy made with links resolved (cp -rL, rsync -L) syncs again: the plain sumdb directory becomes a generation link', async () => {
    const { t, dir, sync, verify, env } = await world();
    expectSuccess(await sync(['--versions', '1.21']));
    const copy = path.join(path.dirname(dir), 'copy');
    const cp = spawnSync('cp', ['-rL', dir, copy], { encoding: 'utf8' });
    expect(cp.status, cp.stderr).toBe(0);
    expect(lstatSync(path.join(copy, 'proxy', 'sumdb')).isDirectory()).toBe(true);
    expectSuccess(await verify(copy));
    const r = await t.run(['mirror', 'sync', copy, '--versions', '1.22'], env);
    expectSuccess(r);
    expect(readlinkSync(path.join(copy, 'proxy', 'sumdb'))).toMatch(/^sumdb\.\d+-[0-9a-f]+$/);
    expect(readdirSync(path.join(copy, 'proxy')).filter((n) => n.startsWith('sumdb'))).toHaveLength(2);
    expectSuccess(await verify(copy));
  });

  it("a reader mid-swap (a lookup read before it, tiles after) still proves its record: the old generation's tiles are kept", async () => {
    const { db, dir, sync } = await world();
    expectSuccess(await sync(['--versions', '1.21', '--format', 'module']));
    const mv = moduleVersion('go1.21.13');
    const oldLookup = readFileSync(path.join(dir, `proxy/sumdb/${db.name}/lookup/golang.org/toolchain@${mv}`));
    await db.control('grow', { n: '700' });
    expectSuccess(await sync(['--versions', '1.22.5', '--format', 'module']));
    const web = await serveStatic(dir);
    // The old tree's level-1 tile is partial in both trees, with other widths: only the kept copy serves the old reader.
    const m = JSON.parse(readFileSync(path.join(dir, 'gosw-mirror.json'), 'utf8')) as { sumdb: { carried: string[] } };
    expect(m.sumdb.carried).toContain('tile/8/1/000.p/1');
    const fetch = async (url: string) => {
      if (url.includes('/lookup/')) return { status: 200, body: oldLookup };
      const r = await globalThis.fetch(url);
      return { status: r.status, body: Buffer.from(await r.arrayBuffer()) };
    };
    const oldReader = () =>
      lookupVerified({
        base: `${web.url}/proxy/sumdb/${db.name}`,
        verifier: parseVerifierKey(db.vkey),
        path: 'golang.org/toolchain',
        version: mv,
        fetch,
      });
    expect((await oldReader()).tree.N).toBe(db.size);
    // Without the kept tile the same reader fails: it was what made the difference.
    rmSync(path.join(dir, `proxy/sumdb/${db.name}/tile/8/1/000.p/1`));
    await expect(oldReader()).rejects.toThrow(/has no tile\/8\/1\/000\.p\/1/);
  });

  it('verify through a server that answers 403 for a missing file (S3 without ListBucket) names the file and says why', async () => {
    const { db, dir, sync, verify } = await world();
    expectSuccess(await sync(['--versions', '1.22.5', '--format', 'module']));
    rmSync(path.join(dir, `proxy/golang.org/toolchain/@v/${moduleVersion('go1.22.5')}.info`));
    const web = await serveStatic(dir, 403);
    const v = await verify(web.url);
    expectFailure(v, 1);
    expect(v.stderr).toMatch(
      new RegExp(
        `mirror verify: ${esc(`proxy/golang.org/toolchain/@v/${moduleVersion('go1.22.5')}.info`)}: GET .* answered HTTP 403 \\(a missing file must be 404: on S3, let readers ListBucket\\)`,
      ),
    );
    expect(v.stderr).toMatch(/1 problem\(s\)/);
    void db;
  });

  it('prune --keep drops the other releases from every listing, then their files; what stays verifies', async () => {
    const { db, dir, sync, verify } = await world();
    expectSuccess(await sync(['--versions', '1.22,1.21']));
    const r = await runPrune(dir, '1.22');
    expectSuccess(r);
    expect(r.stdout).toMatch(/removed go1\.21\.13/);
    const old = moduleVersion('go1.21.13');
    expect(readFileSync(path.join(dir, 'proxy/golang.org/toolchain/@v/list'), 'utf8')).toBe(`${moduleVersion('go1.22.5')}\n`);
    expect(existsSync(path.join(dir, `proxy/golang.org/toolchain/@v/${old}.zip`))).toBe(false);
    expect(existsSync(path.join(dir, `proxy/sumdb/${db.name}/lookup/golang.org/toolchain@${old}`))).toBe(false);
    expect(existsSync(path.join(dir, 'dl', archiveName('go1.21.13')))).toBe(false);
    expect(readFileSync(path.join(dir, 'dl', 'SHA256SUMS'), 'utf8')).not.toContain('go1.21.13');
    expectSuccess(await verify());
    const bad = await runPrune(dir, '1.19');
    expectFailure(bad, 2);
    expect(bad.stderr).toMatch(/--keep keeps none of the mirrored versions/);
  });
});

function runPrune(dir: string, keep: string) {
  const sb = makeSandbox();
  return runCli(['mirror', 'prune', dir, '--keep', keep], { env: cliEnv(sb), cwd: sb.work });
}

function flipByte(file: string): void {
  const b = readFileSync(file);
  const i = Math.floor(b.length / 2);
  b[i] = b[i]! ^ 0xff;
  writeFileSync(file, b);
}

function findFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...findFiles(p));
    else out.push(p);
  }
  return out.sort();
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
