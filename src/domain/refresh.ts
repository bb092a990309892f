/**
 * The quarterly refresh (reference/001 "refresh_csp": review and update all sections, assess
 * phase completion, plan the next phase, update risks, prepare for the customer QBR; format:
 * refreshed CSP, QBR talking points). Builds the refresh document as markdown: phase completion,
 * what is next, risks to update, and QBR talking points (value delivered against the success
 * criteria, milestones done and slipped, asks). Pure: plan and date in, markdown and data out.
 */
import { planAsOf } from './as-of.js';
import { addDaysIso, daysBetween, isIsoDate, type IsoDate } from './dates.js';
import { actionsOf, effectiveRag, filled, isOverdue, milestonesOf, peopleOf, type Plan } from './plan.js';
import { nextCustomerReview, remindersFor } from './reminders.js';
import { planValue, progressText } from './value.js';
import { compareText } from './compare.js';

/**
 * The customer health score as the refresh's internal notes show it (customer-health/score.ts
 * HealthScore has this shape; declared here so the plan core does not depend on the scoring).
 */
export interface RefreshHealth {
  score: number | null;
  band: string | null;
  trend: string | null;
  change: number | null;
  previous: { date: IsoDate } | null;
  components: readonly { name: string; score: number | null; trend: string | null }[];
  note?: string;
}

/** How far one adoption phase has come. */
export interface PhaseCompletion {
  id: string;
  name: string;
  start?: string;
  end?: string;
  done: number;
  total: number;
  overdue: number;
  /** complete: every milestone done; late: a milestone overdue or the phase over with work open; ended: over, with no milestones. */
  state: 'complete' | 'in progress' | 'not started' | 'late' | 'ended';
}

/** What a refresh found, as data (the markdown is built from it). */
export interface Refresh {
  account: string;
  asOf: IsoDate;
  phases: PhaseCompletion[];
  next: string[];
  risks: string[];
  value: string[];
  done: string[];
  slipped: string[];
  asks: string[];
  markdown: string;
}

/** The quarter a refresh looks back over, in days. */
export const REFRESH_LOOKBACK_DAYS = 91;

/** What every section of a refresh reads: the plan as of the date, its milestones and how people are named. */
interface RefreshView {
  plan: Plan;
  asOf: IsoDate;
  /** The first day the refresh looks back to. */
  since: IsoDate;
  milestones: ReturnType<typeof milestonesOf>;
  overdue: ReturnType<typeof milestonesOf>[number]['milestone'][];
  /** The side (customer, vendor...) of the stakeholder a reference names, if any. */
  side: (ref: string | undefined) => string | undefined;
  /** The person a reference names, the reference itself, or "no owner". */
  nameOf: (ref: string | undefined) => string;
}

/** The view of `given` on `asOf` that every section reads. */
function refreshView(given: Plan, asOf: IsoDate): RefreshView {
  const plan = planAsOf(given, asOf);
  const people = peopleOf(plan);
  const milestones = milestonesOf(plan);
  return {
    plan,
    asOf,
    since: addDaysIso(asOf, -REFRESH_LOOKBACK_DAYS),
    milestones,
    overdue: milestones.map((x) => x.milestone).filter((x) => isOverdue(x, asOf)),
    side: (ref) => (ref ? people.resolve(ref)?.stakeholder?.side : undefined),
    nameOf: (ref) => (ref ? (people.resolve(ref)?.name ?? ref) : 'no owner'),
  };
}

/** How far each adoption phase has come on `asOf`. */
function phaseCompletion(plan: Plan, asOf: IsoDate): PhaseCompletion[] {
  return (plan.adoption_journey?.phases ?? []).map((p) => {
    const ms = p.milestones ?? [];
    const done = ms.filter((x) => x.status === 'done').length;
    const late = ms.filter((x) => isOverdue(x, asOf)).length;
    const started = isIsoDate(p.start) ? p.start <= asOf : done > 0;
    const ended = isIsoDate(p.end) && p.end < asOf;
    const state: PhaseCompletion['state'] =
      ms.length === 0
        ? ended
          ? 'ended'
          : started
            ? 'in progress'
            : 'not started'
        : done === ms.length
          ? 'complete'
          : late > 0 || ended
            ? 'late'
            : started
              ? 'in progress'
              : 'not started';
    return {
      id: p.id,
      name: p.name,
      ...(p.start ? { start: p.start } : {}),
      ...(p.end ? { end: p.end } : {}),
      done,
      total: ms.length,
      overdue: late,
      state,
    };
  });
}

/** "What is next": the current and next phase, the next five milestones, the customer review and the renewal. */
function whatIsNext(v: RefreshView, phases: PhaseCompletion[]): string[] {
  const { plan, asOf, nameOf } = v;
  const next: string[] = [];
  const current = phases.find((p) => p.total > p.done) ?? phases.find((p) => p.state === 'in progress');
  if (current)
    next.push(
      `Current phase: ${current.id} ${current.name} (${current.done} of ${current.total} milestones done${current.end ? `, ends ${current.end}` : ''})`,
    );
  const following = current ? phases[phases.indexOf(current) + 1] : undefined;
  if (following)
    next.push(`Next phase: ${following.id} ${following.name}${following.start ? ` from ${following.start}` : ''}`);
  const upcoming = v.milestones
    .map((x) => x.milestone)
    .filter((x) => x.status !== 'done' && isIsoDate(x.due) && x.due >= asOf)
    .sort((a, b) => compareText(a.due, b.due))
    .slice(0, 5);
  for (const x of upcoming) next.push(`${x.id} "${x.title}" due ${x.due} (${nameOf(x.owner)})`);
  const review = nextCustomerReview(plan);
  if (review)
    next.push(
      review.due < asOf
        ? `Customer review overdue since ${review.due} (${review.cadence})`
        : `Next customer review due ${review.due} (${review.cadence})`,
    );
  const renewal = plan.customer_context?.contract?.renewal_date;
  if (isIsoDate(renewal) && renewal >= asOf)
    next.push(
      `Renewal on ${renewal} (in ${daysBetween(asOf, renewal)} days)${remindersFor(plan, asOf)
        .filter((r) => r.kind.startsWith('renewal'))
        .map((r) => `: ${r.subject.replace(/^\[[^\]]*\] /, '')}`)
        .join('')}`,
    );
  return next;
}

/** "Risks to update": each open risk with what it needs, then each overdue milestone that wants a risk. */
function risksToUpdate(v: RefreshView): string[] {
  const risks: string[] = [];
  for (const r of v.plan.risks ?? []) {
    if (r.status === 'closed') continue;
    const rag = effectiveRag(r);
    const needs = [
      !filled(r.mitigation) ? 'needs a mitigation' : '',
      !filled(r.owner) ? 'needs an owner' : '',
      rag === 'red' ? 'RED: review the mitigation with the customer' : '',
    ].filter(Boolean);
    risks.push(
      `${r.id} "${r.title}" (${rag.toUpperCase()}, ${r.status ?? 'open'}${r.owner ? `, ${v.nameOf(r.owner)}` : ''})${needs.length ? `: ${needs.join('; ')}` : ': confirm it still applies'}`,
    );
  }
  for (const x of v.overdue) {
    risks.push(
      `milestone ${x.id} "${x.title}" is ${daysBetween(x.due, v.asOf)} days late: add or update a risk for it`,
    );
  }
  return risks;
}

/** "Value delivered": each success criterion with its linked metrics, then the metrics linked to no criterion. */
function valueDelivered(plan: Plan, asOf: IsoDate): string[] {
  const value: string[] = [];
  const metrics = plan.value_tracking?.metrics ?? [];
  const progress = planValue(plan, asOf);
  for (const c of plan.success_criteria ?? []) {
    const linked = progress.filter((_, i) => metrics[i].linked_to === c.id);
    value.push(
      `${c.id} ${c.criterion}: ${c.status ? c.status.replace(/_/g, ' ') : 'not assessed'} (baseline ${c.baseline ?? '?'}, target ${c.target ?? '?'}${c.due ? `, due ${c.due}` : ''})${linked.map((v) => `; ${progressText(v)}`).join('')}`,
    );
  }
  const criteriaLinked = new Set((plan.success_criteria ?? []).map((c) => c.id));
  progress.forEach((v, i) => {
    const link = metrics[i].linked_to;
    if (!link || !criteriaLinked.has(link)) value.push(progressText(v));
  });
  return value;
}

/** Milestones done this quarter (by completion date, else due date), each with how late it was. */
function doneThisQuarter(v: RefreshView): string[] {
  return v.milestones
    .map((x) => x.milestone)
    .filter((x) => x.status === 'done')
    .map((x) => ({ x, when: isIsoDate(x.completed) ? x.completed : x.due }))
    .filter(({ when }) => isIsoDate(when) && when >= v.since && when <= v.asOf)
    .map(
      ({ x, when }) =>
        `${x.id} "${x.title}" done ${when}${isIsoDate(x.completed) ? '' : ' (its due date)'}${when > x.due ? `, ${daysBetween(x.due, when)} days after it was due` : ''}`,
    );
}

/** Overdue milestones, each with how late it is, its status and its owner. */
function slippedMilestones(v: RefreshView): string[] {
  return v.overdue.map(
    (x) =>
      `${x.id} "${x.title}" was due ${x.due} (${daysBetween(x.due, v.asOf)} days late, ${x.status ?? 'not started'}, ${v.nameOf(x.owner)})`,
  );
}

/** What to ask the customer: their milestones due within 45 days, their open actions and mitigations, a missing renewal date. */
function customerAsks(v: RefreshView): string[] {
  const { plan, asOf, side, nameOf } = v;
  const asks: string[] = [];
  for (const x of v.milestones.map((y) => y.milestone)) {
    if (x.status === 'done' || side(x.owner) !== 'customer' || !isIsoDate(x.due) || x.due > addDaysIso(asOf, 45))
      continue;
    asks.push(`${nameOf(x.owner)}: ${x.title}${x.deliverable ? ` (${x.deliverable})` : ''} by ${x.due}`);
  }
  for (const { action: a } of actionsOf(plan))
    if (a.status !== 'done' && a.status !== 'cancelled' && side(a.who) === 'customer')
      asks.push(`${nameOf(a.who)}: ${a.what}${a.when ? ` by ${a.when}` : ''}`);
  for (const r of plan.risks ?? [])
    if (r.status !== 'closed' && side(r.owner) === 'customer' && filled(r.mitigation))
      asks.push(`${nameOf(r.owner)}: ${r.mitigation} (risk ${r.id})`);
  if (!plan.customer_context?.contract?.renewal_date) asks.push('Confirm the contract renewal date');
  return asks;
}

/** The markdown lines of the internal health section (the score, then each scored component). */
function healthLines(health: RefreshHealth): string[] {
  const md = ['', '## Internal: customer health (do not share)', ''];
  md.push(
    health.score === null
      ? `- No score: ${health.note}`
      : `- Health score ${health.score} (${health.band ?? 'no band'})${health.trend ? `, ${health.trend} (${health.change! > 0 ? '+' : ''}${health.change}) since ${health.previous!.date}` : ''}`,
  );
  for (const c of health.components)
    if (c.score !== null) md.push(`- ${c.name}: ${c.score}${c.trend ? ` (${c.trend})` : ''}`);
  return md;
}

/** The refresh document as markdown, built from its sections. */
function refreshMarkdown(v: RefreshView, r: Omit<Refresh, 'markdown'>, health?: RefreshHealth): string {
  const m = v.plan.meta;
  const { asOf, phases } = r;
  const md: string[] = [];
  const bullet = (items: string[], empty: string) => (items.length ? items.map((i) => `- ${i}`) : [`- ${empty}`]);
  md.push(`# Quarterly refresh: ${m.account_name} (${asOf})`, '');
  md.push(
    `${capital(m.plan_type)} plan, phase ${m.phase} (${m.status}), owner ${m.owner.name} (${m.owner.role}). Last refresh: ${m.last_refresh ?? 'none'}. Looks back to ${v.since}.`,
    '',
  );
  md.push('## Phase completion', '', '| Phase | Dates | Milestones done | State |', '|---|---|---|---|');
  for (const p of phases)
    md.push(
      `| ${p.id} ${esc(p.name)} | ${p.start ?? '?'} to ${p.end ?? '?'} | ${p.done} of ${p.total}${p.overdue ? ` (${p.overdue} overdue)` : ''} | ${p.state} |`,
    );
  if (phases.length === 0) md.push('| (no adoption phases) | | | |');
  md.push(
    '',
    '## What is next',
    '',
    ...bullet(r.next, 'Nothing scheduled: plan the next phase (csp add phase / csp add milestone)'),
  );
  md.push(
    '',
    '## Risks to update',
    '',
    ...bullet(r.risks, 'No open risks: ask the customer what could stop the next phase'),
  );
  md.push(
    '',
    '## QBR talking points',
    '',
    '### Value delivered against the success criteria',
    '',
    ...bullet(r.value, 'No success criteria or value metrics recorded'),
  );
  md.push(
    '',
    '### Milestones done and slipped',
    '',
    '**Done this quarter**',
    '',
    ...bullet(r.done, 'None'),
    '',
    '**Slipped**',
    '',
    ...bullet(r.slipped, 'None'),
  );
  md.push('', '### Asks', '', ...bullet(r.asks, 'None'));
  if (health) md.push(...healthLines(health));
  md.push('', `_Written by csp refresh on ${asOf}; edit freely, csp will not overwrite it._`, '');
  return md.join('\n');
}

/** Builds the refresh of a plan on a date; `health` adds the customer health score to the internal notes. */
export function planRefresh(given: Plan, asOf: IsoDate, health?: RefreshHealth): Refresh {
  const v = refreshView(given, asOf);
  const phases = phaseCompletion(v.plan, asOf);
  const found = {
    account: v.plan.meta.account,
    asOf,
    phases,
    next: whatIsNext(v, phases),
    risks: risksToUpdate(v),
    value: valueDelivered(v.plan, asOf),
    done: doneThisQuarter(v),
    slipped: slippedMilestones(v),
    asks: customerAsks(v),
  };
  return { ...found, markdown: refreshMarkdown(v, found, health) };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const esc = (s: string) => s.replace(/\|/g, '\\|');
