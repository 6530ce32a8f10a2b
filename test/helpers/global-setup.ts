/**
 * Vitest global setup: renders the prompt hooks (generated/hooks/gosw.bash, gosw.zsh) from
 * shell/hook.sh.in when they differ from it (under CI=1 it only checks: test/e2e/hook-render.test.ts
 * then fails on a stale committed rendering), then (re)builds dist/gosw.cjs when it is missing or
 * older than its sources (the template and the renderer among them), so the e2e tests never run a
 * stale CLI. `npm test` builds first anyway; set GOSW_TEST_NO_BUILD=1 to
 * skip. A failed build is reported but does not abort the run (unit tests still run).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = path.join(root, 'dist', 'gosw.cjs');

function newest(p: string): number {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let m = st.mtimeMs;
  for (const e of readdirSync(p)) m = Math.max(m, newest(path.join(p, e)));
  return m;
}

export default function setup(): void {
  if (process.env.GOSW_TEST_NO_BUILD === '1') return;
  if (process.env.CI !== '1') {
    try {
      execFileSync(process.execPath, [path.join(root, 'scripts', 'render-hooks.mjs')], { cwd: root, stdio: 'pipe', timeout: 30_000 });
    } catch (err) {
      const e = err as { stderr?: Buffer; message: string };
      console.warn(`[global-setup] rendering the shell hooks failed:\n${e.stderr?.toString() ?? e.message}`);
    }
  }
  const sources = Math.max(
    ...['src', 'shell', 'scripts/build.mjs', 'scripts/render-hooks.mjs', 'package.json'].map((p) => newest(path.join(root, p))),
  );
  if (existsSync(out) && statSync(out).mtimeMs >= sources) return;
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'pipe', timeout: 120_000 });
  } catch (err) {
    const e = err as { stderr?: Buffer; message: string };
    console.warn(`[global-setup] build of dist/gosw.cjs failed; CLI tests will fail:\n${e.stderr?.toString() ?? e.message}`);
  }
}
