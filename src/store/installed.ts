import { lstatSync, readFileSync, readdirSync, readlinkSync, renameSync, symlinkSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { compareGo, isPrerelease, lang } from '../versions/version.js';
import type { Store } from './store.js';
import { acquire } from './lock.js';
import { readdirOrEmpty } from '../fsx.js';

export interface Installed {
  /** go.dev release name, e.g. go1.22.5 */
  name: string;
  /** the version without the go prefix, e.g. 1.22.5 */
  version: string;
  path: string;
  /** alias symlinks that point at it, e.g. ["1.22", "latest"] */
  aliases: string[];
  /** where it came from: go.dev's tarball (or --file), or a Go module proxy (its `.gosw.json` says so) */
  source: 'godev' | 'goproxy';
}

/** The provenance `install` writes: a module proxy's zip (unpack-zip.ts), a tarball checked by the checksum database (installer.ts). */
export function provenance(goroot: string): { source?: string; proxy?: string; module?: string; h1?: string } | undefined {
  try {
    const text = readFileSync(path.join(goroot, '.gosw.json'), 'utf8');
    return text.length <= 64 * 1024 ? (JSON.parse(text) as { source?: string }) : undefined;
  } catch {
    return undefined;
  }
}

const ALIAS_RE = /^(?:latest|[1-9][0-9]*\.(?:0|[1-9][0-9]*))$/;

/** Installed releases, newest first. A directory counts only with its name valid and bin/go inside. */
export function listInstalled(store: Store): Installed[] {
  const entries = readdirOrEmpty(store.versionsDir);
  const aliasTargets = new Map<string, string[]>();
  for (const e of entries) {
    if (!ALIAS_RE.test(e)) continue;
    try {
      const t = readlinkSync(path.join(store.versionsDir, e));
      aliasTargets.set(t, [...(aliasTargets.get(t) ?? []), e]);
    } catch {
      // not a symlink: ignore
    }
  }
  return entries
    .filter((e) => store.isInstalled(e))
    .sort((a, b) => compareGo(b, a))
    .map((name) => ({
      name,
      version: name.slice(2),
      path: path.join(store.versionsDir, name),
      aliases: (aliasTargets.get(name) ?? []).sort((a, b) => (a === 'latest' ? 1 : b === 'latest' ? -1 : compareGo(b, a))),
      source: provenance(path.join(store.versionsDir, name))?.source === 'goproxy' ? ('goproxy' as const) : ('godev' as const),
    }));
}

/** What the aliases should be: each line's newest installed stable release, and the newest overall. */
export function wantedAliases(store: Store): Map<string, string> {
  const stable = listInstalled(store).filter((i) => !isPrerelease(i.name));
  const want = new Map<string, string>();
  for (const i of stable) {
    const line = lang(i.name);
    if (!want.has(line)) want.set(line, i.name);
  }
  if (stable[0]) want.set('latest', stable[0].name);
  return want;
}

export interface AliasProblem {
  alias: string;
  /** Where it points now (undefined: missing). */
  actual?: string;
  /** Where it should point (undefined: it should not exist). */
  want?: string;
}

/** Alias symlinks that differ from wantedAliases: what syncAliases would change. */
export function staleAliases(store: Store): AliasProblem[] {
  const want = wantedAliases(store);
  const out: AliasProblem[] = [];
  const entries = readdirOrEmpty(store.versionsDir);
  for (const e of entries.sort()) {
    if (!ALIAS_RE.test(e)) continue;
    let actual: string;
    try {
      actual = readlinkSync(path.join(store.versionsDir, e));
    } catch {
      continue; // not a symlink: not gosw's
    }
    if (want.get(e) !== actual) out.push({ alias: e, actual, want: want.get(e) });
  }
  for (const [alias, target] of want) {
    if (!entries.includes(alias)) out.push({ alias, want: target });
  }
  return out;
}

/** `versions/<alias>.tmp-<pid>`: the temporary symlink syncAliases renames over an alias. */
export function parseAliasTemp(entry: string): { alias: string; pid: number } | undefined {
  const m = /^(.+)\.tmp-([1-9][0-9]{0,9})$/.exec(entry);
  return m && ALIAS_RE.test(m[1]!) ? { alias: m[1]!, pid: Number(m[2]) } : undefined;
}

/**
 * Rewrites the alias symlinks (versions/1.22 -> go1.22.5, versions/latest -> newest) from what is
 * installed. The shell hook resolves partial versions through them without running a program.
 * Call with the store's alias lock held.
 */
export function syncAliases(store: Store): void {
  const want = wantedAliases(store);

  for (const e of readdirSync(store.versionsDir)) {
    if (!ALIAS_RE.test(e) || want.has(e)) continue;
    try {
      if (lstatSync(path.join(store.versionsDir, e)).isSymbolicLink()) unlinkSync(path.join(store.versionsDir, e));
    } catch {
      // raced with another remover
    }
  }
  for (const [alias, target] of want) {
    const link = path.join(store.versionsDir, alias);
    let current: string | undefined;
    try {
      current = readlinkSync(link);
    } catch {
      current = undefined;
    }
    if (current === target) continue;
    // Replace by rename so a reader never sees the alias missing.
    const tmp = `${link}.tmp-${process.pid}`;
    try {
      unlinkSync(tmp);
    } catch {
      // not there
    }
    symlinkSync(target, tmp);
    renameSync(tmp, link);
  }
}

/** syncAliases under the store-wide alias lock, so concurrent installs of different versions converge. */
export async function refreshAliases(store: Store): Promise<void> {
  const held = await acquire(store.locksDir, 'aliases');
  try {
    syncAliases(store);
  } finally {
    await held.release();
  }
}
