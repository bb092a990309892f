/**
 * Rules several modules share, defined once: a stakeholder who left and an overdue milestone
 * (src/domain/plan.ts), and the reminder thresholds that restate the health and portfolio ones.
 */
import { describe, expect, it } from 'vitest';
import { draftAccountPlanOffline, parseFiscalYear } from '../../../src/drafting/account-plan.js';
import { cspHealth, HEALTH_DAYS } from '../../../src/domain/plan-health.js';
import { activeCustomers, hasLeft, isOverdue, type Milestone } from '../../../src/domain/plan.js';
import { DUE_SOON_DAYS } from '../../../src/domain/portfolio.js';
import { REMINDER_DAYS } from '../../../src/domain/reminders.js';
import { plan } from '../helpers/plans.js';

const AS_OF = '2026-11-22';

describe('hasLeft and activeCustomers', () => {
  it.each<[string, string | null | undefined, boolean]>([
    ['no leaving date', undefined, false],
    ['null', null, false],
    ['left before the date', '2026-11-01', true],
    ['left on the date', AS_OF, true],
    ['leaves after the date: still present', '2026-12-01', false],
    ['not a date', 'yes', false],
  ])('%s', (_, left, expected) => {
    expect(hasLeft({ left }, AS_OF)).toBe(expected);
  });

  it('lists the customer side without who has left by the date', () => {
    const p = plan(
      'execute',
      (x) => void ((x.stakeholders![1].left = '2026-11-01'), (x.stakeholders![2].left = '2026-12-01')),
    );
    expect(activeCustomers(p, AS_OF).map((s) => s.id)).toEqual(['sh-3']);
    expect(activeCustomers(p, '2026-10-31').map((s) => s.id)).toEqual(['sh-2', 'sh-3']);
  });

  it('a champion leaving next month is still the champion: no health reason, and on the account plan', () => {
    const p = plan('execute', (x) => void (x.stakeholders![1].left = '2026-12-15'));
    expect(cspHealth(p, AS_OF).reasons.map((r) => r.code)).not.toContain('champion-left');
    expect(cspHealth(p, '2026-12-15').reasons.map((r) => r.code)).toContain('champion-left');
    const draft = (today: string) =>
      draftAccountPlanOffline({
        plan: p,
        health: cspHealth(p, today),
        similar: [],
        fiscalYear: parseFiscalYear('FY2027')!,
        today,
      }).content.stakeholder_plan!;
    expect(draft(AS_OF).current_map!.map((s) => s.stakeholder)).toContain('sh-2');
    expect(draft(AS_OF).current_assessment).toContain('champion Sarah Chen');
    expect(draft('2026-12-15').current_map!.map((s) => s.stakeholder)).not.toContain('sh-2');
  });
});

describe('isOverdue', () => {
  it.each<[string, Pick<Milestone, 'status' | 'due'>, boolean]>([
    ['due yesterday, open', { status: 'in_progress', due: '2026-11-21' }, true],
    ['due yesterday, no status', { due: '2026-11-21' }, true],
    ['due today', { status: 'not_started', due: AS_OF }, false],
    ['due yesterday, done', { status: 'done', due: '2026-11-21' }, false],
    ['not a date', { status: 'blocked', due: 'soon' }, false],
  ])('%s', (_, milestone, expected) => {
    expect(isOverdue(milestone, AS_OF)).toBe(expected);
  });
});

describe('reminder thresholds', () => {
  it('are the health and portfolio thresholds', () => {
    expect(REMINDER_DAYS).toMatchObject({
      stale: HEALTH_DAYS.stale,
      escalate: HEALTH_DAYS.atRisk,
      milestoneSoon: DUE_SOON_DAYS,
    });
    expect(REMINDER_DAYS).toEqual({
      stale: 30,
      escalate: 60,
      milestoneSoon: 7,
      milestoneTomorrow: 1,
      missedAfter: 7,
      biweekly: 14,
    });
  });
});
