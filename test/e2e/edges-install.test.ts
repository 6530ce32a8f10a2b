/**
 * Issue 13, the install side of the rough edges, through a fake go.dev on 127.0.0.1:
 * - `install -q` prints nothing on success (errors still);
 * - Ctrl-C during a download: the bar's line is cleared, one line says what is true ("nothing was
 *   installed", or which versions were), exit 130, nothing half-written. The download is held by a
 *   server stall after some bytes, so the interrupt always lands mid-download; the tests wait on
 *   output and on bytes sent, never on time;
 * - `gosw exec --install` and GOSW_AUTO_INSTALL=1 install a missing version, then run the command.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH, describeRun } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import {
  expectFailure,
  expectInstalled,
  expectNoAlias,
  expectNoLocks,
  expectNotInstalled,
  expectSuccess,
  expectTmpEmpty,
} from '../helpers/store.js';
import { expectedVersionLine } from '../helpers/toolchain.js';

const V = 'go1.22.5';
const BIG = { toolchain: { extraFiles: 200 } };

describe('install --quiet: only errors', () => {
  it('prints nothing when it installs, nothing when it is already there, and the error when it fails', async () => {
    const t = await setupE2E();
    const first = await t.run(['install', '-q', '1.22.5']);
    expectSuccess(first);
    expect(first.stdout).toBe('');
    expect(first.stderr).toBe('');
    expectInstalled(t.sb, V, expectedVersionLine(V));
    const again = await t.run(['install', '--quiet', '1.22.5', '1.22']);
    expectSuccess(again);
    expect(again.stdout + again.stderr).toBe('');
    const bad = await t.run(['install', '-q', '1.99.1']);
    expectFailure(bad, 1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^gosw: .*1\.99\.1/m);
    // without -q, the summary is there
    const loud = await t.run(['install', '1.21.13']);
    expect(loud.stdout).toBe(`installed go1.21.13 in ${t.sb.version('go1.21.13')}\n`);
  });
});

describe('Ctrl-C during an install', () => {
  it('in a pipe: "gosw: interrupted; nothing was installed", exit 130, nothing left behind', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: BIG } });
    const rel = t.server.release(V);
    t.server.setFaults(rel.path, [{ type: 'stall', afterBytes: 8192 }]);
    const p = t.spawn(['install', '1.22.5'], { GOSW_HTTP_TIMEOUT: '120' });
    await t.server.waitForBytes(rel.path, 8192);
    await until(
      () => p.stderr().includes('gosw: downloading'),
      () => p.stderr(),
    );
    expect(p.running(), p.stderr()).toBe(true);
    p.child.kill('SIGINT');
    const r = await p.exited;
    expect(r.code, describeRun(r)).toBe(130);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('gosw: interrupted; nothing was installed');
    expect(r.stderr).not.toContain('\r');
    expectNotInstalled(t.sb, V);
    expectNoAlias(t.sb, '1.22');
    expectTmpEmpty(t.sb);
    expectNoLocks(t.sb);
  });

  it('says which versions were installed before the one that was interrupted', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: BIG } });
    const rel = t.server.release(V);
    t.server.setFaults(rel.path, [{ type: 'stall', afterBytes: 8192 }]);
    const p = t.spawn(['install', '1.21.13', '1.22.5'], { GOSW_HTTP_TIMEOUT: '120' });
    await t.server.waitForBytes(rel.path, 8192);
    p.child.kill('SIGINT');
    const r = await p.exited;
    expect(r.code, describeRun(r)).toBe(130);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('gosw: interrupted; installed go1.21.13; go1.22.5 was not installed');
    expectInstalled(t.sb, 'go1.21.13', expectedVersionLine('go1.21.13'));
    expectNotInstalled(t.sb, V);
    expectTmpEmpty(t.sb);
  });

  it('on a terminal: the bar line is cleared before the line that says so', async () => {
    const t = await setupE2E({ releaseOptions: { [V]: BIG } });
    const rel = t.server.release(V);
    t.server.setFaults(rel.path, [{ type: 'stall', afterBytes: 8192 }]);
    const child = spawn('script', ['-qfec', `'${process.execPath}' '${CLI_PATH}' install 1.22.5`, '/dev/null'], {
      env: t.env({ GOSW_HTTP_TIMEOUT: '120', TERM: 'xterm' }),
      cwd: t.sb.work,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let raw = '';
    child.stdout.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await t.server.waitForBytes(rel.path, 8192);
      // The bar is drawn (with a human rate, not a float) before the key is pressed.
      await until(
        () => /go1\.22\.5 \[[#.]+\] [\d.]+ \w+\/[\d.]+ \w+ [\d.]+ (B|KiB|MiB)\/s ETA \d+s/.test(raw),
        () => raw,
      );
      child.stdin.write('\x03'); // Ctrl-C, through the pty's line discipline: SIGINT to the foreground job
      const code = await exited;
      expect(code, raw).toBe(130);
    } finally {
      child.kill('SIGKILL');
    }
    const bars = raw.split(/\r\x1b\[2K/);
    const last = bars.at(-1)!;
    expect(last.replace(/\r/g, ''), JSON.stringify(raw.slice(-300))).toBe('gosw: interrupted; nothing was installed\n');
    expect(bars.at(-2), 'the segment before the clear is the bar').toMatch(/^go1\.22\.5 \[/);
    expect(raw).not.toMatch(/\d\.\d{3,} (B|KiB|MiB)\/s/);
    expectNotInstalled(t.sb, V);
    expectTmpEmpty(t.sb);
  });
});

describe('gosw exec --install / GOSW_AUTO_INSTALL=1', () => {
  it('without it: a missing version fails, naming --install, and nothing is downloaded', async () => {
    const t = await setupE2E();
    const r = await t.run(['exec', '1.22.4', '--', 'go', 'version']);
    expectFailure(r, 1);
    expect(r.stderr).toContain('gosw: Go 1.22.4 is not installed');
    expect(r.stderr).toContain('gosw exec --install 1.22.4 -- ...');
    const off = await t.run(['exec', '1.22.4', '--', 'go', 'version'], { GOSW_AUTO_INSTALL: '0' });
    expectFailure(off, 1);
    expect(t.server.requests().filter((q) => q.path.includes('go1.22.4'))).toEqual([]);
  });

  it("--install 1.22.4: installs it (messages on stderr), then runs the command with it; stdout is the command's", async () => {
    const t = await setupE2E();
    const r = await t.run(['exec', '--install', '1.22.4', '--', 'go', 'version']);
    expectSuccess(r);
    expect(r.stdout).toBe(`${expectedVersionLine('go1.22.4')}\n`);
    expect(r.stderr).toContain(`gosw: installed go1.22.4 in ${t.sb.version('go1.22.4')}`);
    expectInstalled(t.sb, 'go1.22.4', expectedVersionLine('go1.22.4'));
    // installed now: no second download, and the command's exit status is passed on
    const again = await t.run(['exec', '-i', '1.22.4', '--', 'sh', '-c', 'go version; exit 7']);
    expect(again.code, describeRun(again)).toBe(7);
    expect(again.stderr).not.toContain('installed');
    expect(t.server.requests().filter((q) => q.path.includes('go1.22.4.'))).toHaveLength(1);
  });

  it('GOSW_AUTO_INSTALL=1 with no version: installs what the project wants (.go-version, go.mod), as CI scripts need', async () => {
    const t = await setupE2E();
    const app = path.join(t.sb.work, 'app');
    mkdirSync(path.join(app, 'cmd'), { recursive: true });
    writeFileSync(path.join(app, 'go.mod'), 'module example.com/app\n\ngo 1.21.13\n');
    const r = await t.run(['exec', '--', 'go', 'version'], { GOSW_AUTO_INSTALL: '1' }, { cwd: path.join(app, 'cmd') });
    expectSuccess(r);
    expect(r.stdout).toBe(`${expectedVersionLine('go1.21.13')}\n`);
    expectInstalled(t.sb, 'go1.21.13', expectedVersionLine('go1.21.13'));
    writeFileSync(path.join(app, '.go-version'), '1.22\n');
    const line = await t.run(['exec', '--install', '-q', '--', 'go', 'version'], {}, { cwd: app });
    expectSuccess(line);
    expect(line.stdout).toBe(`${expectedVersionLine(V)}\n`);
    expect(line.stderr, '--quiet: nothing but the command').toBe('');
  });

  it('--install with a version that does not exist: the install error, no command run', async () => {
    const t = await setupE2E();
    const marker = path.join(t.sb.work, 'ran');
    const r = await t.run(['exec', '--install', '1.99.3', '--', 'touch', marker]);
    expectFailure(r, 1);
    expect(r.stderr).toMatch(/^gosw: .*1\.99\.3/m);
    expect(r.stdout).toBe('');
  });
});

/** Waits until cond() holds, polling gently; fails with what() after a generous deadline. */
async function until(cond: () => boolean, what: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms:\n${what().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
