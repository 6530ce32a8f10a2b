import envPaths from 'env-paths';
import path from 'node:path';

/** Where gosw keeps things. The only module that knows about env-paths. */
export interface Dirs {
  /** Store root: versions/, tmp/, locks/, store.json. */
  home: string;
  /** Release index cache. */
  cache: string;
}

export function resolveDirs(env: NodeJS.ProcessEnv): Dirs {
  const override = env.GOSW_HOME;
  if (override) {
    const home = path.resolve(override);
    return { home, cache: path.join(home, 'cache') };
  }
  const p = envPaths('gosw', { suffix: '' });
  return { home: p.data, cache: p.cache };
}
