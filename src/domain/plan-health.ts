/**
 * CSP health (SPEC "Health and reminders"; reference/001 "CSP Health Monitoring"): is the plan
 * complete, and is it healthy, needing attention, or at risk, with every reason. This is the
 * health of the plan as a document and a process; the customer's health score is separate.
 *
 * - complete: all required sections, 1-5 success criteria, stakeholders, adoption phases, value
 *   baselines (the requirements a finalize-phase plan must meet, gates.ts).
 * - healthy: updated within 30 days, milestones on track, no RED risk without mitigation,
 *   customer reviewed within the quarter (90 days).
 * - at risk: not updated in 60+ days, milestones overdue, value metrics declining, customer not
 *   engaged (every customer stakeholder low, or no customer review for 180 days after the handoff).
 * Anything between (stale 30-59 days, no review this quarter, the champion left with no new
 * champion named) needs attention. Day counts are whole calendar days to the as-of date: 29 days
 * is healthy, 30 needs attention, 60 is at risk; a milestone is overdue the day after its due date.
 * Pure: plan and date in, verdict out.
 */
import { compareText } from './compare.js';
import { daysBetween, isIsoDate, type IsoDate } from './dates.js';
import { planAsOf } from './as-of.js';
import { proposalBlockers, REQUIREMENTS } from './gates.js';
import { PHASES, type LifecyclePhase } from './stage.js';
import { activeCustomers, effectiveRag, filled, hasLeft, isOverdue, milestonesOf, type Plan } from './plan.js';

/** How healthy a plan is, worst first. */
export type HealthVerdict = 'at_risk' | 'needs_attention' | 'healthy';

/** One reason behind a verdict. */
export interface HealthReason {
  code: string;
  /** at_risk and attention decide the verdict; incomplete says why the plan is not complete. */
  level: 'at_risk' | 'attention' | 'incomplete';
  message: string;
}

/** The health of one plan on a date. */
export interface CspHealth {
  complete: boolean;
  verdict: HealthVerdict;
  /** Days since meta.updated (null when the date is missing). */
  staleDays: number | null;
  reasons: HealthReason[];
}

/** Thresholds, in days (SPEC: stale at 30, at risk at 60, customer review within the quarter). */
export const HEALTH_DAYS = { stale: 30, atRisk: 60, reviewWithin: 90, disengagedAfter: 180 } as const;

/** Requirements that make a plan "complete" (SPEC: all required sections, criteria, stakeholders, phases, baselines). */
const COMPLETENESS = REQUIREMENTS.filter((r) => r.requiredFrom !== 'execute');

/** Computes the plan's health as of a date (YYYY-MM-DD), from the plan as it stood then (as-of.ts planAsOf). */
export function cspHealth(current: Plan, asOf: IsoDate): CspHealth {
  const plan = planAsOf(current, asOf);
  const reasons: HealthReason[] = [];
  for (const r of COMPLETENESS) {
    if (r.offenders(plan).length > 0)
      reasons.push({ code: `incomplete-${r.id}`, level: 'incomplete', message: r.message });
  }
  reasons.push(...phaseReasons(plan));
  const updated = plan.meta.updated;
  const staleDays = isIsoDate(updated) ? daysBetween(updated, asOf) : null;
  if (staleDays !== null && staleDays >= HEALTH_DAYS.atRisk) {
    reasons.push({
      code: 'stale',
      level: 'at_risk',
      message: `not updated for ${staleDays} days (at risk from ${HEALTH_DAYS.atRisk})`,
    });
  } else if (staleDays !== null && staleDays >= HEALTH_DAYS.stale) {
    reasons.push({
      code: 'stale',
      level: 'attention',
      message: `not updated for ${staleDays} days (review due at ${HEALTH_DAYS.stale})`,
    });
  }
  const overdue = milestonesOf(plan).filter(({ milestone: m }) => isOverdue(m, asOf));
  for (const { milestone: m } of overdue) {
    const late = daysBetween(m.due, asOf);
    reasons.push({
      code: 'milestone-overdue',
      level: 'at_risk',
      message: `milestone ${m.id} "${m.title}" was due ${m.due} (${late} day${late === 1 ? '' : 's'} overdue)`,
    });
  }
  for (const risk of plan.risks ?? []) {
    if (effectiveRag(risk) === 'red' && risk.status !== 'closed' && !filled(risk.mitigation)) {
      reasons.push({
        code: 'red-risk-unmitigated',
        level: 'at_risk',
        message: `RED risk ${risk.id} "${risk.title}" has no mitigation`,
      });
    }
  }
  for (const metric of plan.value_tracking?.metrics ?? []) {
    const trend = metricTrend(metric);
    if (trend === 'declining')
      reasons.push({
        code: 'value-declining',
        level: 'at_risk',
        message: `value metric ${metric.id} "${metric.name}" moved away from its target in the last measurement`,
      });
  }
  const review = lastReview(plan);
  const reviewAge = review ? daysBetween(review, asOf) : null;
  const postSales = plan.meta.phase === 'execute';
  if (postSales || plan.meta.phase === 'finalize') {
    if (reviewAge === null || reviewAge > HEALTH_DAYS.reviewWithin) {
      reasons.push({
        code: 'no-recent-review',
        level: 'attention',
        message:
          reviewAge === null
            ? 'the customer has not reviewed the plan'
            : `no customer review for ${reviewAge} days (one a quarter is expected)`,
      });
    }
  }
  const customers = activeCustomers(plan, asOf);
  const leftChampions = (plan.stakeholders ?? []).filter(
    (s) => s.side === 'customer' && s.role === 'champion' && hasLeft(s, asOf),
  );
  if (leftChampions.length > 0 && !customers.some((s) => s.role === 'champion')) {
    const who = leftChampions.map((s) => `${s.name} (left ${s.left})`).join(', ');
    reasons.push({
      code: 'champion-left',
      level: 'attention',
      message: `the champion has left: ${who}, and no other champion is named`,
    });
  }
  const allLow = customers.length > 0 && customers.every((s) => s.engagement === 'low');
  if (allLow || (postSales && (reviewAge === null || reviewAge > HEALTH_DAYS.disengagedAfter))) {
    reasons.push({
      code: 'customer-not-engaged',
      level: 'at_risk',
      message: allLow
        ? 'every customer stakeholder has low engagement'
        : 'no customer review for six months after the handoff',
    });
  }
  const verdict: HealthVerdict = reasons.some((r) => r.level === 'at_risk')
    ? 'at_risk'
    : reasons.some((r) => r.level === 'attention')
      ? 'needs_attention'
      : 'healthy';
  return { complete: !reasons.some((r) => r.level === 'incomplete'), verdict, staleDays, reasons };
}

/** Codes of the reasons that say a plan lacks what its phase (or its Stage 4 proposal) requires: such a plan is not in use yet. */
export const PHASE_INCOMPLETE_CODES: readonly string[] = ['proposal-blocked', 'incomplete-for-phase', 'empty-draft'];

/**
 * Why the plan is not complete for where it stands: its Stage 4 proposal blocked (at risk; gates.ts
 * proposalBlockers), what its phase requires missing (attention; an imported plan's backfill
 * included), or an initiate plan with no objective yet (attention: an empty draft).
 */
function phaseReasons(plan: Plan): HealthReason[] {
  const blockers = proposalBlockers(plan);
  if (blockers.length > 0) {
    const what = blockers
      .slice(0, 3)
      .map((b) => b.what)
      .join(', ');
    return [
      {
        code: 'proposal-blocked',
        level: 'at_risk',
        message: `the Stage 4 proposal is blocked: ${blockers.length} thing${blockers.length === 1 ? '' : 's'} missing (${what}${blockers.length > 3 ? ', ...' : ''}): csp validate ${plan.meta.account} lists them`,
      },
    ];
  }
  const phase = plan.meta.phase as LifecyclePhase;
  if (!PHASES.includes(phase)) return [];
  const missing = REQUIREMENTS.filter(
    (r) => PHASES.indexOf(r.requiredFrom) <= PHASES.indexOf(phase) && r.offenders(plan).length > 0,
  );
  if (missing.length > 0)
    return [
      {
        code: 'incomplete-for-phase',
        level: 'attention',
        message: `incomplete for phase ${phase}: ${missing.length} requirement${missing.length === 1 ? '' : 's'} of the phase missing (${missing
          .slice(0, 3)
          .map((r) => r.message)
          .join('; ')}${missing.length > 3 ? '; ...' : ''})`,
      },
    ];
  if (phase === 'initiate' && (plan.business_outcomes?.objectives?.length ?? 0) === 0) {
    return [
      {
        code: 'empty-draft',
        level: 'attention',
        message: `an empty draft: no business objective yet (csp add objective ${plan.meta.account} --statement "...")`,
      },
    ];
  }
  return [];
}

/** The date of the latest customer review (meta.last_customer_review or the review log). */
export function lastReview(plan: Plan): IsoDate | null {
  const dates = [plan.meta.last_customer_review, ...(plan.governance?.customer_reviews ?? []).map((r) => r.date)]
    .filter(isIsoDate)
    .sort();
  return dates.pop() ?? null;
}

/**
 * The measurements of a value metric that count, oldest first: those with a YYYY-MM-DD date and a
 * finite number (others, hand-edited, are skipped by the trend, the progress and the health rules alike).
 */
export function countedMeasurements<M extends { date: string; value: number }>(
  measurements: readonly M[] | undefined,
): M[] {
  return (measurements ?? [])
    .filter((m) => isIsoDate(m.date) && Number.isFinite(m.value))
    .sort((a, b) => compareText(a.date, b.date));
}

/**
 * Whether a value metric's last counted measurement (countedMeasurements) moved toward its target
 * (improving), away from it (declining), or neither; null with fewer than two numeric points (the
 * baseline counts as one).
 */
export function metricTrend(metric: {
  baseline?: number | string;
  target?: number | string;
  measurements?: Array<{ date: string; value: number }>;
}): 'improving' | 'declining' | 'flat' | null {
  const points = countedMeasurements(metric.measurements).map((m) => m.value);
  if (typeof metric.baseline === 'number') points.unshift(metric.baseline);
  if (points.length < 2 || typeof metric.target !== 'number') return null;
  const [prev, last] = points.slice(-2);
  const towards = Math.abs(metric.target - last) - Math.abs(metric.target - prev);
  return towards < 0 ? 'improving' : towards > 0 ? 'declining' : 'flat';
}
