/**
 * What the export formats show, computed once from an already redacted plan: provenance (plan
 * version, date, git commit), the timeline of phases and milestones, value metric progress from
 * baseline to target, and the RACI grid. The markdown and HTML renderers only lay this out.
 * Pure.
 */
import { addDaysIso, isIsoDate, type IsoDate } from '../domain/dates.js';
import { isOverdue, peopleOf, type Plan } from '../domain/plan.js';
import { valueProgress } from '../domain/value.js';
import type { ValueMetric } from '../domain/types.gen.js';
import type { Audience } from './redact.js';

/** Where an export comes from: printed on every export so a reader can tell versions apart. */
export interface Provenance {
  /** The day the export was made. */
  generatedOn: IsoDate;
  /** The latest snapshot number in csp_history (csp_v<N>_...), null when there is none yet. */
  version: number | null;
  /** HEAD's short hash in the InfoHub's repository; null outside git or before the first commit. */
  commit: string | null;
  /** True when csp.yaml differs from HEAD (edited, staged, or never committed). */
  uncommitted: boolean;
  /** False when the InfoHub is not in a git repository. */
  inGit: boolean;
}

/** One section of the timeline: an adoption phase with its bar and its milestones. */
export interface TimelineSection {
  id: string;
  name: string;
  /** The phase's bar; undefined when the phase has no dates. */
  bar?: { start: IsoDate; end: IsoDate };
  goal?: string;
  milestones: Array<{ id: string; title: string; due: IsoDate; status: string; owner?: string }>;
}

/** The adoption journey as a chart: sections in plan order and the date range they span. */
export interface Timeline {
  sections: TimelineSection[];
  /** First and last day shown; undefined when nothing has a date. */
  range?: { from: IsoDate; to: IsoDate };
}

/** A value metric's progress from baseline to target. */
export interface MetricProgress {
  id: string;
  name: string;
  unit: string;
  baseline?: number | string;
  target?: number | string;
  /** The latest measurement by date. */
  latest?: { date: IsoDate; value: number; note?: string };
  /** Share of the way from baseline to target, 0-100 (clamped); null when baseline or target is not a number. */
  percent: number | null;
  trend: 'improving' | 'declining' | 'flat' | null;
}

/** The RACI matrix as a grid: one row per activity, one column per role (in order of first use). */
export interface RaciGrid {
  roles: string[];
  rows: Array<{ activity: string; cells: string[] }>;
}

/** Everything a renderer needs. */
export interface ExportView {
  audience: Audience;
  /** The plan as the audience may read it (redacted for the customer). */
  plan: Plan;
  provenance: Provenance;
  /** The name to show for a person reference (stakeholder id, name or the owner), or the reference itself. */
  person(ref: string | undefined | null): string;
  timeline: Timeline;
  metrics: MetricProgress[];
  raci: RaciGrid;
}

/** Builds the view of a (redacted) plan. */
export function buildView(plan: Plan, audience: Audience, provenance: Provenance): ExportView {
  const people = peopleOf(plan);
  return {
    audience,
    plan,
    provenance,
    person: (ref) => (ref ? (people.resolve(ref)?.name ?? ref) : ''),
    timeline: buildTimeline(plan, people, provenance.generatedOn),
    // NOTE: progress as of the day of the export: a reading dated later (hand-edited) has not happened yet (domain/as-of.ts).
    metrics: (plan.value_tracking?.metrics ?? []).map((m) => metricProgress(m, provenance.generatedOn)),
    raci: raciGrid(plan),
  };
}

/**
 * A milestone's status as the exports show it on `asOf`: its own status, or "overdue" when it is
 * not done and its due date has passed (an overdue milestone is never shown as "not started").
 */
export function milestoneStatus(m: { status?: string | null; due?: string | null }, asOf?: IsoDate): string {
  const own = m.status ?? 'not_started';
  return asOf && isOverdue({ status: own as never, due: m.due as string }, asOf) && own !== 'missed' ? 'overdue' : own;
}

/**
 * The timeline: each adoption phase is a section with a bar from its start to its end (a phase
 * with one date only ends, or starts, at its milestones), and its milestones as points
 * (status "overdue" for an open milestone past its due date on `asOf`).
 */
export function buildTimeline(plan: Plan, people = peopleOf(plan), asOf?: IsoDate): Timeline {
  const dates: IsoDate[] = [];
  const sections: TimelineSection[] = (plan.adoption_journey?.phases ?? []).map((phase) => {
    const milestones = (phase.milestones ?? [])
      .filter((m) => isIsoDate(m.due))
      .map((m) => ({
        id: m.id,
        title: m.title,
        due: m.due,
        status: milestoneStatus(m, asOf),
        owner: m.owner ? (people.resolve(m.owner)?.name ?? m.owner) : undefined,
      }));
    const dues = milestones.map((m) => m.due).sort();
    let start = isIsoDate(phase.start) ? phase.start : undefined;
    let end = isIsoDate(phase.end) ? phase.end : undefined;
    if (start && !end) end = dues.length ? maxIso(start, dues[dues.length - 1]) : start;
    if (end && !start) start = dues.length ? minIso(end, dues[0]) : end;
    if (start && end && end < start) [start, end] = [end, start];
    const bar = start && end ? { start, end } : undefined;
    if (bar) dates.push(bar.start, bar.end);
    dates.push(...dues);
    return { id: phase.id, name: phase.name, bar, goal: phase.goal, milestones };
  });
  dates.sort();
  return { sections, range: dates.length ? { from: dates[0], to: dates[dates.length - 1] } : undefined };
}

/**
 * A metric's progress for a progress bar: value.ts valueProgress, its percent clamped to 0-100 and
 * rounded to a whole number; before the first measurement the metric stands at its baseline (0,
 * or 100 when the target is the baseline). Null unless baseline and target are numbers.
 */
export function metricProgress(metric: ValueMetric, asOf?: IsoDate): MetricProgress {
  const p = valueProgress(metric, asOf);
  const numeric = typeof metric.baseline === 'number' && typeof metric.target === 'number';
  const share = p.progress ?? (numeric ? (metric.baseline === metric.target ? 100 : 0) : null);
  return {
    id: metric.id,
    name: metric.name,
    unit: metric.unit ?? '',
    baseline: metric.baseline,
    target: metric.target,
    latest: p.latest ?? undefined,
    percent: share === null ? null : Math.round(Math.min(100, Math.max(0, share))),
    trend: p.trend,
  };
}

/** The RACI grid of the plan's governance section (roles in order of first appearance). */
export function raciGrid(plan: Plan): RaciGrid {
  const rows = (plan.governance?.raci ?? []) as Array<Record<string, string>>;
  const roles: string[] = [];
  for (const row of rows)
    for (const key of Object.keys(row)) if (key !== 'activity' && !roles.includes(key)) roles.push(key);
  return { roles, rows: rows.map((row) => ({ activity: row.activity, cells: roles.map((r) => row[r] ?? '') })) };
}

/** One line naming the version, date and commit: "Version 3 · 2026-11-22 · commit 1a2b3c4". */
export function provenanceText(p: Provenance): string {
  const version = p.version === null ? 'Draft (no snapshot yet)' : `Version ${p.version}`;
  const commit = !p.inGit
    ? 'not in git'
    : p.commit === null
      ? 'uncommitted changes (no commit yet)'
      : p.uncommitted
        ? `uncommitted changes on top of commit ${p.commit}`
        : `commit ${p.commit}`;
  return `${version} · ${p.generatedOn} · ${commit}`;
}

/** "pending_review" -> "Pending review", "customer_exec" -> "Customer exec". */
export function humanize(key: string | undefined | null): string {
  if (!key) return '';
  if (/^[A-Z]{2,}$/.test(key)) return key;
  const spaced = key.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** A RACI column heading: short keys are abbreviations (sa, ae, csm) and read better in capitals. */
export function roleLabel(key: string): string {
  return /^[A-Za-z]{2,3}$/.test(key) ? key.toUpperCase() : humanize(key);
}

/** A measure with its unit: "3 days", "80 percent", "manual". */
export function withUnit(value: number | string | undefined, unit: string | undefined): string {
  if (value === undefined || value === null || value === '') return '';
  return typeof value === 'number' && unit
    ? `${formatNumber(value)} ${unit}`
    : typeof value === 'number'
      ? formatNumber(value)
      : String(value);
}

/** A number as people write it: thousands separated, at most two decimals. */
export function formatNumber(n: number): string {
  // NOTE: not toLocaleString: its first call loads ICU data (tens of ms) for a comma.
  const [int, frac] = String(Math.round(n * 100) / 100).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac ? `.${frac}` : ''}`;
}

/** The month starts (YYYY-MM-01) from the month of `from` to the month of `to`, for chart ticks. */
export function monthStarts(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  let [y, m] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}-01`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** The day after a date (gantt bars end at the end of their last day). */
export function nextDay(iso: IsoDate): IsoDate {
  return addDaysIso(iso, 1);
}

function maxIso(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}

function minIso(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}
