import path from 'node:path';
import { planGocache, readFacts } from '../cache/gocache.js';
import { resolveCurrent } from '../resolve/current.js';
import type { Store } from '../store/layout.js';

/**
 * The environment the hook would give a shell here, for consumers that are not shells: gosw exec,
 * JSON for tools, a dotenv file, and a systemd EnvironmentFile (user services do not inherit shell exports,
 * and systemd expands no $PATH there, so every value is written out in full).
 */
export function environmentHere(env: NodeJS.ProcessEnv, cwd: string, store: Store, goroot?: string): Record<string, string> {
  const out: Record<string, string> = {};
  const root = goroot ?? resolveCurrent(env, cwd, store).goroot;
  // Drop the entry a loaded hook put there, so exactly one gosw entry leads.
  const entries = (env.PATH ?? '').split(path.delimiter).filter((p) => p !== '' && p !== env._GOSW_PATH_ENTRY);
  if (root) {
    out.GOROOT = root;
    out.PATH = [path.join(root, 'bin'), ...entries].join(path.delimiter);
    if (env.GOSW_GOTOOLCHAIN !== 'keep') out.GOTOOLCHAIN = 'local';
  }
  const plan = planGocache(env, readFacts(env), false, true);
  if (plan.mode === 'scoped' && plan.dir) out.GOCACHE = plan.dir;
  return out;
}

export type ExportFormat = 'json' | 'dotenv' | 'systemd';

/** Double-quoted; dotenv readers also expand $ and backticks, systemd's EnvironmentFile does not. */
function dq(v: string, shellish: boolean): string {
  let q = v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  if (shellish) q = q.replace(/\$/g, '\\$').replace(/`/g, '\\`');
  return `"${q}"`;
}

export function formatEnvironment(vars: Record<string, string>, format: ExportFormat): string {
  if (format === 'json') return JSON.stringify(vars, null, 2) + '\n';
  const lines = Object.entries(vars).map(([k, v]) => `${k}=${dq(v, format === 'dotenv')}`);
  const head = format === 'systemd' ? '# gosw env --format systemd: use as EnvironmentFile= in a systemd user unit\n' : '';
  return head + lines.join('\n') + '\n';
}
