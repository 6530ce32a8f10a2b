// Makes dist/gosw: a standalone executable (Node single-executable application, "SEA") that runs
// dist/gosw.cjs with no Node installed. Run after scripts/build.mjs (`npm run build:binary` does both).
// Works offline: only the local node binary and node_modules/postject are used.
//
//   node scripts/build-binary.mjs              build dist/gosw (always)
//   node scripts/build-binary.mjs --if-stale   skip when dist/gosw is newer than its inputs
//   node scripts/build-binary.mjs --bench      also time `dist/gosw --version` vs `node dist/gosw.cjs --version`
//
// Steps: write dist/sea/sea-config.json → `node --experimental-sea-config` makes dist/sea/gosw.blob →
// copy process.execPath → (macOS: drop its signature) → postject injects the blob as NODE_SEA_BLOB and
// flips the NODE_SEA_FUSE sentinel → (macOS: ad-hoc re-sign) → smoke test under `env -i` → rename the
// finished file to dist/gosw (so dist/gosw is never a half-written file).
//
// Measured on Node 20.20 / Linux x64 (2 cores): useCodeCache saves ~15-20 ms of a ~115 ms start, so it is
// on. useSnapshot (Node >= 20.12) needs an entry that defers everything to
// v8.startupSnapshot.setDeserializeMainFunction; with that wrapper it was no faster than the code cache
// (and Node ignores useCodeCache when useSnapshot is set), while the blob grew from 1.4 to 6.7 MB: off.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = path.join(root, 'dist');
const bundle = path.join(dist, 'gosw.cjs');
const seaDir = path.join(dist, 'sea');
const output = path.join(dist, process.platform === 'win32' ? 'gosw.exe' : 'gosw');
const lockDir = path.join(dist, '.build-binary.lock');
const SENTINEL = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const args = process.argv.slice(2);
for (const a of args) {
  if (!['--if-stale', '--bench'].includes(a)) fail(`unknown option ${a} (options: --if-stale, --bench)`);
}
const ifStale = args.includes('--if-stale');
const bench = args.includes('--bench');

function fail(msg) {
  console.error(`build-binary: ${msg}`);
  process.exit(1);
}

function run(cmd, argv, opts = {}) {
  const r = spawnSync(cmd, argv, { encoding: 'utf8', ...opts });
  if (r.error) fail(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} ${argv.join(' ')} failed (exit ${r.status ?? r.signal}):\n${r.stdout ?? ''}${r.stderr ?? ''}`);
  return r;
}

const mtime = (p) => statSync(p).mtimeMs;

function isFresh() {
  if (!existsSync(output)) return false;
  const inputs = [bundle, fileURLToPath(import.meta.url), process.execPath].map(mtime);
  return mtime(output) >= Math.max(...inputs);
}

// ---- preconditions --------------------------------------------------------------------------

if (!existsSync(bundle)) fail(`${path.relative(root, bundle)} is missing: run \`npm run build\` first`);
const major = Number(process.versions.node.split('.')[0]);
if (major < 20) fail(`Node >= 20 is needed for single executables (this is ${process.version})`);
if (process.platform !== 'linux' && process.platform !== 'darwin') fail(`unsupported platform ${process.platform}`);

// Exclusive lock, so that two builds (e.g. two test files) never write dist/sea at the same time.
// mkdir is atomic; a lock whose owner pid is gone is broken.
function lock() {
  mkdirSync(dist, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      return;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let owner = NaN;
    try {
      owner = Number(readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    } catch {
      // being created or removed right now
    }
    if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
      rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) fail(`timed out waiting for ${lockDir} (remove it if no build is running)`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
  }
}
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}
function unlock() {
  rmSync(lockDir, { recursive: true, force: true });
}

lock();
process.on('exit', unlock);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

if (ifStale && isFresh()) {
  console.log(`${path.relative(root, output)} is up to date`);
} else {
  build();
}
if (bench) benchmark();

// ---- build ----------------------------------------------------------------------------------

function build() {
  const started = Date.now();
  const node = process.execPath;
  const nodeBytes = readFileSync(node);
  // A Node build without the fuse (some distro packages, or one linked against a shared libnode)
  // cannot become a single executable; a binary that is itself an SEA already has a blob.
  if (nodeBytes.indexOf(`${SENTINEL}:0`) === -1) {
    const already = nodeBytes.indexOf(`${SENTINEL}:1`) !== -1;
    fail(
      already
        ? `${node} is itself a single executable application; run this script with a plain node`
        : `${node} has no single-executable support (sentinel ${SENTINEL} not found); use an official Node >= 20 build`,
    );
  }

  rmSync(seaDir, { recursive: true, force: true });
  mkdirSync(seaDir, { recursive: true });

  // Node 20.20 runs the main script fine with its '#!' line (checked, with and without the code
  // cache), but it is only meaningful for `node dist/gosw.cjs`: blank it (keeping line numbers) so
  // the embedded script never depends on how a Node version treats a hashbang.
  const main = path.join(seaDir, 'main.cjs');
  writeFileSync(main, readFileSync(bundle, 'utf8').replace(/^#![^\n]*/, ''));

  const blob = path.join(seaDir, 'gosw.blob');
  const config = path.join(seaDir, 'sea-config.json');
  writeFileSync(
    config,
    JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, useSnapshot: false }, null, 2) + '\n',
  );
  run(node, ['--experimental-sea-config', config], { cwd: seaDir });

  const tmp = path.join(dist, `.gosw.tmp-${process.pid}`);
  rmSync(tmp, { force: true });
  try {
    copyFileSync(node, tmp);
    chmodSync(tmp, 0o755); // the node binary may be read-only (0555)
    stripDebug(tmp);
    if (process.platform === 'darwin') run('codesign', ['--remove-signature', tmp]);
    inject(tmp, blob);
    if (process.platform === 'darwin') run('codesign', ['--sign', '-', tmp]);
    smokeTest(tmp);
    renameSync(tmp, output);
  } finally {
    rmSync(tmp, { force: true });
  }

  const mb = (statSync(output).size / 1024 / 1024).toFixed(1);
  const blobKb = Math.round(statSync(blob).size / 1024);
  console.log(
    `built ${output} (${mb} MiB; blob ${blobKb} KiB; node ${process.version}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

// Debian's node carries ~12 MB of symbols and DWARF; they are never read at run time. They must go
// *before* the blob is injected: strip(1) on the finished executable moves sections postject added
// and the result crashes (measured). Start time is unchanged (measured: 0.99x, interleaved); the
// file shrinks from ~96 MiB to ~84 MiB. No strip(1) (no binutils), or macOS (the signature): keep it.
function stripDebug(file) {
  if (process.platform !== 'linux') return;
  const r = spawnSync('strip', ['--strip-all', file], { encoding: 'utf8' });
  if (r.error || r.status !== 0)
    console.warn(`build-binary: strip(1) not run (${r.error?.message ?? r.stderr.trim()}); the binary keeps its symbols`);
}

// postject's CLI in a child process: its LIEF engine prints harmless warnings about Node's many ELF
// notes ("Can't find string offset for section name '.note.100'"); shown only if injection fails.
function inject(target, blob) {
  const require = createRequire(import.meta.url);
  let cli;
  try {
    cli = path.join(path.dirname(require.resolve('postject/package.json')), 'dist', 'cli.js');
  } catch {
    fail('postject is not installed: run `npm ci` (it is a devDependency)');
  }
  const argv = [cli, target, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SENTINEL];
  if (process.platform === 'darwin') argv.push('--macho-segment-name', 'NODE_SEA');
  run(process.execPath, argv, { env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
}

// The binary must run with an empty environment (no PATH, so no node to fall back on).
function smokeTest(file) {
  const r = spawnSync(file, ['--version'], { env: {}, cwd: '/', encoding: 'utf8', timeout: 60_000 });
  const want = `gosw ${pkg.version}\n`;
  if (r.status !== 0 || r.stdout !== want || r.stderr !== '') {
    fail(
      `smoke test failed: \`env -i ${path.basename(file)} --version\` exited ${r.status ?? r.signal ?? r.error?.message}` +
        `\n  stdout: ${JSON.stringify(r.stdout)} (want ${JSON.stringify(want)})\n  stderr: ${JSON.stringify(r.stderr)}`,
    );
  }
}

// ---- --bench --------------------------------------------------------------------------------

function benchmark(runs = 30) {
  const cases = [
    ['node -e 0 (floor)', process.execPath, ['-e', '0']],
    ['node dist/gosw.cjs --version', process.execPath, [bundle, '--version']],
    ['dist/gosw --version', output, ['--version']],
  ];
  const times = cases.map(() => []);
  for (let i = 0; i < runs + 2; i++) {
    cases.forEach(([, cmd, argv], k) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(cmd, argv, { stdio: 'ignore' });
      if (r.status !== 0) fail(`${cmd} ${argv.join(' ')} failed`);
      if (i >= 2) times[k].push(Number(process.hrtime.bigint() - t0) / 1e6); // 2 warm-up rounds
    });
  }
  console.log(`start-up, ${runs} interleaved runs each (wall clock, ms):`);
  cases.forEach(([name], k) => {
    const v = times[k].sort((a, b) => a - b);
    const q = (f) => v[Math.min(v.length - 1, Math.floor(f * v.length))].toFixed(1);
    console.log(`  ${name.padEnd(30)} median ${q(0.5).padStart(6)}   min ${q(0).padStart(6)}   p90 ${q(0.9).padStart(6)}`);
  });
}
