/** Inspecting a gosw store and the file system from tests. */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { lexists } from '../../src/fsx.js';
import path from 'node:path';
import { expect } from 'vitest';
import { describeRun, stackLines, type RunResult, type Sandbox } from './cli.js';

/** Entry names of a directory, sorted; [] if it does not exist. */
export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

// Whether anything (a dangling link included) has this name: the product's own lexists.
export { lexists };

/** The target of an alias symlink under versions/, or undefined if there is none. */
export function aliasTarget(sb: Sandbox, alias: string): string | undefined {
  const p = path.join(sb.versionsDir, alias);
  if (!lexists(p)) return undefined;
  expect(lstatSync(p).isSymbolicLink(), `${p} should be a symlink`).toBe(true);
  return readlinkSync(p);
}

/** Asserts versions/<alias> is a relative symlink resolving to versions/<name>. */
export function expectAlias(sb: Sandbox, alias: string, name: string): void {
  const t = aliasTarget(sb, alias);
  expect(t, `alias ${alias} should exist`).toBeDefined();
  expect(path.isAbsolute(t!), `alias ${alias} -> ${t} should be relative`).toBe(false);
  expect(path.resolve(sb.versionsDir, t!), `alias ${alias} -> ${t}`).toBe(sb.version(name));
  expect(existsSync(path.join(sb.versionsDir, alias, 'bin', 'go')), `${alias}/bin/go reachable`).toBe(true);
}

export function expectNoAlias(sb: Sandbox, alias: string): void {
  expect(lexists(path.join(sb.versionsDir, alias)), `alias ${alias} should not exist (it is ${aliasTarget(sb, alias)})`).toBe(false);
}

/** Runs `<goroot>/bin/go args...` and returns its trimmed stdout. */
export function runGo(goroot: string, args: string[] = ['version'], bin = 'bin/go'): string {
  return execFileSync(path.join(goroot, bin), args, { encoding: 'utf8', timeout: 10_000 }).trim();
}

/** Asserts a version is installed and its go runs. */
export function expectInstalled(sb: Sandbox, name: string, versionLine: string): void {
  const root = sb.version(name);
  expect(lstatSync(root).isDirectory(), `${root} should be a real directory`).toBe(true);
  expect(runGo(root)).toBe(versionLine);
}

/** Asserts nothing is installed for this release name (no dir, no partial dir with a suffix). */
export function expectNotInstalled(sb: Sandbox, name: string): void {
  const leftovers = listDir(sb.versionsDir).filter((e) => e === name || e.startsWith(`${name}.`) || e.startsWith(`${name}-`));
  expect(leftovers, `nothing under versions/ for ${name}`).toEqual([]);
}

/** Asserts no go* directory at all is under versions/. */
export function expectNoVersions(sb: Sandbox): void {
  expect(
    listDir(sb.versionsDir).filter((e) => e.startsWith('go')),
    'no go* under versions/',
  ).toEqual([]);
}

/** tmp/ is empty; with mustExist it must also exist (it does after any install that reached the store). */
export function expectTmpEmpty(sb: Sandbox, opts: { mustExist?: boolean } = {}): void {
  if (opts.mustExist) expect(existsSync(sb.tmpDir), `${sb.tmpDir} should exist`).toBe(true);
  expect(listDir(sb.tmpDir), 'tmp/ should be empty').toEqual([]);
}

/** No lock is held in the store (proper-lockfile's <name>.lock directories). */
export function expectNoLocks(sb: Sandbox): void {
  expect(
    listDir(sb.locksDir).filter((e) => e.endsWith('.lock')),
    'no lock left in locks/',
  ).toEqual([]);
}

/** Asserts a clean failure: the exit code, a `gosw: ` first line, no stack trace. */
export function expectFailure(r: RunResult, code: number | number[] = 1): void {
  const codes = Array.isArray(code) ? code : [code];
  expect(codes, describeRun(r)).toContain(r.code);
  expect(r.stderr.split('\n')[0], describeRun(r)).toMatch(/^gosw: /);
  expect(stackLines(r.stderr), `no stack trace in stderr:\n${r.stderr}`).toEqual([]);
}

export function expectSuccess(r: RunResult): void {
  expect(r.code, describeRun(r)).toBe(0);
}

/** After a failed install: nothing installed for name, tmp/ empty, no lock held. */
export function expectCleanAfterFailure(sb: Sandbox, name: string): void {
  expectNotInstalled(sb, name);
  expectTmpEmpty(sb);
  expectNoLocks(sb);
}

/** All paths under root (relative, dirs with a trailing slash), skipping the given relative prefixes. */
export function snapshotTree(root: string, skip: string[] = []): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      return;
    }
    if (rel && skip.some((s) => rel === s || rel.startsWith(`${s}/`))) return;
    if (st.isDirectory()) {
      if (rel) out.push(`${rel}/`);
      for (const e of readdirSync(abs)) walk(rel ? `${rel}/${e}` : e);
    } else out.push(rel);
  };
  walk('');
  return out.sort();
}

/** Paths under root whose base name matches. */
export function findNamed(root: string, re: RegExp): string[] {
  return snapshotTree(root).filter((p) => re.test(path.basename(p.replace(/\/$/, ''))));
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}
