import { statSync } from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';

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
  out(line: string): void;
  err(line: string): void;
}

export function processContext(): Context {
  const isSea = !process.argv[1] || process.argv[1] === process.execPath;
  return {
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
