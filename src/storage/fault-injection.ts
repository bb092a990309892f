/**
 * Test-only hooks into the write path, so that end-to-end tests can reach the states a bad day
 * leaves: a kill between any two steps of a write, and a full disk or a refused file.
 *
 * With `CSP_TEST_SLOW_WRITES=<ms>` in the environment, every write step (a temp file written, a
 * rename, a journal written or removed, a git commit) first prints `csp-test-write: <step>` to
 * stderr and then sleeps that many milliseconds (tests/e2e/crash.test.ts kills csp there).
 *
 * With `CSP_TEST_FAULT=<CODE>:<name>[:<bytes>]` (several separated by `,`), a file whose path
 * contains <name> (`*`: any file) fails as the kernel would fail it: with a byte count, the write
 * that crosses it is cut short there (a short write) and the next one fails with <CODE> (ENOSPC,
 * EDQUOT, EFBIG...); without one, creating its temp file fails with <CODE> (EACCES, EROFS, EPERM).
 * Off by default: then a step costs one comparison. It changes no behaviour but the failure.
 */

// NOTE: read once from the process environment, not through the AppContext: the storage layer
// is below the context, and this is a test hook that must reach every writer.
const SLOW_MS = parseSlow(process.env.CSP_TEST_SLOW_WRITES);
const FAULTS = parseFaults(process.env.CSP_TEST_FAULT);

function parseSlow(value: string | undefined): number {
  const n = Number(value ?? 0);
  return Number.isFinite(n) && n > 0 ? Math.min(n, 60_000) : 0;
}

interface Fault {
  code: string;
  name: string;
  bytes?: number;
}

function parseFaults(value: string | undefined): Fault[] {
  if (!value) return [];
  return value.split(',').flatMap((spec) => {
    const [code, name, bytes] = spec.split(':');
    if (!code || !name) return [];
    const n = bytes === undefined ? undefined : Number(bytes);
    return [{ code, name, ...(n !== undefined && Number.isFinite(n) && n >= 0 ? { bytes: n } : {}) }];
  });
}

function faultFor(path: string): Fault | undefined {
  return FAULTS.length === 0 ? undefined : FAULTS.find((f) => f.name === '*' || path.includes(f.name));
}

function errnoError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const error = new Error(`${code}: injected fault, ${syscall} '${path}'`) as NodeJS.ErrnoException;
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  return error;
}

/** Marks a write step: with CSP_TEST_SLOW_WRITES set, announces it on stderr and sleeps. */
export function writeStep(label: string): void {
  if (SLOW_MS === 0) return;
  process.stderr.write(`csp-test-write: ${label}\n`);
  sleepSync(SLOW_MS);
}

/** With CSP_TEST_FAULT naming path without a byte count: throws its errno error (creating the file fails). */
export function faultOnOpen(path: string): void {
  const fault = faultFor(path);
  if (fault && fault.bytes === undefined) throw errnoError(fault.code, 'open', path);
}

/**
 * How many of `length` bytes at `offset` of path's temp file a write may take (length when no
 * fault is set); throws the errno error once the fault's byte count is reached.
 */
export function faultOnWrite(path: string, offset: number, length: number): number {
  const fault = faultFor(path);
  if (!fault || fault.bytes === undefined) return length;
  if (offset >= fault.bytes) throw errnoError(fault.code, 'write', path);
  return Math.min(length, fault.bytes - offset);
}

/** Blocks the thread for ms milliseconds (the steps it separates are synchronous too). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
