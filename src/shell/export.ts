import path from 'node:path';
import { planGocache, readFacts } from '../cache/gocache.js';
import { resolveCurrent } from '../resolve/current.js';
import type { Store } from '../store/store.js';

/**
 * The environment the hook would give a shell here, for consumers that are not shells: gosw exec,
 * JSON for tools, a dotenv file, and a systemd EnvironmentFile (user services do not inherit shell exports,
 * and systemd expands no $PATH there, so every value is written out in full).
 */
export function environmentHere(
  env: NodeJS.ProcessEnv,
  cwd: string,
  store: Store,
  goroot?: string,
  notices?: string[],
): Record<string, string> {
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
  // As the hook: gosw's GOCACHE only while a version is active (outside, the shell's own is left).
  if (root && plan.mode === 'scoped' && plan.dir) out.GOCACHE = plan.dir;
  // Why a place was skipped (someone else's /var/tmp dir, a fuse mount...): the hook says it too.
  // That gosw replaces the user's GOCACHE is said only where it does: inside a project.
  notices?.push(...plan.notices.filter((n) => root || n !== plan.replacing));
  return out;
}

export type ExportFormat = 'json' | 'dotenv' | 'systemd';

/**
 * A double-quoted value both readers give back byte for byte: a POSIX shell (`set -a; . file`) and
 * systemd's EnvironmentFile= (src/basic/env-file.c, parse_env_file_internal). In both, inside double
 * quotes a backslash before one of \ " $ ` is dropped and that character kept, and any other
 * character, a newline included, is taken as it is. So those four are escaped and nothing else is:
 * "\n" would come back as a backslash and an n from both, and a backslash before a newline is a
 * line continuation that drops the newline. systemd does not expand `$` or `%` specifiers in the
 * file's content (specifiers apply to the unit file itself), so `%` needs no escape; the shell would
 * expand `$` and run backticks, hence those escapes. Older systemd releases (env_value_is_valid
 * refusing control characters but tab) skip a variable whose value holds a newline; no spelling of
 * a newline gets past that.
 */
function dq(v: string): string {
  return `"${v.replace(/[\\"$`]/g, '\\$&')}"`;
}

export function formatEnvironment(vars: Record<string, string>, format: ExportFormat): string {
  if (format === 'json') return JSON.stringify(vars, null, 2) + '\n';
  const lines = Object.entries(vars).map(([k, v]) => `${k}=${dq(v)}`);
  const head = format === 'systemd' ? '# gosw env --format systemd: use as EnvironmentFile= in a systemd user unit\n' : '';
  return head + lines.join('\n') + '\n';
}
