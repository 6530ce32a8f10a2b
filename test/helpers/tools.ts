/**
 * Tests that need a system tool (strace, shellcheck, zsh…): on a developer's machine a missing
 * tool skips them, saying so; under CI=1 (`.ci/run` installs every tool) it fails instead, so a
 * broken install step can't turn the suite silently green.
 */
import { spawnSync } from 'node:child_process';

const cache = new Map<string, boolean>();

/** Whether `tool` runs (with `args`, default --version). Throws under CI=1 when it doesn't. */
export function haveTool(tool: string, args: string[] = ['--version']): boolean {
  let ok = cache.get(tool);
  if (ok === undefined) {
    ok = spawnSync(tool, args, { stdio: 'ignore' }).status === 0;
    cache.set(tool, ok);
  }
  if (!ok && process.env.CI === '1') throw new Error(`${tool} is missing: CI=1 requires it (.ci/run installs it)`);
  if (!ok) console.warn(`[tests] ${tool} is missing: its tests are skipped`);
  return ok;
}
