/**
 * Backtesting a health model on a team's churn history (`csp health backtest`): how well do the
 * scores separate the accounts that churned from those that did not?
 *
 * - ROC AUC: the chance that a random account that stayed scores higher than a random account
 *   that churned (ties count half; Mann-Whitney), with a 95% interval (Hanley & McNeil 1982).
 *   0.5 is a coin toss; an interval that holds 0.5 means the model does not separate them.
 * - The churn rate per band: a useful model has the most churn in red and the least in green.
 * - Fitting (--fit): the accounts are split in two halves by a hash of their id (the same split
 *   every run). On the first half each component's own AUC is measured and its weight is set to
 *   how far that AUC is above 0.5 (a component that does not separate gets weight 0); the
 *   second half then tests the fitted model against the model it came from. This is deliberately
 *   simple (one number per component, nothing tuned to the test half), so it can be explained to
 *   a team and cannot overfit much; when no component beats 0.5 the weights are kept.
 * Pure.
 */
import type { Band, HealthModel } from './model.js';
import type { HealthScore } from './score.js';
import { compareText } from '../domain/compare.js';

/** One labelled account with its score. */
export interface Labelled {
  account: string;
  churned: boolean;
  score: HealthScore;
}

/** An AUC with its 95% interval and the counts it is based on. */
export interface Auc {
  auc: number | null;
  low: number | null;
  high: number | null;
  accounts: number;
  churned: number;
}

/** Churn by band. */
export interface BandRate {
  band: Band | 'none';
  accounts: number;
  churned: number;
  /** Percent. */
  rate: number | null;
}

/** A model's figures on a set of accounts. */
export interface Evaluation {
  model: string;
  auc: Auc;
  bands: BandRate[];
  components: Array<{ id: string; auc: Auc }>;
  /** Accounts without a score (no recent signals), left out of the AUC. */
  unscored: number;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** AUC of "higher value means stayed" over pairs; null with no account on one side. */
export function rocAuc(rows: ReadonlyArray<{ value: number; churned: boolean }>): Auc {
  const churned = rows.filter((r) => r.churned).length;
  const stayed = rows.length - churned;
  if (churned === 0 || stayed === 0) return { auc: null, low: null, high: null, accounts: rows.length, churned };
  const sorted = [...rows].sort((a, b) => a.value - b.value);
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j].value === sorted[i].value) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (!sorted[k].churned) rankSum += rank;
    i = j;
  }
  const a = (rankSum - (stayed * (stayed + 1)) / 2) / (stayed * churned);
  const q1 = a / (2 - a);
  const q2 = (2 * a * a) / (1 + a);
  const se = Math.sqrt((a * (1 - a) + (stayed - 1) * (q1 - a * a) + (churned - 1) * (q2 - a * a)) / (stayed * churned));
  return {
    auc: round3(a),
    low: round3(Math.max(0, a - 1.96 * se)),
    high: round3(Math.min(1, a + 1.96 * se)),
    accounts: rows.length,
    churned,
  };
}

/** Evaluates scores against labels: AUC overall and per component, churn per band. */
export function evaluate(model: string, rows: readonly Labelled[]): Evaluation {
  const scored = rows.filter((r) => r.score.score !== null);
  const bands: BandRate[] = (['green', 'yellow', 'red', 'none'] as const).map((band) => {
    const inBand = rows.filter((r) => (r.score.band ?? 'none') === band);
    const churned = inBand.filter((r) => r.churned).length;
    return {
      band,
      accounts: inBand.length,
      churned,
      rate: inBand.length ? Math.round((churned / inBand.length) * 1000) / 10 : null,
    };
  });
  const ids = rows[0]?.score.components.map((c) => c.id) ?? [];
  const components = ids.map((id) => {
    const withScore = rows.flatMap((r) => {
      const c = r.score.components.find((x) => x.id === id);
      return c && c.score !== null ? [{ value: c.score, churned: r.churned }] : [];
    });
    return { id, auc: rocAuc(withScore) };
  });
  return {
    model,
    auc: rocAuc(scored.map((r) => ({ value: r.score.score!, churned: r.churned }))),
    bands,
    components,
    unscored: rows.length - scored.length,
  };
}

/** FNV-1a, 32 bits: a stable hash for the split. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Splits accounts into two halves by the hash of their id: the same split every run, whatever the order. */
export function splitHalves<T extends { account: string }>(rows: readonly T[]): { train: T[]; test: T[] } {
  const sorted = [...rows].sort((a, b) => hash(a.account) - hash(b.account) || compareText(a.account, b.account));
  const half = Math.ceil(sorted.length / 2);
  return { train: sorted.slice(0, half), test: sorted.slice(half) };
}

/** What fitting did: the fitted model and why each weight is what it is. */
export interface Fit {
  model: HealthModel;
  weights: Array<{ id: string; before: number; after: number; trainAuc: number | null }>;
  /** True when no component beat 0.5 on the training half, so the weights were kept. */
  kept: boolean;
}

/** Fits component weights on training accounts (weight = AUC above 0.5, scaled to add up to 100). */
export function fitWeights(model: HealthModel, train: readonly Labelled[]): Fit {
  const figures = evaluate(model.name, train).components;
  const lift = model.components.map((c) => {
    const a = figures.find((f) => f.id === c.id)?.auc.auc ?? null;
    return { id: c.id, before: c.weight, trainAuc: a, lift: a === null ? 0 : Math.max(0, a - 0.5) };
  });
  const total = lift.reduce((s, l) => s + l.lift, 0);
  const kept = total === 0;
  const weights = lift.map((l) => ({
    id: l.id,
    before: l.before,
    trainAuc: l.trainAuc,
    after: kept ? l.before : Math.round((l.lift / total) * 1000) / 10,
  }));
  const positive = weights.filter((w) => w.after > 0);
  const fitted: HealthModel = {
    ...model,
    name: `${model.name}, weights fitted by csp health backtest`,
    description:
      `Component weights set to each component's ROC AUC above 0.5 on half of the labelled accounts (csp health backtest --fit). ${model.description ?? ''}`.trim(),
    components: model.components
      .filter((c) => positive.some((w) => w.id === c.id))
      .map((c) => ({ ...c, weight: weights.find((w) => w.id === c.id)!.after })) as HealthModel['components'],
  };
  return { model: kept ? model : fitted, weights, kept };
}

/** Says plainly what an AUC means. */
export function verdict(a: Auc): string {
  if (a.auc === null) return 'cannot be measured (the accounts are all churned or all kept)';
  const ci = `95% interval ${a.low}-${a.high}`;
  if (a.low! <= 0.5 && a.high! >= 0.5) return `no better than chance (AUC ${a.auc}, ${ci} holds 0.5)`;
  if (a.auc < 0.5) return `worse than chance: higher scores churned more (AUC ${a.auc}, ${ci})`;
  if (a.auc < 0.6) return `weak (AUC ${a.auc}, ${ci})`;
  if (a.auc < 0.7) return `modest (AUC ${a.auc}, ${ci})`;
  return `useful (AUC ${a.auc}, ${ci})`;
}
