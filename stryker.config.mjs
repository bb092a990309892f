// Mutation testing of the safety-critical modules (issue 19): `npm run mutate`, or one module with
// `npm run mutate -- --mutate src/domain/gates.ts`. Slow (minutes per module on 2 cores), so not
// part of CI; the report is written to reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    'src/storage/files.ts',
    'src/storage/journal.ts',
    'src/storage/lock.ts',
    'src/export/redact.ts',
    'src/domain/gates.ts',
    'src/sync/plan.ts',
    'src/notes/proposal.ts',
  ],
  coverageAnalysis: 'perTest',
  // NOTE: the machine is shared; one test process at a time.
  concurrency: 1,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
