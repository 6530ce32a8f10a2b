/**
 * src/versions/files.ts: the TypeScript twin of the shell hook's __gosw_norm / __gosw_parse_file.
 * Table-driven; every row names the input exactly (JSON) so a failure says which one.
 *
 * The contract (the same in shell/hook.sh.in (rendered to gosw.bash and gosw.zsh)): a file is read as BYTES (the hooks
 * run with LC_ALL=C; TypeScript decodes latin1, one character per byte, see decodeVersionFile): the
 * first READ_LIMIT bytes, up to a NUL, without a leading BOM and without CRs, split on newlines;
 * empty lines are dropped, only the first MAX_LINES non-empty lines are looked at, and a line over
 * MAX_LINE bytes is skipped silently (it cannot be a version, and it is not reported).
 */
import { parseRequest, type Request } from '../../src/versions/request.js';
import { describe, expect, it } from 'vitest';
import {
  decodeVersionFile,
  MAX_LINE,
  MAX_LINES,
  parseGoMod,
  parseGoVersionFile,
  parseToolVersions,
  parseVersionFile,
  READ_LIMIT,
  VERSION_FILES,
  type FileResult,
} from '../../src/versions/files.js';

const exact = (name: string): Request => ({ kind: 'exact', name });
const line = (l: string): Request => ({ kind: 'line', line: l });
const min = (name: string): Request => ({ kind: 'min', name });
const LATEST: Request = { kind: 'latest' };
const SYSTEM: Request = { kind: 'system' };
const ok = (wanted: Request): FileResult => ({ status: 'ok', wanted });
const bad = (content: string): FileResult => ({ status: 'invalid', content });
const NONE: FileResult = { status: 'none' };

/** A file's content as the hook and `gosw current` see it: its UTF-8 bytes, decoded as latin1. */
const file = (text: string | Buffer) => decodeVersionFile(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);

/** Vitest titles: inputs shown as JSON, cut so huge inputs stay readable. */
const show = (s: string) => {
  const j = JSON.stringify(s);
  return j.length > 70 ? `${j.slice(0, 60)}…(${s.length} chars)` : j;
};

describe('parseRequest (a version as written in a file)', () => {
  it.each<[string, Request | undefined]>([
    // exact releases
    ['1.22.5', exact('go1.22.5')],
    ['go1.22.5', exact('go1.22.5')],
    ['1.21.0', exact('go1.21.0')],
    ['go1.21.0', exact('go1.21.0')],
    ['1.20.14', exact('go1.20.14')],
    // go.dev names releases before 1.21 without .0
    ['1.20.0', exact('go1.20')],
    ['go1.20.0', exact('go1.20')],
    ['1.19.0', exact('go1.19')],
    ['1.9.0', exact('go1.9')],
    // a toolchain name below 1.21 is that exact release (docs/architecture.md)
    ['go1.20', exact('go1.20')],
    ['go1.9', exact('go1.9')],
    // two numbers without prefix: a line, also below 1.21 (the documented decision)
    ['1.22', line('1.22')],
    ['1.21', line('1.21')],
    ['1.20', line('1.20')],
    ['1.9', line('1.9')],
    // go1.21+ with prefix and no patch names no toolchain: read as the line
    ['go1.22', line('1.22')],
    ['go1.21', line('1.21')],
    // three-digit minors are never "old"
    ['1.100', line('1.100')],
    ['go1.100', line('1.100')],
    ['1.100.0', exact('go1.100.0')],
    // prereleases
    ['1.23rc1', exact('go1.23rc1')],
    ['go1.21rc2', exact('go1.21rc2')],
    ['1.4beta1', exact('go1.4beta1')],
    ['1.19alpha3', exact('go1.19alpha3')],
    // words
    ['latest', LATEST],
    ['stable', LATEST],
    ['system', SYSTEM],
    // refused
    ['', undefined],
    ['1', undefined],
    ['go1', undefined],
    ['1.0', undefined],
    ['1.0.0', undefined],
    ['2.0', undefined],
    ['2.1.0', undefined],
    ['1.022', undefined],
    ['1.22.05', undefined],
    ['01.22', undefined],
    ['1.22.x', undefined],
    ['1.22.', undefined],
    ['.1.22', undefined],
    ['1.22d1', undefined],
    ['1.21rc0', undefined],
    ['1.21rc', undefined],
    ['1.21.0rc1', undefined],
    ['go1.22.5-custom', undefined],
    ['gogo1.22', undefined],
    ['Go1.22', undefined],
    ['LATEST', undefined],
    ['System', undefined],
    ['v1.22.5', undefined],
    [' 1.22.5', undefined],
    ['1.22.5 ', undefined],
    ['1.22.5\n', undefined],
    ['1.22.5\0', undefined],
    ['1.２２', undefined],
    ['1.22.5\u200b', undefined],
    ['1.1234567890', undefined],
    ['1.123456789', line('1.123456789')],
    ['$(touch PWNED)', undefined],
    ['../../etc', undefined],
    ['*', undefined],
    ['x'.repeat(100), undefined],
    [`1.${'1'.repeat(70)}`, undefined],
  ])('%j -> %j', (input, want) => {
    expect(parseRequest(input, 'file')).toEqual(want);
  });

  it.each<[string, Request | undefined]>([
    // go.mod `go` line: a full version is a minimum, two numbers a line
    ['1.22.3', min('go1.22.3')],
    ['1.21.0', min('go1.21.0')],
    ['1.20.0', min('go1.20')],
    ['1.21rc1', min('go1.21rc1')],
    ['1.22', line('1.22')],
    ['1.20', line('1.20')],
    ['go1.20', exact('go1.20')],
    ['latest', LATEST],
    ['system', SYSTEM],
    ['banana', undefined],
  ])('mod: %j -> %j', (input, want) => {
    expect(parseRequest(input, 'mod')).toEqual(want);
  });
});

describe('parseGoVersionFile (.go-version, the global default)', () => {
  it.each<[string, FileResult]>([
    ['1.22.5', ok(exact('go1.22.5'))],
    ['1.22.5\n', ok(exact('go1.22.5'))],
    ['1.22.5\r\n', ok(exact('go1.22.5'))],
    ['1.22.5\r', ok(exact('go1.22.5'))],
    ['\ufeff1.22.5\n', ok(exact('go1.22.5'))],
    ['\ufeff1.22.5\r\n', ok(exact('go1.22.5'))],
    ['go1.22.5\n', ok(exact('go1.22.5'))],
    ['  1.22.5  \n', ok(exact('go1.22.5'))],
    ['\t1.22.5\t\n', ok(exact('go1.22.5'))],
    ['\v1.22.5\f\n', ok(exact('go1.22.5'))],
    ['\n\n\n1.21.13\n', ok(exact('go1.21.13'))],
    ['\r\n  \r\n1.21.13\r\n', ok(exact('go1.21.13'))],
    ['# pinned by CI\n1.21.13\n', ok(exact('go1.21.13'))],
    ['1.21.13 # pinned\n', ok(exact('go1.21.13'))],
    ['1.21.13#pinned', ok(exact('go1.21.13'))],
    ['  # c1\n\t# c2\n1.22\n', ok(line('1.22'))],
    ['1.22\n1.21\n', ok(line('1.22'))],
    ['latest\n', ok(LATEST)],
    ['stable', ok(LATEST)],
    ['system\n', ok(SYSTEM)],
    ['1.23rc1\n', ok(exact('go1.23rc1'))],
    ['1.20\n', ok(line('1.20'))],
    ['go1.20\n', ok(exact('go1.20'))],
    // the first non-blank line decides, even if a later one is valid
    ['banana\n1.22.5\n', bad('banana')],
    ['1.22 5\n', bad('1.22 5')],
    ['1.22.5 1.21.13\n', bad('1.22.5 1.21.13')],
    ['v1.22.5\n', bad('v1.22.5')],
    ['1.22.5\u00a0\n', bad('1.22.5\u00a0')],
    ['$(touch PWNED)\n', bad('$(touch PWNED)')],
    ['`touch PWNED`', bad('`touch PWNED`')],
    // nothing
    ['', NONE],
    ['\n', NONE],
    ['\r\n\r\n', NONE],
    [' \t \n', NONE],
    ['# just a comment\n', NONE],
    ['\ufeff', NONE],
    ['\ufeff\r\n', NONE],
    // a NUL byte ends what is read (the shells read with `read -d ''`)
    ['1.22.5\0garbage', ok(exact('go1.22.5'))],
    ['1.22.5\n\0\n1.21', ok(exact('go1.22.5'))],
    ['\0' + '1.22.5', NONE],
    ['\n\n\0' + '1.22.5', NONE],
    ['1.2\0' + '2.5', ok(line('1.2'))],
  ])('%j -> %j', (text, want) => {
    expect(parseGoVersionFile(text)).toEqual(want);
  });

  it('a BOM only counts at the very start', () => {
    expect(parseGoVersionFile('\n\ufeff1.22.5')).toEqual(bad('\ufeff1.22.5'));
    // as bytes (what is really read): EF BB BF dropped at the start only
    expect(parseGoVersionFile(file('\ufeff1.22.5\n'))).toEqual(ok(exact('go1.22.5')));
    expect(parseGoVersionFile(file('\ufeff\ufeff1.22.5\n'))).toEqual(bad('\xef\xbb\xbf1.22.5'));
    expect(parseGoVersionFile(file('\n\ufeff1.22.5'))).toEqual(bad('\xef\xbb\xbf1.22.5'));
  });

  it(`reads only the first ${READ_LIMIT} bytes`, () => {
    expect(READ_LIMIT).toBe(16384);
    // A version that starts past the limit is not seen (here the line before it is also too long).
    expect(parseGoVersionFile(`${'#'.repeat(READ_LIMIT)}\n1.22.5\n`)).toEqual(NONE);
    expect(parseGoVersionFile(`${'\n'.repeat(READ_LIMIT)}1.22.5\n`)).toEqual(NONE);
    expect(parseGoVersionFile(`${'\n'.repeat(READ_LIMIT - 6)}1.22.5\n`)).toEqual(ok(exact('go1.22.5')));
    expect(parseGoVersionFile(`${'\n'.repeat(READ_LIMIT - 5)}1.22.5\n`)).toEqual(bad('1.22.'));
    // One that ends exactly at the limit is (after a comment line too long to be looked at).
    const pad = '#'.repeat(READ_LIMIT - '\n1.22.5'.length);
    expect(parseGoVersionFile(`${pad}\n1.22.5\nmore`)).toEqual(ok(exact('go1.22.5')));
    // One cut by the limit is read as what is left of it (the shells do the same).
    expect(parseGoVersionFile(`${'#'.repeat(READ_LIMIT - 4)}\n1.22.5\n`)).toEqual(ok(line('1.2')));
  });

  it('the limit counts bytes, not characters (decodeVersionFile)', () => {
    // `#` + k two-byte letters + `\n` + `1.22.5`: 1 + 2k + 1 + 6 bytes. The comment line is far over
    // MAX_LINE and skipped; what matters is how much of the version is within the first 16 KiB.
    const doc = (k: number) => `#${'\u00e9'.repeat(k)}\n1.22.5\n`;
    expect(Buffer.byteLength(doc(8188))).toBe(READ_LIMIT + 1); // only the final newline is cut
    expect(parseGoVersionFile(file(doc(8188)))).toEqual(ok(exact('go1.22.5')));
    expect(parseGoVersionFile(file(doc(8189)))).toEqual(ok(line('1.22'))); // `1.22` is what fits
    expect(parseGoVersionFile(file(doc(8190)))).toEqual(bad('1.'));
    expect(parseGoVersionFile(file(doc(8191)))).toEqual(NONE); // not one byte of the version fits
    // Counted in characters, all of them would have been read: the decoding is what makes it bytes.
    expect(doc(8191).length).toBeLessThan(READ_LIMIT);
    expect(parseGoVersionFile(doc(8191))).toEqual(ok(exact('go1.22.5')));
    // Four-byte characters (outside the BMP, two UTF-16 units) count four.
    const astral = (k: number) => `#${'\u{1F600}'.repeat(k)}\n1.22.5\n`;
    expect(parseGoVersionFile(file(astral(4094)))).toEqual(ok(exact('go1.22.5'))); // 1 + 16376 + 1 + 6
    expect(parseGoVersionFile(file(astral(4095)))).toEqual(bad('1.'));
    expect(parseGoVersionFile(file(astral(4096)))).toEqual(NONE);
    expect(parseGoVersionFile(astral(4096))).toEqual(ok(exact('go1.22.5'))); // 8201 UTF-16 units
    // decodeVersionFile itself: one character per byte, at most READ_LIMIT of them
    const big = file('\u00e9'.repeat(READ_LIMIT));
    expect(big.length).toBe(READ_LIMIT);
    expect(big.slice(0, 4)).toBe('\xc3\xa9\xc3\xa9');
    expect(decodeVersionFile(new Uint8Array([0x31, 0x2e, 0xff, 0x00]))).toBe('1.\xff\0');
    // a view into a bigger buffer: only its own bytes
    const backing = Buffer.from('xx1.22.5\nyy');
    expect(parseGoVersionFile(decodeVersionFile(backing.subarray(2, 9)))).toEqual(ok(exact('go1.22.5')));
  });

  // The hooks run with LC_ALL=C: [[:space:]] is ASCII whitespace only, and anything else
  // (a Unicode space, a zero-width character) makes the line invalid in every locale.
  it.each<[string, FileResult]>([
    ['1.22.3\u3000\n', bad('1.22.3\xe3\x80\x80')],
    ['\u30001.22.3\n', bad('\xe3\x80\x801.22.3')],
    ['1.22.3\u00a0\n', bad('1.22.3\xc2\xa0')],
    ['1.22.3\u0085\n', bad('1.22.3\xc2\x85')],
    ['1.22.3\u2028\n', bad('1.22.3\xe2\x80\xa8')],
    ['1.22.3\u200b\n', bad('1.22.3\xe2\x80\x8b')],
    ['\u00a0\n1.22.3\n', bad('\xc2\xa0')],
    // but a comment may hold anything
    ['1.22.3 # caf\u00e9 \u3000\n', ok(exact('go1.22.3'))],
    ['# \u00e9\u3000\u{1F600}\n1.22.3\n', ok(exact('go1.22.3'))],
  ])('bytes: %j -> %j', (text, want) => {
    expect(parseGoVersionFile(file(text))).toEqual(want);
  });

  it(`a line over ${MAX_LINE} bytes is skipped silently; the next line still counts`, () => {
    expect(MAX_LINE).toBe(1024);
    // exactly MAX_LINE: looked at (and reported, if invalid); one byte more: skipped
    expect(parseGoVersionFile('1'.repeat(MAX_LINE))).toEqual(bad('1'.repeat(MAX_LINE)));
    expect(parseGoVersionFile('1'.repeat(MAX_LINE + 1))).toEqual(NONE);
    expect(parseGoVersionFile(`${'1'.repeat(MAX_LINE)}\r\n`)).toEqual(bad('1'.repeat(MAX_LINE))); // the CR is not counted
    expect(parseGoVersionFile(`${' '.repeat(MAX_LINE - 6)}1.22.5\n`)).toEqual(ok(exact('go1.22.5')));
    expect(parseGoVersionFile(`${' '.repeat(MAX_LINE - 5)}1.22.5\n`)).toEqual(NONE); // leading blanks count
    // bytes: 513 two-byte letters are 1026 bytes (513 characters), skipped; 512 are 1024, looked at
    expect(parseGoVersionFile(file(`${'\u00e9'.repeat(513)}\n1.22.5\n`))).toEqual(ok(exact('go1.22.5')));
    expect(parseGoVersionFile(file(`${'\u00e9'.repeat(512)}\n1.22.5\n`))).toEqual(bad('\xc3\xa9'.repeat(512)));
    // whatever the long line holds, it neither decides nor is reported
    for (const long of [
      'x'.repeat(MAX_LINE + 1),
      '1'.repeat(10_000),
      `1.22.5${' '.repeat(MAX_LINE)}`,
      `$(touch PWNED)${'A'.repeat(5000)}`,
    ]) {
      expect(parseGoVersionFile(long), show(long)).toEqual(NONE);
      expect(parseGoVersionFile(`${long}\n1.21.13\n`), show(long)).toEqual(ok(exact('go1.21.13')));
      expect(parseGoVersionFile(`${long}\nbanana\n`), show(long)).toEqual(bad('banana'));
    }
    // a megabyte on one line: nothing (the rest of the file is past the 16 KiB)
    expect(parseGoVersionFile(`${'x'.repeat(1 << 20)}\n1.22.5\n`)).toEqual(NONE);
    expect(parseGoVersionFile(file(Buffer.alloc(1 << 20, 'A')))).toEqual(NONE);
  });

  it(`only the first ${MAX_LINES} non-empty lines are looked at`, () => {
    expect(MAX_LINES).toBe(256);
    expect(parseGoVersionFile(`${'#\n'.repeat(MAX_LINES - 1)}1.22.5\n`)).toEqual(ok(exact('go1.22.5')));
    expect(parseGoVersionFile(`${'#\n'.repeat(MAX_LINES)}1.22.5\n`)).toEqual(NONE);
    // blank-but-not-empty lines count, empty ones (also CR-only ones) do not
    expect(parseGoVersionFile(`${' \n'.repeat(MAX_LINES)}1.22.5\n`)).toEqual(NONE);
    expect(parseGoVersionFile(`${'\n'.repeat(5000)}${'#\n'.repeat(MAX_LINES - 1)}1.22.5\n`)).toEqual(ok(exact('go1.22.5')));
    expect(parseGoVersionFile(`${'\r\n'.repeat(3000)}${'#\r\n'.repeat(MAX_LINES - 1)}1.22.5\r\n`)).toEqual(ok(exact('go1.22.5')));
    // skipped long lines still count towards the 256
    expect(parseGoVersionFile(`${`#${'x'.repeat(MAX_LINE)}\n`.repeat(10)}${'#\n'.repeat(MAX_LINES - 11)}1.22.5\n`)).toEqual(
      ok(exact('go1.22.5')),
    );
    expect(parseGoVersionFile(`${`#${'x'.repeat(MAX_LINE)}\n`.repeat(10)}${'#\n'.repeat(MAX_LINES - 10)}1.22.5\n`)).toEqual(NONE);
  });

  it('a file of more than 16 KiB with the version first is fine', () => {
    expect(parseGoVersionFile(`1.21.13\n${'# filler\n'.repeat(5000)}`)).toEqual(ok(exact('go1.21.13')));
  });

  // Everything after `#` is a comment, whatever characters it holds. JavaScript's `.` does not
  // match U+2028 / U+2029 (line terminators to JS, ordinary characters to the shells), so
  // `raw.replace(/#.*/, '')` leaves the rest of the comment in place.
  it.each([
    ['1.22.5 # note\u2028more\n', ok(exact('go1.22.5'))],
    ['1.22.5 # note\u2029more\n', ok(exact('go1.22.5'))],
    ['# note\u2028more\n1.21.13\n', ok(exact('go1.21.13'))],
  ])('a comment holding U+2028/U+2029 is still a comment: %j', (text, want) => {
    expect(parseGoVersionFile(text)).toEqual(want);
  });
});

describe('parseToolVersions (.tool-versions)', () => {
  it.each<[string, FileResult]>([
    ['golang 1.22.5\n', ok(exact('go1.22.5'))],
    ['go 1.22.5\n', ok(exact('go1.22.5'))],
    ['golang 1.22\n', ok(line('1.22'))],
    ['golang 1.20\n', ok(line('1.20'))],
    ['golang latest\n', ok(LATEST)],
    ['golang system\n', ok(SYSTEM)],
    ['nodejs 20.11.0\ngolang 1.21.13\npython 3.12\n', ok(exact('go1.21.13'))],
    // asdf: several versions, the first one wins
    ['golang 1.22.5 1.21.13 system\n', ok(exact('go1.22.5'))],
    ['  golang   1.22.5   \n', ok(exact('go1.22.5'))],
    ['golang\t1.22.5\t# pinned\n', ok(exact('go1.22.5'))],
    ['golang 1.22.5 # pinned\n', ok(exact('go1.22.5'))],
    ['golang 1.22.5#pinned\n', ok(exact('go1.22.5'))],
    ['\ufeffgolang 1.22.5\r\n', ok(exact('go1.22.5'))],
    ['nodejs 20\r\ngolang 1.21.13\r\n', ok(exact('go1.21.13'))],
    ['\n\n# tools\n\ngolang 1.21.13\n', ok(exact('go1.21.13'))],
    // the first golang line decides
    ['golang banana\ngolang 1.22.5\n', bad('golang banana')],
    ['golang 1.22.5\ngolang banana\n', ok(exact('go1.22.5'))],
    ['golang\n', bad('golang ')],
    ['golang   \n', bad('golang ')],
    ['golang ref:go1.22.5\n', bad('golang ref:go1.22.5')],
    ['golang path:/usr/local/go\n', bad('golang path:/usr/local/go')],
    ['go $(touch PWNED)\n', bad('go $(touch')],
    // not a golang line
    ['', NONE],
    ['\n', NONE],
    ['nodejs 20\n', NONE],
    ['# golang 1.22.5\n', NONE],
    ['  # golang 1.22.5\n', NONE],
    ['golangci-lint 1.55.2\n', NONE],
    ['go-task 3.35.1\n', NONE],
    ['gopls 0.15\n', NONE],
    ['GOLANG 1.22.5\n', NONE],
    ['xgolang 1.22.5\n', NONE],
    ['golang 1.22.5\0garbage', ok(exact('go1.22.5'))],
    ['\0golang 1.22.5', NONE],
  ])('%j -> %j', (text, want) => {
    expect(parseToolVersions(text)).toEqual(want);
  });

  it(`reads only the first ${READ_LIMIT} bytes and ${MAX_LINES} non-empty lines`, () => {
    // 2000 lines of 10 bytes: past both limits
    expect(parseToolVersions(`${'nodejs 20\n'.repeat(2000)}golang 1.22.5\n`)).toEqual(NONE);
    expect(parseToolVersions(`golang 1.22.5\n${'nodejs 20\n'.repeat(2000)}`)).toEqual(ok(exact('go1.22.5')));
    // the line limit alone (3 KiB of file)
    expect(parseToolVersions(`${'nodejs 20\n'.repeat(MAX_LINES - 1)}golang 1.22.5\n`)).toEqual(ok(exact('go1.22.5')));
    expect(parseToolVersions(`${'nodejs 20\n'.repeat(MAX_LINES)}golang 1.22.5\n`)).toEqual(NONE);
    expect(parseToolVersions(`${'\n\n'.repeat(MAX_LINES)}golang 1.22.5\n`)).toEqual(ok(exact('go1.22.5')));
  });

  it(`a golang line over ${MAX_LINE} bytes is skipped silently, and the next golang line decides`, () => {
    expect(parseToolVersions(`golang ${'1'.repeat(100_000)}`)).toEqual(NONE);
    expect(parseToolVersions(`golang ${'1'.repeat(MAX_LINE - 7)}`)).toEqual(bad(`golang ${'1'.repeat(MAX_LINE - 7)}`));
    expect(parseToolVersions(`golang ${'1'.repeat(MAX_LINE - 6)}`)).toEqual(NONE);
    expect(parseToolVersions(`golang 1.22.5 ${'1.21.13 '.repeat(200)}\ngolang 1.20.14\n`)).toEqual(ok(exact('go1.20.14')));
    expect(parseToolVersions(`golang ${'x'.repeat(2000)}\ngolang banana\n`)).toEqual(bad('golang banana'));
    expect(parseToolVersions(file(`golang 1.22.5 # ${'\u00e9'.repeat(600)}\ngolang 1.21.13\n`))).toEqual(ok(exact('go1.21.13')));
    expect(parseToolVersions(file(`golang 1.22.5\u3000\n`))).toEqual(bad('golang 1.22.5\xe3\x80\x80'));
  });
});

describe('parseGoMod (go.mod and go.work)', () => {
  it.each<[string, FileResult]>([
    ['module example.com/x\n\ngo 1.22.3\n', ok(min('go1.22.3'))],
    ['go 1.22.3', ok(min('go1.22.3'))],
    ['go 1.21.0\n', ok(min('go1.21.0'))],
    ['go 1.20.0\n', ok(min('go1.20'))],
    ['go 1.21rc1\n', ok(min('go1.21rc1'))],
    // two numbers: the line
    ['go 1.22\n', ok(line('1.22'))],
    ['go 1.21\n', ok(line('1.21'))],
    ['go 1.20\n', ok(line('1.20'))],
    ['go 1.16\n', ok(line('1.16'))],
    // the toolchain line wins, wherever it is
    ['module x\ngo 1.21.0\ntoolchain go1.22.5\n', ok(exact('go1.22.5'))],
    ['module x\ntoolchain go1.22.5\ngo 1.21.0\n', ok(exact('go1.22.5'))],
    ['go 1.21.0\ntoolchain go1.20\n', ok(exact('go1.20'))],
    ['go 1.21.0\ntoolchain go1.23rc1\n', ok(exact('go1.23rc1'))],
    ['go 1.21.0\ntoolchain go1.22\n', ok(line('1.22'))],
    // toolchain default: no preference, the go line applies
    ['go 1.21.0\ntoolchain default\n', ok(min('go1.21.0'))],
    ['toolchain default\ngo 1.22\n', ok(line('1.22'))],
    ['toolchain default\n', NONE],
    // a toolchain suffix is cut (gover.FromToolchain)
    ['go 1.21.0\ntoolchain go1.21.0-custom\n', ok(exact('go1.21.0'))],
    ['toolchain go1.22.5-X:boringcrypto\n', ok(exact('go1.22.5'))],
    ['toolchain go1.22.5-../../../../etc\n', ok(exact('go1.22.5'))],
    // an invalid toolchain makes the file invalid (the go line does not rescue it)
    ['go 1.22.3\ntoolchain 1.22.5\n', bad('toolchain 1.22.5')],
    ['go 1.22.3\ntoolchain banana\n', bad('toolchain banana')],
    ['go 1.22.3\ntoolchain latest\n', bad('toolchain latest')],
    ['go 1.22.3\ntoolchain gosystem\n', bad('toolchain gosystem')],
    ['go 1.22.3\ntoolchain go1.21.0rc1\n', bad('toolchain go1.21.0rc1')],
    ['toolchain -go1.22.5\n', bad('toolchain ')],
    // comments, whitespace, CRLF, BOM
    ['go 1.22.3 // comment\n', ok(min('go1.22.3'))],
    ['go 1.22.3// comment\n', ok(min('go1.22.3'))],
    ['// go 1.19\ngo 1.22.3\n', ok(min('go1.22.3'))],
    ['// toolchain go1.19\ngo 1.22.3\n', ok(min('go1.22.3'))],
    ['\tgo\t1.22.3\t\n', ok(min('go1.22.3'))],
    ['   go   1.22.3   \n', ok(min('go1.22.3'))],
    ['module x\r\n\r\ngo 1.22.3\r\n', ok(min('go1.22.3'))],
    ['\ufeffmodule x\ngo 1.22.3\n', ok(min('go1.22.3'))],
    ['\ufeffgo 1.22.3\n', ok(min('go1.22.3'))],
    ['module x\r\ngo 1.21.0\r\ntoolchain go1.22.5\r\n', ok(exact('go1.22.5'))],
    // repeated directives: the first one counts
    ['go 1.21.0\ngo 1.22.3\n', ok(min('go1.21.0'))],
    ['go banana\ngo 1.22.3\n', bad('go banana')],
    ['toolchain go1.22.5\ntoolchain go1.21.0\n', ok(exact('go1.22.5'))],
    // go.work
    ['go 1.22.3\n\nuse (\n\t./a\n\t./b\n)\n', ok(min('go1.22.3'))],
    ['go 1.22.3\ntoolchain go1.22.5\nuse ./a\n', ok(exact('go1.22.5'))],
    // invalid go lines
    ['go latest\n', bad('go latest')],
    ['go system\n', bad('go system')],
    ['go banana\n', bad('go banana')],
    ['go 1\n', bad('go 1')],
    ['go go1.22.3\n', ok(min('go1.22.3'))],
    ['go $(touch${IFS}PWNED)\n', bad('go $(touch${IFS}PWNED)')],
    // not a go line
    ['', NONE],
    ['module x\n', NONE],
    ['module x\nrequire y v1.0.0\n', NONE],
    ['go 1.22.3 extra\n', NONE],
    ['go\n', NONE],
    ['gox 1.22.3\n', NONE],
    ['godebug default=go1.21\n', NONE],
    ['Go 1.22.3\n', NONE],
    ['/* go 1.22.3 */\n', NONE],
    ['go `touch PWNED`\n', NONE],
    ['go 1.22.3\0garbage', ok(min('go1.22.3'))],
    ['module x\0\ngo 1.22.3\n', NONE],
  ])('%j -> %j', (text, want) => {
    expect(parseGoMod(text)).toEqual(want);
  });

  it(`reads only the first ${READ_LIMIT} bytes and ${MAX_LINES} non-empty lines`, () => {
    const pad = 'require example.com/m v1.0.0\n'.repeat(1000);
    expect(pad.length).toBeGreaterThan(READ_LIMIT);
    expect(parseGoMod(`module x\n${pad}go 1.22.3\n`)).toEqual(NONE);
    expect(parseGoMod(`module x\ngo 1.22.3\n${pad}toolchain go1.21.0\n`)).toEqual(ok(min('go1.22.3')));
    // a big go.mod puts `go` and `toolchain` near the top; a toolchain line past the 256th is not seen
    const reqs = (n: number) => `require (\n${'\tm v1.0.0\n'.repeat(n)})\n`;
    expect(parseGoMod(`module x\ngo 1.21.0\n${reqs(MAX_LINES - 5)}toolchain go1.22.5\n`)).toEqual(ok(exact('go1.22.5')));
    expect(parseGoMod(`module x\ngo 1.21.0\n${reqs(MAX_LINES - 4)}toolchain go1.22.5\n`)).toEqual(ok(min('go1.21.0')));
  });

  it(`a line over ${MAX_LINE} bytes is skipped silently (not reported as an invalid go or toolchain line)`, () => {
    expect(parseGoMod(`go ${'1'.repeat(100_000)}`)).toEqual(NONE);
    expect(parseGoMod(`go 1.${'2'.repeat(100_000)}\n`)).toEqual(NONE);
    expect(parseGoMod(`go 1.${'2'.repeat(MAX_LINE - 5)}\n`)).toEqual(bad(`go 1.${'2'.repeat(MAX_LINE - 5)}`));
    expect(parseGoMod(`go 1.${'2'.repeat(MAX_LINE - 4)}\n`)).toEqual(NONE);
    // the next go line counts
    expect(parseGoMod(`module x\ngo 1.${'2'.repeat(2000)}\ngo 1.21.0\n`)).toEqual(ok(min('go1.21.0')));
    expect(parseGoMod(`go 1.21.0\ntoolchain go1.22.5-${'x'.repeat(2000)}\n`)).toEqual(ok(min('go1.21.0')));
    expect(parseGoMod(`go 1.21.0\ntoolchain go1.22.5-${'x'.repeat(2000)}\ntoolchain go1.22.3\n`)).toEqual(ok(exact('go1.22.3')));
    // a long comment after the go line hides it
    expect(parseGoMod(`module x\ngo 1.22.3 // ${'why '.repeat(300)}\n`)).toEqual(NONE);
    // in bytes: `go 1.22.3 // ` and 505 two-byte letters are 1023 bytes, with 508 they are 1029
    // (521 characters: counted in characters, the line would have been looked at)
    expect(parseGoMod(file(`module x\ngo 1.22.3 // ${'\u00e9'.repeat(505)}\n`))).toEqual(ok(min('go1.22.3')));
    expect(parseGoMod(file(`module x\ngo 1.22.3 // ${'\u00e9'.repeat(508)}\n`))).toEqual(NONE);
    expect(parseGoMod(`module x\ngo 1.22.3 // ${'\u00e9'.repeat(508)}\n`)).toEqual(ok(min('go1.22.3')));
  });

  // Everything after `//` is a comment, whatever characters it holds (see the .go-version case).
  it.each([
    ['go 1.21 // note\u2028more\n', ok(line('1.21'))],
    ['go 1.22.3 // x\u2029y\n', ok(min('go1.22.3'))],
    ['go 1.21.0\ntoolchain go1.22.5 // pinned\u2028by ci\n', ok(exact('go1.22.5'))],
  ])('a comment holding U+2028/U+2029 is still a comment: %j', (text, want) => {
    expect(parseGoMod(text)).toEqual(want);
  });
});

describe('parseVersionFile and VERSION_FILES', () => {
  it('dispatches on the kind', () => {
    const text = 'golang 1.21.13\ngo 1.22.3\n1.20\n';
    expect(parseVersionFile('tool-versions', text)).toEqual(ok(exact('go1.21.13')));
    expect(parseVersionFile('mod', text)).toEqual(ok(min('go1.22.3')));
    expect(parseVersionFile('go-version', text)).toEqual(bad('golang 1.21.13'));
  });

  it('looks for the files in the order the hook does', () => {
    expect(VERSION_FILES.map(([f, k]) => `${f}:${k}`)).toEqual([
      '.go-version:go-version',
      '.tool-versions:tool-versions',
      'go.work:mod',
      'go.mod:mod',
    ]);
  });

  it.each(['go-version', 'tool-versions', 'mod'] as const)('%s: huge and binary inputs are bounded and never throw', (kind) => {
    const inputs = [
      'x'.repeat(1 << 20),
      '\n'.repeat(1 << 20),
      '\0'.repeat(1000),
      Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 131 + 7) % 256)).toString('latin1'),
      '\ud800\udc00'.repeat(20_000),
      '\u001b]0;pwned\u0007\u001b[2J',
    ];
    for (const text of inputs) {
      const started = Date.now();
      const r = parseVersionFile(kind, text);
      expect(Date.now() - started, show(text)).toBeLessThan(1000);
      // what a warning may quote is one line that was looked at
      if (r.status === 'invalid') expect(r.content.length, show(text)).toBeLessThanOrEqual(MAX_LINE);
    }
    // one huge line, or nothing but newlines: no version and nothing to report
    expect(parseVersionFile(kind, 'x'.repeat(1 << 20))).toEqual(NONE);
    expect(parseVersionFile(kind, '\n'.repeat(1 << 20))).toEqual(NONE);
    expect(parseVersionFile(kind, file(Buffer.alloc(1 << 20, 0x31)))).toEqual(NONE);
  });
});
