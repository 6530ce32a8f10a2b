/**
 * Attacks on the extractor that worked before issue 9: link chains that write outside the store
 * *before* the sha256 is compared. Each attack is tried three ways: from a mirror whose index entry
 * has the archive's correct sha256 (only the extraction rules can stop it), with --file and the
 * right --sha256, and with --file and a wrong --sha256 (the escape must not happen before the
 * mismatch is found). Victims: ~/.bashrc and a file outside the sandbox's store.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, describeRun, type RunResult } from '../helpers/cli.js';
import { setupE2E, type E2E } from '../helpers/e2e.js';
import {
  caseFoldTwins,
  climbingChain,
  directoryOverLink,
  hardLinkToLink,
  linkToLink,
  meaningChangesLater,
} from '../helpers/hostile-tar.js';
import { expectFailure, expectInstalled, expectNotInstalled, expectSuccess, findNamed, snapshotTree } from '../helpers/store.js';
import { sha256 } from '../helpers/server.js';
import { tarGz, type TarEntry } from '../helpers/tar-writer.js';
import { haveTool } from '../helpers/tools.js';
import { archiveName, expectedVersionLine, toolchainEntries } from '../helpers/toolchain.js';

const V = 'go1.22.5';
const BASHRC = "# the user's own bashrc\n";

type Way = 'mirror' | 'file' | 'file, wrong --sha256';
const WAYS: Way[] = ['mirror', 'file', 'file, wrong --sha256'];

/** Levels from a work dir (<store>/tmp/<work>) up to the sandbox root. */
function levelsToRoot(t: E2E, goswHome: string): number {
  return path.relative(t.sb.root, path.join(goswHome, 'tmp')).split('/').length + 1;
}

async function attempt(t: E2E, way: Way, tarball: Buffer, goswHome: string): Promise<RunResult> {
  const env = { GOSW_HOME: goswHome };
  if (way === 'mirror') {
    const rel = t.server.addRelease(V, { tarball });
    expect(rel.sha256).toBe(rel.actualSha256); // the index is right: only the extractor can refuse
    return t.run(['install', '1.22.5'], { ...env, GOSW_MIRROR: t.server.mirrorUrl });
  }
  const file = path.join(t.sb.work, archiveName(V));
  writeFileSync(file, tarball);
  const sha = way === 'file' ? sha256(tarball) : sha256('something else');
  return t.run(['install', '--file', file, '--sha256', sha], env);
}

interface Attack {
  title: string;
  entries: (t: E2E, goswHome: string) => TarEntry[];
  /** What the error must say besides "unsafe archive" (with the right checksum). */
  why: RegExp;
}

const attacks: Attack[] = [
  {
    title: 'a climbing link chain that replaces ~/.bashrc',
    entries: (t, home) => climbingChain(levelsToRoot(t, home), 'home/.bashrc', 'echo pwned\n'),
    why: /appears twice, once as a link/,
  },
  {
    title: 'a link whose meaning a later link changes (go/a -> x/.., then go/x -> .)',
    entries: () => meaningChangesLater(),
    why: /go\/a -> "x\/\.\." leads outside go\//,
  },
  {
    title: 'a link to a link (go/r -> p/q/.., go/p/q -> ..)',
    entries: () => linkToLink(),
    why: /go\/r .*leads outside go\//,
  },
  {
    title: 'a directory entry over a link, then a file through it',
    entries: () => directoryOverLink('../../../outside', 'pwned', 'evil\n'),
    why: /go\/d/,
  },
  {
    title: 'a hard link to a symlink, then a file through it',
    entries: () => hardLinkToLink('pwned', 'evil\n'),
    why: /hard link|go\/h/,
  },
  {
    title: 'names that differ only in case (go/bin/go and go/bin/GO)',
    entries: () => caseFoldTwins(),
    why: /differ only in case/,
  },
];

describe('hostile link tricks never write outside the store, before or after the checksum', () => {
  for (const a of attacks) {
    for (const way of WAYS) {
      it(`${a.title} (${way})`, async () => {
        const t = await setupE2E({ releases: [] });
        const goswHome = t.sb.goswHome;
        const bashrc = path.join(t.sb.home, '.bashrc');
        writeFileSync(bashrc, BASHRC);
        const tarball = tarGz(toolchainEntries(V, { append: a.entries(t, goswHome) }));
        const outside = snapshotTree(t.sb.root, ['gosw', 'work']);

        const r = await attempt(t, way, tarball, goswHome);

        expectFailure(r, 1);
        if (way === 'file, wrong --sha256') expect(r.stderr, describeRun(r)).toMatch(/unsafe archive|sha256 mismatch/);
        else {
          expect(r.stderr, describeRun(r)).toContain('unsafe archive');
          expect(r.stderr, describeRun(r)).toMatch(a.why);
        }
        expect(readFileSync(bashrc, 'utf8')).toBe(BASHRC);
        expect(snapshotTree(t.sb.root, ['gosw', 'work'])).toEqual(outside);
        expect(findNamed(t.sb.root, /pwned|^l\d+$/)).toEqual([]);
        expectNotInstalled(t.sb, V);
        expect(snapshotTree(path.join(goswHome, 'tmp'))).toEqual([]);
      });
    }
  }

  it('a 14-level climbing chain from a deep GOSW_HOME does not reach ~/.bashrc (mirror and --file)', async () => {
    const t = await setupE2E({ releases: [] });
    const deep = path.join(t.sb.root, 'deep', ...Array.from({ length: 10 }, (_, i) => `d${i}`), 'gosw');
    mkdirSync(path.dirname(deep), { recursive: true });
    const bashrc = path.join(t.sb.home, '.bashrc');
    writeFileSync(bashrc, BASHRC);
    const up = levelsToRoot(t, deep);
    expect(up).toBe(14);
    const tarball = tarGz(toolchainEntries(V, { append: climbingChain(up, 'home/.bashrc', 'echo pwned\n') }));
    for (const way of WAYS) {
      const r = await attempt(t, way, tarball, deep);
      expectFailure(r, 1);
      expect(readFileSync(bashrc, 'utf8'), way).toBe(BASHRC);
      expect(findNamed(t.sb.root, /pwned|^l\d+$/), way).toEqual([]);
    }
  });

  it('a safe archive with links installs them, and good archives still install after an attack', async () => {
    const t = await setupE2E({ releases: [] });
    const links: TarEntry[] = [
      { name: 'go/misc/', type: 'dir' },
      { name: 'go/misc/go', type: 'symlink', linkname: '../bin/go' },
      { name: 'go/l1', type: 'symlink', linkname: 'l2' }, // a link to a link that stays inside
      { name: 'go/l2', type: 'symlink', linkname: 'bin' },
      { name: 'go/self', type: 'symlink', linkname: '.' },
    ];
    const r = await attempt(t, 'mirror', tarGz(toolchainEntries(V, { append: links })), t.sb.goswHome);
    expectSuccess(r);
    expectInstalled(t.sb, V, expectedVersionLine(V));
    const root = t.sb.version(V);
    expect(spawnSync(path.join(root, 'misc', 'go'), ['version'], { encoding: 'utf8' }).stdout.trim()).toBe(expectedVersionLine(V));
    expect(spawnSync(path.join(root, 'l1', 'go'), ['version'], { encoding: 'utf8' }).stdout.trim()).toBe(expectedVersionLine(V));
  });
});

describe('no symlink exists before the sha256 has matched', () => {
  // strace sees every symlink the installer makes, whenever it makes it: no timing involved.
  const strace = haveTool('strace', ['-V']);
  const traced = (t: E2E, file: string, sha: string) => {
    const log = path.join(t.sb.root, 'strace.log');
    const r = spawnSync(
      'strace',
      ['-f', '-qq', '-e', 'trace=symlink,symlinkat', '-o', log, process.execPath, CLI_PATH, 'install', '--file', file, '--sha256', sha],
      {
        env: t.env(),
        cwd: t.sb.work,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const calls = readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => /symlink/.test(l));
    return { r, calls };
  };

  it.skipIf(!strace)('a mismatching archive with links makes no symlink at all; a matching one makes them after unpacking', async () => {
    const t = await setupE2E({ releases: [] });
    const tarball = tarGz(
      toolchainEntries(V, {
        extraFiles: 50,
        prepend: [
          { name: 'go/', type: 'dir' },
          { name: 'go/early', type: 'symlink', linkname: 'bin' },
        ],
      }),
    );
    const file = path.join(t.sb.work, archiveName(V));
    writeFileSync(file, tarball);

    const bad = traced(t, file, sha256('not this archive'));
    expect(bad.r.status, bad.r.stderr).toBe(1);
    expect(bad.r.stderr).toContain('sha256 mismatch');
    expect(bad.calls).toEqual([]);

    const good = traced(t, file, sha256(tarball));
    expect(good.r.status, good.r.stderr).toBe(0);
    expect(good.calls.join('\n')).toMatch(/symlink(at)?\("bin", .*go\/early"/);
    expectInstalled(t.sb, V, expectedVersionLine(V));
  });
});
