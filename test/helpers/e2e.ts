/** One call per test: a sandbox, a fake go.dev with releases, and CLI runners bound to both. */
import { onTestFinished } from 'vitest';
import { cliEnv, makeSandbox, runCli, spawnCli, type CliProcess, type Env, type RunResult, type Sandbox } from './cli.js';
import { FakeGoServer, type ReleaseOptions } from './server.js';
import { TestProxy } from './proxy.js';

export interface E2E {
  sb: Sandbox;
  server: FakeGoServer;
  /** The child's environment: sandbox + server + extra (undefined deletes a variable). */
  env(extra?: Env): Record<string, string>;
  run(args: readonly string[], extra?: Env, opts?: { cwd?: string; timeoutMs?: number }): Promise<RunResult>;
  spawn(args: readonly string[], extra?: Env, opts?: { cwd?: string; timeoutMs?: number }): CliProcess;
}

/** The releases most tests use: two 1.22 patches, 1.21, a 1.23 prerelease. */
export const DEFAULT_RELEASES = ['go1.23rc1', 'go1.22.5', 'go1.22.4', 'go1.21.13'];

export interface SetupOptions {
  /** Release names to register with default fake toolchains (default DEFAULT_RELEASES). */
  releases?: string[];
  /** Per-release options. */
  releaseOptions?: Record<string, ReleaseOptions>;
}

export async function setupE2E(opts: SetupOptions = {}): Promise<E2E> {
  const sb = makeSandbox();
  const server = await FakeGoServer.start();
  onTestFinished(() => server.close());
  for (const r of opts.releases ?? DEFAULT_RELEASES) server.addRelease(r, opts.releaseOptions?.[r]);
  const env = (extra: Env = {}) => cliEnv(sb, server, extra);
  return {
    sb,
    server,
    env,
    run: (args, extra, o) => runCli(args, { env: env(extra), cwd: o?.cwd ?? sb.work, timeoutMs: o?.timeoutMs }),
    spawn: (args, extra, o) => spawnCli(args, { env: env(extra), cwd: o?.cwd ?? sb.work, timeoutMs: o?.timeoutMs }),
  };
}

/** A proxy closed when the test finishes. */
export async function startProxy(): Promise<TestProxy> {
  const p = await TestProxy.start();
  onTestFinished(() => p.close());
  return p;
}
