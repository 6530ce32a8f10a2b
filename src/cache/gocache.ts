import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classifyFs, findMount, parseMountinfo, probeDir, type Mount } from './mounts.js';
import { mkdirp } from '../fsx.js';

/**
 * The per-distro GOCACHE: ${XDG_CACHE_HOME:-$HOME/.cache}/gosw/go-build/<scope>. Go's build cache
 * holds cgo results that depend on the system's libc and headers, so distros sharing a home (WSL2,
 * NFS) must not share it; and it must sit on a filesystem with Unix modes and hard links.
 * The TypeScript twin of __gosw_gocache_init in shell/gosw.bash.
 */
export interface SystemFacts {
  platform: NodeJS.Platform;
  /** /etc/os-release text */
  osRelease?: string;
  /** /proc/sys/kernel/osrelease text ("...microsoft-standard-WSL2" under WSL) */
  kernel?: string;
  mounts: Mount[];
  /** /System/Library/CoreServices/SystemVersion.plist text (macOS) */
  macosPlist?: string;
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The facts of this machine; GOSW_OS_RELEASE / GOSW_KERNEL_OSRELEASE / GOSW_MOUNTINFO point tests at fixture files. */
export function readFacts(env: NodeJS.ProcessEnv): SystemFacts {
  return {
    platform: process.platform,
    osRelease: read(env.GOSW_OS_RELEASE || '/etc/os-release'),
    kernel: read(env.GOSW_KERNEL_OSRELEASE || '/proc/sys/kernel/osrelease'),
    mounts: parseMountinfo(read(env.GOSW_MOUNTINFO || '/proc/self/mountinfo') ?? ''),
    macosPlist: process.platform === 'darwin' ? read(env.GOSW_MACOS_VERSION_PLIST || '/System/Library/CoreServices/SystemVersion.plist') : undefined,
  };
}

function osReleaseField(text: string | undefined, key: string): string {
  for (const line of (text ?? '').split('\n')) {
    if (line.startsWith(`${key}=`)) return line.slice(key.length + 1).replace(/^["']|["']$/g, '');
  }
  return '';
}

/** The major of ProductVersion in macOS's SystemVersion.plist. */
export function macosMajor(plist: string | undefined): string {
  return /<key>ProductVersion<\/key>\s*<string>([0-9]+)/.exec(plist ?? '')?.[1] ?? '';
}

/** Point releases share a cache: RHEL and rebuilds are ABI-stable across minors, others keep two parts. */
function minorAgnostic(id: string, ver: string): string {
  if (!/^[0-9.]+$/.test(ver)) return ver;
  if (['rhel', 'centos', 'rocky', 'almalinux', 'ol', 'amzn'].includes(id)) return ver.replace(/\..*/, '');
  return /^[^.]*\.[^.]*\./.test(ver) ? ver.replace(/\.[^.]*$/, '') : ver;
}

export function isWsl(env: NodeJS.ProcessEnv, facts: SystemFacts): boolean {
  return Boolean(env.WSL_DISTRO_NAME) || /microsoft/i.test(facts.kernel ?? '');
}

/** One path segment naming this system: the WSL distro, else os-release ID-VERSION_ID, else macos-<major>. */
export function cacheScope(env: NodeJS.ProcessEnv, facts: SystemFacts): string {
  let scope = '';
  if (env.WSL_DISTRO_NAME) scope = env.WSL_DISTRO_NAME;
  else if (facts.platform === 'darwin') scope = `macos-${macosMajor(facts.macosPlist)}`.replace(/-$/, '');
  else {
    const id = osReleaseField(facts.osRelease, 'ID');
    const ver = minorAgnostic(id, osReleaseField(facts.osRelease, 'VERSION_ID'));
    // Under WSL without WSL_DISTRO_NAME (sudo drops it) the distro's os-release is the best name left.
    scope = id ? `${id}${ver ? `-${ver}` : ''}` : '';
  }
  // Byte by byte (the shells run this under LC_ALL=C): a multibyte character becomes one _ per byte.
  scope = Buffer.from(scope, 'utf8').toString('latin1').replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_').slice(0, 64);
  return scope || 'unknown';
}

export type GocacheMode = 'scoped' | 'inherit' | 'off';

export interface GocachePlan {
  mode: GocacheMode;
  /** The GOCACHE to export (scoped), or the user's own (inherit). */
  dir?: string;
  scope: string;
  /** One-line notices for the user (unsafe filesystem, fallback, bad mode value). */
  notices: string[];
}

/** The filesystem verdict for a path, judged on its nearest existing ancestor. */
export function judgePath(p: string, facts: SystemFacts, probe = true): { verdict: 'ok' | 'unsafe' | 'warn'; reason?: string; mount?: Mount } {
  const mount = findMount(p, facts.mounts);
  if (!mount) return { verdict: 'ok' };
  const c = classifyFs(mount.fsType);
  if (c.verdict !== 'probe') return { verdict: c.verdict, reason: c.reason, mount };
  if (!probe) return { verdict: 'ok', mount };
  let dir = p;
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const r = probeDir(dir);
  return r.ok ? { verdict: 'ok', mount } : { verdict: 'unsafe', reason: `${mount.fsType}: ${r.reason}`, mount };
}

export function gocacheMode(env: NodeJS.ProcessEnv, notices: string[]): GocacheMode {
  const v = env.GOSW_GOCACHE || 'scoped';
  if (v === 'scoped' || v === 'inherit' || v === 'off') return v;
  notices.push(`GOSW_GOCACHE=${JSON.stringify(v)} is not scoped, inherit or off; using scoped`);
  return 'scoped';
}

/**
 * Where GOCACHE should be, without creating it. Candidates in order: $XDG_CACHE_HOME, ~/.cache,
 * /var/tmp/gosw-<uid> (native and kept across reboots); the first on a safe filesystem wins.
 */
export function planGocache(env: NodeJS.ProcessEnv, facts: SystemFacts, probe = true, create = false): GocachePlan {
  const notices: string[] = [];
  const mode = gocacheMode(env, notices);
  const scope = cacheScope(env, facts);
  if (mode === 'inherit') return { mode, dir: env.GOCACHE || undefined, scope, notices };
  if (mode === 'off') return { mode, scope, notices };

  const home = env.HOME || os.homedir();
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  const roots = [
    // Spelled as the shells spell them (no normalising), so both name the same directory.
    env.XDG_CACHE_HOME ? `${env.XDG_CACHE_HOME}/gosw` : undefined,
    `${home}/.cache/gosw`,
    `/var/tmp/gosw-${uid}`,
  ].filter((r): r is string => Boolean(r && r.startsWith('/') && !/\/\.\.?\//.test(`${r}/`))); // . or .. could hide a mount
  if (env.GOCACHE) {
    const j = judgePath(env.GOCACHE, facts, probe);
    if (j.verdict === 'unsafe') notices.push(`your GOCACHE=${env.GOCACHE} is on ${j.reason}; gosw uses a per-distro cache instead`);
  }
  for (const root of new Set(roots)) {
    const dir = `${root}/go-build/${scope}`;
    const j = judgePath(dir, facts, probe);
    if (j.verdict === 'unsafe') {
      notices.push(`not using ${dir}: it is on ${j.reason}`);
      continue;
    }
    if (j.verdict === 'warn') notices.push(`GOCACHE ${dir} is on ${j.reason}`);
    if (create) {
      try {
        mkdirp(dir, 0o700);
      } catch {
        continue; // as the shells: a root we cannot create the dir in is skipped
      }
      tighten(dir, notices);
    }
    return { mode, dir, scope, notices };
  }
  return { mode: 'off', scope, notices: [...notices, 'no safe place for GOCACHE found; leaving it alone'] };
}

/**
 * The scope dir is gosw's own, so a looser mode is fixed (back to 0700) when the user owns it;
 * one owned by someone else is only reported: that is for the user to sort out (gosw doctor).
 */
function tighten(dir: string, notices: string[]): void {
  try {
    const st = statSync(dir);
    const uid = typeof process.getuid === 'function' ? process.getuid() : st.uid;
    if (st.uid !== uid) notices.push(`GOCACHE ${dir} belongs to uid ${st.uid}, not to you`);
    else if ((st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
  } catch {
    // gone meanwhile: go creates it again
  }
}
