/** which, list, uninstall, list-remote, and install --file. */
import { copyFileSync, existsSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun } from '../helpers/cli.js';
import { setupE2E, type E2E } from '../helpers/e2e.js';
import { INDEX_PATH } from '../helpers/server.js';
import {
  expectAlias,
  expectCleanAfterFailure,
  expectFailure,
  expectInstalled,
  expectNoAlias,
  expectNotInstalled,
  expectSuccess,
  expectTmpEmpty,
} from '../helpers/store.js';
import { archiveName, expectedVersionLine } from '../helpers/toolchain.js';

const V = 'go1.22.5';

async function installAll(t: E2E, ...specs: string[]): Promise<void> {
  const r = await t.run(['install', ...specs]);
  expectSuccess(r);
}

function parseJson(stdout: string): unknown {
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`stdout is not JSON:\n${stdout}`);
  }
}

describe('gosw which', () => {
  it('prints the GOROOT of an installed version, by exact version, line or latest', async () => {
    const t = await setupE2E();
    await installAll(t, '1.22.4', '1.22.5', '1.21.13');
    for (const [spec, name] of [
      ['1.22', V],
      ['1.22.5', V],
      ['go1.22.4', 'go1.22.4'],
      ['1.21', 'go1.21.13'],
      ['latest', V],
    ] as const) {
      const r = await t.run(['which', spec]);
      expectSuccess(r);
      const out = r.stdout.trim();
      expect(out.split('\n'), describeRun(r)).toHaveLength(1);
      expect(path.isAbsolute(out)).toBe(true);
      expect(realpathSync(out), `which ${spec}`).toBe(realpathSync(t.sb.version(name)));
    }
  });

  it('which needs no network', async () => {
    const t = await setupE2E();
    await installAll(t, '1.22.5');
    await t.server.close();
    const r = await t.run(['which', '1.22']);
    expectSuccess(r);
    expect(realpathSync(r.stdout.trim())).toBe(realpathSync(t.sb.version(V)));
  });

  it('a version that is not installed: exit 1, "not installed"', async () => {
    const t = await setupE2E();
    await installAll(t, '1.22.5');
    for (const spec of ['1.21', '1.22.4', '1.23rc1']) {
      const r = await t.run(['which', spec]);
      expectFailure(r, 1);
      expect(r.stderr).toContain('not installed');
      expect(r.stdout).toBe('');
    }
  });

  it('with an empty store', async () => {
    const t = await setupE2E();
    const r = await t.run(['which', 'latest']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('not installed');
  });
});

interface ListEntry {
  name: string;
  version: string;
  path: string;
  aliases: string[];
}

describe('gosw list --json', () => {
  it('is [] for an empty store', async () => {
    const t = await setupE2E();
    const r = await t.run(['list', '--json']);
    expectSuccess(r);
    expect(parseJson(r.stdout)).toEqual([]);
  });

  it('lists installed versions with their paths and aliases', async () => {
    const t = await setupE2E();
    await installAll(t, '1.22.4', '1.22.5', '1.21.13', '1.23rc1');
    const r = await t.run(['list', '--json']);
    expectSuccess(r);
    const list = parseJson(r.stdout) as ListEntry[];
    expect(Array.isArray(list)).toBe(true);
    const byName = new Map(list.map((e) => [e.name, e]));
    expect([...byName.keys()].sort()).toEqual(['go1.21.13', 'go1.22.4', 'go1.22.5', 'go1.23rc1']);
    for (const e of list) {
      expect(e.version).toMatch(new RegExp(`^(go)?${e.name.slice(2).replace(/\./g, '\\.')}$`));
      expect(e.path).toBe(t.sb.version(e.name));
      expect(Array.isArray(e.aliases)).toBe(true);
    }
    expect([...byName.get(V)!.aliases].sort()).toEqual(['1.22', 'latest']);
    expect(byName.get('go1.22.4')!.aliases).toEqual([]);
    expect(byName.get('go1.21.13')!.aliases).toEqual(['1.21']);
    expect(byName.get('go1.23rc1')!.aliases).toEqual([]);
  });

  it('plain list mentions every installed version', async () => {
    const t = await setupE2E();
    await installAll(t, '1.22.5', '1.21.13');
    const r = await t.run(['list']);
    expectSuccess(r);
    expect(r.stdout).toContain('1.22.5');
    expect(r.stdout).toContain('1.21.13');
  });
});

describe('gosw uninstall', () => {
  it('removes a version; the aliases move to the next newest or disappear', async () => {
    const t = await setupE2E();
    await installAll(t, '1.22.4', '1.22.5', '1.21.13');
    const r = await t.run(['uninstall', '1.22.5']);
    expectSuccess(r);
    expectNotInstalled(t.sb, V);
    expectAlias(t.sb, '1.22', 'go1.22.4');
    expectAlias(t.sb, 'latest', 'go1.22.4');
    expectInstalled(t.sb, 'go1.22.4', expectedVersionLine('go1.22.4'));

    expectSuccess(await t.run(['uninstall', 'go1.22.4']));
    expectNotInstalled(t.sb, 'go1.22.4');
    expectNoAlias(t.sb, '1.22');
    expectAlias(t.sb, 'latest', 'go1.21.13');

    expectSuccess(await t.run(['uninstall', '1.21']));
    expectNotInstalled(t.sb, 'go1.21.13');
    expectNoAlias(t.sb, '1.21');
    expectNoAlias(t.sb, 'latest');
    const list = await t.run(['list', '--json']);
    expect(parseJson(list.stdout)).toEqual([]);
  });

  it('a line spec matching several installed versions is refused', async () => {
    const t = await setupE2E();
    await installAll(t, '1.22.4', '1.22.5');
    const r = await t.run(['uninstall', '1.22']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('matches several');
    expectInstalled(t.sb, V, expectedVersionLine(V));
    expectInstalled(t.sb, 'go1.22.4', expectedVersionLine('go1.22.4'));
    expectAlias(t.sb, '1.22', V);
  });

  it('a version that is not installed: exit 1, "not installed"', async () => {
    const t = await setupE2E();
    await installAll(t, '1.22.5');
    const r = await t.run(['uninstall', '1.21.13']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('not installed');
    expectInstalled(t.sb, V, expectedVersionLine(V));
  });

  it('never removes anything outside versions/ (bad specs are refused)', async () => {
    const t = await setupE2E();
    await installAll(t, '1.22.5');
    writeFileSync(path.join(t.sb.goswHome, 'keep.txt'), 'x');
    for (const spec of ['..', '../keep.txt', '/', 'versions', '1.22; rm -rf /']) {
      const r = await t.run(['uninstall', spec]);
      expectFailure(r, [1, 2]);
    }
    expect(existsSync(path.join(t.sb.goswHome, 'keep.txt'))).toBe(true);
    expectInstalled(t.sb, V, expectedVersionLine(V));
  });
});

interface RemoteEntry {
  name: string;
  version: string;
  stable: boolean;
  installed: boolean;
}

describe('gosw list-remote --json', () => {
  it('lists stable releases with their installed state; --all adds prereleases', async () => {
    const t = await setupE2E();
    await installAll(t, '1.22.4');
    const r = await t.run(['list-remote', '--json']);
    expectSuccess(r);
    const list = parseJson(r.stdout) as RemoteEntry[];
    expect(list.map((e) => e.name).sort()).toEqual(['go1.21.13', 'go1.22.4', 'go1.22.5']);
    for (const e of list) {
      expect(e.stable).toBe(true);
      expect(e.version).toMatch(new RegExp(`^(go)?${e.name.slice(2).replace(/\./g, '\\.')}$`));
      expect(e.installed).toBe(e.name === 'go1.22.4');
    }
    const all = await t.run(['list-remote', '--all', '--json']);
    expectSuccess(all);
    const allList = parseJson(all.stdout) as RemoteEntry[];
    expect(allList.map((e) => e.name).sort()).toEqual(['go1.21.13', 'go1.22.4', 'go1.22.5', 'go1.23rc1']);
    expect(allList.find((e) => e.name === 'go1.23rc1')).toMatchObject({ stable: false, installed: false });
  });
});

describe('gosw install --file', () => {
  function localArchive(t: E2E, bytes?: Buffer): string {
    const rel = t.server.release(V);
    const file = path.join(t.sb.work, archiveName(V));
    if (bytes) writeFileSync(file, bytes);
    else writeFileSync(file, rel.tarball);
    return `./${archiveName(V)}`;
  }

  it('installs a local archive checked against the index, without downloading it', async () => {
    const t = await setupE2E();
    const file = localArchive(t);
    const r = await t.run(['install', '--file', file]);
    expectSuccess(r);
    expect(r.stdout).toContain(`installed ${V} in ${t.sb.version(V)}`);
    expectInstalled(t.sb, V, expectedVersionLine(V));
    expectAlias(t.sb, '1.22', V);
    expect(t.server.count(t.server.release(V).path)).toBe(0);
    expect(t.server.count(INDEX_PATH)).toBe(1);
    expectTmpEmpty(t.sb, { mustExist: true });
    // The local file is left alone.
    expect(existsSync(path.join(t.sb.work, archiveName(V)))).toBe(true);
  });

  it('a local archive with altered bytes fails the index checksum', async () => {
    const t = await setupE2E();
    const good = t.server.release(V).tarball;
    const bad = Buffer.from(good);
    bad[bad.length - 20] = bad[bad.length - 20]! ^ 0xff;
    const file = localArchive(t, bad);
    const r = await t.run(['install', '--file', file]);
    expectFailure(r, 1);
    expect(r.stderr).toContain('sha256 mismatch');
    expect(r.stderr).toContain(t.server.release(V).sha256);
    expectCleanAfterFailure(t.sb, V);
  });

  it('--sha256 with --offline installs with no server and no cached index', async () => {
    const t = await setupE2E();
    const rel = t.server.release(V);
    const file = localArchive(t);
    await t.server.close();
    const r = await t.run(['install', '--file', file, '--sha256', rel.actualSha256, '--offline']);
    expectSuccess(r);
    expectInstalled(t.sb, V, expectedVersionLine(V));
    expectTmpEmpty(t.sb, { mustExist: true });
  });

  it('a wrong --sha256 fails and installs nothing', async () => {
    const t = await setupE2E();
    const file = localArchive(t);
    await t.server.close();
    const wrong = 'ab'.repeat(32);
    const r = await t.run(['install', '--file', file, '--sha256', wrong, '--offline']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('sha256 mismatch');
    expect(r.stderr).toContain(wrong);
    expectCleanAfterFailure(t.sb, V);
  });

  it('an absolute --file path works too, and the file name must name a release', async () => {
    const t = await setupE2E();
    const abs = path.join(t.sb.work, archiveName(V));
    writeFileSync(abs, t.server.release(V).tarball);
    const renamed = path.join(t.sb.work, 'toolchain.tar.gz');
    copyFileSync(abs, renamed);
    const bad = await t.run(['install', '--file', renamed]);
    expectFailure(bad, [1, 2]);
    expectNotInstalled(t.sb, V);
    const ok = await t.run(['install', '--file', abs]);
    expectSuccess(ok);
    expectInstalled(t.sb, V, expectedVersionLine(V));
  });
});
