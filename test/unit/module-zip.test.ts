import { toolchainModuleVersion } from '../../src/goproxy/config.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFilePath, checkModuleZip, goModCopies, type ModuleZipEntry, modeFor, toolchainPrefix } from '../../src/install/module-zip.js';
import { openZip } from '../../src/install/zip.js';
import { makeTempDir } from '../helpers/tmp.js';
import { buildZip } from '../helpers/zip-writer.js';

const MV = 'v0.0.1-go1.22.5.linux-amd64';
const P = `golang.org/toolchain@${MV}/`;
const f = (rest: string, size = 1, unixMode?: number): ModuleZipEntry => ({ name: P + rest, size, unixMode });
const check = (entries: ModuleZipEntry[]) => checkModuleZip(entries, MV, 'm.zip');
const why = (entries: ModuleZipEntry[]): string => {
  try {
    check(entries);
  } catch (err) {
    expect((err as { code?: string }).code).toBe('UNSAFE_ARCHIVE');
    return (err as Error).message;
  }
  throw new Error('accepted');
};

describe('toolchain module coordinates', () => {
  it('module version and prefix', () => {
    expect(toolchainModuleVersion('go1.22.5', 'linux', 'amd64')).toBe(MV);
    expect(toolchainModuleVersion('go1.20', 'linux', 'arm')).toBe('v0.0.1-go1.20.linux-arm');
    expect(toolchainPrefix(MV)).toBe(P);
  });
});

describe('checkModuleZip', () => {
  it('accepts a toolchain layout, skips directory entries, gives modes and the go.mod copies', () => {
    const out = check([
      f('VERSION', 30),
      f('bin/go', 100, 0o100755),
      f('bin/gofmt', 100),
      f('pkg/tool/linux_amd64/compile', 100),
      f('src/', 0, 0o40755),
      f('src/_go.mod', 10),
      f('src/cmd/_go.mod', 10),
      f('src/make.bash', 10),
      f('src/net/http/fs.go', 10),
      f('lib/wasm/go_js_wasm_exec', 10),
      { name: P, size: 0 },
    ]);
    expect(out.files.map((x) => [x.path, x.mode.toString(8)])).toEqual([
      ['VERSION', '644'],
      ['bin/go', '755'],
      ['bin/gofmt', '755'],
      ['pkg/tool/linux_amd64/compile', '755'],
      ['src/_go.mod', '644'],
      ['src/cmd/_go.mod', '644'],
      ['src/make.bash', '755'],
      ['src/net/http/fs.go', '644'],
      ['lib/wasm/go_js_wasm_exec', '755'],
    ]);
    expect(out.files[1]!.name).toBe(P + 'bin/go');
    expect(out.goModCopies).toEqual([
      { from: 'src/cmd/_go.mod', to: 'src/cmd/go.mod' },
      { from: 'src/_go.mod', to: 'src/go.mod' },
    ]);
  });

  it('refuses a name outside the prefix (another version, another module, no prefix)', () => {
    expect(why([{ name: 'golang.org/toolchain@v0.0.1-go1.22.4.linux-amd64/bin/go', size: 1 }])).toMatch(/does not start with/);
    expect(why([{ name: 'bin/go', size: 1 }])).toMatch(/does not start with "golang.org\/toolchain@v0.0.1-go1.22.5.linux-amd64\/"/);
    expect(why([{ name: `golang.org/toolchain@${MV}`, size: 1 }])).toMatch(/does not start with/);
  });

  it('refuses unclean and invalid paths', () => {
    const bad: Array<[string, RegExp]> = [
      ['../escape', /invalid path element "\.\."/],
      ['src/../../escape', /invalid path element "\.\."/],
      ['./a', /invalid path element "\."/],
      ['/abs', /double slash|absolute/],
      ['a//b', /double slash/],
      ['a\\b', /invalid char "\\\\"/],
      ['a/b.', /trailing dot/],
      ['a/CON.txt', /disallowed as path element component on Windows/],
      ['a:b', /invalid char ":"/],
      ['a*b', /invalid char "\*"/],
      ['a\0b', /invalid char/],
    ];
    for (const [rest, re] of bad) expect(why([f(rest)])).toMatch(re);
  });

  it('refuses a name with a newline', () => {
    expect(why([f('a\nb')])).toMatch(/newline/);
  });

  it('refuses case-fold twins, and a name that is both a file and a directory', () => {
    expect(why([f('src/Foo.go'), f('src/foo.go')])).toMatch(/case-insensitive file name collision: "src\/Foo.go" and "src\/foo.go"/);
    expect(why([f('SRC/a.go'), f('src/b.go')])).toMatch(/case-insensitive file name collision: "SRC" and "src"/);
    // Go's EqualFold: the Kelvin sign folds to k, the long s to s; and a precomposed letter equals its NFD form on macOS.
    expect(why([f('src/\u212a.go'), f('src/k.go')])).toMatch(/collision/);
    expect(why([f('src/\u017f.go'), f('src/S.go')])).toMatch(/collision/);
    expect(check([f('src/\u00e9.go'), f('src/e.go')]).files).toHaveLength(2);
    expect(why([f('src/a'), f('src/a/b')])).toMatch(/"src\/a" is both a file and a directory/);
    expect(why([f('src/a'), f('src/a')])).toMatch(/multiple entries for file/);
  });

  it('refuses symlinks and special files by their unix mode', () => {
    expect(why([f('bin/go', 6, 0o120777)])).toMatch(/symbolic link/);
    expect(why([f('dev', 0, 0o020644)])).toMatch(/special file \(mode 020644\)/);
    expect(why([f('dir', 0, 0o040755)])).toMatch(/mode says directory/);
    expect(why([f('d/', 3, 0o040755)])).toMatch(/directory with 3 bytes/);
  });

  it("applies x/mod's go.mod, LICENSE and total size rules", () => {
    expect(why([f('src/go.mod')])).toMatch(/go.mod file not in module root/);
    expect(why([f('GO.MOD')])).toMatch(/wrong case/);
    expect(check([f('go.mod', 10)]).files).toHaveLength(1);
    expect(why([f('go.mod', 17 * 1024 * 1024)])).toMatch(/go.mod file too large/);
    expect(why([f('LICENSE', 17 * 1024 * 1024)])).toMatch(/LICENSE file too large/);
    expect(() => checkModuleZip([f('a', 60), f('b', 50)], MV, 'm.zip', 100)).toThrow(/total uncompressed size/);
  });

  it('works on the entries openZip reads (a symlink entry in a real zip)', async () => {
    const file = path.join(makeTempDir(), 'm.zip');
    writeFileSync(
      file,
      buildZip([
        { name: P + 'bin/go', content: 'ELF' },
        { name: P + 'bin/link', content: 'go', mode: 0o120777 },
      ]),
    );
    const z = await openZip(file);
    try {
      expect(() => checkModuleZip(z.entries, MV, 'm.zip')).toThrow(/entry ".*bin\/link": it is a symbolic link/);
      expect(checkModuleZip(z.entries.slice(0, 1), MV, 'm.zip').files[0]).toMatchObject({ path: 'bin/go', size: 3, mode: 0o755 });
    } finally {
      await z.close();
    }
  });
});

describe('checkFilePath (module.CheckFilePath)', () => {
  it('accepts what Go accepts', () => {
    for (const p of ['a', 'a/b.go', 'src/cmd/go/testdata/script/x~y.txt', 'é/ü', 'a b', '.dotfile', 'x/.y', 'a@b[c]{d}^e=f']) {
      expect(checkFilePath(p)).toBeUndefined();
    }
  });
  it('refuses what Go refuses', () => {
    for (const p of ['', 'a/', '/a', 'a/./b', '...', 'a"b', "a'b", 'a<b', 'a|b', 'a`b', 'a?b', 'NUL', 'lpt1.txt', '\u2603']) {
      expect(checkFilePath(p), p).toBeDefined();
    }
  });
});

describe('modeFor (distpack)', () => {
  it.each([
    ['bin/go', 0o755],
    ['bin/gofmt', 0o755],
    ['pkg/tool/linux_amd64/compile', 0o755],
    ['src/make.bash', 0o755],
    ['src/run.rc', 0o755],
    ['src/x.sh', 0o755],
    ['src/regexp/syntax/make_perl_groups.pl', 0o755],
    ['lib/wasm/go_wasip1_wasm_exec', 0o755],
    ['misc/ios/go_ios_exec', 0o644],
    ['src/cmd/go/main.go', 0o644],
    ['VERSION', 0o644],
    ['pkg/include/asm_amd64.h', 0o644],
    ['src/_go.mod', 0o644],
  ])('%s', (p, mode) => {
    expect(modeFor(p)).toBe(mode);
  });
});

describe('goModCopies', () => {
  it('copies every _go.mod, src/go.mod last', () => {
    expect(goModCopies(['src/_go.mod', 'a/_go.mod', '_go.mod', 'src/x_go.mod', 'b/go.mod'])).toEqual([
      { from: 'a/_go.mod', to: 'a/go.mod' },
      { from: '_go.mod', to: 'go.mod' },
      { from: 'src/_go.mod', to: 'src/go.mod' },
    ]);
  });
});
