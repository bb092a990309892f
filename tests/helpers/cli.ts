/**
 * Runs the built csp binary (bin/csp -> dist/) as a child process, the way a user would, with an
 * isolated environment: no global git config, no colour, CI set, HOME in a temp folder, a fixed
 * "today" (CSP_NOW) and no Anthropic key unless a test passes one.
 */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkHints, withoutInfoHub, words } from './hints.js';

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
export async function runCsp(args: string[], options: RunOptions): Promise<CspRun> {
  const run = await runNode([BIN, ...args], options);
  // NOTE: with CSP_HINT_LOG set (issue 15), every hint a scenario's csp prints is recorded, one JSON line each, for tests/e2e/hints.test.ts.
  const log = process.env.CSP_HINT_LOG;
  if (log) {
    const lines = hintCommands(`${run.stdout}\n${run.stderr}`).map(
      (hint) => JSON.stringify({ hint, after: args.slice(0, 2).join(' ') }) + '\n',
    );
    if (lines.length > 0) appendFileSync(log, lines.join(''));
  }
  // NOTE: every hint of a new shape is run in a copy of the repository (hints.ts, issue 15): one that does not run fails this test.
  const failures = await checkHints(
    hintCommands(`${run.stdout}\n${run.stderr}`),
    { ...options, hubGiven: args.some((a) => a === '--infohub' || a.startsWith('--infohub=')) },
    (a, cwd, env) => runNode([BIN, ...a], { cwd, env, timeout: options.timeout }),
    ROOT,
  );
  if (failures.length > 0) {
    throw new Error(
      `csp ${args.join(' ')} printed ${failures.length === 1 ? 'a hint that does not' : 'hints that do not'} run as printed (issue 15):\n${failures.map((f) => `  ${f.hint}\n    filled as ${f.filled}\n    exited ${f.code}: ${f.output}`).join('\n')}`,
    );
  }
  return run;
}

/**
 * The csp commands in the hints of some csp output: the text after "fix:", "hint:" or "->" on a
 * line (else after a ": " that a csp command follows, as in notes), from each "csp " to where the prose goes on (an unquoted "(", ";", ", ", " then ", " or ").
 */
export function hintCommands(output: string): string[] {
  const found: string[] = [];
  for (const line of output.split('\n')) {
    const hint = /(?:^|\s)(?:fix:|hint:|->)\s(.*)$/.exec(line);
    // NOTE: notes (csp renew, csp finalize) give commands after a colon, in prose: those that start with a csp command.
    // NOTE: an error or warning line is a message ("csp: error: csp history needs git"), not a note that gives a command.
    // NOTE: a JSON line ("hint": "csp ...") is data, its hint checked where csp prints it as text.
    if (/^\s*["{\[]/.test(line) || /^\s*Usage:/.test(line)) continue;
    const note = hint || /^\s*(?:csp: )?(?:error|warning):/.test(line) ? null : /:\s((?:.*\s)?csp [a-z].*)$/.exec(line);
    // NOTE: a bracketed source ("nps: 4 -> 20  [2026-11-01 csp signal]") names where data came from, not a command.
    const text = (hint?.[1] ?? note?.[1])?.replace(/\[[^\]]*\]/g, '');
    if (text === undefined) continue;
    for (const start of [...text.matchAll(/(?:^|[\s:`])csp (?=[a-z]|--infohub )/g)].map(
      (m) => m.index! + m[0].indexOf('csp '),
    )) {
      const command = commandAt(text, start);
      // NOTE: after csp was run with --infohub, its hints name the same InfoHub first (cli/hint-infohub.ts).
      const bare = withoutInfoHub(command);
      // NOTE: "csp never replaces ..." is prose whatever the line says.
      if (!COMMANDS.has(bare.split(' ')[1])) continue;
      // NOTE: "csp init on acme was interrupted", "run csp validate again": an English word as a bare argument is prose.
      if (words(bare).some((w, i) => i > 1 && !bare.includes(`"${w}"`) && PROSE_WORDS.has(w))) continue;
      if (note && /^csp \S+( \S+)? refused|:\s/.test(bare)) continue;
      found.push(command);
    }
  }
  return [...new Set(found)];
}

/** csp's top-level commands (a note's "csp default health model" is prose, not a command). */
const COMMANDS = new Set([
  'init',
  'add',
  'set',
  'remove',
  'review',
  'approve',
  'develop',
  'finalize',
  'handoff',
  'validate',
  'snapshot',
  'history',
  'diff',
  'restore',
  'sync',
  'status',
  'remind',
  'export',
  'hook',
  'import',
  'draft',
  'notes',
  'account-plan',
  'renew',
  'recover',
  'signal',
  'track-value',
  'refresh',
  'health',
  'repair',
  'qbr',
  'site',
  'ci',
]);

/** Words that, as a bare argument of what follows "csp <command>", show a sentence rather than a command. */
const PROSE_WORDS = new Set(
  'on was were would shows show again is are the of for if it them this that failed fails until passes runs keeps stops works refuses interrupted be has have will can could should needs does did not'.split(
    ' ',
  ),
);

/** Where a command ends and prose goes on: " then", " or", " and", " to write it again", " removes that reference"... */
const PROSE =
  /^ (?:then|or|and|to|with|in|inside|from|when|first|derives|adds|removes|lists|writes|records|brings|carries|takes|is|are)\b/;

function commandAt(text: string, start: number): string {
  let quote: string | null = null;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    // NOTE: outside quotes a backslash escapes the next character, as in 'Priya'\''s plans'.
    if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (
      c === '(' ||
      c === ')' ||
      c === ';' ||
      c === '`' ||
      (c === ',' && text[i + 1] === ' ') ||
      PROSE.test(text.slice(i, i + 12))
    )
      return text.slice(start, i).trim();
  }
  return text.slice(start).trim().replace(/[.,]$/, '');
}

/** Runs node with arguments (for import tracing and benchmarks). */
export function runNode(args: string[], options: RunOptions): Promise<CspRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: isolatedEnv(options.env?.HOME ?? options.cwd, options.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
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
