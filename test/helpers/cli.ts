/**
 * Runs the built CLI (`node dist/gosw.cjs`) as a child process in a sandbox: a temp HOME, XDG dirs,
 * GOSW_HOME, and GOSW_* URLs pointing at a FakeGoServer. The parent's environment is NOT inherited
 * (only PATH), so no proxy variable leaks in unless a test passes one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { makeTempDir } from './tmp.js';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const CLI_PATH = path.join(REPO_ROOT, 'dist', 'gosw.cjs');

export type Env = Record<string, string | undefined>;

export interface Sandbox {
  root: string;
  /** HOME */
  home: string;
  /** GOSW_HOME: the store root. */
  goswHome: string;
  versionsDir: string;
  tmpDir: string;
  locksDir: string;
  /** The index cache dir ($GOSW_HOME/cache). */
  cacheDir: string;
  /** A scratch directory outside the store (cwd for --file, targets for escape attempts). */
  work: string;
  /** A directory outside the store that hostile archives try to reach. */
  outside: string;
  xdgConfig: string;
  xdgData: string;
  xdgCache: string;
  /** Path under versions/. */
  version(name: string): string;
}

/** A sandbox in a temp dir removed after the test. */
export function makeSandbox(): Sandbox {
  const root = makeTempDir('gosw-e2e-');
  const d = (rel: string) => {
    const p = path.join(root, rel);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const goswHome = path.join(root, 'gosw'); // not created: the CLI creates its store
  return {
    root,
    home: d('home'),
    goswHome,
    versionsDir: path.join(goswHome, 'versions'),
    tmpDir: path.join(goswHome, 'tmp'),
    locksDir: path.join(goswHome, 'locks'),
    cacheDir: path.join(goswHome, 'cache'),
    work: d('work'),
    outside: d('outside'),
    xdgConfig: d('xdg/config'),
    xdgData: d('xdg/data'),
    xdgCache: d('xdg/cache'),
    version: (name: string) => path.join(goswHome, 'versions', name),
  };
}

export interface ServerUrls {
  indexUrl: string;
  downloadUrl: string;
}

/** An environment without the variables set to undefined (how a test unsets one). */
export function definedOnly(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** A sandbox's environment: its HOME, XDG dirs and store; `extra` wins, and undefined deletes a variable. */
export function sandboxEnv(sb: Sandbox, extra: Env = {}): Record<string, string> {
  const env: Env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: sb.home,
    XDG_CONFIG_HOME: sb.xdgConfig,
    XDG_DATA_HOME: sb.xdgData,
    XDG_CACHE_HOME: sb.xdgCache,
    GOSW_HOME: sb.goswHome,
    LANG: 'C.UTF-8',
    ...extra,
  };
  return definedOnly(env);
}

/** sandboxEnv plus a (fake) go.dev: the server's URLs, or a closed port when there is none. */
export function cliEnv(sb: Sandbox, server?: ServerUrls, extra: Env = {}): Record<string, string> {
  return sandboxEnv(sb, {
    GOSW_HTTP_BACKOFF_MS: '50',
    GOSW_HTTP_TIMEOUT: '5',
    ...(server
      ? { GOSW_INDEX_URL: server.indexUrl, GOSW_DOWNLOAD_URL: server.downloadUrl }
      : { GOSW_INDEX_URL: 'http://127.0.0.1:9/index.json', GOSW_DOWNLOAD_URL: 'http://127.0.0.1:9/dl' }),
    ...extra,
  });
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  /** The run was killed by runCli's own timeout. */
  timedOut: boolean;
}

export interface RunOptions {
  env: Record<string, string>;
  cwd?: string;
  /** Kill (SIGKILL) the child after this long. Default 45 s. */
  timeoutMs?: number;
}

export interface CliProcess {
  child: ChildProcess;
  readonly pid: number;
  /** Output so far. */
  stdout(): string;
  stderr(): string;
  /** Settles when the child exits (never rejects). */
  exited: Promise<RunResult>;
  /** Still running? */
  running(): boolean;
  /** kill -9 and wait for the exit. */
  kill9(): Promise<RunResult>;
}

function assertBuilt(): void {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} does not exist: run 'npm run build' first`);
}

/** Starts the CLI; the child is killed when the test finishes if still running. */
export function spawnCli(args: readonly string[], opts: RunOptions): CliProcess {
  assertBuilt();
  const started = Date.now();
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: opts.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  let done = false;
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, opts.timeoutMs ?? 45_000);
  const exited = new Promise<RunResult>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, durationMs: Date.now() - started, timedOut });
    };
    child.on('error', (err) => {
      stderr += `\n[spawn error] ${String(err)}`;
      finish(null, null);
    });
    // 'close' (not 'exit'): the stdio streams are drained too.
    child.on('close', (code, signal) => finish(code, signal));
  });
  try {
    onTestFinished(async () => {
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    });
  } catch {
    /* outside a test */
  }
  return {
    child,
    get pid() {
      return child.pid ?? -1;
    },
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    running: () => !done && child.exitCode === null && child.signalCode === null,
    kill9: async () => {
      if (!done) child.kill('SIGKILL');
      return exited;
    },
  };
}

/** Runs the CLI to completion. */
export function runCli(args: readonly string[], opts: RunOptions): Promise<RunResult> {
  return spawnCli(args, opts).exited;
}

/** Lines of stderr that look like a JS stack trace. */
export function stackLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => /^\s+at\s/.test(l));
}

/** A readable dump of a result for assertion messages. */
export function describeRun(r: RunResult): string {
  return `exit ${r.code}${r.signal ? ` (signal ${r.signal})` : ''}${r.timedOut ? ' [timed out]' : ''} after ${r.durationMs} ms\n--- stdout ---\n${r.stdout}--- stderr ---\n${r.stderr}`;
}

/**
 * The environment of a user running install.sh or the installed gosw: HOME with the XDG dirs under
 * it, a TMPDIR of its own, bash as login shell, node's own dir first on PATH (for --js and the
 * build checks) but never an install dir unless a test adds one. Nothing is inherited.
 */
export function userEnv(u: { home: string; data: string; tmp: string }, extra: Env = {}): Record<string, string> {
  const env: Env = {
    PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: u.home,
    XDG_DATA_HOME: u.data,
    XDG_CONFIG_HOME: path.join(u.home, 'xdg', 'config'),
    XDG_CACHE_HOME: path.join(u.home, 'xdg', 'cache'),
    XDG_STATE_HOME: path.join(u.home, 'xdg', 'state'),
    TMPDIR: u.tmp,
    SHELL: '/bin/bash',
    LANG: 'C.UTF-8',
    ...extra,
  };
  return definedOnly(env);
}
