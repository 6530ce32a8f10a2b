/**
 * writeFileAtomic (src/fsx.ts) and the version files of `gosw local` / `gosw global` against other
 * users, with real Unix users (test/helpers/users.ts; root only, else skipped with the reason):
 *
 * - a victim runs `gosw local` in a group-writable project dir where another member of the group
 *   planted a symlink at the temp name gosw will use, pointing at the victim's own file: the
 *   victim's file must stay as it was (the temp file is created O_EXCL|O_NOFOLLOW, random name);
 * - a symlinked .go-version (or store `version`) is written through to its target when the link
 *   is the user's own and the target a regular file the user may write; otherwise refused with
 *   one line, and neither link nor target changes. Never is the link silently replaced.
 *
 * The planted name is the one the old code used, `<file>.gosw-<pid>.tmp`: the pid is learnt
 * without a race by starting `sh`, which prints its pid and waits on stdin before exec'ing node
 * (exec keeps the pid); the symlink is planted while it waits.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI_PATH } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/tmp.js';
import { canMakeUsers, makeGroup, makeUser, type TestUser } from '../helpers/users.js';

const can = canMakeUsers();
if (!can.ok) console.warn(`[atomic-write] skipped: ${can.why}`);

interface World {
  victim: TestUser;
  attacker: TestUser;
  /** The victim's home: 0700, holding `bashrc` (0600, "precious") and the store. */
  vhome: string;
  bashrc: string;
  /** A project dir of the group, group-writable (02775), owned by the victim. */
  proj: string;
  env: Record<string, string>;
}

function world(): World {
  const root = makeTempDir('gosw-atomic-');
  chmodSync(root, 0o711);
  const group = makeGroup();
  const victim = makeUser(group);
  const attacker = makeUser(group);
  const vhome = path.join(root, 'victim');
  mkdirSync(vhome, { mode: 0o700 });
  chownSync(vhome, victim.uid, victim.gid);
  const bashrc = path.join(vhome, 'bashrc');
  writeFileSync(bashrc, 'precious\n', { mode: 0o600 });
  chownSync(bashrc, victim.uid, victim.gid);
  const proj = path.join(root, 'proj');
  mkdirSync(proj);
  chownSync(proj, victim.uid, group.gid);
  chmodSync(proj, 0o2775);
  const env = {
    PATH: '/usr/bin:/bin',
    HOME: vhome,
    GOSW_HOME: path.join(vhome, 'store'),
    XDG_CACHE_HOME: path.join(vhome, 'cache'),
    LANG: 'C.UTF-8',
  };
  return { victim, attacker, vhome, bashrc, proj, env };
}

/** `gosw <args>` as `user` in `cwd`; `beforeExec(pid)` runs once the pid is known and before node starts. */
async function goswAs(
  user: TestUser,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  beforeExec: (pid: number) => void = () => {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    'setpriv',
    [
      `--reuid=${user.uid}`,
      `--regid=${user.gid}`,
      '--init-groups',
      '--',
      'sh',
      '-c',
      'echo "$$"; read -r _; exec "$@"',
      'sh',
      process.execPath,
      CLI_PATH,
      ...args,
    ],
    { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const pid = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      const m = /^(\d+)\n/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    child.on('error', reject);
    child.on('exit', () => reject(new Error(`exited before printing its pid: ${stderr}`)));
  });
  beforeExec(pid);
  child.stdin.end('\n');
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, stdout: stdout.replace(/^\d+\n/, ''), stderr };
}

const leftovers = (dir: string) => readdirSync(dir).filter((n) => n.includes('.gosw-'));

describe.skipIf(!can.ok)('atomic writes against other users (real users)', () => {
  it('a symlink planted at the temp name in a group-writable dir does not make gosw local overwrite the victim file', async () => {
    const w = world();
    const r = await goswAs(w.victim, ['local', '1.22'], w.env, w.proj, (pid) => {
      const planted = w.attacker.run(['ln', '-s', w.bashrc, path.join(w.proj, `.go-version.gosw-${pid}.tmp`)]);
      expect(planted.status, planted.stderr).toBe(0);
    });
    expect(readFileSync(w.bashrc, 'utf8'), 'the victim file').toBe('precious\n');
    expect(r.code, r.stderr).toBe(0);
    const gv = path.join(w.proj, '.go-version');
    expect(lstatSync(gv).isFile(), '.go-version is a regular file, not the planted link').toBe(true);
    expect(readFileSync(gv, 'utf8')).toBe('1.22\n');
    expect(lstatSync(gv).uid).toBe(w.victim.uid);
    expect(lstatSync(gv).mode & 0o777).toBe(0o644);
  });

  it("gosw local through the user's own symlinked .go-version writes the target, in its directory, and keeps the link", async () => {
    const w = world();
    const shared = path.join(w.vhome, 'shared');
    mkdirSync(shared);
    const target = path.join(shared, 'go-version');
    writeFileSync(target, '1.21\n', { mode: 0o640 });
    chownSync(shared, w.victim.uid, w.victim.gid);
    chownSync(target, w.victim.uid, w.victim.gid);
    const link = path.join(w.proj, '.go-version');
    w.victim.run(['ln', '-s', target, link]);
    const r = await goswAs(w.victim, ['local', '1.22'], w.env, w.proj);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink(), 'the link is still a link').toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('1.22\n');
    expect(lstatSync(target).mode & 0o777, 'the mode of the file replaced').toBe(0o640);
    expect(r.stdout).toContain(target);
    expect([...leftovers(w.proj), ...leftovers(shared)]).toEqual([]);
  });

  it("a .go-version symlink planted by another user is refused in one line: the victim's file and the link stay", async () => {
    const w = world();
    const link = path.join(w.proj, '.go-version');
    expect(w.attacker.run(['ln', '-s', w.bashrc, link]).status).toBe(0);
    const r = await goswAs(w.victim, ['local', '1.22'], w.env, w.proj);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^gosw: ${link.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is a symbolic link owned by uid ${w.attacker.uid}`, 'm'),
    );
    expect(readFileSync(w.bashrc, 'utf8')).toBe('precious\n');
    expect(readlinkSync(link)).toBe(w.bashrc);
  });

  it.each<[string, (w: World) => string]>([
    [
      'a file the user may not write',
      (w) => {
        const f = path.join(w.proj, 'theirs');
        w.attacker.run(['sh', '-c', `umask 022; echo 1.20 > "$0"`, f]);
        return f;
      },
    ],
    [
      'a directory',
      (w) => {
        const d = path.join(w.vhome, 'dir');
        w.victim.run(['mkdir', d]);
        return d;
      },
    ],
    ['nothing (dangling)', (w) => path.join(w.vhome, 'missing')],
  ])("the user's own .go-version link to %s: refused in one line, nothing changes", async (_name, makeTarget) => {
    const w = world();
    const target = makeTarget(w);
    const before = (() => {
      try {
        return readFileSync(target, 'utf8');
      } catch {
        return undefined;
      }
    })();
    const link = path.join(w.proj, '.go-version');
    expect(w.victim.run(['ln', '-s', target, link]).status).toBe(0);
    const r = await goswAs(w.victim, ['local', '1.22'], w.env, w.proj);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/^gosw: .*\.go-version .*link/);
    expect(readlinkSync(link)).toBe(target);
    if (before !== undefined) expect(readFileSync(target, 'utf8')).toBe(before);
    expect(leftovers(w.proj)).toEqual([]);
  });

  it("gosw global through the user's own symlinked store version file writes the target and keeps the link", async () => {
    const w = world();
    const store = path.join(w.vhome, 'store');
    const dot = path.join(w.vhome, 'dotfiles');
    expect(w.victim.run(['mkdir', '-p', store, dot]).status).toBe(0);
    const target = path.join(dot, 'go-default');
    expect(w.victim.run(['sh', '-c', 'echo 1.21 > "$0"', target]).status).toBe(0);
    expect(w.victim.run(['ln', '-s', target, path.join(store, 'version')]).status).toBe(0);
    const r = await goswAs(w.victim, ['global', '1.22'], w.env, w.proj);
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(path.join(store, 'version')).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('1.22\n');
  });
});
