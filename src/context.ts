import { statSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { resolveDirs } from './store/dirs.js';
import { Store } from './store/store.js';

/** What a command may touch of the outside world; tests and main.ts build it. */
export interface Context {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** stderr is a terminal: progress bars and colour are allowed. */
  readonly interactive: boolean;
  /** Absolute path of the running gosw (the SEA binary, or node + the bundled script). */
  readonly self: { execPath: string; script?: string };
  /** The store the environment names (built on first use: most commands need it, some never). */
  readonly store: Store;
  out(line: string): void;
  err(line: string): void;
  /**
   * Registers cleanup to run if gosw is interrupted (SIGINT/SIGTERM) before it finishes, then exit
   * 130; returns the function that unregisters it. Signals are only caught while a cleanup is
   * registered, so a command that forwards them (exec) is not disturbed.
   */
  onInterrupt(cleanup: () => void | Promise<void>): () => void;
}

export function processContext(): Context {
  const isSea = !process.argv[1] || process.argv[1] === process.execPath;
  let store: Store | undefined;
  return {
    get store() {
      store ??= new Store(resolveDirs(process.env));
      return store;
    },
    onInterrupt,
    env: process.env,
    cwd: logicalCwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stderr.isTTY),
    self: { execPath: process.execPath, script: isSea ? undefined : process.argv[1] },
    out: (line) => void process.stdout.write(line + '\n'),
    err: (line) => void process.stderr.write(line + '\n'),
  };
}

/**
 * The directory as the shell names it: $PWD keeps the symlinks the user cd'd through, and the
 * hook walks up that path, so gosw current must too. process.cwd() is the resolved path.
 */
function logicalCwd(): string {
  const real = process.cwd();
  const pwd = process.env.PWD;
  if (!pwd || !path.isAbsolute(pwd) || pwd === real) return real;
  try {
    const a = statSync(pwd);
    const b = statSync(real);
    return a.dev === b.dev && a.ino === b.ino ? pwd : real;
  } catch {
    return real;
  }
}

const cleanups = new Set<() => void | Promise<void>>();
let stopping = false;

function onSignal(): void {
  if (stopping) return; // a second Ctrl-C while cleaning up: the cleanup is already running
  stopping = true;
  // Best effort, each on its own: we are exiting anyway.
  const runs = [...cleanups].map(async (c) => c());
  void Promise.allSettled(runs).then(() => process.exit(130));
}

function onInterrupt(cleanup: () => void | Promise<void>): () => void {
  if (cleanups.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  cleanups.add(cleanup);
  return () => {
    if (!cleanups.delete(cleanup) || cleanups.size > 0) return;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
