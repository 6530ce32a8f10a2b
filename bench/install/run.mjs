#!/usr/bin/env node
// Install benchmark: `gosw install` against the GNU pipeline (curl | tee >(sha256sum) | tar -xz),
// both fetching the same real-size Go toolchain tarball from a local HTTP server.
// See bench/install/README.md. Plain Node ESM, no dependencies.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import { basename, delimiter, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const workDir = join(repo, 'bench', '.work');
const GNU_TIME = '/usr/bin/time';
// gosw median wall time / GNU median wall time, per row (issue 13): as fast as GNU on a quiet
// machine, at most 1.2x with two CPU-bound processes beside both.
const ROWS = {
  'quiet-disk': { fs: 'disk', contended: false, target: 1.0 },
  'contended-disk': { fs: 'disk', contended: true, target: 1.2 },
  'quiet-tmpfs': { fs: 'tmpfs', contended: false, target: 1.0 },
  'contended-tmpfs': { fs: 'tmpfs', contended: true, target: 1.2 },
  // Not in the default rows (it needs Go to build the fixture): the same release as a module zip
  // from a loopback Go module proxy + checksum database (test/fixtures/gosumdb), a third contender.
  'goproxy-tmpfs': { fs: 'tmpfs', contended: false, target: null, goproxy: true },
};
const HOGS = 2;
const TARGET_RSS_MB = 150; // peak RSS, MB = 10^6 bytes

const USAGE = `usage: node bench/install/run.mjs [options]

  --rounds N        timed rounds of each contender, alternating (default 5)
  --warmup N        untimed rounds of each first (default 1)
  --gosw CMD        gosw command line, split on spaces (default: "<this node> dist/gosw.cjs");
                    e.g. --gosw dist/gosw for the single-executable binary
  --spec SPEC       version spec passed to \`gosw install\` (default: the tarball's exact version)
  --only-baseline   run only the GNU pipeline
  --json PATH       where to write the JSON report (default bench/.work/install-result.json,
                    or bench/.work/install-baseline.json with --only-baseline)
  --tmpdir DIR      where the work dirs go, for both contenders (default bench/.work)
  --clean-each-round  remove each run's directories right after it (outside the timed part)
                    instead of all at the end; see README: on ext4 without a journal, creating
                    files soon after deleting many is much slower, which skews every round
  --keep            keep the work directories (bench/.work/run-<pid>/)
  --strict          exit 3 when a target is missed (default: report it, exit 0)
  --rows LIST       which rows, comma-separated (default all): quiet-disk, contended-disk,
                    quiet-tmpfs, contended-tmpfs; goproxy-tmpfs (not by default: the same
                    release as a module zip from the loopback module proxy and checksum
                    database of test/fixtures/gosumdb, built with Debian's Go 1.19, as a third
                    contender). "contended": two CPU-bound processes (node -e 'for(;;);') run
                    beside each run
  --tmpfs DIR       a tmpfs directory for the tmpfs rows (default /dev/shm)
`;

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const o = {
    rounds: 5,
    warmup: 1,
    gosw: null,
    spec: null,
    onlyBaseline: false,
    json: null,
    tmpdir: null,
    cleanEach: false,
    keep: false,
    strict: false,
    rows: ['quiet-disk', 'contended-disk', 'quiet-tmpfs', 'contended-tmpfs'], // goproxy-tmpfs on request
    tmpfs: '/dev/shm',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] =
      a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) fail(`${flag} needs a value`);
      return argv[++i];
    };
    const int = (min) => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < min) fail(`${flag} needs an integer >= ${min}, got '${v}'`);
      return Number(v);
    };
    switch (flag) {
      case '--rounds':
        o.rounds = int(1);
        break;
      case '--warmup':
        o.warmup = int(0);
        break;
      case '--gosw':
        o.gosw = value();
        break;
      case '--spec':
        o.spec = value();
        break;
      case '--only-baseline':
        o.onlyBaseline = true;
        break;
      case '--json':
        o.json = resolve(value());
        break;
      case '--tmpdir':
        o.tmpdir = resolve(value());
        break;
      case '--clean-each-round':
        o.cleanEach = true;
        break;
      case '--keep':
        o.keep = true;
        break;
      case '--strict':
        o.strict = true;
        break;
      case '--rows': {
        const rows = value().split(',').filter(Boolean);
        for (const r of rows) if (!ROWS[r]) fail(`unknown row '${r}' (rows: ${Object.keys(ROWS).join(', ')})`);
        o.rows = rows;
        break;
      }
      case '--tmpfs':
        o.tmpfs = resolve(value());
        break;
      case '-h':
      case '--help':
        process.stdout.write(USAGE);
        process.exit(0);
      default:
        fail(`unknown option '${a}'\n\n${USAGE}`);
    }
  }
  return o;
}

function fail(msg) {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(2);
}

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);

// ---------------------------------------------------------------- helpers

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmtS = (x) => (x == null ? '-' : `${x.toFixed(3)} s`);
const fmtX = (x) => (x == null ? '-' : `${x.toFixed(2)}x`);
const fmtMB = (kib) => (kib == null ? '-' : `${((kib * 1024) / 1e6).toFixed(1)} MB (${(kib / 1024).toFixed(1)} MiB)`);

async function sha256File(path) {
  const h = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), async function* (src) {
    for await (const chunk of src) h.update(chunk);
  });
  return h.digest('hex');
}

/** Counts a tree without following symlinks: files, dirs (the root excluded), symlinks, others, bytes in files. */
async function countTree(root) {
  const c = { files: 0, dirs: 0, symlinks: 0, other: 0, bytes: 0 };
  const walk = async (dir) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        c.dirs++;
        await walk(p);
      } else if (e.isFile()) {
        c.files++;
        c.bytes += (await lstat(p)).size;
      } else if (e.isSymbolicLink()) c.symlinks++;
      else c.other++;
    }
  };
  await walk(root);
  return c;
}
const sameTree = (a, b) =>
  a.files === b.files && a.dirs === b.dirs && a.symlinks === b.symlinks && a.other === b.other && a.bytes === b.bytes;
const treeStr = (c) => `${c.files} files, ${c.dirs} dirs, ${c.symlinks} symlinks, ${c.bytes} bytes`;

/**
 * Runs argv under `/usr/bin/time -f '%M %e %U %S' -o TIMEFILE env -i VARS... argv` and measures
 * the wall time from spawn to exit with the monotonic clock. %M is the peak RSS (KiB) of the
 * process GNU time waited for, i.e. max RSS over it and its waited-for descendants (not a sum).
 */
function timed(argv, env, timeFile, { cwd = repo } = {}) {
  const envArgs = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  const args = ['-f', '%M %e %U %S', '-o', timeFile, 'env', '-i', ...envArgs, ...argv];
  return new Promise((res, rej) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(GNU_TIME, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d) => {
      err += d;
    });
    child.on('error', rej);
    child.on('close', (code, signal) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      let rssKiB = null,
        user = null,
        sys = null;
      try {
        // GNU time writes "Command exited with non-zero status N" before the format line on failure.
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop();
        const [m, , u, s] = last.split(/\s+/).map(Number);
        if (Number.isFinite(m)) [rssKiB, user, sys] = [m, u, s];
      } catch {
        /* reported as null */
      }
      res({ code, signal, wall, rssKiB, user, sys, stdout: out, stderr: err });
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** sha256sum in a process substitution may still be writing when bash exits: wait for it. */
async function readSum(file) {
  for (let i = 0; i < 100; i++) {
    try {
      const m = /^([0-9a-f]{64})\s/.exec(readFileSync(file, 'utf8'));
      if (m) return m[1];
    } catch {
      /* not yet */
    }
    await sleep(50);
  }
  return null;
}

// ---------------------------------------------------------------- server

function startServer({ tarball, filename, index }) {
  const body = Buffer.from(JSON.stringify(index));
  const size = statSync(tarball).size;
  const stats = { index: 0, dl: 0, dlBytes: 0, notFound: [] };
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/index.json') {
      stats.index++;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
      res.end(head ? undefined : body);
      return;
    }
    if (path === `/dl/${filename}`) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': size });
      if (head) {
        res.end();
        return;
      }
      stats.dl++;
      const rs = createReadStream(tarball, { highWaterMark: 1 << 20 });
      rs.on('data', (d) => {
        stats.dlBytes += d.length;
      });
      pipeline(rs, res).catch(() => {
        /* client went away; the run's own checks report it */
      });
      return;
    }
    stats.notFound.push(`${req.method} ${req.url}`);
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
  });
  return new Promise((res, rej) => {
    server.on('error', rej);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      res({
        base: `http://127.0.0.1:${port}`,
        stats,
        reset() {
          stats.index = 0;
          stats.dl = 0;
          stats.dlBytes = 0;
          stats.notFound = [];
        },
        close() {
          server.closeAllConnections?.();
          return new Promise((r) => server.close(() => r()));
        },
      });
    });
  });
}

// ---------------------------------------------------------------- goproxy fixture

/**
 * The loopback module proxy + checksum database of test/fixtures/gosumdb (x/mod's sumdb), over the
 * toolchain module of the bench release: the tarball's tree as distpack makes the module (go/
 * dropped, api/ doc/ misc/ test/ left out, every go.mod named _go.mod). The binary is the one the
 * tests build (os.tmpdir()/gosw-gosumdb-<hash of main.go>/gosumdb), built here if missing.
 */
async function startGoproxy(tarball, version) {
  const src = join(repo, 'test', 'fixtures', 'gosumdb', 'main.go');
  const id = createHash('sha256').update(readFileSync(src)).digest('hex').slice(0, 16);
  const binDir = join(os.tmpdir(), `gosw-gosumdb-${id}`);
  const bin = join(binDir, 'gosumdb');
  if (!existsSync(bin)) {
    log(`building ${bin}`);
    mkdirSync(binDir, { recursive: true });
    const go = existsSync('/usr/lib/go-1.19/bin/go') ? '/usr/lib/go-1.19/bin/go' : 'go';
    const r = spawnSync(go, ['build', '-o', bin, src], {
      stdio: 'inherit',
      env: {
        PATH: process.env.PATH,
        HOME: binDir,
        GO111MODULE: 'off',
        GOPATH: '/usr/share/gocode',
        GOCACHE: join(binDir, 'cache'),
        CGO_ENABLED: '0',
      },
    });
    if (r.status !== 0) fail('cannot build the gosumdb fixture (needs golang-1.19-go and golang-golang-x-mod-dev)');
  }
  const mv = `v0.0.1-${version}.linux-amd64`;
  const trees = join(workDir, `goproxy-trees-${process.pid}`);
  const root = join(trees, mv);
  rmSync(trees, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const x = spawnSync('tar', ['-xzf', tarball, '-C', root, '--strip-components=1'], { stdio: 'inherit' });
  if (x.status !== 0) fail('cannot unpack the tarball for the goproxy row');
  for (const d of ['api', 'doc', 'misc', 'test']) rmSync(join(root, d), { recursive: true, force: true });
  const mods = spawnSync('find', [root, '-name', 'go.mod', '-type', 'f'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  for (const m of mods) spawnSync('mv', [m, join(dirname(m), '_go.mod')]);
  log(`starting the module proxy and checksum database (zipping ${mv})`);
  const child = spawn(bin, ['-trees', trees, '-pad', '20'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((res, rej) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const i = buf.indexOf('\n');
      if (i >= 0) res(buf.slice(0, i));
    });
    child.once('exit', (code) => rej(new Error(`gosumdb exited (${code})`)));
  });
  rmSync(trees, { recursive: true, force: true });
  const info = JSON.parse(line);
  return { url: `http://${info.addr}`, vkey: info.vkey, close: () => child.kill('SIGKILL') };
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseArgs(process.argv.slice(2));

  // 1. The tarball (built once, cached).
  const mk = spawnSync('bash', [join(here, 'make-tarball.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (mk.status !== 0) fail(`make-tarball.sh failed (exit ${mk.status})`);
  const tarball = mk.stdout.trim().split('\n').pop();
  const filename = basename(tarball);
  const m = /^(go\d+\.\d+(?:\.\d+)?)\.linux-amd64\.tar\.gz$/.exec(filename);
  if (!m) fail(`unexpected tarball name ${filename}`);
  const version = m[1];
  const spec = o.spec ?? version.slice(2);
  if (!existsSync(GNU_TIME)) fail(`${GNU_TIME} not found: apt-get install time`);

  log(`hashing ${filename}`);
  const sha256 = await sha256File(tarball); // also pulls the tarball into the page cache
  const size = statSync(tarball).size;

  // 2. The gosw command line.
  let goswArgv = null;
  let goswUnavailable = null;
  if (!o.onlyBaseline) {
    if (o.gosw) {
      goswArgv = o.gosw.trim().split(/\s+/);
      if (goswArgv[0].includes('/')) goswArgv[0] = resolve(repo, goswArgv[0]);
    } else {
      goswArgv = [process.execPath, join(repo, 'dist', 'gosw.cjs')];
      if (!existsSync(goswArgv[1]))
        goswUnavailable = `dist/gosw.cjs not found: run \`npm run build\` first (or use \`npm run bench:install\`)`;
    }
  }

  const index = [
    {
      version,
      stable: true,
      files: [{ filename, os: 'linux', arch: 'amd64', version, sha256, size, kind: 'archive' }],
    },
  ];
  const server = await startServer({ tarball, filename, index });
  const goproxy = o.rows.some((r) => ROWS[r].goproxy) ? await startGoproxy(tarball, version) : null;
  const url = `${server.base}/dl/${filename}`;

  // One run dir per filesystem; both contenders of a row work in the same one.
  const diskBase = o.tmpdir ?? workDir;
  const runDirs = { disk: join(diskBase, `run-${process.pid}`), tmpfs: join(o.tmpfs, `gosw-bench-run-${process.pid}`) };
  const wantFs = new Set(o.rows.map((r) => ROWS[r].fs));
  for (const [fs, d] of Object.entries(runDirs)) {
    if (!wantFs.has(fs)) continue;
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
  }
  let runDir = runDirs.disk;
  let hogs = [];
  const stopHogs = () => {
    for (const h of hogs) h.kill('SIGKILL');
    hogs = [];
  };
  let cleaned = false;
  const cleanup = () => {
    stopHogs();
    if (o.keep || cleaned) return;
    cleaned = true;
    for (const [fs, d] of Object.entries(runDirs)) {
      if (!wantFs.has(fs)) continue;
      log(`removing ${d}`);
      rmSync(d, { recursive: true, force: true });
    }
  };
  // Removes a run's directories now with --clean-each-round, else at the end (see README).
  // tmpfs holds its trees in RAM: those go at once (removing is cheap there, with no journal).
  const done = (dir) => {
    if ((o.cleanEach || runDir === runDirs.tmpfs) && !o.keep) rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  process.on('SIGTERM', () => {
    cleanup();
    process.exit(143);
  });

  const basePath = ['/usr/local/bin', '/usr/bin', '/bin'];
  const nodeDir = dirname(process.execPath);
  const PATH = [nodeDir, ...basePath.filter((p) => p !== nodeDir)].join(delimiter);

  let expected = null; // tree of the first GNU extraction; every later extraction must match it
  let seq = 0;
  const freshDir = (label) => {
    const d = join(runDir, `${label}-${++seq}`);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    return d;
  };
  const settle = () => spawnSync('sync'); // flush the previous round's writes outside the timed part

  async function runGnu() {
    const dir = freshDir('gnu');
    const out = join(dir, 'out');
    const home = join(dir, 'home');
    mkdirSync(out);
    mkdirSync(home);
    const sumFile = join(dir, 'sum');
    const script = `curl -s ${url} | tee >(sha256sum >${sumFile}) | tar -xz -C ${out}`;
    settle();
    server.reset();
    const r = await timed(['bash', '-c', script], { PATH, HOME: home }, join(dir, 'time'));
    const problems = [];
    if (r.code !== 0) problems.push(`exit ${r.code ?? r.signal}: ${r.stderr.trim()}`);
    const sum = await readSum(sumFile);
    if (sum !== sha256) problems.push(`sha256 ${sum} != ${sha256}`);
    if (server.stats.dlBytes !== size) problems.push(`served ${server.stats.dlBytes} of ${size} bytes`);
    const gobin = join(out, 'go', 'bin', 'go');
    if (!existsSync(gobin)) problems.push('go/bin/go missing');
    else {
      const tree = await countTree(join(out, 'go'));
      if (!expected) expected = tree;
      else if (!sameTree(tree, expected)) problems.push(`tree differs: ${treeStr(tree)} vs ${treeStr(expected)}`);
    }
    done(dir);
    if (problems.length) throw new Error(`GNU pipeline: ${problems.join('; ')}`);
    return r;
  }

  /** gosw install --source goproxy: the module zip from the fixture, verified by its database. */
  async function runGoproxy() {
    const dir = freshDir('goproxy');
    const home = join(dir, 'home');
    const goswHome = join(dir, 'store');
    mkdirSync(home);
    mkdirSync(goswHome);
    const env = {
      PATH,
      HOME: home,
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CONFIG_HOME: join(home, '.config'),
      GOSW_HOME: goswHome,
      GOSW_SOURCE: 'goproxy',
      GOPROXY: goproxy.url,
      GOSUMDB: goproxy.vkey,
      GOENV: 'off',
    };
    settle();
    const r = await timed([...goswArgv, 'install', '--quiet', spec], env, join(dir, 'time'));
    const problems = [];
    if (r.code !== 0) problems.push(`exit ${r.code ?? r.signal}: ${(r.stderr + r.stdout).trim()}`);
    else {
      const root = join(goswHome, 'versions', version);
      const gv = spawnSync(join(root, 'bin', 'go'), ['version'], { env: { PATH, HOME: home }, encoding: 'utf8' });
      if (gv.status !== 0 || !gv.stdout.includes(`${version} `)) problems.push(`${root}/bin/go version: ${(gv.stdout + gv.stderr).trim()}`);
    }
    done(dir);
    if (problems.length) throw new Error(`gosw --source goproxy: ${problems.join('; ')}`);
    return r;
  }

  async function runGosw() {
    const dir = freshDir('gosw');
    const home = join(dir, 'home');
    const goswHome = join(dir, 'store');
    mkdirSync(home);
    mkdirSync(goswHome);
    const env = {
      PATH,
      HOME: home,
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_CONFIG_HOME: join(home, '.config'),
      GOSW_HOME: goswHome,
      GOSW_INDEX_URL: `${server.base}/index.json`,
      GOSW_DOWNLOAD_URL: `${server.base}/dl`,
    };
    settle();
    server.reset();
    const r = await timed([...goswArgv, 'install', '--quiet', spec], env, join(dir, 'time'));
    const problems = [];
    if (r.code !== 0) problems.push(`exit ${r.code ?? r.signal}: ${(r.stderr + r.stdout).trim()}`);
    if (server.stats.notFound.length) problems.push(`requests for unknown paths: ${server.stats.notFound.join(', ')}`);
    if (r.code === 0) {
      if (server.stats.dlBytes !== size)
        problems.push(`served ${server.stats.dlBytes} of ${size} bytes (did it download from the local server?)`);
      const root = join(goswHome, 'versions', version);
      const gv = spawnSync(join(root, 'bin', 'go'), ['version'], { env: { PATH, HOME: home }, encoding: 'utf8' });
      if (gv.status !== 0 || !gv.stdout.includes(`${version} `)) {
        problems.push(`${root}/bin/go version: ${gv.error?.message ?? (gv.stdout + gv.stderr).trim()}`);
      }
      if (existsSync(root)) {
        const tree = await countTree(root);
        if (expected && !sameTree(tree, expected))
          problems.push(`tree differs from the GNU extraction: ${treeStr(tree)} vs ${treeStr(expected)}`);
        r.tree = tree;
      }
    }
    done(dir);
    if (problems.length) throw new Error(`gosw: ${problems.join('; ')}`);
    return r;
  }

  let goswError = goswUnavailable;
  let fatal = null;
  const sayRun = (row, what, round, r) =>
    log(`${row.padEnd(15)} ${round}  ${what.padEnd(4)} ${fmtS(r.wall)}  rss ${fmtMB(r.rssKiB)}  cpu ${(r.user + r.sys).toFixed(2)} s`);

  log(`serving ${server.base} (tarball ${size} bytes, sha256 ${sha256.slice(0, 12)}…)`);
  if (goswArgv && !goswError) log(`gosw: ${goswArgv.join(' ')} install --quiet ${spec}`);
  if (goswError) log(`gosw NOT benchmarked: ${goswError}`);

  // Two processes that only burn CPU, started before a pair and stopped after it, so that both
  // contenders of a pair run under the same load (issue 13: gosw fell to 1.4-1.8x there).
  const startHogs = () => {
    for (let i = 0; i < HOGS; i++) hogs.push(spawn(process.execPath, ['-e', 'for(;;);'], { stdio: 'ignore' }));
  };

  const results = Object.fromEntries(o.rows.map((r) => [r, { gnu: [], gosw: [], goproxy: [] }]));
  try {
    const total = o.warmup + o.rounds;
    for (let i = 0; i < total; i++) {
      const warm = i < o.warmup;
      const label = warm ? `warmup ${i + 1}/${o.warmup}` : `round ${i - o.warmup + 1}/${o.rounds}`;
      // Rows interleave too: round 1 of every row, then round 2, so drift hits all rows alike.
      for (const row of o.rows) {
        const { fs, contended } = ROWS[row];
        runDir = runDirs[fs];
        // Alternate which one goes first, so neither always runs right after the other's writes.
        const base = ROWS[row].goproxy ? ['gnu', 'gosw', 'goproxy'] : ['gnu', 'gosw'];
        const order = i % 2 === 0 ? base : [...base].reverse();
        for (const who of order) {
          if (contended) startHogs();
          try {
            if (who === 'gnu') {
              const r = await runGnu();
              sayRun(row, 'GNU', label, r);
              if (!warm) results[row].gnu.push(r);
            } else if (who === 'goproxy') {
              if (goswArgv && !goswError) {
                const r = await runGoproxy();
                sayRun(row, 'zip', label, r);
                if (!warm) results[row].goproxy.push(r);
              }
            } else if (goswArgv && !goswError) {
              try {
                const r = await runGosw();
                sayRun(row, 'gosw', label, r);
                if (!warm) results[row].gosw.push(r);
              } catch (e) {
                goswError = e.message;
                log(`${row} ${label}  gosw FAILED: ${e.message}`);
              }
            }
          } finally {
            stopHogs();
          }
        }
      }
    }
  } catch (e) {
    fatal = e.message;
    log(`FAILED: ${e.message}`);
  } finally {
    await server.close();
    goproxy?.close();
    cleanup();
  }

  // ------------------------------------------------------------ report
  const summary = (rs) =>
    rs.length
      ? {
          runs: rs.length,
          wallSeconds: rs.map((r) => +r.wall.toFixed(4)),
          medianSeconds: +median(rs.map((r) => r.wall)).toFixed(4),
          minSeconds: +Math.min(...rs.map((r) => r.wall)).toFixed(4),
          maxSeconds: +Math.max(...rs.map((r) => r.wall)).toFixed(4),
          peakRssKiB: Math.max(...rs.map((r) => r.rssKiB ?? 0)),
          medianCpuSeconds: +median(rs.map((r) => r.user + r.sys)).toFixed(3),
        }
      : null;
  const rows = {};
  for (const row of o.rows) {
    const gnu = summary(results[row].gnu);
    const gosw = o.onlyBaseline || goswError ? null : summary(results[row].gosw);
    // Ratios of interleaved pairs: each gosw run against the GNU run of the same round and row.
    const pairs = gnu && gosw ? results[row].gosw.map((g, k) => g.wall / results[row].gnu[k].wall) : [];
    const ratio =
      gnu && gosw
        ? {
            median: +(gosw.medianSeconds / gnu.medianSeconds).toFixed(3),
            min: +(gosw.minSeconds / gnu.minSeconds).toFixed(3),
            pairsMedian: +median(pairs).toFixed(3),
            pairsMin: +Math.min(...pairs).toFixed(3),
            pairsMax: +Math.max(...pairs).toFixed(3),
          }
        : null;
    const target = ROWS[row].target;
    const zip = ROWS[row].goproxy ? summary(results[row].goproxy) : undefined;
    rows[row] = {
      ...ROWS[row],
      gnu,
      gosw,
      ...(zip !== undefined ? { goproxy: zip, goproxyRatio: zip && gnu ? +(zip.medianSeconds / gnu.medianSeconds).toFixed(3) : null } : {}),
      ratio,
      targetWallRatio: {
        limit: target,
        basis: 'median',
        value: ratio?.median ?? null,
        pass: ratio && target != null ? ratio.median <= target : null,
      },
    };
  }
  const peakRssKiB = o.onlyBaseline || goswError ? null : Math.max(0, ...o.rows.map((r) => rows[r].gosw?.peakRssKiB ?? 0));
  const rssMB = peakRssKiB ? (peakRssKiB * 1024) / 1e6 : null;
  const targets = o.onlyBaseline
    ? null
    : {
        wallRatio: Object.fromEntries(o.rows.map((r) => [r, rows[r].targetWallRatio])),
        peakRss: {
          limitMB: TARGET_RSS_MB,
          valueMB: rssMB == null ? null : +rssMB.toFixed(1),
          pass: rssMB == null ? null : rssMB <= TARGET_RSS_MB,
        },
      };

  const report = {
    date: new Date().toISOString(),
    mode: o.onlyBaseline ? 'baseline-only' : 'full',
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
      kernel: os.release(),
      node: process.version,
      loadavg: os.loadavg(),
    },
    tarball: { path: tarball, filename, version, size, sha256, tree: expected },
    rounds: o.rounds,
    warmup: o.warmup,
    workDirs: Object.fromEntries(Object.entries(runDirs).filter(([fs]) => wantFs.has(fs))),
    cleanup: o.keep ? 'kept' : o.cleanEach ? 'after each run' : 'at the end',
    contention: `${HOGS} x ${process.execPath} -e 'for(;;);' during each contended run`,
    baselineCommand: `bash -c 'curl -s URL | tee >(sha256sum >SUMFILE) | tar -xz -C DIR'`,
    goswCommand: goswArgv ? `${goswArgv.join(' ')} install --quiet ${spec}` : null,
    rssMethod: `${GNU_TIME} -f %M (ru_maxrss of the waited-for process tree: max, not sum), MB = 10^6 bytes`,
    rows,
    goswError: o.onlyBaseline ? null : goswError,
    targets,
    error: fatal,
  };
  const jsonPath = o.json ?? join(workDir, o.onlyBaseline ? 'install-baseline.json' : 'install-result.json');
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');

  const pf = (p) => (p == null ? 'n/a' : p ? 'PASS' : 'FAIL');
  const mm = (x) => (x ? `${fmtS(x.medianSeconds)} (${x.minSeconds.toFixed(2)}-${x.maxSeconds.toFixed(2)})` : '-');
  const lines = [
    '',
    `install benchmark: ${filename} (${(size / 1e6).toFixed(1)} MB${expected ? `, ${expected.files} files, ${(expected.bytes / 1e6).toFixed(1)} MB unpacked` : ''}), ${o.rounds} rounds + ${o.warmup} warmup, interleaved pairs`,
    `  ${'row'.padEnd(16)} ${'GNU median (min-max)'.padEnd(26)} ${'gosw median (min-max)'.padEnd(26)} ratio  pairs (min-max)     target`,
  ];
  for (const row of o.rows) {
    const x = rows[row];
    const pr = x.ratio ? `${fmtX(x.ratio.pairsMedian)} (${x.ratio.pairsMin.toFixed(2)}-${x.ratio.pairsMax.toFixed(2)})` : '-';
    lines.push(
      `  ${row.padEnd(16)} ${mm(x.gnu).padEnd(26)} ${(o.onlyBaseline ? '-' : mm(x.gosw)).padEnd(26)} ${fmtX(x.ratio?.median).padEnd(6)} ${pr.padEnd(19)} ${x.target != null ? `<= ${x.target.toFixed(1)}x ${pf(x.targetWallRatio.pass)}` : '-'}`,
    );
    if (x.goproxy !== undefined) lines.push(`  ${''.padEnd(16)} module zip (goproxy): ${mm(x.goproxy)}, ${fmtX(x.goproxyRatio)} of GNU`);
  }
  if (!o.onlyBaseline) {
    if (goswError) lines.push(`  gosw NOT MEASURED: ${goswError}`);
    lines.push(`  gosw peak RSS ${fmtMB(peakRssKiB)}: target <= ${TARGET_RSS_MB} MB ${pf(targets.peakRss.pass)}`);
  }
  const noisy = o.rows.some((r) => [rows[r].gnu, rows[r].gosw].some((x) => x && x.maxSeconds / x.minSeconds > 1.5));
  if (noisy) lines.push('  NOTE: in some row the slowest round took over 1.5x the fastest: noisy machine; see bench/install/README.md');
  if (fatal) lines.push(`  ERROR: ${fatal}`);
  lines.push(`  report: ${jsonPath}`, '');
  process.stdout.write(lines.join('\n'));

  const allPass = targets && o.rows.every((r) => rows[r].targetWallRatio.pass !== false) && targets.peakRss.pass;
  if (fatal || (!o.onlyBaseline && goswError)) process.exit(1);
  if (o.strict && targets && !allPass) process.exit(3);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e?.stack ?? e}\n`);
  process.exit(1);
});
