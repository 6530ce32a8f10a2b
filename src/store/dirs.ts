import path from 'node:path';

/**
 * Every location gosw uses, computed from the environment passed in (never process.env behind the
 * context's back), by the same rules as the shell code (`__gosw_store` in shell/hook.sh.in, the
 * candidates in shell/gocache.sh, the stamp dir in shell/memo.sh), so that the hook and the CLI
 * always name the same places: the store, the index cache, the GOCACHE candidates, the hook's
 * stamp dirs. Whether a place is *usable* (owner, mode, filesystem) is judged where it is used.
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
  return ignored.map(
    (name) => `gosw: ignoring ${name}=${String(env[name]).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')}: not an absolute path`,
  );
}

/** A GOCACHE candidate root (…/go-build/<scope> goes below it); `shared`: others can reach it. */
export interface CacheRoot {
  root: string;
  shared: boolean;
}

/**
 * The GOCACHE candidate roots, in order: $XDG_CACHE_HOME/gosw, ~/.cache/gosw,
 * $XDG_RUNTIME_DIR/gosw, /var/tmp/gosw-<uid>. Spelled as the shells spell them (no normalising),
 * so both name the same directory; one with `.` or `..` in it is dropped (it could hide a mount).
 * `runtimeDir` is $XDG_RUNTIME_DIR once the caller has judged it usable (or undefined).
 */
export function gocacheRoots(env: NodeJS.ProcessEnv, uid: number, runtimeDir: string | undefined, ignored: string[] = []): CacheRoot[] {
  const cache = absolute(env, 'XDG_CACHE_HOME', ignored);
  return [
    ...(cache ? [{ root: `${cache}/gosw`, shared: false }] : []),
    { root: `${home(env)}/.cache/gosw`, shared: false },
    ...(runtimeDir ? [{ root: `${runtimeDir}/gosw`, shared: true }] : []),
    { root: `/var/tmp/gosw-${uid}`, shared: true },
  ].filter((r) => r.root.startsWith('/') && !/\/\.\.?\//.test(`${r.root}/`));
}

/**
 * The directories the prompt hook may keep its stamp in, as memo.sh picks them: $XDG_RUNTIME_DIR,
 * else gosw's cache dir. A relative XDG_RUNTIME_DIR or XDG_CACHE_HOME is ignored (~/.cache instead).
 */
export function stampDirs(env: NodeJS.ProcessEnv): string[] {
  const dirs: string[] = [];
  const run = absolute(env, 'XDG_RUNTIME_DIR', []);
  if (run) dirs.push(run);
  const cache = absolute(env, 'XDG_CACHE_HOME', []) ?? (env.HOME ? path.join(env.HOME, '.cache') : undefined);
  if (cache && path.isAbsolute(cache)) dirs.push(path.join(cache, 'gosw'));
  return dirs;
}
