/**
 * A relative GOSW_HOME or XDG_DATA_HOME (and XDG_CACHE_HOME / XDG_RUNTIME_DIR for the memo's
 * stamp) is ignored, with one notice, by the hooks and the CLI alike: the XDG Base Directory spec
 * says relative paths are invalid, and a relative store made the hook export a GOROOT relative to
 * $PWD, so that `cd` into a repository holding `<GOSW_HOME>/versions/go1.22.5/bin/go` ran the
 * repository's own `go`.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFakeStore, makeShellSandbox, writeTree, type ShellSandbox } from '../helpers/shell/fixtures.js';
import { CLI, goswLines, q, runShell, SHELL_NAMES, writeInit } from '../helpers/shell/shells.js';
import { assertCleanAncestors } from '../helpers/shell/suite.js';
import { archiveName, fakeToolchain } from '../helpers/toolchain.js';

describe('relative roots are ignored, with a notice', () => {
  let sb: ShellSandbox;
  let repo: string;
  let homeStore: string;

  beforeAll(() => {
    sb = makeShellSandbox();
    assertCleanAncestors(sb.root);
    // The store where a relative root falls back to: ~/.local/share/gosw.
    homeStore = path.join(sb.home, '.local', 'share', 'gosw');
    makeFakeStore(homeStore, ['go1.22.5']);
    mkdirSync(path.join(sb.home, '.cache', 'gosw'), { recursive: true, mode: 0o700 });
    // A repository carrying "stores" of its own, named as the relative roots would find them.
    repo = path.join(sb.work, 'repo');
    writeTree(repo, { '.go-version': '1.22.5\n' });
    makeFakeStore(path.join(repo, 'evil'), ['go1.22.5']);
    makeFakeStore(path.join(repo, 'gosw'), ['go1.22.5']);
  });
  afterAll(() => sb?.remove());

  const cases: Array<[string, Record<string, string | undefined>, string[]]> = [
    ['GOSW_HOME=evil', { GOSW_HOME: 'evil', XDG_DATA_HOME: undefined }, ['gosw: ignoring GOSW_HOME=evil: not an absolute path']],
    ['XDG_DATA_HOME=.', { GOSW_HOME: undefined, XDG_DATA_HOME: '.' }, ['gosw: ignoring XDG_DATA_HOME=.: not an absolute path']],
    [
      'both',
      { GOSW_HOME: './evil', XDG_DATA_HOME: '.' },
      ['gosw: ignoring GOSW_HOME=./evil: not an absolute path', 'gosw: ignoring XDG_DATA_HOME=.: not an absolute path'],
    ],
  ];

  describe.each(SHELL_NAMES)('%s hook', (shell) => {
    it.each(cases)('%s: the GOROOT is the absolute default store, said once', async (_label, env, notices) => {
      const init = writeInit(path.join(sb.root, 'init'), shell);
      const s = [
        `source ${q(init)}`,
        `cd ${q(repo)}`,
        '_gosw_hook; _gosw_hook; _gosw_hook',
        `printf '@@%s|%s|%s@@\\n' "$GOROOT" "$GOSW_CURRENT" "$PATH"`,
      ].join('\n');
      const r = await runShell(shell, s, { env: sb.env(env), cwd: sb.home, scriptDir: path.join(sb.root, 'scripts') });
      expect(r.code, r.stderr).toBe(0);
      const root = path.join(homeStore, 'versions', 'go1.22.5');
      expect(r.stdout).toBe(`@@${root}|go1.22.5|${root}/bin:${sb.basePath}@@\n`);
      expect(goswLines(r.stderr)).toEqual(notices);
    });

    it('a relative XDG_CACHE_HOME or XDG_RUNTIME_DIR is not where the memo stamp goes', async () => {
      const init = writeInit(path.join(sb.root, 'init'), shell);
      const s = [`source ${q(init)}`, `printf '@@%s@@\\n' "$__gosw_z"`].join('\n');
      const r = await runShell(shell, s, {
        env: sb.env({ XDG_CACHE_HOME: 'cache', XDG_RUNTIME_DIR: 'run' }),
        cwd: repo,
        scriptDir: path.join(sb.root, 'scripts'),
      });
      expect(r.stdout).toMatch(new RegExp(`^@@${path.join(sb.home, '.cache', 'gosw')}/gosw-hook\\.\\d+@@\\n$`));
      expect(goswLines(r.stderr)).toEqual(
        expect.arrayContaining([
          'gosw: ignoring XDG_CACHE_HOME=cache: not an absolute path',
          'gosw: ignoring XDG_RUNTIME_DIR=run: not an absolute path',
        ]),
      );
    });
  });

  const cli = (args: string[], env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd: repo, env: sb.env({ PWD: repo, ...env }), encoding: 'utf8', timeout: 30_000 });

  it.each(cases)('gosw current and gosw which with %s: the default store, and a notice', (_label, env, notices) => {
    const root = path.join(homeStore, 'versions', 'go1.22.5');
    const cur = cli(['current', '--json'], env);
    expect(cur.status, cur.stderr).toBe(0);
    expect(JSON.parse(cur.stdout).goroot).toBe(root);
    expect(goswLines(cur.stderr)).toEqual(notices);
    const which = cli(['which', '1.22.5'], env);
    expect(which.status, which.stderr).toBe(0);
    expect(which.stdout).toBe(`${root}\n`);
    expect(goswLines(which.stderr)).toEqual(notices);
  });

  it('gosw install --file with a relative GOSW_HOME installs into the default store, not under $PWD', () => {
    const tgz = fakeToolchain('1.21.13');
    const file = path.join(sb.root, archiveName('1.21.13'));
    writeFileSync(file, tgz);
    const sha = createHash('sha256').update(tgz).digest('hex');
    const r = cli(['install', '--file', file, '--sha256', sha], { GOSW_HOME: 'evil', XDG_DATA_HOME: undefined });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`in ${path.join(homeStore, 'versions', 'go1.21.13')}`);
    expect(goswLines(r.stderr)).toContain('gosw: ignoring GOSW_HOME=evil: not an absolute path');
    expect(spawnSync('ls', [path.join(repo, 'evil', 'versions')], { encoding: 'utf8' }).stdout.split('\n')).not.toContain('go1.21.13');
  });
});
