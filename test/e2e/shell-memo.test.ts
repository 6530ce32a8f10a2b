/**
 * The prompt hook's memo (shell/memo.sh) in real bash and zsh: once an answer is memoized, every
 * change that can alter it must be seen at the very next prompt, and nothing else may make the
 * hook walk again. Each scenario first lets the memo take hold (the stamp must be 2 s old, so the
 * script sleeps), checks that the next hook call was answered from the memo (no full resolve),
 * then changes one thing and checks the answer of the next call.
 *
 * A full resolve is counted by wrapping __gosw_resolve, so "answered from the memo" is observed,
 * not assumed.
 */
import { chmodSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeShellSandbox, writeTree, type ShellSandbox } from '../helpers/shell/fixtures.js';
import { HOST_OS_RELEASE, sysrootEnv } from '../helpers/sysroot.js';
import { q, runShell, SHELL_NAMES, writeInit, type ShellName } from '../helpers/shell/shells.js';

interface Step {
  label: string;
  /** Shell commands run (after the memo took hold) before the hook is called. */
  change: string;
  /** GOSW_CURRENT after the hook ('-': none). */
  expect: string;
  /** cd here (relative to the project tree) before settling; default: the deep dir. */
  cd?: string;
  /**
   * Let the memo take hold first and check it answers (default true). Not where the walk goes up
   * to / : /tmp, above the sandbox, changes all the time while other tests run, and every change
   * of a directory walked rightly drops the memo.
   */
  settle?: boolean;
}

const MATURE = 'sleep 2.2';

function wrapResolve(shell: ShellName): string {
  // Count full resolves: the memo's hits are the hook calls that do not get here.
  return shell === 'bash'
    ? 'eval "__t_resolve() $(declare -f __gosw_resolve | tail -n +2)"\n__gosw_resolve() { resolves=$((resolves + 1)); __t_resolve; }\n'
    : 'functions[__t_resolve]=$functions[__gosw_resolve]\n__gosw_resolve() { resolves=$((resolves + 1)); __t_resolve; }\n';
}

function script(shell: ShellName, init: string, base: string, steps: Step[]): string {
  const cd = shell === 'zsh' ? 'builtin cd -q' : 'builtin cd';
  let s = `resolves=0\nsource ${q(init)}\n${wrapResolve(shell)}`;
  s += `echo "Z \${__gosw_z:-none}"\n`;
  for (const st of steps) {
    s += `${cd} ${q(path.join(base, st.cd ?? 'proj/a/b/c'))}\n`;
    // Settle: a full resolve after the stamp is old enough keeps the answer; the next call must
    // then come from the memo (H = resolves during that call, expected 0).
    // (The short sleep: a change in the same clock tick as the stamp makes the next full resolve
    // write the stamp again, and that must happen before the 2 s wait, not after it.)
    if (st.settle ?? true)
      s += `_gosw_hook; sleep 0.05; _gosw_hook; ${MATURE}; _gosw_hook; r0=$resolves; _gosw_hook; echo "H ${st.label} $((resolves - r0)) \${GOSW_CURRENT:--}"\n`;
    else s += '_gosw_hook\n';
    s += `${st.change}\n`;
    s += `_gosw_hook; echo "S ${st.label} \${GOSW_CURRENT:--}"\n`;
  }
  return s;
}

interface Parsed {
  stamp: string;
  hits: Record<string, { resolves: number; current: string }>;
  after: Record<string, string>;
}

function parse(out: string): Parsed {
  const p: Parsed = { stamp: '', hits: {}, after: {} };
  for (const line of out.split('\n')) {
    const f = line.split(' ');
    if (f[0] === 'Z') p.stamp = f[1]!;
    if (f[0] === 'H') p.hits[f[1]!] = { resolves: Number(f[2]), current: f[3]! };
    if (f[0] === 'S') p.after[f[1]!] = f[2]!;
  }
  return p;
}

describe.each(SHELL_NAMES)('%s: the hook memo', (shell) => {
  let sb: ShellSandbox;
  let run: string;
  let base: string;

  /**
   * A GOSW_SYSROOT whose mount table has <base>/other on nfs4 (another machine's clock); the host's
   * os-release, as the shells read it without a fixture.
   */
  const nfsSysroot = (dir: string) =>
    sysrootEnv(
      {
        mountinfo: `22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n90 22 0:50 / ${path.join(base, 'other')} rw,relatime - nfs4 srv:/export rw\n`,
        osRelease: HOST_OS_RELEASE,
      },
      dir,
    );

  beforeAll(() => {
    sb = makeShellSandbox();
    run = path.join(sb.root, 'run');
    mkdirSync(run, { mode: 0o700 });
    chmodSync(run, 0o700);
    base = path.join(sb.work, 'memo');
    writeTree(base, {
      'proj/.go-version': '1.22.3\n',
      'proj/a/b/.tool-versions': 'nodejs 20.1.0\n',
      'proj/a/b/c/.keep': '',
      'other/x/.keep': '',
      'other/.go-version': '1.21.13\n',
      'bare/x/.keep': '',
      'sw/one/.go-version': '1.21.13\n',
      'sw/one/x/.keep': '',
      'sw/two/.go-version': '1.22.3\n',
      'sw/two/y/.keep': '',
    });
  });
  afterAll(() => sb?.remove());

  const p = (rel: string) => q(path.join(base, rel));
  const store = () => q(sb.store);

  it('sees every change that alters the answer at the next prompt, and is used when nothing changed', { timeout: 90_000 }, async () => {
    const steps: Step[] = [
      { label: 'new-file-in-a-parent', change: `echo 1.21.13 > ${p('proj/a/.go-version')}`, expect: 'go1.21.13' },
      { label: 'file-removed', change: `rm ${p('proj/a/.go-version')}`, expect: 'go1.22.3' },
      // Same size, same second: only the file's own modification time tells.
      { label: 'rewritten-in-place', change: `printf '1.22.5\\n' 1<> ${p('proj/.go-version')}`, expect: 'go1.22.5' },
      { label: 'go-mod-in-cwd', change: `printf 'module m\\n\\ngo 1.20\\n' > ${p('proj/a/b/c/go.mod')}`, expect: 'go1.20.14' },
      { label: 'go-mod-removed', change: `rm ${p('proj/a/b/c/go.mod')}`, expect: 'go1.22.5' },
      // A file that was read but did not count (no golang line) starts to count.
      {
        label: 'tool-versions-gains-golang',
        change: `printf 'nodejs 20.1.0\\ngolang 1.21.13\\n' 1<> ${p('proj/a/b/.tool-versions')}`,
        expect: 'go1.21.13',
      },
      { label: 'tool-versions-removed', change: `rm ${p('proj/a/b/.tool-versions')}`, expect: 'go1.22.5' },
      { label: 'renamed-away', change: `mv ${p('proj/.go-version')} ${p('proj/go-version.bak')}`, expect: '-' },
      { label: 'renamed-back', settle: false, change: `mv ${p('proj/go-version.bak')} ${p('proj/.go-version')}`, expect: 'go1.22.5' },
      { label: 'uninstalled', change: `mv ${store()}/versions/go1.22.5 ${store()}/gone`, expect: '-' },
      { label: 'reinstalled', change: `mv ${store()}/gone ${store()}/versions/go1.22.5`, expect: 'go1.22.5' },
      { label: 'binary-removed', change: `mv ${store()}/versions/go1.22.5/bin/go ${store()}/go.bak`, expect: '-' },
      { label: 'binary-back', change: `mv ${store()}/go.bak ${store()}/versions/go1.22.5/bin/go`, expect: 'go1.22.5' },
      // No version file at all: the answer is the global default's, and it can appear later.
      { label: 'global-default-set', cd: 'bare/x', settle: false, change: `echo 1.21.13 > ${store()}/version`, expect: 'go1.21.13' },
      {
        label: 'global-default-changed',
        cd: 'bare/x',
        settle: false,
        change: `echo 1.22.3 > ${store()}/version.tmp && mv ${store()}/version.tmp ${store()}/version`,
        expect: 'go1.22.3',
      },
      { label: 'global-default-unset', cd: 'bare/x', settle: false, change: `rm ${store()}/version`, expect: '-' },
      // Switching between two projects: both answers stay memoized (checked by the H line of the
      // next step, which settles in proj after this one ends in other).
      { label: 'switch-to-other', change: `builtin cd ${p('other/x')}`, expect: 'go1.21.13' },
    ];
    const init = writeInit(path.join(sb.root, 'init'), shell);
    const r = await runShell(shell, script(shell, init, base, steps), {
      env: sb.env({ XDG_RUNTIME_DIR: run }),
      cwd: sb.home,
      scriptDir: path.join(sb.root, 'scripts'),
      timeoutMs: 85_000,
    });
    expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('gosw: go1.22.5 (from'))).toEqual([]);
    expect(r.code).toBe(0);
    const got = parse(r.stdout);
    expect(got.stamp).toBe(path.join(run, 'gosw-hook.') + got.stamp.split('.').pop());
    for (const st of steps) {
      if (st.settle ?? true) expect(got.hits[st.label]?.resolves, `${st.label}: answered from the memo before the change`).toBe(0);
      expect(got.after[st.label], `${st.label}: after the change`).toBe(st.expect);
    }
    // The stamp is the only file the memo writes.
    expect(readdirSync(run)).toEqual([path.basename(got.stamp)]);
  });

  it('switching between two projects is answered from the memo both ways', { timeout: 30_000 }, async () => {
    const init = writeInit(path.join(sb.root, 'init2'), shell);
    const cd = shell === 'zsh' ? 'builtin cd -q' : 'builtin cd';
    const s = `resolves=0\nsource ${q(init)}\n${wrapResolve(shell)}
${cd} ${p('sw/one/x')}; _gosw_hook; ${cd} ${p('sw/two/y')}; _gosw_hook
${MATURE}
${cd} ${p('sw/one/x')}; _gosw_hook; ${cd} ${p('sw/two/y')}; _gosw_hook
r0=$resolves
for i in 1 2 3; do ${cd} ${p('sw/one/x')}; _gosw_hook; echo "A \${GOSW_CURRENT:--}"; ${cd} ${p('sw/two/y')}; _gosw_hook; echo "B \${GOSW_CURRENT:--}"; done
echo "R $((resolves - r0))"
`;
    const r = await runShell(shell, s, { env: sb.env({ XDG_RUNTIME_DIR: run }), cwd: sb.home, scriptDir: path.join(sb.root, 'scripts') });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('A '))).toEqual(['A go1.21.13', 'A go1.21.13', 'A go1.21.13']);
    expect(lines.filter((l) => l.startsWith('B '))).toEqual(['B go1.22.3', 'B go1.22.3', 'B go1.22.3']);
    expect(lines.at(-1)).toBe('R 0');
  });

  it('a first prompt in a new directory only walks; the next one checks and keeps the answer, and sees a change made in between', {
    timeout: 30_000,
  }, async () => {
    const init = writeInit(path.join(sb.root, 'init-pending'), shell);
    const cd = shell === 'zsh' ? 'builtin cd -q' : 'builtin cd';
    writeTree(base, { 'pend/.go-version': '1.22.3\n', 'pend/one/.keep': '', 'pend/two/.keep': '', 'pend/three/.keep': '' });
    // Stamp files written by the hook are counted: a miss writes nothing and tests nothing but the walk.
    const s = `resolves=0\nsource ${q(init)}\n${wrapResolve(shell)}
${MATURE}
${cd} ${p('pend/one')}; r0=$resolves; _gosw_hook; echo "M1 $((resolves - r0)) \${GOSW_CURRENT:--} \${__gosw_m0_pwd:--} \${__gosw_pn_pwd:--}"
echo 1.21.13 > ${p('pend/one/.go-version')}
r0=$resolves; _gosw_hook; echo "C1 $((resolves - r0)) \${GOSW_CURRENT:--}"
${cd} ${p('pend/two')}; r0=$resolves; _gosw_hook; echo "M2 $((resolves - r0)) \${GOSW_CURRENT:--}"
${MATURE}
r0=$resolves; _gosw_hook; echo "W2 $((resolves - r0)) \${GOSW_CURRENT:--}"
r0=$resolves; _gosw_hook; echo "K2 $((resolves - r0)) \${GOSW_CURRENT:--} \${__gosw_m0_pwd:--}"
r0=$resolves; _gosw_hook; echo "H2 $((resolves - r0)) \${GOSW_CURRENT:--}"
${cd} ${p('pend/three')}; r0=$resolves; _gosw_hook; echo "M3 $((resolves - r0)) \${GOSW_CURRENT:--}"
${cd} ${p('pend/two')}; r0=$resolves; _gosw_hook; echo "H4 $((resolves - r0)) \${GOSW_CURRENT:--}"
${cd} ${p('pend/three')}; r0=$resolves; _gosw_hook; echo "K3 $((resolves - r0)) \${GOSW_CURRENT:--} \${__gosw_m0_pwd:--}"
`;
    const r = await runShell(shell, s, { env: sb.env({ XDG_RUNTIME_DIR: run }), cwd: sb.home, scriptDir: path.join(sb.root, 'scripts') });
    expect(r.code, r.stderr).toBe(0);
    const one = path.join(base, 'pend/one');
    const two = path.join(base, 'pend/two');
    const three = path.join(base, 'pend/three');
    const lines = r.stdout.trim().split('\n');
    // W2: the stamp that change rewrote (C1) is young, so the walk of M2 is not kept and W2 walks
    // again; unless the machine took over 2 s from C1 to M2, when W2 already keeps it.
    expect(lines[3]).toMatch(/^W2 [01] go1\.22\.3$/);
    lines[3] = 'W2';
    expect(lines).toEqual([
      // the miss walks and keeps the answer pending, not yet in the memo
      `M1 1 go1.22.3 - ${one}`,
      // the file written after the walk: the pending answer is not kept, the walk sees the change
      'C1 1 go1.21.13',
      // then the pending answer is checked and kept without a walk (K2), and answers from the memo (H2)
      'M2 1 go1.22.3',
      'W2',
      `K2 0 go1.22.3 ${two}`,
      'H2 0 go1.22.3',
      // back and forth: three is pending while two stays in the memo, then three is kept
      'M3 1 go1.22.3',
      'H4 0 go1.22.3',
      `K3 0 go1.22.3 ${three}`,
    ]);
  });

  it('a prompt on a network filesystem leaves the answers kept for local projects alone', { timeout: 30_000 }, async () => {
    // A change on the nfs side is newer than the stamp; judging it would rewrite the stamp and
    // drop every kept answer. The nfs directory is not judged at all.
    const sys = nfsSysroot(path.join(sb.root, 'sysroot-nfs-other'));
    const init = writeInit(path.join(sb.root, 'init-nfs-other'), shell);
    const cd = shell === 'zsh' ? 'builtin cd -q' : 'builtin cd';
    const s = `resolves=0\nsource ${q(init)}\n${wrapResolve(shell)}
${cd} ${p('sw/one/x')}; _gosw_hook; sleep 0.05; _gosw_hook; ${MATURE}; _gosw_hook
r0=$resolves; _gosw_hook; echo "H $((resolves - r0)) \${GOSW_CURRENT:--}"
${cd} ${p('other/x')}; touch ${p('other/x/new-file')}; _gosw_hook; echo "N \${GOSW_CURRENT:--}"
${cd} ${p('sw/one/x')}; r0=$resolves; _gosw_hook; echo "B $((resolves - r0)) \${GOSW_CURRENT:--}"
`;
    const r = await runShell(shell, s, {
      env: sb.env({ XDG_RUNTIME_DIR: run, ...sys }),
      cwd: sb.home,
      scriptDir: path.join(sb.root, 'scripts'),
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(['H 0 go1.21.13', 'N go1.21.13', 'B 0 go1.21.13']);
  });

  describe('is not used where modification times cannot be trusted', () => {
    const cases: { name: string; env?: () => Record<string, string>; dir: () => string }[] = [
      { name: 'GOSW_HOOK_MEMO=off', env: () => ({ GOSW_HOOK_MEMO: 'off' }), dir: () => path.join(base, 'other/x') },
      {
        // The project on an NFS mount (a fixture mount table): another machine's clock.
        name: 'a network filesystem',
        env: () => {
          return nfsSysroot(path.join(sb.root, 'sysroot-nfs'));
        },
        dir: () => path.join(base, 'other/x'),
      },
      {
        // A symbolic link on the way: the mount table is matched by path, and the link's target
        // could be anywhere.
        name: 'a path through a symbolic link',
        dir: () => {
          const link = path.join(base, 'link-to-other');
          try {
            symlinkSync(path.join(base, 'other'), link);
          } catch {
            // made by the other shell's run
          }
          return path.join(link, 'x');
        },
      },
    ];
    it.each(cases)('$name', { timeout: 30_000 }, async (c) => {
      const init = writeInit(path.join(sb.root, `init-${c.name.replace(/\W+/g, '-')}`), shell);
      const cd = shell === 'zsh' ? 'builtin cd -q' : 'builtin cd';
      const s = `resolves=0\nsource ${q(init)}\n${wrapResolve(shell)}
${cd} ${q(c.dir())}; _gosw_hook; ${MATURE}; _gosw_hook
r0=$resolves; _gosw_hook; _gosw_hook; echo "R $((resolves - r0)) \${GOSW_CURRENT:--}"
`;
      const r = await runShell(shell, s, {
        env: sb.env({ XDG_RUNTIME_DIR: run, ...c.env?.() }),
        cwd: sb.home,
        scriptDir: path.join(sb.root, 'scripts'),
      });
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n').at(-1)).toBe('R 2 go1.21.13');
    });
  });
});
