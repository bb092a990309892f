/**
 * Value tracking (SPEC section 8; reference/001 "track_value"): how far each value metric has
 * come from its baseline toward its target, from its dated measurements. Pure.
 */
import { planAdd } from './add.js';
import type { IsoDate } from './dates.js';
import { set, type Edit } from './edit.js';
import { countedMeasurements, metricTrend } from './plan-health.js';
import { onOrBefore } from './as-of.js';
import type { Plan } from './plan.js';

/** A value metric of the plan. */
export type ValueMetric = NonNullable<NonNullable<Plan['value_tracking']>['metrics']>[number];

/** Where a value metric stands. */
export interface ValueProgress {
  id: string;
  name: string;
  unit?: string;
  baseline: number | string | null;
  target: number | string | null;
  /** The newest measurement (by date) of those that count (see `measurements`). */
  latest: { date: IsoDate; value: number; note?: string } | null;
  /**
   * Share of the way from baseline to target of the latest measurement, percent to one decimal
   * (under 0 when worse than the baseline, over 100 past the target). When the target is the
   * baseline: 100 at it, 0 off it. Null before the first measurement, or unless baseline and
   * target are numbers.
   */
  progress: number | null;
  /** The last move against the one before it: toward the target, away from it, or neither. */
  trend: 'improving' | 'declining' | 'flat' | null;
  /** How many measurements count: those with a YYYY-MM-DD date and a finite number (others are skipped). */
  measurements: number;
}

/**
 * The progress of one metric (SPEC section 8); the exports draw their progress bars from it.
 * With asOf (YYYY-MM-DD), measurements dated after it are left out (as-of.ts).
 */
export function valueProgress(metric: ValueMetric, asOf?: IsoDate): ValueProgress {
  const sorted = countedMeasurements(asOf ? onOrBefore(metric.measurements ?? [], asOf) : metric.measurements);
  const latest = sorted.length > 0 ? sorted[sorted.length - 1] : null;
  const b = metric.baseline;
  const t = metric.target;
  let progress: number | null = null;
  if (latest && typeof b === 'number' && typeof t === 'number') {
    const now = latest.value;
    progress = t === b ? (now === t ? 100 : 0) : Math.round(((now - b) / (t - b)) * 1000) / 10 || 0; // || 0: no -0 (a falling target at its baseline)
  }
  return {
    id: metric.id,
    name: metric.name,
    ...(metric.unit ? { unit: metric.unit } : {}),
    baseline: b ?? null,
    target: t ?? null,
    latest: latest ? { date: latest.date, value: latest.value, ...(latest.note ? { note: latest.note } : {}) } : null,
    progress,
    trend: metricTrend({ baseline: b, target: t, measurements: sorted }),
    measurements: sorted.length,
  };
}

/** Every value metric's progress as of a date (measurements after it left out), in plan order. */
export function planValue(plan: Plan, asOf: IsoDate): ValueProgress[] {
  return (plan.value_tracking?.metrics ?? []).map((m) => valueProgress(m, asOf));
}

/** "QBR prep hours: 24 -> 12 hours (target 4): 60% of the way, improving"; the share of the way once measured. */
export function progressText(p: ValueProgress): string {
  const unit = p.unit ? ` ${p.unit}` : '';
  const now = p.latest ? `${p.latest.value}${unit} on ${p.latest.date}` : 'not measured yet';
  const way = p.progress !== null ? `: ${p.progress}% of the way` : '';
  const trend = p.trend ? `, ${p.trend}` : '';
  return `${p.id} ${p.name}: ${p.baseline ?? '?'} -> ${now} (target ${p.target ?? '?'}${unit})${way}${trend}`;
}

/** A dated measurement of a value metric. */
export type Measurement = NonNullable<ValueMetric['measurements']>[number];

/**
 * The edits that record a measurement (csp track-value): the metric is found by id or name and
 * the value and date are checked as csp add measurement does (AddError naming the flag); a
 * measurement already on that date is replaced rather than doubled.
 */
export function planMeasurement(
  plan: Plan,
  input: { metric: string; value: string; date?: string; note?: string; today: IsoDate },
): { metric: string; index: number; item: Measurement; replaced: boolean; edits: Edit[] } {
  const added = planAdd(plan, 'measurement', { ...input });
  const index = (plan.value_tracking?.metrics ?? []).findIndex((x) => x.id === added.id);
  const [edit] = added.edits;
  const item = (edit.op === 'append' ? edit.value : undefined) as Measurement;
  const same = (plan.value_tracking!.metrics![index].measurements ?? []).findIndex((x) => x.date === item.date);
  return {
    metric: added.id,
    index,
    item,
    replaced: same !== -1,
    edits: same === -1 ? added.edits : [set(['value_tracking', 'metrics', index, 'measurements', same], item)],
  };
}
