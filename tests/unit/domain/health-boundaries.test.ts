import { describe, expect, it } from 'vitest';
import { addDaysIso } from '../../../src/domain/dates.js';
import { cspHealth } from '../../../src/domain/health.js';
import { executePlan, withMilestone } from './plan-fixture.js';

const codes = (h: ReturnType<typeof cspHealth>) => h.reasons.filter((r) => r.level !== 'incomplete').map((r) => `${r.level}:${r.code}`);

describe('CSP health at its boundary dates', () => {
  const updated = '2026-09-01';
  const plan = executePlan((p) => {
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
    expect(cspHealth(p, '2026-11-11').reasons.find((r) => r.code === 'milestone-overdue')!.message).toBe('milestone ms-1 "Go live" was due 2026-11-10 (1 day overdue)');
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
    expect(codes(h)).toEqual(['at_risk:red-risk-unmitigated', 'at_risk:value-declining', 'attention:champion-left', 'at_risk:customer-not-engaged']);
  });
});
