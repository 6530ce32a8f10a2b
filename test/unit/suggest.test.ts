import { describe, expect, it } from 'vitest';
import { closest, foreignHint } from '../../src/cli/suggest.js';
import { COMMANDS, type CommandInfo, findCommand } from '../../src/cli/table.js';

const NAMES = (COMMANDS as readonly CommandInfo[]).flatMap((c) => [c.name, ...(c.aliases ?? [])]);

describe('did you mean', () => {
  it('a swap of two neighbours is one typo (lsit -> list)', () => {
    expect(closest('lsit', NAMES)).toBe('list');
    expect(closest('isntall', NAMES)).toBe('install');
    expect(closest('doctro', NAMES)).toBe('doctor');
  });

  it('far words get no guess', () => {
    expect(closest('banana', NAMES)).toBeUndefined();
    expect(closest('q', NAMES)).toBeUndefined();
  });
});

describe('words from other version managers', () => {
  it('no hint word is also a gosw command or alias (a command always wins)', () => {
    for (const w of ['use', 'run', 'x', 'where', 'init', 'activate', 'default', 'latest', 'upgrade', 'update', 'add', 'i', 'set', 'alias'])
      expect(findCommand(w), w).toBeUndefined();
    for (const name of NAMES) expect(foreignHint(name), name).toBeUndefined();
  });

  it('each hint names a gosw command that exists', () => {
    for (const w of ['use', 'run', 'where', 'init', 'default', 'latest', 'upgrade', 'unset']) {
      const hint = foreignHint(w)!;
      const named = [...hint.matchAll(/(?:: |\$\()gosw ([a-z-]+)/g)].map((m) => m[1]!);
      expect(named.length, w).toBeGreaterThan(0);
      for (const n of named) expect(findCommand(n), `${w}: gosw ${n}`).toBeDefined();
    }
  });

  it('aliases resolve to their command', () => {
    expect(findCommand('ls')?.name).toBe('list');
    expect(findCommand('versions')?.name).toBe('list');
    expect(findCommand('rm')?.name).toBe('uninstall');
    expect(findCommand('remove')?.name).toBe('uninstall');
    expect(findCommand('ls-remote')?.name).toBe('list-remote');
    expect(new Set(NAMES).size, 'no alias is used twice').toBe(NAMES.length);
  });

  it('hasOwnProperty-safe: constructor and __proto__ are not hints', () => {
    expect(foreignHint('constructor')).toBeUndefined();
    expect(foreignHint('__proto__')).toBeUndefined();
  });
});
