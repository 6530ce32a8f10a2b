#!/usr/bin/env node
// Everyday read-only commands: gosw (the installed launcher, which answers them in bash with the
// hook's resolver: shell/fast.sh) against mise's nearest equivalent and against gosw's own Node
// path, in one run. See bench/commands/README.md.
//
// gosw is installed the way a user installs it (install.sh --js --no-build --dir <tmp>/bin), into a
// temp dir with its own HOME and XDG dirs; every command runs under a minimal environment (like
// `env -i`). Timing: interleaved pairs, A B A B ...; each sample is a batch of K runs of one command
// in a bash loop (its fork+exec cost is the same for both sides), timed from here; per pair the
// ratio A/B, reported as the median with min-max.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOrInstallMise } from '../lib/mise.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const workDir = join(repo, 'bench', '.work');

// Target (issue 13): each command <= 1x mise's nearest equivalent, same run, interleaved.
const TARGET_VS_MISE = 1;

const USAGE = `usage: node bench/commands/run.mjs [options]

  --pairs N      interleaved pairs per comparison (default 15)
  --batch K      runs of a command per sample (default 10)
  --only LIST    comma-separated commands (default all): ${'current,which,list,version,env,local,global'}
  --no-build     use the existing dist/gosw.cjs instead of running \`npm run build\`
  --no-node      skip the comparison with gosw's Node path (the slowest part)
  --json PATH    JSON report (default bench/.work/commands-result.json)
  --keep         keep the temp dir (its path is printed)
  --strict       exit 3 when a target is missed (default: report it, exit 0)
`;

function die(msg) {
  process.stderr.write(`bench/commands: ${msg}\n`);
  process.exit(2);
}
const log = (msg) => process.stderr.write(`[commands-bench] ${msg}\n`);

function parseArgs(argv) {
  const o = {
    pairs: 15,
    batch: 10,
    only: null,
    build: true,
    node: true,
    json: join(workDir, 'commands-result.json'),
    keep: false,
    strict: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => (i + 1 < argv.length ? argv[++i] : die(`${a} needs a value`));
    const int = (min) => {
      const v = Number(val());
      if (!Number.isInteger(v) || v < min) die(`${a} needs an integer >= ${min}`);
      return v;
    };
    switch (a) {
      case '--pairs':
        o.pairs = int(3);
        break;
      case '--batch':
        o.batch = int(1);
        break;
      case '--only':
        o.only = new Set(
          val()
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
        break;
      case '--no-build':
        o.build = false;
        break;
      case '--no-node':
        o.node = false;
        break;
      case '--json':
        o.json = resolve(val());
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
  return o;
}

/** A word for bash, single-quoted. */
const sq = (s) => `'${String(s).replaceAll("'", "'\\''")}'`;

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000, ...opts });
}

/** The sandbox: HOME, XDG dirs, a gosw store and mise installs with the same two versions, a project. */
function setup(tools) {
  const root = realpathSync(mkdtempSync(join(os.tmpdir(), 'gosw-bench-commands-')));
  const x = { root, home: join(root, 'home') };
  for (const [k, rel] of Object.entries({ data: 'xdg/data', cache: 'xdg/cache', config: 'xdg/config', state: 'xdg/state', run: 'run' })) {
    x[k] = join(x.home, rel);
    mkdirSync(x[k], { recursive: true, mode: 0o700 });
  }
  chmodSync(x.run, 0o700);
  x.bin = join(x.home, 'bin');
  // The store where gosw looks by default ($XDG_DATA_HOME/gosw): two releases, their aliases.
  const store = join(x.data, 'gosw');
  const versions = ['1.22.5', '1.21.13'];
  for (const v of versions) {
    const gr = join(store, 'versions', `go${v}`);
    mkdirSync(join(gr, 'bin'), { recursive: true });
    writeFileSync(join(gr, 'bin', 'go'), '#!/bin/sh\necho fake go\n');
    chmodSync(join(gr, 'bin', 'go'), 0o755);
    writeFileSync(join(gr, 'VERSION'), `go${v}\ntime 2024-01-01T00:00:00Z\n`);
    symlinkSync(`go${v}`, join(store, 'versions', v.split('.').slice(0, 2).join('.')));
  }
  symlinkSync('go1.22.5', join(store, 'versions', 'latest'));
  writeFileSync(join(store, 'store.json'), '{"format": 1}\n');
  writeFileSync(join(store, 'version'), '1.21\n');
  // mise: the same versions installed (nothing is downloaded: MISE_OFFLINE=1), a global go.
  for (const v of versions) {
    const d = join(x.data, 'mise', 'installs', 'go', v, 'bin');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'go'), '#!/bin/sh\necho fake go\n');
    chmodSync(join(d, 'go'), 0o755);
  }
  mkdirSync(join(x.config, 'mise'), { recursive: true });
  writeFileSync(join(x.config, 'mise', 'config.toml'), '[tools]\ngo = "1.21.13"\n');
  // The project: .go-version at its root, the shell 3 levels below (both tools walk up).
  x.project = join(x.home, 'src', 'proj');
  x.cwd = join(x.project, 'a', 'b', 'c');
  mkdirSync(x.cwd, { recursive: true });
  writeFileSync(join(x.project, '.go-version'), '1.22.5\n');

  x.env = {
    HOME: x.home,
    PATH: [x.bin, '/usr/local/bin', '/usr/bin', '/bin', dirname(process.execPath)].join(':'),
    TERM: 'dumb',
    LANG: 'C.UTF-8',
    XDG_DATA_HOME: x.data,
    XDG_CACHE_HOME: x.cache,
    XDG_CONFIG_HOME: x.config,
    XDG_STATE_HOME: x.state,
    XDG_RUNTIME_DIR: x.run,
    MISE_OFFLINE: '1',
    MISE_IDIOMATIC_VERSION_FILE_ENABLE_TOOLS: 'go',
    PWD: x.cwd,
  };
  // gosw, as a user installs it: the launcher in bin/, the real gosw (a wrapper running the
  // bundle with node) and fast.bash in $XDG_DATA_HOME/gosw-cli.
  const r = run(join(repo, 'install.sh'), ['--js', '--no-build', '--dir', x.bin], { env: { ...x.env, PWD: x.home }, cwd: x.home });
  if (r.status !== 0) die(`install.sh failed:\n${r.stdout}\n${r.stderr}`);
  x.gosw = join(x.bin, 'gosw');
  x.real = join(x.data, 'gosw-cli', 'gosw');
  if (tools.mise) symlinkSync(tools.mise, join(x.bin, 'mise'));
  return x;
}

/** The comparisons: gosw's command, mise's nearest equivalent. */
const COMMANDS = [
  { id: 'current', gosw: ['current'], mise: ['current', 'go'] },
  { id: 'which', gosw: ['which', '1.22'], mise: ['which', 'go'] },
  { id: 'list', gosw: ['list'], mise: ['ls'] },
  { id: 'version', gosw: ['--version'], mise: ['--version'] },
  { id: 'env', gosw: ['env', '--format', 'json'], mise: ['env', '--json'] },
  { id: 'local', gosw: ['local'], mise: ['current', 'go'] },
  { id: 'global', gosw: ['global'], mise: ['current', 'go'] },
];

/** Seconds per run of argv: one batch of k runs in a bash loop, output discarded. */
function batch(x, argv, k) {
  const line = argv.map(sq).join(' ');
  const script = `for ((i = 0; i < ${k}; i++)); do ${line} >/dev/null 2>&1 </dev/null; done`;
  const t0 = process.hrtime.bigint();
  const r = run('bash', ['--norc', '--noprofile', '-c', script], { env: x.env, cwd: x.cwd });
  const t1 = process.hrtime.bigint();
  if (r.status !== 0) die(`${line}: the loop failed: ${r.stderr}`);
  return Number(t1 - t0) / 1e9 / k;
}

/** Interleaved pairs A B A B ...: per-run times of each, and the ratios A/B per pair. */
function pairs(x, a, b, n, k) {
  batch(x, a, 2); // warm the page cache for both
  batch(x, b, 2);
  const ta = [];
  const tb = [];
  for (let i = 0; i < n; i++) {
    ta.push(batch(x, a, k));
    tb.push(batch(x, b, k));
  }
  return { a: ta, b: tb, ratios: ta.map((v, i) => v / tb[i]) };
}

const median = (xs) => {
  const s = [...xs].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (v, d = 2) => (v === undefined || v === null ? '-' : v.toFixed(d));
const summary = (p) => ({
  aMs: median(p.a) * 1e3,
  bMs: median(p.b) * 1e3,
  ratio: median(p.ratios),
  min: Math.min(...p.ratios),
  max: Math.max(...p.ratios),
});

function main() {
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(workDir, { recursive: true });
  if (opts.build) {
    log('npm run build');
    const r = spawnSync('npm', ['run', 'build'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) die('npm run build failed');
  }
  if (!existsSync(join(repo, 'dist', 'gosw.cjs'))) die('dist/gosw.cjs is missing (run npm run build)');
  const miseBin = findOrInstallMise(repo, log);
  const tools = { mise: miseBin };
  if (!tools.mise) log('mise is not available: only gosw fast vs gosw node is measured');
  const x = setup(tools);
  process.on('exit', () => {
    if (opts.keep) log(`kept ${x.root}`);
    else rmSync(x.root, { recursive: true, force: true });
  });

  const selected = COMMANDS.filter((c) => !opts.only || opts.only.has(c.id));
  // What each side prints here, once (a command that fails would time its error path).
  for (const c of selected) {
    const g = run(x.gosw, c.gosw, { env: x.env, cwd: x.cwd });
    if (g.status !== 0) die(`gosw ${c.gosw.join(' ')} failed (${g.status}): ${g.stderr}`);
    log(`gosw ${c.gosw.join(' ')}: ${g.stdout.trim().split('\n')[0]}`);
    if (tools.mise) {
      const m = run('mise', c.mise, { env: x.env, cwd: x.cwd });
      if (m.status !== 0) die(`mise ${c.mise.join(' ')} failed (${m.status}): ${m.stderr}`);
      log(`mise ${c.mise.join(' ')}: ${m.stdout.trim().split('\n')[0]}`);
    }
  }

  const rows = [];
  const load0 = os.loadavg()[0];
  for (const c of selected) {
    const row = { id: c.id, gosw: `gosw ${c.gosw.join(' ')}`, mise: `mise ${c.mise.join(' ')}` };
    if (tools.mise) {
      log(`${row.gosw} vs ${row.mise}`);
      row.vsMise = summary(pairs(x, ['gosw', ...c.gosw], ['mise', ...c.mise], opts.pairs, opts.batch));
    }
    if (opts.node) {
      log(`${row.gosw} vs the same through Node (${x.real})`);
      row.vsNode = summary(pairs(x, ['gosw', ...c.gosw], [x.real, ...c.gosw], opts.pairs, Math.max(1, Math.ceil(opts.batch / 3))));
    }
    rows.push(row);
  }

  const meta = {
    date: new Date().toISOString(),
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '?',
    loadBefore: fmt(load0),
    loadAfter: fmt(os.loadavg()[0]),
    mise: tools.mise ? run('mise', ['--version'], { env: x.env }).stdout.trim() : null,
    bash: run('bash', ['--version']).stdout.split('\n')[0],
    node: process.version,
    pairs: opts.pairs,
    batch: opts.batch,
  };
  const lines = [
    `${meta.date} · ${meta.cpu} × ${meta.cpus} · load ${meta.loadBefore}/${meta.loadAfter} · mise ${meta.mise ?? '-'} · ${meta.pairs} interleaved pairs, ${meta.batch} runs per sample`,
    '',
    '| command | gosw ms | mise (nearest) | mise ms | gosw/mise median (min–max) | target | Node path ms | launcher/Node median (min–max) |',
    '| --- | ---: | --- | ---: | ---: | --- | ---: | ---: |',
  ];
  let missed = 0;
  for (const r of rows) {
    const m = r.vsMise;
    const n = r.vsNode;
    const pass = m ? m.ratio <= TARGET_VS_MISE : null;
    if (pass === false) missed++;
    lines.push(
      `| \`${r.gosw}\` | ${fmt(m?.aMs ?? n?.aMs)} | \`${r.mise}\` | ${fmt(m?.bMs)} | ${m ? `${fmt(m.ratio)}× (${fmt(m.min)}–${fmt(m.max)})` : '-'} | ${pass === null ? '-' : pass ? `≤ ${TARGET_VS_MISE}× ✓` : `≤ ${TARGET_VS_MISE}× ✗`} | ${fmt(n?.bMs)} | ${n ? `${fmt(n.ratio)}× (${fmt(n.min)}–${fmt(n.max)})` : '-'} |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  writeFileSync(opts.json, `${JSON.stringify({ meta, rows }, null, 2)}\n`);
  log(`wrote ${opts.json}`);
  if (opts.strict && missed) process.exit(3);
}

main();
