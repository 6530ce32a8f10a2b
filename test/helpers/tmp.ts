/** Temporary directories removed after the test, and bounded polling. */
import { chmodSync, lstatSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';

/** Removes a tree, making read-only directories writable first if needed (non-root runs). */
export function removeTree(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    return;
  } catch {
    // fall through: make everything writable and retry
  }
  const walk = (p: string) => {
    let st;
    try {
      st = lstatSync(p);
    } catch {
      return;
    }
    if (!st.isDirectory()) return;
    try {
      chmodSync(p, 0o755);
    } catch {
      /* ignore */
    }
    for (const e of readdirSync(p)) walk(path.join(p, e));
  };
  walk(dir);
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * A fresh directory under the OS temp dir (realpath'd, so paths compare equal to what a child
 * process prints). Inside a test it is removed when the test finishes, unless GOSW_TEST_KEEP=1.
 */
export function makeTempDir(prefix = 'gosw-test-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const real = realpath(dir);
  try {
    onTestFinished(() => {
      if (process.env.GOSW_TEST_KEEP === '1') console.log(`kept ${real}`);
      else removeTree(real);
    });
  } catch {
    // Not inside a test (e.g. a beforeAll): the caller removes it.
  }
  return real;
}

/** realpath (resolves /tmp → /private/tmp on macOS). */
function realpath(p: string): string {
  return realpathSync.native(p);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Shown when the deadline passes. */
  message?: string;
}

/** Polls fn until it returns a truthy value (returned) or the deadline passes (throws). */
export async function waitFor<T>(fn: () => T | Promise<T>, opts: WaitOptions = {}): Promise<NonNullable<T>> {
  const timeout = opts.timeoutMs ?? 20_000;
  const interval = opts.intervalMs ?? 10;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`waitFor: ${opts.message ?? 'condition'} not met within ${timeout} ms${why}`);
    }
    await sleep(interval);
  }
}
