/**
 * An AppContext for in-process command tests (tests/cli/**): a fixed clock, captured stdout and
 * stderr, prompts answered by question name, and git through the real adapter with the same
 * isolated environment the end-to-end runs use. No csp process is started.
 */
import type { AppContext } from '../../src/cli/context.js';
import { createReporter } from '../../src/cli/render.js';
import { fixedClock } from '../../src/domain/dates.js';
import type { Prompter } from '../../src/prompts/port.js';
import { isolatedEnv } from './cli.js';

/** A context and what the command wrote. */
export interface FakeContext {
  ctx: AppContext;
  stdout(): string;
  stderr(): string;
}

/** Options of fakeContext: where the command runs, its date, --json, and the answers to prompts (interactive when given). */
export interface FakeContextOptions {
  cwd: string;
  now?: string;
  json?: boolean;
  answers?: Record<string, string | boolean>;
  env?: Record<string, string | undefined>;
}

/** Builds the context; the model throws (tests that need one use tests/helpers/anthropic-stub.ts end to end). */
export async function fakeContext(options: FakeContextOptions): Promise<FakeContext> {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (t: string) => void (out += t) },
    stderr: { write: (t: string) => void (err += t) },
    stdinIsTTY: options.answers !== undefined,
  };
  const env = isolatedEnv(options.cwd, { CSP_NOW: options.now ?? '2026-11-22', ...options.env });
  const flags = { json: options.json ?? false, debug: false, color: false };
  const prompter: Prompter = {
    ask: async (questions) =>
      Object.fromEntries(
        questions.map((q) => {
          if (!(q.name in (options.answers ?? {})))
            throw new Error(`the test gives no answer to the question "${q.name}"`);
          return [q.name, options.answers![q.name]];
        }),
      ),
  } as Prompter;
  const ctx: AppContext = {
    cwd: options.cwd,
    env,
    clock: fixedClock(env.CSP_NOW),
    io,
    interactive: options.answers !== undefined && !flags.json,
    flags,
    out: await createReporter(io, { json: flags.json, color: false, redact: (text) => text }),
    git: () => import('../../src/git/cli-port.js').then((m) => new m.CliGitPort(env)),
    prompter: async () => prompter,
    model: async () => {
      throw new Error('no model in an in-process test');
    },
  };
  return { ctx, stdout: () => out, stderr: () => err };
}
