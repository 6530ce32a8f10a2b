import { defineConfig } from 'vitest/config';

// Vitest 4: pool options are top-level (poolOptions is gone); maxWorkers caps parallel test files.
// The e2e tests spawn several node processes each (CLI runs, concurrent installs), so on a 2-core
// machine more than two files at once only makes timing-sensitive tests flaky.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    // Rebuilds dist/gosw.cjs when src/ is newer, so `npx vitest` tests the current code.
    globalSetup: ['test/helpers/global-setup.ts'],
  },
});
