import { readFileSync } from 'node:fs';
import { usageError } from '../errors.js';
import { DEFAULT_GOPROXY, type GoSettings, goEnvFile, goSettings, parseGoEnvFile } from './config.js';

export type SourceName = 'godev' | 'goproxy';

/** The Go settings of this environment: the variables, over the go env file (`go env -w`). */
export function readGoSettings(env: NodeJS.ProcessEnv): GoSettings {
  const file = goEnvFile(env, process.platform);
  let text = '';
  try {
    text = file ? readFileSync(file, 'utf8') : '';
  } catch {
    // no go env file: the variables and the defaults
  }
  return goSettings(env, parseGoEnvFile(text));
}

/**
 * --source, else GOSW_SOURCE, else auto: a Go module proxy when GOPROXY says something other than
 * the default (a team's proxy), else go.dev. Returns the choice and why, said in one line.
 */
export function chooseSource(env: NodeJS.ProcessEnv, settings: GoSettings, given?: string): { source: SourceName; why: string } {
  const raw = given ?? env.GOSW_SOURCE ?? 'auto';
  const from = given !== undefined ? '--source' : env.GOSW_SOURCE !== undefined ? 'GOSW_SOURCE' : undefined;
  if (raw === 'godev' || raw === 'goproxy') return { source: raw, why: `${from}=${raw}` };
  if (raw !== 'auto') throw usageError(`${from ?? '--source'} ${JSON.stringify(raw)} is not godev, goproxy or auto`);
  if (settings.GOPROXY !== DEFAULT_GOPROXY && !/^(direct|off)$/.test(settings.GOPROXY.trim())) {
    return { source: 'goproxy', why: `auto: GOPROXY=${settings.GOPROXY}` };
  }
  return { source: 'godev', why: 'auto: GOPROXY is the default' };
}
