/**
 * Hostile archives. Each is served with its CORRECT sha256 in the index, so only the extraction
 * safety rules can stop it: every entry under go/, no absolute paths or `..`, symlinks and hard
 * links stay inside go/, no devices or FIFOs, setuid/setgid/sticky stripped, owner never applied.
 */
import { lstatSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../helpers/cli.js';
import { describeRun } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import {
  expectAlias,
  expectCleanAfterFailure,
  expectFailure,
  expectInstalled,
  expectNoAlias,
  expectSuccess,
  expectTmpEmpty,
  findNamed,
  lexists,
  runGo,
  snapshotTree,
} from '../helpers/store.js';
import { tarGz, type TarEntry } from '../helpers/tar-writer.js';
import { expectedVersionLine, toolchainEntries } from '../helpers/toolchain.js';

const V = 'go1.22.5';

interface Hostile {
  title: string;
  /** Entries appended to an otherwise normal toolchain (after go/bin/go, so extraction has begun). */
  entries: (sb: Sandbox) => TarEntry[];
  /** Text stderr must contain besides `unsafe archive` (the offending entry's name). */
  mention: string;
  /** Paths that must not exist afterwards. */
  targets?: (sb: Sandbox) => string[];
  /** Set up victims before the install; check them after. */
  victim?: (sb: Sandbox) => () => void;
}

const hostile: Hostile[] = [
  {
    title: 'a file outside go/',
    entries: () => [{ name: 'evil.txt', content: 'evil\n' }],
    mention: 'evil.txt',
  },
  {
    title: 'a sibling directory whose name starts with go (go2/)',
    entries: () => [{ name: 'go2/pwned-sibling', content: 'evil\n' }],
    mention: 'go2/pwned-sibling',
  },
  {
    title: 'an absolute path',
    entries: (sb) => [{ name: path.join(sb.outside, 'pwned-abs'), content: 'evil\n' }],
    mention: 'pwned-abs',
    targets: (sb) => [path.join(sb.outside, 'pwned-abs')],
  },
  {
    title: 'go/../../pwned',
    entries: () => [{ name: 'go/../../pwned-dotdot', content: 'evil\n' }],
    mention: 'go/../../pwned-dotdot',
  },
  {
    title: 'a deep .. escape to the sandbox root',
    entries: () => [{ name: 'go/../../../../pwned-deep', content: 'evil\n' }],
    mention: 'pwned-deep',
  },
  {
    title: 'a .. hidden in a pax path header (ustar name looks benign)',
    entries: () => [{ name: 'go/benign.txt', content: 'evil\n', pax: { path: 'go/../../../../pwned-pax' } }],
    mention: 'pwned-pax',
  },
  {
    title: 'a symlink to an absolute directory (go/link -> /etc)',
    entries: () => [{ name: 'go/link', type: 'symlink', linkname: '/etc' }],
    mention: 'go/link',
  },
  {
    title: 'a symlink escaping with .. (go/link -> ../../outside)',
    entries: () => [{ name: 'go/link', type: 'symlink', linkname: '../../outside' }],
    mention: 'go/link',
  },
  {
    title: 'a symlink escaping from a subdirectory (go/bin/up -> ../../..)',
    entries: () => [{ name: 'go/bin/up', type: 'symlink', linkname: '../../..' }],
    mention: 'go/bin/up',
  },
  {
    title: 'a symlink out (go/d -> ../..) then a file written through it',
    entries: () => [
      { name: 'go/d', type: 'symlink', linkname: '../..' },
      { name: 'go/d/pwned-through-link', content: 'evil\n' },
    ],
    mention: 'go/d',
  },
  {
    title: 'a symlink to the sandbox root then a file written through it',
    entries: () => [
      { name: 'go/d', type: 'symlink', linkname: '../../../..' },
      { name: 'go/d/pwned-through-deep-link', content: 'evil\n' },
    ],
    mention: 'go/d',
  },
  {
    title: 'an absolute symlink to a directory outside, then a file through it',
    entries: (sb) => [
      { name: 'go/o', type: 'symlink', linkname: sb.outside },
      { name: 'go/o/pwned-abs-link', content: 'evil\n' },
    ],
    mention: 'go/o',
    targets: (sb) => [path.join(sb.outside, 'pwned-abs-link')],
  },
  {
    // Each target is lexically inside go/, but go/dir/up -> .. makes `dir/up/..` the parent of go/.
    title: 'a symlink whose target escapes through another symlink (go/esc -> dir/up/..)',
    entries: () => [
      { name: 'go/dir/', type: 'dir' },
      { name: 'go/dir/up', type: 'symlink', linkname: '..' },
      { name: 'go/esc', type: 'symlink', linkname: 'dir/up/..' },
    ],
    mention: 'go/esc',
  },
  {
    title: 'a symlink chain reaching the store root (go/esc -> dir/up/../..)',
    entries: () => [
      { name: 'go/dir/', type: 'dir' },
      { name: 'go/dir/up', type: 'symlink', linkname: '..' },
      { name: 'go/esc', type: 'symlink', linkname: 'dir/up/../..' },
    ],
    mention: 'go/esc',
  },
  {
    title: 'a file replaced by a symlink pointing outside (go/bin/go -> ../../../outside/x)',
    entries: () => [{ name: 'go/bin/go', type: 'symlink', linkname: '../../../outside/x' }],
    mention: 'go/bin/go',
  },
  {
    title: 'a hard link to /etc/passwd',
    entries: () => [{ name: 'go/passwd', type: 'hardlink', linkname: '/etc/passwd' }],
    mention: 'go/passwd',
    victim: () => {
      const before = statSync('/etc/passwd');
      const content = readFileSync('/etc/passwd');
      return () => {
        const after = statSync('/etc/passwd');
        expect(after.nlink).toBe(before.nlink);
        expect(readFileSync('/etc/passwd').equals(content)).toBe(true);
      };
    },
  },
  {
    title: 'a hard link to ../outside',
    entries: () => [{ name: 'go/h', type: 'hardlink', linkname: '../outside' }],
    mention: 'go/h',
  },
  {
    title: 'a hard link to a file outside the store, then a write through it',
    entries: () => [
      { name: 'go/h', type: 'hardlink', linkname: '../../../outside/victim.txt' },
      { name: 'go/h', content: 'PWNED\n' },
    ],
    mention: 'go/h',
    victim: (sb) => {
      const victim = path.join(sb.outside, 'victim.txt');
      writeFileSync(victim, 'original\n');
      return () => {
        expect(readFileSync(victim, 'utf8')).toBe('original\n');
        expect(statSync(victim).nlink).toBe(1);
      };
    },
  },
  {
    title: 'a hard link by absolute path to a file outside the store',
    entries: (sb) => [{ name: 'go/h2', type: 'hardlink', linkname: path.join(sb.outside, 'victim2.txt') }],
    mention: 'go/h2',
    victim: (sb) => {
      const victim = path.join(sb.outside, 'victim2.txt');
      writeFileSync(victim, 'original\n');
      return () => {
        expect(readFileSync(victim, 'utf8')).toBe('original\n');
        expect(statSync(victim).nlink).toBe(1);
      };
    },
  },
  {
    title: 'a hard link to a later entry (links must point at an earlier entry)',
    entries: () => [
      { name: 'go/early', type: 'hardlink', linkname: 'go/later' },
      { name: 'go/later', content: 'later\n' },
    ],
    mention: 'go/early',
  },
  {
    title: 'a character device',
    entries: () => [{ name: 'go/null2', type: 'char', devmajor: 1, devminor: 3, mode: 0o666 }],
    mention: 'go/null2',
  },
  {
    title: 'a block device',
    entries: () => [{ name: 'go/blk', type: 'block', devmajor: 7, devminor: 0, mode: 0o660 }],
    mention: 'go/blk',
  },
  {
    title: 'a FIFO',
    entries: () => [{ name: 'go/fifo', type: 'fifo', mode: 0o644 }],
    mention: 'go/fifo',
  },
];

describe('hostile archives are refused', () => {
  for (const h of hostile) {
    it(h.title, async () => {
      const t = await setupE2E({ releases: [] });
      const check = h.victim?.(t.sb);
      const rel = t.server.addRelease(V, { tarball: tarGz(toolchainEntries(V, { extraFiles: 20, append: h.entries(t.sb) })) });
      // The index has the right checksum: only the safety rules can catch this archive.
      expect(rel.sha256).toBe(rel.actualSha256);
      const outsideBefore = snapshotTree(t.sb.root, ['gosw']);

      const r = await t.run(['install', '1.22.5']);

      expectFailure(r, 1);
      expect(r.stderr, describeRun(r)).toContain('unsafe archive');
      expect(r.stderr, describeRun(r)).toContain(h.mention);
      expectCleanAfterFailure(t.sb, V);
      expectTmpEmpty(t.sb, { mustExist: true });
      expectNoAlias(t.sb, '1.22');
      expectNoAlias(t.sb, 'latest');
      // Nothing was created (or removed) outside the store, and no "pwned" file anywhere, store included.
      expect(snapshotTree(t.sb.root, ['gosw'])).toEqual(outsideBefore);
      expect(findNamed(t.sb.root, /pwned|^evil\.txt$/)).toEqual([]);
      for (const target of h.targets?.(t.sb) ?? []) expect(lexists(target), target).toBe(false);
      check?.();
      // The refusal leaves the store usable: a good archive installs right after.
      t.server.updateRelease(V, { tarball: tarGz(toolchainEntries(V)) });
      const good = await t.run(['install', '1.22.5'], { GOSW_INDEX_TTL: '0' });
      expectSuccess(good);
      expectInstalled(t.sb, V, expectedVersionLine(V));
    });
  }
});

describe('archives that are unusual but safe install', () => {
  it('symlinks and hard links inside go/ are kept', async () => {
    const t = await setupE2E({ releases: [] });
    t.server.addRelease(V, {
      tarball: tarGz(
        toolchainEntries(V, {
          append: [
            { name: 'go/bin/gofmt2', type: 'symlink', linkname: 'go' },
            { name: 'go/misc/', type: 'dir' },
            { name: 'go/misc/x', type: 'symlink', linkname: '../bin/go' },
            { name: 'go/misc/self', type: 'symlink', linkname: '.' },
            { name: 'go/bin/go2', type: 'hardlink', linkname: 'go/bin/go' },
          ],
        }),
      ),
    });
    const r = await t.run(['install', '1.22.5']);
    expectSuccess(r);
    const goroot = t.sb.version(V);
    expectInstalled(t.sb, V, expectedVersionLine(V));
    expect(lstatSync(path.join(goroot, 'bin/gofmt2')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(goroot, 'bin/gofmt2'))).toBe('go');
    expect(readlinkSync(path.join(goroot, 'misc/x'))).toBe('../bin/go');
    expect(runGo(goroot, ['version'], 'bin/gofmt2')).toBe(expectedVersionLine(V));
    expect(runGo(goroot, ['version'], 'misc/x')).toBe(expectedVersionLine(V));
    expect(runGo(goroot, ['version'], 'bin/go2')).toBe(expectedVersionLine(V));
    expect(readFileSync(path.join(goroot, 'bin/go2')).equals(readFileSync(path.join(goroot, 'bin/go')))).toBe(true);
    expectAlias(t.sb, '1.22', V);
    expectTmpEmpty(t.sb, { mustExist: true });
  });

  it('setuid, setgid and sticky bits are stripped, other permission bits kept', async () => {
    const t = await setupE2E({ releases: [] });
    t.server.addRelease(V, {
      tarball: tarGz(
        toolchainEntries(V, {
          append: [
            { name: 'go/bin/suid', content: '#!/bin/sh\necho suid\n', mode: 0o4755 },
            { name: 'go/bin/sgid', content: '#!/bin/sh\necho sgid\n', mode: 0o2755 },
            { name: 'go/bin/both', content: '#!/bin/sh\necho both\n', mode: 0o6755 },
            { name: 'go/sticky/', type: 'dir', mode: 0o1777 },
            { name: 'go/sgiddir/', type: 'dir', mode: 0o2755 },
            { name: 'go/sgiddir/f', content: 'f\n', mode: 0o644 },
          ],
        }),
      ),
    });
    expectSuccess(await t.run(['install', '1.22.5']));
    const goroot = t.sb.version(V);
    for (const rel of ['bin/suid', 'bin/sgid', 'bin/both', 'sticky', 'sgiddir', 'sgiddir/f', 'bin/go', '.']) {
      const mode = lstatSync(path.join(goroot, rel)).mode;
      expect(mode & 0o7000, `${rel} mode ${(mode & 0o7777).toString(8)}`).toBe(0);
    }
    for (const rel of ['bin/suid', 'bin/sgid', 'bin/both']) {
      expect(lstatSync(path.join(goroot, rel)).mode & 0o111, `${rel} stays executable`).toBe(0o111);
    }
    expect(runGo(goroot, [], 'bin/suid')).toBe('suid');
  });

  it('the archive owner (uid/gid 12345) is never applied: files belong to the installing user', async () => {
    const t = await setupE2E({ releases: [] });
    t.server.addRelease(V, {
      tarball: tarGz(
        toolchainEntries(V, {
          append: [
            { name: 'go/misc/', type: 'dir' },
            { name: 'go/misc/link', type: 'symlink', linkname: '../VERSION' },
          ],
          map: (e) => ({ ...e, uid: 12345, gid: 12345, uname: 'mallory', gname: 'mallory' }),
        }),
      ),
    });
    expectSuccess(await t.run(['install', '1.22.5']));
    const goroot = t.sb.version(V);
    const uid = process.getuid!();
    const gid = process.getgid!();
    for (const rel of ['.', 'bin', 'bin/go', 'VERSION', 'src', 'src/pkg0', 'src/pkg0/file0.go', 'misc', 'misc/link']) {
      const st = lstatSync(path.join(goroot, rel));
      expect({ rel, uid: st.uid, gid: st.gid }).toEqual({ rel, uid, gid });
    }
  });

  it('long names (pax and ustar prefix) install with their full path', async () => {
    const t = await setupE2E({ releases: [] });
    const paxName = `go/src/${'deeply-nested-directory/'.repeat(5)}${'n'.repeat(110)}.go`;
    const prefixName = `go/src/${'p'.repeat(60)}/${'q'.repeat(60)}/file-with-prefix.go`;
    t.server.addRelease(V, {
      tarball: tarGz(
        toolchainEntries(V, {
          append: [
            { name: paxName, content: 'pax\n' },
            { name: prefixName, content: 'prefix\n' },
            { name: 'go/src/forced-pax.go', content: 'forced\n', forcePax: true },
          ],
        }),
      ),
    });
    expectSuccess(await t.run(['install', '1.22.5']));
    const goroot = t.sb.version(V);
    expect(readFileSync(path.join(goroot, paxName.slice(3)), 'utf8')).toBe('pax\n');
    expect(readFileSync(path.join(goroot, prefixName.slice(3)), 'utf8')).toBe('prefix\n');
    expect(readFileSync(path.join(goroot, 'src/forced-pax.go'), 'utf8')).toBe('forced\n');
  });
});
