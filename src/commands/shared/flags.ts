/**
 * Turning flag text into values, with errors that name the flag (exit 2), and collecting
 * missing values: prompt on a terminal, else a UsageError naming the flag to pass (ECOSYSTEM:
 * never prompt without a TTY or under CI).
 */
import type { AppContext } from '../../cli/context.js';
import { UsageError } from '../../errors.js';
import type { AddError } from '../../domain/add.js';
import { isIsoDate } from '../../domain/dates.js';
import { isOpportunityStage, type OpportunityStage } from '../../domain/stage.js';
import type { Question } from '../../prompts/port.js';
import type { Audience } from '../../export/redact.js';

/**
 * The audiences of csp export and csp qbr (--audience), written out here (checked against the
 * export's type) so that registering a command does not load the export modules.
 */
export const AUDIENCE_CHOICES = ['customer', 'internal'] as const satisfies readonly Audience[];

/** A money amount in US dollars: "250000", "250,000", "$250k", "1.2M". Throws UsageError naming the flag. */
export function parseUsd(text: string, flag: string): number {
  // Commas and underscores only as thousands separators: "1,5M" and "250,00" are refused, not guessed.
  const m = /^\$?\s*((?:[0-9]{1,3}(?:[,_][0-9]{3})+|[0-9]+)(?:\.[0-9]+)?)\s*([kKmM])?$/.exec(text.trim());
  if (!m) throw new UsageError(`--${flag} must be an amount in US dollars, like 250000 or 250k (found "${text}")`);
  const n = Number(m[1].replace(/[,_]/g, '')) * (m[2] ? (m[2].toLowerCase() === 'k' ? 1_000 : 1_000_000) : 1);
  return Math.round(n * 100) / 100;
}

/** A date flag: YYYY-MM-DD and a real calendar date. Throws UsageError naming the flag. */
export function parseDateFlag(text: string, flag: string): string {
  if (!isIsoDate(text)) throw new UsageError(`--${flag} must be a real date written YYYY-MM-DD (found "${text}")`);
  return text;
}

/** A whole number from min to max (a count of days, say). Throws UsageError naming the flag. */
export function parseWholeNumber(text: string, flag: string, min: number, max: number, unit = ''): number {
  const t = text.trim();
  const n = Number(t);
  if (!/^-?[0-9]+$/.test(t) || n < min || n > max)
    throw new UsageError(
      `--${flag} must be a whole number${unit ? ` of ${unit}` : ''} from ${min} to ${max} (found "${text}")`,
    );
  return n;
}

/** An opportunity stage: "2", "stage 2", "Stage 2", "closed won", "won". Throws UsageError. */
export function parseStage(text: string, flag = 'stage'): OpportunityStage {
  const t = text
    .trim()
    .toLowerCase()
    .replace(/[\s_/-]+/g, ' ');
  const stage = /^(stage )?([1-4])$/.exec(t)
    ? (`Stage ${/([1-4])$/.exec(t)![1]}` as OpportunityStage)
    : t === 'closed won' || t === 'won'
      ? 'Closed Won'
      : t === 'closed lost' || t === 'lost'
        ? 'Closed Lost'
        : undefined;
  if (!stage || !isOpportunityStage(stage))
    throw new UsageError(`--${flag} must be Stage 1-4, Closed Won or Closed Lost (found "${text}")`);
  return stage;
}

/** One of a fixed set of values. Throws UsageError naming the flag and the choices. */
export function parseChoice<T extends string>(text: string, flag: string, choices: readonly T[]): T {
  const match = choices.find((c) => c.toLowerCase() === text.trim().toLowerCase());
  if (!match) throw new UsageError(`--${flag} must be one of ${choices.join(', ')} (found "${text}")`);
  return match;
}

/**
 * Fills in the questions whose flag was not given: by prompting on a terminal, else by a
 * UsageError that names every missing flag. Returns values by question name.
 */
export async function askMissing(
  ctx: AppContext,
  questions: readonly Question[],
  given: Record<string, unknown>,
  usage: string,
): Promise<Record<string, string | boolean>> {
  const missing = questions.filter((q) => given[q.name] === undefined || given[q.name] === '');
  const values: Record<string, string | boolean> = {};
  for (const q of questions) if (!missing.includes(q)) values[q.name] = given[q.name] as string | boolean;
  if (missing.length === 0) return values;
  if (!ctx.interactive) {
    const flags = missing.map((q) => `--${q.flag}`).join(', ');
    throw new UsageError(`missing ${flags}`, {
      code: 'missing-flag',
      hint: `${usage} (csp prompts for these only on a terminal)`,
    });
  }
  return { ...values, ...(await (await ctx.prompter()).ask(missing)) };
}

/**
 * The usage error (exit 2) for a value domain/add.ts refused: its message, and its hint or
 * "check --<flag>". Shared by csp add and csp track-value, which both plan items with it.
 */
export function usageFromAddError(error: AddError): UsageError {
  return new UsageError(error.message, {
    code: 'bad-value',
    hint: error.hint ?? (error.flag ? `check --${error.flag}` : undefined),
  });
}
