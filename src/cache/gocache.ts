import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The per-distro GOCACHE, the TypeScript twin of __gosw_gocache_init in shell/gosw.bash:
 * ${XDG_CACHE_HOME:-$HOME/.cache}/gosw/go-build/<scope>, where scope is the WSL distro, else
 * os-release's ID-VERSION_ID, else macos. Go's build cache holds cgo results that depend on the
 * system's libc and headers, so distros sharing a home must not share it.
 */
export function cacheScope(env: NodeJS.ProcessEnv, osRelease = '/etc/os-release'): string {
  let scope = '';
  if (env.WSL_DISTRO_NAME) scope = `wsl-${env.WSL_DISTRO_NAME}`;
  else if (process.platform === 'darwin') scope = 'macos';
  else {
    try {
      let id = '';
      let ver = '';
      for (const line of readFileSync(osRelease, 'utf8').split('\n')) {
        const eq = line.indexOf('=');
        if (eq === -1) continue;
        const k = line.slice(0, eq);
        const v = line.slice(eq + 1).replace(/^["']/, '').replace(/["']$/, '');
        if (k === 'ID') id = v;
        if (k === 'VERSION_ID') ver = v;
      }
      scope = `${id || 'linux'}${ver ? `-${ver}` : ''}`;
    } catch {
      scope = '';
    }
  }
  return (scope || 'unknown').replace(/[^A-Za-z0-9._-]/g, '_');
}

/** The GOCACHE gosw sets, or undefined when GOSW_GOCACHE says to leave it alone. Creates it 0700. */
export function scopedGocache(env: NodeJS.ProcessEnv): string | undefined {
  if ((env.GOSW_GOCACHE || 'scoped') !== 'scoped') return undefined;
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  const dir = path.join(base, 'gosw', 'go-build', cacheScope(env));
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return undefined;
  }
  return dir;
}
