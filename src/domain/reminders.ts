/**
 * Reminders and escalations (SPEC "Health and reminders"; reference/001 "Workflow Automation" and
 * "Customer Review Cadence"; reference/002 "Renewal Timeline"), computed for an as-of date.
 *
 * Each rule yields events: a reminder fires on a date and stays outstanding until the next step
 * of the same rule supersedes it or the plan shows it was done. `remindersFor` lists what is
 * outstanding on the as-of date (each flagged `new` on the day it fires, so a daily cron can
 * post each reminder once); `upcomingReminders` lists what will fire in the next days as things
 * stand (for a calendar file).
 *
 * | kind | fires on | to | outstanding until |
 * |---|---|---|---|
 * | stale-review | meta.updated + 30 days | owner | the plan is updated (post-sales: the escalation at 60) |
 * | stale-escalation | meta.updated + 60 days, post-sales | manager | the plan is updated |
 * | milestone-7d / -1d / -due | due - 7, due - 1, due | milestone owner | the next step, or done |
 * | milestone-missed | due + 8 (missed by more than a week) | manager | done |
 * | value-review | monthly on the account anniversary, post-sales | owner | a value measurement on or after it, or the next month |
 * | quarterly-refresh | every 3 months from the anniversary, post-sales | owner | meta.last_refresh on or after it, or the next quarter |
 * | customer-review | the first review due after the last one, by the phase's cadence | owner | a customer review |
 * | renewal-t120 ... renewal-t0 | renewal date - 120, - 90, - 60, - 30, and the date itself | owner | the next step; nothing after the renewal date |
 *
 * The anniversary is the contract start, else the handoff acceptance, else Closed Won, else the
 * plan start. The review cadence: each major milestone pre-sales; every two weeks in
 * implementation (before go-live: customer_context.go_live, else the end of the adoption phase
 * named Implementation); monthly after go-live until the adoption journey ends; quarterly after.
 * Pure: plan and date in, reminders out.
 */
import { planAsOf } from './as-of.js';
import { addDaysIso, addMonthsIso, daysBetween, isIsoDate, type IsoDate } from './dates.js';
import { HEALTH_DAYS, lastReview } from './plan-health.js';
import { milestonesOf, peopleOf, type Plan } from './plan.js';
import { DUE_SOON_DAYS } from './portfolio.js';
import { compareText } from './compare.js';

/** Every kind of reminder, in the order a person reads them. */
export const REMINDER_KINDS = [
  'stale-review',
  'stale-escalation',
  'milestone-7d',
  'milestone-1d',
  'milestone-due',
  'milestone-missed',
  'value-review',
  'quarterly-refresh',
  'customer-review',
  'renewal-t120',
  'renewal-t90',
  'renewal-t60',
  'renewal-t30',
  'renewal-t0',
] as const;

/** A kind of reminder. */
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** One reminder or escalation. */
export interface Reminder {
  kind: ReminderKind;
  account: string;
  accountName: string;
  /** The day it fires (YYYY-MM-DD). */
  date: IsoDate;
  /** It fires on the as-of date (a daily job posts only these). */
  new: boolean;
  /** An escalation to the manager rather than a reminder to the owner. */
  escalation: boolean;
  /** Who it is for. */
  to: string;
  /** One line. */
  subject: string;
  /** What to do, with the csp command that does it. */
  detail: string;
  /** The milestone, metric or step it is about. */
  ref?: string;
  /** When the thing itself is due (a milestone, the review, the renewal). */
  due?: IsoDate;
}

/** Team settings reminders depend on. */
export interface ReminderOptions {
  /** Who escalations go to (config escalate_to); default: "<owner>'s manager". */
  escalateTo?: string;
}

/**
 * The thresholds, in days (SPEC "Health and reminders"): staleness from health.ts HEALTH_DAYS (a
 * review at 30, the escalation at 60), "due soon" from portfolio.ts DUE_SOON_DAYS.
 */
export const REMINDER_DAYS = {
  stale: HEALTH_DAYS.stale,
  escalate: HEALTH_DAYS.atRisk,
  milestoneSoon: DUE_SOON_DAYS,
  milestoneTomorrow: 1,
  missedAfter: 7,
  biweekly: 14,
} as const;

/** A reminder the rules produce, with when it stops being outstanding. */
interface Event extends Omit<Reminder, 'new'> {
  /** First day it is no longer outstanding (superseded); undefined: until closed. */
  until?: IsoDate;
  /** Closed by what the plan records. */
  closed?: boolean;
}

/** The reminders outstanding on asOf, escalations first, then by date. */
export function remindersFor(plan: Plan, asOf: IsoDate, options: ReminderOptions = {}): Reminder[] {
  // NOTE: what is dated after asOf (a review, a measurement, a completion) had not happened yet then (as-of.ts).
  return events(planAsOf(plan, asOf), asOf, asOf, options)
    .filter((e) => e.date <= asOf && !e.closed && (e.until === undefined || e.until > asOf))
    .map((e) => finish(e, asOf))
    .sort(order);
}

/** The reminders that will fire after asOf, up to `days` days later, as the plan stands today, by date. */
export function upcomingReminders(plan: Plan, asOf: IsoDate, days: number, options: ReminderOptions = {}): Reminder[] {
  const last = addDaysIso(asOf, days);
  return events(planAsOf(plan, asOf), asOf, last, options)
    .filter((e) => e.date > asOf && e.date <= last && !e.closed)
    .map((e) => finish(e, asOf))
    .sort((a, b) => compareText(a.date, b.date) || order(a, b));
}

function finish(e: Event, asOf: IsoDate): Reminder {
  const { until: _until, closed: _closed, ...rest } = e;
  return { ...rest, new: e.date === asOf };
}

function order(a: Reminder, b: Reminder): number {
  return (
    Number(b.escalation) - Number(a.escalation) ||
    compareText(a.date, b.date) ||
    compareText(a.account, b.account) ||
    REMINDER_KINDS.indexOf(a.kind) - REMINDER_KINDS.indexOf(b.kind) ||
    compareText(a.ref ?? '', b.ref ?? '')
  );
}

const phrase = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** What every reminder rule reads: the plan (as of asOf), the dates, and who is reminded. */
interface RuleInput {
  plan: Plan;
  m: Plan['meta'];
  asOf: IsoDate;
  /** Recurring events are generated up to this date. */
  horizon: IsoDate;
  owner: string;
  manager: string;
  base: { account: string; accountName: string };
  /** `[Account name]`, the subject's prefix. */
  tag: string;
  postSales: boolean;
}

/** Every event the plan's rules produce up to `horizon` (recurring ones are generated that far): one function per rule. */
function events(plan: Plan, asOf: IsoDate, horizon: IsoDate, options: ReminderOptions): Event[] {
  const m = plan.meta;
  const owner = m.owner?.name ?? 'the plan owner';
  const input: RuleInput = {
    plan,
    m,
    asOf,
    horizon,
    owner,
    manager: options.escalateTo ?? `${owner}'s manager`,
    base: { account: m.account, accountName: m.account_name },
    tag: `[${m.account_name}]`,
    postSales: m.phase === 'execute',
  };
  return RULES.flatMap((rule) => rule(input));
}

/** Stale plan: review at 30 days, escalation at 60 post-sales. */
function staleEvents({ m, asOf, owner, manager, tag, postSales, base }: RuleInput): Event[] {
  const out: Event[] = [];
  if (isIsoDate(m.updated)) {
    const review = addDaysIso(m.updated, REMINDER_DAYS.stale);
    const escalate = addDaysIso(m.updated, REMINDER_DAYS.escalate);
    out.push({
      ...base,
      kind: 'stale-review',
      date: review,
      escalation: false,
      to: owner,
      subject: `${tag} plan not updated since ${m.updated}: review it`,
      detail: `The plan was last updated ${phrase(Math.max(0, daysBetween(m.updated, asOf)), 'day')} ago. Review milestones, risks and value, then record what changed with the set, add and track-value commands (a value: csp track-value ${m.account} --metric <id> --value <n>).`,
      ...(postSales ? { until: escalate } : {}),
    });
    if (postSales) {
      out.push({
        ...base,
        kind: 'stale-escalation',
        date: escalate,
        escalation: true,
        to: manager,
        subject: `${tag} escalation: plan not updated for ${REMINDER_DAYS.escalate}+ days after the handoff`,
        detail: `${owner} has not updated the plan since ${m.updated}. Ask for a review this week (csp status ${m.account}).`,
      });
    }
  }

  return out;
}

/** Milestones: 7 days before, the day before, the due date, missed by more than a week. */
function milestoneEvents({ plan, m, asOf, owner, manager, tag, base }: RuleInput): Event[] {
  const out: Event[] = [];
  const people = peopleOf(plan);
  for (const { milestone: ms } of milestonesOf(plan)) {
    if (ms.status === 'done' || !isIsoDate(ms.due)) continue;
    const who = (ms.owner && people.resolve(ms.owner)?.name) || owner;
    const what = `milestone ${ms.id} "${ms.title}"`;
    const d = ms.due;
    const common = { ...base, ref: ms.id, due: d, to: who, escalation: false };
    const until = (days: number) => addDaysIso(d, days);
    out.push({
      ...common,
      kind: 'milestone-7d',
      date: until(-REMINDER_DAYS.milestoneSoon),
      until: until(-REMINDER_DAYS.milestoneTomorrow),
      subject: `${tag} ${what} is due in ${phrase(Math.max(0, daysBetween(asOf, d)), 'day')} (${d})`,
      detail: `Check it is on track with ${who}; mark it done with csp set ${m.account} ${ms.id}.status done.`,
    });
    out.push({
      ...common,
      kind: 'milestone-1d',
      date: until(-REMINDER_DAYS.milestoneTomorrow),
      until: d,
      subject: `${tag} ${what} is due tomorrow (${d})`,
      detail: `Confirm the deliverable${ms.deliverable ? ` (${ms.deliverable})` : ''} with ${who}.`,
    });
    out.push({
      ...common,
      kind: 'milestone-due',
      date: d,
      until: until(REMINDER_DAYS.missedAfter + 1),
      subject: `${tag} ${what} is due ${d === asOf ? 'today' : `since ${d}`}`,
      detail: `Record the outcome: csp set ${m.account} ${ms.id}.status done (or blocked / missed, with a new date).`,
    });
    out.push({
      ...common,
      kind: 'milestone-missed',
      date: until(REMINDER_DAYS.missedAfter + 1),
      escalation: true,
      to: manager,
      subject: `${tag} escalation: ${what} missed by more than a week (due ${d})`,
      detail: `${who} owns it. Agree a recovery date with the customer and record it, or mark it missed (csp set ${m.account} ${ms.id}.status missed).`,
    });
  }

  return out;
}

/** Post-sales rhythm: monthly value review and quarterly refresh on the account anniversary. */
function rhythmEvents({ plan, m, asOf, horizon, owner, tag, postSales, base }: RuleInput): Event[] {
  const out: Event[] = [];
  const anniversary = anniversaryOf(plan);
  if (postSales && anniversary) {
    const measured = (plan.value_tracking?.metrics ?? [])
      .flatMap((vm) => (vm.measurements ?? []).map((x) => x.date))
      .filter(isIsoDate)
      .sort();
    const lastMeasured = measured.pop();
    const metrics = (plan.value_tracking?.metrics ?? []).map((vm) => vm.id);
    for (let k = 1; ; k++) {
      const date = addMonthsIso(anniversary, k);
      if (date > horizon) break;
      // NOTE: a review whose successor fired on or before asOf is over; only the current and later ones matter.
      if (addMonthsIso(anniversary, k + 1) > asOf) {
        out.push({
          ...base,
          kind: 'value-review',
          date,
          until: addMonthsIso(anniversary, k + 1),
          closed: lastMeasured !== undefined && lastMeasured >= date,
          escalation: false,
          to: owner,
          subject: `${tag} monthly value review (account anniversary: day ${Number(anniversary.slice(8))} of the month)`,
          detail:
            metrics.length > 0
              ? `Record this month's values: csp track-value ${m.account} --metric ${metrics[0]} --value <n>${metrics.length > 1 ? ` (metrics: ${metrics.join(', ')})` : ''}.`
              : `The plan has no value metrics: add one with csp add metric ${m.account} --name "..." --baseline <n> --target <n>.`,
        });
      }
      if (k % 3 === 0 && addMonthsIso(anniversary, k + 3) > asOf) {
        out.push({
          ...base,
          kind: 'quarterly-refresh',
          date,
          until: addMonthsIso(anniversary, k + 3),
          closed: isIsoDate(m.last_refresh) && m.last_refresh >= date,
          escalation: false,
          to: owner,
          subject: `${tag} quarterly plan refresh due`,
          detail: `Review every section, assess phase completion, plan the next phase, update risks and prepare the QBR: csp refresh ${m.account}.`,
        });
      }
    }
  }

  return out;
}

/** Customer review by the cadence of the phase (reference/001 "Customer Review Cadence"). */
function customerReviewEvents({ plan, m, owner, tag, base }: RuleInput): Event[] {
  const out: Event[] = [];
  const review = nextCustomerReview(plan);
  if (review) {
    const last = lastReview(plan);
    out.push({
      ...base,
      kind: 'customer-review',
      date: review.due,
      due: review.due,
      escalation: false,
      to: owner,
      subject: `${tag} customer review due (${review.cadence})`,
      detail: `${last ? `Last review: ${last}.` : 'The customer has not reviewed the plan yet.'} Review it with the customer and record it: csp review ${m.account} --customer "<name>".`,
    });
  }

  return out;
}

/** Renewal timeline (reference/002 "Renewal Timeline", SPEC). */
function renewalEvents({ plan, m, owner, tag, base }: RuleInput): Event[] {
  const out: Event[] = [];
  const renewal = plan.customer_context?.contract?.renewal_date;
  if (isIsoDate(renewal)) {
    const steps: Array<[ReminderKind, number, string, string]> = [
      [
        'renewal-t120',
        -120,
        'T-120: internal renewal kickoff and ROI documentation',
        m.plan_type === 'renewal'
          ? `Document ROI and renewal risks (csp refresh ${m.account}).`
          : `Start the renewal plan: csp renew ${m.account} (adds the T-120 to T-0 milestones from the renewal playbook).`,
      ],
      [
        'renewal-t90',
        -90,
        'T-90: executive engagement and the renewal QBR',
        `Hold the QBR with the executive sponsor: csp refresh ${m.account} prepares the talking points.`,
      ],
      ['renewal-t60', -60, 'T-60: renewal proposal', 'Deliver the proposal with renewal and expansion options.'],
      ['renewal-t30', -30, 'T-30: contract execution', 'Get the contract into signature.'],
      [
        'renewal-t0',
        0,
        'T-0: renewal date',
        `Celebrate the renewal and set next-term goals; move the renewal date: csp set ${m.account} customer_context.contract.renewal_date YYYY-MM-DD.`,
      ],
    ];
    steps.forEach(([kind, offset, what, todo], i) => {
      const date = addDaysIso(renewal, offset);
      const until = i + 1 < steps.length ? addDaysIso(renewal, steps[i + 1][1]) : addDaysIso(renewal, 1);
      out.push({
        ...base,
        kind,
        date,
        until,
        due: renewal,
        escalation: false,
        to: owner,
        ref: `T${offset === 0 ? '-0' : offset}`,
        subject: `${tag} ${what} (renewal ${renewal})`,
        detail: todo,
      });
    });
  }
  return out;
}

/** The reminder rules, in the order their events are listed. */
const RULES: ReadonlyArray<(input: RuleInput) => Event[]> = [
  staleEvents,
  milestoneEvents,
  rhythmEvents,
  customerReviewEvents,
  renewalEvents,
];

/** The account anniversary: contract start, else handoff acceptance, else Closed Won, else plan start. */
export function anniversaryOf(plan: Plan): IsoDate | null {
  const candidates = [
    plan.customer_context?.contract?.start,
    plan.handoff?.accepted_date,
    plan.meta.closed_won_date,
    plan.meta.plan_start,
  ];
  return candidates.find(isIsoDate) ?? null;
}

/** Where a post-sales account is in its review cadence, and how often the customer reviews the plan then. */
export function reviewCadence(
  plan: Plan,
  date: IsoDate,
): { stage: 'pre-sales' | 'implementation' | 'post go-live' | 'steady state'; label: string } {
  if (plan.meta.phase !== 'execute') return { stage: 'pre-sales', label: 'at each major milestone pre-sales' };
  const goLive = goLiveOf(plan);
  const journeyEnd = [...(plan.adoption_journey?.phases ?? []).map((p) => p.end), plan.meta.plan_end]
    .filter(isIsoDate)
    .sort()
    .pop();
  if (goLive && date < goLive) return { stage: 'implementation', label: `every two weeks until go-live on ${goLive}` };
  if (!journeyEnd || date <= journeyEnd) return { stage: 'post go-live', label: 'monthly after go-live' };
  return { stage: 'steady state', label: 'quarterly in steady state' };
}

/** Go-live: customer_context.go_live, else the end of the adoption phase named Implementation. */
export function goLiveOf(plan: Plan): IsoDate | null {
  const set = plan.customer_context?.go_live;
  if (isIsoDate(set)) return set;
  const phase = (plan.adoption_journey?.phases ?? []).find((p) => /implement/i.test(p.name));
  return phase && isIsoDate(phase.end) ? phase.end : null;
}

/** The next customer review due after the last one (or after the handoff / plan start), by the cadence. */
export function nextCustomerReview(plan: Plan): { due: IsoDate; cadence: string } | null {
  const last = lastReview(plan);
  if (plan.meta.phase !== 'execute') {
    const major = milestonesOf(plan)
      .map((x) => x.milestone)
      .filter((ms) => ms.major && isIsoDate(ms.due) && (!last || ms.due > last))
      .map((ms) => ms.due)
      .sort()[0];
    return major ? { due: major, cadence: 'at each major milestone pre-sales' } : null;
  }
  const from = last ?? [plan.handoff?.accepted_date, plan.meta.plan_start].find(isIsoDate);
  if (!from) return null;
  const cadence = reviewCadence(plan, from);
  const due =
    cadence.stage === 'implementation'
      ? addDaysIso(from, REMINDER_DAYS.biweekly)
      : addMonthsIso(from, cadence.stage === 'post go-live' ? 1 : 3);
  return { due, cadence: cadence.label };
}
