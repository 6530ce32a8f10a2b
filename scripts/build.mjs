// Bundles src/main.ts into one executable CommonJS file: dist/gosw.cjs.
// CommonJS because Node 20's single-executable mechanism (scripts/build-binary.mjs) runs only CommonJS.
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
const outfile = `${root}/dist/gosw.cjs`;

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  define: { GOSW_VERSION: JSON.stringify(pkg.version) },
  loader: { '.bash': 'text', '.zsh': 'text' },
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
