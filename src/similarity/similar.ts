/**
 * The InfoHub's most similar accounts to one plan (issue 5; reference/004 "Find similar successful
 * accounts"), used as examples by csp draft and csp account-plan. Similar means, in this order:
 * the same plan type, the same industry, an ARR of the same size (within a factor of about 1.4,
 * compared as |log2(their ARR / our ARR)| rounded), then the healthiest plan first (CSP health from
 * health.ts: complete and healthy before needs attention before at risk), then the nearest ARR,
 * then the slug (so the order is stable). An account that shares neither the plan type nor the
 * industry is not similar. Pure: plans and verdicts in, a ranked list out.
 */
import type { CspHealth, HealthVerdict } from '../domain/plan-health.js';
import type { Plan } from '../domain/plan.js';
import { compareText } from '../domain/compare.js';

/** An account of the InfoHub with its plan and its CSP health as of today. */
export interface AccountCandidate {
  account: string;
  plan: Plan;
  health: CspHealth;
}

/** A similar account, with why it was chosen. */
export interface SimilarAccount {
  account: string;
  planType: string;
  industry: string;
  arrUsd: number | null;
  health: HealthVerdict;
  complete: boolean;
  /** What it shares with the target ("same plan type", "same industry", "ARR within 1.4x"). */
  because: string[];
  plan: Plan;
}

const HEALTH_RANK: Record<HealthVerdict, number> = { healthy: 0, needs_attention: 1, at_risk: 2 };

/** Normalised industry for comparison ("  Technology " = "technology"). */
function industryOf(plan: Plan): string {
  return (plan.customer_context?.industry ?? '').trim().toLowerCase();
}

/** |log2(b/a)| rounded: 0 within about 1.4x, 1 within about 2.8x...; null when either ARR is unknown. */
function arrBand(a: number | undefined, b: number | undefined): number | null {
  if (!a || !b || a <= 0 || b <= 0) return null;
  return Math.round(Math.abs(Math.log2(b / a)));
}

/**
 * Ranks the candidates by similarity to the target plan and returns the first `limit` (default
 * 3). The target's own account is never in the result.
 */
export function rankSimilarAccounts(
  target: Plan,
  candidates: readonly AccountCandidate[],
  limit = 3,
): SimilarAccount[] {
  const type = target.meta.plan_type;
  const industry = industryOf(target);
  const arr = target.meta.arr_usd;
  const scored = candidates
    .filter((c) => c.account !== target.meta.account)
    .map((c) => {
      const samePlanType = c.plan.meta.plan_type === type;
      const sameIndustry = industry !== '' && industryOf(c.plan) === industry;
      const band = arrBand(arr, c.plan.meta.arr_usd);
      const because = [
        samePlanType ? `same plan type (${type})` : '',
        sameIndustry ? `same industry (${c.plan.customer_context?.industry?.trim()})` : '',
        band === 0 ? 'ARR of the same size' : '',
      ].filter(Boolean);
      const healthRank = HEALTH_RANK[c.health.verdict] + (c.health.complete ? 0 : 0.5);
      const distance =
        arr !== undefined && c.plan.meta.arr_usd !== undefined
          ? Math.abs(c.plan.meta.arr_usd - arr)
          : Number.MAX_SAFE_INTEGER;
      return { c, samePlanType, sameIndustry, band: band ?? 99, healthRank, distance, because };
    })
    .filter((s) => s.samePlanType || s.sameIndustry);
  scored.sort(
    (a, b) =>
      Number(b.samePlanType) - Number(a.samePlanType) ||
      Number(b.sameIndustry) - Number(a.sameIndustry) ||
      a.band - b.band ||
      a.healthRank - b.healthRank ||
      a.distance - b.distance ||
      compareText(a.c.account, b.c.account),
  );
  return scored.slice(0, limit).map(({ c, because }) => ({
    account: c.account,
    planType: c.plan.meta.plan_type,
    industry: c.plan.customer_context?.industry?.trim() ?? '',
    arrUsd: c.plan.meta.arr_usd ?? null,
    health: c.health.verdict,
    complete: c.health.complete,
    because,
    plan: c.plan,
  }));
}

/** The record of a similar account kept in a plan's generation context (schemas: generationRecord). */
export function similarRecord(s: SimilarAccount): {
  account: string;
  plan_type: string;
  industry: string;
  arr_usd: number | null;
  health: HealthVerdict;
} {
  return { account: s.account, plan_type: s.planType, industry: s.industry, arr_usd: s.arrUsd, health: s.health };
}
