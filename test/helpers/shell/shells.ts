/**
 * The init code of the shell integration (`gosw env --shell bash|zsh`, from the built CLI) and a
 * runner for non-interactive shells that source it and call `_gosw_hook` directly.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { SHELLS, type ShellName } from '../../../src/shell/shells.js';

export type { ShellName };
/** The shells the tests run: the product's one shell table. */
export const SHELL_NAMES: readonly ShellName[] = SHELLS;

export const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');
export const CLI = path.join(REPO_ROOT, 'dist', 'gosw.cjs');

function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} does not exist: run 'npm run build' first`);
}

const initCache = new Map<ShellName, string>();

/** What `gosw env --shell <shell>` prints (run once per process). */
export function initText(shell: ShellName): string {
  let text = initCache.get(shell);
  if (text === undefined) {
    assertBuilt();
    text = execFileSync(process.execPath, [CLI, 'env', '--shell', shell], { encoding: 'utf8', timeout: 30_000 });
    initCache.set(shell, text);
  }
  return text;
}

/** Writes the init code into dir and returns its path. */
export function writeInit(dir: string, shell: ShellName): string {
  mkdirSync(dir, { recursive: true });
  const p = path.join(dir, `gosw-init.${shell}`);
  writeFileSync(p, initText(shell));
  return p;
}

/** The shell-quoted form of a string (single quotes), for bash and zsh. */
export function q(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface ShellRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/** argv of a non-interactive shell that reads no startup file and runs `file`. */
export function shellArgv(shell: ShellName, file: string): string[] {
  return shell === 'bash' ? ['bash', '--noprofile', '--norc', file] : ['zsh', '-f', file];
}

/**
 * Runs a script in a fresh non-interactive shell (killed after timeoutMs). The script is written to
 * a file in scriptDir; stdin is /dev/null.
 */
export function runShell(
  shell: ShellName,
  script: string,
  opts: { env: Record<string, string>; cwd: string; scriptDir: string; timeoutMs?: number; name?: string },
): Promise<ShellRun> {
  mkdirSync(opts.scriptDir, { recursive: true });
  const file = path.join(opts.scriptDir, `${opts.name ?? 'script'}-${process.pid}-${Math.random().toString(36).slice(2)}.${shell}`);
  writeFileSync(file, script);
  const [cmd, ...args] = shellArgv(shell, file);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd!, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 15_000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
  });
}

/** Runs async tasks with at most `limit` in flight; results in input order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** Lines printed by the hook's one-time warnings and not-installed notices. */
export function goswLines(text: string): string[] {
  return text
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l.startsWith('gosw: '));
}
