import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { judgePath, planGocache, isWsl, type SystemFacts } from '../cache/gocache.js';
import { parseBytes, treeSize } from '../cache/buildcache.js';
import type { Store } from '../store/store.js';
import { hookLoadedHere } from './hook.js';
import { projectChecks } from './project.js';
import { asCheck, findLeftovers } from './leftovers.js';
import { isReleaseName } from '../versions/version.js';
import { listInstalled, provenance } from '../store/installed.js';

export type Level = 'ok' | 'warn' | 'fail';

export interface Check {
  id: string;
  level: Level;
  message: string;
  hint?: string;
}

/** What the checks look at; everything comes from here so tests can use fixtures, never the real system. */
export interface DoctorInput {
  env: NodeJS.ProcessEnv;
  store: Store;
  facts: SystemFacts;
  /** The shell that ran gosw (its pid), to tell whether the hook is loaded there. */
  parentPid: number;
  uid: number;
  /** Runs `go env KEY` with a given go binary; undefined when it cannot run. */
  goEnv(goBin: string, key: string): string | undefined;
  wslConf?: string;
  /** Where gosw runs: `.go-version` temp files are looked for here and above. */
  cwd: string;
}

/** Runs `go env KEY` with the given environment (the context's), GOTOOLCHAIN pinned so no download starts. */
export function goEnvRunner(env: NodeJS.ProcessEnv): DoctorInput['goEnv'] {
  return (goBin, key) => {
    const r = spawnSync(goBin, ['env', key], { encoding: 'utf8', timeout: 5000, env: { ...env, GOTOOLCHAIN: 'local' } });
    return r.status === 0 ? r.stdout.trim() : undefined;
  };
}

function isExec(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

const GIB = 1024 ** 3;

function parseSize(v: string | undefined, dflt: number): number {
  return (v === undefined ? undefined : parseBytes(v)) ?? dflt;
}

/** The real location of a path (or of its nearest existing ancestor): a symlinked cache lives where it points. */
function resolveExisting(p: string): string {
  let dir = p;
  let rest = '';
  for (;;) {
    try {
      return path.join(realpathSync(dir), rest);
    } catch {
      const up = path.dirname(dir);
      if (up === dir) return p;
      rest = path.join(path.basename(dir), rest);
      dir = up;
    }
  }
}

function human(bytes: number): string {
  return bytes >= GIB
    ? `${(bytes / GIB).toFixed(1)} GiB`
    : bytes >= 1024 ** 2
      ? `${(bytes / 1024 ** 2).toFixed(1)} MiB`
      : `${Math.round(bytes / 1024)} KiB`;
}

export function runChecks(input: DoctorInput): Check[] {
  const { env, store } = input;
  const out: Check[] = [];
  const add = (id: string, level: Level, message: string, hint?: string) => out.push({ id, level, message, hint });
  const pathDirs = (env.PATH ?? '').split(':').filter(Boolean);
  const gos = pathDirs.map((d) => path.join(d, 'go')).filter(isExec);
  const storeBin = (d: string) => d.startsWith(path.join(store.versionsDir, '')) && d.endsWith('/bin');
  const active = env.GOSW_CURRENT;

  // --- which go runs ---
  const first = gos[0];
  if (active) {
    const mine = env._GOSW_PATH_ENTRY ? path.join(env._GOSW_PATH_ENTRY, 'go') : undefined;
    if (first && mine && first !== mine) {
      add(
        'path-shadow',
        'fail',
        `${first} comes before gosw's ${mine} on PATH, so it runs instead of ${active}`,
        'something in your rc files prepends to PATH after the gosw hook ran; move eval "$(gosw env)" to the end of ~/.bashrc / ~/.zshrc',
      );
    } else add('path-shadow', 'ok', `go is gosw's ${active}${first ? ` (${first})` : ''}`);
  } else if (first) {
    add('path-shadow', 'ok', `no gosw version selected here; go on PATH is ${first}`);
  } else add('path-shadow', 'ok', 'no go on PATH and no gosw version selected here');
  const others = gos.filter((g) => !storeBin(path.dirname(g)) && g !== first);
  for (const g of others) {
    const win = g.startsWith('/mnt/');
    add(
      'other-go',
      'warn',
      `another go is on PATH: ${g}${win ? ' (a Windows Go from the host: it cannot build for Linux here)' : ''}`,
      win
        ? 'drop /mnt/c/... Go directories from PATH in WSL (appendWindowsPath=false in /etc/wsl.conf)'
        : 'it runs when no gosw version applies; remove it if you no longer need it',
    );
  }
  const storeEntries = pathDirs.filter(storeBin);
  if (storeEntries.length > 1)
    add(
      'path-dup',
      'fail',
      `PATH holds ${storeEntries.length} gosw entries: ${storeEntries.join(', ')}`,
      'a PATH was saved while gosw was active and set again later; remove the saved entries from your rc files',
    );

  // --- GOROOT ---
  if (env.GOROOT && first) {
    let real = first;
    try {
      real = realpathSync(first);
    } catch {
      // keep the path as is
    }
    const rootOfFirst = path.dirname(path.dirname(real));
    let goroot = env.GOROOT;
    try {
      goroot = realpathSync(goroot);
    } catch {
      add('goroot', 'fail', `GOROOT=${env.GOROOT} does not exist`, 'unset GOROOT, or let gosw set it (eval "$(gosw env)")');
    }
    if (existsSync(env.GOROOT) && rootOfFirst !== goroot) {
      add(
        'goroot',
        'fail',
        `GOROOT=${env.GOROOT} is not the GOROOT of the first go on PATH (${first})`,
        'unset GOROOT in your rc files; gosw sets it with the version',
      );
    } else if (existsSync(env.GOROOT)) add('goroot', 'ok', `GOROOT matches ${first}`);
    const reported = input.goEnv(first, 'GOROOT');
    if (
      reported !== undefined &&
      reported !== env.GOROOT &&
      (() => {
        try {
          return realpathSync(reported) !== goroot;
        } catch {
          return true;
        }
      })()
    ) {
      add(
        'go-env-goroot',
        'fail',
        `go env GOROOT says ${reported}, but GOROOT is ${env.GOROOT}`,
        'unset GOROOT, or check go env -w settings',
      );
    }
  }

  // --- the hook ---
  const loadedHere = hookLoadedHere(env.GOSW_HOOK_PID, input.parentPid);
  if (!loadedHere)
    add(
      'hook',
      'warn',
      'the gosw hook is not loaded in this shell',
      'add eval "$(gosw env)" to ~/.bashrc or ~/.zshrc, then open a new shell',
    );
  else if (Number(env.GOSW_HOOK_LOADS) > 1)
    add(
      'hook',
      'warn',
      `the gosw init ran ${env.GOSW_HOOK_LOADS} times in this shell`,
      'harmless, but your rc files evaluate it more than once',
    );
  else add('hook', 'ok', 'the gosw hook is loaded in this shell');

  // --- caches ---
  // Planned as the shells plan it (no probing), so doctor names the GOCACHE the hook really uses.
  const plan = planGocache(env, input.facts, false);
  for (const n of plan.notices)
    add('gocache-plan', 'warn', n, 'set XDG_CACHE_HOME (or GOCACHE with GOSW_GOCACHE=inherit) to a directory on a local Linux filesystem');
  const goBin = first;
  const cacheDirs: Array<[string, string | undefined]> = [
    ['GOCACHE', env.GOCACHE ?? (plan.mode === 'scoped' ? plan.dir : undefined) ?? (goBin ? input.goEnv(goBin, 'GOCACHE') : undefined)],
    ['GOMODCACHE', env.GOMODCACHE ?? (goBin ? input.goEnv(goBin, 'GOMODCACHE') : undefined)],
    ['GOPATH', env.GOPATH ?? (goBin ? input.goEnv(goBin, 'GOPATH') : path.join(env.HOME || os.homedir(), 'go'))],
  ];
  for (const [name, dir] of cacheDirs) {
    if (!dir) continue;
    const j = judgePath(resolveExisting(dir), input.facts);
    if (j.verdict === 'unsafe')
      add(
        `${name.toLowerCase()}-fs`,
        'fail',
        `${name}=${dir} is on ${j.reason}`,
        name === 'GOCACHE'
          ? 'let gosw pick it (GOSW_GOCACHE=scoped, the default) or point it at a native filesystem'
          : `point ${name} at a native filesystem (e.g. under ~)`,
      );
    else if (j.verdict === 'warn')
      add(
        `${name.toLowerCase()}-fs`,
        'warn',
        `${name}=${dir} is on ${j.reason}`,
        `keep ${name} on a local disk, per machine (e.g. under ~/.cache)`,
      );
    else add(`${name.toLowerCase()}-fs`, 'ok', `${name} is on ${j.mount?.fsType ?? 'a local filesystem'}`);
  }
  const gocache = cacheDirs[0]![1];
  if (gocache && existsSync(gocache)) {
    const st = statSync(gocache);
    if (st.uid !== input.uid)
      add(
        'gocache-owner',
        'fail',
        `GOCACHE ${gocache} is owned by uid ${st.uid}, not you (${input.uid})`,
        `sudo chown -R ${input.uid} ${gocache} (a build run with sudo left it)`,
      );
    if ((st.mode & 0o077) !== 0)
      add(
        'gocache-mode',
        'warn',
        `GOCACHE ${gocache} has mode ${(st.mode & 0o777).toString(8)}; other users can read your build cache`,
        `chmod 700 ${gocache}`,
      );
    try {
      accessSync(gocache, constants.W_OK);
    } catch {
      add('gocache-writable', 'fail', `GOCACHE ${gocache} is not writable`, 'fix its permissions or pick another GOCACHE');
    }
    const limit = parseSize(env.GOSW_CACHE_WARN, 10 * GIB);
    const size = treeSize(gocache).bytes;
    if (size > limit)
      add(
        'gocache-size',
        'warn',
        `GOCACHE holds ${human(size)} (over ${human(limit)}, GOSW_CACHE_WARN)`,
        'gosw cache prune --max-size 5G (or go clean -cache)',
      );
    else add('gocache-size', 'ok', `GOCACHE holds ${human(size)}`);
  }

  // --- GOTOOLCHAIN and GOFLAGS ---
  if (env.GOTOOLCHAIN && env.GOTOOLCHAIN !== 'local' && !(active && env.GOSW_GOTOOLCHAIN === 'keep')) {
    add(
      'gotoolchain',
      active ? 'fail' : 'warn',
      `GOTOOLCHAIN=${env.GOTOOLCHAIN} is set: go may run another toolchain than gosw's`,
      'unset it in your rc files; gosw sets GOTOOLCHAIN=local while a version is active',
    );
  }
  const goenvFile =
    (goBin ? input.goEnv(goBin, 'GOENV') : undefined) ??
    path.join(env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config'), 'go', 'env');
  try {
    const m = /^GOTOOLCHAIN=(.*)$/m.exec(readFileSync(goenvFile, 'utf8'));
    if (m && m[1] !== 'local')
      add(
        'gotoolchain-goenv',
        'warn',
        `${goenvFile} sets GOTOOLCHAIN=${m[1]} (go env -w): go follows it whenever no gosw version is active, or with GOSW_GOTOOLCHAIN=keep`,
        'go env -u GOTOOLCHAIN',
      );
  } catch {
    // no go env file
  }
  if (/(^|\s)--?toolexec/.test(env.GOFLAGS ?? ''))
    add(
      'goflags',
      'warn',
      `GOFLAGS has -toolexec (${env.GOFLAGS}): builds run another program around every tool`,
      'unset GOFLAGS unless you mean it',
    );

  // --- GOBIN on PATH ---
  const gopath = cacheDirs[2]![1]?.split(':')[0];
  const gobin = env.GOBIN || (gopath ? path.join(gopath, 'bin') : undefined);
  if (gobin && !pathDirs.includes(gobin))
    add('gobin', 'warn', `${gobin} is not on PATH: tools from go install are not found`, `add it: export PATH="$PATH:${gobin}"`);

  // --- what this directory wants ---
  out.push(...projectChecks(env, input.cwd, store));

  // --- store health ---
  out.push(...storeChecks(store, input.cwd));

  // --- WSL ---
  if (isWsl(env, input.facts)) {
    const mnt = pathDirs.filter((d) => d.startsWith('/mnt/'));
    if (mnt.length)
      add(
        'wsl-path',
        'warn',
        `${mnt.length} PATH entries are on Windows drives (/mnt/...): every command lookup there is slow`,
        'set appendWindowsPath=false under [interop] in /etc/wsl.conf',
      );
    const underMnt = cacheDirs.some(([, d]) => d?.startsWith('/mnt/'));
    if (underMnt && !/^\s*options\s*=.*metadata/m.test(input.wslConf ?? '')) {
      add(
        'wsl-automount',
        'warn',
        'caches sit under /mnt and /etc/wsl.conf has no automount metadata option: no Unix permissions there',
        'move the caches to the Linux filesystem; or set options = "metadata" under [automount]',
      );
    }
  }
  return out;
}

/** Versions without bin/go, and every leftover of a crash (doctor/leftovers.ts). */
export function storeChecks(store: Store, cwd: string, leftovers = findLeftovers(store, cwd)): Check[] {
  const out: Check[] = [];
  if (!existsSync(store.versionsDir)) return leftovers.map(asCheck);
  for (const e of readdirSync(store.versionsDir)) {
    // A release name that is not installed (Store.isInstalled, as the hook and list see it) is a broken GOROOT.
    if (isReleaseName(e) && !store.isInstalled(e)) {
      out.push({ id: 'store-version', level: 'fail', message: `${e} has no bin/go`, hint: `gosw install --force ${e.slice(2)}` });
    }
  }
  out.push(...leftovers.map(asCheck));
  if (out.length === 0) out.push({ id: 'store', level: 'ok', message: `store ${store.root} is healthy` });
  // Which source each version came from, where it is not go.dev (the provenance install wrote).
  for (const i of listInstalled(store)) {
    if (i.source !== 'goproxy') continue;
    const p = provenance(i.path);
    out.push({
      id: 'store-source',
      level: 'ok',
      message: `${i.name} came from a Go module proxy: ${p?.module ?? '?'} ${p?.h1 ?? ''} via ${p?.proxy ?? '?'} (no api/ doc/ misc/ test/)`,
    });
  }
  return out;
}
