/**
 * The standalone binary (scripts/build-binary.mjs → dist/gosw, a Node single-executable
 * application): built once here, then run with an empty environment (no PATH, so no node to fall
 * back on) and compared with `node dist/gosw.cjs`.
 *
 * Runs `node scripts/build-binary.mjs` rather than `npm run build:binary`: the npm script would also
 * rebuild dist/gosw.cjs, which other test files are executing at the same time (vitest's globalSetup
 * and CI's `npm run build` have already built it). The build script takes a lock, so the
 * install.sh tests (which need dist/gosw too) wait for this build instead of racing it.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync, statSync, symlinkSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const BIN = path.join(ROOT, 'dist', 'gosw');
const BUNDLE = path.join(ROOT, 'dist', 'gosw.cjs');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let build: SpawnSyncReturns<string>;
let scratch: string;

beforeAll(() => {
  scratch = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'gosw-binary-test-')));
  build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-binary.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 170_000,
  });
}, 180_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The binary with an empty environment: `env -i dist/gosw ...`. */
function runBin(args: string[], cwd = scratch) {
  return spawnSync(BIN, args, { env: {}, cwd, encoding: 'utf8', timeout: 30_000 });
}

function runBundle(args: string[]) {
  return spawnSync(process.execPath, [BUNDLE, ...args], { env: {}, cwd: scratch, encoding: 'utf8', timeout: 30_000 });
}

describe('dist/gosw (single executable)', () => {
  it('is built by scripts/build-binary.mjs, which reports path and size', () => {
    expect(build.error).toBeUndefined();
    expect(build.status, `build failed:\n${build.stdout}\n${build.stderr}`).toBe(0);
    expect(build.stdout).toMatch(/^built .*dist\/gosw \(\d+(\.\d+)? MiB; /m);
    const st = statSync(BIN);
    expect(st.isFile()).toBe(true);
    expect(st.mode & 0o111).toBe(0o111);
    expect(st.size).toBeGreaterThan(10 * 1024 * 1024); // it carries a whole node
  });

  it.runIf(process.platform === 'linux')('is an ELF executable', () => {
    const head = Buffer.alloc(4);
    const fd = openSync(BIN, 'r');
    try {
      readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
    expect([...head]).toEqual([0x7f, 0x45, 0x4c, 0x46]); // \x7fELF
  });

  it('prints its version with an empty environment (no node on PATH), without the SEA warning', () => {
    const r = runBin(['--version']);
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`gosw ${VERSION}\n`);
    expect(r.status).toBe(0);
  });

  it('prints the same --help as node dist/gosw.cjs', () => {
    const bin = runBin(['--help']);
    const js = runBundle(['--help']);
    expect(bin.status).toBe(0);
    expect(bin.stderr).toBe('');
    expect(bin.stdout).toContain('Usage: gosw');
    expect(bin.stdout).toBe(js.stdout);
    expect(bin.status).toBe(js.status);
  });

  it('passes every argument to gosw (node does not parse them) and matches the bundle on errors', () => {
    for (const args of [[], ['--inspect'], ['--no-such-option'], ['no-such-command']]) {
      const bin = runBin(args);
      const js = runBundle(args);
      expect({ args, status: bin.status, stdout: bin.stdout, stderr: bin.stderr }).toEqual({
        args,
        status: js.status,
        stdout: js.stdout,
        stderr: js.stderr,
      });
      expect(bin.stderr).not.toMatch(/Debugger listening|bad option/);
    }
  });

  it('runs through a symlink and from any directory', () => {
    const link = path.join(scratch, 'gosw');
    rmSync(link, { force: true });
    symlinkSync(BIN, link);
    const r = spawnSync(link, ['--version'], { env: {}, cwd: '/', encoding: 'utf8', timeout: 30_000 });
    expect(r.stdout).toBe(`gosw ${VERSION}\n`);
    expect(r.status).toBe(0);
  });

  it('with --if-stale, does not rebuild an up-to-date binary', () => {
    const before = statSync(BIN).mtimeMs;
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-binary.mjs'), '--if-stale'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('up to date');
    expect(statSync(BIN).mtimeMs).toBe(before);
  });
});
