import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The CLI tests run bin/gradual.js, which loads dist/: built here when stale.
    globalSetup: ['test/build-once.ts'],
    // Generous: the AWS CLI tests start many Python processes, slow on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 30_000,
    // The SDK warns that releases after January 2027 need Node 22; the lockfile pins today's.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
