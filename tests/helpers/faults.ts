/**
 * Fault injection for end-to-end tests: run csp with slowed writes (CSP_TEST_SLOW_WRITES, see
 * src/storage/fault-injection.ts) and SIGKILL it at a chosen write step; snapshot a folder's
 * files to compare states; a seeded random generator so a failing run can be replayed.
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, isolatedEnv } from './cli.js';

/** How a run that was to be killed went. */
export interface KilledRun {
  /** True when SIGKILL ended it (false: it finished before the chosen step). */
  killed: boolean;
  code: number | null;
  /** The write steps it announced, in order. */
  steps: string[];
  stderr: string;
}

/**
 * Runs csp with writes slowed by slowMs per step and kills it `delayMs` after it announces write
 * step number `atStep` (1-based). Without atStep it runs to the end (to count the steps).
 */
export function runAndKill(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; slowMs: number; atStep?: number; delayMs?: number },
): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const env = isolatedEnv(options.cwd, { ...options.env, CSP_TEST_SLOW_WRITES: String(options.slowMs) });
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const steps: string[] = [];
    let stderr = '';
    let pending = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) !== -1) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        const m = /^csp-test-write: (.*)$/.exec(line);
        if (!m) continue;
        steps.push(m[1]);
        if (steps.length === options.atStep) setTimeout(() => child.kill('SIGKILL'), options.delayMs ?? 0);
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(guard);
      resolve({ killed: signal === 'SIGKILL', code, steps, stderr });
    });
  });
}

/**
 * Every file under dir (relative path -> text), skipping .git and the validation cache (a derived,
 * self-ignoring folder that any csp validate may refresh); empty folders are not listed.
 */
export function filesOf(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      if (path === '.git' || /(^|\/)\.csp\/cache$/.test(path)) continue;
      const stat = lstatSync(join(dir, path));
      if (stat.isDirectory()) walk(path);
      else out.set(path, stat.isSymbolicLink() ? `-> symlink` : readFileSync(join(dir, path), 'latin1'));
    }
  };
  if (existsSync(dir)) walk('');
  return out;
}

/** The paths whose text differs between two snapshots of files (present in one only counts). */
export function changedPaths(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p)).sort();
}

/** mulberry32: a small seeded generator of numbers in [0, 1) (the benchmark's generator). */
export { rng as seededRandom } from '../../bench/generate-infohub.mjs';

/** Runs tasks with at most `limit` at once; resolves with their results in order. */
export async function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}
