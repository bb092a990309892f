/**
 * Save-play triggers and the recovery suggestion (reference/003 "Risk Indicators" and "Save
 * Plays"; issue: "a recovery plan is suggested when the health score falls into the red band,
 * naming the save play from the playbooks for the trigger"). The conditions are data in the
 * health model; the plays are data in playbooks/recovery.yaml. Pure.
 */
import { addDaysIso, type IsoDate } from '../domain/dates.js';
import { hasLeft, type Stakeholder } from '../domain/plan.js';
import type { Condition, HealthModel, Playbook } from '../domain/types.gen.js';
import type { HealthScore } from './score.js';

/** A save play of the recovery playbook. */
export type SavePlay = NonNullable<Playbook['save_plays']>[number];

/** A trigger that fired, why, and the play for it. */
export interface FiredTrigger {
  trigger: string;
  description: string;
  /** The values that made it fire, said plainly. */
  because: string[];
  play?: SavePlay;
}

/**
 * The model's triggers that fire for a score (and the plan's stakeholders, for champion_left),
 * one per trigger name (the first of its conditions lists that holds), each with its play.
 */
export function firedTriggers(
  score: HealthScore,
  model: HealthModel,
  stakeholders: readonly Stakeholder[],
  savePlays: readonly SavePlay[],
  asOf: IsoDate,
): FiredTrigger[] {
  const fired: FiredTrigger[] = [];
  for (const t of model.triggers ?? []) {
    if (fired.some((f) => f.trigger === t.trigger)) continue;
    const because: string[] = [];
    if (t.when.every((c) => holds(c, score, stakeholders, asOf, because))) {
      const play = savePlays.find((p) => p.trigger === t.trigger);
      fired.push({
        trigger: t.trigger,
        description: t.description ?? t.trigger.replace(/_/g, ' '),
        because,
        ...(play ? { play } : {}),
      });
    }
  }
  return fired;
}

function holds(
  c: Condition,
  score: HealthScore,
  stakeholders: readonly Stakeholder[],
  asOf: IsoDate,
  because: string[],
): boolean {
  if (c.score_below !== undefined) {
    if (score.score === null || !(score.score < c.score_below)) return false;
    because.push(`health score ${score.score} is under ${c.score_below}`);
    return true;
  }
  if (c.stakeholder_left !== undefined) {
    const since = addDaysIso(asOf, -(c.within_days ?? 3650));
    const left = stakeholders.filter(
      (s) => s.role === c.stakeholder_left && s.side === 'customer' && hasLeft(s, asOf) && s.left >= since,
    );
    if (left.length === 0) return false;
    because.push(...left.map((s) => `${s.name} (${s.role}) left on ${s.left}`));
    return true;
  }
  const m = c.metric ? score.metrics[c.metric] : undefined;
  if (!m || typeof m.value !== 'number') return false;
  const v = m.value;
  const ok =
    (c.below === undefined || v < c.below) &&
    (c.above === undefined || v > c.above) &&
    (c.at_least === undefined || v >= c.at_least) &&
    (c.at_most === undefined || v <= c.at_most);
  if (ok)
    because.push(
      `${c.metric} is ${v}${m.sources.length ? ` (${m.sources.map((s) => `${s.signal} ${s.value} on ${s.date}`).join(' vs ')})` : ''}`,
    );
  return ok;
}

/** What csp status says about a recovery plan. */
export interface RecoverySuggestion {
  /** Why a recovery plan is suggested. */
  reason: string;
  /** The plays for the triggers that fired (the first is where to start). */
  plays: SavePlay[];
  /** The command that starts it. */
  command: string;
}

/**
 * A recovery plan is suggested when the score is in the red band and the plan is not already a
 * recovery plan; it names the plays of the triggers that fired (or, when none did, the play for
 * a health score under 40, as the executive engagement every red account gets first).
 */
export function recoverySuggestion(
  account: string,
  score: HealthScore,
  fired: readonly FiredTrigger[],
  savePlays: readonly SavePlay[],
  planType: string | undefined,
): RecoverySuggestion | null {
  if (score.band !== 'red' || planType === 'recovery') return null;
  const plays = fired.map((f) => f.play).filter((p): p is SavePlay => p !== undefined);
  const fallback = savePlays.find((p) => p.trigger === 'health_below_40');
  const triggers = fired.map((f) => f.trigger.replace(/_/g, ' '));
  return {
    reason: `health score ${score.score} is in the red band${triggers.length ? `; triggers: ${triggers.join(', ')}` : ''}`,
    plays: plays.length > 0 ? plays : fallback ? [fallback] : [],
    command:
      planType === undefined
        ? `csp init ${account} --plan-type recovery --name "..." --owner "..."`
        : `csp recover ${account}`,
  };
}
