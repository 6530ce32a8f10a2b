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
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stderr.isTTY),
    self: { execPath: process.execPath, script: isSea ? undefined : process.argv[1] },
    out: (line) => void process.stdout.write(line + '\n'),
    err: (line) => void process.stderr.write(line + '\n'),
  };
}
