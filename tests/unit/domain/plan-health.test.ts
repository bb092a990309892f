/** CSP health (src/domain/plan-health.ts; SPEC "Health and reminders"): verdicts and every reason. */
import { describe, expect, it } from 'vitest';
import { HEALTH_DAYS, cspHealth, lastReview, metricTrend } from '../../../src/domain/plan-health.js';
import type { Plan } from '../../../src/domain/plan.js';
import { plan } from '../helpers/plans.js';

// plan(...).meta.updated is 2026-11-02; the last customer review 2026-10-28; milestones due from 2026-12-02.
const AS_OF = '2026-11-22';
const reasons = (p: Plan, asOf = AS_OF) => cspHealth(p, asOf).reasons.map((r) => [r.code, r.level]);

describe('cspHealth', () => {
  it.each(['finalize', 'execute'] as const)('a complete, fresh, reviewed %s plan is complete and healthy', (phase) => {
    expect(cspHealth(plan(phase), AS_OF)).toEqual({ complete: true, verdict: 'healthy', staleDays: 20, reasons: [] });
  });

  it('has the SPEC thresholds', () => {
    expect(HEALTH_DAYS).toEqual({ stale: 30, atRisk: 60, reviewWithin: 90, disengagedAfter: 180 });
  });

  it.each<[string, string, string, Array<[string, string]>]>([
    ['updated 29 days ago', '2026-10-24', '2026-11-22', []],
    ['updated 30 days ago: needs attention', '2026-10-23', '2026-11-22', [['stale', 'attention']]],
    ['updated 59 days ago: needs attention', '2026-09-24', '2026-11-22', [['stale', 'attention']]],
    ['updated 60 days ago: at risk', '2026-09-23', '2026-11-22', [['stale', 'at_risk']]],
  ])('%s', (_, updated, asOf, expected) => {
    const p = plan('finalize', (x) => {
      x.meta.created = '2026-09-01';
      x.meta.updated = updated;
      x.meta.last_customer_review = asOf;
    });
    expect(reasons(p, asOf)).toEqual(expected);
  });

  it('says how stale', () => {
    const p = plan('finalize', (x) => void ((x.meta.updated = '2026-09-23'), (x.meta.created = '2026-09-01')));
    const h = cspHealth(p, '2026-11-22');
    expect(h.staleDays).toBe(60);
    expect(h.reasons[0].message).toBe('not updated for 60 days (at risk from 60)');
  });

  it.each<[string, (p: Plan) => void, Array<[string, string]>, string]>([
    [
      'a milestone past due and not done: at risk',
      (p) => void (p.adoption_journey!.phases![0].milestones![0].due = '2026-11-20'),
      [['milestone-overdue', 'at_risk']],
      'at_risk',
    ],
    [
      'a milestone due today is not overdue',
      (p) => void (p.adoption_journey!.phases![0].milestones![0].due = AS_OF),
      [],
      'healthy',
    ],
    [
      'a done milestone past due is fine',
      (p) => void Object.assign(p.adoption_journey!.phases![0].milestones![0], { due: '2026-11-20', status: 'done' }),
      [],
      'healthy',
    ],
    [
      'a RED risk without mitigation: at risk',
      (p) => void Object.assign(p.risks![1], { probability: 'high', impact: 'high', mitigation: '' }),
      [
        ['incomplete-risk-mitigations', 'incomplete'],
        ['proposal-blocked', 'at_risk'],
        ['red-risk-unmitigated', 'at_risk'],
      ],
      'at_risk',
    ],
    [
      'a closed RED risk without mitigation is fine',
      (p) => void Object.assign(p.risks![1], { probability: 'high', impact: 'high', mitigation: '', status: 'closed' }),
      [],
      'healthy',
    ],
    [
      'a value metric moving away from its target: at risk',
      (p) => void (p.value_tracking!.metrics![0].measurements = [{ date: '2026-11-01', value: 3.5 }]),
      [['value-declining', 'at_risk']],
      'at_risk',
    ],
    [
      'a value metric improving is fine',
      (p) => void (p.value_tracking!.metrics![0].measurements = [{ date: '2026-11-01', value: 2 }]),
      [],
      'healthy',
    ],
    [
      'no review for 91 days: needs attention',
      (p) => void ((p.meta.last_customer_review = '2026-08-23'), (p.governance!.customer_reviews = [])),
      [['no-recent-review', 'attention']],
      'needs_attention',
    ],
    [
      'a review 90 days ago is within the quarter',
      (p) => void ((p.meta.last_customer_review = '2026-08-24'), (p.governance!.customer_reviews = [])),
      [],
      'healthy',
    ],
    [
      'the review log counts when meta has no date',
      (p) =>
        void ((p.meta.last_customer_review = null),
        (p.governance!.customer_reviews = [{ date: '2026-11-01', with: 'sh-2' }])),
      [],
      'healthy',
    ],
    [
      'every customer stakeholder low: at risk',
      (p) => p.stakeholders!.filter((s) => s.side === 'customer').forEach((s) => (s.engagement = 'low')),
      [['customer-not-engaged', 'at_risk']],
      'at_risk',
    ],
    [
      'a highly engaged customer who left does not count',
      (p) => void ((p.stakeholders![2].engagement = 'low'), (p.stakeholders![1].left = '2026-11-01')),
      [
        ['champion-left', 'attention'],
        ['customer-not-engaged', 'at_risk'],
      ],
      'at_risk',
    ],
    // issue 15: a finalize plan that lacks a section is not healthy: its Stage 4 proposal is blocked
    [
      'the plan is incomplete: not complete, its proposal blocked',
      (p) => void (p.risks = []),
      [
        ['incomplete-risks', 'incomplete'],
        ['proposal-blocked', 'at_risk'],
      ],
      'at_risk',
    ],
  ])('finalize: %s', (_, mutate, expected, verdict) => {
    const h = cspHealth(plan('finalize', mutate), AS_OF);
    expect(h.reasons.map((r) => [r.code, r.level])).toEqual(expected);
    expect(h.verdict).toBe(verdict);
    expect(h.complete).toBe(!expected.some(([, level]) => level === 'incomplete'));
  });

  it.each<[string, string | null, Array<[string, string]>]>([
    ['reviewed 100 days ago: attention only', '2026-08-14', [['no-recent-review', 'attention']]],
    [
      'reviewed 181 days ago: not engaged, at risk',
      '2026-05-25',
      [
        ['no-recent-review', 'attention'],
        ['customer-not-engaged', 'at_risk'],
      ],
    ],
    ['reviewed 180 days ago', '2026-05-26', [['no-recent-review', 'attention']]],
    // issue 15: an execute plan with no customer review at all lacks what its phase requires
    [
      'never reviewed',
      null,
      [
        ['incomplete-for-phase', 'attention'],
        ['no-recent-review', 'attention'],
        ['customer-not-engaged', 'at_risk'],
      ],
    ],
  ])('execute (post-sales): %s', (_, review, expected) => {
    const p = plan('execute', (x) => {
      x.meta.last_customer_review = review;
      x.governance!.customer_reviews = [];
    });
    expect(reasons(p)).toEqual(expected);
  });

  it('initiate and develop plans are not asked for a customer review', () => {
    expect(
      reasons(plan('develop', (p) => void (p.meta.last_customer_review = null))).filter(
        ([c]) => c === 'no-recent-review',
      ),
    ).toEqual([]);
  });

  it('lists the requirements a finalize plan must meet as incomplete reasons, not the handoff', () => {
    const h = cspHealth(plan('initiate'), AS_OF);
    expect(h.complete).toBe(false);
    expect(h.reasons.map((r) => r.code)).toEqual([
      'incomplete-success-criteria',
      'incomplete-tech-eval-plan',
      'incomplete-tech-eval-resources',
      'incomplete-tech-eval-timeline',
      'incomplete-milestones',
      'incomplete-adoption-phases',
      'incomplete-risks',
      'incomplete-value-metrics',
      'incomplete-raci',
    ]);
    expect(h.reasons[0].message).toBe('no success criteria (1-5 are needed)');
  });

  it('the worst level decides, every reason is kept', () => {
    const p = plan('finalize', (x) => {
      x.meta.created = '2026-01-01';
      x.meta.updated = '2026-10-01';
      x.adoption_journey!.phases![0].milestones![0].due = '2026-11-01';
    });
    const h = cspHealth(p, AS_OF);
    expect(h.verdict).toBe('at_risk');
    expect(h.reasons.map((r) => r.code)).toEqual(['stale', 'milestone-overdue']);
    expect(h.reasons[1].message).toBe('milestone ms-1 "Kickoff held" was due 2026-11-01 (21 days overdue)');
  });

  it('staleDays is null without a valid updated date', () => {
    expect(
      cspHealth(
        plan('finalize', (p) => void (p.meta.updated = 'soon')),
        AS_OF,
      ).staleDays,
    ).toBeNull();
  });
});

describe('metricTrend', () => {
  it.each<[string, Parameters<typeof metricTrend>[0], ReturnType<typeof metricTrend>]>([
    [
      'down towards a lower target',
      { baseline: 3, target: 0.5, measurements: [{ date: '2027-01-01', value: 2 }] },
      'improving',
    ],
    [
      'up away from a lower target',
      { baseline: 3, target: 0.5, measurements: [{ date: '2027-01-01', value: 4 }] },
      'declining',
    ],
    [
      'up towards a higher target',
      { baseline: 0, target: 80, measurements: [{ date: '2027-01-01', value: 20 }] },
      'improving',
    ],
    ['no change', { baseline: 0, target: 80, measurements: [{ date: '2027-01-01', value: 0 }] }, 'flat'],
    [
      'the last two measurements count, sorted by date',
      {
        baseline: 0,
        target: 80,
        measurements: [
          { date: '2027-03-01', value: 40 },
          { date: '2027-01-01', value: 50 },
        ],
      },
      'declining',
    ],
    [
      'overshooting the target moves away from it',
      {
        baseline: 0,
        target: 80,
        measurements: [
          { date: '2027-01-01', value: 70 },
          { date: '2027-02-01', value: 95 },
        ],
      },
      'declining',
    ],
    [
      'a text baseline: only the measurements',
      {
        baseline: 'manual',
        target: 10,
        measurements: [
          { date: '2027-01-01', value: 2 },
          { date: '2027-02-01', value: 5 },
        ],
      },
      'improving',
    ],
    ['one point only', { baseline: 3, target: 0.5, measurements: [] }, null],
    ['no measurements at all', { baseline: 3, target: 0.5 }, null],
    ['a text target', { baseline: 3, target: 'low', measurements: [{ date: '2027-01-01', value: 2 }] }, null],
  ])('%s', (_, metric, trend) => {
    expect(metricTrend(metric)).toBe(trend);
  });
});

describe('lastReview', () => {
  it.each<[string | null, Array<{ date: string; with: string }>, string | null]>([
    ['2026-10-28', [], '2026-10-28'],
    [
      null,
      [
        { date: '2026-09-01', with: 'a' },
        { date: '2026-11-01', with: 'a' },
        { date: '2026-10-01', with: 'a' },
      ],
      '2026-11-01',
    ],
    ['2026-10-28', [{ date: '2026-11-05', with: 'a' }], '2026-11-05'],
    [null, [], null],
  ])('meta %s, log %j -> %s', (meta, log, out) => {
    expect(
      lastReview(
        plan('finalize', (p) => void ((p.meta.last_customer_review = meta), (p.governance!.customer_reviews = log))),
      ),
    ).toBe(out);
  });
});
