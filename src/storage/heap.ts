/**
 * Memory of the commands that read a whole InfoHub (issue 4: peak memory under 150 MiB at 10,000
 * accounts).
 */
import { createRequire } from 'node:module';

/** From this many accounts or documents on, a command keeps its young generation small. */
export const LARGE_HUB = 400;

let v8: typeof import('node:v8') | undefined;

/**
 * Keeps this thread's young generation at its starting size for the rest of the process. A
 * command that lists 10,000 accounts and keeps 40,000 scan outcomes makes objects that survive,
 * and V8 answers those by doubling the semi-spaces up to 16 MiB each: 32 MiB of the peak, while
 * the scan workers' heaps are at their largest too (docs/performance.md "Scan workers" has the
 * peaks with and without this). Node 20 cannot cap the young generation after start-up (--max-semi-space-size is
 * read once, at start), but V8 reads this flag each time it would grow the young generation.
 * NOTE: starting a worker thread puts V8's flags back to their start-up values (seen on Node 20),
 * so storage/scan.ts calls this again once its workers are running. node:v8 is loaded here, on
 * first use, to keep it out of start-up.
 */
export function boundYoungGeneration(): void {
  v8 ??= createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  v8.setFlagsFromString('--semi-space-growth-factor=1');
}
