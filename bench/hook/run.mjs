#!/usr/bin/env node
// Shell-hook benchmark: what gosw's prompt hook and its `eval "$(gosw env)"` init cost in bash and
// zsh, side by side with direnv and mise, in one run. See bench/hook/README.md.
// Plain Node ESM, no dependencies; drives real shells. Everything runs in a temp dir with its own
// HOME and XDG dirs, under a minimal environment (like `env -i`).

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOrInstallMise } from '../lib/mise.mjs';

import { completionStart, promptMiss, rowsMarkdown, rowTargets } from './rows.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const workDir = join(repo, 'bench', '.work');

// Targets (from the task): see README.
const TARGET_PROMPT_RATIO = 15; // depth 12: direnv / gosw and mise / gosw, per prompt
const TARGET_START_VS_DIRENV = 2; // gosw-init shell start / direnv-init shell start

const USAGE = `usage: node bench/hook/run.mjs [options]

  --reps N        repetitions of every per-prompt loop; the median is reported (default 5)
  --budget-ms N   target wall time of one timed loop; the iteration count is calibrated to it
                  and clamped to [20, 2000] for pure-shell hooks, [20, 200] for forking ones (default 400)
  --runs N        hyperfine runs per start-up variant (default 30; warmup 3)
  --no-build      use the existing dist/gosw.cjs instead of running \`npm run build\`
  --no-breakdown  skip the profile of gosw's hook (walk / read / parse / store lookup)
  --only LIST     comma-separated parts to run: prompt,startup,forks,miss,completion (default all)
  --json PATH     JSON report (default bench/.work/hook-result.json)
  --md PATH       markdown report (default bench/.work/hook-result.md)
  --keep          keep the temp dir (its path is printed)
  --strict        exit 3 when a target is missed (default: report it, exit 0)
`;

function parseArgs(argv) {
  const o = {
    reps: 5,
    budgetMs: 400,
    runs: 30,
    build: true,
    breakdown: true,
    only: new Set(['prompt', 'startup', 'forks', 'miss', 'completion']),
    json: join(workDir, 'hook-result.json'),
    md: join(workDir, 'hook-result.md'),
    keep: false,
    strict: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) die(`${a} needs a value`);
      return argv[++i];
    };
    const int = (min) => {
      const v = Number(val());
      if (!Number.isInteger(v) || v < min) die(`${a} needs an integer >= ${min}`);
      return v;
    };
    switch (a) {
      case '--reps':
        o.reps = int(1);
        break;
      case '--budget-ms':
        o.budgetMs = int(10);
        break;
      case '--runs':
        o.runs = int(2);
        break;
      case '--no-build':
        o.build = false;
        break;
      case '--no-breakdown':
        o.breakdown = false;
        break;
      case '--only':
        o.only = new Set(
          val()
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case '--json':
        o.json = resolve(val());
        break;
      case '--md':
        o.md = resolve(val());
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--strict':
        o.strict = true;
        break;
      case '-h':
      case '--help':
        process.stdout.write(USAGE);
        process.exit(0);
        break;
      default:
        die(`unknown option ${a}\n${USAGE}`);
    }
  }
  for (const p of o.only) if (!['prompt', 'startup', 'forks', 'miss', 'completion'].includes(p)) die(`--only: unknown part ${p}`);
  return o;
}

function die(msg) {
  process.stderr.write(`bench/hook: ${msg}\n`);
  process.exit(2);
}
const log = (msg) => process.stderr.write(`[hook-bench] ${msg}\n`);

function which(cmd) {
  for (const d of (process.env.PATH || '').split(':')) {
    const p = join(d || '.', cmd);
    if (existsSync(p)) return p;
  }
  return null;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20, ...opts });
  if (r.error) throw r.error;
  return r;
}

function firstLine(cmd, args, env) {
  try {
    const r = run(cmd, args, env ? { env } : {});
    return ((r.stdout || '') + (r.stderr || '')).split('\n')[0].trim();
  } catch {
    return null;
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const fmt = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(d));

// ---------------------------------------------------------------- fixture

const VERSIONS = { a: '1.22.5', b: '1.21.13' }; // .go-version of project a and b
const DEPTHS = [3, 12];
const MODES = ['same', 'switch'];

function makeFixture(tools, created) {
  const root = mkdtempSync(join(os.tmpdir(), 'gosw-hook-'));
  created(root); // removed at exit (also when set-up fails), unless --keep
  const x = {
    root,
    bin: join(root, 'bin'),
    lib: join(root, 'lib'),
    home: join(root, 'home'),
    data: join(root, 'xdg', 'data'),
    cache: join(root, 'xdg', 'cache'),
    config: join(root, 'xdg', 'config'),
    state: join(root, 'xdg', 'state'),
    run: join(root, 'run'), // XDG_RUNTIME_DIR, where the hook keeps its stamp file
  };
  for (const d of [x.bin, x.lib, x.home, x.data, x.cache, x.config, x.state]) mkdirSync(d, { recursive: true });
  mkdirSync(x.run, { mode: 0o700 });

  // gosw store (format 1) with two fake toolchains and the alias links install writes.
  const store = join(x.data, 'gosw');
  mkdirSync(join(store, 'versions'), { recursive: true });
  writeFileSync(join(store, 'store.json'), '{"format": 1}\n');
  const goName = (v) => `go${v}`;
  for (const v of Object.values(VERSIONS)) {
    const gr = join(store, 'versions', goName(v));
    mkdirSync(join(gr, 'bin'), { recursive: true });
    writeFileSync(join(gr, 'bin', 'go'), '#!/bin/sh\necho fake go\n');
    chmodSync(join(gr, 'bin', 'go'), 0o755);
    writeFileSync(join(gr, 'VERSION'), `${goName(v)}\ntime 2024-01-01T00:00:00Z\n`);
    symlinkSync(goName(v), join(store, 'versions', v.split('.').slice(0, 2).join('.')));
  }
  symlinkSync(goName(VERSIONS.a), join(store, 'versions', 'latest'));

  // mise: the same two versions "installed" (a GOROOT-like dir), so neither tool reports a missing
  // version and both do their normal switching work. Nothing is downloaded (MISE_OFFLINE=1).
  for (const v of Object.values(VERSIONS)) {
    const d = join(x.data, 'mise', 'installs', 'go', v, 'bin');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'go'), '#!/bin/sh\necho fake go\n');
    chmodSync(join(d, 'go'), 0o755);
  }

  // Two trees: plain/{a,b} (only .go-version at the project root) and envrc/{a,b} (also an
  // allowed .envrc, for direnv). The shell sits 3 or 12 levels below the project root, so gosw's
  // walk checks .go-version, .tool-versions, go.work and go.mod at every level on the way up.
  x.dirs = {};
  for (const tree of ['plain', 'envrc']) {
    for (const p of ['a', 'b']) {
      const top = join(root, 'p', tree, p);
      let d = top;
      for (let i = 1; i <= 12; i++) {
        d = join(d, `d${i}`);
        if (DEPTHS.includes(i)) x.dirs[`${tree}.${p}.${i}`] = d;
      }
      mkdirSync(d, { recursive: true });
      writeFileSync(join(top, '.go-version'), `${VERSIONS[p]}\n`);
      x.dirs[`${tree}.${p}.top`] = top;
      if (tree === 'envrc') writeFileSync(join(top, '.envrc'), `export BENCH_PROJECT=${p}\n`);
    }
  }

  // The launcher, installed the way install.sh does it.
  const launcher = join(x.bin, 'gosw');
  const cjs = join(repo, 'dist', 'gosw.cjs');
  const src = readFileSync(join(repo, 'shell', 'launcher.sh'), 'utf8');
  writeFileSync(
    launcher,
    src.replaceAll('@GOSW_LIB@', sq(x.lib)).replaceAll('@GOSW_SELF@', sq(launcher)).replaceAll('@GOSW_EXEC@', sq(cjs)),
  );
  chmodSync(launcher, 0o755);
  x.launcher = launcher;
  x.cjs = cjs;

  x.path = [x.bin, '/usr/local/bin', '/usr/bin', '/bin'];
  const nodeDir = dirname(process.execPath);
  if (!x.path.includes(nodeDir)) x.path.push(nodeDir);
  for (const t of ['direnv', 'hyperfine']) if (tools[t] && !x.path.includes(dirname(tools[t]))) x.path.push(dirname(tools[t]));
  if (tools.mise) symlinkSync(tools.mise, join(x.bin, 'mise'));
  x.env = {
    HOME: x.home,
    PATH: x.path.join(':'),
    TERM: 'dumb',
    LANG: 'C.UTF-8',
    XDG_DATA_HOME: x.data,
    XDG_CACHE_HOME: x.cache,
    XDG_CONFIG_HOME: x.config,
    XDG_STATE_HOME: x.state,
    XDG_RUNTIME_DIR: x.run,
    MISE_OFFLINE: '1',
    MISE_IDIOMATIC_VERSION_FILE_ENABLE_TOOLS: 'go',
  };

  for (const sh of ['bash', 'zsh']) {
    const r = run(process.execPath, [cjs, 'env', '--shell', sh], { env: { ...x.env, GOSW_LAUNCHER: launcher } });
    if (r.status !== 0) die(`gosw env --shell ${sh} failed: ${r.stderr}`);
    writeFileSync(join(x.lib, `init.${sh}`), r.stdout);
    // The launcher must answer from the lib, byte for byte what the real gosw prints.
    const viaLauncher = run(launcher, ['env', '--shell', sh], { env: x.env });
    if (viaLauncher.stdout !== r.stdout) die(`launcher output for ${sh} differs from gosw env`);
  }

  // One shell of each kind evaluates the init once, as a user's first shell does: that creates
  // the GOCACHE directory (a mkdir the init runs only when it is missing), so no later
  // measurement sees that one-time fork.
  for (const sh of ['bash', 'zsh']) {
    if (tools[sh]) run(tools[sh], ['-c', `eval "$(gosw env --shell ${sh})"`], { env: x.env, cwd: x.home });
  }

  if (tools.direnv) {
    for (const p of ['a', 'b']) {
      const r = run(tools.direnv, ['allow', x.dirs[`envrc.${p}.top`]], { env: x.env });
      if (r.status !== 0) die(`direnv allow failed: ${r.stderr}`);
    }
  }
  return x;
}

// ---------------------------------------------------------------- shell scripts

const SH = {
  bash: {
    cmd: (tools) => [tools.bash, '--noprofile', '--norc'],
    prelude: '_bench_us() { _us=${EPOCHREALTIME/[.,]/}; }',
    cd: (v) => `builtin cd -- ${v}`,
  },
  zsh: {
    cmd: (tools) => [tools.zsh, '-f'],
    // $epochtime (zsh/datetime, same clock as $EPOCHREALTIME) gives seconds and nanoseconds as
    // integers, read at once, so no float rounding.
    prelude: 'zmodload zsh/datetime\n_bench_us() { local -a e; e=($epochtime); _us=$(( e[1] * 1000000 + e[2] / 1000 )); }',
    // -q: no chpwd hooks, so every contender pays exactly one hook call per prompt here.
    cd: (v) => `builtin cd -q -- ${v}`,
  },
};

// Contenders: setup line, hook function, a probe printed after the hook to check it did its job,
// the tree it runs in, whether it forks (caps the iteration count).
function contenders(shell) {
  return {
    empty: { setup: ':', hook: '_bench_empty', probe: '-', tree: 'plain', forks: false, tool: null },
    // settle: the hook's memo only trusts a stamp file 2 s old (shell/memo.sh), so the script
    // waits that long after the init, as any real shell has by its second prompt.
    gosw: {
      setup: `eval "$(gosw env --shell ${shell})"`,
      hook: '_gosw_hook',
      probe: '${GOSW_CURRENT-}',
      tree: 'plain',
      forks: false,
      tool: null,
      settle: true,
    },
    // The same hook in the C locale: bash's pattern matching and regexes cost more in UTF-8.
    'gosw LANG=C': {
      setup: `eval "$(gosw env --shell ${shell})"`,
      hook: '_gosw_hook',
      probe: '${GOSW_CURRENT-}',
      tree: 'plain',
      forks: false,
      tool: null,
      env: { LANG: 'C' },
      extra: true,
      settle: true,
    },
    // The full walk every time: what a prompt in a directory the memo does not hold costs (the
    // first one after a cd somewhere new, or after a change under the project).
    'gosw (no memo)': {
      setup: `eval "$(gosw env --shell ${shell})"`,
      hook: '_gosw_hook',
      probe: '${GOSW_CURRENT-}',
      tree: 'plain',
      forks: false,
      tool: null,
      env: { GOSW_HOOK_MEMO: 'off' },
      extra: true,
    },
    direnv: { setup: `eval "$(direnv hook ${shell})"`, hook: '_direnv_hook', probe: '-', tree: 'plain', forks: true, tool: 'direnv' },
    'direnv+envrc': {
      setup: `eval "$(direnv hook ${shell})"`,
      hook: '_direnv_hook',
      probe: '${BENCH_PROJECT-}',
      tree: 'envrc',
      forks: true,
      tool: 'direnv',
    },
    mise: {
      setup: `eval "$(mise activate ${shell})"`,
      hook: '_mise_hook',
      probe: '${GOROOT##*/}',
      tree: 'plain',
      forks: true,
      tool: 'mise',
    },
  };
}

function commonFunctions(shell) {
  const cd = SH[shell].cd;
  return `${SH[shell].prelude}
_bench_empty() { :; }
# _bench_loop FN MODE DIR_A DIR_B N: time N hook calls; sets _bench_dt (microseconds).
# same: N calls in DIR_A. switch: cd B; FN; cd A; FN; ... (N calls, every one after a cd).
_bench_loop() {
  local fn=$1 mode=$2 a=$3 b=$4 n=$5 i t0 t1
  if [[ $mode == same ]]; then
    ${cd('"$a"')}; $fn; $fn
    _bench_us; t0=$_us
    for ((i = 0; i < n; i++)); do $fn; done
    _bench_us; t1=$_us
  else
    ${cd('"$b"')}; $fn; ${cd('"$a"')}; $fn
    _bench_us; t0=$_us
    for ((i = 0; i < n; i += 2)); do ${cd('"$b"')}; $fn; ${cd('"$a"')}; $fn; done
    _bench_us; t1=$_us
  fi
  _bench_dt=$((t1 - t0))
}
# _bench_cal FN MODE A B MIN MAX BUDGET_US: iteration count for a loop of about BUDGET_US.
_bench_cal() {
  local per
  _bench_loop "$1" "$2" "$3" "$4" 4
  per=$(( _bench_dt / 4 ))
  (( per < 1 )) && per=1
  _bench_n=$(( $7 / per ))
  (( _bench_n < $5 )) && _bench_n=$5
  (( _bench_n > $6 )) && _bench_n=$6
  _bench_n=$(( _bench_n / 2 * 2 ))
}
`;
}

// One repetition: a fresh shell, the contender's init, a probe, then for every depth and mode a
// calibrated loop of the empty function and one of the hook, with the same count.
function promptScript(shell, c, x, opts, breakdown) {
  const dir = (p, d) => sq(x.dirs[`${c.tree}.${p}.${d}`]);
  const max = c.forks ? 200 : 2000;
  const budget = opts.budgetMs * 1000;
  let s = commonFunctions(shell);
  s += `${c.setup}\n`;
  s += `typeset -f ${c.hook} >/dev/null || { echo "E ${c.hook} is not defined after: ${c.setup.replace(/"/g, '\\"')}"; exit 1; }\n`;
  if (c.settle) s += 'sleep 2.1\n';
  for (const d of DEPTHS) {
    for (const p of ['a', 'b']) s += `${SH[shell].cd(dir(p, d))}; ${c.hook}; ${c.hook}; echo "S ${d} ${p} ${c.probe}"\n`;
  }
  for (const d of DEPTHS) {
    for (const m of MODES) {
      const args = `${m} ${dir('a', d)} ${dir('b', d)}`;
      s += `_bench_cal ${c.hook} ${args} 20 ${max} ${budget}; n=$_bench_n\n`;
      s += `_bench_loop _bench_empty ${args} $n; echo "R ${d} ${m} base $n $_bench_dt"\n`;
      s += `_bench_loop ${c.hook} ${args} $n; echo "R ${d} ${m} hook $n $_bench_dt"\n`;
    }
  }
  if (breakdown) s += breakdownScript(shell, x, opts);
  return s;
}

// Profile of gosw's hook, with its own functions (they are internal: parts missing in a future
// version are skipped). All in project a, same directory, after the hook has run there.
function breakdownScript(shell, x, opts) {
  const top = x.dirs['plain.a.top'];
  // part: [function timed, gosw function it needs]
  const parts = {
    hook: ['_gosw_hook', '_gosw_hook'],
    find: ['__gosw_find', '__gosw_find'], // the walk up plus reading + parsing the file found
    installed: ['__gosw_installed', '__gosw_installed'], // store lookup of __gosw_want (set by find)
    parse: ['_bb_parse', '__gosw_parse_file'], // read + parse the project's .go-version
    slurp: ['_bb_slurp', '__gosw_slurp'], // the bounded read alone
    norm: ['_bb_norm', '__gosw_norm'], // the version regex alone, on "1.22.5"
    memo: ['_bb_memo', '__gosw_memo_fresh0'], // the memo's check: one -nt test per path it holds
  };
  let s = `
_bb_parse() { __gosw_parse_file ${sq(join(top, '.go-version'))} go-version; }
_bb_slurp() { __gosw_slurp ${sq(join(top, '.go-version'))}; }
_bb_norm() { __gosw_norm ${VERSIONS.a}; }
_bb_memo() { __gosw_memo_fresh0; }
`;
  for (const d of DEPTHS) {
    // The file tests the walk makes from depth d up to the project root, unrolled: the syscall
    // part of the walk, without its interpreted loop.
    const tests = [];
    let dir = x.dirs[`plain.a.${d}`];
    while (dir !== top) {
      for (const f of ['.go-version', '.tool-versions', 'go.work', 'go.mod']) tests.push(`[[ -f ${sq(join(dir, f))} ]]`);
      dir = dirname(dir);
    }
    tests.push(`[[ -f ${sq(join(top, '.go-version'))} ]]`);
    s += `_bb_stat_${d}() { ${tests.join('; ')}; }\n`;
  }
  const budget = Math.max(50, Math.round(opts.budgetMs / 3)) * 1000;
  for (const d of DEPTHS) {
    const a = sq(x.dirs[`plain.a.${d}`]);
    const all = { ...parts, stat: [`_bb_stat_${d}`, '_gosw_hook'] };
    for (const [name, [fn, needs]] of Object.entries(all)) {
      s += `if typeset -f ${needs} >/dev/null; then\n`;
      s += `  ${SH[shell].cd(a)}; _gosw_hook\n`;
      s += `  _bench_cal ${fn} same ${a} ${a} 20 2000 ${budget}; n=$_bench_n\n`;
      s += `  _bench_loop _bench_empty same ${a} ${a} $n; echo "B ${d} ${name} base $n $_bench_dt"\n`;
      s += `  _bench_loop ${fn} same ${a} ${a} $n; echo "B ${d} ${name} fn $n $_bench_dt"\n`;
      s += `fi\n`;
    }
  }
  return s;
}

function forkScript(shell, c, x, mode, k) {
  const a = sq(x.dirs[`${c.tree}.a.12`]);
  const b = sq(x.dirs[`${c.tree}.b.12`]);
  const cd = SH[shell].cd;
  let s = `_bench_empty() { :; }\n${c.setup}\n`;
  if (c.settle) s += 'sleep 2.1\n';
  s += `typeset -f ${c.hook} >/dev/null || exit 1\n`;
  s += `${cd(b)}; ${c.hook}; ${cd(a)}; ${c.hook}\n`;
  if (mode === 'same') s += `for ((i = 0; i < ${k}; i++)); do ${c.hook}; done\n`;
  else s += `for ((i = 0; i < ${k}; i += 2)); do ${cd(b)}; ${c.hook}; ${cd(a)}; ${c.hook}; done\n`;
  return s;
}

// ---------------------------------------------------------------- part 1: per prompt

function perPrompt(tools, x, opts, results) {
  // Repetition-major: every rep runs each (shell, contender) once, so a slow spell of the machine
  // hits all contenders alike instead of one of them.
  const acc = {}; // `${shell}/${name}` -> {cell, bd, probes}
  const failed = new Set();
  for (let rep = 1; rep <= opts.reps; rep++) {
    const t0 = Date.now();
    for (const shell of ['bash', 'zsh']) {
      if (!tools[shell]) continue;
      results.perPrompt[shell] ??= {};
      for (const [name, c] of Object.entries(contenders(shell))) {
        const id = `${shell}/${name}`;
        if (c.tool && !tools[c.tool]) {
          results.perPrompt[shell][name] = { skipped: `${c.tool} not found` };
          continue;
        }
        if (failed.has(id)) continue;
        const breakdown = name === 'gosw' && opts.breakdown;
        const file = join(x.root, `prompt-${shell}-${name.replace(/[^a-z+]+/gi, '_')}.${shell}`);
        writeFileSync(file, promptScript(shell, c, x, opts, breakdown));
        const [cmd, ...args] = SH[shell].cmd(tools);
        const r = run(cmd, [...args, file], { env: { ...x.env, ...c.env }, cwd: x.home });
        const out = r.stdout || '';
        const err = out.split('\n').find((l) => l.startsWith('E '));
        if (r.status !== 0 || err) {
          results.perPrompt[shell][name] = { error: err || `exit ${r.status}: ${(r.stderr || '').slice(-500)}` };
          failed.add(id);
          log(`prompt ${shell} ${name}: FAILED ${err || r.status}`);
          continue;
        }
        const a = (acc[id] ??= { cell: {}, bd: {}, probes: {} });
        for (const line of out.split('\n')) {
          const f = line.split(' ');
          if (f[0] === 'S') a.probes[`d${f[1]}.${f[2]}`] = f.slice(3).join(' ');
          if (f[0] === 'R') {
            const [, d, mode, role, n, dt] = f;
            const v = (a.cell[`d${d}.${mode}`] ??= { n: [], base: [], hook: [] });
            if (role === 'hook') v.n.push(Number(n));
            v[role].push(Number(dt) / Number(n));
          }
          if (f[0] === 'B') {
            const [, d, part, role, n, dt] = f;
            const v = ((a.bd[`d${d}`] ??= {})[part] ??= { base: [], fn: [] });
            v[role].push(Number(dt) / Number(n));
          }
        }
      }
    }
    log(`prompt rep ${rep}/${opts.reps}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  for (const [id, a] of Object.entries(acc)) {
    const [shell, name] = id.split('/');
    const res = { probes: a.probes, cells: {} };
    for (const [key, v] of Object.entries(a.cell)) {
      const nets = v.hook.map((h, i) => h - v.base[i]);
      res.cells[key] = {
        n: v.n,
        usPerPrompt: median(nets), // net of the empty-function loop
        usPerPromptMin: Math.min(...v.hook) - Math.min(...v.base),
        usRaw: median(v.hook),
        usBase: median(v.base),
        repsNet: nets.map((z) => +z.toFixed(2)),
      };
    }
    results.perPrompt[shell][name] = res;
    if (Object.keys(a.bd).length) {
      results.breakdown[shell] = {};
      for (const [d, partsObj] of Object.entries(a.bd)) {
        results.breakdown[shell][d] = {};
        for (const [part, v] of Object.entries(partsObj)) {
          // Minimum over repetitions: this is CPU-bound shell code, and the machine's noise only
          // ever adds time; differences of medians of noisy parts come out negative too easily.
          const nets = v.fn.map((h, i) => h - v.base[i]);
          results.breakdown[shell][d][part] = { us: Math.min(...v.fn) - Math.min(...v.base), repsNet: nets.map((z) => +z.toFixed(2)) };
        }
      }
    }
    log(
      `prompt ${shell} ${name}: ` +
        Object.entries(res.cells)
          .map(([k, v]) => `${k}=${fmt(v.usPerPrompt)}µs`)
          .join(' '),
    );
  }
}

// ---------------------------------------------------------------- part 2: shell start-up

function startup(tools, x, opts, results) {
  for (const shell of ['bash', 'zsh']) {
    if (!tools[shell]) continue;
    const rc = shell === 'bash' ? '.bashrc' : '.zshrc';
    const variants = {
      bare: { line: '', check: 'true' },
      'gosw (launcher)': {
        line: 'eval "$(gosw env)"',
        check: `[[ $__gosw_bin == ${sq(x.launcher)} ]] && typeset -f _gosw_hook >/dev/null`,
      },
      // Node started directly, like a user without the launcher.
      'gosw (node dist/gosw.cjs)': { line: `eval "$(node ${sq(x.cjs)} env --shell ${shell})"`, check: 'typeset -f _gosw_hook >/dev/null' },
      // Reference: the same init read with no process at all, to split the launcher's cost (fork +
      // exec of sh + cat) from the cost of evaluating the init itself.
      'gosw (source lib/init, no fork)': {
        line: `source ${sq(join(x.lib, `init.${shell}`))}`,
        check: `[[ $__gosw_bin == ${sq(x.launcher)} ]] && typeset -f _gosw_hook >/dev/null`,
      },
      mise: { line: `eval "$(mise activate ${shell})"`, check: 'typeset -f _mise_hook >/dev/null', tool: 'mise' },
      direnv: { line: `eval "$(direnv hook ${shell})"`, check: 'typeset -f _direnv_hook >/dev/null', tool: 'direnv' },
    };
    const res = {};
    const cmds = [];
    for (const [name, v] of Object.entries(variants)) {
      if (v.tool && !tools[v.tool]) {
        res[name] = { skipped: `${v.tool} not found` };
        continue;
      }
      const home = join(x.root, 'start', `${shell}-${name.replace(/[^a-z]+/g, '-')}`);
      mkdirSync(home, { recursive: true });
      writeFileSync(join(home, rc), v.line ? `${v.line}\n` : '');
      const envArgs = Object.entries({ ...x.env, HOME: home }).map(([k, val]) => `${k}=${val}`);
      const argv = ['env', '-i', ...envArgs, tools[shell], '-ic', 'exit'];
      // Check once that the init really worked (and, for the launcher, that it answered from lib/).
      const chk = run('env', ['-i', ...envArgs, tools[shell], '-ic', `${v.check} && exit 0 || exit 1`], { cwd: x.dirs['plain.a.3'] });
      if (chk.status !== 0) {
        res[name] = { error: `init check failed: ${(chk.stderr || '').slice(-400)}` };
        log(`startup ${shell} ${name}: init check FAILED`);
        continue;
      }
      cmds.push({ name, argv });
    }
    const jsonFile = join(x.root, `startup-${shell}.json`);
    if (tools.hyperfine) {
      // hyperfine runs all the runs of one command, then the next; on a machine whose speed
      // wanders that favours whoever ran in a fast spell. So: ROUNDS hyperfine calls of
      // runs/ROUNDS runs each (warmup 3 in the first, 1 after), all times pooled per variant.
      const ROUNDS = 3;
      const perRound = Math.max(2, Math.ceil(opts.runs / ROUNDS));
      const times = new Map(cmds.map((c) => [c.name, []]));
      const t0 = Date.now();
      for (let round = 0; round < ROUNDS; round++) {
        const hf = ['-N', '--warmup', round === 0 ? '3' : '1', '--runs', String(perRound), '--style', 'none', '--export-json', jsonFile];
        for (const c of cmds) {
          if (c.argv.some((a) => /\s/.test(a))) die(`start-up command has whitespace (hyperfine -N splits on it): ${c.argv.join(' ')}`);
          hf.push('-n', c.name, c.argv.join(' '));
        }
        const r = run(tools.hyperfine, hf, { cwd: x.dirs['plain.a.3'], env: { PATH: x.env.PATH, HOME: x.home, TERM: 'dumb' } });
        if (r.status !== 0) die(`hyperfine failed: ${r.stderr}`);
        const j = JSON.parse(readFileSync(jsonFile, 'utf8'));
        for (const [i, c] of cmds.entries()) times.get(c.name).push(...j.results[i].times.map((t) => t * 1e3));
      }
      for (const c of cmds) {
        const ts = times.get(c.name);
        const mean = ts.reduce((p, q) => p + q, 0) / ts.length;
        const sd = Math.sqrt(ts.reduce((p, q) => p + (q - mean) ** 2, 0) / Math.max(1, ts.length - 1));
        res[c.name] = {
          meanMs: mean,
          medianMs: median(ts),
          stddevMs: sd,
          minMs: Math.min(...ts),
          maxMs: Math.max(...ts),
          runs: ts.length,
          command: c.argv.join(' '),
          timer: `hyperfine -N, ${ROUNDS} rounds of ${perRound}`,
        };
      }
      log(`startup ${shell}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } else {
      // Fallback without hyperfine: our own loop (includes Node's spawn overhead, the same for all).
      for (const c of cmds) {
        const times = [];
        for (let i = 0; i < 3 + opts.runs; i++) {
          const t = process.hrtime.bigint();
          run(c.argv[0], c.argv.slice(1), { cwd: x.dirs['plain.a.3'] });
          if (i >= 3) times.push(Number(process.hrtime.bigint() - t) / 1e6);
        }
        const mean = times.reduce((p, q) => p + q, 0) / times.length;
        res[c.name] = {
          meanMs: mean,
          medianMs: median(times),
          minMs: Math.min(...times),
          maxMs: Math.max(...times),
          runs: times.length,
          command: c.argv.join(' '),
          timer: 'node loop (no hyperfine)',
        };
      }
    }
    results.startup[shell] = res;
  }
}

// Where the start-up cost of gosw's init goes, timed inside one shell (µs per evaluation of the
// init file; re-evaluating it is harmless by design). gocache = __gosw_gocache_init, which works
// out GOCACHE and, through __gosw_fs_unsafe, reads /proc/self/mountinfo line by line.
function initBreakdown(tools, x, opts, results) {
  const n = 20;
  for (const shell of ['bash', 'zsh']) {
    if (!tools[shell]) continue;
    const init = sq(join(x.lib, `init.${shell}`));
    const s = `${SH[shell].prelude}
_t() { local n=$1 i t0 t1; shift; "$@"; _bench_us; t0=$_us; for ((i = 0; i < n; i++)); do "$@"; done; _bench_us; t1=$_us; _bench_dt=$((t1 - t0)); }
# A new terminal starts without GOCACHE; a nested shell (tmux pane, bash in bash) inherits the
# one the outer init exported, which the init then also checks.
_src() { unset GOCACHE; source ${init}; }
_src_nested() { source ${init}; }
_src_off() { unset GOCACHE; local GOSW_GOCACHE=off; source ${init}; }
_gc() { unset GOCACHE; __gosw_gocache_init; }
_bench_empty() { :; }
source ${init}
for rep in ${Array.from({ length: opts.reps }, (_, i) => i + 1).join(' ')}; do
  _t ${n} _bench_empty; echo "I base $rep ${n} $_bench_dt"
  _t ${n} _src; echo "I source $rep ${n} $_bench_dt"
  _t ${n} _src_off; echo "I sourceNoGocache $rep ${n} $_bench_dt"
  _t ${n} _src_nested; echo "I sourceNested $rep ${n} $_bench_dt"
  if typeset -f __gosw_gocache_init >/dev/null; then _t ${n} _gc; echo "I gocacheInit $rep ${n} $_bench_dt"; fi
  if typeset -f __gosw_fs_unsafe >/dev/null; then _t ${n} __gosw_fs_unsafe "$GOCACHE"; echo "I fsUnsafe $rep ${n} $_bench_dt"; fi
done
`;
    const file = join(x.root, `init-${shell}.${shell}`);
    writeFileSync(file, s);
    const [cmd, ...args] = SH[shell].cmd(tools);
    const r = run(cmd, [...args, file], { env: x.env, cwd: x.dirs['plain.a.3'] });
    const acc = {};
    for (const line of (r.stdout || '').split('\n')) {
      const f = line.split(' ');
      if (f[0] !== 'I') continue;
      (acc[f[1]] ??= []).push(Number(f[4]) / Number(f[3]));
    }
    const out = {};
    const base = acc.base ? median(acc.base) : 0;
    for (const [k, v] of Object.entries(acc)) if (k !== 'base') out[`${k}Us`] = median(v) - base;
    try {
      out.mountinfoLines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter(Boolean).length;
    } catch {
      // not Linux
    }
    results.initBreakdown[shell] = out;
  }
}

// ---------------------------------------------------------------- part 3: forks per prompt

function countStrace(file) {
  const c = { procs: 0, threads: 0, execs: 0 };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/\b(clone3?|v?fork)\(/.test(line)) {
      if (line.includes('CLONE_THREAD')) c.threads++;
      else c.procs++;
    } else if (/\bexecve\(/.test(line)) c.execs++;
  }
  return c;
}

function forks(tools, x, _opts, results) {
  if (!tools.strace) {
    results.forks.skipped = 'strace not found';
    return;
  }
  for (const shell of ['bash', 'zsh']) {
    if (!tools[shell]) continue;
    results.forks[shell] = {};
    const t0 = Date.now();
    for (const [name, c] of Object.entries(contenders(shell))) {
      if ((c.tool && !tools[c.tool]) || c.extra) continue;
      results.forks[shell][name] = {};
      for (const mode of MODES) {
        const k = c.forks ? 6 : 50; // even: the switch loop runs pairs
        const counts = [];
        for (const kk of [k, 2 * k]) {
          const file = join(x.root, `fork-${shell}-${name}-${mode}-${kk}.${shell}`);
          writeFileSync(file, forkScript(shell, c, x, mode, kk));
          const out = `${file}.strace`;
          const [cmd, ...args] = SH[shell].cmd(tools);
          const r = run(tools.strace, ['-f', '-qq', '-o', out, '-e', 'trace=clone,clone3,fork,vfork,execve', cmd, ...args, file], {
            env: x.env,
            cwd: x.home,
          });
          if (r.status !== 0) {
            counts.push(null);
            break;
          }
          counts.push(countStrace(out));
        }
        if (counts.includes(null) || counts.length < 2) {
          results.forks[shell][name][mode] = { error: 'run failed' };
          continue;
        }
        const per = (f) => (counts[1][f] - counts[0][f]) / k;
        results.forks[shell][name][mode] = { procs: per('procs'), execs: per('execs'), threads: per('threads'), k, counts };
      }
    }
    log(`forks ${shell}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

// ---------------------------------------------------------------- targets and report

// other / gosw per prompt: the median over repetitions of the ratio within each repetition (the
// two were measured seconds apart, so a slow spell of the machine cancels out).
function ratio(results, shell, other, key) {
  const g = results.perPrompt?.[shell]?.gosw?.cells?.[key];
  const o = results.perPrompt?.[shell]?.[other]?.cells?.[key];
  if (!g || !o) return null;
  const rs = g.repsNet.map((gv, i) => (o.repsNet[i] ?? NaN) / Math.max(gv, 0.01)).filter((z) => Number.isFinite(z));
  return rs.length ? median(rs) : null;
}

function targets(results) {
  const t = [];
  // 1. gosw never forks per prompt.
  const fk = [];
  for (const shell of ['bash', 'zsh']) {
    for (const mode of MODES) {
      const f = results.forks?.[shell]?.gosw?.[mode];
      if (f && !f.error) fk.push({ where: `${shell} ${mode}`, forks: f.procs + f.execs });
    }
  }
  if (fk.length) {
    const worst = Math.max(...fk.map((f) => f.forks));
    t.push({
      target: 'gosw: zero forks+execs per prompt',
      value: `max ${fmt(worst, 2)} (${fk.map((f) => `${f.where}: ${fmt(f.forks, 2)}`).join(', ')})`,
      pass: worst === 0,
    });
  }
  // 2. depth 12: gosw >= 15x cheaper per prompt than direnv (every variant) and mise.
  for (const other of ['direnv', 'direnv+envrc', 'mise']) {
    const rs = [];
    for (const shell of ['bash', 'zsh']) {
      for (const mode of MODES) {
        const r = ratio(results, shell, other, `d12.${mode}`);
        if (r !== null) rs.push({ where: `${shell} ${mode}`, ratio: r });
      }
    }
    if (rs.length) {
      const worst = Math.min(...rs.map((r) => r.ratio));
      t.push({
        target: `depth 12: ${other} / gosw per prompt >= ${TARGET_PROMPT_RATIO}x`,
        value: `min ${fmt(worst)}x (${rs.map((r) => `${r.where}: ${fmt(r.ratio)}x`).join(', ')})`,
        pass: worst >= TARGET_PROMPT_RATIO,
      });
    }
  }
  // 3. shell start with gosw's init (launcher): <= mise's, <= 2x direnv's (medians).
  for (const shell of ['bash', 'zsh']) {
    const s = results.startup?.[shell];
    const g = s?.['gosw (launcher)'];
    if (!g?.medianMs) continue;
    if (s.mise?.medianMs)
      t.push({
        target: `${shell} start: gosw (launcher) <= mise`,
        value: `${fmt(g.medianMs, 2)} ms vs ${fmt(s.mise.medianMs, 2)} ms (${fmt(g.medianMs / s.mise.medianMs, 2)}x)`,
        pass: g.medianMs <= s.mise.medianMs,
      });
    if (s.direnv?.medianMs)
      t.push({
        target: `${shell} start: gosw (launcher) <= ${TARGET_START_VS_DIRENV}x direnv`,
        value: `${fmt(g.medianMs, 2)} ms vs ${fmt(s.direnv.medianMs, 2)} ms (${fmt(g.medianMs / s.direnv.medianMs, 2)}x)`,
        pass: g.medianMs <= TARGET_START_VS_DIRENV * s.direnv.medianMs,
      });
  }
  return t;
}

function markdown(results) {
  const L = [];
  const m = results.meta;
  L.push('# gosw shell-hook benchmark', '');
  L.push(
    `${m.date} · ${m.cpu} × ${m.cpus} · load before/after ${m.loadBefore}/${m.loadAfter} · ${m.bash} · ${m.zsh} · direnv ${m.direnv} · mise ${m.mise} · node ${m.node} · LANG=C.UTF-8`,
    '',
  );
  const names = ['empty', 'gosw', 'gosw LANG=C', 'gosw (no memo)', 'direnv', 'direnv+envrc', 'mise'];
  const show = (part) => m.options.only.includes(part);
  if (show('prompt')) {
    L.push('## Per prompt (µs per hook call, net of an empty function; median of ' + m.options.reps + ' reps)', '');
    L.push(
      '`same` = the hook in the same directory again (nothing changes); `switch` = cd between project a (Go ' +
        VERSIONS.a +
        ') and b (Go ' +
        VERSIONS.b +
        ') before every call. `d3`/`d12` = the shell is 3/12 levels below the project root holding `.go-version`. The `empty` row is the raw cost of the loop with an empty function (what is subtracted). `gosw` is the hook as users run it: 2 s after the init its memo holds the answers of the last two directories, checked with one `-nt` test per path they depend on (shell/memo.sh); `gosw (no memo)` is the full walk (four file tests per directory), what a prompt costs when the memo cannot answer (a directory not among the last two, a change under the project, a network filesystem). Ratio rows: median over repetitions of the ratio within each repetition.',
      '',
    );
    const cols = [];
    for (const shell of ['bash', 'zsh'])
      for (const d of DEPTHS) for (const mode of MODES) cols.push({ shell, key: `d${d}.${mode}`, label: `${shell} d${d} ${mode}` });
    L.push(`| hook | ${cols.map((c) => c.label).join(' | ')} |`);
    L.push(`| --- | ${cols.map(() => '---:').join(' | ')} |`);
    for (const name of names) {
      const cells = cols.map((c) => {
        const r = results.perPrompt?.[c.shell]?.[name];
        if (!r) return '';
        if (r.skipped || r.error) return 'n/a';
        const v = r.cells[c.key];
        return name === 'empty' ? `(${fmt(v.usBase)})` : fmt(v.usPerPrompt, v.usPerPrompt < 100 ? 1 : 0);
      });
      L.push(`| ${name} | ${cells.join(' | ')} |`);
    }
    for (const other of ['direnv', 'direnv+envrc', 'mise']) {
      const cells = cols.map((c) => {
        const r = ratio(results, c.shell, other, c.key);
        return r === null ? '' : `${fmt(r)}x`;
      });
      L.push(`| ${other} ÷ gosw | ${cells.join(' | ')} |`);
    }
    L.push('');
    if (Object.keys(results.breakdown).length) {
      L.push("## Where gosw's hook spends its time (µs per call, net; same directory; minimum over " + m.options.reps + ' reps)', '');
      L.push(
        "Timed with gosw's own functions, each in its own loop; rows marked · are parts of the row above, computed as differences, so they carry the noise of both terms.",
        '',
      );
      L.push(
        '| part | ' +
          Object.keys(results.breakdown)
            .flatMap((s) => DEPTHS.map((d) => `${s} d${d}`))
            .join(' | ') +
          ' |',
      );
      L.push(
        '| --- | ' +
          Object.keys(results.breakdown)
            .flatMap(() => DEPTHS.map(() => '---:'))
            .join(' | ') +
          ' |',
      );
      const rows = [
        ['whole hook, answered from the memo (`_gosw_hook`)', (b) => b.hook?.us],
        ['· of it: the memo check (`__gosw_memo_fresh`, one `-nt` test per path)', (b) => b.memo?.us],
        ['full resolve, as on a memo miss (find + store lookup)', (b) => (b.find && b.installed ? b.find.us + b.installed.us : null)],
        ['· find (`__gosw_find`: walk + read + parse)', (b) => b.find?.us],
        ['·· walk (find − read/parse of the file found)', (b) => (b.find && b.parse ? b.find.us - b.parse.us : null)],
        ['··· of it: the file tests alone (unrolled `[[ -f ]]`)', (b) => b.stat?.us],
        ['··· of it: interpreting the walk loop', (b) => (b.find && b.parse && b.stat ? b.find.us - b.parse.us - b.stat.us : null)],
        ['·· read + parse `.go-version` (`__gosw_parse_file`)', (b) => b.parse?.us],
        ['··· of it: read (`__gosw_slurp`)', (b) => b.slurp?.us],
        ['··· of it: version parse (`__gosw_norm 1.22.5`)', (b) => b.norm?.us],
        ['· store lookup (`__gosw_installed`)', (b) => b.installed?.us],
      ];
      for (const [label, f] of rows) {
        L.push(
          `| ${label} | ` +
            Object.values(results.breakdown)
              .flatMap((bs) => DEPTHS.map((d) => fmt(bs[`d${d}`] ? f(bs[`d${d}`]) : null)))
              .join(' | ') +
            ' |',
        );
      }
      const perLevel = Object.entries(results.breakdown)
        .map(([s, bs]) => (bs.d12?.find && bs.d3?.find ? `${s} ${fmt((bs.d12.find.us - bs.d3.find.us) / 9)} µs` : null))
        .filter(Boolean);
      if (perLevel.length) L.push('', `One directory level of the walk (4 file tests), (find d12 − find d3) / 9: ${perLevel.join(', ')}.`);
      L.push('');
    }
  }
  if (show('startup')) {
    L.push('## Shell start-up (`<shell> -ic exit`, ms; hyperfine -N, ' + m.options.runs + ' runs in 3 interleaved rounds)', '');
    L.push('| init line in the rc file | bash median | bash mean ± sd | bash + over bare | zsh median | zsh mean ± sd | zsh + over bare |');
    L.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
    const snames = ['bare', 'gosw (launcher)', 'gosw (source lib/init, no fork)', 'gosw (node dist/gosw.cjs)', 'mise', 'direnv'];
    for (const n of snames) {
      const row = ['bash', 'zsh'].flatMap((s) => {
        const r = results.startup?.[s]?.[n];
        const bare = results.startup?.[s]?.bare;
        if (!r?.medianMs) return ['n/a', 'n/a', 'n/a'];
        return [
          fmt(r.medianMs, 2),
          `${fmt(r.meanMs, 2)} ± ${fmt(r.stddevMs ?? 0, 2)}`,
          n === 'bare' ? '' : `+${fmt(r.medianMs - bare.medianMs, 2)}`,
        ];
      });
      L.push(`| ${n} | ${row.join(' | ')} |`);
    }
    L.push('');
    if (Object.keys(results.initBreakdown).length) {
      const ib = results.initBreakdown;
      L.push("Evaluating gosw's init inside the shell (µs per evaluation, median; no process started):", '');
      L.push('| part | ' + Object.keys(ib).join(' | ') + ' |');
      L.push(
        '| --- | ' +
          Object.keys(ib)
            .map(() => '---:')
            .join(' | ') +
          ' |',
      );
      const rows = [
        ['whole init (`source lib/init.<shell>`), no GOCACHE in the environment (new terminal)', (b) => b.sourceUs],
        ['whole init with GOCACHE inherited from an outer gosw shell (nested shell)', (b) => b.sourceNestedUs],
        ['init with `GOSW_GOCACHE=off` (no GOCACHE work)', (b) => b.sourceNoGocacheUs],
        ['`__gosw_gocache_init` (no GOCACHE in the environment)', (b) => b.gocacheInitUs],
        ['· of it: `__gosw_fs_unsafe "$GOCACHE"` (one scan of /proc/self/mountinfo)', (b) => b.fsUnsafeUs],
      ];
      for (const [label, f] of rows)
        L.push(
          `| ${label} | ` +
            Object.values(ib)
              .map((b) => fmt(f(b), 0))
              .join(' | ') +
            ' |',
        );
      const ml = Object.values(ib)[0]?.mountinfoLines;
      if (ml) L.push('', `/proc/self/mountinfo has ${ml} lines on this machine.`);
      L.push('');
    }
  }
  if (show('forks')) {
    L.push('## Forks per prompt (strace -f; (count at 2K prompts − count at K) / K; depth 12)', '');
    L.push("processes forked / programs exec'd per prompt (threads created per prompt)", '');
    L.push('| hook | bash same | bash switch | zsh same | zsh switch |');
    L.push('| --- | ---: | ---: | ---: | ---: |');
    for (const name of names.filter((n) => n !== 'gosw LANG=C' && n !== 'gosw (no memo)')) {
      const row = ['bash', 'zsh'].flatMap((s) =>
        MODES.map((mode) => {
          const f = results.forks?.[s]?.[name]?.[mode];
          if (!f || f.error) return 'n/a';
          return `${fmt(f.procs, 1)} / ${fmt(f.execs, 1)} (${fmt(f.threads, 1)})`;
        }),
      );
      L.push(`| ${name} | ${row.join(' | ')} |`);
    }
    L.push('');
  }
  L.push(rowsMarkdown(results));
  L.push('## Targets', '');
  L.push('| target | measured | |');
  L.push('| --- | --- | --- |');
  for (const t of results.targets) L.push(`| ${t.target} | ${t.value} | ${t.pass ? 'PASS' : '**MISS**'} |`);
  L.push('');
  return L.join('\n');
}

// ---------------------------------------------------------------- main

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  mkdirSync(workDir, { recursive: true });

  if (opts.build) {
    log('npm run build');
    const r = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) die('npm run build failed');
  }
  if (!existsSync(join(repo, 'dist', 'gosw.cjs'))) die('dist/gosw.cjs is missing (run npm run build)');

  const miseBin = findOrInstallMise(repo, log);
  const tools = {
    bash: which('bash'),
    zsh: which('zsh'),
    direnv: which('direnv'),
    hyperfine: which('hyperfine'),
    strace: which('strace'),
    mise: miseBin,
  };
  const missing = Object.entries(tools)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) log(`not found, their part is skipped: ${missing.join(', ')} (apt-get install direnv hyperfine strace zsh)`);
  if (!tools.bash) die('bash is required');

  let fixtureRoot = null;
  process.on('exit', () => {
    if (fixtureRoot && !opts.keep) rmSync(fixtureRoot, { recursive: true, force: true });
  });
  const x = makeFixture(tools, (root) => (fixtureRoot = root));
  log(`fixture in ${x.root}`);
  const results = {
    meta: {
      date: new Date().toISOString(),
      cpu: os.cpus()[0]?.model ?? '?',
      cpus: os.cpus().length,
      os: `${os.type()} ${os.release()}`,
      loadBefore: os.loadavg()[0].toFixed(2),
      bash: firstLine(tools.bash, ['--version']),
      zsh: tools.zsh ? firstLine(tools.zsh, ['--version']) : null,
      direnv: tools.direnv ? firstLine(tools.direnv, ['version']) : null,
      mise: tools.mise ? firstLine(tools.mise, ['--version'], x.env) : null,
      hyperfine: tools.hyperfine ? firstLine(tools.hyperfine, ['--version']) : null,
      node: process.version,
      gosw: firstLine(process.execPath, [x.cjs, '--version']),
      versions: VERSIONS,
      options: { reps: opts.reps, budgetMs: opts.budgetMs, runs: opts.runs, only: [...opts.only] },
    },
    perPrompt: {},
    breakdown: {},
    startup: {},
    initBreakdown: {},
    forks: {},
    targets: [],
  };

  try {
    if (opts.only.has('prompt')) perPrompt(tools, x, opts, results);
    if (opts.only.has('startup')) {
      startup(tools, x, opts, results);
      initBreakdown(tools, x, opts, results);
    }
    if (opts.only.has('forks')) forks(tools, x, opts, results);
    if (opts.only.has('miss')) results.miss = promptMiss(tools, x, opts);
    if (opts.only.has('completion')) results.completion = completionStart(tools, x, opts);
  } finally {
    if (opts.keep) log(`kept ${x.root}`);
  }

  // The hook must have switched for real, or the numbers measure nothing.
  for (const shell of ['bash', 'zsh']) {
    for (const name of ['gosw', 'gosw LANG=C', 'gosw (no memo)']) {
      const p = results.perPrompt?.[shell]?.[name]?.probes;
      if (!p) continue;
      for (const d of DEPTHS) {
        for (const [proj, v] of Object.entries(VERSIONS)) {
          if (p[`d${d}.${proj}`] !== `go${v}`)
            log(`WARNING: ${shell} ${name} at d${d}/${proj}: GOSW_CURRENT=${p[`d${d}.${proj}`]}, expected go${v}`);
        }
      }
    }
  }

  results.meta.loadAfter = os.loadavg()[0].toFixed(2);
  results.meta.seconds = Math.round((Date.now() - started) / 1000);
  results.targets = [...targets(results), ...rowTargets(results)];
  const md = markdown(results);
  mkdirSync(dirname(opts.json), { recursive: true });
  mkdirSync(dirname(opts.md), { recursive: true });
  writeFileSync(opts.json, JSON.stringify(results, null, 2) + '\n');
  writeFileSync(opts.md, md);
  process.stdout.write(md + '\n');
  log(`done in ${results.meta.seconds} s; wrote ${opts.json} and ${opts.md}`);
  if (opts.strict && results.targets.some((t) => !t.pass)) process.exit(3);
}

main();
