import path from 'node:path';

/**
 * Where gosw keeps things, computed from the environment passed in (never process.env behind the
 * context's back), by the same rules as __gosw_store in shell/gosw.bash and gosw.zsh, so that the
 * hook and the CLI always name the same store.
 */
export interface Dirs {
  /** Store root: versions/, tmp/, locks/, store.json. */
  home: string;
  /** Release index cache. */
  cache: string;
}

/**
 * A root taken from the environment only if it is absolute: the XDG Base Directory spec says
 * relative paths are invalid and must be ignored, and a relative store would put a GOROOT relative
 * to the current directory on PATH (a repository's own `go` would run).
 */
function absolute(env: NodeJS.ProcessEnv, name: string, ignored: string[]): string | undefined {
  const v = env[name];
  if (!v) return undefined;
  if (path.isAbsolute(v)) return v;
  ignored.push(name);
  return undefined;
}

function home(env: NodeJS.ProcessEnv): string {
  // HOME is what the shells use; os.homedir() would read the password database instead.
  return env.HOME || '/';
}

export function resolveDirs(env: NodeJS.ProcessEnv, ignored: string[] = []): Dirs {
  const override = absolute(env, 'GOSW_HOME', ignored);
  if (override) {
    const root = path.resolve(override);
    return { home: root, cache: path.join(root, 'cache') };
  }
  if (process.platform === 'darwin') {
    const lib = path.join(home(env), 'Library');
    return { home: path.join(lib, 'Application Support', 'gosw'), cache: path.join(lib, 'Caches', 'gosw') };
  }
  const data = absolute(env, 'XDG_DATA_HOME', ignored) ?? path.join(home(env), '.local', 'share');
  const cache = absolute(env, 'XDG_CACHE_HOME', ignored) ?? path.join(home(env), '.cache');
  return { home: path.join(data, 'gosw'), cache: path.join(cache, 'gosw') };
}

/**
 * The one-line notices for the relative roots resolveDirs ignores (main.ts prints them once per
 * run; the hook prints the same once per shell).
 */
export function ignoredRootNotices(env: NodeJS.ProcessEnv): string[] {
  const ignored: string[] = [];
  resolveDirs(env, ignored);
  // eslint-disable-next-line no-control-regex
  return ignored.map((name) => `gosw: ignoring ${name}=${String(env[name]).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}: not an absolute path`);
}
