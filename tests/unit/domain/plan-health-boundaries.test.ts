import { describe, expect, it } from 'vitest';
import { addDaysIso } from '../../../src/domain/dates.js';
import { cspHealth, PHASE_INCOMPLETE_CODES } from '../../../src/domain/plan-health.js';
import type { Plan } from '../../../src/domain/plan.js';
import { executePlan, withMilestone } from './plan-fixture.js';

/** The reasons other than completeness (the small fixture lacks sections on purpose; issue 15 makes that a reason of its own). */
const codes = (h: ReturnType<typeof cspHealth>) =>
  h.reasons
    .filter((r) => r.level !== 'incomplete' && !PHASE_INCOMPLETE_CODES.includes(r.code))
    .map((r) => `${r.level}:${r.code}`);

/** Fills in what the fixture leaves out, so that the plan is complete for execute and only the date decides its health. */
function complete(p: Plan): void {
  p.business_outcomes = {
    current_state: 'Manual QBRs',
    objectives: [1, 2, 3].map((n) => ({
      id: `obj-${n}`,
      statement: `Objective ${n}`,
      key_results: [{ id: `kr-${n}`, metric: `KR ${n}`, baseline: 0, target: 10 }],
    })),
  };
  p.success_criteria = [
    {
      id: 'sc-1',
      criterion: 'QBR in half a day',
      baseline: '3 days',
      target: 'half a day',
      measurement: 'Time sheets',
      due: '2026-04-30',
    },
  ];
  p.technical_evaluation = { plan: 'Pilot', resources: ['1 SA'], timeline: { start: '2025-12-01', end: '2025-12-20' } };
  p.adoption_journey!.phases![0].milestones = [
    { id: 'ms-9', title: 'Kickoff', due: '2026-01-20', owner: 'sh-2', status: 'done' },
  ];
  p.risks = [
    {
      id: 'rk-9',
      title: 'Turnover',
      probability: 'low',
      impact: 'medium',
      mitigation: 'Backup admin',
      owner: 'sh-3',
      status: 'open',
    },
  ];
  p.governance = { ...(p.governance ?? {}), raci: [{ activity: 'Value review', csm: 'R', customer_exec: 'A' }] };
}

describe('CSP health at its boundary dates', () => {
  const updated = '2026-09-01';
  const plan = executePlan((p) => {
    complete(p);
    p.meta.updated = updated;
    p.meta.last_customer_review = updated;
  });
  it.each([
    [29, 'healthy', []],
    [30, 'needs_attention', ['attention:stale']],
    [31, 'needs_attention', ['attention:stale']],
    [59, 'needs_attention', ['attention:stale']],
    [60, 'at_risk', ['at_risk:stale']],
  ])('%s days since the update: %s', (days, verdict, reasons) => {
    const h = cspHealth(plan, addDaysIso(updated, days));
    expect(h.verdict).toBe(verdict);
    expect(h.staleDays).toBe(days);
    expect(codes(h)).toEqual(reasons);
  });

  it('wants a customer review within the quarter (90 days)', () => {
    const fresh = executePlan((p) => {
      complete(p);
      p.meta.last_customer_review = '2026-06-01';
      p.meta.updated = '2026-08-30';
    });
    expect(codes(cspHealth(fresh, '2026-08-30'))).toEqual([]);
    expect(codes(cspHealth(fresh, '2026-08-31'))).toEqual(['attention:no-recent-review']);
  });

  it('calls a milestone overdue from the day after its due date', () => {
    const p = withMilestone(executePlan(), { id: 'ms-1', title: 'Go live', due: '2026-11-10' });
    expect(codes(cspHealth(p, '2026-11-10'))).toEqual([]);
    expect(codes(cspHealth(p, '2026-11-11'))).toEqual(['at_risk:milestone-overdue']);
    expect(cspHealth(p, '2026-11-11').reasons.find((r) => r.code === 'milestone-overdue')!.message).toBe(
      'milestone ms-1 "Go live" was due 2026-11-10 (1 day overdue)',
    );
  });

  it('lists every reason: RED risk without mitigation, declining value, a champion who left, low engagement', () => {
    const p = executePlan((x) => {
      x.risks = [{ id: 'rk-1', title: 'Budget cut', probability: 'high', impact: 'high', status: 'open' }];
      x.value_tracking!.metrics![0].measurements = [
        { date: '2026-10-01', value: 10 },
        { date: '2026-11-01', value: 20 },
      ];
      x.stakeholders![1].left = '2026-10-15';
      x.stakeholders!.push({ id: 'sh-4', name: 'Lee Park', side: 'customer', role: 'admin', engagement: 'low' });
    });
    const h = cspHealth(p, '2026-11-05');
    expect(h.verdict).toBe('at_risk');
    expect(codes(h)).toEqual([
      'at_risk:red-risk-unmitigated',
      'at_risk:value-declining',
      'attention:champion-left',
      'at_risk:customer-not-engaged',
    ]);
  });
});

describe('issue 15: a plan incomplete for its phase is not healthy', () => {
  it('the small fixture (execute, sections missing): the proposal is blocked, at risk', () => {
    const h = cspHealth(
      executePlan((p) => (p.meta.updated = '2026-11-01')),
      '2026-11-05',
    );
    expect(h.verdict).toBe('at_risk');
    expect(h.reasons.find((r) => r.code === 'proposal-blocked')!.message).toMatch(
      /^the Stage 4 proposal is blocked: 9 things missing/,
    );
  });
  it('complete through finalize but no customer review in execute: incomplete for its phase, needs attention', () => {
    const h = cspHealth(
      executePlan((p) => {
        complete(p);
        p.meta.updated = '2026-11-01';
        p.meta.last_customer_review = null;
        p.governance!.customer_reviews = [];
      }),
      '2026-11-05',
    );
    expect(h.reasons.map((r) => r.code)).toContain('incomplete-for-phase');
    expect(h.verdict).not.toBe('healthy');
  });
});
