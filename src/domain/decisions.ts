/**
 * Decisions linked to CSP outcomes (SPEC "The InfoHub layout": decision_log.yaml "linked to CSP
 * outcomes by id"; reference/001 "Cross-Reference with Other Artifacts"): each objective with the
 * decisions that name it, oldest first, and the decisions that name an objective the plan does
 * not have. Pure.
 */
import type { DecisionLog } from './types.gen.js';
import type { Plan } from './plan.js';
import { compareText } from './compare.js';
import { onOrBefore } from './as-of.js';
import type { IsoDate } from './dates.js';

/** A decision as csp status shows it. */
export interface LinkedDecision {
  id: string;
  date: string;
  decision: string;
  status?: string;
  decided_by?: string;
}

/** An objective and its decisions. */
export interface ObjectiveDecisions {
  id: string;
  statement: string;
  status?: string;
  decisions: LinkedDecision[];
}

/** The objectives with their decisions, and the decisions whose objective is not in the plan; with asOf, decisions dated after it are left out. */
export function decisionsByObjective(
  plan: Plan,
  log: Pick<DecisionLog, 'decisions'> | undefined,
  asOf?: IsoDate,
): { objectives: ObjectiveDecisions[]; unknown: Array<LinkedDecision & { objective: string }> } {
  const decisions = (asOf ? onOrBefore(log?.decisions ?? [], asOf) : [...(log?.decisions ?? [])]).sort(
    (a, b) => compareText(a.date, b.date) || compareText(a.id, b.id),
  );
  const brief = (d: DecisionLog['decisions'][number]): LinkedDecision => ({
    id: d.id,
    date: d.date,
    decision: d.decision,
    ...(d.status ? { status: d.status } : {}),
    ...(d.decided_by ? { decided_by: d.decided_by } : {}),
  });
  const objectives = (plan.business_outcomes?.objectives ?? []).map((o) => ({
    id: o.id,
    statement: o.statement,
    ...(o.status ? { status: o.status } : {}),
    decisions: decisions.filter((d) => d.objective === o.id).map(brief),
  }));
  const known = new Set(objectives.map((o) => o.id));
  const unknown = decisions
    .filter((d) => typeof d.objective === 'string' && !known.has(d.objective))
    .map((d) => ({ ...brief(d), objective: d.objective as string }));
  return { objectives, unknown };
}
