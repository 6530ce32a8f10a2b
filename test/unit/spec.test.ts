import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GoswError } from '../../src/errors.js';
import { matchesSpec, parseSpec, resolveSpec, showInput, suggestNearest, type Candidate, type Spec } from '../../src/versions/spec.js';

const index = JSON.parse(readFileSync(new URL('../fixtures/go-dl-index.json', import.meta.url), 'utf8')) as {
  version: string;
  stable: boolean;
}[];
const candidates: Candidate[] = index.map((r) => ({ name: r.version, stable: r.stable }));

/** Omit<Spec, 'input'> for each member (Omit alone is not distributive). */
type SpecWithoutInput = Spec extends infer S ? (S extends Spec ? Omit<S, 'input'> : never) : never;

function resolve(input: string): string | undefined {
  return resolveSpec(parseSpec(input), candidates)?.name;
}

function badVersion(input: string): GoswError {
  try {
    parseSpec(input);
  } catch (err) {
    expect(err).toBeInstanceOf(GoswError);
    return err as GoswError;
  }
  throw new Error(`parseSpec(${JSON.stringify(input)}) did not throw`);
}

describe('parseSpec', () => {
  it.each<[string, SpecWithoutInput]>([
    ['latest', { kind: 'latest' }],
    ['stable', { kind: 'latest' }],
    ['1.22', { kind: 'line', line: '1.22' }],
    ['go1.22', { kind: 'line', line: '1.22' }],
    ['1.21', { kind: 'line', line: '1.21' }],
    // Decision (docs/architecture.md): a bare two-number spec is a line also below 1.21...
    ['1.20', { kind: 'line', line: '1.20' }],
    ['1.9', { kind: 'line', line: '1.9' }],
    // ...while the toolchain name go1.20 names exactly that release.
    ['go1.20', { kind: 'exact', name: 'go1.20' }],
    ['1.20.0', { kind: 'exact', name: 'go1.20' }],
    ['1.19.0', { kind: 'exact', name: 'go1.19' }],
    ['go1.19.0', { kind: 'exact', name: 'go1.19' }],
    ['1.22.5', { kind: 'exact', name: 'go1.22.5' }],
    ['go1.22.5', { kind: 'exact', name: 'go1.22.5' }],
    ['1.21.0', { kind: 'exact', name: 'go1.21.0' }],
    ['1.23rc1', { kind: 'exact', name: 'go1.23rc1' }],
    ['go1.21rc2', { kind: 'exact', name: 'go1.21rc2' }],
    ['1.20rc1', { kind: 'exact', name: 'go1.20rc1' }],
    ['1.4beta1', { kind: 'exact', name: 'go1.4beta1' }],
    ['1.99', { kind: 'line', line: '1.99' }],
  ])('%j', (input, want) => {
    expect(parseSpec(input)).toEqual({ ...want, input });
  });

  it('trims surrounding whitespace (version files end in a newline) and keeps the trimmed input', () => {
    expect(parseSpec('1.22\n')).toEqual({ kind: 'line', line: '1.22', input: '1.22' });
    expect(parseSpec('  go1.22.5\r\n')).toEqual({ kind: 'exact', name: 'go1.22.5', input: 'go1.22.5' });
    expect(parseSpec('\tlatest ')).toEqual({ kind: 'latest', input: 'latest' });
  });

  it.each([
    '',
    '   ',
    '\n',
    '1',
    'go1',
    '1.0',
    '1.0.0',
    '2.0',
    '2.0.1',
    'go2.1.0',
    '1.22.x',
    '1.22.*',
    '^1.22',
    '~1.22',
    '>=1.22',
    '1.22d',
    '1.22d1',
    '01.22',
    '1.022',
    '1.22.05',
    '1.21.0rc1',
    'go1.9.2rc2',
    '1.21rc',
    'v1.22',
    'V1.22',
    'Go1.22',
    'LATEST',
    'oldstable',
    'system',
    'go1.22.5-custom',
    '1.27-bookworm',
    '1.22; rm -rf /',
    '$(id)',
    '`id`',
    '../1.22',
    '1.22/..',
    '..',
    '1..22',
    '1.22\n1.23',
    '1.22\u0000',
    '1.22 1.23',
    '\u001b[31m1.22',
    '1.22\u202e',
    'latest\u0000',
    '1.'.repeat(40),
    `1.${'9'.repeat(70)}`,
    'x'.repeat(100000),
  ])('refuses %j', (input) => {
    const err = badVersion(input);
    expect(err.code).toBe('BAD_VERSION');
    expect(err.hint).toBe('use a version like 1.22.5, a line like 1.22, or latest');
    expect(err.message).toMatch(/^'.*' is not a Go version$/);
    // One printable ASCII line, whatever came in.
    expect(err.message).toMatch(/^[\x20-\x7e…]*$/);
    expect(err.message.length).toBeLessThan(80);
  });

  it('names the input in the error', () => {
    expect(badVersion('1.22d').message).toBe("'1.22d' is not a Go version");
    expect(badVersion('$(id)').message).toBe("'$(id)' is not a Go version");
    expect(badVersion('').message).toBe("'' is not a Go version");
    expect(badVersion('1.22\n1.23').message).toBe("'1.22\\n1.23' is not a Go version");
  });
});

describe('showInput', () => {
  it.each([
    ['1.22', '1.22'],
    ['a\u0000b', 'a\\u0000b'],
    ['a\tb\r\n', 'a\\tb\\r\\n'],
    ['a\\b', 'a\\\\b'],
    ['\u001b[31m', '\\u001b[31m'],
    ['\u202e', '\\u202e'],
    ['é', '\\u00e9'],
    ['😀', '\\u{1f600}'],
    ['x'.repeat(40), 'x'.repeat(40)],
    ['x'.repeat(41), `${'x'.repeat(40)}…`],
    ['x'.repeat(100000), `${'x'.repeat(40)}…`],
  ])('%j → %j', (s, want) => {
    expect(showInput(s)).toBe(want);
  });
});

describe('matchesSpec', () => {
  const c = (name: string, stable = true): Candidate => ({ name, stable });
  it.each<[string, Candidate, boolean]>([
    ['1.19.0', c('go1.19'), true],
    ['go1.20', c('go1.20'), true],
    ['go1.20', c('go1.20.1'), false],
    ['1.21rc2', c('go1.21rc2', false), true],
    ['1.22.5', c('go1.22.5', false), true],
    ['1.9.2', c('go1.9.2rc2', false), false],
    ['1.22', c('go1.22.5'), true],
    ['1.22', c('go1.22rc1', false), false],
    ['1.22', c('go1.22rc1', true), false],
    ['1.22', c('go1.22.5', false), false],
    ['1.22', c('go1.21.5'), false],
    ['1.2', c('go1.22.5'), false],
    ['1.20', c('go1.20'), true],
    ['latest', c('go1.22.5'), true],
    ['latest', c('go1.23rc1', false), false],
    ['latest', c('garbage'), false],
  ])('%j matches %j: %j', (input, cand, want) => {
    expect(matchesSpec(parseSpec(input), cand)).toBe(want);
  });

  it('never lets malformed names match an exact spec', () => {
    expect(matchesSpec({ kind: 'exact', name: 'junk', input: 'junk' }, c('garbage'))).toBe(false);
  });
});

describe('resolveSpec against the real index', () => {
  const newestStable = index.find((r) => r.stable)?.version;

  it.each<[string, string | undefined]>([
    ['1.22', 'go1.22.12'],
    ['go1.22', 'go1.22.12'],
    ['1.21', 'go1.21.13'],
    ['1.20', 'go1.20.14'],
    ['1.20.0', 'go1.20'],
    ['go1.20', 'go1.20'],
    ['1.19.0', 'go1.19'],
    ['go1.19', 'go1.19'],
    ['1.9.2', 'go1.9.2'],
    ['latest', 'go1.27.1'],
    ['stable', 'go1.27.1'],
    ['1.23rc1', 'go1.23rc1'],
    ['1.21rc2', 'go1.21rc2'],
    ['1.21.0', 'go1.21.0'],
    ['1.4beta1', 'go1.4beta1'],
    ['1.21rc1', undefined],
    ['1.22.99', undefined],
    ['1.99', undefined],
  ])('%j → %j', (input, want) => {
    expect(resolve(input)).toBe(want);
  });

  it('latest is the first stable entry of the index', () => {
    expect(newestStable).toBe('go1.27.1');
  });

  it('does not depend on candidate order', () => {
    const shuffled = [...candidates].reverse();
    expect(resolveSpec(parseSpec('1.22'), shuffled)?.name).toBe('go1.22.12');
    expect(resolveSpec(parseSpec('latest'), shuffled)?.name).toBe('go1.27.1');
  });

  it('returns undefined on an empty index', () => {
    expect(resolveSpec(parseSpec('latest'), [])).toBeUndefined();
  });
});

describe('suggestNearest against the real index', () => {
  it.each<[string, number, string[]]>([
    ['1.22.99', 3, ['go1.22.12', 'go1.22.11', 'go1.22.10']],
    ['1.21rc1', 3, ['go1.21rc2', 'go1.21rc3', 'go1.21rc4']],
    ['1.21.99', 2, ['go1.21.13', 'go1.21.12']],
    // Nothing of the 1.99 line exists: the nearest releases below it.
    ['1.99', 3, ['go1.27.1', 'go1.27.0', 'go1.27rc3']],
    ['1.99.1', 1, ['go1.27.1']],
    ['1.20.0', 3, ['go1.20', 'go1.20.1', 'go1.20rc3']],
    ['1.22', 2, ['go1.22.12', 'go1.22.11']],
    ['latest', 2, ['go1.27.1', 'go1.27.0']],
    ['1.22.5', 0, []],
  ])('%j (n=%d) → %j', (input, n, want) => {
    expect(suggestNearest(parseSpec(input), candidates, n)).toEqual(want);
  });

  it('defaults to three suggestions', () => {
    expect(suggestNearest(parseSpec('1.22.99'), candidates)).toHaveLength(3);
  });

  it('suggests prereleases of a line that has no stable release yet', () => {
    const pre: Candidate[] = [
      { name: 'go1.28rc1', stable: false },
      { name: 'go1.27.1', stable: true },
    ];
    expect(resolveSpec(parseSpec('1.28'), pre)).toBeUndefined();
    expect(suggestNearest(parseSpec('1.28'), pre)).toEqual(['go1.28rc1', 'go1.27.1']);
  });

  it('ignores malformed and duplicate names', () => {
    const odd: Candidate[] = [
      { name: 'junk', stable: true },
      { name: 'go1.22.1', stable: true },
      { name: 'go1.22.1', stable: true },
    ];
    expect(suggestNearest(parseSpec('1.22.2'), odd)).toEqual(['go1.22.1']);
  });
});
