/**
 * Real throwaway Unix users for tests about other users' files (a planted symlink, a directory
 * pre-created in /var/tmp). Only root can make them; `canMakeUsers()` says why not otherwise, so a
 * test can skip with that reason. Users (and their group) are removed when the test finishes,
 * together with anything listed in `cleanup`.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { onTestFinished } from 'vitest';

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  /** Runs argv as this user (setpriv: real and effective ids, supplementary groups from /etc/group). */
  run(argv: readonly string[], opts?: { env?: Record<string, string>; cwd?: string; input?: string }): SpawnSyncReturns<string>;
}

export function canMakeUsers(): { ok: boolean; why: string } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { ok: false, why: 'needs root (useradd)' };
  for (const tool of ['useradd', 'groupadd', 'setpriv']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) return { ok: false, why: `${tool} is not installed` };
  }
  return { ok: true, why: '' };
}

export interface TestGroup {
  name: string;
  gid: number;
  /** Users made in this group (removed before the group). */
  users: string[];
}

/** A new group (for a group-writable project dir shared by several users); removed after the test with its users. */
export function makeGroup(): TestGroup {
  const name = `gswg${randomBytes(4).toString('hex')}`;
  execFileSync('groupadd', [name]);
  const gid = Number(execFileSync('getent', ['group', name], { encoding: 'utf8' }).split(':')[2]);
  const group: TestGroup = { name, gid, users: [] };
  onTestFinished(() => {
    for (const u of group.users) spawnSync('userdel', [u]);
    spawnSync('groupdel', [name]);
  });
  return group;
}

/** A new user with no home and no login, in `group` when given (else in a fresh group of its own). */
export function makeUser(group?: TestGroup): TestUser {
  const g = group ?? makeGroup();
  const name = `gswu${randomBytes(4).toString('hex')}`;
  execFileSync('useradd', ['-M', '-N', '-g', g.name, '-d', '/nonexistent', '-s', '/usr/sbin/nologin', name]);
  g.users.push(name);
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  return {
    name,
    uid,
    gid: g.gid,
    run: (argv, opts = {}) =>
      spawnSync('setpriv', [`--reuid=${uid}`, `--regid=${g.gid}`, '--init-groups', '--', ...argv], {
        env: opts.env ?? { PATH: '/usr/bin:/bin' },
        cwd: opts.cwd ?? '/',
        input: opts.input,
        encoding: 'utf8',
        timeout: 30_000,
      }),
  };
}

/** Removes `p` (recursively) when the test finishes: for paths outside temp dirs, e.g. /var/tmp/gosw-<uid>. */
export function cleanupPath(p: string): void {
  onTestFinished(() => rmSync(p, { recursive: true, force: true }));
}
