import { describe, expect, it } from 'vitest';
import { aggregatePortfolio, planEntry, type HealthBand } from '../../../src/domain/portfolio.js';
import type { Plan } from '../../../src/domain/plan.js';
import { createProgress } from '../../../src/cli/progress.js';

const AS_OF = '2026-11-22';

function plan(account: string, meta: Partial<Plan['meta']>, extra: Partial<Plan> = {}): Plan {
  return {
    schema_version: 1,
    meta: {
      account,
      account_name: account.toUpperCase(),
      plan_type: 'onboarding',
      phase: 'initiate',
      status: 'draft',
      owner: { name: 'Priya', role: 'SA' },
      opportunity_stage: 'Stage 2',
      arr_usd: 200_000,
      created: '2026-10-01',
      updated: AS_OF,
      ...meta,
    },
    ...extra,
  } as Plan;
}

const milestone = (id: string, due: string, status: 'done' | 'not_started', completed?: string) => ({
  id,
  title: `M ${id}`,
  due,
  owner: 'Priya',
  status,
  ...(completed ? { completed } : {}),
});

const a = plan(
  'alpha',
  {
    phase: 'execute',
    status: 'active',
    opportunity_stage: 'Closed Won',
    arr_usd: 500_000,
    updated: '2026-09-01',
    created: '2026-03-01',
    closed_won_date: '2026-02-19',
  },
  {
    adoption_journey: {
      phases: [
        {
          id: 'ph-1',
          name: 'P1',
          milestones: [
            milestone('ms-1', '2026-10-01', 'done', '2026-09-30'),
            milestone('ms-2', '2026-10-10', 'done', '2026-10-20'),
            milestone('ms-3', '2026-11-01', 'not_started'),
            milestone('ms-4', '2026-11-25', 'not_started'),
            milestone('ms-5', '2027-03-01', 'not_started'),
          ],
        },
      ],
    },
    business_outcomes: {
      current_state: 'x',
      objectives: [
        { id: 'obj-1', statement: 's', status: 'achieved' },
        { id: 'obj-2', statement: 's', status: 'in_progress' },
      ],
    },
  } as Partial<Plan>,
);
const b = plan('bravo', { arr_usd: 50_000, updated: '2026-10-15', stage2_date: '2026-09-21' });
const c = plan('charlie', {
  phase: 'finalize',
  status: 'pending_review',
  opportunity_stage: 'Stage 4',
  arr_usd: 80_000,
  strategic: true,
  stage2_date: '2026-09-01',
  imported: { source: 'maven', date: '2026-10-01', phase: 'finalize' },
});

describe('planEntry and aggregatePortfolio', () => {
  const entries = [a, b, c].map((p) => planEntry(p, AS_OF, 100_000));

  it('counts and sums ARR by phase, plan type and CSP health', () => {
    const p = aggregatePortfolio(entries, { asOf: AS_OF });
    expect(p.plans).toBe(3);
    expect(p.arrUsd).toBe(630_000);
    expect(p.byPhase).toMatchObject({
      initiate: { count: 1, arrUsd: 50_000 },
      finalize: { count: 1, arrUsd: 80_000 },
      execute: { count: 1, arrUsd: 500_000 },
      develop: { count: 0, arrUsd: 0 },
    });
    expect(p.byPlanType).toEqual({ onboarding: { count: 3, arrUsd: 630_000 } });
    // alpha: 82 days stale and an overdue milestone; charlie (issue 15): an empty imported draft at Stage 4, its proposal blocked
    expect(p.byHealth.at_risk.count).toBe(2);
    expect(p.proposalsBlocked.map((x) => x.account)).toEqual(['alpha', 'charlie']);
    expect(p.byHealth.complete + p.byHealth.incomplete).toBe(3);
    expect(p.byCustomerHealth).toBeNull();
    expect(p.importedPendingBackfill).toBe(1);
  });

  it('lists stale plans and milestones due in 7 days or overdue', () => {
    const p = aggregatePortfolio(entries, { asOf: AS_OF });
    expect(p.stale.over60).toEqual([{ account: 'alpha', days: 82 }]);
    expect(p.stale.over30).toEqual([{ account: 'bravo', days: 38 }]);
    expect(p.milestones.overdue.map((m) => [m.id, m.days])).toEqual([['ms-3', -21]]);
    expect(p.milestones.dueSoon.map((m) => [m.id, m.days])).toEqual([['ms-4', 3]]);
  });

  it('computes adoption, time to plan, milestones on time and objectives achieved', () => {
    const p = aggregatePortfolio(entries, {
      asOf: AS_OF,
      missingPlans: [{ name: 'Delta', crmId: 'D', reasons: ['arr'], stage: 'Stage 3', arrUsd: 300_000 }],
    });
    // Need a plan: alpha (Closed Won above $100K), charlie (strategic), Delta (no plan); bravo is below the threshold.
    // Active (updated within 60 days and complete for its phase): none; charlie is an empty imported draft (issue 15).
    expect(p.metrics.adoption).toEqual({ of: 3, count: 0, pct: 0, withPlan: 2 });
    // alpha: 2026-02-19 -> 2026-03-01 = 10 days; bravo: 2026-09-21 -> 2026-10-01 = 10; charlie: 2026-09-01 -> 2026-10-01 = 30.
    expect(p.metrics.timeToPlan).toEqual({ count: 3, medianDays: 10, meanDays: 16.7 });
    // Counted: ms-1 (on time), ms-2 (late), ms-3 (overdue, not done).
    expect(p.metrics.milestonesOnTime).toEqual({ of: 3, count: 1, pct: 33.3 });
    expect(p.metrics.objectivesAchieved).toEqual({ of: 2, count: 1, pct: 50 });
    expect(p.missingPlans).toHaveLength(1);
  });

  it('adds customer health bands when a source is given', () => {
    const bands = new Map<string, HealthBand>([
      ['alpha', 'red'],
      ['charlie', 'green'],
    ]);
    const p = aggregatePortfolio(entries, { asOf: AS_OF, customerHealth: bands });
    expect(p.byCustomerHealth).toEqual({
      green: { count: 1, arrUsd: 80_000 },
      yellow: { count: 0, arrUsd: 0 },
      red: { count: 1, arrUsd: 500_000 },
      unknown: { count: 1, arrUsd: 50_000 },
    });
    expect(p.accounts.find((r) => r.account === 'alpha')?.customerHealth).toBe('red');
  });

  it('gives null shares for an empty portfolio', () => {
    const p = aggregatePortfolio([], { asOf: AS_OF });
    expect(p.metrics.adoption.pct).toBeNull();
    expect(p.metrics.timeToPlan.medianDays).toBeNull();
  });
});

describe('createProgress', () => {
  it('draws nothing off a terminal, and only after a second on one, then erases itself', () => {
    const written: string[] = [];
    let t = 0;
    const pipe = createProgress({ write: (s: string) => written.push(s) }, 'validating', () => t);
    pipe.start(10);
    t = 5_000;
    pipe.tick(5);
    pipe.done();
    expect(written).toEqual([]);
    const tty = createProgress(
      { write: (s: string) => written.push(s), isTTY: true, columns: 80 },
      'validating',
      () => t,
    );
    t = 0;
    tty.start(10);
    t = 500;
    tty.tick(2);
    expect(written).toEqual([]);
    t = 1_200;
    tty.tick(5);
    expect(written.join('')).toContain('5/10');
    tty.done();
    expect(written.pop()).toBe('\r\x1b[2K');
  });
});

describe('issue 15: durations from dates that make sense, accounts without a plan', () => {
  it('a time to plan over a year (old CRM dates) or negative is not a measure', () => {
    const old = plan('old', { stage2_date: '2017-03-01', created: '2026-10-01' });
    const before = plan('before', { stage2_date: '2026-11-01', created: '2026-10-01' });
    expect(planEntry(old, AS_OF, 100_000).timeToPlanDays).toBeNull();
    expect(planEntry(before, AS_OF, 100_000).timeToPlanDays).toBeNull();
    expect(
      aggregatePortfolio(
        [old, before].map((x) => planEntry(x, AS_OF, 100_000)),
        { asOf: AS_OF },
      ).metrics.timeToPlan,
    ).toEqual({ count: 0, medianDays: null, meanDays: null });
  });
  it('lists accounts without a plan with their ARR, apart from the plans', () => {
    const p = aggregatePortfolio([], {
      asOf: AS_OF,
      withoutPlan: [
        { account: 'zeta', name: 'Zeta', arrUsd: 1000 },
        { account: 'yotta', name: 'Yotta', arrUsd: 5000 },
      ],
    });
    expect(p.plans).toBe(0);
    expect(p.withoutPlan).toEqual({
      count: 2,
      arrUsd: 6000,
      accounts: [
        { account: 'yotta', name: 'Yotta', arrUsd: 5000 },
        { account: 'zeta', name: 'Zeta', arrUsd: 1000 },
      ],
    });
  });
});
