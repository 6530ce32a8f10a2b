import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HOST_MOUNTINFO, makeSysroot } from '../helpers/sysroot.js';
import { makeTempDir } from '../helpers/tmp.js';

const CLI = fileURLToPath(new URL('../../dist/gosw.cjs', import.meta.url));

describe("gosw's own GOCACHE dir", () => {
  it("is put back to mode 0700 when it was made looser (it is gosw's own)", () => {
    const root = makeTempDir();
    const sysroot = makeSysroot({ osRelease: 'ID=debian\nVERSION_ID="12"\n', mountinfo: HOST_MOUNTINFO }, path.join(root, 'sysroot'));
    const dir = path.join(root, 'cache', 'gosw', 'go-build', 'debian-12');
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o755);
    const env = {
      PATH: process.env.PATH,
      HOME: root,
      XDG_CACHE_HOME: path.join(root, 'cache'),
      GOSW_SYSROOT: sysroot,
      GOSW_HOME: path.join(root, 'store'),
    };
    // gosw's GOCACHE is exported only while a version is active: a project with an installed one.
    const bin = path.join(root, 'store', 'versions', 'go1.22.5', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(path.join(bin, 'go'), '#!/bin/sh\n', { mode: 0o755 });
    const proj = path.join(root, 'proj');
    mkdirSync(proj);
    writeFileSync(path.join(proj, '.go-version'), '1.22.5\n');
    const r = spawnSync(process.execPath, [CLI, 'env', '--format', 'json'], { env, cwd: proj, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).GOCACHE).toBe(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
