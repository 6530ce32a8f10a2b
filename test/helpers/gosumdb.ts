/**
 * A real Go module proxy for golang.org/toolchain and a real checksum database on 127.0.0.1: the
 * Go program in test/fixtures/gosumdb/main.go (golang.org/x/mod's sumdb TestServer, note, tlog,
 * dirhash), built once per source version with Debian's golang-1.19-go and
 * golang-golang-x-mod-dev (GOPATH mode, offline; .ci/run installs both). gosw's TypeScript
 * sumdb code is checked against it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { onTestFinished } from 'vitest';
import { toolchainModuleVersion } from '../../src/goproxy/config.js';
import { REPO_ROOT } from './cli.js';
import { makeTempDir } from './tmp.js';
import { haveTool } from './tools.js';
import { toolchainEntries, platform, type Platform } from './toolchain.js';

const SOURCE = path.join(REPO_ROOT, 'test', 'fixtures', 'gosumdb', 'main.go');
const GO = ['/usr/lib/go-1.19/bin/go', 'go'].find((g) => g === 'go' || existsSync(g)) ?? 'go';
const GOPATH = '/usr/share/gocode';

/** Whether the fixture can be built here (Go 1.19+ and x/mod's sources); under CI=1 it must. */
export function canBuildGosumdb(): boolean {
  if (!haveTool(GO, ['version'])) return false;
  const ok = existsSync(path.join(GOPATH, 'src', 'golang.org', 'x', 'mod', 'sumdb', 'server.go'));
  if (!ok && process.env.CI === '1') throw new Error('golang-golang-x-mod-dev is missing: CI=1 requires it (.ci/run installs it)');
  if (!ok) console.warn('[tests] golang-golang-x-mod-dev is missing: the checksum database tests are skipped');
  return ok;
}

/** The fixture binary, built into the OS temp dir once per version of its source. */
export function buildGosumdb(): string {
  const src = readFileSync(SOURCE);
  const id = createHash('sha256').update(src).digest('hex').slice(0, 16);
  const dir = path.join(os.tmpdir(), `gosw-gosumdb-${id}`);
  const bin = path.join(dir, 'gosumdb');
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const tmp = `${bin}.${process.pid}`;
  const r = spawnSync(GO, ['build', '-o', tmp, SOURCE], {
    encoding: 'utf8',
    timeout: 300_000,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: dir,
      GO111MODULE: 'off',
      GOPATH,
      GOCACHE: path.join(dir, 'cache'),
      GOFLAGS: '',
      CGO_ENABLED: '0',
    },
  });
  if (r.status !== 0) throw new Error(`building ${SOURCE} failed:\n${r.stderr}${r.error ?? ''}`);
  renameSync(tmp, bin); // atomic: concurrent test files never run half a binary
  return bin;
}

export interface Gosumdb {
  /** http://127.0.0.1:port: the proxy (GOPROXY) and, under /sumdb/<name>/, the database. */
  url: string;
  /** Verifier key of the database (name+hash+key). */
  vkey: string;
  name: string;
  /** Tree size at start. */
  size: number;
  /** /control/grow, /control/fork, /control/lie?mv= */
  control(op: 'grow' | 'fork' | 'lie', query?: Record<string, string>): Promise<void>;
  close(): void;
}

/** The module version of a fake toolchain for this platform (Go's GOARCH spelling). */
export function moduleVersion(release: string, p: Platform = platform()): string {
  return toolchainModuleVersion(release, p.os, p.arch);
}

/**
 * Starts the fixture with the given toolchains (fake ones, the files a go.dev archive would hold
 * under go/) for the given platforms (default: this machine's) after `pad` padding records.
 * Stopped when the test finishes.
 */
export async function startGosumdb(opts: { releases: string[]; pad?: number; platforms?: Platform[] }): Promise<Gosumdb> {
  const bin = buildGosumdb();
  const trees = makeTempDir('gosw-gosumdb-trees-');
  // Each release for each platform (default: this machine's), as distpack would publish them.
  for (const p of opts.platforms ?? [platform()])
    for (const release of opts.releases) {
      const root = path.join(trees, moduleVersion(release, p));
      for (const e of toolchainEntries(release, { platform: p })) {
        if ((e.type ?? 'file') !== 'file') continue;
        const rel = e.name.replace(/^go\//, '');
        const file = path.join(root, rel);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, e.content ?? '');
        chmodSync(file, (e.mode ?? 0o644) & 0o777);
      }
    }
  const child: ChildProcess = spawn(bin, ['-trees', trees, '-pad', String(opts.pad ?? 300)], { stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => void child.kill('SIGKILL'));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`gosumdb exited (${code}): ${stderr}`)));
  });
  const info = JSON.parse(line) as { addr: string; vkey: string; name: string; size: number };
  const url = `http://${info.addr}`;
  return {
    url,
    vkey: info.vkey,
    name: info.name,
    size: info.size,
    control: async (op, query = {}) => {
      const res = await fetch(`${url}/control/${op}?${new URLSearchParams(query)}`, { method: 'POST' });
      if (!res.ok) throw new Error(`control ${op}: ${res.status} ${await res.text()}`);
    },
    close: () => void child.kill('SIGKILL'),
  };
}
