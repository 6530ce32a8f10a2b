/**
 * `gosw env --format dotenv|systemd` with paths that hold every character the formats treat
 * specially (newline, backslash, quotes, $, backtick, %, #, ;, spaces): the files are read back by
 * real shells (`set -a; . ./file`), by a port of systemd's EnvironmentFile parser
 * (helpers/systemd-env.ts) and, when it is installed, by systemd itself, and every value must come
 * back exactly as `--format json` gives it.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runCli, sandboxEnv } from '../helpers/cli.js';
import { parseSystemdEnvFile } from '../helpers/systemd-env.js';

const NASTY = 'a b\nc\\d"e$HOME`id`f%hg\'h#i;j\\\n';
/** Each shell with its rc files off: only the file under test is read. */
const SHELL_ARGS: Record<string, string[]> = { sh: [], dash: [], bash: ['--norc', '--noprofile'], zsh: ['-f'] };
const SHELLS = Object.keys(SHELL_ARGS).filter((s) => spawnSync('sh', ['-c', `command -v ${s}`]).status === 0);
const HAVE_SYSTEMD_ANALYZE = spawnSync('sh', ['-c', 'command -v systemd-analyze']).status === 0;

async function setup() {
  const sb = makeSandbox();
  const home = path.join(sb.root, `store ${NASTY}`);
  const goroot = path.join(home, 'versions', 'go1.22.5');
  mkdirSync(path.join(goroot, 'bin'), { recursive: true });
  writeFileSync(path.join(goroot, 'bin', 'go'), '#!/bin/sh\n');
  chmodSync(path.join(goroot, 'bin', 'go'), 0o755);
  const env = sandboxEnv(sb, {
    GOSW_HOME: home,
    XDG_CACHE_HOME: path.join(sb.root, `cache ${NASTY}`),
    PATH: `/usr/bin:/bin:${sb.root}/odd ${NASTY}`,
  });
  const run = async (format: string) => {
    const r = await runCli(['env', '--format', format, '1.22.5'], { env, cwd: sb.work });
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  const want = JSON.parse(await run('json')) as Record<string, string>;
  expect(want.GOROOT).toBe(goroot);
  expect(Object.keys(want).sort()).toEqual(['GOCACHE', 'GOROOT', 'GOTOOLCHAIN', 'PATH']);
  return { sb, run, want };
}

describe('gosw env --format: values with newlines, quotes, $, backslashes and % come back exactly', () => {
  it(`dotenv: read back by ${SHELLS.join(', ')} with set -a; . ./file`, async () => {
    const { sb, run, want } = await setup();
    const file = path.join(sb.work, 'gosw.env');
    writeFileSync(file, await run('dotenv'));
    const keys = Object.keys(want);
    for (const sh of SHELLS) {
      // NUL-separated, so a value's own newlines survive the trip
      const script = `set -a; . ./gosw.env; printf '%s\\0' ${keys.map((k) => `"$${k}"`).join(' ')}`;
      const r = spawnSync(sh, [...SHELL_ARGS[sh]!, '-c', script], { cwd: sb.work, env: { HOME: sb.home }, encoding: 'utf8' });
      expect(r.status, `${sh}: ${r.stderr}`).toBe(0);
      expect(r.stderr, sh).toBe('');
      const got = Object.fromEntries(
        r.stdout
          .split('\0')
          .slice(0, -1)
          .map((v, i) => [keys[i]!, v]),
      );
      expect(got, sh).toEqual(want);
    }
  });

  it("systemd: read back by a port of systemd's EnvironmentFile parser (env-file.c)", async () => {
    const { run, want } = await setup();
    const text = await run('systemd');
    expect(Object.fromEntries(parseSystemdEnvFile(text))).toEqual(want);
  });

  it.skipIf(!HAVE_SYSTEMD_ANALYZE)(
    'systemd: read back by systemd itself (its os-release reader is the same parser, pointed at the file by SYSTEMD_OS_RELEASE)',
    async () => {
      const { sb, run, want } = await setup();
      const file = path.join(sb.work, 'gosw.systemd.env');
      writeFileSync(file, await run('systemd'));
      // The condition is unit-file syntax: % doubled (specifiers), then one double-quoted word in
      // which a backslash escapes the next character.
      const cond = (k: string, v: string) => `ConditionOSRelease="${`${k}=${v}`.replace(/%/g, '%%').replace(/[\\"]/g, '\\$&')}"`;
      for (const [k, v] of Object.entries(want)) {
        const ok = spawnSync('systemd-analyze', ['condition', cond(k, v)], {
          env: { PATH: '/usr/bin:/bin', SYSTEMD_OS_RELEASE: file },
          encoding: 'utf8',
        });
        expect(ok.status, `${k}: ${ok.stdout}${ok.stderr}`).toBe(0);
        // and the check can fail: one character off is refused
        const off = spawnSync('systemd-analyze', ['condition', cond(k, `${v}x`)], {
          env: { PATH: '/usr/bin:/bin', SYSTEMD_OS_RELEASE: file },
          encoding: 'utf8',
        });
        expect(off.status, `${k} (off by one)`).not.toBe(0);
      }
    },
  );
});
