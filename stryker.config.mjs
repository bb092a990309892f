// Mutation testing of the safety-critical modules (issue 19): run it through scripts/mutate.mjs
// (`npm run mutate`, or one module with `npm run mutate -- --mutate src/domain/gates.ts`), which
// runs one module at a time against the unit tests that cover it (docs/mutation.md).
const name = process.env.CSP_MUTATE_NAME ?? 'all';
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  // NOTE: related: false: the tests are already narrowed to the module's (scripts/mutate.mjs), and
  // vitest's related-file search over the module graph costs seconds on every mutant.
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
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
  // NOTE: the machine has 2 cores shared with others (the runner runs under nice -n 10).
  concurrency: 2,
  timeoutMS: 5_000,
  // A re-run tests only the mutants whose code or covering tests changed (--force: all of them).
  incremental: true,
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
