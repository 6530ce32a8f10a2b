import { describe, expect, it } from 'vitest';
import { EntryPolicy, safeMode } from '../../src/install/policy.js';

describe('EntryPolicy', () => {
  const ok: Array<[string, string, string?]> = [
    ['go/', 'Directory'],
    ['go/bin/go', 'File'],
    ['go/src/a/b.go', 'OldFile'],
    ['go/bin/gofmt2', 'SymbolicLink', 'gofmt'],
    ['go/misc/x', 'SymbolicLink', '../bin/go'],
    ['go/self', 'SymbolicLink', '.'],
    ['go/bin/go2', 'Link', 'go/bin/go'],
  ];
  it.each(ok)('accepts %s (%s)', (path, type, linkpath) => {
    const p = new EntryPolicy();
    p.check({ path: 'go/bin/go', type: 'File' });
    expect(p.check({ path, type, linkpath })).toBeUndefined();
  });

  it('refuses a symlink that resolves through another symlink', () => {
    const p = new EntryPolicy();
    expect(p.check({ path: 'go/dir/up', type: 'SymbolicLink', linkpath: '..' })).toBeUndefined();
    expect(p.check({ path: 'go/esc', type: 'SymbolicLink', linkpath: 'dir/up/..' })).toMatch(/through another symlink/);
  });

  it('refuses a hard link to an entry that comes later', () => {
    const p = new EntryPolicy();
    expect(p.check({ path: 'go/a', type: 'Link', linkpath: 'go/b' })).toMatch(/earlier file/);
  });

  const bad: Array<[string, string, string | undefined, RegExp]> = [
    ['evil.txt', 'File', undefined, /outside go\//],
    ['/tmp/pwned', 'File', undefined, /outside go\//],
    ['go/../../pwned', 'File', undefined, /outside go\//],
    ['./go/bin/go', 'File', undefined, /outside go\//],
    ['go//bin', 'File', undefined, /outside go\//],
    ['gopher/x', 'File', undefined, /outside go\//],
    ['go/link', 'SymbolicLink', '/etc', /absolute/],
    ['go/link', 'SymbolicLink', '../../outside', /points outside/],
    ['go/link', 'SymbolicLink', '..', /points outside/],
    ['go/a/b', 'SymbolicLink', '../../x', /points outside/],
    ['go/hl', 'Link', '/etc/passwd', /points outside/],
    ['go/hl', 'Link', '../outside', /points outside/],
    ['go/hl', 'Link', 'go/../../x', /points outside/],
    ['go/dev', 'CharacterDevice', undefined, /CharacterDevice/],
    ['go/blk', 'BlockDevice', undefined, /BlockDevice/],
    ['go/fifo', 'FIFO', undefined, /FIFO/],
  ];
  it.each(bad)('refuses %s (%s -> %s)', (path, type, linkpath, why) => {
    expect(new EntryPolicy().check({ path, type, linkpath })).toMatch(why);
  });

  it('refuses writing through a symlink seen earlier, even one pointing inside', () => {
    const p = new EntryPolicy();
    expect(p.check({ path: 'go/d', type: 'SymbolicLink', linkpath: 'bin' })).toBeUndefined();
    expect(p.check({ path: 'go/d/x', type: 'File' })).toMatch(/through the symlink go\/d/);
    expect(p.check({ path: 'go/h', type: 'Link', linkpath: 'go/d/x' })).toMatch(/through a symlink/);
  });

  it('forgets a symlink replaced by a directory', () => {
    const p = new EntryPolicy();
    p.check({ path: 'go/d', type: 'SymbolicLink', linkpath: 'bin' });
    expect(p.check({ path: 'go/d/', type: 'Directory' })).toBeUndefined();
    expect(p.check({ path: 'go/d/x', type: 'File' })).toBeUndefined();
  });
});

describe('safeMode', () => {
  it.each([
    [0o4755, 0o755],
    [0o2755, 0o755],
    [0o1777, 0o777],
    [0o644, 0o644],
  ])('%o -> %o', (input, want) => expect(safeMode(input)).toBe(want));
});
