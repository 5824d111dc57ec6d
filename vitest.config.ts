import { defineConfig } from 'vitest/config';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCpuReporter } from './test/file-cpu/reporter.js';
import { SlowestFirst } from './test/slowest-first.js';

/** GRADUAL_TEST_CPU=1: each file's CPU is logged here and the costliest are printed at the end. */
const cpuLog = process.env['GRADUAL_TEST_CPU']
  ? join(tmpdir(), `gradual-test-cpu-${process.pid}.jsonl`)
  : undefined;

/** Test files that need a PostgreSQL server: they run in the `postgres` project, which starts one. */
const POSTGRES_TESTS = ['src/**/*.pg.test.ts', 'test/**/*.pg.test.ts'];

/** Test files run at once (see maxWorkers below). */
const WORKERS = 3;

export default defineConfig({
  test: {
    // Generous: the AWS CLI tests start many Python processes, slow on a loaded 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 30_000,
    // Vitest's default on 2 cores is one file at a time; the end-to-end files spend much of their
    // time waiting (AWS CLI waiters, processes starting, scaled clocks), so more run side by side.
    // Not 4: one run each of the same code went 9 min 31 s (3) and 8 min 49 s (4) on 2026-12-08,
    // but an earlier pair went the other way (vitest 386 -> 414 s), and at 4 the load (7-8) made
    // timing-bound tests fail in two fresh-clone runs of two.
    maxWorkers: WORKERS,
    // A fresh clone has no record of earlier runs: start the files known to be slowest first.
    sequence: { sequencer: SlowestFirst },
    // Tinypool's options are the root config's, not a project's. The end-to-end files share forks
    // and the modules loaded in them (the AWS SDK clients above all): importing them afresh in a
    // new fork per file was most of their CPU time. Every fork stays up for the whole run: with
    // fewer minimum forks than maximum, tinypool ends a fork as soon as it idles, may reject a task
    // handed to it ("Terminating worker thread", vitest-dev/vitest#8564), and a new fork loads
    // everything again. (So `--maxWorkers` below 3 needs `--poolOptions.forks.minForks` too.)
    poolOptions: {
      forks: { isolate: false, minForks: WORKERS, maxForks: WORKERS },
      // The same for the unit tests' threads: the project's `isolate: false` alone left tinypool
      // starting a thread per file (unit project 41.9 -> 16.8 CPU-s).
      threads: { isolate: false, minThreads: WORKERS, maxThreads: WORKERS },
    },
    // The SDK warns that releases after January 2027 need Node 22; the lockfile pins today's.
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...(cpuLog && { GRADUAL_TEST_CPU_LOG: cpuLog }),
    },
    ...(cpuLog && {
      setupFiles: ['test/file-cpu/setup.ts'],
      reporters: ['default', new FileCpuReporter(cpuLog)],
    }),
    projects: [
      {
        extends: true,
        test: {
          // The unit tests next to the code start no servers or processes and set no globals: they
          // share worker threads and loaded modules (a fork per file cost 4x the CPU time).
          name: 'unit',
          // scripts/: the combined type check and lint (scripts/check/), on tiny projects in-process.
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: POSTGRES_TESTS,
          pool: 'threads',
          poolOptions: { threads: { isolate: false } },
          // First, on their own: some wait on real sockets for tens of milliseconds, which the
          // end-to-end files' processes, starting beside them, could hold up.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'default',
          include: ['test/**/*.test.ts'],
          exclude: POSTGRES_TESTS,
          // The CLI tests run bin/gradual.js, which loads dist/: built here when stale. The AWS CLIs
          // they run start from one fork server per CLI (test/support/aws-cli/zygotes.ts).
          globalSetup: ['test/build-once.ts', 'test/support/aws-cli/zygotes.ts'],
          sequence: { groupOrder: 1 },
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
          // Modules loaded afresh for each file (the forks themselves are shared, see above).
          poolOptions: { forks: { isolate: true } },
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
