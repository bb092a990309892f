import { describe, expect, it } from 'vitest';
import { rankSimilarAccounts, type AccountCandidate } from '../../../src/similarity/similar.js';
import type { CspHealth } from '../../../src/domain/plan-health.js';
import { startedPlan } from './fixtures.js';

const health = (verdict: CspHealth['verdict'], complete = true): CspHealth => ({
  verdict,
  complete,
  staleDays: 0,
  reasons: [],
});
const candidate = (
  account: string,
  arr: number,
  industry: string,
  verdict: CspHealth['verdict'],
  planType: 'onboarding' | 'renewal' = 'onboarding',
  complete = true,
): AccountCandidate => ({
  account,
  plan: startedPlan({ account, name: account, arr, industry, planType }),
  health: health(verdict, complete),
});

describe('rankSimilarAccounts', () => {
  it('ranks same plan type, then same industry, then ARR size, then health, then nearest ARR', () => {
    const target = startedPlan({ arr: 250_000, industry: 'Technology' });
    const ranked = rankSimilarAccounts(
      target,
      [
        candidate('renewal-tech', 250_000, 'Technology', 'healthy', 'renewal'),
        candidate('retail', 250_000, 'Retail', 'healthy'),
        candidate('tech-big-healthy', 2_000_000, 'Technology', 'healthy'),
        candidate('tech-near-risky', 260_000, 'Technology', 'at_risk'),
        candidate('tech-near-healthy', 300_000, 'Technology', 'healthy'),
        candidate('tech-near-attention', 240_000, 'Technology', 'needs_attention'),
        candidate('unrelated', 250_000, 'Retail', 'healthy', 'renewal'),
      ],
      10,
    );
    expect(ranked.map((s) => s.account)).toEqual([
      'tech-near-healthy',
      'tech-near-attention',
      'tech-near-risky',
      'tech-big-healthy',
      'retail',
      'renewal-tech',
    ]);
    expect(ranked[0].because).toEqual([
      'same plan type (onboarding)',
      'same industry (Technology)',
      'ARR of the same size',
    ]);
  });

  it('puts a complete plan before an incomplete one of the same verdict, and never the target itself', () => {
    const target = startedPlan();
    const ranked = rankSimilarAccounts(target, [
      candidate('acme', 250_000, 'Technology', 'healthy'),
      candidate('draft-only', 250_000, 'Technology', 'healthy', 'onboarding', false),
      candidate('complete', 250_000, 'Technology', 'healthy'),
    ]);
    expect(ranked.map((s) => s.account)).toEqual(['complete', 'draft-only']);
  });
});
