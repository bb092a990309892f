import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure core and in-process CLI, no child processes) and `e2e` (the built
// binary against temporary git repositories). `npm test` builds first, then runs both.
export default defineConfig({
  test: {
    // NOTE: vitest's default is one worker fewer than the cores (1 on a 2-core CI machine), which ran
    // the files one after another while the e2e files mostly wait on child processes (csp, git,
    // Chromium). One worker per core keeps both busy. CSP_TEST_WORKERS overrides it.
    maxWorkers: Number(process.env.CSP_TEST_WORKERS) || availableParallelism(),
    // The JSON report is what .ci/run reads the pass/fail counts from.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/cli/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['tests/helpers/seed.ts'],
          // NOTE: the end-to-end files run beside these and spawn many processes; on a 2-core machine
          // the heavier table tests (CRM exports cut at 20 places) then pass the 5 s default.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/build.ts'],
          setupFiles: ['tests/helpers/seed.ts'],
          // NOTE: a guard against a hung child process, not a speed check: with both cores shared by
          // two files at once, a long scenario (a plan's whole life, a 4-clone team) runs for minutes.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
