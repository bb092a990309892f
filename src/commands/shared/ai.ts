/**
 * What csp draft, csp notes and csp account-plan share: choosing the engine (the model when
 * ANTHROPIC_API_KEY is set or --ai is given, the offline drafter otherwise or with --offline),
 * asking the model for a checked structured reply (a reply that fails twice is saved, with
 * secrets masked, to a temporary file named in the error), and deciding whether a proposal is
 * written (--apply, a yes at a prompt on a terminal, never without one).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import type { Hub } from '../../infohub/hub.js';
import { redactSecrets } from '../../cli/secrets.js';
import { ExternalError, PreconditionError, UsageError } from '../../errors.js';
import type { DraftModel, ModelRequest, ModelSettings } from '../../ai/port.js';
import type { CheckResult, Structured } from '../../ai/structured.js';
import { applyEditsToData, type Edit } from '../../domain/edit.js';
import type { DocKind } from '../../schema/documents.js';
import { checkData, type CheckOptions } from '../../validation/check.js';
import { newErrors } from '../../domain/issue.js';

/** Which engine a command runs with. */
export type Engine = { kind: 'anthropic'; settings: ModelSettings } | { kind: 'offline'; reason: string };

/**
 * Picks the engine: --ai needs a key (PreconditionError, exit 3, without one); --offline never
 * calls the service; with neither, the key decides. Throws UsageError for both flags.
 */
export function chooseEngine(ctx: AppContext, hub: Hub, flags: { ai?: boolean; offline?: boolean }): Engine {
  if (flags.ai && flags.offline)
    throw new UsageError('--ai and --offline cannot be used together', {
      code: 'bad-flags',
      hint: 'pass one of them, or neither (the API key decides)',
    });
  const apiKey = ctx.env.ANTHROPIC_API_KEY?.trim();
  if (flags.offline) return { kind: 'offline', reason: '--offline' };
  if (!apiKey) {
    if (flags.ai)
      throw new PreconditionError('--ai needs ANTHROPIC_API_KEY, which is not set', {
        code: 'no-api-key',
        hint: 'export ANTHROPIC_API_KEY=<your key>, or run without --ai to draft offline from the playbooks and similar accounts',
      });
    return { kind: 'offline', reason: 'ANTHROPIC_API_KEY is not set' };
  }
  const ai = hub.config.ai;
  return {
    kind: 'anthropic',
    settings: {
      apiKey,
      ...(ctx.env.ANTHROPIC_BASE_URL ? { baseURL: ctx.env.ANTHROPIC_BASE_URL } : {}),
      model: ai.model,
      maxTokens: ai.maxTokens,
      timeoutMs: ai.timeoutMs,
      maxRetries: ai.maxRetries,
    },
  };
}

/**
 * Asks the model and checks its reply (structured.ts). Throws ExternalError (exit 4) when the
 * service fails, and ExternalError `ai-invalid-reply` when the reply does not validate after the
 * retry; nothing is written in either case.
 */
export async function askModel<T>(
  ctx: AppContext,
  settings: ModelSettings,
  request: ModelRequest,
  check: (input: unknown) => Promise<CheckResult<T>> | CheckResult<T>,
): Promise<Structured<T> & { model: DraftModel }> {
  const [model, { requestStructured, AiReplyError }] = await Promise.all([
    ctx.model(settings),
    import('../../ai/structured.js'),
  ]);
  ctx.out.info(
    ctx.out.style.dim(
      `asking ${settings.model} (timeout ${Math.round(settings.timeoutMs / 1000)} s, ${settings.maxRetries} retries)...`,
    ),
  );
  try {
    return { ...(await requestStructured(model, request, check)), model };
  } catch (error) {
    if (error instanceof AiReplyError) {
      const saved = saveReplies(ctx, error.replies);
      throw new ExternalError(`${error.message}; nothing was written`, {
        code: 'ai-invalid-reply',
        cause: error,
        hint: `${saved ? `the replies are in ${saved}; ` : ''}try again, or pass --offline`,
      });
    }
    throw error;
  }
}

/** Writes the model's replies (secrets masked) to a private temporary file; returns its path, or undefined when it could not. */
function saveReplies(ctx: AppContext, replies: readonly unknown[]): string | undefined {
  // NOTE: best effort: the replies only help to understand the failure, which is reported anyway.
  try {
    const dir = mkdtempSync(join(tmpdir(), 'csp-ai-reply-'));
    const file = join(dir, 'replies.json');
    writeFileSync(file, redactSecrets(JSON.stringify(replies, null, 2), ctx.env) + '\n', { mode: 0o600 });
    return file;
  } catch {
    return undefined;
  }
}

/** Why a proposal was or was not written. */
export type WriteDecision =
  | { write: true; how: 'apply' | 'prompt' }
  | { write: false; why: 'dry-run' | 'declined' | 'no-terminal' };

/**
 * Decides whether to write a proposal the user has been shown: --dry-run never, --apply always, a
 * terminal asks (default no), anything else does not write.
 */
export async function decideWrite(
  ctx: AppContext,
  options: { apply: boolean; dryRun: boolean; question: string },
): Promise<WriteDecision> {
  if (options.dryRun) return { write: false, why: 'dry-run' };
  if (options.apply) return { write: true, how: 'apply' };
  if (!ctx.interactive) return { write: false, why: 'no-terminal' };
  const answers = await (await ctx.prompter()).ask([
    { name: 'apply', flag: 'apply', message: options.question, type: 'confirm', default: false },
  ]);
  return answers.apply === true ? { write: true, how: 'prompt' } : { write: false, why: 'declined' };
}

/**
 * The errors a set of edits would add to a document (schema, SPEC rules, phase gate), one line
 * each ("/risks/2/owner: ..."), ignoring errors the document already had: what a model's reply is
 * sent back with.
 */
export async function errorsIntroducedBy(
  kind: DocKind,
  data: unknown,
  edits: readonly Edit[],
  options: CheckOptions,
): Promise<string[]> {
  let after: unknown;
  try {
    after = applyEditsToData(data, edits);
  } catch (error) {
    return [`the proposal cannot be applied: ${(error as Error).message}`];
  }
  const [before, found] = await Promise.all([checkData(kind, data, options), checkData(kind, after, options)]);
  return newErrors(before, found).map((i) => `${i.path || '(document)'}: ${i.message}${i.hint ? ` (${i.hint})` : ''}`);
}
