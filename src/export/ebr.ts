/**
 * The executive sections of the EBR (executive_business_review_template.md) that a QBR lacks:
 * the partnership summary, strategic alignment and the partnership's direction, value over the
 * last four quarters, executive sponsor alignment, roadmap alignment and the executive asks. Drawn
 * only from what csp records (the redacted plan, its value measurements, the usage signals, the
 * decision log and the fiscal year's account plan, both already redacted for the audience); the
 * team's deck adds the health score, NPS and ARR from the signals. Pure.
 */
import { addDaysIso, daysBetween, isIsoDate, type IsoDate } from '../domain/dates.js';
import { hasLeft, isOverdue, milestonesOf } from '../domain/plan.js';
import type { Refresh } from '../domain/refresh.js';
import type { AccountPlan } from '../domain/types.gen.js';
import type { QbrDeck, QbrInput } from './qbr.js';
import { decisionLines, quarterOf, type Quarter } from './qbr-common.js';
import { formatNumber, humanize, metricProgress, roleLabel, withUnit, type ExportView } from './view.js';

/** One business priority and what the partnership contributes to it. */
export interface PriorityRow {
  priority: string;
  contribution: string;
  /** Strong (>= 2/3 of the way to target), Moderate (>= 1/3), Weak, or Not measured yet. */
  alignment: string;
}

/** One value metric at the end of each of the last four quarters. */
export interface AnnualValueRow {
  name: string;
  baseline: string;
  /** The latest measurement on or before each quarter's end ("" when there was none yet). */
  quarters: string[];
  target: string;
  /** Change over the four quarters (from the first value in them, or the baseline). */
  change: string;
}

/** A customer executive (or the vendor's executive sponsor) and what they own in the plan. */
export interface SponsorRow {
  name: string;
  title: string;
  side: string;
  role: string;
  engagement: string;
  owns: string;
}

/** An EBR's sections, as data. */
export interface EbrSections {
  /** The four quarters ending with the reviewed one, oldest first. */
  quarters: string[];
  partnership: Array<[string, string]>;
  priorities: PriorityRow[];
  direction: string[];
  annual: AnnualValueRow[];
  sponsors: SponsorRow[];
  /** Executive roles the plan has nobody in ("No executive sponsor recorded"). */
  sponsorGaps: string[];
  phases: Array<{ phase: string; window: string; goal: string; progress: string; state: string }>;
  /** The account plan's quarterly milestones from the reviewed quarter on. */
  planMilestones: Array<{ quarter: string; milestone: string; objective: string; state: string }>;
  asks: Array<{ ask: string; owner: string; due: string }>;
}

/** Roles that make a stakeholder an executive the EBR addresses. */
const EXECUTIVE_ROLES = new Set([
  'executive_sponsor',
  'economic_buyer',
  'decision_maker',
  'executive',
  'technical_buyer',
]);

/** Builds the EBR sections of a deck (`deck` is the QBR part, already built from the same input). */
export function buildEbr(input: QbrInput, deck: QbrDeck, refresh: Refresh): EbrSections {
  const { view } = input;
  const quarters = lastFourQuarters(input.quarter);
  const ap = input.accountPlan;
  return {
    quarters: quarters.map((q) => q.label),
    partnership: partnershipFacts(input, deck),
    priorities: priorities(view, deck, ap),
    direction: direction(view, input, quarters[0].start, deck, refresh, ap),
    annual: annualValue(view, quarters, deck.asOf),
    ...sponsors(view, deck.asOf),
    phases: refresh.phases.map((p) => ({
      phase: p.name,
      window: p.start || p.end ? `${p.start ?? '?'} to ${p.end ?? '?'}` : '',
      goal: (view.plan.adoption_journey?.phases ?? []).find((x) => x.id === p.id)?.goal ?? '',
      progress: `${p.done} of ${p.total} milestones done`,
      state: humanize(p.state),
    })),
    planMilestones: planMilestones(ap, input.quarter),
    asks: executiveAsks(view, deck),
  };
}

/** The reviewed quarter and the three before it, oldest first. */
function lastFourQuarters(q: Quarter): Quarter[] {
  const out = [q];
  while (out.length < 4) out.unshift(quarterOf(addDaysIso(out[0].start, -1)));
  return out;
}

/** The latest value of a signal on or before `asOf`. */
function latestSignal(signals: QbrInput['signals'], key: string, asOf: IsoDate): unknown {
  let best: { date: string; value: unknown } | undefined;
  for (const s of signals?.signals ?? []) {
    const v = (s.values as Record<string, unknown>)[key];
    if (v === undefined || !isIsoDate(s.date) || s.date > asOf) continue;
    if (!best || s.date >= best.date) best = { date: s.date, value: v };
  }
  return best?.value;
}

/** "under a month", "5 months", "2 years 3 months". */
function duration(months: number): string {
  if (months < 1) return 'under a month';
  const years = Math.floor(months / 12);
  const rest = `${months % 12} month${months % 12 === 1 ? '' : 's'}`;
  return years ? `${years} year${years === 1 ? '' : 's'}${months % 12 ? ` ${rest}` : ''}` : rest;
}

/** Partnership duration, plan, contract, renewal, seats (and for the team: health, NPS, ARR). */
function partnershipFacts(input: QbrInput, deck: QbrDeck): Array<[string, string]> {
  const plan = input.view.plan;
  const contract = plan.customer_context?.contract;
  const facts: Array<[string, string]> = [];
  if (isIsoDate(contract?.start)) {
    const months = Math.floor(daysBetween(contract.start, deck.asOf) / 30.44);
    facts.push([
      'Partnership since',
      contract.start > deck.asOf
        ? `${contract.start} (starts in ${daysBetween(deck.asOf, contract.start)} days)`
        : `${contract.start} (${duration(months)})`,
    ]);
  }
  if (isIsoDate(contract?.end)) facts.push(['Contract term', `${contract.start ?? '?'} to ${contract.end}`]);
  facts.push(['Plan', `${humanize(plan.meta.plan_type)} plan, ${humanize(plan.meta.phase)} phase`]);
  if (plan.customer_context?.segment) facts.push(['Segment', String(plan.customer_context.segment)]);
  if (typeof plan.meta.arr_usd === 'number') facts.push(['Current ARR', `$${formatNumber(plan.meta.arr_usd)}`]);
  const seats = latestSignal(input.signals, 'licensed_users', deck.asOf);
  const active = latestSignal(input.signals, 'active_users', deck.asOf);
  if (typeof seats === 'number') facts.push(['Licensed seats', formatNumber(seats)]);
  if (typeof active === 'number') facts.push(['Active users', formatNumber(active)]);
  if (deck.summary.health) facts.push(['Health score (internal)', deck.summary.health]);
  if (input.view.audience === 'internal') {
    const nps = latestSignal(input.signals, 'nps', deck.asOf);
    if (typeof nps === 'number') facts.push(['NPS (internal)', formatNumber(nps)]);
  }
  const renewal = contract?.renewal_date;
  if (isIsoDate(renewal))
    facts.push([
      'Renewal date',
      renewal >= deck.asOf ? `${renewal} (${daysBetween(deck.asOf, renewal)} days remaining)` : `${renewal} (passed)`,
    ]);
  return facts;
}

/** Strong from two thirds of the way to target, moderate from one third. */
function alignment(percents: number[]): string {
  if (!percents.length) return 'Not measured yet';
  const mean = percents.reduce((a, b) => a + b, 0) / percents.length;
  return mean >= 200 / 3 ? 'Strong' : mean >= 100 / 3 ? 'Moderate' : 'Weak';
}

/** The customer's business priorities: the plan's objectives (their key results' progress), then the account plan's. */
function priorities(view: ExportView, deck: QbrDeck, ap: AccountPlan | undefined): PriorityRow[] {
  const rows: PriorityRow[] = [];
  for (const obj of view.plan.business_outcomes?.objectives ?? []) {
    const results = deck.value.filter((v) => v.objective === `${obj.id} ${obj.statement}`);
    rows.push({
      priority: obj.statement,
      contribution: results.length
        ? results.map((r) => `${r.name}: ${r.current}${r.target ? ` toward ${r.target}` : ''}`).join('; ')
        : 'No key results recorded',
      alignment: alignment(results.filter((r) => r.percent !== null).map((r) => r.percent as number)),
    });
  }
  for (const so of ap?.strategic_objectives ?? []) {
    const metrics = (so.success_metrics ?? []).map(
      (m) =>
        `${m.metric}: ${m.current !== undefined ? withUnit(m.current as never, m.unit) : 'not measured yet'} toward ${withUnit(m.target as never, m.unit)}`,
    );
    const due = (so.quarterly_milestones ?? []).filter((m) => m.quarter <= deck.quarter.label.slice(5));
    rows.push({
      priority: so.objective,
      contribution: metrics.join('; ') || so.rationale || '',
      alignment: due.length ? alignment([(due.filter((m) => m.done).length / due.length) * 100]) : 'Not measured yet',
    });
  }
  return rows;
}

/** Where the partnership is going: the account plan's summary, the year's decisions, the phases ahead. */
function direction(
  view: ExportView,
  input: QbrInput,
  from: IsoDate,
  deck: QbrDeck,
  refresh: Refresh,
  ap: AccountPlan | undefined,
): string[] {
  const out: string[] = [];
  if (ap?.executive_summary) out.push(`${ap.fiscal_year}: ${ap.executive_summary}`);
  if (view.plan.business_outcomes?.current_state)
    out.push(`Starting point: ${view.plan.business_outcomes.current_state}`);
  for (const p of refresh.phases.filter((x) => x.state !== 'complete' && x.state !== 'ended').slice(0, 2)) {
    const goal = (view.plan.adoption_journey?.phases ?? []).find((x) => x.id === p.id)?.goal;
    out.push(`Next: ${p.name}${p.end ? ` (to ${p.end})` : ''}${goal ? `: ${goal}` : ''}`);
  }
  out.push(...decisionLines(view, input.decisions, from, deck.quarter.end).map((d) => `Decided ${d}`));
  return out;
}

/** Each value metric at the end of each of the four quarters. */
function annualValue(view: ExportView, quarters: Quarter[], asOf: IsoDate): AnnualValueRow[] {
  const rows: AnnualValueRow[] = [];
  for (const m of view.plan.value_tracking?.metrics ?? []) {
    const values = quarters.map((q) => metricProgress(m, q.end < asOf ? q.end : asOf).latest?.value);
    if (values.every((v) => v === undefined)) continue;
    const first = values.find((v) => v !== undefined);
    const last = values[values.length - 1];
    const from =
      typeof m.baseline === 'number' && quarters[0].start <= (m.measurements?.[0]?.date ?? '') ? m.baseline : first;
    rows.push({
      name: m.name,
      baseline: withUnit(m.baseline as never, m.unit),
      quarters: values.map((v) => (v === undefined ? '' : withUnit(v as never, m.unit))),
      target: withUnit(m.target as never, m.unit),
      change:
        typeof last === 'number' && typeof from === 'number'
          ? `${last - from > 0 ? '+' : ''}${withUnit(Math.round((last - from) * 100) / 100, m.unit) || '0'}`
          : '',
    });
  }
  return rows;
}

/** The customer's executives (and the vendor's executive sponsor), with what they own; the executive roles nobody holds. */
function sponsors(view: ExportView, asOf: IsoDate): Pick<EbrSections, 'sponsors' | 'sponsorGaps'> {
  const plan = view.plan;
  const people = (plan.stakeholders ?? []).filter(
    (s) => !hasLeft(s, asOf) && (EXECUTIVE_ROLES.has(s.role) || (s.side === 'customer' && s.role === 'champion')),
  );
  const mine = (ref: string | null | undefined, id: string, name: string) => ref === id || ref === name;
  const count = (n: number, what: string) => (n ? [`${n} open ${what}${n === 1 ? '' : 's'}`] : []);
  const owned = (id: string, name: string) => [
    ...(plan.business_outcomes?.objectives ?? []).filter((o) => mine(o.owner, id, name)).map((o) => o.id),
    ...count(
      milestonesOf(plan).filter((x) => x.milestone.status !== 'done' && mine(x.milestone.owner, id, name)).length,
      'milestone',
    ),
    ...count((plan.risks ?? []).filter((r) => r.status !== 'closed' && mine(r.owner, id, name)).length, 'risk'),
  ];
  const rows = people.map((s) => ({
    name: s.name,
    title: s.title ?? '',
    side: humanize(s.side),
    role: roleLabel(s.role),
    engagement: s.engagement ? humanize(s.engagement) : '',
    owns: owned(s.id, s.name).join(', '),
  }));
  const customer = people.filter((s) => s.side === 'customer');
  const gaps: string[] = [];
  if (!customer.some((s) => s.role === 'executive_sponsor')) gaps.push('No customer executive sponsor recorded.');
  if (!customer.some((s) => s.role === 'economic_buyer' || s.role === 'decision_maker'))
    gaps.push('No economic buyer or decision maker recorded.');
  if (!people.some((s) => s.side === 'vendor' && (s.role === 'executive_sponsor' || s.role === 'executive')))
    gaps.push('No executive sponsor on our side recorded.');
  return { sponsors: rows, sponsorGaps: rows.length ? gaps : [] };
}

/** The account plan's quarterly milestones from the reviewed quarter to the end of its fiscal year. */
function planMilestones(ap: AccountPlan | undefined, quarter: Quarter): EbrSections['planMilestones'] {
  if (!ap) return [];
  const q = quarter.label.slice(5);
  const sameYear = ap.fiscal_year === `FY${quarter.label.slice(0, 4)}`;
  return (ap.strategic_objectives ?? []).flatMap((so) =>
    (so.quarterly_milestones ?? [])
      .filter((m) => !sameYear || m.quarter >= q)
      .map((m) => ({
        quarter: `${ap.fiscal_year} ${m.quarter}`,
        milestone: m.milestone,
        objective: so.objective,
        state: m.done ? 'Done' : 'Open',
      })),
  );
}

/** Asks for the executives: the refresh asks, overdue milestones an executive owns, and red risks' mitigations. */
function executiveAsks(view: ExportView, deck: QbrDeck): EbrSections['asks'] {
  const plan = view.plan;
  const execs = (plan.stakeholders ?? []).filter((s) => EXECUTIVE_ROLES.has(s.role));
  const isExec = (ref: string | undefined | null) => !!ref && execs.some((s) => s.id === ref || s.name === ref);
  const asks: EbrSections['asks'] = deck.asks.map((a) => ({ ask: a, owner: '', due: '' }));
  for (const { milestone: m } of milestonesOf(plan))
    if (isOverdue(m, deck.asOf) && isExec(m.owner))
      asks.push({ ask: `Unblock the overdue milestone: ${m.title}`, owner: view.person(m.owner), due: m.due });
  for (const r of deck.risks.filter((x) => x.rag === 'Red'))
    asks.push({
      ask: `Sponsor the mitigation of "${r.title}"${r.mitigation ? `: ${r.mitigation}` : ''}`,
      owner: r.owner,
      due: '',
    });
  const nextReview = (plan.governance?.cadence?.qbr ?? []).filter((d) => isIsoDate(d) && d > deck.asOf).sort()[0];
  if (nextReview) asks.push({ ask: 'Attend the next executive review', owner: '', due: nextReview });
  return asks;
}
