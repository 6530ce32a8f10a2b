#!/usr/bin/env node
// Mirror benchmark: `gosw mirror sync --format tarball` of 20 versions x 3 platforms from a
// loopback go.dev (index + synthetic archives: random bytes, not real toolchains; only size
// matters to a copy) against a plain `wget` copy of the same files (index.json + every archive,
// the list given up front, as a cron'd `wget -m`/`-N` job does). Interleaved pairs A B A B; median
// with min-max. Then the incremental second run of each into the same tree: bytes the server sent
// and time. Peak RSS from /usr/bin/time -v. See bench/mirror/README.md. Plain Node ESM.

import { spawn } from 'node:child_process';
import { randomBytes, createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const cli = join(repo, 'dist', 'gosw.cjs');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const PAIRS = Number(opt('pairs', '5'));
const VERSIONS = Number(opt('versions', '20'));
const SIZE_KIB = Number(opt('size-kib', '2048'));
const PLATFORMS = ['linux-amd64', 'linux-arm64', 'darwin-arm64'];
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run npm run build (npm run bench:mirror does)`);
  process.exit(2);
}

// ---------------------------------------------------------------- the upstream

const files = new Map(); // filename -> { body, sha256 }
const releases = [];
for (let i = 0; i < VERSIONS; i++) {
  const version = `go1.${30 - Math.floor(i / 4)}.${3 - (i % 4)}`;
  const rel = { version, stable: true, files: [] };
  for (const p of PLATFORMS) {
    const [os_, arch] = p.split('-');
    const filename = `${version}.${p}.tar.gz`;
    const body = randomBytes(SIZE_KIB * 1024);
    const sha256 = createHash('sha256').update(body).digest('hex');
    files.set(filename, { body, sha256 });
    rel.files.push({ filename, os: os_, arch, version, sha256, size: body.length, kind: 'archive' });
  }
  releases.push(rel);
}
const index = Buffer.from(JSON.stringify(releases));
const lastModified = new Date(Date.now() - 86_400_000).toUTCString();
let sent = 0;
const server = http.createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  const body = p === '/index.json' ? index : p.startsWith('/dl/') ? files.get(decodeURIComponent(p.slice(4)))?.body : undefined;
  if (!body) return res.writeHead(404).end();
  if (req.headers['if-modified-since'] === lastModified) return res.writeHead(304).end();
  res.writeHead(200, { 'content-length': body.length, 'last-modified': lastModified, 'content-type': 'application/octet-stream' });
  if (req.method === 'HEAD') return res.end();
  sent += body.length;
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}`;

// ---------------------------------------------------------------- the contenders

const work = join(os.tmpdir(), `gosw-bench-mirror-${process.pid}`);
mkdirSync(work, { recursive: true });
const urlList = join(work, 'urls.txt');
writeFileSync(urlList, [`${url}/index.json`, ...[...files.keys()].map((f) => `${url}/dl/${f}`)].join('\n') + '\n');

function timed(cmd, argv, env) {
  return new Promise((resolve_, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-v', cmd, ...argv], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) return reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}:\n${err.slice(-2000)}`));
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(err)?.[1] ?? 'NaN') / 1024;
      resolve_({ ms, rssMiB: rss });
    });
  });
}

const env = {
  PATH: process.env.PATH,
  HOME: work,
  GOSW_HOME: join(work, 'store'),
  GOSW_INDEX_URL: `${url}/index.json`,
  GOSW_DOWNLOAD_URL: `${url}/dl`,
  GOENV: 'off',
};
const gosw = (dir) =>
  timed(
    process.execPath,
    [cli, 'mirror', 'sync', dir, '--quiet', '--format', 'tarball', '--versions', '>=1.0', '--platforms', PLATFORMS.join(',')],
    env,
  );
// wget -N: timestamping, so the second run is wget's own incremental mode (If-Modified-Since / HEAD).
const wget = (dir) => timed('wget', ['-q', '-N', '-x', '-nH', '-P', dir, '-i', urlList], env);

const runs = { gosw: [], wget: [] };
for (let i = 0; i < PAIRS; i++) {
  for (const [name, fn] of [
    ['gosw', gosw],
    ['wget', wget],
  ]) {
    const dir = join(work, `${name}-${i}`);
    sent = 0;
    const first = await fn(dir);
    const firstBytes = sent;
    sent = 0;
    const second = await fn(dir);
    runs[name].push({ first, firstBytes, second, secondBytes: sent });
    rmSync(dir, { recursive: true, force: true });
  }
}
server.close();
rmSync(work, { recursive: true, force: true });

// ---------------------------------------------------------------- report

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const fmt = (st, unit, digits = 0) => `${st.median.toFixed(digits)} ${unit} (${st.min.toFixed(digits)}-${st.max.toFixed(digits)})`;
const total = [...files.values()].reduce((n, f) => n + f.body.length, 0) + index.length;
console.log(
  `mirror bench: ${VERSIONS} versions x ${PLATFORMS.length} platforms, ${SIZE_KIB} KiB synthetic archives (${(total / 2 ** 20).toFixed(0)} MiB), ${PAIRS} interleaved pairs`,
);
const report = {};
for (const name of ['gosw', 'wget']) {
  const r = runs[name];
  report[name] = {
    firstMs: stats(r.map((x) => x.first.ms)),
    secondMs: stats(r.map((x) => x.second.ms)),
    secondBytes: stats(r.map((x) => x.secondBytes)),
    firstBytes: stats(r.map((x) => x.firstBytes)),
    peakRssMiB: stats(r.map((x) => Math.max(x.first.rssMiB, x.second.rssMiB))),
  };
  const s = report[name];
  console.log(
    `  ${name.padEnd(5)} first ${fmt(s.firstMs, 'ms')}, second ${fmt(s.secondMs, 'ms')}, second-run bytes ${fmt(s.secondBytes, 'B')}, peak RSS ${fmt(s.peakRssMiB, 'MiB', 1)}`,
  );
}
const ratio = runs.gosw.map((g, i) => g.first.ms / runs.wget[i].first.ms);
console.log(`  gosw/wget first-run time ratio per pair: ${fmt(stats(ratio), 'x', 2)}`);
mkdirSync(join(repo, 'bench', '.work'), { recursive: true });
writeFileSync(
  join(repo, 'bench', '.work', 'mirror-result.json'),
  `${JSON.stringify({ versions: VERSIONS, platforms: PLATFORMS, sizeKiB: SIZE_KIB, pairs: PAIRS, report, ratio }, null, 1)}\n`,
);
