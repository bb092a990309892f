/**
 * A test-only way to widen the windows in which a write can be interrupted, so that the crash
 * tests (tests/e2e/crash.test.ts) can kill csp between any two steps of a write.
 *
 * With `CSP_TEST_SLOW_WRITES=<ms>` in the environment, every write step (a temp file written, a
 * rename, a journal written or removed, a git commit) first prints `csp-test-write: <step>` to
 * stderr and then sleeps that many milliseconds. Off by default (unset or 0): then a step costs
 * one comparison. It changes no behaviour, only timing.
 */

// NOTE: read once from the process environment, not through the AppContext: the storage layer
// is below the context, and this is a test hook that must reach every writer.
const SLOW_MS = parseSlow(process.env.CSP_TEST_SLOW_WRITES);

function parseSlow(value: string | undefined): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 60_000) : 0;
}

/** Marks a write step: with CSP_TEST_SLOW_WRITES set, announces it on stderr and sleeps. */
export function writeStep(label: string): void {
  if (SLOW_MS === 0) return;
  process.stderr.write(`csp-test-write: ${label}\n`);
  sleepSync(SLOW_MS);
}

/** Blocks the thread for ms milliseconds (the steps it separates are synchronous too). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
