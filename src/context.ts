import { statSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { colorEnabled } from './cli/color.js';
import { resolveDirs } from './store/dirs.js';
import { Store } from './store/store.js';

/** What a command may touch of the outside world; tests and main.ts build it. */
export interface Context {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** stderr is a terminal: progress bars are allowed. */
  readonly interactive: boolean;
  /** Whether each stream may carry colour (src/cli/color.ts: its own tty, NO_COLOR, FORCE_COLOR). */
  readonly color: { readonly out: boolean; readonly err: boolean };
  /** Absolute path of the running gosw (the SEA binary, or node + the bundled script). */
  readonly self: { execPath: string; script?: string };
  /** The store the environment names (built on first use: most commands need it, some never). */
  readonly store: Store;
  out(line: string): void;
  err(line: string): void;
  /**
   * Registers cleanup to run if gosw is interrupted (SIGINT/SIGTERM) before it finishes; then one
   * line `gosw: interrupted; <notes>` goes to stderr and gosw exits 130. `note` is asked after every
   * cleanup has settled, so it can say what is true by then ("nothing was installed"). Returns the
   * function that unregisters both. Signals are only caught while a cleanup is registered, so a
   * command that forwards them (exec) is not disturbed.
   */
  onInterrupt(cleanup: () => void | Promise<void>, note?: () => string | undefined): () => void;
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
    color: { out: colorEnabled(process.env, Boolean(process.stdout.isTTY)), err: colorEnabled(process.env, Boolean(process.stderr.isTTY)) },
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

const cleanups = new Map<() => void | Promise<void>, (() => string | undefined) | undefined>();
let stopping = false;

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return; // a second Ctrl-C while cleaning up: the cleanup is already running
  stopping = true;
  // Best effort, each on its own: we are exiting anyway.
  const entries = [...cleanups];
  const runs = entries.map(async ([c]) => c());
  void Promise.allSettled(runs).then(() => {
    const notes: string[] = [];
    for (const [, note] of entries) {
      try {
        const n = note?.();
        if (n) notes.push(n);
      } catch {
        // a note is a courtesy; the exit code says the rest
      }
    }
    const what = signal === 'SIGTERM' ? 'terminated' : 'interrupted';
    process.stderr.write(`gosw: ${what}${notes.length ? `; ${notes.join('; ')}` : ''}\n`, () => process.exit(130));
  });
}

function onInterrupt(cleanup: () => void | Promise<void>, note?: () => string | undefined): () => void {
  if (cleanups.size === 0) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  cleanups.set(cleanup, note);
  return () => {
    if (!cleanups.delete(cleanup) || cleanups.size > 0) return;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
