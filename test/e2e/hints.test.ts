/**
 * Hints name only what applies (issue 13): no "use --offline" when it was given, no GOSW_MIRROR
 * advice for a local --file install or when no mirror is set, no "use a mirror" when one is.
 * Each case asserts the exact hint line.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRun } from '../helpers/cli.js';
import { setupE2E } from '../helpers/e2e.js';
import { sha256 } from '../helpers/server.js';
import { expectCleanAfterFailure, expectFailure } from '../helpers/store.js';
import { archiveName } from '../helpers/toolchain.js';

const V = 'go1.22.5';
const hints = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('  hint: '));

describe('hints', () => {
  it('--file with a wrong --sha256: check the file, no mirror advice', async () => {
    const t = await setupE2E({ releases: [V] });
    const file = path.join(t.sb.work, archiveName(V));
    writeFileSync(file, t.server.release(V).tarball);
    const r = await t.run(['install', '--file', file, '--sha256', sha256('something else')]);
    expectFailure(r, 1);
    expect(hints(r.stderr), describeRun(r)).toEqual([
      '  hint: the file was damaged or tampered with; nothing was installed. Check the file you gave, or download it again.',
    ]);
    expectCleanAfterFailure(t.sb, V);
  });

  it('bad bytes from the official location with no mirror set: no GOSW_MIRROR in the hint', async () => {
    const t = await setupE2E({ releases: [V] });
    const rel = t.server.release(V);
    t.server.alwaysFault(rel.path, { type: 'body', body: t.server.addRelease('go1.22.4').tarball });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(hints(r.stderr), describeRun(r)).toEqual(['  hint: the file was damaged or tampered with; nothing was installed. Retry.']);
  });

  it('a refused connection with a mirror set: check the mirrors, no "use a mirror"', async () => {
    const t = await setupE2E({ releases: [V] });
    const r = await t.run(['install', '1.22.5'], { GOSW_MIRROR: 'http://127.0.0.1:1/go', GOSW_HTTP_RETRIES: '0' });
    expectFailure(r, 1);
    expect(r.stderr, describeRun(r)).toContain('gosw: connection to 127.0.0.1:1 refused');
    expect(hints(r.stderr)).toEqual([
      '  hint: check your network connection and the mirrors in GOSW_MIRROR (GOSW_MIRROR goes past 127.0.0.1:1 only when it has no such file, because a "," follows it; write "|" to go on after any failure)',
    ]);
  });

  it('a 404 names the URL settings that are set (not GOSW_MIRROR); --offline is never suggested under --offline', async () => {
    const t = await setupE2E({ releases: [V] });
    t.server.alwaysFault(t.server.release(V).path, { type: 'status', status: 404 });
    const r = await t.run(['install', '1.22.5']);
    expectFailure(r, 1);
    expect(hints(r.stderr), describeRun(r)).toEqual(['  hint: the file is not there: check the URL (GOSW_DOWNLOAD_URL / GOSW_INDEX_URL)']);
    const off = await t.run(['install', '--offline', '1.22.5']);
    expectFailure(off, 1);
    expect(hints(off.stderr), describeRun(off)).toEqual([
      `  hint: give the archive with --file ${archiveName(V)} (and --sha256 if the index is not cached), or drop --offline`,
    ]);
  });
});
