/**
 * The customer health model as data (playbooks/health-model.yaml, schemas/health_model.schema.json):
 * the checks a model must pass beyond its schema (scales in order, every input naming a metric
 * or signal that exists, a band for every score), and its defaults. Pure.
 */
import type { RawIssue } from '../domain/issue.js';
import { toPointer } from '../domain/issue.js';
import type { HealthModel } from '../domain/types.gen.js';
import { isSignalName } from './signals.js';

export type { HealthModel } from '../domain/types.gen.js';

/** A health band, best first. */
export type Band = 'green' | 'yellow' | 'red';

/** A model's settings with the defaults filled in (days; percent; points). */
export interface ModelSettings {
  periodDays: number;
  maxAgeDays: number;
  minCoverage: number;
  stableWithin: number;
}

/** The settings of a model, defaults applied: 30-day period, 180-day age limit, 30% coverage, 5 points stable. */
export function settingsOf(model: HealthModel): ModelSettings {
  return {
    periodDays: model.period_days ?? 30,
    maxAgeDays: model.max_age_days ?? 180,
    minCoverage: model.min_coverage ?? 30,
    stableWithin: model.stable_within ?? 5,
  };
}

/** The band a score falls in: the band with the highest minimum at or under the score. */
export function bandOf(model: HealthModel, score: number): Band | null {
  const sorted = [...model.bands].sort((a, b) => b.min - a.min);
  return sorted.find((b) => score >= b.min)?.name ?? null;
}

/**
 * Checks what the schema cannot: each input has exactly one scale (points or map), points
 * increase, inputs and metrics name known metrics or signals, each metric has one rule, band
 * names are unique and one band starts at 0, trigger conditions are complete.
 */
export function checkHealthModel(model: HealthModel): RawIssue[] {
  const out: RawIssue[] = [];
  const push = (path: Array<string | number>, message: string, hint?: string) =>
    out.push({
      code: 'health-model',
      severity: 'error',
      path: toPointer(path),
      message,
      hint,
      source: 'schemas/health_model.schema.json',
    });
  const metrics = model.metrics ?? {};
  const known = (name: string) => name in metrics || isSignalName(name);
  for (const [name, def] of Object.entries(metrics)) {
    const rules = (['ratio', 'days_since', 'per_month', 'change'] as const).filter((k) => def[k] !== undefined);
    if (rules.length !== 1)
      push(
        ['metrics', name],
        `metric ${name} must have exactly one of ratio, days_since, per_month, change (has ${rules.length})`,
      );
    for (const ref of [...(def.ratio ?? []), def.days_since, def.per_month, def.change].filter(
      (r): r is string => r !== undefined,
    )) {
      if (!isSignalName(ref))
        push(
          ['metrics', name],
          `metric ${name} uses "${ref}", which is not a signal`,
          'use a signal of schemas/health_signals.schema.json or a team signal x_<name>',
        );
    }
  }
  model.components.forEach((c, ci) => {
    c.inputs.forEach((input, ii) => {
      const at = ['components', ci, 'inputs', ii];
      if (!known(input.metric))
        push(
          [...at, 'metric'],
          `input ${input.metric} of component ${c.id} is neither a metric of the model nor a signal`,
          `define it under metrics:, or use a signal name`,
        );
      if ((input.points === undefined) === (input.map === undefined))
        push(at, `input ${input.metric} of component ${c.id} needs exactly one scale: points or map`);
      const xs = (input.points ?? []).map((p) => p[0]);
      if (xs.some((x, i) => i > 0 && x <= xs[i - 1]))
        push(
          [...at, 'points'],
          `the points of input ${input.metric} must have increasing values`,
          'write them as [value, score] pairs from the lowest value up',
        );
    });
  });
  const ids = model.components.map((c) => c.id);
  ids.forEach((id, i) => ids.indexOf(id) !== i && push(['components', i, 'id'], `component id ${id} is used twice`));
  const names = model.bands.map((b) => b.name);
  names.forEach((n, i) => names.indexOf(n) !== i && push(['bands', i, 'name'], `band ${n} is listed twice`));
  if (!model.bands.some((b) => b.min === 0))
    push(['bands'], 'no band starts at 0: some scores would have no band', 'give the lowest band min: 0');
  (model.triggers ?? []).forEach((t, ti) =>
    t.when.forEach((w, wi) => {
      const at = ['triggers', ti, 'when', wi];
      const kinds = [w.metric !== undefined, w.score_below !== undefined, w.stakeholder_left !== undefined].filter(
        Boolean,
      ).length;
      if (kinds !== 1)
        push(at, `a condition of trigger ${t.trigger} must test one thing: metric, score_below or stakeholder_left`);
      if (w.metric !== undefined && !known(w.metric))
        push(
          [...at, 'metric'],
          `trigger ${t.trigger} tests ${w.metric}, which is neither a metric of the model nor a signal`,
        );
      if (w.metric !== undefined && [w.below, w.above, w.at_least, w.at_most].every((x) => x === undefined))
        push(at, `trigger ${t.trigger} tests ${w.metric} without a comparison (below, above, at_least, at_most)`);
    }),
  );
  return out;
}
