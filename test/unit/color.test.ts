import { describe, expect, it } from 'vitest';
import { colorEnabled, paint } from '../../src/cli/color.js';

describe('colour follows the stream, and the environment can overrule it', () => {
  it('a terminal gets colour, a pipe or file does not', () => {
    expect(colorEnabled({}, true)).toBe(true);
    expect(colorEnabled({}, false)).toBe(false);
    expect(colorEnabled({ TERM: 'dumb' }, true)).toBe(false);
  });

  it('NO_COLOR: any non-empty value turns it off; empty means unset', () => {
    for (const v of ['1', '0', 'yes', 'false']) expect(colorEnabled({ NO_COLOR: v }, true), v).toBe(false);
    expect(colorEnabled({ NO_COLOR: '' }, true)).toBe(true);
  });

  it('FORCE_COLOR decides first (as Node does), then NO_COLOR, then CLICOLOR_FORCE', () => {
    expect(colorEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '1', NO_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(colorEnabled({ FORCE_COLOR: '' }, false)).toBe(false);
    expect(colorEnabled({ CLICOLOR_FORCE: '1' }, false)).toBe(true);
    expect(colorEnabled({ CLICOLOR_FORCE: '0' }, false)).toBe(false);
    expect(colorEnabled({ CLICOLOR_FORCE: '1', NO_COLOR: '1' }, false)).toBe(false);
  });

  it('paint wraps only when on', () => {
    expect(paint(true, 'red', 'FAIL')).toBe('\x1b[31mFAIL\x1b[0m');
    expect(paint(false, 'red', 'FAIL')).toBe('FAIL');
  });
});
