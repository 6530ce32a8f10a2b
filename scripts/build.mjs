// Bundles src/main.ts into one executable CommonJS file: dist/gosw.cjs.
// CommonJS because Node 20's single-executable mechanism (scripts/build-binary.mjs) runs only CommonJS.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderHooks, TEMPLATE } from './render-hooks.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
const outfile = `${root}/dist/gosw.cjs`;

// The prompt hooks generated/hooks/gosw.bash and gosw.zsh are rendered from shell/hook.sh.in first
// (esbuild inlines them as text below). Under CI=1 a stale rendering is an error, not rewritten:
// the committed files must be what the template gives.
const stale = renderHooks({ check: process.env.CI === '1' });
if (stale.length > 0 && process.env.CI === '1') {
  console.error(`build: ${stale.join(', ')} differ from ${TEMPLATE}: run node scripts/render-hooks.mjs and commit them`);
  process.exit(1);
}

// The extraction worker runs from source text (new Worker(src, {eval: true})), which also works
// inside the single-executable binary where there is no file to point a Worker at.
const worker = await build({
  absWorkingDir: root,
  entryPoints: ['src/install/extract-worker.ts'],
  write: false,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const workerSource = worker.outputFiles[0].text;

const inlineWorker = {
  name: 'inline-worker',
  setup(b) {
    b.onResolve({ filter: /^gosw:extract-worker$/ }, (args) => ({ path: args.path, namespace: 'gosw-inline' }));
    b.onLoad({ filter: /.*/, namespace: 'gosw-inline' }, () => ({ contents: workerSource, loader: 'text' }));
  },
};

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  plugins: [inlineWorker],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  define: { GOSW_VERSION: JSON.stringify(pkg.version) },
  loader: { '.bash': 'text', '.zsh': 'text', '.sh': 'text' },
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
