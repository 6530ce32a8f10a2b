/**
 * install.sh, run for real against a temporary HOME (and XDG dirs, and TMPDIR) inside a sandbox
 * directory. Every test lists the whole sandbox afterwards, so a file written anywhere else under
 * it (or left over as a temp file) fails the test; the real HOME is never looked at.
 *
 * The layout: <dir>/gosw (default ~/.local/bin/gosw) is the launcher made from shell/launcher.sh;
 * the real gosw is $XDG_DATA_HOME/gosw-cli/gosw (the standalone binary, or with --js a /bin/sh
 * wrapper running gosw-cli/gosw.cjs), next to init.bash / init.zsh, which the launcher serves for
 * `gosw env`. test/e2e/launcher.test.ts tests the launcher itself.
 *
 * The installs use --no-build with the dist/ built by CI (`npm run build`) and by
 * scripts/build-binary.mjs (run here with --if-stale, under the same lock binary.test.ts uses, so
 * the binary is built once per run). The build step itself (npm ci only without node_modules, then
 * npm run build / build:binary) is tested on a copy of install.sh in a fake clone, with a stub npm.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { userEnv } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const SCRIPT = path.join(ROOT, 'install.sh');
const BIN = path.join(ROOT, 'dist', 'gosw');
const BUNDLE = path.join(ROOT, 'dist', 'gosw.cjs');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const LAUNCHER_SRC = path.join(ROOT, 'shell', 'launcher.sh');
const MARKER = '# added by gosw install.sh';
const WRAPPER_MARKER = '# gosw wrapper written by install.sh';
/** What install.sh puts in gosw-cli/ (relative to HOME, with XDG_DATA_HOME=$HOME/xdg/data). */
const CLI_DIR_JS = [
  'xdg/',
  'xdg/data/',
  'xdg/data/gosw-cli/',
  'xdg/data/gosw-cli/fast.bash',
  'xdg/data/gosw-cli/gosw',
  'xdg/data/gosw-cli/gosw.cjs',
  'xdg/data/gosw-cli/init.bash',
  'xdg/data/gosw-cli/init.zsh',
  // completion files, found lazily by bash-completion and by zsh through fpath (completion-install.test.ts)
  'xdg/data/bash-completion/',
  'xdg/data/bash-completion/completions/',
  'xdg/data/bash-completion/completions/gosw',
  'xdg/data/gosw-cli/zsh/',
  'xdg/data/gosw-cli/zsh/_gosw',
];
const CLI_DIR_BIN = CLI_DIR_JS.filter((p) => !p.endsWith('.cjs'));
const LAUNCHER_IN_BIN = ['.local/', '.local/bin/', '.local/bin/gosw'];

/** install.sh's shell_quote: the word as is when it has only safe characters, else single-quoted. */
function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./+:@%-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}

/** The launcher install.sh writes: shell/launcher.sh with its placeholders filled. */
/** The bash install.sh runs in ($BASH: `#!/usr/bin/env bash` under this PATH), which the launcher's fast path uses. */
function bashOf(env: Record<string, string>): string {
  return spawnSync('/usr/bin/env', ['bash', '-c', 'printf %s "$BASH"'], { env, encoding: 'utf8' }).stdout;
}

function expectedLauncher(cliDir: string, target: string, env: Record<string, string>, version = `gosw ${VERSION}`): string {
  const text = readFileSync(LAUNCHER_SRC, 'utf8')
    .replaceAll('@GOSW_LIB@', () => shellQuote(cliDir)) // (functions: no $-patterns in the values)
    .replaceAll('@GOSW_SELF@', () => shellQuote(target))
    .replaceAll('@GOSW_EXEC@', () => shellQuote(path.join(cliDir, 'gosw')))
    .replaceAll('@GOSW_VERSION@', () => shellQuote(version))
    .replaceAll('@GOSW_BASH@', () => shellQuote(bashOf(env)));
  return `${text.replace(/\n+$/, '')}\n`;
}

beforeAll(() => {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-binary.mjs'), '--if-stale'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 170_000,
  });
  if (r.status !== 0) throw new Error(`build-binary.mjs --if-stale failed:\n${r.stdout}\n${r.stderr}`);
}, 180_000);

interface Sandbox {
  root: string;
  home: string;
  /** The default install dir, $HOME/.local/bin. */
  bin: string;
  /** $XDG_DATA_HOME (not created in advance). */
  data: string;
  /** $XDG_DATA_HOME/gosw-cli: the real gosw and the init scripts. */
  cli: string;
  tmp: string;
  env: Record<string, string>;
}

/** A sandbox removed when the test finishes (GOSW_TEST_KEEP=1 keeps it). */
function sandbox(): Sandbox {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'gosw-install-sh-')));
  onTestFinished(() => {
    if (process.env.GOSW_TEST_KEEP === '1') console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  });
  const home = path.join(root, 'home');
  const tmp = path.join(root, 'tmp');
  mkdirSync(home);
  mkdirSync(tmp);
  const data = path.join(home, 'xdg', 'data');
  return {
    root,
    home,
    bin: path.join(home, '.local', 'bin'),
    data,
    cli: path.join(data, 'gosw-cli'),
    tmp,
    env: userEnv({ home, data, tmp }),
  };
}

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function install(sb: Sandbox, args: string[], extraEnv: Record<string, string> = {}, script = SCRIPT): Run {
  const r = spawnSync(script, args, { cwd: sb.root, env: { ...sb.env, ...extraEnv }, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Run): Run {
  expect(r.status, `install.sh failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
}

/** Every entry under dir, relative, sorted; directories end in '/', symlinks in '@'. */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) out.push(`${p}@`);
      else if (e.isDirectory()) {
        out.push(`${p}/`);
        walk(p);
      } else out.push(p);
    }
  };
  walk('');
  return out.sort();
}

/** The sandbox's listing, HOME's entries relative to the sandbox root. */
const everything = (sb: Sandbox) => listing(sb.root);
const inHome = (...rel: string[]) => ['home/', 'tmp/', ...rel.map((r) => `home/${r}`)].sort();

function runEmptyEnv(file: string, args: string[]) {
  return spawnSync(file, args, { env: {}, cwd: '/', encoding: 'utf8', timeout: 30_000 });
}

describe('install.sh: options', () => {
  it('--help prints the options and exits 0, touching nothing', () => {
    const sb = sandbox();
    const r = ok(install(sb, ['--help']));
    for (const opt of ['--dir', '--js', '--no-build', '--modify-rc', '--uninstall', '--demo']) expect(r.stdout).toContain(opt);
    expect(r.stdout).toContain('eval "$(gosw env)"');
    expect(everything(sb)).toEqual(inHome());
  });

  it('refuses an unknown option with exit 2', () => {
    const sb = sandbox();
    const r = install(sb, ['--frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown option '--frobnicate'");
    expect(install(sb, ['--dir']).status).toBe(2);
    expect(everything(sb)).toEqual(inHome());
  });

  it.runIf(process.getuid?.() === 0)('refuses to run under sudo (it installs for the current user)', () => {
    const sb = sandbox();
    const r = install(sb, ['--no-build'], { SUDO_USER: 'alice' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('do not run install.sh with sudo');
    expect(everything(sb)).toEqual(inHome());
  });

  it('is shellcheck-clean', (ctx) => {
    const which = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' });
    if (which.error) ctx.skip('shellcheck is not installed (apt-get install shellcheck)');
    const r = spawnSync('shellcheck', [SCRIPT], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('install.sh: install', () => {
  it('installs the launcher in ~/.local/bin and the standalone binary in gosw-cli by default, touching no rc file', () => {
    const sb = sandbox();
    const bashrc = path.join(sb.home, '.bashrc');
    writeFileSync(bashrc, 'export EDITOR=vi\n');
    const before = statSync(bashrc);

    const r = ok(install(sb, ['--no-build']));
    const target = path.join(sb.bin, 'gosw');
    const real = path.join(sb.cli, 'gosw');
    expect(r.stdout).toContain(`installed gosw ${VERSION} at ${target} (runs ${real})`);
    // not on PATH: a warning, and the hook line with the full path (of the launcher)
    expect(r.stderr).toContain(`${sb.bin} is not on your PATH`);
    expect(r.stdout).toContain(`eval "$(${target} env)"`);

    // <dir>/gosw: the launcher, shell/launcher.sh with its placeholders filled
    const st = statSync(target);
    expect(st.mode & 0o777).toBe(0o755);
    expect(st.size).toBeLessThan(4096);
    expect(readFileSync(target, 'utf8')).toBe(expectedLauncher(sb.cli, target, sb.env));
    // the real gosw: the standalone binary itself
    const rst = statSync(real);
    expect(rst.mode & 0o777).toBe(0o755);
    expect(rst.size).toBe(statSync(BIN).size);
    // the init scripts: what the real gosw prints for `env`, calling back the launcher
    for (const sh of ['bash', 'zsh']) {
      const init = path.join(sb.cli, `init.${sh}`);
      expect(statSync(init).mode & 0o777).toBe(0o644);
      const fromReal = spawnSync(real, ['env', '--shell', sh], { env: { GOSW_LAUNCHER: target }, encoding: 'utf8' });
      expect(fromReal.status, fromReal.stderr).toBe(0);
      expect(readFileSync(init, 'utf8')).toBe(fromReal.stdout);
      expect(fromReal.stdout).toContain(target);
      // served by the launcher with an empty environment too
      expect(runEmptyEnv(target, ['env', '--shell', sh]).stdout).toBe(fromReal.stdout);
    }
    const v = runEmptyEnv(target, ['--version']); // no node reachable
    expect(v.stdout).toBe(`gosw ${VERSION}\n`);
    expect(v.status).toBe(0);

    // rc files: the existing one untouched, none created
    expect(readFileSync(bashrc, 'utf8')).toBe('export EDITOR=vi\n');
    expect(statSync(bashrc).mtimeMs).toBe(before.mtimeMs);
    expect(everything(sb)).toEqual(inHome('.bashrc', ...LAUNCHER_IN_BIN, ...CLI_DIR_BIN));
  });

  it('--js installs the bundle and a wrapper under $XDG_DATA_HOME; plain `gosw` in the line when the dir is on PATH', () => {
    const sb = sandbox();
    const dir = path.join(sb.home, 'tools', 'bin');
    const r = ok(install(sb, ['--no-build', '--js'], { GOSW_INSTALL_DIR: dir, PATH: `${dir}:${sb.env.PATH}` }));
    const target = path.join(dir, 'gosw');
    const lib = path.join(sb.cli, 'gosw.cjs');
    const real = path.join(sb.cli, 'gosw');
    expect(r.stdout).toContain(`installed gosw ${VERSION} at ${target} (runs ${lib})`);
    expect(r.stderr).not.toContain('not on your PATH');
    expect(r.stdout).toMatch(/^ {2}eval "\$\(gosw env\)"$/m);

    expect(readFileSync(lib).equals(readFileSync(BUNDLE))).toBe(true); // (toEqual on 1 MB buffers is slow)
    expect(statSync(lib).mode & 0o777).toBe(0o644);
    // the launcher in --dir
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(readFileSync(target, 'utf8')).toMatch(/^#!\/bin\/sh\n/);
    expect(readFileSync(target, 'utf8')).toBe(expectedLauncher(sb.cli, target, sb.env));
    // the real gosw: the wrapper, which pins the node it was installed with
    expect(statSync(real).mode & 0o777).toBe(0o755);
    const wrapper = readFileSync(real, 'utf8');
    expect(wrapper).toMatch(/^#!\/bin\/sh\n/);
    expect(wrapper).toContain(WRAPPER_MARKER);
    expect(wrapper).toContain(`lib=${shellQuote(lib)}\n`);
    expect(wrapper).toContain(`node=${shellQuote(process.execPath)}\n`);
    // ... so both work with an empty environment
    expect(runEmptyEnv(real, ['--version']).stdout).toBe(`gosw ${VERSION}\n`);
    const v = runEmptyEnv(target, ['--version']);
    expect(v.stdout).toBe(`gosw ${VERSION}\n`);
    const help = spawnSync(target, ['--help'], { env: sb.env, encoding: 'utf8' });
    expect(help.stdout).toContain('Usage: gosw');
    for (const sh of ['bash', 'zsh']) {
      const fromBundle = spawnSync(process.execPath, [BUNDLE, 'env', '--shell', sh], { env: { GOSW_LAUNCHER: target }, encoding: 'utf8' });
      expect(readFileSync(path.join(sb.cli, `init.${sh}`), 'utf8')).toBe(fromBundle.stdout);
    }

    expect(everything(sb)).toEqual(inHome('tools/', 'tools/bin/', 'tools/bin/gosw', ...CLI_DIR_JS));
  });

  it('re-running is idempotent; switching --js -> binary removes the bundle, and back', () => {
    const sb = sandbox();
    const target = path.join(sb.bin, 'gosw');
    const real = path.join(sb.cli, 'gosw');
    const texts = () =>
      Object.fromEntries(
        ['launcher', 'init.bash', 'init.zsh'].map((f) => [f, readFileSync(f === 'launcher' ? target : path.join(sb.cli, f), 'utf8')]),
      );
    ok(install(sb, ['--no-build', '--js']));
    const first = everything(sb);
    expect(first).toEqual(inHome(...LAUNCHER_IN_BIN, ...CLI_DIR_JS));
    const wrapper = readFileSync(real, 'utf8');
    const installed = texts();
    ok(install(sb, ['--no-build', '--js']));
    expect(everything(sb)).toEqual(first);
    expect(readFileSync(real, 'utf8')).toBe(wrapper);
    expect(texts()).toEqual(installed);

    // --js -> binary: the binary replaces the wrapper, the bundle goes; the launcher and the init
    // scripts are the same bytes (both are made by the same gosw)
    ok(install(sb, ['--no-build']));
    expect(everything(sb)).toEqual(inHome(...LAUNCHER_IN_BIN, ...CLI_DIR_BIN));
    expect(statSync(real).size).toBe(statSync(BIN).size);
    expect(statSync(target).size).toBeLessThan(4096);
    expect(texts()).toEqual(installed);
    expect(runEmptyEnv(target, ['--version']).stdout).toBe(`gosw ${VERSION}\n`);
    ok(install(sb, ['--no-build']));
    expect(everything(sb)).toEqual(inHome(...LAUNCHER_IN_BIN, ...CLI_DIR_BIN));

    // and back: the wrapper replaces the binary
    ok(install(sb, ['--no-build', '--js']));
    expect(everything(sb)).toEqual(first);
    expect(readFileSync(real, 'utf8')).toBe(wrapper);
    expect(texts()).toEqual(installed);
  });

  it('--dir with a relative path with a space, quotes and a $: the printed line is valid shell', () => {
    const sb = sandbox();
    const rel = `home/it's "my" $bin`;
    const r = ok(install(sb, ['--no-build', '--js', '--dir', rel])); // relative to cwd (the sandbox root)
    const target = path.join(sb.root, rel, 'gosw');
    expect(r.stdout).toContain(`at ${target}`);
    const line = r.stdout
      .split('\n')
      .find((l) => l.includes(' env)"'))!
      .trim();
    expect(line).toBe(`eval "$('${target.replaceAll("'", "'\\''")}' env)"`);
    // the same line with `env` swapped for `--version`, evaluated by bash and by zsh
    const probe = line.replace(/^eval /, 'printf "%s\\n" ').replace(' env)"', ' --version)"');
    for (const sh of ['bash', 'zsh']) {
      const p = spawnSync(sh, ['-c', probe], { env: sb.env, encoding: 'utf8' });
      if (p.error) continue; // zsh not installed
      expect(p.stdout, `${sh}: ${p.stderr}`).toBe(`gosw ${VERSION}\n`);
      // and the line itself: the launcher serves the init, which calls the launcher back
      const e = spawnSync(sh, ['-c', `${line}\nprintf '%s\\n' "$__gosw_bin"; typeset -f _gosw_hook >/dev/null && echo hooked`], {
        env: sb.env,
        cwd: sb.home,
        encoding: 'utf8',
      });
      expect(e.stdout, `${sh}: ${e.stderr}`).toBe(`${target}\nhooked\n`);
    }
    expect(readFileSync(target, 'utf8')).toBe(expectedLauncher(sb.cli, target, sb.env));
  });

  it('builds with npm (npm ci only without node_modules), then installs what it built', () => {
    const sb = sandbox();
    // a fake clone: install.sh, shell/launcher.sh and the fast path alone, and a stub npm that "builds" tiny
    // stand-ins for dist/gosw and dist/gosw.cjs (each answers --version and `env --shell SH`)
    const clone = path.join(sb.root, 'clone');
    mkdirSync(path.join(clone, 'shell'), { recursive: true });
    copyFileSync(SCRIPT, path.join(clone, 'install.sh'));
    chmodSync(path.join(clone, 'install.sh'), 0o755);
    copyFileSync(LAUNCHER_SRC, path.join(clone, 'shell', 'launcher.sh'));
    mkdirSync(path.join(clone, 'generated', 'launcher'), { recursive: true });
    copyFileSync(path.join(ROOT, 'generated', 'launcher', 'fast.bash'), path.join(clone, 'generated', 'launcher', 'fast.bash'));
    const stubDir = path.join(sb.root, 'stub');
    mkdirSync(stubDir);
    writeFileSync(
      path.join(stubDir, 'gosw.bin'),
      `#!/bin/sh
case "$1" in
  --version) echo "gosw 9.9.9-stub" ;;
  env) printf '# stub init: %s, calls back %s\\n' "$3" "$GOSW_LAUNCHER" ;;
  completion) printf '# stub %s completion for gosw, printed by \`gosw completion %s\`\\n' "$2" "$2" ;;
  *) echo "stub gosw: $*" >&2; exit 2 ;;
esac
`,
    );
    writeFileSync(
      path.join(stubDir, 'gosw.cjs'),
      `const a = process.argv.slice(2);
if (a[0] === '--version') console.log('gosw 9.9.9-js');
else if (a[0] === 'env') console.log(\`# js stub init: \${a[2]}, calls back \${process.env.GOSW_LAUNCHER}\`);
else if (a[0] === 'completion') console.log(\`# js stub completion for gosw, printed by \\\`gosw completion \${a[1]}\\\`\`);
else { console.error('stub gosw.cjs: ' + a.join(' ')); process.exit(2); }
`,
    );
    const log = path.join(sb.root, 'npm.log');
    writeFileSync(
      path.join(stubDir, 'npm'),
      `#!/bin/sh
printf '%s | %s\\n' "$(pwd -P)" "$*" >> '${log}'
case "$*" in
  ci\\ *) mkdir node_modules ;;
  *build:binary) mkdir -p dist && cp '${stubDir}/gosw.bin' dist/gosw && chmod +x dist/gosw ;;
  *build) mkdir -p dist && cp '${stubDir}/gosw.cjs' dist/gosw.cjs ;;
esac
`,
    );
    chmodSync(path.join(stubDir, 'npm'), 0o755);
    const env = { PATH: `${stubDir}:${sb.env.PATH}` };
    const script = path.join(clone, 'install.sh');
    const target = path.join(sb.bin, 'gosw');
    const real = path.join(sb.cli, 'gosw');

    let r = ok(install(sb, [], env, script));
    expect(r.stdout).toContain(`installed gosw 9.9.9-stub at ${target} (runs ${real})`);
    expect(readFileSync(log, 'utf8')).toBe(`${clone} | ci --include=dev --no-audit --no-fund\n${clone} | run --silent build:binary\n`);
    expect(readFileSync(real).equals(readFileSync(path.join(clone, 'dist', 'gosw')))).toBe(true);
    expect(readFileSync(path.join(sb.cli, 'init.bash'), 'utf8')).toBe(`# stub init: bash, calls back ${target}\n`);
    expect(readFileSync(path.join(sb.cli, 'init.zsh'), 'utf8')).toBe(`# stub init: zsh, calls back ${target}\n`);
    expect(runEmptyEnv(target, ['env', '--shell', 'zsh']).stdout).toBe(`# stub init: zsh, calls back ${target}\n`);
    expect(listing(sb.home)).toEqual([...LAUNCHER_IN_BIN, ...CLI_DIR_BIN].sort());

    rmSync(log);
    r = ok(install(sb, ['--js'], env, script));
    expect(r.stdout).toContain(`installed gosw 9.9.9-js at ${target} (runs ${path.join(sb.cli, 'gosw.cjs')})`);
    expect(readFileSync(log, 'utf8')).toBe(`${clone} | run --silent build\n`); // node_modules exists now: no npm ci
    expect(readFileSync(path.join(sb.cli, 'init.bash'), 'utf8')).toBe(`# js stub init: bash, calls back ${target}\n`);
    expect(readFileSync(real, 'utf8')).toContain(WRAPPER_MARKER);
    expect(listing(sb.home)).toEqual([...LAUNCHER_IN_BIN, ...CLI_DIR_JS].sort());
    expect(listing(sb.tmp)).toEqual([]);
    expect(listing(clone)).toEqual([
      'dist/',
      'dist/gosw',
      'dist/gosw.cjs',
      'generated/',
      'generated/launcher/',
      'generated/launcher/fast.bash',
      'install.sh',
      'node_modules/',
      'shell/',
      'shell/launcher.sh',
    ]);
  });
});

describe('install.sh: --modify-rc and --uninstall', () => {
  const BASHRC = '# my bashrc\nexport EDITOR=vi\nalias ll="ls -l"\n';
  const ZSHRC = '# my zshrc\nsetopt autocd'; // no final newline

  it('appends the marked line once to existing ~/.bashrc and ~/.zshrc, keeps their content, and --uninstall restores them', () => {
    const sb = sandbox();
    const bashrc = path.join(sb.home, '.bashrc');
    const zshrc = path.join(sb.home, '.zshrc');
    writeFileSync(bashrc, BASHRC);
    writeFileSync(zshrc, ZSHRC);
    chmodSync(bashrc, 0o600);

    const r = ok(install(sb, ['--no-build', '--js', '--modify-rc']));
    const line = `eval "$(${path.join(sb.bin, 'gosw')} env)"`;
    expect(r.stdout).toContain(`${bashrc}: added the gosw line`);
    expect(r.stdout).toContain(`${zshrc}: added the gosw line`);
    expect(readFileSync(bashrc, 'utf8')).toBe(`${BASHRC}${MARKER}\n${line}\n`);
    expect(readFileSync(zshrc, 'utf8')).toBe(`${ZSHRC}\n${MARKER}\n${line}\n`);
    expect(statSync(bashrc).mode & 0o777).toBe(0o600);
    const installed = everything(sb);

    // again: nothing duplicated, nothing else changed
    const again = ok(install(sb, ['--no-build', '--js', '--modify-rc']));
    expect(again.stdout).toContain(`${bashrc}: already has the gosw line`);
    expect(readFileSync(bashrc, 'utf8')).toBe(`${BASHRC}${MARKER}\n${line}\n`);
    expect(readFileSync(zshrc, 'utf8')).toBe(`${ZSHRC}\n${MARKER}\n${line}\n`);
    expect(everything(sb)).toEqual(installed);

    // now the dir is on PATH: the marked line is replaced (still once) by the short form
    ok(install(sb, ['--no-build', '--js', '--modify-rc'], { PATH: `${sb.bin}:${sb.env.PATH}` }));
    expect(readFileSync(bashrc, 'utf8')).toBe(`${BASHRC}${MARKER}\neval "$(gosw env)"\n`);

    expect(everything(sb)).toEqual(inHome('.bashrc', '.zshrc', ...LAUNCHER_IN_BIN, ...CLI_DIR_JS));

    const u = ok(install(sb, ['--uninstall']));
    expect(u.stdout).toContain(`removed ${path.join(sb.bin, 'gosw')}`);
    expect(u.stdout).toContain(`removed ${sb.cli}`);
    expect(u.stdout).toContain(`removed the gosw line from ${bashrc}`);
    expect(readFileSync(bashrc, 'utf8')).toBe(BASHRC);
    expect(readFileSync(zshrc, 'utf8')).toBe(`${ZSHRC}\n`); // only the newline added before our block stays
    expect(statSync(bashrc).mode & 0o777).toBe(0o600);
    // the launcher, the wrapper, the bundle, the init scripts and gosw-cli/ are gone; the standard
    // directories stay
    expect(everything(sb)).toEqual(inHome('.bashrc', '.zshrc', '.local/', '.local/bin/', 'xdg/', 'xdg/data/'));

    // uninstalling again is harmless
    const u2 = ok(install(sb, ['--uninstall']));
    expect(u2.stdout).toContain('nothing to remove');
    expect(readFileSync(bashrc, 'utf8')).toBe(BASHRC);
  });

  it('with the default binary: --modify-rc, re-run, --uninstall', () => {
    const sb = sandbox();
    const bashrc = path.join(sb.home, '.bashrc');
    writeFileSync(bashrc, BASHRC);
    ok(install(sb, ['--no-build', '--modify-rc']));
    ok(install(sb, ['--no-build', '--modify-rc']));
    const text = readFileSync(bashrc, 'utf8');
    expect(text.split(MARKER).length - 1).toBe(1);
    expect(text.startsWith(BASHRC)).toBe(true);
    expect(runEmptyEnv(path.join(sb.bin, 'gosw'), ['--version']).stdout).toBe(`gosw ${VERSION}\n`);
    expect(statSync(path.join(sb.cli, 'gosw')).size).toBe(statSync(BIN).size);
    // no ~/.zshrc existed: none is created (the user's shell is bash)
    expect(everything(sb)).toEqual(inHome('.bashrc', ...LAUNCHER_IN_BIN, ...CLI_DIR_BIN));

    const u = ok(install(sb, ['--uninstall']));
    expect(u.stdout).toContain(`removed ${path.join(sb.bin, 'gosw')}`);
    expect(u.stdout).toContain(`removed ${sb.cli}`);
    expect(readFileSync(bashrc, 'utf8')).toBe(BASHRC);
    expect(everything(sb)).toEqual(inHome('.bashrc', '.local/', '.local/bin/', 'xdg/', 'xdg/data/'));
  });

  it('--uninstall removes only its own files from gosw-cli/ (the directory stays if something else is in it)', () => {
    const sb = sandbox();
    ok(install(sb, ['--no-build', '--js']));
    const mine = path.join(sb.cli, 'notes.txt');
    writeFileSync(mine, 'keep me\n');
    ok(install(sb, ['--uninstall']));
    expect(readFileSync(mine, 'utf8')).toBe('keep me\n');
    expect(everything(sb)).toEqual(
      inHome('.local/', '.local/bin/', 'xdg/', 'xdg/data/', 'xdg/data/gosw-cli/', 'xdg/data/gosw-cli/notes.txt'),
    );
  });

  it('--uninstall with --dir removes the launcher there (found by its marker, even with the real gosw gone)', () => {
    const sb = sandbox();
    const dir = path.join(sb.home, 'tools');
    ok(install(sb, ['--no-build', '--js', '--dir', dir]));
    rmSync(path.join(sb.cli, 'gosw')); // the launcher no longer runs: it must be recognised by its text
    const u = ok(install(sb, ['--uninstall', '--dir', dir]));
    expect(u.stdout).toContain(`removed ${path.join(dir, 'gosw')}`);
    expect(u.stderr).not.toContain('does not look like gosw');
    expect(everything(sb)).toEqual(inHome('tools/', 'xdg/', 'xdg/data/'));
  });

  it('with no rc file, creates only the one of $SHELL (ZDOTDIR honoured)', () => {
    const sb = sandbox();
    const zdot = path.join(sb.home, 'zdot');
    mkdirSync(zdot);
    ok(install(sb, ['--no-build', '--js', '--modify-rc'], { SHELL: '/usr/bin/zsh', ZDOTDIR: zdot }));
    expect(readFileSync(path.join(zdot, '.zshrc'), 'utf8')).toBe(`${MARKER}\neval "$(${path.join(sb.bin, 'gosw')} env)"\n`);
    expect(existsSync(path.join(sb.home, '.bashrc'))).toBe(false);
    expect(existsSync(path.join(sb.home, '.zshrc'))).toBe(false);

    ok(install(sb, ['--uninstall'], { ZDOTDIR: zdot }));
    expect(readFileSync(path.join(zdot, '.zshrc'), 'utf8')).toBe('');
    expect(everything(sb)).toEqual(inHome('zdot/', 'zdot/.zshrc', '.local/', '.local/bin/', 'xdg/', 'xdg/data/'));
  });

  it('with no rc file and another shell: prints the line, creates nothing', () => {
    const sb = sandbox();
    const r = ok(install(sb, ['--no-build', '--js', '--modify-rc'], { SHELL: '/usr/bin/fish' }));
    expect(r.stderr).toContain('no ~/.bashrc or ~/.zshrc found');
    expect(r.stdout).toContain(`eval "$(${path.join(sb.bin, 'gosw')} env)"`);
    expect(existsSync(path.join(sb.home, '.bashrc'))).toBe(false);
    expect(existsSync(path.join(sb.home, '.zshrc'))).toBe(false);
    expect(everything(sb)).toEqual(inHome(...LAUNCHER_IN_BIN, ...CLI_DIR_JS));
  });

  it('edits a symlinked ~/.bashrc in place (the link stays a link)', () => {
    const sb = sandbox();
    const real = path.join(sb.home, 'dotfiles', 'bashrc');
    mkdirSync(path.dirname(real));
    writeFileSync(real, BASHRC);
    symlinkSync('dotfiles/bashrc', path.join(sb.home, '.bashrc'));
    ok(install(sb, ['--no-build', '--js', '--modify-rc']));
    expect(lstatSync(path.join(sb.home, '.bashrc')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toContain(MARKER);
    ok(install(sb, ['--uninstall']));
    expect(lstatSync(path.join(sb.home, '.bashrc')).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe(BASHRC);
    expect(listing(sb.home).filter((p) => p.includes('gosw-tmp'))).toEqual([]);
  });

  it('--uninstall leaves alone a gosw it did not install', () => {
    const sb = sandbox();
    mkdirSync(sb.bin, { recursive: true });
    const other = path.join(sb.bin, 'gosw');
    writeFileSync(other, '#!/bin/sh\necho something else\n');
    chmodSync(other, 0o755);
    const r = ok(install(sb, ['--uninstall']));
    expect(r.stderr).toContain('does not look like gosw; left alone');
    expect(readFileSync(other, 'utf8')).toBe('#!/bin/sh\necho something else\n');
    expect(everything(sb)).toEqual(inHome('.local/', '.local/bin/', '.local/bin/gosw'));
  });
});
