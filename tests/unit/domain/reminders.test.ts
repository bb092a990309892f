import { describe, expect, it } from 'vitest';
import { addDaysIso } from '../../../src/domain/dates.js';
import {
  nextCustomerReview,
  remindersFor,
  reviewCadence,
  upcomingReminders,
  type Reminder,
} from '../../../src/domain/reminders.js';
import { executePlan, withMilestone } from './plan-fixture.js';
import type { Plan } from '../../../src/domain/plan.js';

const kinds = (rs: Reminder[], prefix: string) =>
  rs.filter((r) => r.kind.startsWith(prefix)).map((r) => `${r.kind}${r.new ? ' (new)' : ''}`);

describe('stale plan: review at 30 days, escalation at 60 post-sales', () => {
  const updated = '2026-09-01';
  const post = executePlan((p) => (p.meta.updated = updated));
  const pre = executePlan((p) => {
    p.meta.updated = updated;
    p.meta.phase = 'finalize';
    p.meta.status = 'pending_review';
  });
  it.each([
    [29, []],
    [30, ['stale-review (new)']],
    [31, ['stale-review']],
    [59, ['stale-review']],
    [60, ['stale-escalation (new)']],
    [61, ['stale-escalation']],
  ])('post-sales, %s days after the update: %j', (days, want) => {
    expect(kinds(remindersFor(post, addDaysIso(updated, days)), 'stale')).toEqual(want);
  });
  it('pre-sales, 60 days after the update: still a review, no escalation', () => {
    expect(kinds(remindersFor(pre, addDaysIso(updated, 60)), 'stale')).toEqual(['stale-review']);
  });
  it('sends the escalation to the configured contact', () => {
    const [r] = remindersFor(post, addDaysIso(updated, 60), { escalateTo: 'Dana Ruiz' }).filter(
      (x) => x.kind === 'stale-escalation',
    );
    expect(r).toMatchObject({ to: 'Dana Ruiz', escalation: true, date: '2026-10-31' });
    expect(remindersFor(post, addDaysIso(updated, 60)).find((x) => x.kind === 'stale-escalation')!.to).toBe(
      "Carl Ortiz's manager",
    );
  });
});

describe('milestones: 7 days, 1 day, the due date, missed by more than a week', () => {
  const due = '2026-12-10';
  const plan = withMilestone(executePlan(), { id: 'ms-1', title: 'CRM sync live', due });
  it.each([
    [-8, []],
    [-7, ['milestone-7d (new)']],
    [-6, ['milestone-7d']],
    [-2, ['milestone-7d']],
    [-1, ['milestone-1d (new)']],
    [0, ['milestone-due (new)']],
    [7, ['milestone-due']],
    [8, ['milestone-missed (new)']],
    [30, ['milestone-missed']],
  ])('%s days from the due date: %j', (days, want) => {
    expect(kinds(remindersFor(plan, addDaysIso(due, days)), 'milestone')).toEqual(want);
  });
  it('says how many days are left, goes to the milestone owner, and escalates to the manager', () => {
    const [soon] = remindersFor(plan, addDaysIso(due, -6)).filter((r) => r.kind === 'milestone-7d');
    expect(soon).toMatchObject({ to: 'Sarah Chen', ref: 'ms-1', due, escalation: false });
    expect(soon.subject).toBe('[Acme Corp] milestone ms-1 "CRM sync live" is due in 6 days (2026-12-10)');
    const [missed] = remindersFor(plan, addDaysIso(due, 8)).filter((r) => r.kind === 'milestone-missed');
    expect(missed).toMatchObject({ to: "Carl Ortiz's manager", escalation: true });
  });
  it('says nothing about a milestone that is done', () => {
    const done = withMilestone(executePlan(), { id: 'ms-1', title: 'CRM sync live', due, status: 'done' });
    expect(kinds(remindersFor(done, addDaysIso(due, 8)), 'milestone')).toEqual([]);
  });
});

describe('renewal timeline from the contract renewal date', () => {
  const renewal = '2027-01-15';
  const plan = executePlan((p) => (p.meta.updated = '2026-12-01'));
  it.each([
    [-121, []],
    [-120, ['renewal-t120 (new)']],
    [-119, ['renewal-t120']],
    [-91, ['renewal-t120']],
    [-90, ['renewal-t90 (new)']],
    [-60, ['renewal-t60 (new)']],
    [-31, ['renewal-t60']],
    [-30, ['renewal-t30 (new)']],
    [-1, ['renewal-t30']],
    [0, ['renewal-t0 (new)']],
    [1, []],
  ])('%s days from the renewal: %j', (days, want) => {
    expect(kinds(remindersFor(plan, addDaysIso(renewal, days)), 'renewal')).toEqual(want);
  });
  it('tells a plan that is not a renewal plan to start one at T-120', () => {
    const [t120] = remindersFor(plan, addDaysIso(renewal, -120)).filter((r) => r.kind === 'renewal-t120');
    expect(t120.detail).toContain('csp renew acme');
    expect(t120.ref).toBe('T-120');
  });
});

describe('monthly value review on the account anniversary', () => {
  it('fires on the anniversary day each month, the last day when the month is shorter', () => {
    const plan = executePlan((p) => (p.customer_context!.contract!.start = '2026-01-31'));
    expect(kinds(remindersFor(plan, '2026-02-27'), 'value')).toEqual([]);
    expect(kinds(remindersFor(plan, '2026-02-28'), 'value')).toEqual(['value-review (new)']);
    expect(kinds(remindersFor(plan, '2026-03-30'), 'value')).toEqual(['value-review']);
    expect(remindersFor(plan, '2026-03-31').find((r) => r.kind === 'value-review')).toMatchObject({
      date: '2026-03-31',
      new: true,
    });
  });
  it('is done once a value is measured on or after it', () => {
    const plan = executePlan((p) =>
      p.value_tracking!.metrics![0].measurements!.push({ date: '2026-11-15', value: 10 }),
    );
    expect(kinds(remindersFor(plan, '2026-11-20'), 'value')).toEqual([]);
    const earlier = executePlan((p) =>
      p.value_tracking!.metrics![0].measurements!.push({ date: '2026-11-14', value: 10 }),
    );
    expect(kinds(remindersFor(earlier, '2026-11-20'), 'value')).toEqual(['value-review']);
  });
  it('is post-sales only', () => {
    const plan = executePlan((p) => (p.meta.phase = 'finalize'));
    expect(kinds(remindersFor(plan, '2026-11-15'), 'value')).toEqual([]);
  });
});

describe('quarterly refresh', () => {
  it('is due every three months from the anniversary until csp refresh records one', () => {
    const plan = executePlan();
    expect(kinds(remindersFor(plan, '2026-10-14'), 'quarterly')).toEqual(['quarterly-refresh']);
    expect(remindersFor(plan, '2026-10-14').find((r) => r.kind === 'quarterly-refresh')!.date).toBe('2026-07-15');
    expect(kinds(remindersFor(plan, '2026-10-15'), 'quarterly')).toEqual(['quarterly-refresh (new)']);
    const refreshed = executePlan((p) => (p.meta.last_refresh = '2026-10-20'));
    expect(kinds(remindersFor(refreshed, '2026-10-21'), 'quarterly')).toEqual([]);
  });
});

describe('customer review by the cadence of the phase (reference/001)', () => {
  const at = (change: (p: Plan) => void) => executePlan(change);
  it.each([
    ['implementation (before go-live): every two weeks', '2026-02-01', '2026-02-15', 'implementation'],
    ['after go-live: monthly', '2026-03-01', '2026-04-01', 'post go-live'],
    ['steady state (after the adoption journey): quarterly', '2026-06-10', '2026-09-10', 'steady state'],
  ])('%s', (_name, last, due, stage) => {
    const plan = at((p) => (p.meta.last_customer_review = last));
    expect(reviewCadence(plan, last).stage).toBe(stage);
    expect(nextCustomerReview(plan)?.due).toBe(due);
    expect(kinds(remindersFor(plan, addDaysIso(due, -1)), 'customer')).toEqual([]);
    expect(kinds(remindersFor(plan, due), 'customer')).toEqual(['customer-review (new)']);
    expect(kinds(remindersFor(plan, addDaysIso(due, 40)), 'customer')).toEqual(['customer-review']);
  });
  it('uses customer_context.go_live when set', () => {
    const plan = at((p) => {
      p.meta.last_customer_review = '2026-03-01';
      p.customer_context!.go_live = '2026-03-20';
    });
    expect(nextCustomerReview(plan)).toEqual({
      due: '2026-03-15',
      cadence: 'every two weeks until go-live on 2026-03-20',
    });
  });
  it('pre-sales: at the first major milestone after the last review', () => {
    const plan = withMilestone(
      at((p) => {
        p.meta.phase = 'develop';
        p.meta.status = 'draft';
        p.meta.last_customer_review = '2026-05-01';
      }),
      { id: 'ms-2', title: 'Technical evaluation passed', due: '2026-05-20', major: true },
    );
    withMilestone(plan, { id: 'ms-3', title: 'Minor', due: '2026-05-10' });
    expect(nextCustomerReview(plan)?.due).toBe('2026-05-20');
    expect(kinds(remindersFor(plan, '2026-05-20'), 'customer')).toEqual(['customer-review (new)']);
  });
});

describe('upcoming reminders', () => {
  it('lists what fires in the next days, as the plan stands', () => {
    const plan = withMilestone(executePlan(), { id: 'ms-1', title: 'CRM sync live', due: '2026-12-10' });
    const next = upcomingReminders(plan, '2026-11-22', 30);
    expect(next.map((r) => `${r.date} ${r.kind}`)).toEqual([
      '2026-12-01 stale-review',
      '2026-12-03 milestone-7d',
      '2026-12-09 milestone-1d',
      '2026-12-10 milestone-due',
      '2026-12-15 value-review',
      '2026-12-16 renewal-t30',
      '2026-12-18 milestone-missed',
    ]);
    expect(next.every((r) => !r.new)).toBe(true);
  });
});
