/**
 * Issue 13, the names and flags a new user brings: aliases from other version managers (ls, rm,
 * versions, ls-remote, version), hints for words whose meaning differs (use, run, where, init…),
 * typos (lsit), and --quiet meaning "errors only". One-shot CLI runs against a fake store.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun, makeSandbox, runCli, type Sandbox, sandboxEnv } from '../helpers/cli.js';
import { makeFakeStore } from '../helpers/shell/fixtures.js';

const RELEASES = ['go1.20.14', 'go1.21.13', 'go1.22.5'];

function sandbox(): Sandbox {
  const sb = makeSandbox();
  makeFakeStore(sb.goswHome, RELEASES);
  return sb;
}

const run = (sb: Sandbox, args: string[], extra: Record<string, string | undefined> = {}) =>
  runCli(args, { env: sandboxEnv(sb, extra), cwd: sb.work });

describe('aliases: names other version managers use for the same thing', () => {
  it('ls and versions are list; ls-remote is list-remote; version is --version', async () => {
    const sb = sandbox();
    const list = await run(sb, ['list']);
    expect(list.code, describeRun(list)).toBe(0);
    expect(list.stdout).toContain('1.22.5');
    for (const alias of ['ls', 'versions']) {
      const r = await run(sb, [alias]);
      expect(r.code, describeRun(r)).toBe(0);
      expect(r.stdout).toBe(list.stdout);
    }
    const lr = await run(sb, ['ls-remote', '--help']);
    expect(lr.stdout.split('\n')[0]).toMatch(/^gosw list-remote: .*\(also: ls-remote\)$/);
    const v = await run(sb, ['version']);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^gosw \S+\n$/);
    expect(v.stdout).toBe((await run(sb, ['--version'])).stdout);
  });

  it('rm and remove are uninstall (help and completion know them too)', async () => {
    const sb = sandbox();
    const rm = await run(sb, ['rm', '1.21.13']);
    expect(rm.code, describeRun(rm)).toBe(0);
    expect(rm.stdout).toBe('uninstalled go1.21.13\n');
    expect(existsSync(sb.version('go1.21.13'))).toBe(false);
    const remove = await run(sb, ['remove', '1.20.14']);
    expect(remove.code, describeRun(remove)).toBe(0);
    expect(existsSync(sb.version('go1.20.14'))).toBe(false);
    const help = await run(sb, ['help', 'rm']);
    expect(help.stdout.split('\n')[0]).toBe('gosw uninstall: remove an installed Go version (also: rm, remove)');
    const complete = await run(sb, ['completion', '--complete', '--', 'rm', '1.2']);
    expect(complete.stdout.split('\n').filter(Boolean)).toEqual(['1.22.5', '1.22']);
  });

  it('the main help lists every alias beside its command', async () => {
    const sb = sandbox();
    const r = await run(sb, ['--help']);
    expect(r.stdout).toMatch(/^ {2}uninstall +remove an installed Go version \(also: rm, remove\)$/m);
    expect(r.stdout).toMatch(/^ {2}list +list installed Go versions \(also: ls, versions\)$/m);
    expect(r.stdout).toMatch(/^ {2}list-remote +.*\(also: ls-remote\)$/m);
  });
});

describe('words from other tools that gosw spells differently: a hint with the gosw command, exit 2', () => {
  const cases: Array<[string, RegExp]> = [
    ['use', /to pin this directory: gosw local 1\.22; for this shell only: gosw shell 1\.22; as the default: gosw global 1\.22/],
    ['run', /gosw exec 1\.22 -- go test/],
    ['x', /gosw exec 1\.22 --/],
    ['where', /gosw which 1\.22/],
    ['init', /eval "\$\(gosw env\)"/],
    ['activate', /eval "\$\(gosw env\)"/],
    ['default', /gosw global 1\.22/],
    ['latest', /gosw list-remote.*gosw install latest/],
    ['upgrade', /gosw install latest/],
  ];
  for (const [word, hint] of cases) {
    it(`gosw ${word}`, async () => {
      const sb = sandbox();
      const r = await run(sb, [word, '1.22']);
      expect(r.code, describeRun(r)).toBe(2);
      expect(r.stdout).toBe('');
      const [first, second, ...more] = r.stderr.trimEnd().split('\n');
      expect(first).toBe(`gosw: unknown command '${word}'`);
      expect(second).toMatch(hint);
      expect(more).toEqual([]);
    });
  }
});

describe('typos get "did you mean", through aliases too', () => {
  const cases: Array<[string, string | undefined]> = [
    ['lsit', 'list'],
    ['instal', 'install'],
    ['isntall', 'install'],
    ['unistall', 'uninstall'],
    ['doctr', 'doctor'],
    ['lss', 'list'],
    ['verisons', 'list'],
    ['zzzzzz', undefined],
  ];
  for (const [word, want] of cases) {
    it(`gosw ${word} -> ${want ?? 'no guess'}`, async () => {
      const sb = sandbox();
      const r = await run(sb, [word]);
      expect(r.code, describeRun(r)).toBe(2);
      expect(r.stderr).toContain(`gosw: unknown command '${word}'`);
      if (want) expect(r.stderr).toContain(`did you mean 'gosw ${want}'?`);
      else expect(r.stderr).toContain("see 'gosw --help' for the commands");
    });
  }
});

describe('--quiet: only errors; the exit status says the rest', () => {
  it('uninstall -q prints nothing on success, and no notice about an ignored setting either', async () => {
    const sb = sandbox();
    // The store found through XDG_DATA_HOME, with a relative XDG_CACHE_HOME (ignored, with a notice).
    const env = { GOSW_HOME: undefined, XDG_DATA_HOME: path.dirname(sb.goswHome), XDG_CACHE_HOME: 'relative/cache' };
    const loud = await run(sb, ['uninstall', '1.20.14'], env);
    expect(loud.code, describeRun(loud)).toBe(0);
    expect(loud.stdout).toBe('uninstalled go1.20.14\n');
    expect(loud.stderr).toContain('gosw: ignoring XDG_CACHE_HOME=relative/cache: not an absolute path');
    const quiet = await run(sb, ['uninstall', '-q', '1.21.13'], env);
    expect(quiet.code, describeRun(quiet)).toBe(0);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toBe('');
    expect(existsSync(sb.version('go1.21.13'))).toBe(false);
  });

  it('uninstall -q still prints the error when there is one', async () => {
    const sb = sandbox();
    const r = await run(sb, ['uninstall', '--quiet', '1.19']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^gosw: Go 1\.19 is not installed$/m);
  });
});
