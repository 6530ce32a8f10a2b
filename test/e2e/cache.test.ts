/**
 * `gosw cache info` and `gosw cache prune` end to end, on a generated Go-like build cache:
 * 00..ff shards, `<2hex>/<64hex>-a|-d` entries with chosen mtimes, README, trim.txt, files that are
 * not entries, a shard that is a symlink to a directory OUTSIDE the cache, and an entry that is a
 * symlink to a file outside. Prune must delete only real entries, least recently used first, and
 * never follow a symlink. The scope comes from a fixture os-release (ubuntu-22.04); the fixture
 * mountinfo puts everything on ext4, so nothing is probed.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, lutimesSync, mkdirSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PATH, makeSandbox, type Sandbox, sandboxEnv } from '../helpers/cli.js';
import { makeSysroot } from '../helpers/sysroot.js';
import { removeTree } from '../helpers/tmp.js';

const K = 1024;
const HOUR = 3600;
const DAY = 24 * HOUR;
const NOW = Math.floor(Date.now() / 1000);

/** A deterministic 64-hex hash starting with the shard's two digits. */
function hash(shard: string, n: number): string {
  return (shard + n.toString(16).padStart(8, '0').repeat(8)).slice(0, 64);
}

interface EntrySpec {
  name: string;
  shard: string;
  kind: 'a' | 'd';
  size: number;
  ageS: number;
}

/** Entries of one scope, oldest first: 1K, 1K, 2K, 2K, 4K, 4K = 14 KiB. */
const ENTRIES: EntrySpec[] = [
  { name: 'e1', shard: '00', kind: 'a', size: 1 * K, ageS: 90 * DAY },
  { name: 'e2', shard: '3f', kind: 'd', size: 1 * K, ageS: 60 * DAY },
  { name: 'e3', shard: '7a', kind: 'd', size: 2 * K, ageS: 40 * DAY },
  { name: 'e4', shard: 'a0', kind: 'a', size: 2 * K, ageS: 20 * DAY },
  { name: 'e5', shard: 'ff', kind: 'd', size: 4 * K, ageS: 10 * DAY },
  { name: 'e6', shard: '00', kind: 'a', size: 4 * K, ageS: 1 * HOUR },
];
const OLD = 100 * DAY;

interface Cache {
  dir: string;
  /** name -> path of each entry */
  entries: Record<string, string>;
  /** Regular files that are not entries (must survive every prune). */
  others: string[];
  /** Symlinks (must survive, with their targets). */
  links: string[];
  /** Bytes and count of the regular files in the tree (what info reports). */
  bytes: number;
  files: number;
}

function setFileTime(p: string, ageS: number): void {
  utimesSync(p, NOW - ageS, NOW - ageS);
}

/**
 * Builds a Go-like cache at dir; `outside` receives the targets of the hostile symlinks. With
 * allShards every shard 00..ff exists, as in a real cache; else only the ones used (mkdir is slow
 * on some CI disks, ~0.5 ms each).
 */
function buildCache(dir: string, outside: string, seed: number, allShards = true): Cache {
  const shards = allShards
    ? Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
    : ['00', '3f', '7a', 'a0', 'ff', 'ab', 'cd', 'ef'];
  mkdirSync(dir, { recursive: true });
  for (const sh of shards) mkdirSync(path.join(dir, sh));
  const c: Cache = { dir, entries: {}, others: [], links: [], bytes: 0, files: 0 };
  const put = (rel: string, size: number, ageS: number) => {
    const p = path.join(dir, rel);
    writeFileSync(p, Buffer.alloc(size, 0x67));
    setFileTime(p, ageS);
    c.bytes += size;
    c.files++;
    return p;
  };
  ENTRIES.forEach((e, i) => (c.entries[e.name] = put(path.join(e.shard, `${hash(e.shard, seed * 100 + i)}-${e.kind}`), e.size, e.ageS)));
  // Go's own non-entry files, and strays; all older than every entry
  c.others.push(put('README', 200, OLD));
  c.others.push(put('trim.txt', 10, OLD));
  c.others.push(put(path.join('ab', 'notanentry'), 300, OLD));
  c.others.push(put(path.join('ab', `${hash('ab', 1)}-a.tmp`), 300, OLD));
  c.others.push(put(path.join('ab', `${hash('ab', 2).toUpperCase()}-a`), 300, OLD));
  c.others.push(put(`${hash('12', 3)}-d`, 300, OLD)); // an entry name, but not inside a shard
  // a symlinked shard pointing outside, full of entry-named old files
  const outShard = path.join(outside, `shard-${seed}`);
  mkdirSync(outShard, { recursive: true });
  for (let i = 0; i < 3; i++) {
    const p = path.join(outShard, `${hash('cd', i)}-${i % 2 ? 'a' : 'd'}`);
    writeFileSync(p, Buffer.alloc(5000));
    setFileTime(p, OLD);
  }
  rmSync(path.join(dir, 'cd'), { recursive: true });
  symlinkSync(outShard, path.join(dir, 'cd'));
  c.links.push(path.join(dir, 'cd'));
  // an entry that is a symlink to an old file outside
  const victim = path.join(outside, `victim-${seed}`);
  writeFileSync(victim, Buffer.alloc(6000));
  setFileTime(victim, OLD);
  const link = path.join(dir, 'ef', `${hash('ef', 9)}-d`);
  symlinkSync(victim, link);
  lutimesSync(link, NOW - OLD, NOW - OLD);
  c.links.push(link);
  return c;
}

/** Every path under root (symlinks not followed) with type, size and mtime: compares whole trees. */
function snapshot(root: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    const st = lstatSync(p);
    const type = st.isSymbolicLink() ? 'l' : st.isDirectory() ? 'd' : 'f';
    out.push(
      `${type} ${path.relative(root, p) || '.'} ${type === 'f' ? st.size : ''} ${type === 'f' ? Math.floor(st.mtimeMs / 1000) : ''}`,
    );
    if (type === 'd') for (const n of readdirSync(p).sort()) walk(path.join(p, n));
  };
  walk(root);
  return out;
}

const exists = (p: string) => {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
};

interface Fx {
  sb: Sandbox;
  root: string;
  ubuntu: Cache;
  debian: Cache;
  env(extra?: Record<string, string | undefined>): Record<string, string>;
  /** Snapshot of the sandbox minus the store (caches, outside dir). */
  snap(): string[];
}

/** A fresh sandbox: ubuntu-22.04 (the current scope, all 256 shards) and debian-12 caches. */
function setup(opts: { emptyScope?: boolean } = {}): Fx {
  const sb = makeSandbox();
  // No kernel release in the fixture root: not WSL.
  const sysroot = makeSysroot(
    {
      mountinfo: '22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n',
      osRelease: 'NAME="Ubuntu"\nVERSION_ID="22.04"\nID=ubuntu\nID_LIKE=debian\n',
    },
    path.join(sb.root, 'sysroot'),
  );
  const root = path.join(sb.xdgCache, 'gosw', 'go-build');
  const ubuntu = buildCache(path.join(root, 'ubuntu-22.04'), sb.outside, 1);
  const debian = buildCache(path.join(root, 'debian-12'), sb.outside, 2, false);
  if (opts.emptyScope) mkdirSync(path.join(root, 'alpine-3.19'));
  return {
    sb,
    root,
    ubuntu,
    debian,
    env: (extra: Record<string, string | undefined> = {}) =>
      sandboxEnv(sb, {
        PATH: '/usr/bin:/bin',
        GOSW_SYSROOT: sysroot,
        ...extra,
      }),
    snap: () => [...snapshot(sb.xdgCache), ...snapshot(sb.outside)],
  };
}

function gosw(fx: Fx, args: string[], extra: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [CLI_PATH, ...args], { env: fx.env(extra), cwd: fx.sb.work, encoding: 'utf8', timeout: 30_000 });
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    dump: `gosw ${args.join(' ')}: exit ${r.status}\n--- stdout ---\n${r.stdout}--- stderr ---\n${r.stderr}`,
  };
}

/** Which of a cache's entries are still there. */
const left = (c: Cache) =>
  Object.entries(c.entries)
    .filter(([, p]) => exists(p))
    .map(([n]) => n);

/** Everything that is not an entry is untouched: other files, symlinks, and what they point at. */
function expectOnlyEntriesTouched(fx: Fx, before: string[]): void {
  const isEntryLine = (l: string) =>
    Object.values(fx.ubuntu.entries)
      .concat(Object.values(fx.debian.entries))
      .some((p) => l.startsWith(`f ${path.relative(fx.sb.xdgCache, p)} `));
  const after = fx.snap();
  // every line of `after` was in `before`; what disappeared are entries only
  expect(after.filter((l) => !before.includes(l))).toEqual([]);
  expect(before.filter((l) => !after.includes(l) && !isEntryLine(l))).toEqual([]);
  for (const c of [fx.ubuntu, fx.debian]) {
    for (const p of c.others) expect(exists(p), p).toBe(true);
    for (const p of c.links) expect(lstatSync(p).isSymbolicLink(), p).toBe(true);
  }
  expect(readdirSync(fx.sb.outside).length).toBe(4); // 2 shards + 2 victims
}

/**
 * One sandbox for the tests that must not change anything (info, dry runs, usage errors); each of
 * them checks the tree is unchanged afterwards. It has an empty alpine-3.19 scope too.
 */
let shared: Fx | undefined;
beforeAll(() => {
  shared = setup({ emptyScope: true });
});
afterAll(() => {
  if (shared && process.env.GOSW_TEST_KEEP !== '1') removeTree(shared.sb.root);
});
const readOnly = (): Fx => shared!;

describe('gosw cache info', () => {
  it('bytes and files of the current scope, in text', () => {
    const fx = readOnly();
    const r = gosw(fx, ['cache', 'info']);
    expect(r.code, r.dump).toBe(0);
    expect(fx.ubuntu.files).toBe(12);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^ubuntu-22\\.04  15 KiB in 12 files, \\d{4}-\\d\\d-\\d\\d … \\d{4}-\\d\\d-\\d\\d  \\(${fx.ubuntu.dir}\\)$`),
    );
  });

  it('--json: counts only regular files (not through the symlinked shard or entry), oldest/newest', () => {
    const fx = readOnly();
    const r = gosw(fx, ['cache', 'info', '--json']);
    expect(r.code, r.dump).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{
      scope: string;
      dir: string;
      bytes: number;
      files: number;
      oldest: string | null;
      newest: string | null;
    }>;
    expect(rows).toEqual([
      {
        scope: 'ubuntu-22.04',
        dir: fx.ubuntu.dir,
        bytes: fx.ubuntu.bytes,
        files: fx.ubuntu.files,
        oldest: new Date((NOW - OLD) * 1000).toISOString(),
        newest: new Date((NOW - HOUR) * 1000).toISOString(),
      },
    ]);
    expect(fx.ubuntu.bytes).toBe(14 * K + 200 + 10 + 4 * 300);
  });

  it('--scope and --all-scopes', () => {
    const fx = readOnly();
    const one = JSON.parse(gosw(fx, ['cache', 'info', '--json', '--scope', 'debian-12']).stdout) as Array<{ scope: string; bytes: number }>;
    expect(one.map((r) => [r.scope, r.bytes])).toEqual([['debian-12', fx.debian.bytes]]);
    const all = JSON.parse(gosw(fx, ['cache', 'info', '--json', '--all-scopes']).stdout) as Array<{
      scope: string;
      bytes: number;
      files: number;
    }>;
    expect(all.map((r) => r.scope).sort()).toEqual(['alpine-3.19', 'debian-12', 'ubuntu-22.04']);
    const none = JSON.parse(gosw(fx, ['cache', 'info', '--json', '--scope', 'alpine-3.19']).stdout) as Array<{
      bytes: number;
      files: number;
      oldest: unknown;
    }>;
    expect(none).toEqual([
      { scope: 'alpine-3.19', dir: path.join(fx.root, 'alpine-3.19'), bytes: 0, files: 0, oldest: null, newest: null },
    ]);
  });

  it('--format prometheus: HELP and TYPE lines, then one sample per scope with a scope label', () => {
    const fx = readOnly();
    // alpine-3.19 is an empty scope: no oldest/newest samples
    const r = gosw(fx, ['cache', 'info', '--format', 'prometheus', '--all-scopes']);
    expect(r.code, r.dump).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    for (const metric of ['gosw_gocache_bytes', 'gosw_gocache_files', 'gosw_gocache_oldest_seconds', 'gosw_gocache_newest_seconds']) {
      const help = lines.findIndex((l) => l.startsWith(`# HELP ${metric} `));
      expect(help, `${metric} HELP\n${r.stdout}`).toBeGreaterThanOrEqual(0);
      expect(lines[help + 1]).toBe(`# TYPE ${metric} gauge`);
      const samples = lines.filter((l) => l.startsWith(`${metric}{`));
      for (const s of samples) expect(s).toMatch(new RegExp(`^${metric}\\{scope="[A-Za-z0-9._-]+"\\} -?\\d+$`));
      // samples come after their TYPE line
      for (const s of samples) expect(lines.indexOf(s)).toBeGreaterThan(help + 1);
    }
    expect(lines).toContain(`gosw_gocache_bytes{scope="ubuntu-22.04"} ${fx.ubuntu.bytes}`);
    expect(lines).toContain(`gosw_gocache_bytes{scope="debian-12"} ${fx.debian.bytes}`);
    expect(lines).toContain(`gosw_gocache_bytes{scope="alpine-3.19"} 0`);
    expect(lines).toContain(`gosw_gocache_files{scope="ubuntu-22.04"} 12`);
    expect(lines).toContain(`gosw_gocache_oldest_seconds{scope="ubuntu-22.04"} ${NOW - OLD}`);
    expect(lines).toContain(`gosw_gocache_newest_seconds{scope="debian-12"} ${NOW - HOUR}`);
    expect(lines.filter((l) => l.includes('alpine-3.19'))).toHaveLength(2); // bytes and files only
    // the exposition format allows nothing else
    for (const l of lines) expect(l).toMatch(/^(# (HELP|TYPE) \S+ .+|[a-z_]+\{scope="[^"]*"\} -?\d+)$/);
  });

  it('an unknown --format is refused', () => {
    const fx = readOnly();
    const r = gosw(fx, ['cache', 'info', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown format 'xml'/);
  });
});

describe('gosw cache prune', () => {
  it('--dry-run says what would go and removes nothing', () => {
    const fx = readOnly();
    const before = fx.snap();
    const r = gosw(fx, ['cache', 'prune', '--older-than', '30d', '--dry-run']);
    expect(r.code, r.dump).toBe(0);
    expect(r.stdout).toBe('ubuntu-22.04: would remove 3 entries (4.0 KiB), keeping 10 KiB\n');
    expect(fx.snap()).toEqual(before);
    expect(readdirSync(fx.root).sort()).toEqual(['alpine-3.19', 'debian-12', 'ubuntu-22.04']);
    const n = gosw(fx, ['cache', 'prune', '--max-size', '1', '-n']);
    expect(n.stdout).toMatch(/^ubuntu-22\.04: would remove 6 entries/);
    expect(fx.snap()).toEqual(before);
  });

  it('--older-than 30d removes the entries unused for 30 days, and nothing else', () => {
    const fx = setup();
    const before = fx.snap();
    const r = gosw(fx, ['cache', 'prune', '--older-than', '30d']);
    expect(r.code, r.dump).toBe(0);
    expect(r.stdout).toBe('ubuntu-22.04: removed 3 entries (4.0 KiB), 10 KiB left\n');
    expect(left(fx.ubuntu)).toEqual(['e4', 'e5', 'e6']);
    expect(left(fx.debian)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expectOnlyEntriesTouched(fx, before);
    // the lock taken for the prune is gone again
    expect(readdirSync(fx.root).sort()).toEqual(['debian-12', 'ubuntu-22.04']);
  });

  it('--max-size removes least recently used entries until the entries fit', () => {
    const fx = setup();
    const before = fx.snap();
    const r = gosw(fx, ['cache', 'prune', '--max-size', '9K']);
    expect(r.code, r.dump).toBe(0);
    expect(r.stdout).toBe('ubuntu-22.04: removed 4 entries (6.0 KiB), 8.0 KiB left\n');
    expect(left(fx.ubuntu)).toEqual(['e5', 'e6']);
    expectOnlyEntriesTouched(fx, before);
  });

  it('--older-than and --max-size together; a second run has nothing left to do', () => {
    const fx = setup();
    const before = fx.snap();
    expect(gosw(fx, ['cache', 'prune', '--older-than', '50d', '--max-size', '11K']).stdout).toBe(
      'ubuntu-22.04: removed 3 entries (4.0 KiB), 10 KiB left\n',
    );
    expect(left(fx.ubuntu)).toEqual(['e4', 'e5', 'e6']);
    expect(gosw(fx, ['cache', 'prune', '--older-than', '50d', '--max-size', '11K']).stdout).toBe(
      'ubuntu-22.04: removed 0 entries (0 B), 10 KiB left\n',
    );
    expectOnlyEntriesTouched(fx, before);
  });

  it('--max-size 0 removes every entry; the symlinked shard, the symlink entry and their targets survive', () => {
    const fx = setup();
    const before = fx.snap();
    const r = gosw(fx, ['cache', 'prune', '--max-size', '0']);
    expect(r.code, r.dump).toBe(0);
    expect(left(fx.ubuntu)).toEqual([]);
    expectOnlyEntriesTouched(fx, before);
    expect(readdirSync(path.join(fx.ubuntu.dir, 'cd')).length).toBe(3); // through the link: still there
  });

  it('--scope S prunes only that scope', () => {
    const fx = setup();
    const before = fx.snap();
    const r = gosw(fx, ['cache', 'prune', '--older-than', '30d', '--scope', 'debian-12']);
    expect(r.code, r.dump).toBe(0);
    expect(r.stdout).toBe('debian-12: removed 3 entries (4.0 KiB), 10 KiB left\n');
    expect(left(fx.debian)).toEqual(['e4', 'e5', 'e6']);
    expect(left(fx.ubuntu)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expectOnlyEntriesTouched(fx, before);
  });

  it('--all-scopes prunes every scope', () => {
    const fx = setup();
    const before = fx.snap();
    const r = gosw(fx, ['cache', 'prune', '--older-than', '30d', '--all-scopes']);
    expect(r.code, r.dump).toBe(0);
    expect(r.stdout.trimEnd().split('\n').sort()).toEqual([
      'debian-12: removed 3 entries (4.0 KiB), 10 KiB left',
      'ubuntu-22.04: removed 3 entries (4.0 KiB), 10 KiB left',
    ]);
    expect(left(fx.debian)).toEqual(['e4', 'e5', 'e6']);
    expect(left(fx.ubuntu)).toEqual(['e4', 'e5', 'e6']);
    expectOnlyEntriesTouched(fx, before);
    expect(readdirSync(fx.root).sort()).toEqual(['debian-12', 'ubuntu-22.04']);
  });

  it('the default scope follows WSL_DISTRO_NAME: a scope with no cache is reported, nothing else touched', () => {
    const fx = setup();
    const before = fx.snap();
    const r = gosw(fx, ['cache', 'prune', '--max-size', '0'], { WSL_DISTRO_NAME: 'Ubuntu-24.04' });
    expect(r.code, r.dump).toBe(0);
    expect(r.stdout).toBe(`Ubuntu-24.04: no cache at ${path.join(fx.root, 'Ubuntu-24.04')}\n`);
    expect(fx.snap()).toEqual(before);
  });

  it("GOSW_GOCACHE=inherit prunes the user's own GOCACHE", () => {
    const fx = setup();
    const before = fx.snap();
    const r = gosw(fx, ['cache', 'prune', '--older-than', '30d'], { GOSW_GOCACHE: 'inherit', GOCACHE: fx.debian.dir });
    expect(r.code, r.dump).toBe(0);
    expect(r.stdout).toBe('inherit: removed 3 entries (4.0 KiB), 10 KiB left\n');
    expect(left(fx.debian)).toEqual(['e4', 'e5', 'e6']);
    expect(left(fx.ubuntu)).toHaveLength(6);
    expectOnlyEntriesTouched(fx, before);
  });

  it.each<[string, string[], Record<string, string>, RegExp]>([
    ['no criteria', ['prune'], {}, /say what to prune/],
    ['a bad duration', ['prune', '--older-than', '30'], {}, /is not a duration/],
    ['a bad size', ['prune', '--max-size', '10X'], {}, /is not a size/],
    ['--scope with --all-scopes', ['prune', '--max-size', '0', '--scope', 'debian-12', '--all-scopes'], {}, /not both/],
    ['a scope that is a path', ['prune', '--max-size', '0', '--scope', '../debian-12'], {}, /is not a scope name/],
    ['a scope that is a path (info)', ['info', '--scope', '/etc'], {}, /is not a scope name/],
    ['GOSW_GOCACHE=off', ['prune', '--max-size', '0'], { GOSW_GOCACHE: 'off' }, /manages no GOCACHE/],
    ['inherit without GOCACHE', ['prune', '--max-size', '0'], { GOSW_GOCACHE: 'inherit' }, /GOCACHE is not set/],
    ['no subcommand', [], {}, /give a subcommand/],
    ['an unknown subcommand', ['clean'], {}, /unknown cache subcommand 'clean'/],
  ])('usage error, nothing touched: %s', (_name, args, extra, msg) => {
    const fx = readOnly();
    const before = fx.snap();
    const r = gosw(fx, ['cache', ...args], extra);
    expect(r.code, r.dump).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stdout).toBe('');
    expect(fx.snap()).toEqual(before);
  });

  // Regression (fixed): src/commands/cache.ts targets() turns every name under go-build/ into a scope with
  // readdirSync, and cacheEntries() then readdirSync()s that path, following a symlink. A
  // go-build/<name> symlink to a directory elsewhere makes `gosw cache prune --all-scopes` delete
  // entry-named files in that directory (and `info --all-scopes` count them): the only place prune
  // follows a symlink. Expected: a symlinked scope is skipped (or at least not pruned through).
  it('--all-scopes does not prune through a scope that is a symlink to a directory outside', () => {
    const fx = setup();
    const elsewhere = path.join(fx.sb.outside, 'elsewhere');
    const hostile = buildCache(elsewhere, path.join(fx.sb.outside, 'x'), 3);
    symlinkSync(elsewhere, path.join(fx.root, 'linked-scope'));
    const r = gosw(fx, ['cache', 'prune', '--max-size', '0', '--all-scopes']);
    expect(r.code, r.dump).toBe(0);
    expect(left(fx.ubuntu)).toEqual([]);
    expect(left(hostile)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
  });

  // Regression (fixed; the three tests below): src/commands/cache.ts targets() takes the scopes' root from the
  // plan, path.dirname(plan.dir), but under GOSW_GOCACHE=inherit plan.dir is the user's own
  // GOCACHE and under off there is none. So with inherit, `--scope S` acts on
  // dirname($GOCACHE)/S instead of <cache>/gosw/go-build/S, and `--all-scopes` treats every
  // sibling of $GOCACHE as a scope and prunes Go-cache-shaped files in them; with off (or inherit
  // and no GOCACHE), `--scope S` is refused with the hint "use --scope S".
  it("GOSW_GOCACHE=inherit: --scope S still means gosw's go-build/S", () => {
    const fx = setup();
    const mine = path.join(fx.sb.xdgCache, 'my-gocache');
    mkdirSync(mine);
    const r = gosw(fx, ['cache', 'prune', '--older-than', '30d', '--scope', 'debian-12'], { GOSW_GOCACHE: 'inherit', GOCACHE: mine });
    expect(r.code, r.dump).toBe(0);
    expect(left(fx.debian)).toEqual(['e4', 'e5', 'e6']);
  });

  it("GOSW_GOCACHE=inherit: --all-scopes prunes gosw's scopes and never a sibling of the user's GOCACHE", () => {
    const fx = setup();
    const mine = path.join(fx.sb.xdgCache, 'my-gocache');
    mkdirSync(mine);
    const sibling = buildCache(path.join(fx.sb.xdgCache, 'some-other-tool'), path.join(fx.sb.outside, 'y'), 4, false);
    const r = gosw(fx, ['cache', 'prune', '--max-size', '0', '--all-scopes'], { GOSW_GOCACHE: 'inherit', GOCACHE: mine });
    expect(r.code, r.dump).toBe(0);
    // entries left: the sibling must keep all 6, gosw's scopes must be emptied
    expect({ sibling: left(sibling).length, ubuntu: left(fx.ubuntu).length, debian: left(fx.debian).length }, r.dump).toEqual({
      sibling: 6,
      ubuntu: 0,
      debian: 0,
    });
  });

  it('GOSW_GOCACHE=off: --scope S works, as the error hint suggests', () => {
    const fx = setup();
    const hint = gosw(fx, ['cache', 'info'], { GOSW_GOCACHE: 'off' });
    expect(hint.stderr).toMatch(/hint: use --scope S/);
    const r = gosw(fx, ['cache', 'prune', '--older-than', '30d', '--scope', 'debian-12'], { GOSW_GOCACHE: 'off' });
    expect(r.code, r.dump).toBe(0);
    expect(left(fx.debian)).toEqual(['e4', 'e5', 'e6']);
  });
});

describe("gosw cache prune: the prompt hook's stamp files", () => {
  it('removes those of exited shells (both places), keeps live ones and anything else', () => {
    const fx = setup();
    const run = path.join(fx.sb.root, 'run');
    mkdirSync(run, { mode: 0o700 });
    const cacheDir = path.join(fx.sb.xdgCache, 'gosw');
    // A pid that was alive a moment ago and is not any more.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const files = {
      deadInCache: path.join(cacheDir, `gosw-hook.${gone}`),
      deadInRun: path.join(run, `gosw-hook.${gone}`),
      live: path.join(cacheDir, `gosw-hook.${process.pid}`),
      other: path.join(cacheDir, 'gosw-hook.notapid'),
    };
    for (const f of Object.values(files)) writeFileSync(f, '');
    const dry = gosw(fx, ['cache', 'prune', '--older-than', '30d', '--dry-run'], { XDG_RUNTIME_DIR: run });
    expect(dry.code, dry.dump).toBe(0);
    expect(dry.stdout).toContain('would remove 2 stamp files of exited shells\n');
    for (const f of Object.values(files)) expect(exists(f), f).toBe(true);
    const r = gosw(fx, ['cache', 'prune', '--older-than', '30d'], { XDG_RUNTIME_DIR: run });
    expect(r.code, r.dump).toBe(0);
    expect(r.stdout).toContain('removed 2 stamp files of exited shells\n');
    expect(exists(files.deadInCache)).toBe(false);
    expect(exists(files.deadInRun)).toBe(false);
    expect(exists(files.live)).toBe(true);
    expect(exists(files.other)).toBe(true);
    // Nothing to say the second time.
    expect(gosw(fx, ['cache', 'prune', '--older-than', '30d'], { XDG_RUNTIME_DIR: run }).stdout).not.toContain('stamp');
  });
});
