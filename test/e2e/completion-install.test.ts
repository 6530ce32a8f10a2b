/**
 * Completion as install.sh installs it: static files found lazily, so a shell start runs none of
 * it. Real interactive bash (with Debian's bash-completion) and zsh (with compinit, before and
 * after gosw's init) on a pty (script(1)), a real TAB after `gosw unin`, and a new shell after
 * `install.sh --uninstall` with the rc lines left behind. A temp HOME; the install is --js
 * --no-build (the bundle the tests' global setup built).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { userEnv } from '../helpers/cli.js';
import { haveTool } from '../helpers/tools.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const SCRIPT = path.join(ROOT, 'install.sh');
/** Debian's bash-completion (.ci/run installs it). */
const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';
const PROMPT = '@P@ ';
/** What no shell start may print: errors of the shell, of compinit or of gosw's code. */
const ERRORS = /command not found|no such file|not found|error|bad |parse|unbound|permission denied|gosw: /i;

interface Home {
  home: string;
  data: string;
  env: Record<string, string>;
  launcher: string;
  bashFile: string;
  zshFile: string;
}

function makeHome(): Home {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'gosw-completion-')));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const home = path.join(root, 'home');
  const tmp = path.join(root, 'tmp');
  mkdirSync(home);
  mkdirSync(tmp);
  const data = path.join(home, 'xdg', 'data');
  return {
    home,
    data,
    env: userEnv({ home, data, tmp }, { TERM: 'dumb', GOSW_HOME: path.join(root, 'store') }),
    launcher: path.join(home, '.local', 'bin', 'gosw'),
    bashFile: path.join(data, 'bash-completion', 'completions', 'gosw'),
    zshFile: path.join(data, 'gosw-cli', 'zsh', '_gosw'),
  };
}

function installSh(h: Home, args: string[]): string {
  const r = spawnSync(SCRIPT, args, { cwd: h.home, env: h.env, encoding: 'utf8', timeout: 120_000 });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** An interactive shell on a pty reading h.home's rc file; each step types text and waits for a pattern. */
async function session(shell: 'bash' | 'zsh', h: Home, steps: Array<{ type: string; until: RegExp }>): Promise<string> {
  const child = spawn('script', ['-qfec', `${shell} -i`, '/dev/null'], { cwd: h.home, env: h.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let waiter: (() => void) | undefined;
  const onData = (d: Buffer) => {
    out += d.toString('utf8').replace(/\r/g, '');
    waiter?.();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  // Generous: the machine is shared; the wait ends as soon as the text is there.
  const waitFor = (re: RegExp, from: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${shell}: no ${re} after 30 s; transcript:\n${out}`)), 30_000);
      const check = () => {
        if (re.test(out.slice(from))) {
          clearTimeout(timer);
          waiter = undefined;
          resolve();
        }
      };
      waiter = check;
      check();
    });
  try {
    await waitFor(new RegExp(PROMPT), 0);
    for (const s of steps) {
      const from = out.length;
      child.stdin.write(s.type);
      await waitFor(s.until, from);
    }
    // ^U: the line typed so far is dropped (no signal, which would race with what comes next)
    child.stdin.write('\x15exit\n');
    child.stdin.end();
    await closed;
  } finally {
    child.kill('SIGKILL');
  }
  // Without the terminal's escape sequences (zsh's bracketed paste, bash's readline).
  return out.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[=>]/g, '');
}

function writeRc(h: Home, shell: 'bash' | 'zsh', lines: string[]): void {
  const file = path.join(h.home, shell === 'bash' ? '.bashrc' : '.zshrc');
  // (zsh: no PROMPT_SP, whose filler line before each prompt is no output of the rc file)
  const prompt = shell === 'bash' ? `PS1='${PROMPT}'` : `PROMPT='${PROMPT}'; unsetopt prompt_sp`;
  writeFileSync(file, `${[...lines, prompt].join('\n')}\n`);
}

const hookLine = (h: Home) => `eval "$(${h.launcher} env)"`;
const compinit = (h: Home) => `autoload -Uz compinit; compinit -u -d ${h.home}/.zcompdump`;
/** The start of a transcript: what the rc files printed before the first prompt. */
const startOutput = (t: string) => t.slice(0, t.indexOf(PROMPT));
/** TAB after `gosw unin` gives `gosw uninstall `. */
const TAB = { type: 'gosw unin\t', until: /gosw uninstall $/m };

describe.skipIf(!haveTool('zsh') || !haveTool('script', ['-V']))('completion installed by install.sh', () => {
  it.skipIf(!existsSync(BASH_COMPLETION))(
    "bash: bash-completion finds gosw's file at the first TAB; nothing of it runs at start",
    { timeout: 120_000 },
    async () => {
      const h = makeHome();
      installSh(h, ['--no-build', '--js']);
      expect(existsSync(h.bashFile)).toBe(true);
      writeRc(h, 'bash', [`source ${BASH_COMPLETION}`, hookLine(h)]);
      const t = await session('bash', h, [
        { type: 'declare -F _gosw_complete >/dev/null || echo "@NOT-@LOADED@"\n', until: /^@NOT-@LOADED@$/m },
        TAB,
      ]);
      expect(startOutput(t)).toBe('');
      expect(t).not.toMatch(ERRORS);
    },
  );

  it.each([
    ['compinit, then gosw', (h: Home) => [compinit(h), hookLine(h)]],
    ['gosw, then compinit', (h: Home) => [hookLine(h), compinit(h)]],
  ])('zsh: %s: TAB completes from _gosw, which is only read then', { timeout: 120_000 }, async (_name, rc) => {
    const h = makeHome();
    installSh(h, ['--no-build', '--js']);
    expect(existsSync(h.zshFile)).toBe(true);
    writeRc(h, 'zsh', rc(h));
    const t = await session('zsh', h, [
      // registered for autoloading, but the file not read yet
      {
        type: 'print -r -- "@$_comps[gosw]@${+functions_source[_gosw]}@$functions[_gosw]@"\n',
        until: /^@_gosw@\d@builtin autoload -XUz?@$/m,
      },
      TAB,
    ]);
    expect(startOutput(t)).toBe('');
    expect(t).not.toMatch(ERRORS);
  });

  it('after --uninstall, new shells start cleanly: rc lines left behind (guarded or not), completion files present or absent', {
    timeout: 180_000,
  }, async () => {
    const h = makeHome();
    installSh(h, ['--no-build', '--js']);
    const bashGuarded = [`source ${BASH_COMPLETION}`, `[ -x ${h.launcher} ] && ${hookLine(h)}`];
    const zshGuarded = [compinit(h), `[ -x ${h.launcher} ] && ${hookLine(h)}`];

    // gosw installed, its completion files removed by hand: nothing is said, TAB falls back to files
    rmSync(h.bashFile);
    rmSync(h.zshFile);
    writeRc(h, 'bash', bashGuarded);
    let t = await session('bash', h, [{ type: 'echo "@A@$GOSW_HOOK_PID@"\n', until: /^@A@\d+@$/m }]);
    expect(startOutput(t)).toBe('');
    writeRc(h, 'zsh', zshGuarded);
    t = await session('zsh', h, [{ type: 'echo "@A@$GOSW_HOOK_PID@${fpath[(I)*gosw-cli*]}@"\n', until: /^@A@\d+@0@$/m }]);
    expect(startOutput(t)).toBe('');

    const out = installSh(h, ['--uninstall']);
    expect(out).toContain('removed');
    expect(existsSync(h.bashFile) || existsSync(h.zshFile) || existsSync(h.launcher)).toBe(false);
    expect(existsSync(path.dirname(h.zshFile)), 'gosw-cli/zsh is gone').toBe(false);

    // gosw gone, the guarded rc lines left behind: not a word, and a TAB after gosw is harmless
    for (const [shell, rc] of [
      ['bash', bashGuarded],
      ['zsh', zshGuarded],
    ] as const) {
      writeRc(h, shell, rc);
      t = await session(shell, h, [
        { type: 'echo "@B@${GOSW_HOOK_PID:-none}@"\n', until: /^@B@none@$/m },
        { type: 'gosw unin\t\x15echo "@C@"\n', until: /^@C@$/m },
      ]);
      expect(startOutput(t), shell).toBe('');
      expect(t, shell).not.toMatch(ERRORS);
    }

    // completion files left behind (an older uninstall, or copied by hand) with gosw gone
    mkdirSync(path.dirname(h.bashFile), { recursive: true });
    writeFileSync(
      h.bashFile,
      spawnSync(process.execPath, [path.join(ROOT, 'dist', 'gosw.cjs'), 'completion', 'bash'], {
        env: { ...h.env, GOSW_LAUNCHER: h.launcher },
        encoding: 'utf8',
      }).stdout,
    );
    writeRc(h, 'bash', bashGuarded);
    t = await session('bash', h, [{ type: 'gosw unin\t\x15echo "@D@"\n', until: /^@D@$/m }]);
    expect(startOutput(t)).toBe('');
    expect(t).not.toMatch(ERRORS);

    // the README's plain line with gosw gone: the shell still starts and works; the one line it
    // prints is the shell's own "command not found" for gosw, nothing from completion or gosw
    writeRc(h, 'bash', [`source ${BASH_COMPLETION}`, hookLine(h)]);
    t = await session('bash', h, [{ type: 'echo "@E@"\n', until: /^@E@$/m }]);
    expect(startOutput(t).trim().split('\n')).toEqual([expect.stringMatching(/gosw: No such file or directory$/)]);
    writeRc(h, 'zsh', [compinit(h), hookLine(h)]);
    t = await session('zsh', h, [{ type: 'echo "@E@"\n', until: /^@E@$/m }]);
    expect(startOutput(t).trim().split('\n')).toEqual([expect.stringMatching(/no such file or directory: .*gosw$/)]);
  });
});
