import { describe, expect, it } from 'vitest';
import { parseWorkDir } from '../../src/store/leftovers.js';

describe('parseWorkDir: tmp/ work dir names, parsed from the end and exact', () => {
  it('an unpack dir: <release>.<pid>.<mkdtemp 6 chars>', () => {
    expect(parseWorkDir('go1.22.5.4242.AbC123')).toEqual({ name: 'go1.22.5', pid: 4242, kind: 'unpack' });
  });

  it('go1.20 and go1.20.14 are different releases, whatever the suffix looks like', () => {
    expect(parseWorkDir('go1.20.14.777.xYz9Q1')).toEqual({ name: 'go1.20.14', pid: 777, kind: 'unpack' });
    expect(parseWorkDir('go1.20.777.xYz9Q1')).toEqual({ name: 'go1.20', pid: 777, kind: 'unpack' });
    // An all-digit mkdtemp suffix must not be read as a pid (nor the pid as part of the version).
    expect(parseWorkDir('go1.20.14.777.123456')).toEqual({ name: 'go1.20.14', pid: 777, kind: 'unpack' });
    expect(parseWorkDir('go1.20.777.123456')).toEqual({ name: 'go1.20', pid: 777, kind: 'unpack' });
  });

  it('a replaced version: <release>.<pid>.old', () => {
    expect(parseWorkDir('go1.20.14.99.old')).toEqual({ name: 'go1.20.14', pid: 99, kind: 'old' });
    expect(parseWorkDir('go1.20.99.old')).toEqual({ name: 'go1.20', pid: 99, kind: 'old' });
  });

  it('a removal: <release>.<pid>.rm.<6 chars>, also with an all-digit suffix', () => {
    expect(parseWorkDir('go1.21.13.5.rm.Ab12Cd')).toEqual({ name: 'go1.21.13', pid: 5, kind: 'rm' });
    expect(parseWorkDir('go1.20.5.rm.000000')).toEqual({ name: 'go1.20', pid: 5, kind: 'rm' });
    expect(parseWorkDir('go1.23rc1.5.rm.abcdef')).toEqual({ name: 'go1.23rc1', pid: 5, kind: 'rm' });
  });

  it('anything else is not a work dir', () => {
    for (const e of [
      'go1.20',
      'go1.20.14', // no pid
      'go1.22.5.0.AbC123', // pid 0
      'go1.22.5.12.AbC12', // 5-char suffix
      'go1.22.5.12.AbC1234',
      'go1.22.5.x12.AbC123',
      'notgo.12.AbC123',
      '../x.12.AbC123',
      'go1.22.5.12.rm.',
      '.12.old',
      '',
    ]) {
      expect(parseWorkDir(e), e).toBeUndefined();
    }
  });

  it('a name that is also a valid shorter name with a pid is read that way (the pid field is always the one before the suffix)', () => {
    expect(parseWorkDir('go1.20.14.old')).toEqual({ name: 'go1.20', pid: 14, kind: 'old' });
  });
});
