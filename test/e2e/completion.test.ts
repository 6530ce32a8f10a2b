import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/table.js';
import { SHELLS } from '../../src/shell/shells.js';
import { makeTempDir } from '../helpers/tmp.js';

const gosw = fileURLToPath(new URL('../../dist/gosw.cjs', import.meta.url));

function sandbox() {
  const dir = makeTempDir();
  const store = path.join(dir, 'store');
  for (const v of ['go1.22.5', 'go1.21.13']) {
    mkdirSync(path.join(store, 'versions', v, 'bin'), { recursive: true });
    writeFileSync(path.join(store, 'versions', v, 'bin', 'go'), '#!/bin/sh\n');
    chmodSync(path.join(store, 'versions', v, 'bin', 'go'), 0o755);
  }
  symlinkSync('go1.22.5', path.join(store, 'versions', '1.22'));
  symlinkSync('go1.21.13', path.join(store, 'versions', '1.21'));
  symlinkSync('go1.22.5', path.join(store, 'versions', 'latest'));
  // A cached index (the url must match GOSW_INDEX_URL) so install completes offline.
  const url = 'http://127.0.0.1:9/index.json';
  mkdirSync(path.join(store, 'cache'), { recursive: true });
  const rel = (version: string, stable: boolean) => ({ version, stable, files: [] });
  writeFileSync(
    path.join(store, 'cache', 'index.json'),
    JSON.stringify([rel('go1.23.1', true), rel('go1.23rc2', false), rel('go1.22.5', true), rel('go1.22.4', true)]),
  );
  writeFileSync(path.join(store, 'cache', 'index.meta.json'), JSON.stringify({ url, fetchedAt: 0 }));
  const env = { PATH: process.env.PATH, HOME: dir, GOSW_HOME: store, GOSW_INDEX_URL: url, GOSW_HTTP_TIMEOUT: '0.2' };
  return { env };
}

function bashComplete(env: NodeJS.ProcessEnv, words: string[]): string[] {
  const script = `source <("$GOSW" completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_gosw_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['--norc', '-c', script], { env: { ...env, GOSW: gosw }, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

describe('completion', () => {
  it('bash completes commands, options, installed and remote versions', () => {
    const { env } = sandbox();
    expect(bashComplete(env, ['gosw', 'li'])).toEqual(['list', 'list-remote']);
    expect(bashComplete(env, ['gosw', 'install', '--f'])).toEqual(['--force', '--file']);
    expect(bashComplete(env, ['gosw', 'uninstall', ''])).toEqual(expect.arrayContaining(['1.22.5', '1.21.13', '1.22', '1.21']));
    expect(bashComplete(env, ['gosw', 'which', '1.21'])).toEqual(['1.21.13', '1.21']);
    // remote versions from the cached index (offline), not already installed, stable only
    const inst = bashComplete(env, ['gosw', 'install', '1.2']);
    expect(inst).toEqual(expect.arrayContaining(['1.23', '1.23.1', '1.22.4']));
    expect(inst).not.toContain('1.22.5');
    expect(inst).not.toContain('1.23rc2');
    expect(bashComplete(env, ['gosw', 'env', '--shell', ''])).toEqual([...SHELLS]);
  });

  it('reads what arguments are from the command table: shells, subcommands, option values', () => {
    const { env } = sandbox();
    expect(bashComplete(env, ['gosw', 'completion', ''])).toEqual([...SHELLS]);
    expect(bashComplete(env, ['gosw', 'completion', 'bash', ''])).toEqual([]);
    expect(bashComplete(env, ['gosw', 'completion', '--c'])).toEqual(['--complete']);
    expect(bashComplete(env, ['gosw', 'cache', ''])).toEqual(['info', 'prune']);
    expect(bashComplete(env, ['gosw', 'cache', '--format', ''])).toEqual(['prometheus']);
    expect(bashComplete(env, ['gosw', 'env', '--format', ''])).toEqual(['json', 'dotenv', 'systemd']);
    expect(bashComplete(env, ['gosw', 'help', 'un'])).toEqual(['uninstall']);
    // every command in the table is offered, and a command with no version argument gets none
    expect(bashComplete(env, ['gosw', ''])).toEqual(expect.arrayContaining(COMMANDS.map((c) => c.name)));
    expect(bashComplete(env, ['gosw', 'list', ''])).toEqual([]);
    // no cached index: install still offers latest, list-remote nothing
    const bare = { ...env, GOSW_INDEX_URL: 'http://127.0.0.1:9/other.json' };
    expect(bashComplete(bare, ['gosw', 'install', ''])).toEqual(['latest']);
    expect(bashComplete(bare, ['gosw', 'list-remote', ''])).toEqual([]);
  });

  it('zsh loads the completion after compinit', () => {
    const { env } = sandbox();
    const r = spawnSync(
      'zsh',
      ['-f', '-c', `autoload -Uz compinit && compinit -u -D && source <("$GOSW" completion zsh) && print -r -- $_comps[gosw]`],
      {
        env: { ...env, GOSW: gosw },
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('_gosw');
  });

  it('an unknown shell is a usage error', () => {
    const r = spawnSync(process.execPath, [gosw, 'completion', 'fish'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^gosw: give the shell/);
  });
});
