/**
 * The AppContext every command runs with (STYLE "Pure core, edges, injection"): cwd, env, clock,
 * io, the reporter, and the ports (git, prompts, the AI model) built lazily so that a command that
 * does not need them never loads simple-git, inquirer or the Anthropic SDK. createNodeContext() is the only place real
 * adapters are wired; tests build contexts with fakes.
 */
import { fixedClock, isIsoDate, type Clock } from '../domain/dates.js';
import { UsageError } from '../errors.js';
import type { GitPort } from '../git/port.js';
import type { Prompter } from '../prompts/port.js';
import type { DraftModel, ModelSettings } from '../ai/port.js';
import { colorEnabled, createReporter, type OutStream, type Reporter } from './render.js';
import { redactSecrets, secretValues } from './secrets.js';
import { guardSecrets } from '../storage/files.js';

/** Options every command accepts (declared on the program). */
export interface GlobalFlags {
  infohub?: string;
  json: boolean;
  debug: boolean;
  /** false with --no-color. */
  color?: boolean;
}

/** Everything a command may use from the outside world. */
export interface AppContext {
  cwd: string;
  env: Record<string, string | undefined>;
  clock: Clock;
  io: { stdout: OutStream; stderr: OutStream; stdinIsTTY: boolean };
  /** True when csp may prompt: stdin and stdout are terminals, CI is not set, --json is not given. */
  interactive: boolean;
  flags: GlobalFlags;
  out: Reporter;
  git(): Promise<GitPort>;
  prompter(): Promise<Prompter>;
  /** The language model for csp draft / notes / account-plan with a key (the SDK loads only here). */
  model(settings: ModelSettings): Promise<DraftModel>;
}

/**
 * The clock: CSP_NOW (YYYY-MM-DD, for scripts and tests that need a fixed "today") or the system
 * clock. Throws UsageError for a malformed CSP_NOW.
 */
export function clockFromEnv(env: Record<string, string | undefined>): Clock {
  const now = env.CSP_NOW;
  if (!now) return { now: () => new Date() };
  if (!isIsoDate(now)) throw new UsageError(`CSP_NOW must be a date written YYYY-MM-DD (found "${now}")`);
  return fixedClock(now);
}

/** True when prompting is allowed (ECOSYSTEM: never without a TTY on stdin and stdout, never under CI). */
export function isInteractive(
  env: Record<string, string | undefined>,
  stdinIsTTY: boolean,
  stdout: OutStream,
  json: boolean,
): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI !== 'false';
  return stdinIsTTY && !!stdout.isTTY && !ci && !json;
}

/** With --infohub given, what makes every hint name the same InfoHub (hint-infohub.ts); else undefined. */
export async function infohubHints(dir: string | undefined): Promise<((text: string) => string) | undefined> {
  if (dir === undefined || dir === '') return undefined;
  const [{ pinInfoHub }, { commandNames }] = await Promise.all([import('./hint-infohub.js'), import('./program.js')]);
  const names = commandNames();
  return (text) => pinInfoHub(text, dir, names);
}

/** Builds the context for this process. */
export async function createNodeContext(flags: GlobalFlags): Promise<AppContext> {
  const env = process.env;
  const io = { stdout: process.stdout, stderr: process.stderr, stdinIsTTY: !!process.stdin.isTTY };
  // NOTE: secrets (the Anthropic key) are masked in all output and refused in every file write.
  guardSecrets(secretValues(env));
  const out = await createReporter(io, {
    json: flags.json,
    color: colorEnabled(env, flags.color, process.stdout),
    redact: (text) => redactSecrets(text, env),
    hints: await infohubHints(flags.infohub),
  });
  let git: Promise<GitPort> | undefined;
  let prompter: Promise<Prompter> | undefined;
  return {
    cwd: process.cwd(),
    env,
    clock: clockFromEnv(env),
    io,
    interactive: isInteractive(env, io.stdinIsTTY, process.stdout, flags.json),
    flags,
    out,
    // NOTE: the adapters (the git CLI runner, @inquirer/prompts) load when a command first asks for them.
    git: () => (git ??= import('../git/cli-port.js').then((m) => new m.CliGitPort(env))),
    prompter: () => (prompter ??= import('../prompts/inquirer.js').then((m) => new m.InquirerPrompter())),
    model: (settings) => import('../ai/anthropic.js').then((m) => m.createAnthropicModel(settings, io.stderr, env)),
  };
}
