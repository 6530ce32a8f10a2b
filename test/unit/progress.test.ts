import { describe, expect, it } from 'vitest';
import { formatBytes, formatEta, formatRate } from '../../src/install/progress.js';

describe('progress figures for people (issue 13: no "492.01277955271564 B/s")', () => {
  it('rates: whole bytes under 1 KiB, then at most three significant figures', () => {
    expect(formatRate(492.01277955271564)).toBe('492 B/s');
    expect(formatRate(0.4)).toBe('0 B/s');
    expect(formatRate(1023.4)).toBe('1023 B/s');
    expect(formatRate(1536)).toBe('1.5 KiB/s');
    expect(formatRate(12.3 * 1024 * 1024)).toBe('12 MiB/s');
    expect(formatRate(9.87 * 1024 * 1024)).toBe('9.9 MiB/s');
    expect(formatRate(Number.NaN)).toBe('0 B/s');
    expect(formatRate(Number.POSITIVE_INFINITY)).toBe('0 B/s');
  });

  it('sizes never print "1024 KiB": they carry into the next unit', () => {
    expect(formatBytes(1024 * 1023.9)).toBe('1.0 MiB');
    expect(formatBytes(1024 * 1024 * 1024 * 2.25)).toBe('2.3 GiB');
    expect(formatBytes(70 * 1024 * 1024)).toBe('70 MiB');
    for (const n of [1, 999, 1000, 1023, 1024, 5e4, 1e6, 1048575, 1e9, 1e12])
      expect(formatBytes(n + 0.123456789)).toMatch(/^\d{1,4}( B|\.\d (KiB|MiB|GiB|TiB)| (KiB|MiB|GiB|TiB))$/);
  });

  it('ETA: seconds, then minutes and seconds, then hours and minutes', () => {
    expect(formatEta(0)).toBe('0s');
    expect(formatEta(44.2)).toBe('45s');
    expect(formatEta(185)).toBe('3m05s');
    expect(formatEta(3720)).toBe('1h02m');
  });
});
