/** Issue 15: a plan as it stood on a date (src/domain/as-of.ts), and the views that read it. */
import { describe, expect, it } from 'vitest';
import { planAsOf } from '../../../src/domain/as-of.js';
import { cspHealth } from '../../../src/domain/plan-health.js';
import { planValue } from '../../../src/domain/value.js';
import { decisionsByObjective } from '../../../src/domain/decisions.js';
import { remindersFor } from '../../../src/domain/reminders.js';
import { executePlan } from './plan-fixture.js';

const later = executePlan((p) => {
  p.value_tracking!.metrics![0].measurements = [
    { date: '2026-10-01', value: 12 },
    { date: '2027-02-05', value: 30 },
  ];
  p.governance = {
    customer_reviews: [
      { date: '2026-10-01', with: 'sh-2' },
      { date: '2027-01-20', with: 'sh-2' },
    ],
  };
  p.meta.last_customer_review = '2027-01-20';
  p.adoption_journey!.phases![1].milestones = [
    { id: 'ms-1', title: 'Go live', due: '2026-12-01', owner: 'sh-2', status: 'done', completed: '2027-01-05' },
  ];
});

describe('planAsOf', () => {
  it('leaves out what is dated after the date, and never changes its input', () => {
    const before = JSON.stringify(later);
    const p = planAsOf(later, '2026-12-15');
    expect(p.value_tracking!.metrics![0].measurements).toEqual([{ date: '2026-10-01', value: 12 }]);
    expect(p.governance!.customer_reviews).toEqual([{ date: '2026-10-01', with: 'sh-2' }]);
    expect(p.meta.last_customer_review).toBe('2026-10-01');
    expect(p.adoption_journey!.phases![1].milestones![0]).toMatchObject({ status: 'in_progress' });
    expect(JSON.stringify(later)).toBe(before);
    expect(planAsOf(later, '2027-03-01')).toBe(later);
  });

  it('health, value, reminders and decisions read it', () => {
    expect(cspHealth(later, '2026-12-15').reasons.map((r) => r.code)).not.toContain('value-declining');
    expect(cspHealth(later, '2027-02-10').reasons.map((r) => r.code)).toContain('value-declining');
    expect(cspHealth(later, '2026-12-15').reasons.map((r) => r.code)).toContain('milestone-overdue');
    expect(planValue(later, '2026-12-15')[0]).toMatchObject({
      latest: { date: '2026-10-01', value: 12 },
      trend: 'improving',
    });
    expect(remindersFor(later, '2026-12-15').some((r) => r.kind.includes('milestone'))).toBe(true);
    const log = { decisions: [{ id: 'dec-1', date: '2027-01-02', decision: 'x', objective: 'obj-1' }] };
    const withObjective = { ...later, business_outcomes: { objectives: [{ id: 'obj-1', statement: 's' }] } };
    expect(decisionsByObjective(withObjective, log, '2026-12-31').objectives[0].decisions).toEqual([]);
    expect(decisionsByObjective(withObjective, log, '2027-01-02').objectives[0].decisions).toHaveLength(1);
  });
});
