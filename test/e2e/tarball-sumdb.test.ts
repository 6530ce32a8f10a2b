/**
 * go.dev tarballs verified by the checksum database (issue 11, GOPROXY-TOOLCHAIN.md section 1
 * "Bonus"): for a release >= 1.21 the worker hashes every regular file under the toolchain
 * module's name while the tarball streams, and Hash1 over them must be the h1 the database vouches
 * for. Against the real x/mod database and module proxy of test/helpers/gosumdb.ts, on loopback;
 * sum.golang.org is never contacted (GOSUMDB names the fixture's key, GOENV=off).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it, onTestFinished } from 'vitest';
import { describeRun, REPO_ROOT } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { buildGosumdb, canBuildGosumdb, moduleVersion, startGosumdb } from '../helpers/gosumdb.js';
import { expectCleanAfterFailure, expectFailure, expectInstalled, expectSuccess } from '../helpers/store.js';
import type { TarEntry } from '../helpers/tar-writer.js';
import { tarGz } from '../helpers/tar-writer.js';
import { makeTempDir } from '../helpers/tmp.js';
import { expectedVersionLine, fakeToolchain, goScript, toolchainEntries } from '../helpers/toolchain.js';
import type { Context } from '../../src/context.js';
import { parseGosumdb, proxyList } from '../../src/goproxy/config.js';
import { SumdbVerifier } from '../../src/install/verifiers/sumdb.js';
import { Store } from '../../src/store/store.js';

const V = 'go1.22.5';
const LINE = expectedVersionLine(V);

/** The h1 the fixture's database records for golang.org/toolchain@mv (its lookup, read as text). */
async function recordedH1(db: { url: string; name: string }, mv: string): Promise<string> {
  const res = await fetch(`${db.url}/sumdb/${db.name}/lookup/golang.org/toolchain@${mv}`);
  const m = new RegExp(`^golang.org/toolchain ${mv.replace(/[.+]/g, '\\$&')} (h1:\\S+)$`, 'm').exec(await res.text());
  if (!m) throw new Error(`no h1 line for ${mv}`);
  return m[1]!;
}

function provenance(root: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(root, '.gosw.json'), 'utf8')) as Record<string, unknown>;
}

describe.skipIf(!canBuildGosumdb())('go.dev tarballs verified by the checksum database', () => {
  async function world(extra: Record<string, string> = {}) {
    const t = await setupE2E({ releases: [V] });
    const db = await startGosumdb({ releases: [V], pad: 50 });
    // GOSW_SOURCE=godev: GOPROXY is set (for the database), but the tarball route is under test.
    const env = { GOPROXY: db.url, GOSUMDB: db.vkey, GOSW_SOURCE: 'godev', GOENV: 'off', GOSW_MIRROR: t.server.mirrorUrl, ...extra };
    return { t, db, env };
  }

  it('a tarball from a mirror: its files hash to the h1 the database vouches for; provenance kept', async () => {
    const { t, db, env } = await world();
    const r = await t.run(['install', '1.22.5'], env);
    expectSuccess(r);
    expectInstalled(t.sb, V, LINE);
    const prov = provenance(t.sb.version(V));
    expect(prov).toMatchObject({
      source: 'godev',
      archive: t.server.release(V).filename,
      sha256: t.server.release(V).sha256,
      h1: await recordedH1(db, moduleVersion(V)),
      verifiedBy: ['the release index (sha256)', `the checksum database ${db.name}`],
    });
    expect(prov.leftOut).toBeUndefined();
    // `list` still calls it a go.dev install.
    expect((await t.run(['list'], env)).stdout).not.toMatch(/module proxy/);
  });

  it('a tampered tarball that matches a tampered index sha256 but not the h1: SECURITY, nothing installed', async () => {
    const { t, env } = await world();
    const evil = fakeToolchain(V, { append: [{ name: 'go/src/runtime/evil.go', type: 'file', content: 'package runtime // planted\n' }] });
    const rel = t.server.updateRelease(V, { tarball: evil }); // the index's sha256 now matches the bad bytes
    expect(rel.sha256).toBe(rel.actualSha256);
    const r = await t.run(['install', '1.22.5'], env);
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toMatch(
      /^gosw: SECURITY ERROR: go1\.22\.5\.\S+\.tar\.gz does not hold the files the checksum database \S+ vouches for: golang\.org\/toolchain@\S+ is h1:\S+, the archive's files hash to h1:\S+$/m,
    );
    expectCleanAfterFailure(t.sb, V);
  });

  it('the database unreachable: falls back to the index sha256 and says so in one line', async () => {
    const { t, db, env } = await world();
    const r = await t.run(['install', '1.22.5'], { ...env, GOSUMDB: `${db.vkey} http://127.0.0.1:1`, GOSW_HTTP_RETRIES: '0' });
    expectSuccess(r);
    expectInstalled(t.sb, V, LINE);
    const lines = r.stderr.split('\n').filter((l) => l.includes('checksum database'));
    expect(lines, describeRun(r)).toEqual([
      `gosw: the checksum database ${db.name} is not reachable (connection to 127.0.0.1:1 refused); ${t.server.release(V).filename} is verified by the release index's sha256 only`,
    ]);
    expect(provenance(t.sb.version(V))).toMatchObject({ verifiedBy: ['the release index (sha256)'] });
  });

  it('GOSW_TARBALL_SUMDB=off, and releases before 1.21, never ask the database', async () => {
    const { t, env } = await world({ GOSW_TARBALL_SUMDB: 'off' });
    t.server.addRelease('go1.20.14');
    const r = await t.run(['install', '1.22.5'], env);
    expectSuccess(r);
    expect(existsSync(path.join(t.sb.version(V), '.gosw.json'))).toBe(false);
    expect(r.stderr).not.toMatch(/checksum database/);
    const old = await t.run(['install', '1.20.14'], { ...env, GOSW_TARBALL_SUMDB: 'on' });
    expectSuccess(old);
    expect(old.stderr).toContain(
      "gosw: go1.20.14 predates the toolchain module (Go 1.21), so no checksum database knows it; verified by the release index's sha256 only",
    );
  });
});

// ---------------------------------------------------------------- the file-set equivalence

/** A real release's paths (test/fixtures/release-files/go1.19.txt), with made-up content. */
function releaseFiles(name: string): Array<{ path: string; content: string; mode: number }> {
  const list = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'release-files', 'go1.19.txt'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
  return list.map((p) => ({
    path: p,
    content: p === 'bin/go' ? goScript(name) : p === 'VERSION' ? `${name}\ntime 2024-06-04T20:43:29Z\n` : `// ${p}\n`,
    mode: p.startsWith('bin/') ? 0o755 : 0o644,
  }));
}

/** The module zip's tree of a release tree, as distpack makes it: api/ doc/ misc/ test/ dropped, go.mod named _go.mod. */
function moduleTree(files: ReturnType<typeof releaseFiles>) {
  return files
    .filter((f) => !/^(api|doc|misc|test)\//.test(f.path))
    .map((f) => ({ ...f, path: f.path.replace(/(^|\/)go\.mod$/, '$1_go.mod') }));
}

/** The fixture database and proxy over given module trees (startGosumdb takes fake toolchains only). */
async function startGosumdbTrees(trees: Record<string, ReturnType<typeof moduleTree>>) {
  const dir = makeTempDir('gosw-tarball-sumdb-trees-');
  for (const [mv, files] of Object.entries(trees)) {
    for (const f of files) {
      const file = path.join(dir, mv, f.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, f.content);
      chmodSync(file, f.mode);
    }
  }
  const child: ChildProcess = spawn(buildGosumdb(), ['-trees', dir, '-pad', '20'], { stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => void child.kill('SIGKILL'));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`gosumdb exited (${code}): ${stderr}`)));
  });
  const info = JSON.parse(line) as { addr: string; vkey: string; name: string };
  return { url: `http://${info.addr}`, vkey: info.vkey, name: info.name };
}

describe.skipIf(!canBuildGosumdb())('the tarball and the module zip of one release tree', () => {
  it("gosw's streaming Hash1 of a real-release-shaped tarball equals the database's h1 of the module zip", async () => {
    const name = 'go1.22.6';
    const files = releaseFiles(name);
    // The list has what makes the mapping matter: go.mod files (renamed), top-level api/ doc/
    // misc/ test/ (dropped), and nested dirs of those names (kept).
    expect(files.filter((f) => f.path.endsWith('/go.mod') || f.path === 'go.mod').length).toBeGreaterThan(5);
    for (const d of ['api', 'doc', 'misc', 'test'])
      expect(
        files.some((f) => f.path.startsWith(`${d}/`)),
        d,
      ).toBe(true);
    expect(files.some((f) => /^src\/.+\/(doc|test)\//.test(f.path))).toBe(true);

    const entries: TarEntry[] = [
      { name: 'go/', type: 'dir', mode: 0o755 },
      ...files.map((f): TarEntry => ({ name: `go/${f.path}`, type: 'file', mode: f.mode, content: f.content })),
    ];
    const t = await setupE2E({ releases: [] });
    t.server.addRelease(name, { tarball: tarGz(entries) });
    const mv = moduleVersion(name);
    const db = await startGosumdbTrees({ [mv]: moduleTree(files) });
    const env = { GOPROXY: db.url, GOSUMDB: db.vkey, GOSW_SOURCE: 'godev', GOENV: 'off' };
    const r = await t.run(['install', name.slice(2)], env);
    expectSuccess(r);
    const h1 = await recordedH1(db, mv);
    expect(provenance(t.sb.version(name))).toMatchObject({
      h1,
      verifiedBy: ['the release index (sha256)', `the checksum database ${db.name}`],
    });

    // And one file more in the tarball's covered part is a mismatch, one in a dropped part is not.
    for (const [extra, ok] of [
      ['go/src/extra.go', false],
      ['go/misc/extra.sh', true],
    ] as const) {
      const u = await setupE2E({ releases: [] });
      u.server.addRelease(name, { tarball: tarGz([...entries, { name: extra, type: 'file', content: 'x\n' }]) });
      const again = await u.run(['install', name.slice(2)], env);
      if (ok) expectSuccess(again);
      else {
        expectFailure(again, 1);
        expect(again.stderr, describeRun(again)).toMatch(/SECURITY ERROR/);
      }
    }
  });
});

// ---------------------------------------------------------------- the h1 alone

describe.skipIf(!canBuildGosumdb())('the checksum database alone (an index entry without a sha256)', () => {
  /** What the worker reports for the fake toolchain's files, named as the module names them. */
  function digestsOf(name: string, mv: string, change?: string) {
    const files = toolchainEntries(name)
      .filter((e) => (e.type ?? 'file') === 'file')
      .map((e) => ({
        name: `golang.org/toolchain@${mv}/${e.name.replace(/^go\//, '')}`,
        sha256: createHash('sha256')
          .update(e.name === change ? 'changed' : (e.content ?? ''))
          .digest(),
      }));
    return { sha256: 'ab'.repeat(32), files, uncovered: [] as string[] };
  }

  async function verifier(sumdb: string) {
    const db = await startGosumdb({ releases: [V], pad: 20 });
    const root = makeTempDir('gosw-h1-alone-');
    const lines: string[] = [];
    const ctx = { env: { GOSW_HTTP_RETRIES: '0', GOENV: 'off' }, err: (l: string) => lines.push(l) } as unknown as Context;
    const store = new Store({ home: path.join(root, 'store'), cache: path.join(root, 'cache') });
    mkdirSync(store.locksDir, { recursive: true });
    const mv = moduleVersion(V);
    const v = new SumdbVerifier(
      { mv, sumdb: parseGosumdb(sumdb === 'fixture' ? db.vkey : `${db.vkey} ${sumdb}`), proxies: proxyList(db.url, '') },
      { filename: `${V}.tar.gz`, advice: 'Retry.', ctx, store },
    );
    return { v, mv, lines };
  }

  it("passes on the database's h1, and leaves out what the h1 does not cover", async () => {
    const { v, mv } = await verifier('fixture');
    await v.check(100, digestsOf(V, mv));
    expect(v.provenance).toMatchObject({
      verifiedBy: [expect.stringMatching(/^the checksum database /)],
      leftOut: ['go/api/', 'go/doc/', 'go/misc/', 'go/test/'],
    });
  });

  it('refuses a changed file (SECURITY) and links the h1 does not cover', async () => {
    const { v, mv } = await verifier('fixture');
    await expect(v.check(100, digestsOf(V, mv, 'go/VERSION'))).rejects.toMatchObject({ code: 'SECURITY' });
    await expect(v.check(100, { ...digestsOf(V, mv), uncovered: ['go/src/link'] })).rejects.toThrow(
      /SECURITY ERROR: .* has links the checksum database does not cover \(go\/src\/link\)/,
    );
  });

  it('with the database unreachable and no sha256, nothing is trusted', async () => {
    const { v, mv } = await verifier('http://127.0.0.1:1');
    await expect(v.check(100, digestsOf(V, mv))).rejects.toThrow(
      /cannot verify .*: the checksum database \S+ is not reachable .* and the release index gives no sha256/,
    );
  });
});
