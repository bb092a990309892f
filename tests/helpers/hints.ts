/**
 * Issue 15 "Hints that do not run", over the whole end-to-end suite: every csp command a csp run
 * prints as a hint ("fix:", "hint:", "->", a note's command; cli.ts hintCommands) must run as
 * printed once its placeholders (`...`, `<...>`, YYYY-MM-DD, N) are filled in. After each run,
 * cli.ts runCsp hands the hints here; each hint of a shape no test of this vitest run has checked
 * yet (the shape: command, kind, set path with ids as N, flags; shared across workers through one
 * file per shape in the folder globalSetup provides) is filled and run in a throwaway copy of the
 * repository the run worked in, as it stands right after the run. A hint that is a usage error
 * (exit 2) or names something that is "not a field" fails the test that printed it.
 * CSP_HINT_CHECK=0 turns the check off (e.g. to time the suite without it).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The folder where the end-to-end run records the hint shapes checked so far (tests/helpers/build.ts). */
    cspHintShapes: string;
  }
}

/** Fills a hint's placeholders with values a person would type; `owner` is one of the plan's people. */
export function fillPlaceholders(hint: string, owner = 'Sarah Chen'): string {
  const named: Record<string, string> = {
    paths: 'infohub',
    path: 'infohub',
    file: 'infohub',
    owner,
    CA: 'Carl Ortiz',
    manager: 'Dana Ruiz',
    name: 'Sarah Chen',
    'customer stakeholder': 'Sarah Chen',
    SA: 'Priya Natarajan',
    number: '1',
    item: '1',
    why: 'waiting on the customer',
    trigger: 'health_below_40',
    date: '2027-01-15',
  };
  return hint
    .replace(/^(csp signal \S+) \.\.\.$/, '$1 --nps 8')
    .replace(/(--(?:owner|who|customer) )"\.\.\."/g, `$1"${owner}"`)
    .replace(/<([^<>]+)>/g, (_, k: string) => named[k] ?? '1')
    .replace(/YYYY-MM-DD/g, '2027-01-15')
    .replace(/"\.\.\."/g, '"Filled in"')
    .replace(/(^|\s)\.\.\.(?=\s|$)/g, '$11')
    .replace(/(--(?:baseline|target|value) )N(?=\s|$)/g, '$11')
    .replace(/\b(obj|rk|vm|ms|sc|kr|ph|ac)-N\b/g, '$1-1');
}

/** A csp command without the global `--infohub <dir>` right after `csp` (cli/hint-infohub.ts puts it there). */
export function withoutInfoHub(command: string): string {
  return command.replace(/^csp --infohub (?:'(?:[^']|'\\'')*'|"[^"]*"|\S+) /, 'csp ');
}

/** Splits a command the way sh does for double and single quotes. */
export function words(line: string): string[] {
  const out: string[] = [];
  // NOTE: adjacent parts join into one word, as sh joins 'Priya O'\''Neil' into Priya O'Neil.
  for (const word of line.matchAll(/(?:"[^"]*"|'[^']*'|\\.|[^\s"'\\])+/g)) {
    out.push(word[0].replace(/"([^"]*)"|'([^']*)'|\\(.)/g, (_, d, q, e) => d ?? q ?? e));
  }
  return out;
}

/** The shape of a hint, for running one of each: the command, the kind, how many words come before the flags, a set path with ids as N, the flags. */
export function hintShape(hint: string): string {
  const w = words(withoutInfoHub(hint));
  const head = w.slice(
    0,
    w[1] === 'add' || w[1] === 'account-plan' || w[1] === 'hook' || w[1] === 'notes' || w[1] === 'remove' ? 3 : 2,
  );
  const field = w[1] === 'set' ? [String(w[3] ?? '').replace(/\b([a-z]+)-[0-9]+\b/g, '$1-N')] : [];
  // NOTE: the words before the first flag tell `csp signal import` from `csp signal acme ...`: which
  // of two such hints a run meets first must not decide whether the other is ever run.
  const firstFlag = w.findIndex((x) => x.startsWith('-'));
  const operands = `#${firstFlag === -1 ? w.length : firstFlag}`;
  return [
    ...head,
    operands,
    ...field,
    ...w
      .filter((x) => x.startsWith('--'))
      .map((x) => x.replace(/=.*$/, ''))
      .sort(),
  ].join(' ');
}

/** What a hint gave when it was run. */
export interface HintFailure {
  hint: string;
  filled: string;
  code: number;
  output: string;
}

/**
 * Whether a hint's run shows it does not run as printed: a usage error, a field that does not exist,
 * or, after a run that named its InfoHub with --infohub (`hubGiven`), no InfoHub found from where it
 * ran (a hint that dropped the --infohub).
 */
export function hintFailed(code: number, output: string, hubGiven = false): boolean {
  return (
    code === 2 ||
    /not a field/.test(output) ||
    (hubGiven && code === 3 && /no InfoHub found from this folder/.test(output))
  );
}

/** The folder a run worked in that holds its repository: the nearest ancestor of cwd with .git, else cwd. */
function repositoryOf(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/** Claims a shape for this worker: true the first time any worker of the run asks for it. */
function claim(shapes: string | undefined, local: Set<string>, key: string): boolean {
  if (local.has(key)) return false;
  local.add(key);
  if (!shapes) return true;
  try {
    writeFileSync(join(shapes, createHash('sha1').update(key).digest('hex').slice(0, 16)), `${key}\n`, { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

const checked = new Set<string>();

/** The provided shapes folder, when this is an end-to-end run with the check on. */
function shapesFolder(): string | undefined | null {
  if (process.env.CSP_HINT_CHECK === '0') return null;
  try {
    return inject('cspHintShapes') ?? null;
  } catch {
    return null;
  }
}

/**
 * Checks the hints a csp run printed (see the file comment), with `run(args, cwd, env)` running csp.
 * Returns the hints that do not run; nothing outside an end-to-end run, for a run outside a
 * temporary folder (the project itself), or with CSP_HINT_CHECK=0.
 */
export async function checkHints(
  hints: readonly string[],
  options: { cwd: string; env?: Record<string, string | undefined>; hubGiven?: boolean },
  run: (
    args: string[],
    cwd: string,
    env: Record<string, string | undefined>,
  ) => Promise<{ code: number; stdout: string; stderr: string }>,
  projectRoot: string,
): Promise<HintFailure[]> {
  if (hints.length === 0) return [];
  const shapes = shapesFolder();
  if (shapes === null) return [];
  const repo = repositoryOf(options.cwd);
  const inside = (dir: string, root: string) => dir === root || dir.startsWith(root.endsWith(sep) ? root : root + sep);
  if (inside(repo, resolve(projectRoot)) || !inside(repo, resolve(tmpdir()))) return [];
  const failures: HintFailure[] = [];
  for (const hint of hints) {
    if (!claim(shapes, checked, hintShape(hint))) continue;
    const scratch = mkdtempSync(join(tmpdir(), 'csp-hint-'));
    try {
      const copy = join(scratch, 'repo');
      cpSync(repo, copy, { recursive: true, verbatimSymlinks: true });
      const cwd = join(copy, relative(repo, resolve(options.cwd)));
      const w = words(withoutInfoHub(hint));
      const account = w[1] === 'add' ? w[3] : w[2];
      const planFile = join(cwd, 'infohub', String(account), 'success_plan/csp.yaml');
      const ownerName = existsSync(planFile)
        ? /\n {2}owner:\n {4}name: "?([^"\n]+)"?\n/.exec(readFileSync(planFile, 'utf8'))?.[1]
        : undefined;
      // NOTE: a path the hint names inside the repository points into the copy, so the original is never changed.
      const filled = fillPlaceholders(hint, ownerName ?? 'Sarah Chen')
        .split(repo)
        .join(copy);
      // NOTE: no AI endpoint (a stub's request count is the test's) and no key: a usage error comes before any call.
      const env = {
        ...options.env,
        ANTHROPIC_API_KEY: undefined,
        ANTHROPIC_BASE_URL: undefined,
        HOME: options.env?.HOME?.startsWith(repo)
          ? options.env.HOME.split(repo).join(copy)
          : (options.env?.HOME ?? cwd),
      };
      const result = await run(words(filled).slice(1), cwd, env);
      const output = `${result.stdout}\n${result.stderr}`;
      if (hintFailed(result.code, output, options.hubGiven))
        failures.push({ hint, filled, code: result.code, output: output.trim().split('\n').slice(0, 4).join(' | ') });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return failures;
}
