// Two rows of bench/hook/run.mjs (issue 13), in their own file to keep run.mjs readable:
//   miss        the first prompt in a new directory (a memo miss) against the walk without the
//               memo, and memo hits, interleaved in one shell per repetition
//   completion  shell start with the hook and gosw's completion installed (static files, found
//               lazily) against the hook alone, and the old `source <(gosw completion ...)`
// Both report medians and min-max of per-repetition ratios, measured in one run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TARGET_MISS_VS_WALK = 1.2; // memo miss / walk without the memo, per prompt
export const TARGET_COMPLETION_START = 1.1; // start with hook + completion / start with the hook alone

const sq = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const fmt = (v, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a');
const span = (xs, d = 2) => `${fmt(Math.min(...xs), d)}–${fmt(Math.max(...xs), d)}`;

const CLOCK = {
  bash: '_bench_us() { _us=${EPOCHREALTIME/[.,]/}; }',
  zsh: 'zmodload zsh/datetime\n_bench_us() { local -a e; e=($epochtime); _us=$(( e[1] * 1000000 + e[2] / 1000 )); }',
};
const CD = { bash: 'builtin cd --', zsh: 'builtin cd -q --' };

/**
 * Directories for the miss row: `count` leaves at depth 12 under project a (its .go-version at the
 * top), each visited once per measurement, so every hook call there is a first prompt.
 */
function missDirs(x, count) {
  const base = join(x.dirs['plain.a.12'], '..', 'miss');
  for (let i = 0; i < count; i++) mkdirSync(join(base, `m${i}`), { recursive: true });
  return base;
}

/**
 * One shell per repetition: the init, 2.1 s for the memo's stamp to mature, then rounds of three
 * loops over `n` fresh directories each (order rotated per round): cd + an empty function (the
 * base, subtracted), cd + the hook with the memo (every call a miss), cd + the hook with the memo
 * off (`__gosw_z` emptied, what GOSW_HOOK_MEMO=off does: the walk every time). Then hits: the hook
 * again in one directory, with the memo.
 */
export function promptMiss(tools, x, opts) {
  const out = {};
  // Many short rounds: a ratio per round, taken close together, shrugs off the machine's wander.
  const n = 50;
  const rounds = Math.max(10, 2 * opts.reps);
  const base = missDirs(x, n * 2 * rounds);
  for (const shell of ['bash', 'zsh']) {
    if (!tools[shell]) continue;
    const cd = CD[shell];
    const s = `${CLOCK[shell]}
_bench_empty() { :; }
eval "$(gosw env --shell ${shell})"
sleep 2.1
_z=$__gosw_z
[[ -n $_z ]] || { echo "E the memo is off"; exit 1; }
# _bench_dirs FN FIRST: cd into m<FIRST>..m<FIRST+${n - 1}>, FN in each; microseconds in _dt.
_bench_dirs() {
  local fn=$1 i t0
  _bench_us; t0=$_us
  for ((i = $2; i < $2 + ${n}; i++)); do ${cd} ${sq(base)}/m$i; $fn; done
  _bench_us; _dt=$((_us - t0))
}
k=0
for ((r = 0; r < ${rounds}; r++)); do
  for part in $(( r % 3 )) $(( (r + 1) % 3 )) $(( (r + 2) % 3 )); do
    case $part in
      0) _bench_dirs _bench_empty 0; echo "R $r base $_dt" ;;
      1) __gosw_z=$_z; _bench_dirs _gosw_hook $k; k=$((k + ${n})); echo "R $r miss $_dt \${GOSW_CURRENT-}" ;;
      2) __gosw_z=''; _bench_dirs _gosw_hook $k; k=$((k + ${n})); echo "R $r walk $_dt \${GOSW_CURRENT-}" ;;
    esac
  done
  __gosw_z=$_z
  ${cd} ${sq(x.dirs['plain.a.12'])}; _gosw_hook; _gosw_hook; _gosw_hook
  [[ $__gosw_m0_pwd == "$PWD" ]] || echo "E no memo entry for a hit"
  _bench_us; t0=$_us; for ((i = 0; i < ${n}; i++)); do _bench_empty; done; _bench_us; b=$((_us - t0))
  _bench_us; t0=$_us; for ((i = 0; i < ${n}; i++)); do _gosw_hook; done; _bench_us; echo "R $r hit $((_us - t0 - b))"
done
`;
    const file = join(x.root, `miss.${shell}`);
    writeFileSync(file, s);
    const argv = shell === 'bash' ? ['--noprofile', '--norc', file] : ['-f', file];
    const r = spawnSync(tools[shell], argv, { env: x.env, cwd: x.home, encoding: 'utf8', timeout: 600_000 });
    const rows = {};
    for (const line of r.stdout.split('\n')) {
      const f = line.split(' ');
      if (f[0] === 'E') throw new Error(`miss bench (${shell}): ${line}\n${r.stderr}`);
      if (f[0] !== 'R') continue;
      (rows[f[1]] ??= {})[f[2]] = Number(f[3]);
      if (f[4] !== undefined && f[4] !== 'go1.22.5') throw new Error(`miss bench (${shell}): GOSW_CURRENT=${f[4]}, expected go1.22.5`);
    }
    const per = Object.values(rows).filter((v) => v.miss !== undefined && v.walk !== undefined && v.base !== undefined);
    if (!per.length) throw new Error(`miss bench (${shell}) printed nothing:\n${r.stdout}\n${r.stderr}`);
    const miss = per.map((v) => (v.miss - v.base) / n);
    const walk = per.map((v) => (v.walk - v.base) / n);
    const hit = per.map((v) => v.hit / n);
    const ratios = per.map((v) => (v.miss - v.base) / Math.max(v.walk - v.base, 1));
    out[shell] = {
      n,
      rounds: per.length,
      missUs: median(miss),
      walkUs: median(walk),
      hitUs: median(hit),
      ratio: median(ratios),
      ratios,
      miss,
      walk,
      hit,
    };
  }
  return out;
}

/**
 * `<shell> -ic exit` with an rc file that loads the shell's completion system (bash-completion;
 * compinit) and gosw's init, with gosw's completion files absent (A: the hook alone) or installed
 * as install.sh installs them (B), and C: the old README line, `source <(gosw completion <shell>)`
 * (bash) / after compinit (zsh). Interleaved: A B C, A B C, ..., after warm-up runs of each.
 */
export function completionStart(tools, x, opts) {
  const out = {};
  const reps = Math.max(10, opts.runs);
  const bashCompletion = '/usr/share/bash-completion/bash_completion';
  for (const shell of ['bash', 'zsh']) {
    if (!tools[shell]) continue;
    const variants = {};
    for (const v of ['hook', 'hook+completion', 'hook+source <(completion)']) {
      const home = join(x.root, `start-${shell}-${v.replace(/\W+/g, '-')}`);
      const data = join(home, 'data');
      mkdirSync(data, { recursive: true });
      const env = { ...x.env, HOME: home, XDG_DATA_HOME: data, GOSW_HOME: join(x.data, 'gosw') };
      if (v === 'hook+completion') {
        // As install.sh: the scripts gosw prints, through the launcher.
        const file = shell === 'bash' ? join(data, 'bash-completion', 'completions', 'gosw') : join(data, 'gosw-cli', 'zsh', '_gosw');
        mkdirSync(join(file, '..'), { recursive: true });
        const r = spawnSync(process.execPath, [x.cjs, 'completion', shell], {
          env: { ...env, GOSW_LAUNCHER: x.launcher },
          encoding: 'utf8',
        });
        writeFileSync(file, r.stdout);
      }
      const sys =
        shell === 'bash'
          ? `[[ -f ${bashCompletion} ]] && source ${bashCompletion}`
          : `autoload -Uz compinit; compinit -u -d ${sq(join(home, '.zcompdump'))}`;
      const lines = [sys, 'eval "$(gosw env)"'];
      if (v === 'hook+source <(completion)') lines.push(`source <(gosw completion ${shell})`);
      writeFileSync(join(home, shell === 'bash' ? '.bashrc' : '.zshrc'), `${lines.join('\n')}\n`);
      // Checked once: the hook is there, and completion is registered for gosw only when installed.
      const check =
        shell === 'bash'
          ? 'typeset -f _gosw_hook >/dev/null && echo "OK $(complete -p gosw 2>/dev/null | wc -l)"'
          : 'typeset -f _gosw_hook >/dev/null && echo "OK ${+_comps[gosw]}"';
      const c = spawnSync(tools[shell], ['-ic', check], { env, cwd: x.home, encoding: 'utf8' });
      const want = v === 'hook' ? 'OK 0' : shell === 'bash' && v === 'hook+completion' ? 'OK 0' : 'OK 1';
      if (!c.stdout.includes(want)) throw new Error(`completion start (${shell}, ${v}): expected ${want}, got ${c.stdout}${c.stderr}`);
      variants[v] = { env, ms: [] };
    }
    const names = Object.keys(variants);
    const once = (v) => {
      const t0 = process.hrtime.bigint();
      spawnSync(tools[shell], ['-ic', 'exit'], { env: variants[v].env, cwd: x.home, stdio: 'ignore' });
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    for (let i = 0; i < 3; i++) for (const v of names) once(v);
    for (let i = 0; i < reps; i++) for (const v of names) variants[v].ms.push(once(v));
    const res = {};
    for (const v of names)
      res[v] = { medianMs: median(variants[v].ms), minMs: Math.min(...variants[v].ms), maxMs: Math.max(...variants[v].ms) };
    const pair = (v) => variants[v].ms.map((m, i) => m / variants.hook.ms[i]);
    res.ratioCompletion = median(pair('hook+completion'));
    res.ratioCompletionRange = span(pair('hook+completion'));
    res.ratioSource = median(pair('hook+source <(completion)'));
    res.ratioSourceRange = span(pair('hook+source <(completion)'));
    res.reps = reps;
    out[shell] = res;
  }
  return out;
}

export function rowTargets(results) {
  const t = [];
  for (const [shell, m] of Object.entries(results.miss ?? {}))
    t.push({
      target: `${shell}: a memo miss (first prompt in a new directory) <= ${TARGET_MISS_VS_WALK}x the walk without the memo`,
      value: `${fmt(m.ratio, 2)}x (per round ${span(m.ratios)}; ${fmt(m.missUs, 0)} vs ${fmt(m.walkUs, 0)} µs)`,
      pass: m.ratio <= TARGET_MISS_VS_WALK,
    });
  for (const [shell, c] of Object.entries(results.completion ?? {}))
    t.push({
      target: `${shell} start: hook + completion <= ${TARGET_COMPLETION_START}x hook alone`,
      value: `${fmt(c.ratioCompletion, 2)}x (pairs ${c.ratioCompletionRange})`,
      pass: c.ratioCompletion <= TARGET_COMPLETION_START,
    });
  return t;
}

export function rowsMarkdown(results) {
  const L = [];
  if (results.miss && Object.keys(results.miss).length) {
    L.push('## First prompt in a new directory (µs per hook call at depth 12, net of cd + an empty function)', '');
    L.push(
      'Interleaved in one shell: rounds of 50 new directories each with the memo (misses) and with it off (the walk); hits: the hook again in one directory. Medians over rounds.',
      '',
    );
    L.push('| shell | miss | walk (no memo) | miss ÷ walk (min–max) | hit |', '| --- | ---: | ---: | ---: | ---: |');
    for (const [shell, m] of Object.entries(results.miss))
      L.push(`| ${shell} | ${fmt(m.missUs, 0)} | ${fmt(m.walkUs, 0)} | ${fmt(m.ratio, 2)}x (${span(m.ratios)}) | ${fmt(m.hitUs, 0)} |`);
    L.push('');
  }
  if (results.completion && Object.keys(results.completion).length) {
    L.push('## Shell start with completion (`<shell> -ic exit`, ms, median (min–max); ratios: median of interleaved pairs)', '');
    L.push(
      '| shell | hook | hook + completion (installed files) | ÷ hook | hook + `source <(gosw completion …)` | ÷ hook |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const [shell, c] of Object.entries(results.completion)) {
      const cell = (v) => `${fmt(c[v].medianMs, 1)} (${fmt(c[v].minMs, 1)}–${fmt(c[v].maxMs, 1)})`;
      L.push(
        `| ${shell} | ${cell('hook')} | ${cell('hook+completion')} | ${fmt(c.ratioCompletion, 2)}x (${c.ratioCompletionRange}) | ${cell('hook+source <(completion)')} | ${fmt(c.ratioSource, 2)}x (${c.ratioSourceRange}) |`,
      );
    }
    L.push('');
  }
  return L.join('\n');
}
