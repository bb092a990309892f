/** The InfoHub of the remind tests (tests/e2e/remind.test.ts, tests/cli/remind.test.ts), as of 2026-11-22: every kind of reminder once. */
import type { PlanSpec } from './hub-fixture.js';

/** The plans: which reminder each one fires is noted beside it. */
export const PLANS: PlanSpec[] = [
  {
    // stale 63 days post-sales; monthly review (15th) and quarterly refresh (Oct 15) due; last customer
    // review in June (steady state: quarterly, due Sep 1); four milestones at 7d, 1d, due, missed; renewal at T-120 today.
    account: 'acme',
    name: 'Acme Corp',
    updated: '2026-09-20',
    lastReview: '2026-06-01',
    renewal: '2027-03-22',
    milestones: [
      { id: 'ms-1', title: 'CRM sync live', due: '2026-11-27' },
      { id: 'ms-2', title: 'Admin training', due: '2026-11-23' },
      { id: 'ms-3', title: 'SSO rollout', due: '2026-11-20' },
      { id: 'ms-4', title: 'Data migration', due: '2026-11-10' },
    ],
  },
  { account: 'globex', phase: 'develop', updated: '2026-10-20', renewal: '2027-02-20' }, // stale-review (33 days), T-90 today
  {
    account: 'initech',
    updated: '2026-11-15',
    lastReview: '2026-11-15',
    lastRefresh: '2026-11-15',
    renewal: '2027-01-11',
    measurements: [{ date: '2026-11-16', value: 10 }],
  }, // T-60
  {
    account: 'umbrella',
    updated: '2026-11-15',
    lastReview: '2026-11-15',
    lastRefresh: '2026-11-15',
    renewal: '2026-12-02',
    measurements: [{ date: '2026-11-16', value: 10 }],
  }, // T-30
  {
    account: 'hooli',
    updated: '2026-11-15',
    lastReview: '2026-11-15',
    lastRefresh: '2026-11-15',
    renewal: '2026-11-22',
    measurements: [{ date: '2026-11-16', value: 10 }],
  }, // T-0 today
];
