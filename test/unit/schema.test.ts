import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIndex } from '../../src/releases/schema.js';
import { findFile, findRelease, pickArchive } from '../../src/releases/resolve.js';
import { parseSpec } from '../../src/versions/spec.js';

const text = readFileSync(new URL('../fixtures/go-dl-index.json', import.meta.url), 'utf8');

describe('parseIndex on the real go.dev index', () => {
  const index = parseIndex(text, 'fixture');

  it('keeps all 365 releases with their quirks', () => {
    expect(index).toHaveLength(365);
    const go1 = index.find((r) => r.version === 'go1')!;
    expect(go1.files.some((f) => f.os === '4' && f.arch === 'bootstrap')).toBe(true);
    expect(index.filter((r) => r.files.some((f) => f.sha256 === '')).length).toBeGreaterThan(0);
    expect(index.some((r) => r.version === 'go1.9.2rc2')).toBe(true);
  });

  it('picks the linux-amd64 archive with the known checksum', () => {
    const known = readFileSync(new URL('../fixtures/known-sha256.txt', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/) as [string, string]);
    for (const [sha, filename] of known) {
      const hit = findFile(index, filename);
      expect(hit?.file.sha256, filename).toBe(sha);
      expect(pickArchive(hit!.release, { os: 'linux', arch: 'amd64' }).sha256).toBe(sha);
    }
  });

  it('refuses an archive without a checksum rather than installing it unverified', () => {
    const old = index.find((r) => r.version === 'go1.4')!;
    expect(() => pickArchive(old, { os: 'linux', arch: 'amd64' })).toThrow(/no sha256/);
  });

  it('names the platform when there is no archive for it', () => {
    expect(() => pickArchive(findRelease(index, parseSpec('1.4.3')), { os: 'linux', arch: 'riscv64' })).toThrow(
      /no archive for linux-riscv64/,
    );
  });

  it('says which versions are near when one is not found', () => {
    expect(() => findRelease(index, parseSpec('1.21rc1'))).toThrow(/not found/);
    try {
      findRelease(index, parseSpec('1.21rc1'));
    } catch (e) {
      expect((e as { hint: string }).hint).toMatch(/go1\.21rc2/);
    }
  });
});

describe('parseIndex refuses what is not an index', () => {
  it.each([
    ['<!DOCTYPE html><html><body>Please log in</body></html>', undefined, /HTML page/],
    ['{"a":1}', 'text/html; charset=utf-8', /HTML page/],
    [text.slice(0, 5000), undefined, /not valid JSON/],
    ['', undefined, /not valid JSON/],
    ['{"a":1}', undefined, /unexpected shape: expected a JSON array/],
    ['[]', undefined, /empty list/],
    ['[{"version":"go1.22.5","stable":true}]', undefined, /no "files" array/],
    ['[{"version":"$(id)","stable":true,"files":[]}]', undefined, /invalid version/],
    ['[{"version":"go1.22.5","stable":"yes","files":[]}]', undefined, /boolean "stable"/],
    [
      '[{"version":"go1.22.5","stable":true,"files":[{"filename":"../x.tar.gz","os":"linux","arch":"amd64","sha256":"","size":1,"kind":"archive"}]}]',
      undefined,
      /unsafe file name/,
    ],
    [
      '[{"version":"go1.22.5","stable":true,"files":[{"filename":"a.tar.gz","os":"linux","arch":"amd64","sha256":"xyz","size":1,"kind":"archive"}]}]',
      undefined,
      /invalid sha256/,
    ],
  ])('%#: %s', (body, ct, why) => {
    expect(() => parseIndex(body, 'the index', ct)).toThrow(why);
  });
});

describe('parseIndex and the case of a sha256', () => {
  const entry = (sha256: string) => ({
    filename: 'go1.4.3.linux-amd64.tar.gz',
    os: 'linux',
    arch: 'amd64',
    sha256,
    size: 1,
    kind: 'archive',
  });
  const HEX = 'ce3140662f45356eb78bc16a88fc7cfb29fb00e18d7c632608245b789b2086d2';

  it('one upper-case sha256 in an old release: the index is kept, the sha256 lower-cased', () => {
    const data = JSON.parse(text) as Array<{ version: string; files: unknown[] }>;
    const old = data.find((r) => r.version === 'go1.4.3')!;
    old.files = [entry(HEX.toUpperCase())];
    const index = parseIndex(JSON.stringify(data), 'the index');
    expect(index).toHaveLength(365);
    expect(index.find((r) => r.version === 'go1.4.3')!.files[0]!.sha256).toBe(HEX);
    // the others are untouched
    expect(index.find((r) => r.version === 'go1.22.5')!.files.every((f) => f.sha256 === f.sha256.toLowerCase())).toBe(true);
  });

  it.each([
    ['64 characters, not hex', 'g'.repeat(64)],
    ['63 hex digits', HEX.slice(1)],
    ['65 hex digits', HEX + 'a'],
    ['hex with a space', ` ${HEX.slice(1)}`],
  ])('still refused: %s, naming the file and the release', (_why, sha) => {
    const body = JSON.stringify([{ version: 'go1.4.3', stable: true, files: [entry(sha)] }]);
    expect(() => parseIndex(body, 'the index')).toThrow(
      /^the index has an invalid sha256 for go1\.4\.3\.linux-amd64\.tar\.gz in go1\.4\.3: ".*" \(64 hex digits expected\)$/,
    );
  });
});
