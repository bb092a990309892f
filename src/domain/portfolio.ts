/**
 * The portfolio (`csp status` with no account; issue 4): every plan of the InfoHub summed up for
 * a CSM manager, as of a date. Two steps, so that the per-plan part can be computed where the plan
 * is parsed (a worker thread) and cached, and only small summaries are held for 10,000 accounts:
 *
 * 1. planEntry(plan, asOf, minArrUsd): one plan's facts: phase, type, ARR, CSP health (health.ts
 *    cspHealth), staleness, whether the SPEC's trigger requires a plan, time to plan, milestones due
 *    and overdue, milestone and objective counts.
 * 2. aggregatePortfolio(entries, ...): counts and ARR by phase, plan type, CSP health and (when
 *    given) customer health band; stale plans; milestones due in 7 days and overdue; accounts
 *    that need a CSP and have none; and the plan metrics (SPEC "Health and reminders"; issue 4):
 *    - plan adoption: of the accounts that need a plan, the share with an active one (a plan
 *      updated within the last 60 days, the SPEC's at-risk staleness: a plan nobody keeps up is not
 *      in use);
 *    - time to plan: days from Stage 2 (meta.stage2_date), else from Closed Won
 *      (meta.closed_won_date), to the plan's creation (meta.created); median and mean;
 *    - milestone completion on time: of the milestones due by the date or done, the share done on
 *      or before their due date (a done milestone without a completed date counts as on time);
 *    - objectives achieved: the share of objectives with status achieved.
 * Pure: plans and dates in, numbers out.
 */
import { compareText } from './compare.js';
import { daysBetween, isIsoDate, type IsoDate } from './dates.js';
import { cspHealth, HEALTH_DAYS, PHASE_INCOMPLETE_CODES, type HealthVerdict } from './plan-health.js';
import { proposalBlockers } from './gates.js';
import { isOverdue, milestonesOf, type Plan } from './plan.js';
import { triggerReasons, type LifecyclePhase } from './stage.js';

/** A customer health band (SPEC "Customer health score": green / yellow / red). */
export type HealthBand = 'green' | 'yellow' | 'red';

/** A milestone in a portfolio list. */
export interface PortfolioMilestone {
  account: string;
  id: string;
  title: string;
  due: IsoDate;
  /** Days until due (negative: days overdue). */
  days: number;
}

/** One plan's contribution to the portfolio, as of a date. Money in US dollars, times in days. */
export interface PlanEntry {
  account: string;
  name: string;
  phase: LifecyclePhase;
  planType: Plan['meta']['plan_type'];
  status: Plan['meta']['status'];
  stage: string | null;
  arrUsd: number | null;
  complete: boolean;
  verdict: HealthVerdict;
  /** The health reasons that decided the verdict (at risk and attention), in words. */
  reasons: string[];
  staleDays: number | null;
  /** The SPEC's trigger holds on the plan's own data (Stage 2+ above the threshold, strategic, SA-validated). */
  needsPlan: boolean;
  /** Updated within HEALTH_DAYS.atRisk days and complete for its phase (an empty imported draft is not an active plan). */
  active: boolean;
  /** How many things the plan lacks for its Stage 4 proposal (0: not blocked; gates.ts proposalBlockers). */
  proposalBlocked: number;
  /** Still marked as imported from the CRM (meta.imported): its backfill is not done. */
  imported: boolean;
  /** The plan's CRM link, "source|account id" (meta.crm), to compare with an export. */
  crmKey?: string;
  timeToPlanDays: number | null;
  milestones: {
    total: number;
    counted: number;
    onTime: number;
    dueSoon: PortfolioMilestone[];
    overdue: PortfolioMilestone[];
  };
  objectives: { total: number; achieved: number };
}

/** Milestones due within this many days are listed (SPEC: reminders 7 days before). */
export const DUE_SOON_DAYS = 7;

/** Computes one plan's entry. Expects a plan that passed the schema (a plan with errors may still give one). */
export function planEntry(plan: Plan, asOf: IsoDate, minArrUsd: number): PlanEntry {
  const meta = plan.meta;
  const health = cspHealth(plan, asOf);
  const stage = meta.opportunity_stage ?? null;
  const arrUsd = typeof meta.arr_usd === 'number' ? meta.arr_usd : null;
  const needsPlan =
    triggerReasons(
      { stage, arrUsd, saValidated: meta.sa_validated_evaluation === true, strategic: meta.strategic === true },
      minArrUsd,
    ).length > 0;
  const start = isIsoDate(meta.stage2_date)
    ? meta.stage2_date
    : isIsoDate(meta.closed_won_date)
      ? meta.closed_won_date
      : null;
  const timeToPlanDays = start && isIsoDate(meta.created) ? sensibleDuration(daysBetween(start, meta.created)) : null;
  const milestones: PlanEntry['milestones'] = { total: 0, counted: 0, onTime: 0, dueSoon: [], overdue: [] };
  for (const { milestone: m } of milestonesOf(plan)) {
    milestones.total++;
    if (!isIsoDate(m.due)) continue;
    const days = daysBetween(asOf, m.due);
    const done = m.status === 'done';
    const overdue = isOverdue(m, asOf);
    if (done || overdue) {
      milestones.counted++;
      if (done && (!isIsoDate(m.completed) || m.completed <= m.due)) milestones.onTime++;
    }
    if (done) continue;
    const item = { account: meta.account, id: m.id, title: m.title, due: m.due, days };
    if (overdue) milestones.overdue.push(item);
    else if (days <= DUE_SOON_DAYS) milestones.dueSoon.push(item);
  }
  const objectives = plan.business_outcomes?.objectives ?? [];
  return {
    account: meta.account,
    name: meta.account_name,
    phase: meta.phase,
    planType: meta.plan_type,
    status: meta.status,
    stage,
    arrUsd,
    complete: health.complete,
    verdict: health.verdict,
    reasons: health.reasons.filter((r) => r.level !== 'incomplete').map((r) => r.message),
    staleDays: health.staleDays,
    needsPlan,
    active:
      health.staleDays !== null &&
      health.staleDays < HEALTH_DAYS.atRisk &&
      !health.reasons.some((r) => PHASE_INCOMPLETE_CODES.includes(r.code)),
    proposalBlocked: proposalBlockers(plan).length,
    imported: !!meta.imported,
    ...(meta.crm?.source && meta.crm.account_id ? { crmKey: `${meta.crm.source}|${meta.crm.account_id}` } : {}),
    timeToPlanDays,
    milestones,
    objectives: { total: objectives.length, achieved: objectives.filter((o) => o.status === 'achieved').length },
  };
}

/**
 * Longest time to plan, in days, that is taken as a measure: a plan created more than a year after
 * its Stage 2 (or Closed Won) was made from old CRM dates (an import), not by the team at that pace.
 */
export const MAX_TIME_TO_PLAN_DAYS = 365;

/** A duration in days when it makes sense (0 to MAX_TIME_TO_PLAN_DAYS), else null: not shown, not averaged. */
function sensibleDuration(days: number): number | null {
  return days >= 0 && days <= MAX_TIME_TO_PLAN_DAYS ? days : null;
}

/** Count and ARR of a group of plans. */
export interface Bucket {
  count: number;
  arrUsd: number;
}

/** An account that needs a CSP and has none (from a CRM export). */
export interface MissingPlan {
  name: string;
  crmId: string;
  /** Why it needs one: arr, sa-validated, strategic. */
  reasons: string[];
  stage: string | null;
  arrUsd: number | null;
}

/** An account of the InfoHub with health signals and no plan (scored, but nobody has started its CSP). */
export interface UnplannedAccount {
  account: string;
  name: string;
  /** The newest ARR its signals hold on or before the date; null when none does. */
  arrUsd: number | null;
  band?: HealthBand;
}

/** A share: part of whole, and the percentage (null when whole is 0). */
export interface Share {
  of: number;
  count: number;
  pct: number | null;
}

/** The portfolio as of a date. */
export interface Portfolio {
  asOf: IsoDate;
  plans: number;
  arrUsd: number;
  byPhase: Record<LifecyclePhase, Bucket>;
  byPlanType: Record<string, Bucket>;
  byHealth: Record<HealthVerdict, Bucket> & { complete: number; incomplete: number };
  /** By customer health band; null when no band source was given. */
  byCustomerHealth: Record<HealthBand | 'unknown', Bucket> | null;
  stale: { over30: Array<{ account: string; days: number }>; over60: Array<{ account: string; days: number }> };
  milestones: { dueSoon: PortfolioMilestone[]; overdue: PortfolioMilestone[] };
  /** Accounts that need a CSP and have none; null when no CRM export was compared. */
  missingPlans: MissingPlan[] | null;
  metrics: {
    adoption: Share & { withPlan: number };
    timeToPlan: { count: number; medianDays: number | null; meanDays: number | null };
    milestonesOnTime: Share;
    objectivesAchieved: Share;
  };
  /** Plans still carrying their CRM import marker (backfill to do). */
  importedPendingBackfill: number;
  /** Plans at Stage 4 or later whose proposal is blocked: each with how many things it lacks. */
  proposalsBlocked: Array<{ account: string; missing: number }>;
  /** Accounts in the InfoHub without a plan (health signals only), with their ARR; counted apart from the plans. */
  withoutPlan: { count: number; arrUsd: number; accounts: UnplannedAccount[] };
  /** One row per plan, in account order. */
  accounts: Array<
    Pick<
      PlanEntry,
      'account' | 'name' | 'phase' | 'planType' | 'status' | 'arrUsd' | 'complete' | 'verdict' | 'staleDays' | 'reasons'
    > & { overdue: number; dueSoon: number; customerHealth?: HealthBand }
  >;
}

/** What the aggregation takes besides the entries. */
export interface PortfolioInput {
  asOf: IsoDate;
  /** Customer health band per account slug, when a health source is available. */
  customerHealth?: ReadonlyMap<string, HealthBand>;
  /** Accounts from a CRM export that need a CSP and have none. */
  missingPlans?: MissingPlan[];
  /** Accounts of the InfoHub that have health signals and no plan. */
  withoutPlan?: UnplannedAccount[];
}

const share = (count: number, of: number): Share => ({
  of,
  count,
  pct: of === 0 ? null : Math.round((count / of) * 1000) / 10,
});

/** An empty bucket. */
const bucket = (): Bucket => ({ count: 0, arrUsd: 0 });

/** Counts an entry and its ARR (rounded to cents) into a bucket. */
const addTo = (b: Bucket, e: PlanEntry): void => {
  b.count++;
  b.arrUsd = Math.round((b.arrUsd + (e.arrUsd ?? 0)) * 100) / 100;
};

/** The plans counted in total and by phase, plan type, health verdict and customer health band. */
function portfolioBuckets(
  sorted: readonly PlanEntry[],
  bands: ReadonlyMap<string, HealthBand> | undefined,
): Pick<Portfolio, 'byPhase' | 'byPlanType' | 'byHealth' | 'byCustomerHealth'> & { total: Bucket } {
  const byPhase = { initiate: bucket(), develop: bucket(), finalize: bucket(), execute: bucket() };
  const byPlanType: Record<string, Bucket> = {};
  const byHealth = { healthy: bucket(), needs_attention: bucket(), at_risk: bucket(), complete: 0, incomplete: 0 };
  const byCustomerHealth = bands ? { green: bucket(), yellow: bucket(), red: bucket(), unknown: bucket() } : null;
  const total = bucket();
  for (const e of sorted) {
    addTo(total, e);
    addTo(byPhase[e.phase] ?? (byPhase[e.phase] = bucket()), e);
    addTo((byPlanType[e.planType] ??= bucket()), e);
    addTo(byHealth[e.verdict], e);
    if (e.complete) byHealth.complete++;
    else byHealth.incomplete++;
    if (byCustomerHealth) addTo(byCustomerHealth[bands?.get(e.account) ?? 'unknown'], e);
  }
  return { total, byPhase, byPlanType, byHealth, byCustomerHealth };
}

/** Plans not refreshed for 30 and for 60 days or more, the stalest first. */
function stalePlans(sorted: readonly PlanEntry[]): Portfolio['stale'] {
  const over30: Portfolio['stale']['over30'] = [];
  const over60: Portfolio['stale']['over60'] = [];
  for (const e of sorted) {
    if (e.staleDays !== null && e.staleDays >= HEALTH_DAYS.atRisk)
      over60.push({ account: e.account, days: e.staleDays });
    else if (e.staleDays !== null && e.staleDays >= HEALTH_DAYS.stale)
      over30.push({ account: e.account, days: e.staleDays });
  }
  return { over30: over30.sort((a, b) => b.days - a.days), over60: over60.sort((a, b) => b.days - a.days) };
}

/** Every plan's milestones due soon and overdue, soonest (most overdue) first. */
function portfolioMilestones(sorted: readonly PlanEntry[]): Portfolio['milestones'] {
  const dueSoon = sorted.flatMap((e) => e.milestones.dueSoon);
  const overdue = sorted.flatMap((e) => e.milestones.overdue);
  return {
    dueSoon: dueSoon.sort((a, b) => a.days - b.days || compareText(a.account, b.account)),
    overdue: overdue.sort((a, b) => a.days - b.days || compareText(a.account, b.account)),
  };
}

/** The median of numbers sorted ascending, or null when there are none. */
function median(times: readonly number[]): number | null {
  return times.length === 0
    ? null
    : times.length % 2
      ? times[(times.length - 1) / 2]
      : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
}

/** Adoption (accounts that need a plan and have an active one), time to plan, milestones on time, objectives achieved. */
function portfolioMetrics(sorted: readonly PlanEntry[], missing: readonly MissingPlan[] | null): Portfolio['metrics'] {
  const needing = sorted.filter((e) => e.needsPlan);
  const needActive = needing.filter((e) => e.active).length;
  const need = needing.length + (missing?.length ?? 0);
  const times = sorted.flatMap((e) => (e.timeToPlanDays !== null ? [e.timeToPlanDays] : [])).sort((a, b) => a - b);
  const sum = (f: (e: PlanEntry) => number) => sorted.reduce((s, e) => s + f(e), 0);
  return {
    adoption: { ...share(needActive, need), withPlan: needing.length },
    timeToPlan: {
      count: times.length,
      medianDays: median(times),
      meanDays: times.length === 0 ? null : Math.round((times.reduce((s, t) => s + t, 0) / times.length) * 10) / 10,
    },
    milestonesOnTime: share(
      sum((e) => e.milestones.onTime),
      sum((e) => e.milestones.counted),
    ),
    objectivesAchieved: share(
      sum((e) => e.objectives.achieved),
      sum((e) => e.objectives.total),
    ),
  };
}

/** One plan's row of the portfolio table. */
function accountRow(e: PlanEntry, band: HealthBand | undefined): Portfolio['accounts'][number] {
  return {
    account: e.account,
    name: e.name,
    phase: e.phase,
    planType: e.planType,
    status: e.status,
    arrUsd: e.arrUsd,
    complete: e.complete,
    verdict: e.verdict,
    staleDays: e.staleDays,
    reasons: e.reasons,
    overdue: e.milestones.overdue.length,
    dueSoon: e.milestones.dueSoon.length,
    ...(band ? { customerHealth: band } : {}),
  };
}

/** The accounts with health signals and no plan, largest ARR first, with their count and total ARR. */
function withoutPlanOf(input: PortfolioInput): Portfolio['withoutPlan'] {
  const unplanned = [...(input.withoutPlan ?? [])].sort(
    (a, b) => (b.arrUsd ?? 0) - (a.arrUsd ?? 0) || compareText(a.account, b.account),
  );
  return {
    count: unplanned.length,
    arrUsd: Math.round(unplanned.reduce((sum, u) => sum + (u.arrUsd ?? 0), 0) * 100) / 100,
    accounts: unplanned,
  };
}

/** Sums the entries up (see the module comment for each metric). */
export function aggregatePortfolio(entries: readonly PlanEntry[], input: PortfolioInput): Portfolio {
  const sorted = [...entries].sort((a, b) => compareText(a.account, b.account));
  const bands = input.customerHealth;
  const { total, ...buckets } = portfolioBuckets(sorted, bands);
  const missing = input.missingPlans ?? null;
  return {
    asOf: input.asOf,
    plans: total.count,
    arrUsd: total.arrUsd,
    ...buckets,
    stale: stalePlans(sorted),
    milestones: portfolioMilestones(sorted),
    missingPlans: missing,
    metrics: portfolioMetrics(sorted, missing),
    importedPendingBackfill: sorted.filter((e) => e.imported).length,
    proposalsBlocked: sorted
      .filter((e) => e.proposalBlocked > 0)
      .map((e) => ({ account: e.account, missing: e.proposalBlocked })),
    withoutPlan: withoutPlanOf(input),
    accounts: sorted.map((e) => accountRow(e, bands?.get(e.account))),
  };
}
