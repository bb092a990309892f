import { defineConfig } from 'vitest/config';

// NOTE: the playbook tests check dates across a DST change, so they need a zone that has one.
process.env.TZ = 'America/New_York';

// The unit tests Stryker runs against each mutant of the safety-critical modules (npm run mutate).
// End-to-end tests run dist/ (the built binary), which Stryker does not mutate, so they are left out.
export default defineConfig({
  test: {
    // NOTE: scripts/mutate.mjs sets CSP_MUTATE_TESTS to the comma-separated globs of the tests that
    // cover the module being mutated (a mutant then re-runs a few tests, not every unit test).
    include: process.env.CSP_MUTATE_TESTS?.split(',') ?? ['tests/unit/{storage,export,domain,sync,notes}/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['tests/helpers/seed.ts'],
    testTimeout: 30_000,
  },
});
