import { chmodSync, existsSync, lstatSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { classifyFs, findMount, parseMountinfo, probeDir, type Mount } from './mounts.js';
import { mkdirp } from '../fsx.js';
import { gocacheRoots, type CacheRoot } from '../store/dirs.js';
import { readSystemFile, sysrootNotice } from '../sysroot.js';

/**
 * The per-distro GOCACHE: ${XDG_CACHE_HOME:-$HOME/.cache}/gosw/go-build/<scope>. Go's build cache
 * holds cgo results that depend on the system's libc and headers, so distros sharing a home (WSL2,
 * NFS) must not share it; and it must sit on a filesystem with Unix modes and hard links.
 * The TypeScript twin of __gosw_gocache_init in shell/gocache.sh.
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

/** The facts of this machine, read through the one seam for tests (GOSW_SYSROOT, src/sysroot.ts). */
export function readFacts(env: NodeJS.ProcessEnv): SystemFacts {
  return {
    platform: process.platform,
    osRelease: readSystemFile(env, 'osRelease'),
    kernel: readSystemFile(env, 'kernelRelease'),
    mounts: parseMountinfo(readSystemFile(env, 'mountinfo') ?? ''),
    macosPlist: process.platform === 'darwin' ? readSystemFile(env, 'macosVersion') : undefined,
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
  scope = Buffer.from(scope, 'utf8')
    .toString('latin1')
    .replace(/[^A-Za-z0-9._-]/g, '_')
    .replace(/^\./, '_')
    .slice(0, 64);
  return scope || 'unknown';
}

export type GocacheMode = 'scoped' | 'inherit' | 'off';

export interface GocachePlan {
  /**
   * scoped: gosw sets `dir` (the user had no GOCACHE, or an unsafe one); inherit: GOCACHE is left
   * as the user has it (`dir`, maybe undefined), by GOSW_GOCACHE=inherit or, under scoped, because
   * the user's own is safe (`kept`); off: gosw does nothing with GOCACHE.
   */
  mode: GocacheMode;
  /** The GOCACHE to export (scoped), or the user's own (inherit). */
  dir?: string;
  scope: string;
  /** One-line notices for the user (unsafe filesystem, fallback, bad mode value). */
  notices: string[];
  /** Under scoped: the user's GOCACHE is safe and kept (the shells export nothing either). */
  kept?: boolean;
  /**
   * Under scoped: the notice (also in `notices`) that gosw's GOCACHE replaces the user's. The
   * shells say it when they first set it, inside a project; outside one nothing is replaced.
   */
  replacing?: string;
}

/**
 * The GOCACHE the user set. In an environment where a gosw shell hook replaced it (a nested shell,
 * or gosw run from a shell inside a project), the value it replaced, which the hook restores when
 * leaving: the decision is about the user's value, never about gosw's own.
 */
export function userGocache(env: NodeJS.ProcessEnv): string | undefined {
  const v = env._GOSW_SET_GOCACHE ? env._GOSW_ORIG_GOCACHE : env.GOCACHE;
  return v || undefined;
}

/** Why the user's GOCACHE is not kept (the end of "your GOCACHE=... <why>"), or undefined when it is safe. */
function userGocacheProblem(user: string, facts: SystemFacts, probe: boolean): string | undefined {
  // Mount points are matched by prefix, so only a clean absolute path can be judged (as the shells do).
  if (!user.startsWith('/') || /\/\.\.?\//.test(`${user}/`)) return 'is not an absolute path without . or ..';
  const j = judgePath(user, facts, probe);
  if (j.verdict === 'unsafe' || j.verdict === 'warn') return `is on ${j.reason}`;
  return undefined;
}

/** A value as the shells print it in a notice: bytes outside printable ASCII become '?' (shell/gocache.sh, LC_ALL=C). */
function printable(s: string): string {
  return Buffer.from(s, 'utf8')
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '?');
}

/** The filesystem verdict for a path; a type off the allowlist is probed on the nearest existing ancestor (probe), else unsafe. */
export function judgePath(
  p: string,
  facts: SystemFacts,
  probe = true,
): { verdict: 'ok' | 'unsafe' | 'warn'; reason?: string; mount?: Mount } {
  const mount = findMount(p, facts.mounts);
  if (!mount) return { verdict: 'ok' };
  const c = classifyFs(mount.fsType);
  if (c.verdict !== 'probe') return { verdict: c.verdict, reason: c.reason, mount };
  // Without a probe, as the shells judge: only the allowlist is trusted.
  if (!probe) return { verdict: 'unsafe', reason: c.reason, mount };
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

/** Written into each root gosw makes (mode 0700) in a shared place; see shell/gocache.sh __gosw_gocache_dirs. */
export const ROOT_MARKER = '.gosw-0700';

/** A candidate root (store/dirs.ts); a `shared` one (/var/tmp, $XDG_RUNTIME_DIR) gets the mode and marker rules. */
type Root = CacheRoot;

const myUid = (): number | undefined => (typeof process.getuid === 'function' ? process.getuid() : undefined);

/** Why the existing directory `d` cannot hold (part of) GOCACHE, or undefined; 'missing' when absent. */
function vetDir(d: string, shared: boolean): string | undefined {
  let st;
  try {
    st = lstatSync(d);
  } catch {
    return 'missing';
  }
  if (st.isSymbolicLink()) return 'it is a symbolic link';
  if (!st.isDirectory()) return 'it is not a directory';
  const uid = myUid();
  if (uid !== undefined && st.uid !== uid) return 'it is owned by another user';
  if (shared && (st.mode & 0o022) !== 0) return 'it is writable by group or others';
  return undefined;
}

function hasMarker(root: string): boolean {
  try {
    const st = lstatSync(`${root}/${ROOT_MARKER}`);
    const uid = myUid();
    return st.isFile() && (uid === undefined || st.uid === uid);
  } catch {
    return false;
  }
}

const NOT_MADE = `gosw did not make it (no ${ROOT_MARKER} in it); remove it and gosw makes it anew`;

/**
 * Vets (and with `create`, makes) root, root/go-build, root/go-build/<scope>: real directories of the
 * user's, made with mode 0700 when missing (one mkdir each, no -p: a name another user takes first
 * makes it fail, and is then vetted as theirs). A shared root must also not be writable by group or
 * others and hold ROOT_MARKER. The rules of __gosw_gocache_dirs in shell/gocache.sh.
 * Returns the refused path and why, or undefined.
 */
function vetOrMake(r: Root, scope: string, create: boolean): { path: string; why: string } | undefined {
  const parent = path.dirname(r.root);
  if (create && !existsSync(`${parent}/`)) {
    try {
      mkdirp(parent, 0o700);
    } catch {
      return { path: parent, why: 'cannot create it' };
    }
  }
  for (const d of [r.root, `${r.root}/go-build`, `${r.root}/go-build/${scope}`]) {
    let made = false;
    if (create) {
      try {
        mkdirSync(d, { mode: 0o700 });
        made = true;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return { path: d, why: 'cannot create it' };
      }
    }
    if (!made) {
      const why = vetDir(d, r.shared);
      if (why === 'missing') return undefined; // not made yet (create=false): the rest is below it
      if (why) return { path: d, why };
    }
    if (r.shared && d === r.root) {
      if (made) {
        try {
          writeFileSync(`${d}/${ROOT_MARKER}`, '', { flag: 'wx', mode: 0o600 });
        } catch {
          return { path: d, why: 'cannot write in it' };
        }
      } else if (!hasMarker(d)) return { path: d, why: NOT_MADE };
    }
  }
  return undefined;
}

/** Why $XDG_RUNTIME_DIR cannot be used (the XDG spec: absolute, the user's, mode 0700), or undefined. */
function runtimeDirProblem(dir: string): string | undefined {
  if (!dir.startsWith('/')) return 'not an absolute path';
  try {
    const st = lstatSync(dir);
    const uid = myUid();
    if (st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o777) === 0o700) return undefined;
  } catch {
    // missing: as below
  }
  return 'not a directory of yours with mode 0700';
}

/**
 * Where GOCACHE should be (made, with `create`). A GOCACHE the user set is kept (mode inherit,
 * `kept`) when it is a clean absolute path on a native filesystem; otherwise, and when it is unset,
 * gosw's per-distro one replaces it (the shells set it only while a version is active and restore
 * the user's value when leaving: shell/gocache.sh, __gosw_activate). Candidates in order: $XDG_CACHE_HOME/gosw,
 * ~/.cache/gosw, $XDG_RUNTIME_DIR/gosw, /var/tmp/gosw-<uid> (native and kept across reboots); the
 * first on a native filesystem whose directories pass vetOrMake wins.
 */
export function planGocache(env: NodeJS.ProcessEnv, facts: SystemFacts, probe = true, create = false): GocachePlan {
  const notices: string[] = [];
  const mode = gocacheMode(env, notices);
  const scope = cacheScope(env, facts);
  if (mode === 'inherit') return { mode, dir: env.GOCACHE || undefined, scope, notices };
  if (mode === 'off') return { mode, scope, notices };
  // Said where the shells say it: when they first read a system file, which a scoped init does.
  const rootNotice = sysrootNotice(env);
  if (rootNotice) notices.push(rootNotice);
  const user = userGocache(env);
  let userNotice: string | undefined;
  if (user) {
    const why = userGocacheProblem(user, facts, probe);
    // A user's GOCACHE on a safe filesystem is theirs to keep: gosw leaves it alone, as under inherit.
    if (why === undefined) return { mode: 'inherit', dir: user, scope, notices, kept: true };
    userNotice = `your GOCACHE=${printable(user)} ${why}; gosw uses a per-distro cache instead`;
    notices.push(userNotice);
  }

  const uid = myUid() ?? 0;
  // XDG base directories must be absolute (the XDG spec says to ignore relative ones), and the
  // runtime dir the user's own with mode 0700; the locations themselves come from store/dirs.ts.
  const ignored: string[] = [];
  let run = env.XDG_RUNTIME_DIR || undefined;
  const runWhy = run ? runtimeDirProblem(run) : undefined;
  if (runWhy) run = undefined;
  const roots = gocacheRoots(env, uid, run, ignored);
  for (const name of ignored) notices.push(`ignoring ${name}=${env[name]}: not an absolute path`);
  if (runWhy) notices.push(`ignoring XDG_RUNTIME_DIR=${env.XDG_RUNTIME_DIR}: ${runWhy}`);
  const seen = new Set<string>();
  for (const r of roots) {
    if (seen.has(r.root)) continue;
    seen.add(r.root);
    const dir = `${r.root}/go-build/${scope}`;
    const j = judgePath(dir, facts, probe);
    // nfs ('warn' for the doctor) is not used either: the shells do not.
    if (j.verdict === 'unsafe' || j.verdict === 'warn') {
      notices.push(`not using ${dir}: it is on ${j.reason}`);
      continue;
    }
    const bad = vetOrMake(r, scope, create);
    if (bad) {
      notices.push(`not using ${bad.path} for GOCACHE: ${bad.why}`);
      continue;
    }
    if (create) tighten(dir, notices);
    return { mode, dir, scope, notices, ...(userNotice ? { replacing: userNotice } : {}) };
  }
  // Nothing replaces the user's GOCACHE after all: no word about replacing it (the shells agree).
  const left = notices.filter((n) => n !== userNotice);
  return { mode: 'off', scope, notices: [...left, 'no safe place for GOCACHE found; leaving it alone'] };
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
