/**
 * Everything csp checks in a document's data: its JSON Schema, then for a CSP the SPEC's rules
 * (rules.ts) and the completeness its phase requires (gates.ts); for trackers, registers and the
 * decision log, unique ids; for account plans, their rules (drafting/account-plan.ts). Returns
 * RawIssue[] (no positions); never throws for bad data.
 */
import type { RawIssue } from '../domain/issue.js';
import { checkRules, type RuleOptions } from '../domain/rules.js';
import { phaseCompleteness } from '../domain/gates.js';
import { checkAccountPlan } from '../drafting/account-plan.js';
import type { AccountPlan } from '../domain/types.gen.js';
import type { Plan } from '../domain/plan.js';
import { validateSchema } from '../schema/validate.js';
import type { DocKind } from '../schema/documents.js';

/** What the checks need to know beyond the data. */
export type CheckOptions = RuleOptions;

/** Checks a document's data; issues come in the order schema, rules, completeness. */
export async function checkData(kind: DocKind, data: unknown, options: CheckOptions = {}): Promise<RawIssue[]> {
  const issues = await validateSchema(kind, data);
  if (kind === 'csp') {
    if (!isPlanShaped(data)) return issues;
    // NOTE: rules assume the shapes the schema describes; on a plan with schema errors they may
    // meet something else. What they can still say is useful, so run them, but a rule that
    // trips over a malformed section must not hide the schema errors.
    try {
      issues.push(...checkRules(data, options));
      issues.push(...phaseCompleteness(data));
    } catch (error) {
      if (issues.length === 0) throw error;
    }
  } else if (kind === 'account_plan') {
    // NOTE: the rules read the shapes the schema guarantees; with schema errors, they stay silent.
    if (issues.length === 0) issues.push(...checkAccountPlan(data as AccountPlan));
  } else if (kind === 'action_tracker' || kind === 'risk_register' || kind === 'decision_log') {
    issues.push(
      ...duplicateIds(data, kind === 'action_tracker' ? 'actions' : kind === 'risk_register' ? 'risks' : 'decisions'),
    );
  }
  return issues;
}

function isPlanShaped(data: unknown): data is Plan {
  const meta = (data as { meta?: unknown } | null)?.meta;
  return (
    !!data &&
    typeof data === 'object' &&
    !!meta &&
    typeof meta === 'object' &&
    typeof (meta as { account?: unknown }).account === 'string'
  );
}

function duplicateIds(data: unknown, list: string): RawIssue[] {
  const items = (data as Record<string, unknown> | null)?.[list];
  if (!Array.isArray(items)) return [];
  const seen = new Map<string, number>();
  const out: RawIssue[] = [];
  items.forEach((item, i) => {
    const id = (item as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    if (seen.has(id))
      out.push({
        code: 'duplicate-id',
        severity: 'error',
        path: `/${list}/${i}/id`,
        message: `id ${id} is used twice (first at /${list}/${seen.get(id)})`,
        hint: 'give each item its own id',
      });
    else seen.set(id, i);
  });
  return out;
}
