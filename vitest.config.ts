import { defineConfig } from 'vitest/config';

/** Test files that need a PostgreSQL server: they run in the `postgres` project, which starts one. */
const POSTGRES_TESTS = ['src/**/*.pg.test.ts', 'test/**/*.pg.test.ts'];

export default defineConfig({
  test: {
    // Generous: the AWS CLI tests start many Python processes, slow on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 30_000,
    // The SDK warns that releases after January 2027 need Node 22; the lockfile pins today's.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: POSTGRES_TESTS,
          // The CLI tests run bin/gradual.js, which loads dist/: built here when stale.
          globalSetup: ['test/build-once.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: POSTGRES_TESTS,
          // One PostgreSQL server per run, started only when a file of this project runs.
          globalSetup: ['test/support/postgres-global-setup.ts'],
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
