// mise for the benchmarks that compare against it (bench/hook, bench/commands): the npm package
// @jdxcode/mise, installed once into bench/.work/mise (the npm registry is the only network here).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** mise's executable, installed on first use; null when it cannot be had. */
export function findOrInstallMise(repo, log) {
  const prefix = join(repo, 'bench', '.work', 'mise');
  const bin = join(prefix, 'node_modules', '@jdxcode', 'mise', 'bin', 'mise');
  if (!existsSync(bin)) {
    log(`mise not found at ${bin}; installing it there: npm install --prefix bench/.work/mise @jdxcode/mise`);
    spawnSync('npm', ['install', '--prefix', prefix, '@jdxcode/mise'], { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return existsSync(bin) ? bin : null;
}
