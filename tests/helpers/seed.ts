/**
 * Test setup (vitest setupFiles): in CI every fast-check property runs from a fixed seed, so that a
 * run is repeatable and a commit lands or not on its own merits. On a developer's machine each run
 * draws new seeds and explores new cases; a failing property prints the seed and path that replay it.
 */
import fc from 'fast-check';

/** The seed of every property in CI (CSP_FC_SEED overrides it, anywhere). */
export const CI_FC_SEED = 20261122;

const seed = process.env.CSP_FC_SEED ?? (process.env.CI ? String(CI_FC_SEED) : undefined);
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
