// Offline demo: a loopback server with a generated release index and two small toolchains, a
// temporary HOME, and a scripted bash session showing gosw install, switching on cd, and leaving.
// Nothing is written outside the temporary directory; everything is removed at the end.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const gosw = path.join(root, 'dist', 'gosw.cjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'gosw-demo-'));
const goos = { linux: 'linux', darwin: 'darwin' }[process.platform] ?? 'linux';
const goarch = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'armv6l' }[process.arch] ?? 'amd64';

const run = (cmd, args, opts = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...opts });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}`))));
  });

/** A tiny stand-in for a Go toolchain: go/bin/go prints its version, like the real one. */
async function toolchain(version) {
  const src = path.join(tmp, 'build', version);
  mkdirSync(path.join(src, 'go', 'bin'), { recursive: true });
  const go = path.join(src, 'go', 'bin', 'go');
  writeFileSync(
    go,
    `#!/bin/sh\ncase "$1" in\n  version) echo "go version ${version} ${goos}/${goarch}" ;;\n  env) [ "$2" = GOROOT ] && echo "$(cd "$(dirname "$0")/.." && pwd)" ;;\n  *) echo "this is a demo stand-in for ${version}" ;;\nesac\n`,
  );
  chmodSync(go, 0o755);
  writeFileSync(path.join(src, 'go', 'VERSION'), `${version}\ntime 2024-01-01T00:00:00Z\n`);
  const filename = `${version}.${goos}-${goarch}.tar.gz`;
  const file = path.join(tmp, 'srv', filename);
  mkdirSync(path.dirname(file), { recursive: true });
  await run('tar', ['-czf', file, '-C', src, 'go']);
  const bytes = readFileSync(file);
  return { filename, file, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, version };
}

const releases = [await toolchain('go1.22.5'), await toolchain('go1.21.13')];
const index = JSON.stringify(
  releases.map((r) => ({
    version: r.version,
    stable: true,
    files: [{ filename: r.filename, os: goos, arch: goarch, version: r.version, sha256: r.sha256, size: r.size, kind: 'archive' }],
  })),
);
const server = createServer((req, res) => {
  if (req.url?.startsWith('/index.json')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(index);
  }
  const r = releases.find((x) => req.url === `/dl/${x.filename}`);
  if (!r) {
    res.writeHead(404);
    return res.end();
  }
  res.writeHead(200, { 'content-length': r.size });
  res.end(readFileSync(r.file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const home = path.join(tmp, 'home');
mkdirSync(path.join(home, 'src', 'api'), { recursive: true });
mkdirSync(path.join(home, 'src', 'legacy', 'cmd', 'tool'), { recursive: true });
writeFileSync(path.join(home, 'src', 'api', 'go.mod'), 'module example.com/api\n\ngo 1.22.0\n');
writeFileSync(path.join(home, 'src', 'legacy', '.go-version'), '1.21\n');

// The session: each command is printed, then run; `prompt` runs the hook as a real prompt would.
const session = `
set -e
if [ -t 1 ] && [ -z "\${NO_COLOR-}" ]; then b=$'\\033[1m' n=$'\\033[0m'; else b='' n=''; fi
demo() { printf '\\n%s$ %s%s\\n' "$b" "$*" "$n"; eval "$*"; _gosw_hook; }
eval "$(node "$GOSW_JS" env --shell bash)"   # defines the gosw function and the prompt hook
printf 'A fresh HOME (%s), a loopback server standing in for go.dev, and bash with eval "$(gosw env)".\\n' "$HOME"
demo 'gosw list-remote'
demo 'gosw install 1.22 1.21'
demo 'gosw list'
demo 'echo "GOROOT=\${GOROOT-unset}"; command -v go || echo "(no go on PATH)"'
demo 'cd ~/src/api && cat go.mod'
demo 'go version; gosw current'
demo 'cd ~/src/legacy/cmd/tool && cat ../../.go-version'
demo 'go version; gosw current'
demo 'echo "GOROOT=$GOROOT GOTOOLCHAIN=$GOTOOLCHAIN GOCACHE=$GOCACHE"'
demo 'cd ~'
demo 'echo "GOROOT=\${GOROOT-unset} GOTOOLCHAIN=\${GOTOOLCHAIN-unset}"; command -v go || echo "(no go on PATH: the shell is as it was)"'
`;
const env = {
  PATH: process.env.PATH,
  HOME: home,
  TERM: process.env.TERM ?? 'dumb',
  ...(process.env.NO_COLOR ? { NO_COLOR: process.env.NO_COLOR } : {}),
  XDG_DATA_HOME: path.join(home, '.local', 'share'),
  XDG_CACHE_HOME: path.join(home, '.cache'),
  XDG_CONFIG_HOME: path.join(home, '.config'),
  GOSW_INDEX_URL: `${base}/index.json`,
  GOSW_DOWNLOAD_URL: `${base}/dl`,
  GOSW_JS: gosw,
};
let failed = false;
try {
  await run('bash', ['--noprofile', '--norc', '-c', session], { env, cwd: home });
  console.log('\nDemo done. Everything it wrote is being removed.');
} catch (err) {
  failed = true;
  console.error(`demo failed: ${err.message}`);
} finally {
  server.close();
  rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
