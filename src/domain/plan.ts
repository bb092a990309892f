/**
 * The CSP model: the document type generated from schemas/csp.schema.json, and the questions the
 * rules, gates and commands ask of it (who the plan's people are, which ids exist, a risk's RAG).
 * Pure: data in, data out.
 */
import type { CspPlan, Milestone, Action, Risk, Stakeholder } from './types.gen.js';
import type { DocPath } from './edit.js';
import { isIsoDate, type IsoDate } from './dates.js';

export type { CspPlan, Milestone, Action, Risk, Stakeholder } from './types.gen.js';
/** A plan as read from csp.yaml. */
export type Plan = CspPlan;

/** The plan types, one playbook each (schemas/csp.schema.json meta.plan_type; SPEC "Plan types"). */
export const PLAN_TYPES = ['onboarding', 'expansion', 'renewal', 'recovery'] as const satisfies ReadonlyArray<
  Plan['meta']['plan_type']
>;

/** A milestone with where it sits: its adoption phase and its path in the document. */
export interface LocatedMilestone {
  milestone: Milestone;
  phaseId: string;
  phaseName: string;
  path: DocPath;
}

/** Every milestone of the adoption journey, in document order. */
export function milestonesOf(plan: Plan): LocatedMilestone[] {
  const out: LocatedMilestone[] = [];
  (plan.adoption_journey?.phases ?? []).forEach((phase, p) =>
    (phase.milestones ?? []).forEach((milestone, m) =>
      out.push({
        milestone,
        phaseId: phase.id,
        phaseName: phase.name,
        path: ['adoption_journey', 'phases', p, 'milestones', m],
      }),
    ),
  );
  return out;
}

/**
 * Whether a milestone is overdue on a date: not done and its due date (YYYY-MM-DD) before the date,
 * so overdue the day after it was due (SPEC "Health and reminders"; health.ts).
 */
export function isOverdue(milestone: Pick<Milestone, 'status' | 'due'>, asOf: IsoDate): boolean {
  return milestone.status !== 'done' && isIsoDate(milestone.due) && milestone.due < asOf;
}

/** Every action of the adoption journey with its path, in document order. */
export function actionsOf(plan: Plan): Array<{ action: Action; phaseId: string; path: DocPath }> {
  const out: Array<{ action: Action; phaseId: string; path: DocPath }> = [];
  (plan.adoption_journey?.phases ?? []).forEach((phase, p) =>
    (phase.actions ?? []).forEach((action, a) =>
      out.push({ action, phaseId: phase.id, path: ['adoption_journey', 'phases', p, 'actions', a] }),
    ),
  );
  return out;
}

/** Every id in the plan with the prefix (ms, rk, obj...), wherever it is. */
export function idsWithPrefix(plan: Plan, prefix: string): string[] {
  const found: string[] = [];
  const re = new RegExp(`^${prefix}-[0-9]+$`);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const id = (node as { id?: unknown }).id;
      if (typeof id === 'string' && re.test(id)) found.push(id);
      Object.values(node).forEach(walk);
    }
  };
  walk(plan);
  return found;
}

/** The next free id for a prefix: one above the highest in use (ms-3 after ms-1, ms-2). */
export function nextId(prefix: string, existing: readonly string[]): string {
  const max = existing.reduce((m, id) => Math.max(m, Number(id.slice(prefix.length + 1)) || 0), 0);
  return `${prefix}-${max + 1}`;
}

/** The people a plan can name as owners: its stakeholders (by id or name) and its owner. */
export interface People {
  /** Finds a person by stakeholder id or by name (case-insensitive); undefined when unknown. */
  resolve(ref: string): { name: string; stakeholder?: Stakeholder } | undefined;
  /** Names, for hints ("known: Sarah Chen (sh-1), ..."). */
  describe(): string;
}

/** Builds the plan's People (SPEC "Guardrails": owners named among the plan's people). */
export function peopleOf(plan: Plan): People {
  const stakeholders = plan.stakeholders ?? [];
  const owner = plan.meta?.owner?.name;
  return {
    resolve(ref) {
      const key = ref.trim().toLowerCase();
      const byId = stakeholders.find((s) => s.id === ref.trim());
      if (byId) return { name: byId.name, stakeholder: byId };
      const byName = stakeholders.find((s) => s.name.trim().toLowerCase() === key);
      if (byName) return { name: byName.name, stakeholder: byName };
      if (owner && owner.trim().toLowerCase() === key) return { name: owner };
      return undefined;
    },
    describe() {
      const names = stakeholders.map((s) => `${s.name} (${s.id})`);
      if (owner && !stakeholders.some((s) => s.name.trim().toLowerCase() === owner.trim().toLowerCase()))
        names.push(`${owner} (plan owner)`);
      return names.length ? names.join(', ') : 'none yet: add one with `csp add stakeholder`';
    },
  };
}

/**
 * Whether a stakeholder has left the account by a date: `left` is a YYYY-MM-DD date on or before
 * it (the schema's "champion left"). A future leaving date, or a `left` that is not a date, is
 * still present.
 */
export function hasLeft<S extends Pick<Stakeholder, 'left'>>(
  stakeholder: S,
  asOf: IsoDate,
): stakeholder is S & { left: IsoDate } {
  return isIsoDate(stakeholder.left) && stakeholder.left <= asOf;
}

/** The customer-side stakeholders who have not left by a date, in plan order. */
export function activeCustomers(plan: Plan, asOf: IsoDate): Stakeholder[] {
  return (plan.stakeholders ?? []).filter((s) => s.side === 'customer' && !hasLeft(s, asOf));
}

/** RAG of a risk: its own rag when set, else from probability x impact (3x3 grid: 6+ red, 3-4 amber). */
export function effectiveRag(risk: Pick<Risk, 'rag' | 'probability' | 'impact'>): 'red' | 'amber' | 'green' {
  if (risk.rag) return risk.rag;
  const score = LEVEL[risk.probability] * LEVEL[risk.impact];
  return score >= 6 ? 'red' : score >= 3 ? 'amber' : 'green';
}

const LEVEL = { high: 3, medium: 2, low: 1 } as const;

/** True when a text field holds something other than blanks. */
export function filled(value: unknown): boolean {
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return value !== undefined && value !== null;
}
