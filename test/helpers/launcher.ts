import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './shell/shells.js';

/** A word for sh, single-quoted. */
const sq = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/**
 * shell/launcher.sh as install.sh fills it in, at `file`, with its fast path read from the repository
 * (generated/launcher/fast.bash) and `real` as the real gosw: a test runs the launcher's own
 * dispatch, then compares with the real gosw run directly. `--version` goes to `real` (no version
 * baked in).
 */
export function writeLauncher(file: string, real: string): string {
  const text = readFileSync(path.join(REPO_ROOT, 'shell', 'launcher.sh'), 'utf8')
    .replaceAll('@GOSW_LIB@', () => sq(path.join(REPO_ROOT, 'generated', 'launcher')))
    .replaceAll('@GOSW_SELF@', () => sq(file))
    .replaceAll('@GOSW_EXEC@', () => sq(real))
    .replaceAll('@GOSW_VERSION@', () => "''")
    .replaceAll('@GOSW_BASH@', () => '/bin/bash');
  writeFileSync(file, text);
  chmodSync(file, 0o755);
  return file;
}
