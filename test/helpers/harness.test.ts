/** Tests of the test harness itself: tar writer, fake toolchain, fake server, proxy, CLI runner. */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as nodeTar from 'tar';
import { ProxyAgent, fetch as undiciFetch } from 'undici';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliEnv, CLI_PATH, makeSandbox, runCli, spawnCli } from './cli.js';
import { FakeGoServer, INDEX_PATH, compareReleases, sha256 } from './server.js';
import { startProxy } from './e2e.js';
import { paxRecord, tar, tarGz, type TarEntry } from './tar-writer.js';
import { archiveName, expectedVersionLine, fakeToolchain, platform, toolchainEntries } from './toolchain.js';
import { makeTempDir, waitFor } from './tmp.js';

async function server(): Promise<FakeGoServer> {
  const s = await FakeGoServer.start();
  onTestFinished(() => s.close());
  return s;
}

/** curl, asynchronously: the proxy and server live in this process, so a sync spawn would deadlock. */
function curl(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['--max-time', '10', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: unknown }).code as number | null) : 0;
      resolve({ status: typeof code === 'number' ? code : 1, stdout, stderr });
    });
  });
}

function gnuList(archive: Buffer, dir: string, gz = true): { status: number | null; stdout: string; stderr: string } {
  const f = path.join(dir, gz ? 'a.tar.gz' : 'a.tar');
  writeFileSync(f, archive);
  const r = spawnSync('tar', [gz ? '-tvzf' : '-tvf', f, '--numeric-owner'], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LONG = `go/src/${'very-long-directory-name/'.repeat(6)}${'x'.repeat(120)}.go`;

const SAMPLE: TarEntry[] = [
  { name: 'go/', type: 'dir' },
  { name: 'go/plain.txt', content: 'hello\n', mode: 0o644 },
  { name: 'go/bin/suid', content: '#!/bin/sh\n', mode: 0o4755, uid: 12345, gid: 12345 },
  { name: 'go/bin/sgid', content: '#!/bin/sh\n', mode: 0o2755 },
  { name: 'go/link', type: 'symlink', linkname: '/etc' },
  { name: 'go/hard', type: 'hardlink', linkname: 'go/plain.txt' },
  { name: 'go/null', type: 'char', devmajor: 1, devminor: 3 },
  { name: 'go/loop', type: 'block', devmajor: 7, devminor: 0 },
  { name: 'go/fifo', type: 'fifo' },
  { name: LONG, content: 'long\n' },
  { name: 'go/short', content: 'x', pax: { path: 'go/renamed-by-pax' } },
];

describe('tar writer', () => {
  it('pax records count their own length', () => {
    for (const v of ['a', 'x'.repeat(90), 'y'.repeat(995), 'z'.repeat(9995)]) {
      const rec = paxRecord('path', v);
      const len = Number(rec.slice(0, rec.indexOf(' ')));
      expect(Buffer.byteLength(rec)).toBe(len);
    }
  });

  it('writes archives GNU tar lists with every type, mode, owner and long names', () => {
    const dir = makeTempDir();
    const r = gnuList(tarGz(SAMPLE), dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(SAMPLE.length);
    const line = (suffix: string) => lines.find((l) => l.endsWith(suffix)) ?? `(no line ending in ${suffix})`;
    expect(line(' go/')).toMatch(/^drwxr-xr-x 0\/0 /);
    expect(line(' go/plain.txt')).toMatch(/^-rw-r--r-- 0\/0 +6 2024-01-01/);
    expect(line(' go/bin/suid')).toMatch(/^-rwsr-xr-x 12345\/12345 /);
    expect(line(' go/bin/sgid')).toMatch(/^-rwxr-sr-x 0\/0 /);
    expect(line(' go/link -> /etc')).toMatch(/^lrwxrwxrwx /);
    expect(line(' go/hard link to go/plain.txt')).toMatch(/^hrw-r--r-- /);
    expect(line(' go/null')).toMatch(/^crw-r--r-- 0\/0 +1,3 /);
    expect(line(' go/loop')).toMatch(/^brw-r--r-- 0\/0 +7,0 /);
    expect(line(' go/fifo')).toMatch(/^prw-r--r-- /);
    expect(line(` ${LONG}`)).toMatch(/^-rw-r--r-- /);
    expect(line(' go/renamed-by-pax')).toMatch(/^-rw-r--r-- /);
  });

  it('node-tar parses the same entries (paths, types, modes, owners)', async () => {
    const seen: { path: string; type: string; mode?: number; uid?: number; linkpath?: string }[] = [];
    const parser = new nodeTar.Parser({
      onReadEntry: (e) => {
        seen.push({ path: e.path, type: e.type, mode: e.mode, uid: e.uid, linkpath: e.linkpath });
        e.resume();
      },
    });
    await new Promise<void>((resolve, reject) => {
      parser.on('end', resolve);
      parser.on('error', reject);
      parser.end(tar(SAMPLE));
    });
    expect(seen.map((s) => s.path)).toEqual([
      'go/',
      'go/plain.txt',
      'go/bin/suid',
      'go/bin/sgid',
      'go/link',
      'go/hard',
      'go/null',
      'go/loop',
      'go/fifo',
      LONG,
      'go/renamed-by-pax',
    ]);
    expect(seen.map((s) => s.type)).toEqual([
      'Directory',
      'File',
      'File',
      'File',
      'SymbolicLink',
      'Link',
      'CharacterDevice',
      'BlockDevice',
      'FIFO',
      'File',
      'File',
    ]);
    expect(seen[2]).toMatchObject({ mode: 0o4755, uid: 12345 });
    expect(seen[4]!.linkpath).toBe('/etc');
  });

  it('a wrong checksum is detected by GNU tar (so the checksums we write matter)', () => {
    const dir = makeTempDir();
    const r = gnuList(tar([{ name: 'go/a', content: 'a', checksumOverride: 1234 }]), dir, false);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/header|checksum|archive/i);
  });

  it('GNU tar extracts contents and hostile names are written verbatim', () => {
    const dir = makeTempDir();
    const archive = tar([
      { name: 'go/a.txt', content: 'AAA' },
      { name: '../escape', content: 'x' },
      { name: '/abs/path', content: 'y' },
    ]);
    const r = gnuList(archive, dir, false);
    expect(r.stdout).toContain(' ../escape');
    expect(r.stdout).toContain(' /abs/path');
    execFileSync('tar', ['-xf', path.join(dir, 'a.tar'), '-C', dir, 'go/a.txt']);
    expect(readFileSync(path.join(dir, 'go/a.txt'), 'utf8')).toBe('AAA');
  });
});

describe('fake toolchain', () => {
  it('is named for this platform and its go prints its version and GOROOT', () => {
    const dir = makeTempDir();
    const p = platform();
    expect(archiveName('1.22.5')).toBe(`go1.22.5.${p.os}-${p.arch}.tar.gz`);
    const f = path.join(dir, 't.tar.gz');
    writeFileSync(f, fakeToolchain('go1.22.5', { extraFiles: 5 }));
    execFileSync('tar', ['-xzf', f, '-C', dir]);
    const goroot = path.join(dir, 'go');
    expect(lstatSync(path.join(goroot, 'bin/go')).mode & 0o777).toBe(0o755);
    expect(execFileSync(path.join(goroot, 'bin/go'), ['version'], { encoding: 'utf8' }).trim()).toBe(expectedVersionLine('1.22.5'));
    expect(execFileSync(path.join(goroot, 'bin/go'), ['env', 'GOROOT'], { encoding: 'utf8' }).trim()).toBe(goroot);
    // Through a symlink (the store's aliases), GOROOT is still the real directory.
    symlinkSync(goroot, path.join(dir, 'alias'));
    expect(execFileSync(path.join(dir, 'alias/bin/go'), ['env', 'GOROOT'], { encoding: 'utf8' }).trim()).toBe(goroot);
    expect(readFileSync(path.join(goroot, 'VERSION'), 'utf8').split('\n')[0]).toBe('go1.22.5');
    expect(existsSync(path.join(goroot, 'src/pkg0/file4.go'))).toBe(true);
  });

  it('extraFiles adds filler entries', () => {
    expect(toolchainEntries('go1.22.5', { extraFiles: 3000 }).length).toBeGreaterThan(3000);
  });
});

describe('fake server', () => {
  it('serves a go.dev-shaped index, newest first, whose sha256 and size match the served archive', async () => {
    const s = await server();
    s.addRelease('go1.21.13');
    s.addRelease('go1.23rc1');
    s.addRelease('go1.22.5');
    s.addRelease('go1.20');
    const res = await fetch(s.indexUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const index = (await res.json()) as {
      version: string;
      stable: boolean;
      files: { filename: string; sha256: string; size: number; kind: string; os: string; arch: string }[];
    }[];
    expect(index.map((r) => r.version)).toEqual(['go1.23rc1', 'go1.22.5', 'go1.21.13', 'go1.20']);
    expect(index.map((r) => r.stable)).toEqual([false, true, true, true]);
    const p = platform();
    const file = index[1]!.files.find((f) => f.kind === 'archive' && f.os === p.os && f.arch === p.arch)!;
    expect(file.filename).toBe(archiveName('go1.22.5'));
    const body = Buffer.from(await (await fetch(`${s.downloadUrl}/${file.filename}`)).arrayBuffer());
    expect(sha256(body)).toBe(file.sha256);
    expect(body.length).toBe(file.size);
    const mirrored = Buffer.from(await (await fetch(`${s.mirrorUrl}/${file.filename}`)).arrayBuffer());
    expect(mirrored.equals(body)).toBe(true);
    expect((await fetch(`${s.downloadUrl}/nope.tar.gz`)).status).toBe(404);
    expect(s.count(INDEX_PATH)).toBe(1);
    expect(s.count(s.release('go1.22.5').path)).toBe(1);
  });

  it('orders releases like go.dev', () => {
    const names = ['go1.21.0', 'go1.21rc2', 'go1.20', 'go1.21.1', 'go1.21rc1', 'go1.9', 'go1.21beta1', 'go1.20.14'];
    expect([...names].sort(compareReleases)).toEqual([
      'go1.9',
      'go1.20',
      'go1.20.14',
      'go1.21beta1',
      'go1.21rc1',
      'go1.21rc2',
      'go1.21.0',
      'go1.21.1',
    ]);
  });

  it('can advertise a wrong sha256 and serve other bytes on the mirror', async () => {
    const s = await server();
    const rel = s.addRelease('go1.22.5', { sha256: 'ab'.repeat(32) });
    const index = (await (await fetch(s.indexUrl)).json()) as { files: { filename: string; sha256: string }[] }[];
    expect(index[0]!.files.find((f) => f.filename === rel.filename)!.sha256).toBe('ab'.repeat(32));
    s.alwaysFault(rel.mirrorPath, { type: 'body', body: 'not the archive' });
    expect(await (await fetch(s.url + rel.mirrorPath)).text()).toBe('not the archive');
    expect(await (await fetch(s.url + rel.mirrorPath)).text()).toBe('not the archive');
  });

  it('status sequences: 500, 500, then the resource; counted per path', async () => {
    const s = await server();
    const rel = s.addRelease('go1.22.5');
    s.statusSequence(rel.path, [500, 503, 200]);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await fetch(s.url + rel.path);
      statuses.push(r.status);
      await r.arrayBuffer();
    }
    expect(statuses).toEqual([500, 503, 200, 200]);
    expect(s.count(rel.path)).toBe(4);
    expect(s.countStatus(rel.path, 500)).toBe(1);
  });

  it('serves HTML with 200 and broken index bodies', async () => {
    const s = await server();
    s.alwaysFault(INDEX_PATH, { type: 'html' });
    const r = await fetch(s.indexUrl);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(await r.text()).toMatch(/^<!DOCTYPE html>/);
    s.clearFaults();
    s.setIndexBody('[{"version": "go1.2');
    expect(await (await fetch(s.indexUrl)).text()).toBe('[{"version": "go1.2');
  });

  it('ETag: If-None-Match gets 304, a changed index gets 200', async () => {
    const s = await server();
    s.addRelease('go1.22.5');
    const first = await fetch(s.indexUrl);
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    expect(etag).toMatch(/^".+"$/);
    const second = await fetch(s.indexUrl, { headers: { 'if-none-match': etag } });
    expect(second.status).toBe(304);
    s.addRelease('go1.22.6');
    const third = await fetch(s.indexUrl, { headers: { 'if-none-match': etag } });
    expect(third.status).toBe(200);
    await third.arrayBuffer();
    expect(s.countStatus(INDEX_PATH, 304)).toBe(1);
    expect(s.requests(INDEX_PATH)[1]!.headers['if-none-match']).toBe(etag);
  });

  it('truncated bodies make the client fail', async () => {
    const s = await server();
    const rel = s.addRelease('go1.22.5', { toolchain: { extraFiles: 50 } });
    s.alwaysFault(rel.path, { type: 'truncate', afterBytes: 100 });
    const r = await fetch(s.url + rel.path);
    expect(Number(r.headers.get('content-length'))).toBe(rel.tarball.length);
    await expect(r.arrayBuffer()).rejects.toThrow();
    expect(s.bytesSent(rel.path)).toBe(100);
  });

  it('stalls after some bytes, or before the headers; close() still returns promptly', async () => {
    const s = await server();
    const rel = s.addRelease('go1.22.5');
    s.alwaysFault(rel.path, { type: 'stall', afterBytes: 10 });
    const r = await fetch(s.url + rel.path, { signal: AbortSignal.timeout(500) });
    expect(r.status).toBe(200);
    const t0 = Date.now();
    await expect(r.arrayBuffer()).rejects.toThrow();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    s.alwaysFault(INDEX_PATH, { type: 'stall' });
    await expect(fetch(s.indexUrl, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    const pending = fetch(s.indexUrl).catch((e: unknown) => e);
    await s.waitForRequests(INDEX_PATH, 2);
    const c0 = Date.now();
    await s.close();
    expect(Date.now() - c0).toBeLessThan(2000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('throttles bodies and reports when N bytes were sent; gates hold requests', async () => {
    const s = await server();
    const rel = s.addRelease('go1.22.5', { toolchain: { extraFiles: 200 } });
    expect(rel.tarball.length).toBeGreaterThan(40_000);
    s.throttle(rel.path, { bytesPerTick: 4096, tickMs: 20 });
    const gate = s.gate(rel.path);
    const t0 = Date.now();
    const p = fetch(s.url + rel.path).then(async (r) => Buffer.from(await r.arrayBuffer()));
    await s.waitForRequests(rel.path, 1);
    // Held by the gate: nothing sent yet.
    await new Promise((r) => setTimeout(r, 100));
    expect(s.bytesSent(rel.path)).toBe(0);
    gate.open();
    await s.waitForBytes(rel.path, 16_384);
    expect(s.bytesSent(rel.path)).toBeLessThan(rel.tarball.length);
    const body = await p;
    expect(body.equals(rel.tarball)).toBe(true);
    // ceil(size / 4096) ticks of 20 ms at least.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(Math.floor(rel.tarball.length / 4096) * 20);
  });

  it('gate after headers holds the body only', async () => {
    const s = await server();
    const rel = s.addRelease('go1.22.5');
    const gate = s.gate(rel.path, { afterHeaders: true });
    const r = await fetch(s.url + rel.path);
    expect(r.status).toBe(200);
    expect(s.bytesSent(rel.path)).toBe(0);
    gate.open();
    expect(Buffer.from(await r.arrayBuffer()).equals(rel.tarball)).toBe(true);
  });

  it('reset destroys the connection', async () => {
    const s = await server();
    s.alwaysFault(INDEX_PATH, { type: 'reset' });
    await expect(fetch(s.indexUrl)).rejects.toThrow();
  });
});

describe('proxy', () => {
  it('forwards absolute-form requests (curl -x) and tunnels CONNECT (curl -p -x)', async () => {
    const s = await server();
    s.addRelease('go1.22.5');
    const proxy = await startProxy();
    const plain = await curl(['-sS', '--noproxy', '', '-x', proxy.url, s.indexUrl]);
    expect(plain.status, plain.stderr).toBe(0);
    expect(JSON.parse(plain.stdout)[0].version).toBe('go1.22.5');
    expect(proxy.forwardCount).toBe(1);
    const tunnel = await curl(['-sS', '--noproxy', '', '-p', '-x', proxy.url, s.indexUrl]);
    expect(tunnel.status, tunnel.stderr).toBe(0);
    expect(JSON.parse(tunnel.stdout)[0].version).toBe('go1.22.5');
    expect(proxy.connectCount).toBe(1);
    expect(proxy.records[1]!.target).toBe(`127.0.0.1:${s.port}`);
    expect(s.count(INDEX_PATH)).toBe(2);
  });

  it("works for undici's ProxyAgent (CONNECT)", async () => {
    const s = await server();
    s.addRelease('go1.22.5');
    const proxy = await startProxy();
    const agent = new ProxyAgent(proxy.url);
    try {
      const r = await undiciFetch(s.indexUrl, { dispatcher: agent });
      expect(r.status).toBe(200);
      expect(((await r.json()) as { version: string }[])[0]!.version).toBe('go1.22.5');
    } finally {
      await agent.close();
    }
    expect(proxy.count).toBeGreaterThanOrEqual(1);
    expect(s.count(INDEX_PATH)).toBe(1);
  });

  it('refuses to forward anywhere but loopback', async () => {
    const proxy = await startProxy();
    const r = await curl(['-s', '-o', '/dev/null', '-w', '%{http_code}', '--noproxy', '', '-x', proxy.url, 'http://example.invalid/x']);
    expect(r.stdout).toBe('403');
  });
});

describe('cli runner', () => {
  it('builds a clean environment without the parent proxy variables', () => {
    const sb = makeSandbox();
    const saved = { ...process.env };
    process.env.HTTP_PROXY = 'http://leak.invalid:1';
    process.env.https_proxy = 'http://leak.invalid:1';
    process.env.GOSW_MIRROR = 'http://leak.invalid/';
    try {
      const env = cliEnv(
        sb,
        { indexUrl: 'http://127.0.0.1:1/index.json', downloadUrl: 'http://127.0.0.1:1/dl' },
        { GOSW_HTTP_TIMEOUT: undefined, NO_PROXY: '127.0.0.1' },
      );
      expect(Object.keys(env).filter((k) => /proxy|MIRROR/i.test(k))).toEqual(['NO_PROXY']);
      expect(env.GOSW_HOME).toBe(sb.goswHome);
      expect(env.HOME).toBe(sb.home);
      expect(env.GOSW_HTTP_TIMEOUT).toBeUndefined();
      expect(env.GOSW_HTTP_BACKOFF_MS).toBe('50');
      expect(env.GOSW_INDEX_URL).toBe('http://127.0.0.1:1/index.json');
    } finally {
      process.env = saved;
    }
  });

  it('runs the built CLI and reports code and output', async () => {
    expect(existsSync(CLI_PATH), 'dist/gosw.cjs is built by the global setup').toBe(true);
    const sb = makeSandbox();
    const r = await runCli(['--version'], { env: cliEnv(sb) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gosw \d+\.\d+\.\d+/);
    const bad = await runCli(['no-such-command'], { env: cliEnv(sb) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^gosw: unknown command/);
  });

  it('spawn variant can kill -9 a running CLI', async () => {
    const s = await server();
    s.alwaysFault(INDEX_PATH, { type: 'stall' });
    const sb = makeSandbox();
    const p = spawnCli(['list-remote'], { env: cliEnv(sb, s, { GOSW_HTTP_TIMEOUT: '30' }) });
    expect(p.running()).toBe(true);
    // Either it reaches the server (stalls there), or the command is not implemented yet and exits.
    await waitFor(() => s.count(INDEX_PATH) > 0 || !p.running(), { message: 'index requested or exited' });
    const r = await p.kill9();
    if (s.count(INDEX_PATH) > 0) expect(r.signal).toBe('SIGKILL');
    expect(p.running()).toBe(false);
  });
});
