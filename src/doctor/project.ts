import os from 'node:os';
import { resolveCurrent } from '../resolve/current.js';
import type { Store } from '../store/store.js';
import { requestText } from '../versions/request.js';
import type { Check } from './checks.js';

/** A path as the user would type it: `~/...` under HOME. */
function shown(p: string, env: NodeJS.ProcessEnv): string {
  const home = env.HOME || os.homedir();
  return home && home !== '/' && p.startsWith(`${home}/`) ? `~${p.slice(home.length)}` : p;
}

/**
 * What this directory asks for (the hook's rules, src/resolve/current.ts) and whether it is
 * installed. A wanted version that is missing is a problem, not a remark: the hook runs another go
 * (or none) there, so doctor names the version, the file that asked and the command that fixes it.
 */
export function projectChecks(env: NodeJS.ProcessEnv, cwd: string, store: Store): Check[] {
  const out: Check[] = [];
  const r = resolveCurrent(env, cwd, store);
  for (const w of r.warnings)
    out.push({
      id: 'version-file',
      level: 'warn',
      message: `${w.where === 'GOSW_VERSION' ? 'GOSW_VERSION' : shown(w.where, env)} holds no valid Go version (${JSON.stringify(w.content)}); it is ignored`,
      hint: 'write a version like 1.22.5 or 1.22 there (gosw local 1.22.5)',
    });
  if (!r.wanted || !r.source) {
    out.push({ id: 'wanted', level: 'ok', message: 'no version file here and no global default: the go on PATH runs' });
    return out;
  }
  const from =
    r.source.kind === 'env'
      ? 'GOSW_VERSION'
      : r.source.kind === 'global'
        ? `the global default (${shown(r.source.where, env)})`
        : shown(r.source.where, env);
  if (r.wanted.kind === 'system') {
    out.push({ id: 'wanted', level: 'ok', message: `${from} asks for the system go: gosw leaves PATH alone here` });
    return out;
  }
  const text = requestText(r.wanted);
  if (r.installed) {
    out.push({ id: 'wanted', level: 'ok', message: `${from} wants Go ${text}: ${r.name} is installed` });
    return out;
  }
  out.push({
    id: 'wanted',
    level: 'fail',
    message: `${from} wants Go ${text}${r.wanted.kind === 'min' ? ' or later' : ''}, which is not installed`,
    hint: `gosw install ${text}`,
  });
  return out;
}
