/**
 * Runs the built csp binary (bin/csp -> dist/) as a child process, the way a user would, with an
 * isolated environment: no global git config, no colour, CI set, HOME in a temp folder, a fixed
 * "today" (CSP_NOW) and no Anthropic key unless a test passes one.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** bin/csp. */
export const BIN = `${ROOT}bin/csp`;

/** What a csp run gave. stdout/stderr have ANSI codes stripped. */
export interface CspRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws when it is not JSON). */
  json<T = any>(): T;
}

/** Options of a run. */
export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** Milliseconds before the run is killed (default 30 s). */
  timeout?: number;
}

/** The environment every test run starts from. */
export function isolatedEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_DATE: undefined,
    NO_COLOR: '1',
    CI: '1',
    CSP_NOW: '2026-11-22',
    LANG: 'C.UTF-8',
    ...extra,
  };
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Runs `csp <args>` and resolves with its exit code and output; never rejects on a non-zero exit. */
export function runCsp(args: string[], options: RunOptions): Promise<CspRun> {
  return runNode([BIN, ...args], options);
}

/** Runs node with arguments (for import tracing and benchmarks). */
export function runNode(args: string[], options: RunOptions): Promise<CspRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env: isolatedEnv(options.env?.HOME ?? options.cwd, options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeout ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const clean = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
      const out = clean(stdout);
      resolve({ code: code ?? (signal ? 128 : 1), stdout: out, stderr: clean(stderr), json: () => JSON.parse(out) });
    });
    child.stdin.end(options.input ?? '');
  });
}
