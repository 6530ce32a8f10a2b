import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Two projects (vitest 4 `test.projects`), one suite:
 * - `fast` (`npm test`): unit tests, the version-file conformance table, and the CLI tests that
 *   need no interactive shell and no install through a server: what a developer runs after each
 *   change (about a minute here on 2 cores).
 * - `e2e` (`npm run test:e2e`): the files below, which drive real bash and zsh in a pty or tmux,
 *   install toolchains through local servers and proxies with injected faults, kill -9, fill
 *   disks, switch users, or build and install gosw itself.
 * `fast` is every test file that is not listed here, so a new file always runs somewhere (move it
 * here if it is slow). `npm run check` and CI run both; `npx vitest` alone runs both too.
 */
export const E2E_FILES = [
  // interactive shells: the prompt hook, its memo, hostile files, strict options, auto-install
  'test/e2e/shell-bash.test.ts',
  'test/e2e/shell-zsh.test.ts',
  'test/e2e/shell-memo.test.ts',
  'test/e2e/shell-hostile.test.ts',
  'test/e2e/shell-strict.test.ts',
  'test/e2e/gocache-shell.test.ts',
  'test/e2e/auto-install.test.ts',
  'test/e2e/edges-shell.test.ts',
  // installs through local HTTP servers: faults, bounds, hostile archives, concurrency
  'test/e2e/install.test.ts',
  'test/e2e/network.test.ts',
  'test/e2e/bounds.test.ts',
  'test/e2e/safety.test.ts',
  'test/e2e/escape.test.ts',
  'test/e2e/edges-install.test.ts',
  // gosw mirror: sync from loopback upstreams, serve statically, install and go mod download from it
  'test/e2e/mirror.test.ts',
  'test/e2e/mirror-crash.test.ts',
  // Go module proxies: list-remote from @v/list, proxy faults (the gosumdb fixture behind a faulty front)
  'test/e2e/goproxy-install.test.ts',
  'test/e2e/sumdb-client.test.ts',
  'test/e2e/gosumdb.test.ts',
  'test/e2e/goproxy-list.test.ts',
  'test/e2e/goproxy-faults.test.ts',
  'test/e2e/mirrors.test.ts',
  'test/e2e/hints.test.ts',
  'test/e2e/tarball-sumdb.test.ts',
  // kill -9, full disks, other users
  'test/e2e/crash.test.ts',
  'test/e2e/full-disk.test.ts',
  'test/e2e/gocache-shared.test.ts',
  // building and installing gosw itself (the binary build and install.sh share a lock)
  'test/e2e/binary.test.ts',
  'test/e2e/install-sh.test.ts',
  'test/e2e/launcher.test.ts',
  // completion files installed by install.sh, in interactive bash and zsh
  'test/e2e/completion-install.test.ts',
  // the launcher's fast path against the real gosw, case by case
  'test/e2e/launcher-fast.test.ts',
];

// Vitest 4: pool options are top-level (poolOptions is gone); maxWorkers caps parallel test files.
// The e2e tests spawn several node processes each (CLI runs, concurrent installs), so on a 2-core
// machine more than two files at once only makes timing-sensitive tests flaky.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    // Rebuilds dist/gosw.cjs when src/ is newer, so `npx vitest` tests the current code. Each
    // project inherits it (`extends: true`); the second run finds the bundle fresh and returns.
    globalSetup: ['test/helpers/global-setup.ts'],
    // No top-level `include`: a project that extends the root would add its own to it.
    projects: [
      { extends: true, test: { name: 'fast', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...E2E_FILES] } },
      { extends: true, test: { name: 'e2e', include: E2E_FILES } },
    ],
  },
});
