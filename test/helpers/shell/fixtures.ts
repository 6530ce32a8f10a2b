/**
 * Fake gosw stores and fixture trees for the shell-hook tests (test/e2e/shell-*.test.ts,
 * test/e2e/conformance.test.ts). Everything lives in a temp directory; the real HOME, ~/.bashrc,
 * ~/.zshrc and the real store are never touched.
 *
 * A fake toolchain is just `versions/<name>/bin/go` (a `#!/bin/sh` script printing
 * `go version <name> linux/amd64`) and `versions/<name>/VERSION` (first line `<name>`): that is
 * all the hook looks at. Alias symlinks (`1.22 -> go1.22.5`, `latest -> go1.22.5`) are made the way
 * src/store writes them: relative, newest installed *stable* release of each line / overall.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareGo, isPrerelease, lang } from '../../../src/versions/version.js';
import { definedOnly } from '../cli.js';

/** The releases most shell tests install. */
export const STORE_RELEASES = ['go1.20', 'go1.20.14', 'go1.21.13', 'go1.22.3', 'go1.22.5', 'go1.23rc1'];

/** What the fake `go version` of a release prints. */
export function goVersionLine(name: string): string {
  return `go version ${name} linux/amd64`;
}

export interface StoreOptions {
  /** Aliases to make instead of the computed ones (alias -> release name). */
  aliases?: Record<string, string>;
  /** Also write `<store>/version` (the global default, as `gosw global` writes it). */
  global?: string;
  /** Write store.json (format 1), as the CLI does on first use. Default true. */
  storeJson?: boolean;
}

/** The aliases src/store would keep for these releases: newest stable per line, and latest. */
export function computeAliases(names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const stable = names.filter((n) => !isPrerelease(n) && lang(n) !== '');
  for (const n of stable) {
    const line = lang(n);
    if (out[line] === undefined || compareGo(n, out[line]) > 0) out[line] = n;
    if (out.latest === undefined || compareGo(n, out.latest) > 0) out.latest = n;
  }
  return out;
}

/** Adds a fake toolchain to a store. */
export function addRelease(storeRoot: string, name: string): void {
  const bin = path.join(storeRoot, 'versions', name, 'bin');
  mkdirSync(bin, { recursive: true });
  const go = path.join(bin, 'go');
  writeFileSync(go, `#!/bin/sh\necho "${goVersionLine(name)}"\n`);
  chmodSync(go, 0o755);
  writeFileSync(path.join(storeRoot, 'versions', name, 'VERSION'), `${name}\ntime 2024-07-02T22:28:15Z\n`);
}

/** Builds a store at storeRoot with fake toolchains and alias symlinks. */
export function makeFakeStore(storeRoot: string, names: readonly string[] = STORE_RELEASES, opts: StoreOptions = {}): void {
  mkdirSync(path.join(storeRoot, 'versions'), { recursive: true });
  if (opts.storeJson ?? true) writeFileSync(path.join(storeRoot, 'store.json'), '{"format": 1}\n');
  for (const n of names) addRelease(storeRoot, n);
  const aliases = opts.aliases ?? computeAliases(names);
  for (const [alias, target] of Object.entries(aliases)) symlinkSync(target, path.join(storeRoot, 'versions', alias));
  if (opts.global !== undefined) writeFileSync(path.join(storeRoot, 'version'), `${opts.global}\n`);
}

/** An entry of a fixture tree. Strings and Buffers are file contents. */
export type TreeEntry = string | Buffer | { symlink: string } | { fifo: true } | { dir: true };

/** Creates files (parents made as needed) under base: `{ 'a/b/go.mod': 'go 1.22\n' }`. */
export function writeTree(base: string, tree: Record<string, TreeEntry>): void {
  for (const [rel, entry] of Object.entries(tree)) {
    const p = path.join(base, rel);
    mkdirSync(path.dirname(p), { recursive: true });
    rmSync(p, { recursive: true, force: true });
    if (typeof entry === 'string' || Buffer.isBuffer(entry)) writeFileSync(p, entry);
    else if ('symlink' in entry) symlinkSync(entry.symlink, p);
    else if ('fifo' in entry) execFileSync('mkfifo', [p]);
    else mkdirSync(p, { recursive: true });
  }
}

export interface ShellSandbox {
  root: string;
  home: string;
  /** GOSW_HOME */
  store: string;
  xdgCache: string;
  xdgData: string;
  xdgConfig: string;
  /** Projects live here (outside HOME unless a test puts them under it). */
  work: string;
  /** A directory on PATH holding a fake "system" go. */
  sysbin: string;
  /** The PATH the shells start with: sysbin first, then the usual dirs (node's too), and a duplicate. */
  basePath: string;
  /** The environment of a shell: nothing is inherited from the test runner except what is listed. */
  env(extra?: Record<string, string | undefined>): Record<string, string>;
  remove(): void;
}

export const SYSTEM_GO_LINE = 'go version go1.19.99-system linux/amd64';

/**
 * A temp sandbox with a fake store (STORE_RELEASES unless given). Not tied to one test: the
 * caller removes it (afterAll), so a file's tests can share one.
 */
export function makeShellSandbox(opts: { releases?: readonly string[]; store?: StoreOptions } = {}): ShellSandbox {
  const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'gosw-shell-')));
  const d = (rel: string) => {
    const p = path.join(root, rel);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const home = d('home');
  const store = path.join(root, 'store');
  makeFakeStore(store, opts.releases ?? STORE_RELEASES, opts.store);
  const sysbin = d('sysbin');
  writeFileSync(path.join(sysbin, 'go'), `#!/bin/sh\necho "${SYSTEM_GO_LINE}"\n`);
  chmodSync(path.join(sysbin, 'go'), 0o755);
  const dirs = [sysbin, '/usr/local/bin', '/usr/bin', '/bin'];
  const nodeDir = path.dirname(process.execPath);
  if (!dirs.includes(nodeDir)) dirs.push(nodeDir);
  // A duplicate entry: restoration must keep it (and its position) exactly.
  dirs.push('/usr/bin');
  const basePath = dirs.join(':');
  const sb: ShellSandbox = {
    root,
    home,
    store,
    xdgCache: d('xdg/cache'),
    xdgData: d('xdg/data'),
    xdgConfig: d('xdg/config'),
    work: d('work'),
    sysbin,
    basePath,
    env(extra = {}) {
      const env: Record<string, string | undefined> = {
        HOME: home,
        PATH: basePath,
        LANG: 'C.UTF-8',
        TERM: 'dumb',
        USER: 'gosw-test',
        XDG_CACHE_HOME: sb.xdgCache,
        XDG_DATA_HOME: sb.xdgData,
        XDG_CONFIG_HOME: sb.xdgConfig,
        GOSW_HOME: store,
        // Never let a test reach the network.
        GOSW_INDEX_URL: 'http://127.0.0.1:9/index.json',
        GOSW_DOWNLOAD_URL: 'http://127.0.0.1:9/dl',
        ...extra,
      };
      return definedOnly(env);
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
  return sb;
}
