/**
 * The customer health score (SPEC "Health and reminders"): 0-100 from weighted components, each
 * scored from its inputs on the model's scales, with the inputs it used (every signal value with
 * its date, source and evidence rows), the band, and the trend against the previous period.
 *
 * - The state on a date is, for each signal, its newest value on or before the date and not
 *   older than the model's max_age_days.
 * - An input without data is left out and its weight goes to the component's other inputs; a
 *   component without data is left out of the score the same way. `coverage` says which share
 *   of the model's weight had data; under min_coverage the score gets no band.
 * - The previous period is the state period_days earlier, or the day before the newest
 *   observation when that is sooner (so monthly and quarterly data both compare with the period
 *   before).
 * Pure: signals, model and date in, score out.
 */
import { addDaysIso, daysBetween, isIsoDate, type IsoDate } from '../domain/dates.js';
import { bandOf, settingsOf, type Band, type HealthModel, type ModelSettings } from './model.js';
import {
  DEFAULT_PERIOD_DAYS,
  isPerPeriod,
  newestDate,
  observe,
  sortedEntries,
  type HealthSignals,
  type IndexedEntry,
  type Observed,
  type SignalValue,
} from './signals.js';

/** Which way a score moved: by more than the model's stable_within points, or not. */
export type Trend = 'improving' | 'stable' | 'declining';

/** A signal value a score used, and where it came from. */
export interface SignalSource {
  signal: string;
  value: SignalValue;
  /** The observation's date. */
  date: IsoDate;
  source?: string;
  /** The file and rows of an imported value. */
  file?: string;
  rows?: string[];
}

/** A metric's value on a date, with the signals behind it, or why it has none. */
export interface MetricValue {
  value: SignalValue | null;
  missing?: string;
  sources: SignalSource[];
}

/** One input of a component: its value, its score, and the signals behind it. */
export interface InputScore {
  metric: string;
  unit?: string;
  weight: number;
  value: SignalValue | null;
  /** 0-100, or null when the input had no data. */
  score: number | null;
  /** Why there is no value (no data, stale, a zero to compare with). */
  missing?: string;
  sources: SignalSource[];
}

/** One component of the score. */
export interface ComponentScore {
  id: string;
  name: string;
  weight: number;
  /** 0-100, or null when no input had data. */
  score: number | null;
  /** The component's score in the previous period. */
  previous: number | null;
  change: number | null;
  trend: Trend | null;
  /** Share of the component's input weight that had data, percent. */
  coverage: number;
  inputs: InputScore[];
}

/** An account's customer health on a date. */
export interface HealthScore {
  model: string;
  asOf: IsoDate;
  /** 0-100 (one decimal), or null when no component had data. */
  score: number | null;
  /** null without a score or under the model's min_coverage. */
  band: Band | null;
  /** Share of the model's weight that had data, percent. */
  coverage: number;
  /** The previous period's score and its date. */
  previous: { date: IsoDate; score: number | null } | null;
  change: number | null;
  trend: Trend | null;
  components: ComponentScore[];
  /** Every metric and signal the model names, evaluated on the date (for triggers and reports). */
  metrics: Record<string, MetricValue>;
  /** The newest observation used or available (null without any). */
  newestSignal: IsoDate | null;
  /** Why there is no score or no band, said plainly. */
  note?: string;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Scores an account's signals with a model as of a date. */
export function scoreHealth(
  signals: Pick<HealthSignals, 'signals'> | undefined,
  model: HealthModel,
  asOf: IsoDate,
): HealthScore {
  const settings = settingsOf(model);
  const entries = sortedEntries(signals);
  const now = evaluate(entries, model, settings, asOf);
  const newest = newestDate(entries, asOf);
  const previousDate =
    newest === null ? null : [addDaysIso(asOf, -settings.periodDays), addDaysIso(newest, -1)].sort()[0];
  const before = previousDate === null ? null : evaluate(entries, model, settings, previousDate, false);
  const trendOf = (a: number | null, b: number | null): { change: number | null; trend: Trend | null } => {
    if (a === null || b === null) return { change: null, trend: null };
    const change = round1(a - b);
    return {
      change,
      trend: Math.abs(change) <= settings.stableWithin ? 'stable' : change > 0 ? 'improving' : 'declining',
    };
  };
  const components = now.components.map((c, i) => {
    const previous = before?.components[i].score ?? null;
    return { ...c, previous, ...trendOf(c.score, previous) };
  });
  const band = bandOfEvaluation(now, model, settings);
  const note =
    now.score === null
      ? newest === null
        ? 'no signals recorded on or before this date'
        : `no signal newer than ${settings.maxAgeDays} days that the model uses (newest: ${newest})`
      : band === null
        ? `only ${now.coverage}% of the model's weight has data (a band needs ${settings.minCoverage}%)`
        : undefined;
  return {
    model: model.name,
    asOf,
    score: now.score,
    band,
    coverage: now.coverage,
    previous: previousDate === null ? null : { date: previousDate, score: before!.score },
    ...trendOf(now.score, before?.score ?? null),
    components,
    metrics: now.metrics,
    newestSignal: newest,
    ...(note ? { note } : {}),
  };
}

/**
 * The band of an account's customer health on a date, or null when it has no score (no recent
 * signals) or too little data: scoreHealth's band, from the current period alone. The portfolio
 * view counts accounts by this.
 */
export function customerHealthBand(
  signals: Pick<HealthSignals, 'signals'> | undefined,
  model: HealthModel,
  asOf: IsoDate,
): Band | null {
  const settings = settingsOf(model);
  return bandOfEvaluation(evaluate(sortedEntries(signals), model, settings, asOf, false), model, settings);
}

/** The band of an evaluation: none without a score or under the model's min_coverage. */
function bandOfEvaluation(e: Evaluation, model: HealthModel, settings: ModelSettings): Band | null {
  return e.score === null || e.coverage < settings.minCoverage ? null : bandOf(model, e.score);
}

interface Evaluation {
  score: number | null;
  coverage: number;
  components: Array<Omit<ComponentScore, 'previous' | 'change' | 'trend'>>;
  metrics: HealthScore['metrics'];
}

/** The model's components on a date; `triggerMetrics` also evaluates the metrics only triggers name (for `metrics`). */
function evaluate(
  entries: readonly IndexedEntry[],
  model: HealthModel,
  settings: ModelSettings,
  date: IsoDate,
  triggerMetrics = true,
): Evaluation {
  const metrics: HealthScore['metrics'] = {};
  const metricOf = (name: string) => (metrics[name] ??= metricValue(name, model, entries, settings, date));
  const components = model.components.map((c) => {
    const totalWeight = c.inputs.reduce((s, i) => s + i.weight, 0);
    const inputs: InputScore[] = c.inputs.map((input) => {
      const m = metricOf(input.metric);
      const score = m.value === null ? null : scaleScore(input, m.value);
      const unit = model.metrics?.[input.metric]?.unit;
      const missing =
        m.value === null
          ? m.missing
          : score === null
            ? `value ${JSON.stringify(m.value)} is not on the input's scale`
            : undefined;
      return {
        metric: input.metric,
        ...(unit ? { unit } : {}),
        weight: input.weight,
        value: m.value,
        score: score === null ? null : round1(score),
        ...(missing ? { missing } : {}),
        sources: m.sources,
      };
    });
    const present = inputs.filter((i) => i.score !== null);
    const weight = present.reduce((s, i) => s + i.weight, 0);
    const score = weight > 0 ? round1(present.reduce((s, i) => s + i.weight * i.score!, 0) / weight) : null;
    return { id: c.id, name: c.name, weight: c.weight, score, coverage: round1((weight / totalWeight) * 100), inputs };
  });
  if (triggerMetrics) for (const t of model.triggers ?? []) for (const w of t.when) if (w.metric) metricOf(w.metric);
  const scored = components.filter((c) => c.score !== null);
  const total = components.reduce((s, c) => s + c.weight, 0);
  const weight = scored.reduce((s, c) => s + c.weight, 0);
  const score = weight > 0 ? round1(scored.reduce((s, c) => s + c.weight * c.score!, 0) / weight) : null;
  const coverage = round1(components.reduce((s, c) => s + c.weight * c.coverage, 0) / total);
  return { score, coverage, components, metrics };
}

function sourceOf(o: Observed): SignalSource {
  const evidence = o.entry.evidence?.[o.signal];
  return {
    signal: o.signal,
    value: o.value,
    date: o.entry.date,
    ...(o.entry.source ? { source: o.entry.source } : {}),
    ...(evidence ? { file: evidence.file, rows: evidence.rows } : {}),
  };
}

function metricValue(
  name: string,
  model: HealthModel,
  entries: readonly IndexedEntry[],
  settings: ModelSettings,
  date: IsoDate,
): MetricValue {
  const def = model.metrics?.[name];
  const get = (signal: string) => observe(entries, signal, date, settings.maxAgeDays);
  const none = (signal: string): MetricValue => ({
    value: null,
    missing: `no ${signal} in the last ${settings.maxAgeDays} days`,
    sources: [],
  });
  if (!def) {
    const o = get(name);
    return o ? { value: o.value, sources: [sourceOf(o)] } : none(name);
  }
  if (def.ratio) {
    const [a, b] = [get(def.ratio[0]), get(def.ratio[1])];
    if (!a) return none(def.ratio[0]);
    if (!b) return none(def.ratio[1]);
    if (typeof a.value !== 'number' || typeof b.value !== 'number')
      return { value: null, missing: `${def.ratio[0]} and ${def.ratio[1]} must be numbers`, sources: [] };
    if (b.value === 0) return { value: null, missing: `${def.ratio[1]} is 0`, sources: [sourceOf(b)] };
    return { value: round1((a.value / b.value) * 100), sources: [sourceOf(a), sourceOf(b)] };
  }
  if (def.days_since) {
    const o = get(def.days_since);
    if (!o) return none(def.days_since);
    if (!isIsoDate(o.value)) return { value: null, missing: `${def.days_since} is not a date`, sources: [sourceOf(o)] };
    return { value: Math.max(0, daysBetween(o.value, date)), sources: [sourceOf(o)] };
  }
  if (def.per_month) {
    const o = get(def.per_month);
    if (!o) return none(def.per_month);
    if (typeof o.value !== 'number')
      return { value: null, missing: `${def.per_month} is not a number`, sources: [sourceOf(o)] };
    return { value: round1((o.value * 30) / (o.entry.period_days ?? DEFAULT_PERIOD_DAYS)), sources: [sourceOf(o)] };
  }
  const signal = def.change!;
  const current = get(signal);
  if (!current) return none(signal);
  const prior = observe(entries, signal, date, settings.maxAgeDays, current.entry.date);
  if (!prior) return { value: null, missing: `no earlier ${signal} to compare with`, sources: [sourceOf(current)] };
  if (typeof current.value !== 'number' || typeof prior.value !== 'number')
    return { value: null, missing: `${signal} is not a number`, sources: [] };
  const sources = [sourceOf(current), sourceOf(prior)];
  // NOTE: growth from zero has no percentage; it counts as +100% (a fall to zero is -100%).
  if (prior.value === 0) return { value: current.value === 0 ? 0 : current.value > 0 ? 100 : -100, sources };
  // NOTE: a count over a shorter period (a partial quarter) is compared as a rate per day.
  const rate = (o: Observed) => (o.value as number) / (o.entry.period_days ?? DEFAULT_PERIOD_DAYS);
  const countLike = isPerPeriod(signal) && current.entry.period_days !== prior.entry.period_days;
  const [now, then] = countLike ? [rate(current), rate(prior)] : [current.value, prior.value];
  return { value: round1(((now - then) / then) * 100), sources };
}

/** An input's score for a value: piecewise-linear on points, or looked up in map; null when the value does not fit. */
export function scaleScore(
  input: { points?: ReadonlyArray<readonly [number, number]> | number[][]; map?: Record<string, number> },
  value: SignalValue,
): number | null {
  if (input.map) {
    const score = input.map[String(value)];
    return score === undefined ? null : score;
  }
  if (typeof value !== 'number' || !input.points) return null;
  const pts = input.points as ReadonlyArray<readonly [number, number]>;
  if (value <= pts[0][0]) return pts[0][1];
  for (let i = 1; i < pts.length; i++) {
    const [x1, y1] = pts[i];
    if (value <= x1) {
      const [x0, y0] = pts[i - 1];
      return y0 + ((value - x0) / (x1 - x0)) * (y1 - y0);
    }
  }
  return pts[pts.length - 1][1];
}
