import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../src/versions/request.js';
import { compareGo, isPrerelease, isReleaseName, lang, parseGoVersion } from '../../src/versions/version.js';

const index = JSON.parse(readFileSync(new URL('../fixtures/go-dl-index.json', import.meta.url), 'utf8')) as {
  version: string;
  stable: boolean;
}[];
const fixtureNames = index.map((r) => r.version);

/** Each chain is strictly increasing: every adjacent pair is checked both ways. */
function expectAscending(chain: string[]): void {
  for (let i = 1; i < chain.length; i++) {
    const [a, b] = [chain[i - 1] ?? '', chain[i] ?? ''];
    expect(compareGo(a, b), `${a} < ${b}`).toBe(-1);
    expect(compareGo(b, a), `${b} > ${a}`).toBe(1);
  }
}

describe('parseGoVersion', () => {
  it.each([
    ['1', { major: '1', minor: '0', patch: '0', kind: '', pre: '' }],
    ['go1', { major: '1', minor: '0', patch: '0', kind: '', pre: '' }],
    ['1.20', { major: '1', minor: '20', patch: '0', kind: '', pre: '' }],
    ['1.21', { major: '1', minor: '21', patch: '', kind: '', pre: '' }],
    ['go1.22.5', { major: '1', minor: '22', patch: '5', kind: '', pre: '' }],
    ['1.21rc2', { major: '1', minor: '21', patch: '', kind: 'rc', pre: '2' }],
    ['1.20rc1', { major: '1', minor: '20', patch: '', kind: 'rc', pre: '1' }],
    ['go1.4beta1', { major: '1', minor: '4', patch: '', kind: 'beta', pre: '1' }],
    ['1.19alpha3', { major: '1', minor: '19', patch: '', kind: 'alpha', pre: '3' }],
    ['1.99999999999999999999', { major: '1', minor: '99999999999999999999', patch: '', kind: '', pre: '' }],
  ])('%s', (s, want) => {
    expect(parseGoVersion(s)).toEqual(want);
  });

  it.each([
    '',
    'go',
    'x',
    '1.',
    '1..2',
    '.1',
    '01.2',
    '1.02',
    '1.2.03',
    '1.21.',
    '1.22d',
    '1.22d1',
    '1.21rc',
    '1.21rc01',
    '1.21RC1',
    'Go1.21',
    'gogo1.21',
    '1rc1',
    '1.2.3.4',
    '1.22.x',
    '1.22-custom',
    'go1.22.5-custom',
    ' 1.22',
    '1.22 ',
    '1.21.0rc1',
    'go1.9.2rc2',
    'v1.22',
    '1.22\n',
    '-1.2',
    '1.2e3',
  ])('rejects %j', (s) => {
    expect(parseGoVersion(s)).toBeUndefined();
  });

  it('accepts a prerelease on a patch version only when lenient (go.dev lists go1.9.2rc2)', () => {
    expect(parseGoVersion('go1.9.2rc2', { lenient: true })).toEqual({ major: '1', minor: '9', patch: '2', kind: 'rc', pre: '2' });
    expect(parseGoVersion('1.21.0rc1', { lenient: true })).toBeDefined();
    expect(parseGoVersion('1.22d', { lenient: true })).toBeUndefined();
    expect(parseGoVersion('1.21.0-custom', { lenient: true })).toBeUndefined();
  });
});

describe('compareGo', () => {
  it('orders the official examples (GO-VERSION-RULES.md §2, toolchain.md)', () => {
    expectAscending(['1.21', '1.21rc1', '1.21rc2', '1.21.0', '1.21.1', '1.21.2']);
    expectAscending(['1.20rc1', '1.20rc2', '1.20rc3', '1.20', '1.20.1']);
    expectAscending(['1.18beta1', '1.18beta2', '1.18rc1', '1.18', '1.18.1']);
    expectAscending(['1.21.9', '1.22']);
  });

  it.each([
    ['1.19', '1.19.0', 0],
    ['1.20', '1.20.0', 0],
    ['1.21', '1.21.0', -1],
    ['1.21', '1.21rc1', -1],
    ['1.21rc1', '1.21.0', -1],
    ['1.19rc1', '1.19', -1],
    ['1.19alpha3', '1.19beta2', -1],
    ['1.19beta2', '1.19rc1', -1],
    ['1.5', '1.10', -1],
    ['1.9', '1.10', -1],
    ['1.99999999999999998', '1.99999999999999999', -1],
    ['1.99999999999999999', '1.100000000000000000', -1],
    ['1.2.99999999999999999999', '1.3', -1],
    ['1', '1.0.0', 0],
    ['1', '1.0', 0],
    ['1.3', '1.3.0', 0],
    ['go1.19', '1.19.0', 0],
    ['go1.22.5', '1.22.5', 0],
    ['', 'x', 0],
    ['1.22d', '1.22x', 0],
    ['', '1', -1],
    ['junk', '1.0', -1],
    ['1.21.0-custom', '1.21.0', -1],
  ])('compareGo(%j, %j) = %d', (a, b, want) => {
    expect(compareGo(a, b)).toBe(want);
    expect(compareGo(b, a)).toBe(want === 0 ? 0 : -want);
  });

  it('orders real go.dev names', () => {
    expectAscending([
      'go1',
      'go1.4beta1',
      'go1.4',
      'go1.9.1',
      'go1.9.2rc2',
      'go1.9.2',
      'go1.20rc1',
      'go1.20',
      'go1.20.14',
      'go1.21rc2',
      'go1.21.0',
      'go1.22.5',
    ]);
  });
});

describe('lang, isPrerelease', () => {
  it.each([
    ['1.2.3', '1.2'],
    ['1.2rc3', '1.2'],
    ['go1.22.5', '1.22'],
    ['1.21', '1.21'],
    ['go1.20', '1.20'],
    ['go1.9.2rc2', '1.9'],
    ['go1', '1'],
    ['1.0', '1'],
    ['junk', ''],
  ])('lang(%j) = %j', (v, want) => {
    expect(lang(v)).toBe(want);
  });

  it.each([
    ['go1.21rc2', true],
    ['1.4beta1', true],
    ['1.19alpha3', true],
    ['go1.9.2rc2', true],
    ['go1.21.0', false],
    ['go1.20', false],
    ['junk', false],
  ])('isPrerelease(%j) = %j', (v, want) => {
    expect(isPrerelease(v)).toBe(want);
  });
});

describe('isReleaseName', () => {
  it.each(['go1', 'go1.20', 'go1.22.5', 'go1.21.0', 'go1.21rc2', 'go1.4beta1', 'go1.19alpha1', 'go1.9.2rc2', 'go1.0'])('accepts %j', (n) =>
    expect(isReleaseName(n)).toBe(true),
  );

  it.each([
    '',
    'go',
    '1.22.5',
    'go1.',
    'go01.22',
    'go1.022',
    'go1.22.05',
    'go1.22d',
    'go1.22rc',
    'go2.0',
    'Go1.22',
    'go1.22.5-custom',
    'go1.22/..',
    '../go1.22',
    'go1.22.5/',
    'go1.22\n',
    'go1.22 ',
    '.',
    '..',
    'latest',
    '1.22',
    `go1.${'9'.repeat(40)}`,
  ])('rejects %j', (n) => expect(isReleaseName(n)).toBe(false));

  it('allows at most 32 characters', () => {
    expect(isReleaseName(`go1.${'9'.repeat(28)}`)).toBe(true);
    expect(isReleaseName(`go1.${'9'.repeat(29)}`)).toBe(false);
  });
});

describe('the real go.dev index (test/fixtures/go-dl-index.json)', () => {
  it('has the expected shape', () => {
    expect(index).toHaveLength(365);
    expect(fixtureNames[0]).toBe('go1.27.1');
  });

  it('every release name parses (lenient), is a release name, and a user typing it gets exactly that release', () => {
    for (const name of fixtureNames) {
      expect(parseGoVersion(name, { lenient: true }), name).toBeDefined();
      expect(isReleaseName(name), name).toBe(true);
      // go1 (bootstrap source only) and the lenient oddity go1.9.2rc2 are not installable names.
      if (name === 'go1' || name === 'go1.9.2rc2') continue;
      expect(parseRequest(name, 'user'), name).toEqual({ kind: 'exact', name });
    }
  });

  it('only go1.9.2rc2 needs the lenient parse', () => {
    expect(fixtureNames.filter((n) => parseGoVersion(n) === undefined)).toEqual(['go1.9.2rc2']);
  });

  it('sorting newest-first with compareGo reproduces go.dev order exactly', () => {
    // go.dev lists go1.9.2rc2 between go1.9.2 and go1.9.1. cmd/go's gover calls it malformed
    // (it would sort last); our lenient parse follows internal/gover @ 337f922, where a patch
    // prerelease sorts just below its patch release, so even that entry lands in go.dev's place.
    const sorted = [...fixtureNames].sort((a, b) => compareGo(b, a));
    expect(sorted).toEqual(fixtureNames);
    expect(fixtureNames.slice(fixtureNames.indexOf('go1.9.2'), fixtureNames.indexOf('go1.9.2') + 3)).toEqual([
      'go1.9.2',
      'go1.9.2rc2',
      'go1.9.1',
    ]);
  });

  it('has no two entries that compare equal', () => {
    for (let i = 1; i < fixtureNames.length; i++) {
      expect(compareGo(fixtureNames[i - 1] ?? '', fixtureNames[i] ?? '')).toBe(1);
    }
  });
});
