import { describe, expect, it } from 'vitest';
import { planRefresh } from '../../../src/domain/refresh.js';
import { decisionsByObjective } from '../../../src/domain/decisions.js';
import { planMeasurement, valueProgress } from '../../../src/domain/value.js';
import { applyEditsToData } from '../../../src/domain/edit.js';
import { executePlan, withMilestone } from './plan-fixture.js';

describe('planRefresh', () => {
  const plan = executePlan((p) => {
    p.adoption_journey!.phases![0].milestones = [
      { id: 'ms-1', title: 'Kickoff', due: '2026-01-16', status: 'done', owner: 'sh-3' },
    ];
    p.success_criteria = [
      {
        id: 'sc-1',
        criterion: 'QBR prep in half a day',
        baseline: '3 days',
        target: 'half a day',
        status: 'partially_met',
      },
    ];
    p.value_tracking!.metrics![0].linked_to = 'sc-1';
    p.value_tracking!.metrics![0].measurements = [{ date: '2026-10-01', value: 14 }];
    p.risks = [{ id: 'rk-1', title: 'Budget cut', probability: 'high', impact: 'high', status: 'open' }];
  });
  withMilestone(plan, { id: 'ms-2', title: 'CRM sync live', due: '2026-10-30', status: 'done', owner: 'sh-3' });
  withMilestone(plan, { id: 'ms-3', title: 'Data migration', due: '2026-11-10' });
  withMilestone(plan, { id: 'ms-4', title: 'Admin training', due: '2026-12-05' });
  const r = planRefresh(plan, '2026-11-22');

  it('assesses each phase', () => {
    expect(r.phases.map((p) => `${p.id} ${p.done}/${p.total} ${p.state}`)).toEqual([
      'ph-1 1/1 complete',
      'ph-2 1/3 late',
    ]);
  });
  it('says what is next, what slipped, what was done this quarter, the risks to update and the asks', () => {
    expect(r.next[0]).toBe('Current phase: ph-2 Adoption (1 of 3 milestones done, ends 2026-04-15)');
    expect(r.next).toContain('ms-4 "Admin training" due 2026-12-05 (Sarah Chen)');
    expect(r.done).toEqual(['ms-2 "CRM sync live" done 2026-10-30 (its due date)']);
    expect(r.slipped).toEqual(['ms-3 "Data migration" was due 2026-11-10 (12 days late, not_started, Sarah Chen)']);
    expect(r.risks).toEqual([
      'rk-1 "Budget cut" (RED, open): needs a mitigation; needs an owner; RED: review the mitigation with the customer',
      'milestone ms-3 "Data migration" is 12 days late: add or update a risk for it',
    ]);
    expect(r.value).toEqual([
      'sc-1 QBR prep in half a day: partially met (baseline 3 days, target half a day); vm-1 QBR prep hours: 24 -> 14 hours on 2026-10-01 (target 4 hours): 50% of the way, improving',
    ]);
    expect(r.asks).toEqual(['Sarah Chen: Data migration by 2026-11-10', 'Sarah Chen: Admin training by 2026-12-05']);
    expect(r.markdown).toContain('| ph-2 Adoption | 2026-02-16 to 2026-04-15 | 1 of 3 (1 overdue) | late |');
  });
});

describe('value tracking', () => {
  it('shows progress from baseline to target, including going past it', () => {
    const metric = {
      id: 'vm-1',
      name: 'Hours',
      baseline: 24,
      target: 4,
      measurements: [
        { date: '2026-11-01', value: 2 },
        { date: '2026-10-01', value: 10 },
      ],
    };
    expect(valueProgress(metric)).toMatchObject({
      latest: { date: '2026-11-01', value: 2 },
      progress: 110,
      trend: 'improving',
      measurements: 2,
    });
  });
  it('replaces a measurement on the same date instead of adding a second', () => {
    const plan = executePlan((p) => (p.value_tracking!.metrics![0].measurements = [{ date: '2026-11-22', value: 12 }]));
    const same = planMeasurement(plan, { metric: 'vm-1', value: '11', today: '2026-11-22' });
    expect(same.replaced).toBe(true);
    expect(applyEditsToData(plan, same.edits).value_tracking!.metrics![0].measurements).toEqual([
      { date: '2026-11-22', value: 11 },
    ]);
    const next = planMeasurement(plan, {
      metric: 'QBR prep hours',
      value: '10',
      date: '2026-10-22',
      today: '2026-11-22',
    });
    expect(() =>
      planMeasurement(plan, { metric: 'vm-1', value: '10', date: '2026-12-22', today: '2026-11-22' }),
    ).toThrow('is after today');
    expect(next.replaced).toBe(false);
    expect(applyEditsToData(plan, next.edits).value_tracking!.metrics![0].measurements).toHaveLength(2);
    expect(() => planMeasurement(plan, { metric: 'vm-9', value: '1', today: '2026-11-22' })).toThrow(
      '--metric "vm-9" is not a value metric of acme',
    );
  });
});

describe('decisionsByObjective', () => {
  it('lists each objective with the decisions that name it, and the ones naming an unknown objective', () => {
    const plan = executePlan(
      (p) =>
        (p.business_outcomes = {
          objectives: [
            { id: 'obj-1', statement: 'Faster QBRs' },
            { id: 'obj-2', statement: 'Health for all' },
          ],
        }),
    );
    const log = {
      decisions: [
        { id: 'dec-2', date: '2026-10-01', decision: 'Use Okta SSO', objective: 'obj-1', status: 'decided' as const },
        { id: 'dec-1', date: '2026-09-01', decision: 'Pilot with two teams', objective: 'obj-1' },
        { id: 'dec-3', date: '2026-10-02', decision: 'Drop the data lake', objective: 'obj-7' },
        { id: 'dec-4', date: '2026-10-03', decision: 'Unlinked' },
      ],
    };
    const { objectives, unknown } = decisionsByObjective(plan, log);
    expect(objectives.map((o) => [o.id, o.decisions.map((d) => d.id)])).toEqual([
      ['obj-1', ['dec-1', 'dec-2']],
      ['obj-2', []],
    ]);
    expect(unknown.map((d) => `${d.id} ${d.objective}`)).toEqual(['dec-3 obj-7']);
  });
});
