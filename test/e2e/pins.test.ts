/**
 * `gosw local` and `gosw global` with no argument show the pin and the file it is in (issue 13: a
 * user coming from goenv or mise types `gosw local` to ask what is pinned here). The launcher's
 * fast path prints the same lines (test/e2e/launcher-fast.test.ts); these run the real gosw.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFakeStore } from '../helpers/shell/fixtures.js';
import { CLI } from '../helpers/shell/shells.js';

const root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'gosw-pins-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function sandbox() {
  const base = path.join(root, `s${n++}`);
  const store = path.join(base, 'store');
  const proj = path.join(base, 'proj');
  mkdirSync(path.join(proj, 'sub'), { recursive: true });
  makeFakeStore(store);
  const gosw = (args: string[], cwd = proj) =>
    spawnSync(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH, HOME: base, GOSW_HOME: store, PWD: cwd, LANG: 'C.UTF-8' },
      encoding: 'utf8',
    });
  return { store, proj, gosw };
}

describe('gosw local with no argument', () => {
  it('shows what `gosw local <version>` pinned, and the file, also from below', () => {
    const { proj, gosw } = sandbox();
    expect(gosw(['local']).stdout).toBe(
      'none (no .go-version, .tool-versions, go.work or go.mod up from here; pin one with: gosw local <version>)\n',
    );
    expect(gosw(['local', '1.22']).status).toBe(0);
    for (const cwd of [proj, path.join(proj, 'sub')]) {
      const r = gosw(['local'], cwd);
      expect(r.stdout).toBe(`1.22 (from ${proj}/.go-version)\n`);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
  });

  it('names the nearest version file of any kind, in the words gosw local would write it', () => {
    const { proj, gosw } = sandbox();
    writeFileSync(path.join(proj, 'go.mod'), 'module x\n\ngo 1.22.3\n');
    expect(gosw(['local']).stdout).toBe(`1.22.3 (from ${proj}/go.mod)\n`);
    writeFileSync(path.join(proj, 'sub', '.tool-versions'), 'golang go1.20\n');
    expect(gosw(['local'], path.join(proj, 'sub')).stdout).toBe(`1.20.0 (from ${proj}/sub/.tool-versions)\n`);
  });

  it('warns about a file that names no version, as gosw current does, and looks further up', () => {
    const { proj, gosw } = sandbox();
    writeFileSync(path.join(proj, '.go-version'), 'latest\n');
    writeFileSync(path.join(proj, 'sub', '.go-version'), 'banana\n');
    const r = gosw(['local'], path.join(proj, 'sub'));
    expect(r.stderr).toBe(`gosw: ignoring ${proj}/sub/.go-version: "banana" is not a Go version\n`);
    expect(r.stdout).toBe(`latest (from ${proj}/.go-version)\n`);
  });

  it('still refuses two arguments', () => {
    const { gosw } = sandbox();
    expect(gosw(['local', '1.22', '1.21']).status).toBe(2);
  });
});

describe('gosw global with no argument', () => {
  it('shows the default and its file; none after --unset or when the file is invalid', () => {
    const { store, gosw } = sandbox();
    const none = 'none (no global default; set one with: gosw global <version>)\n';
    expect(gosw(['global']).stdout).toBe(none);
    expect(gosw(['global', 'go1.21.13']).status).toBe(0);
    expect(gosw(['global']).stdout).toBe(`1.21.13 (from ${store}/version)\n`);
    expect(gosw(['global', '--unset']).status).toBe(0);
    expect(gosw(['global']).stdout).toBe(none);
    writeFileSync(path.join(store, 'version'), '$(reboot)\n');
    const r = gosw(['global']);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, none, '']);
  });
});
