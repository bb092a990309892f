/**
 * The quarterly (and executive) business review as data: the deck `csp qbr` renders as
 * PowerPoint, markdown or PDF. Its sections follow the QBR and EBR templates
 * (shared/data/cs-templates-claude-skills/qbr_template.md, executive_business_review_template.md):
 * executive summary, value delivered, milestones, adoption, risks, renewal timeline, asks. Built
 * from an already prepared (redacted) export view, so the customer deck holds only what the
 * customer export may show; speaker notes are the QBR talking points of `csp refresh`
 * (domain/refresh.ts) computed on the same redacted plan. Health score and its components are
 * for the team only (as in csp refresh). Risk analysis is never shown, to any audience. Pure.
 */
import { addDaysIso, daysBetween, isIsoDate, type IsoDate } from '../domain/dates.js';
import { effectiveRag, isOverdue, milestonesOf, type Plan } from '../domain/plan.js';
import { compareText } from '../domain/compare.js';
import { planRefresh, type Refresh } from '../domain/refresh.js';
import type { HealthScore } from '../customer-health/score.js';
import type { HealthSignals } from '../customer-health/signals.js';
import type { AccountPlan } from '../domain/types.gen.js';
import { buildEbr, type EbrSections } from './ebr.js';
import { decisionLines, nextQuarter, type Decision, type Quarter } from './qbr-common.js';
import { formatNumber, humanize, metricProgress, provenanceText, withUnit, type ExportView } from './view.js';

/** The slides of a QBR, in order; the renderers key their layout on `id`. */
export type QbrSlideId = 'summary' | 'value' | 'milestones' | 'adoption' | 'risks' | 'renewal' | 'asks';
/** The slides only an EBR has (executive_business_review_template.md). */
export type EbrSlideId = 'partnership' | 'strategy' | 'annual' | 'sponsors' | 'roadmap' | 'exec_asks';
/** Any slide of a deck. */
export type SlideId = QbrSlideId | EbrSlideId;

/** One row of value delivered: baseline -> current -> target with the change. */
export interface ValueRow {
  /** The objective the key result belongs to ("obj-1 Move 60% of ..."), when it is one. */
  objective?: string;
  name: string;
  baseline: string;
  current: string;
  target: string;
  /** "+41 percent" since the baseline; empty before the first measurement or for text values. */
  change: string;
  /** Share of the way from baseline to target, 0-100, or null. */
  percent: number | null;
}

/** An adoption signal this quarter against the previous one. */
export interface AdoptionRow {
  name: string;
  previous: string;
  current: string;
  trend: string;
}

/** A renewal step T-120..T-0 with its date and where it stands on the review date. */
export interface RenewalStep {
  ref: string;
  date: IsoDate;
  what: string;
  state: 'past' | 'now' | 'upcoming';
}

/** The deck as data (every string is plain text; each renderer escapes for its format). */
export interface QbrDeck {
  audience: ExportView['audience'];
  kind: 'qbr' | 'ebr';
  title: string;
  account: string;
  accountName: string;
  quarter: Quarter;
  /** The day the deck describes: the quarter's end, or today when the quarter is not over. */
  asOf: IsoDate;
  preparedBy: string;
  provenance: string;
  summary: {
    status: string;
    /** "72.5/100 (yellow), improving": the team's deck only. */
    health?: string;
    theme: string;
    highlights: string[];
    focus: string[];
    decisions: string[];
  };
  value: ValueRow[];
  done: Array<{ id: string; title: string; date: IsoDate; owner: string }>;
  next: Array<{ id: string; title: string; due: IsoDate; owner: string; status: string }>;
  overdue: number;
  adoption: AdoptionRow[];
  indicators: Array<{ name: string; status: string; note: string }>;
  risks: Array<{ id: string; title: string; rag: string; mitigation: string; owner: string; status: string }>;
  renewal: { date: IsoDate; daysLeft: number; steps: RenewalStep[] } | null;
  /** Why there is no renewal slide content (no date, or outside the window). */
  renewalNote?: string;
  asks: string[];
  /** Speaker notes per slide: the talking points csp refresh writes. */
  notes: Record<SlideId | 'title', string[]>;
  /** The executive sections (an EBR only). */
  ebr?: EbrSections;
}

/** The QBR's slide titles, in order (qbr_template.md). */
export const SLIDES: ReadonlyArray<{ id: SlideId; title: string }> = [
  { id: 'summary', title: 'Executive summary' },
  { id: 'value', title: 'Value delivered' },
  { id: 'milestones', title: 'Milestones' },
  { id: 'adoption', title: 'Adoption' },
  { id: 'risks', title: 'Risks and mitigations' },
  { id: 'renewal', title: 'Renewal timeline' },
  { id: 'asks', title: 'Asks and next steps' },
];

/**
 * The EBR's slide titles, in order (executive_business_review_template.md: partnership summary,
 * strategic alignment, value delivered, adoption and engagement, risks, roadmap alignment, renewal
 * outlook, executive-level action items), drawn from what csp records: the plan, its value
 * measurements, health signals, decisions and the fiscal year's account plan.
 */
export const EBR_SLIDES: ReadonlyArray<{ id: SlideId; title: string }> = [
  { id: 'summary', title: 'Executive summary' },
  { id: 'partnership', title: 'Partnership summary' },
  { id: 'strategy', title: 'Strategic alignment and direction' },
  { id: 'value', title: 'Value delivered this quarter' },
  { id: 'annual', title: 'Value over the last four quarters' },
  { id: 'adoption', title: 'Adoption and engagement' },
  { id: 'sponsors', title: 'Executive sponsor alignment' },
  { id: 'roadmap', title: 'Roadmap alignment' },
  { id: 'risks', title: 'Risks and mitigations' },
  { id: 'renewal', title: 'Renewal outlook' },
  { id: 'exec_asks', title: 'Executive asks' },
];

const ALL_SLIDE_IDS: readonly SlideId[] = [...new Set([...SLIDES, ...EBR_SLIDES].map((s) => s.id))];

/** The slides of a deck, in order: the QBR's or the EBR's. */
export function slidesOf(deck: Pick<QbrDeck, 'kind'>): ReadonlyArray<{ id: SlideId; title: string }> {
  return deck.kind === 'ebr' ? EBR_SLIDES : SLIDES;
}

/** The one line a slide shows when it has no data (never an empty table). */
export const EMPTY: Record<SlideId, string> = {
  partnership: 'No contract, seats or renewal date recorded yet.',
  strategy: 'No business objectives or account plan objectives recorded yet.',
  annual: 'No value measurements recorded in the last four quarters.',
  sponsors: 'No executive sponsor or customer executive recorded in the plan.',
  roadmap: 'No adoption phases or account plan milestones recorded yet.',
  exec_asks: 'No executive asks this quarter.',
  summary: 'No highlights recorded this quarter.',
  value: 'No objectives with key results or value metrics recorded yet.',
  milestones: 'No milestones done this quarter or due next quarter.',
  adoption: 'No adoption signals recorded yet (csp signal, or health indicators in the plan).',
  risks: 'No open risks.',
  renewal: 'No renewal date recorded.',
  asks: 'No asks this quarter.',
};

/** The usage signals an adoption slide shows (customer-safe: no support, satisfaction or financial signals). */
const ADOPTION_SIGNALS: ReadonlyArray<[key: string, label: string, unit: string]> = [
  ['active_users', 'Active users', ''],
  ['licensed_users', 'Licensed users', ''],
  ['feature_adoption', 'Feature adoption', '%'],
  ['logins_per_week', 'Logins per user per week', ''],
  ['usage_events', 'Usage events', ''],
];

/** What the deck is built from, besides the prepared view. */
export interface QbrInput {
  view: ExportView;
  quarter: Quarter;
  kind?: 'qbr' | 'ebr';
  /** The account's health_signals.yaml, when it has one. */
  signals?: Pick<HealthSignals, 'signals'>;
  /** The health score on asOf (internal audience only; ignored for the customer). */
  health?: HealthScore;
  /** The decision log's decisions, already redacted for the audience. */
  decisions?: Decision[];
  /** The account plan of the quarter's fiscal year, already redacted for the audience (an EBR reads it). */
  accountPlan?: AccountPlan;
}

/** Builds the deck (an EBR adds the executive sections of ebr.ts). */
export function buildQbr(input: QbrInput): QbrDeck {
  const { view, quarter } = input;
  const plan: Plan = view.plan;
  const asOf = quarter.end < view.provenance.generatedOn ? quarter.end : view.provenance.generatedOn;
  const next = nextQuarter(quarter);
  const kind = input.kind ?? 'qbr';
  const refresh = planRefresh(plan, asOf);
  const { done, upcoming, overdue } = milestoneLists(view, quarter, next, asOf);
  const risks = openRisks(view);
  const value = valueRows(view, asOf);
  const health = healthText(view, input.health);
  const summary = {
    status: relationshipStatus(risks, overdue.length),
    health,
    ...summaryLines(done, overdue, risks, value, refresh),
    decisions: decisionLines(view, input.decisions, quarter.start, quarter.end),
  };
  const { renewal, renewalNote } = renewalTimeline(plan, quarter, next, asOf);
  const owner = plan.meta.owner
    ? `${plan.meta.owner.name}${plan.meta.owner.role ? ` (${plan.meta.owner.role})` : ''}`
    : '';
  const deck: QbrDeck = {
    audience: view.audience,
    kind,
    title: `${kind === 'ebr' ? 'Executive Business Review' : 'Quarterly Business Review'}: ${plan.meta.account_name}`,
    account: plan.meta.account,
    accountName: plan.meta.account_name,
    quarter,
    asOf,
    preparedBy: owner,
    provenance: provenanceText(view.provenance),
    summary,
    value,
    done,
    next: upcoming,
    overdue: overdue.length,
    adoption: adoptionRows(input.signals, quarter, asOf),
    indicators: (plan.value_tracking?.health_indicators ?? []).map((h) => ({
      name: h.name,
      status: humanize(h.status),
      note: h.note ?? '',
    })),
    risks,
    renewal,
    renewalNote,
    asks: refresh.asks,
    notes: speakerNotes(kind, quarter, asOf, refresh, renewal, health, input.health),
  };
  if (kind === 'ebr') deck.ebr = buildEbr(input, deck, refresh);
  return deck;
}

/** Milestones done this quarter, open ones due by the end of next quarter (and overdue ones), and the overdue ones. */
function milestoneLists(view: ExportView, quarter: Quarter, next: Quarter, asOf: IsoDate) {
  const located = milestonesOf(view.plan).map((x) => x.milestone);
  const done = located
    .filter((m) => m.status === 'done')
    .map((m) => ({ m, when: isIsoDate(m.completed) ? m.completed : m.due }))
    .filter(({ when }) => isIsoDate(when) && when >= quarter.start && when <= quarter.end)
    .sort((a, b) => compareText(a.when, b.when))
    .map(({ m, when }) => ({ id: m.id, title: m.title, date: when, owner: view.person(m.owner) }));
  const overdue = located.filter((m) => isOverdue(m, asOf));
  const upcoming = located
    .filter(
      (m) =>
        m.status !== 'done' &&
        isIsoDate(m.due) &&
        ((m.due >= next.start && m.due <= next.end) || isOverdue(m, asOf) || (m.due > asOf && m.due <= quarter.end)),
    )
    .sort((a, b) => compareText(a.due, b.due))
    .map((m) => ({
      id: m.id,
      title: m.title,
      due: m.due,
      owner: view.person(m.owner),
      status: humanize(isOverdue(m, asOf) ? 'overdue' : (m.status ?? 'not_started')),
    }));
  return { done, upcoming, overdue };
}

/** The open risks with their mitigation (never the analysis). */
function openRisks(view: ExportView): QbrDeck['risks'] {
  return (view.plan.risks ?? [])
    .filter((r) => r.status !== 'closed')
    .map((r) => ({
      id: r.id,
      title: r.title,
      rag: humanize(effectiveRag(r)),
      mitigation: r.mitigation ?? '',
      owner: view.person(r.owner),
      status: humanize(r.status ?? 'open'),
    }));
}

/** At risk (a red risk or two overdue milestones), needs attention (one overdue, or an amber risk), else on track. */
function relationshipStatus(risks: QbrDeck['risks'], overdue: number): string {
  if (risks.some((r) => r.rag === 'Red') || overdue >= 2) return 'At risk';
  return overdue > 0 || risks.some((r) => r.rag === 'Amber') ? 'Needs attention' : 'On track';
}

/** The key theme, the highlights and the areas of focus of the executive summary. */
function summaryLines(
  done: QbrDeck['done'],
  overdue: ReturnType<typeof milestonesOf>[number]['milestone'][],
  risks: QbrDeck['risks'],
  value: ValueRow[],
  refresh: Refresh,
): Pick<QbrDeck['summary'], 'theme' | 'highlights' | 'focus'> {
  const measured = value.filter((v) => v.percent !== null);
  const onWay = measured.filter((v) => (v.percent ?? 0) >= 50).length;
  const currentPhase = refresh.phases.find((p) => p.total > p.done);
  const theme = [
    `${done.length} milestone${done.length === 1 ? '' : 's'} done this quarter`,
    measured.length
      ? `${onWay} of ${measured.length} measured outcome${measured.length === 1 ? '' : 's'} at least half way to target`
      : 'value not measured yet',
    currentPhase ? `now in ${currentPhase.name}` : undefined,
  ]
    .filter(Boolean)
    .join('; ');
  const highlights = [
    ...done.slice(0, 3).map((d) => `${d.title} (${d.date})`),
    ...value.filter((v) => (v.percent ?? 0) >= 100).map((v) => `${v.name}: target reached (${v.current})`),
  ].slice(0, 5);
  const focus = [
    ...overdue.slice(0, 2).map((m) => `${m.title}: due ${m.due}, overdue`),
    ...risks.filter((r) => r.rag === 'Red').map((r) => `Risk: ${r.title}`),
    ...(currentPhase
      ? [`Complete ${currentPhase.name} (${currentPhase.done} of ${currentPhase.total} milestones done)`]
      : []),
  ].slice(0, 4);
  return { theme, highlights, focus };
}

/** "72.5/100 (yellow), improving (+3)": the team's deck only. */
function healthText(view: ExportView, h: HealthScore | undefined): string | undefined {
  if (view.audience !== 'internal' || !h || h.score === null) return undefined;
  const trend = h.trend
    ? `, ${h.trend}${h.change !== null ? ` (${h.change > 0 ? '+' : ''}${formatNumber(h.change)})` : ''}`
    : '';
  return `${formatNumber(h.score)}/100${h.band ? ` (${h.band})` : ''}${trend}`;
}

/** Speaker notes per slide: the csp refresh talking points (and, on the team's deck, the health score). */
function speakerNotes(
  kind: QbrDeck['kind'],
  quarter: Quarter,
  asOf: IsoDate,
  refresh: Refresh,
  renewal: QbrDeck['renewal'],
  health: string | undefined,
  score: HealthScore | undefined,
): QbrDeck['notes'] {
  const notes = Object.fromEntries([...ALL_SLIDE_IDS, 'title'].map((id) => [id, [] as string[]])) as QbrDeck['notes'];
  notes.title = [
    `${kind === 'ebr' ? 'Executive business review' : 'Quarterly business review'} for ${quarter.label}, as of ${asOf}.`,
  ];
  notes.summary = refresh.next;
  notes.value = refresh.value;
  notes.milestones = [...refresh.done.map((d) => `Done: ${d}`), ...refresh.slipped.map((s) => `Slipped: ${s}`)];
  notes.risks = refresh.risks;
  notes.renewal = renewal ? [`Renewal on ${renewal.date}, ${renewal.daysLeft} days after ${asOf}.`] : [];
  notes.asks = refresh.asks;
  notes.exec_asks = refresh.asks;
  if (health && score)
    notes.adoption.push(
      `Internal: health score ${health}.`,
      ...score.components
        .filter((c) => c.score !== null)
        .map((c) => `${c.name}: ${c.score}${c.trend ? ` (${c.trend})` : ''}`),
    );
  return notes;
}

/** Value delivered: each key result (with its linked metric's latest measurement), then the metrics no key result names. */
function valueRows(view: ExportView, asOf: IsoDate): ValueRow[] {
  const metrics = view.plan.value_tracking?.metrics ?? [];
  const progress = metrics.map((m) => metricProgress(m, asOf));
  const used = new Set<number>();
  const rows: ValueRow[] = [];
  const row = (
    name: string,
    unit: string | undefined,
    baseline: unknown,
    target: unknown,
    i: number,
    objective?: string,
    own?: unknown,
  ): ValueRow => {
    const p = i >= 0 ? progress[i] : undefined;
    const latest = p?.latest?.value;
    const current = own !== undefined && own !== null && own !== '' ? own : latest;
    const change =
      typeof current === 'number' && typeof baseline === 'number'
        ? `${current - baseline > 0 ? '+' : ''}${withUnit(Math.round((current - baseline) * 100) / 100, unit) || '0'}`
        : '';
    let percent = p?.percent ?? null;
    if (
      p === undefined &&
      typeof current === 'number' &&
      typeof baseline === 'number' &&
      typeof target === 'number' &&
      target !== baseline
    )
      percent = Math.round(Math.min(100, Math.max(0, ((current - baseline) / (target - baseline)) * 100)));
    return {
      objective,
      name,
      baseline: withUnit(baseline as number | string | undefined, unit),
      current:
        current === undefined
          ? 'not measured yet'
          : `${withUnit(current as number | string, unit)}${p?.latest && current === latest ? ` (${p.latest.date})` : ''}`,
      target: withUnit(target as number | string | undefined, unit),
      change,
      percent: current === undefined ? null : percent,
    };
  };
  for (const obj of view.plan.business_outcomes?.objectives ?? []) {
    for (const kr of obj.key_results ?? []) {
      const i = metrics.findIndex((m) => m.linked_to === kr.id);
      if (i >= 0) used.add(i);
      rows.push(
        row(
          kr.metric,
          kr.unit ?? (i >= 0 ? metrics[i].unit : undefined),
          kr.baseline ?? metrics[i]?.baseline,
          kr.target ?? metrics[i]?.target,
          i,
          `${obj.id} ${obj.statement}`,
          kr.current,
        ),
      );
    }
  }
  metrics.forEach((m, i) => {
    if (!used.has(i)) rows.push(row(m.name, m.unit, m.baseline, m.target, i));
  });
  return rows;
}

/** Usage signals: the latest value on or before the quarter's end (asOf) against the latest before the quarter. */
function adoptionRows(signals: QbrInput['signals'], quarter: Quarter, asOf: IsoDate): AdoptionRow[] {
  const entries = [...(signals?.signals ?? [])]
    .filter((s) => isIsoDate(s.date))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const latest = (key: string, until: IsoDate, from?: IsoDate) => {
    for (let i = entries.length - 1; i >= 0; i--) {
      const e = entries[i];
      if (e.date > until || (from && e.date < from)) continue;
      const v = (e.values as Record<string, unknown>)[key];
      if (typeof v === 'number') return v;
    }
    return undefined;
  };
  const before = addDaysIso(quarter.start, -1);
  const rows: AdoptionRow[] = [];
  for (const [key, label, unit] of ADOPTION_SIGNALS) {
    const now = latest(key, asOf, quarter.start);
    if (now === undefined) continue;
    const prev = latest(key, before);
    const show = (n: number | undefined) => (n === undefined ? 'n/a' : `${formatNumber(n)}${unit}`);
    rows.push({
      name: label,
      previous: show(prev),
      current: show(now),
      trend: prev === undefined ? 'new' : now > prev ? 'up' : now < prev ? 'down' : 'stable',
    });
  }
  const users = latest('active_users', asOf, quarter.start);
  const seats = latest('licensed_users', asOf, quarter.start);
  if (users !== undefined && seats) {
    const pu = latest('active_users', before);
    const ps = latest('licensed_users', before);
    const now = Math.round((users / seats) * 100);
    const prev = pu !== undefined && ps ? Math.round((pu / ps) * 100) : undefined;
    rows.push({
      name: 'Seat utilisation',
      previous: prev === undefined ? 'n/a' : `${prev}%`,
      current: `${now}%`,
      trend: prev === undefined ? 'new' : now > prev ? 'up' : now < prev ? 'down' : 'stable',
    });
  }
  return rows;
}

const RENEWAL_STEPS: ReadonlyArray<[ref: string, offset: number, what: string]> = [
  ['T-120', -120, 'Renewal kickoff and ROI documented'],
  ['T-90', -90, 'Executive engagement and the renewal QBR'],
  ['T-60', -60, 'Renewal proposal with renewal and expansion options'],
  ['T-30', -30, 'Contract in signature'],
  ['T-0', 0, 'Renewal date: next-term goals set'],
];

/** The renewal timeline (reminders.ts, SPEC renewal timeline) when the renewal falls in its window: T-120 before the end of next quarter, renewal not before this quarter. */
function renewalTimeline(
  plan: Plan,
  quarter: Quarter,
  next: Quarter,
  asOf: IsoDate,
): { renewal: QbrDeck['renewal']; renewalNote?: string } {
  const date = plan.customer_context?.contract?.renewal_date;
  if (!isIsoDate(date)) return { renewal: null };
  if (date < quarter.start)
    return {
      renewal: null,
      renewalNote: `The renewal date on record (${date}) is before this quarter: record the next one.`,
    };
  if (addDaysIso(date, -120) > next.end)
    return {
      renewal: null,
      renewalNote: `Renewal on ${date}: the T-120 renewal timeline starts ${addDaysIso(date, -120)}, after next quarter.`,
    };
  const dates = RENEWAL_STEPS.map(([, offset]) => addDaysIso(date, offset));
  const steps = RENEWAL_STEPS.map(([ref, , what], i): RenewalStep => {
    const until = i + 1 < dates.length ? dates[i + 1] : addDaysIso(date, 1);
    return { ref, date: dates[i], what, state: asOf >= until ? 'past' : asOf >= dates[i] ? 'now' : 'upcoming' };
  });
  return { renewal: { date, daysLeft: daysBetween(asOf, date), steps } };
}

/** Every text of the deck, for the secret check and for tests. */
export function deckTexts(deck: QbrDeck): string[] {
  const out: string[] = [];
  const visit = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(deck);
  return out;
}

export { decisionLines, nextQuarter, parseQuarter, quarterOf, type Decision, type Quarter } from './qbr-common.js';
