import { describe, expect, it } from 'vitest';
import { checkLinks, EntryPolicy, safeMode } from '../../src/install/policy.js';

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

  it('refuses a link whose final meaning escapes through another link (checked against the final tree)', () => {
    const p = new EntryPolicy();
    // go/dir/up -> .. is go/: fine alone. go/esc -> dir/up/.. is go/dir/up/.. -> go/.. : outside.
    expect(p.check({ path: 'go/dir/up', type: 'SymbolicLink', linkpath: '..' })).toBeUndefined();
    expect(p.check({ path: 'go/esc', type: 'SymbolicLink', linkpath: 'dir/up/..' })).toBeUndefined(); // lexically go/dir
    expect(checkLinks(p.links)).toMatch(/go\/esc .*leads outside go\//);
  });

  it('refuses a link whose meaning changes after a later link', () => {
    const p = new EntryPolicy();
    expect(p.check({ path: 'go/a', type: 'SymbolicLink', linkpath: 'x/..' })).toBeUndefined(); // go/x is a directory now
    expect(checkLinks(p.links)).toBeUndefined();
    expect(p.check({ path: 'go/x', type: 'SymbolicLink', linkpath: '.' })).toBeUndefined(); // now go/a means go/..
    expect(checkLinks(p.links)).toMatch(/go\/a /);
  });

  it('accepts a link to a link that stays inside, and refuses link loops', () => {
    const p = new EntryPolicy();
    p.check({ path: 'go/bin/go', type: 'File' });
    expect(p.check({ path: 'go/l1', type: 'SymbolicLink', linkpath: 'l2' })).toBeUndefined();
    expect(p.check({ path: 'go/l2', type: 'SymbolicLink', linkpath: 'bin/go' })).toBeUndefined();
    expect(checkLinks(p.links)).toBeUndefined();
    const q = new EntryPolicy();
    q.check({ path: 'go/a', type: 'SymbolicLink', linkpath: 'b' });
    q.check({ path: 'go/b', type: 'SymbolicLink', linkpath: 'a' });
    expect(checkLinks(q.links)).toMatch(/loops/);
  });

  it('queues links instead of writing them: nothing may be written, linked or made a directory at or under one', () => {
    const p = new EntryPolicy();
    expect(p.check({ path: 'go/d', type: 'SymbolicLink', linkpath: 'bin' })).toBeUndefined();
    expect(p.isLink('go/d')).toBe(true);
    expect(p.links).toEqual([{ path: 'go/d', target: 'bin' }]);
    expect(p.check({ path: 'go/d/x', type: 'File' })).toMatch(/through the link go\/d/);
    expect(p.check({ path: 'go/d/', type: 'Directory' })).toMatch(/appears twice, once as a link/);
    expect(p.check({ path: 'go/d', type: 'File' })).toMatch(/appears twice, once as a link/);
    expect(p.check({ path: 'go/d', type: 'SymbolicLink', linkpath: 'src' })).toMatch(/appears twice/);
    expect(p.check({ path: 'go/h', type: 'Link', linkpath: 'go/d/x' })).toMatch(/through a link/);
  });

  it('a hard link to a symlink is queued as that symlink, read from its own directory', () => {
    const p = new EntryPolicy();
    expect(p.check({ path: 'go/a/s', type: 'SymbolicLink', linkpath: '..' })).toBeUndefined(); // go/
    // The same inode named go/h: its text '..' now means go/.. (outside).
    expect(p.check({ path: 'go/h', type: 'Link', linkpath: 'go/a/s' })).toMatch(/points outside go\//);
    expect(p.check({ path: 'go/a/h2', type: 'Link', linkpath: 'go/a/s' })).toBeUndefined();
    expect(p.isLink('go/a/h2')).toBe(true);
    expect(p.links).toContainEqual({ path: 'go/a/h2', target: '..' });
  });

  it('refuses names that differ only in case (one file on macOS), in files and directories', () => {
    const p = new EntryPolicy();
    expect(p.check({ path: 'go/bin/go', type: 'File' })).toBeUndefined();
    expect(p.check({ path: 'go/bin/Go', type: 'File' })).toMatch(/differ only in case/);
    expect(p.check({ path: 'go/BIN/x', type: 'File' })).toMatch(/differ only in case/);
    expect(p.check({ path: 'go/bin/go', type: 'File' })).toBeUndefined(); // the same name again: tar replaces it
  });

  it('refuses a directory over a file and a file over a directory', () => {
    const p = new EntryPolicy();
    p.check({ path: 'go/src/a.go', type: 'File' });
    expect(p.check({ path: 'go/src', type: 'File' })).toMatch(/both a directory and a file/);
    expect(p.check({ path: 'go/src/a.go/', type: 'Directory' })).toMatch(/both a file and a directory/);
    expect(p.check({ path: 'go/src/a.go/x', type: 'File' })).toMatch(/below the file/);
  });

  it('refuses a hard link to an entry that comes later, and to itself', () => {
    const p = new EntryPolicy();
    expect(p.check({ path: 'go/a', type: 'Link', linkpath: 'go/b' })).toMatch(/earlier file/);
    p.check({ path: 'go/b', type: 'File' });
    expect(p.check({ path: 'go/b', type: 'Link', linkpath: 'go/b' })).toMatch(/itself/);
  });

  it('go itself must be a directory', () => {
    expect(new EntryPolicy().check({ path: 'go', type: 'SymbolicLink', linkpath: '.' })).toMatch(/must be the directory/);
    expect(new EntryPolicy().check({ path: 'go', type: 'File' })).toMatch(/must be the directory/);
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
});

describe('safeMode', () => {
  it.each([
    [0o4755, 0o755],
    [0o2755, 0o755],
    [0o1777, 0o777],
    [0o644, 0o644],
  ])('%o -> %o', (input, want) => expect(safeMode(input)).toBe(want));
});
