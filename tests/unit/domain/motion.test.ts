import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { applyEditsToData } from '../../../src/domain/edit.js';
import { TransitionError } from '../../../src/domain/lifecycle.js';
import { planRecovery, planRenewal, withinDays } from '../../../src/domain/motion.js';
import type { Playbook } from '../../../src/domain/playbook.js';
import { checkRules } from '../../../src/domain/rules.js';
import { ROOT } from '../customer-health/helpers.js';
import { executePlan, withMilestone } from './plan-fixture.js';

const playbook = (name: string) =>
  yaml.load(readFileSync(`${ROOT}playbooks/${name}.yaml`, 'utf8'), { schema: yaml.CORE_SCHEMA }) as Playbook;

describe('csp renew: an executing plan becomes a renewal plan', () => {
  const plan = withMilestone(executePlan(), { id: 'ms-1', title: 'Go live', due: '2026-03-01' });
  const t = planRenewal(plan, playbook('renewal'), '2027-01-15', '2026-09-17');
  const after = applyEditsToData(plan, t.edits);

  it('adds the T-120 to T-0 milestones counted back from the renewal date, with fresh ids', () => {
    expect(after.meta.plan_type).toBe('renewal');
    const added = after.adoption_journey!.phases!.slice(2);
    expect(added.map((p) => p.id)).toEqual(['ph-3', 'ph-4', 'ph-5', 'ph-6']);
    expect(added.flatMap((p) => p.milestones!.map((m) => `${m.id} ${m.due} ${m.title.slice(0, 5)}`))).toEqual([
      'ms-2 2026-09-17 T-120',
      'ms-3 2026-10-17 T-90 ',
      'ms-4 2026-11-16 T-60 ',
      'ms-5 2026-12-16 T-30 ',
      'ms-6 2027-01-15 T-0 r',
    ]);
    expect(added.flatMap((p) => p.milestones!).every((m) => m.owner === 'Carl Ortiz')).toBe(true);
    expect(after.adoption_journey!.phases![1].milestones![0].id).toBe('ms-1');
  });

  it('extends the timeline so that every milestone is inside it with a 10% buffer', () => {
    expect(checkRules(after).filter((i) => ['milestone-outside-plan', 'contingency-buffer'].includes(i.code))).toEqual(
      [],
    );
    expect(after.meta.plan_end! > '2027-01-15').toBe(true);
  });

  it('lists the playbook risks to consider', () => {
    expect(t.notes.filter((n) => n.startsWith('risk to consider'))).toHaveLength(3);
  });

  it('refuses a plan that is not executing, or is already a renewal plan', () => {
    expect(() =>
      planRenewal(
        executePlan((p) => (p.meta.phase = 'finalize')),
        playbook('renewal'),
        '2027-01-15',
        '2026-09-17',
      ),
    ).toThrow(TransitionError);
    expect(() => planRenewal(after, playbook('renewal'), '2027-01-15', '2026-09-17')).toThrow('already a renewal plan');
  });
});

describe('csp recover: an executing plan becomes a recovery plan', () => {
  it('adds the recovery phases from the start date and each save play as an action due within its time', () => {
    const plays = [
      { trigger: 'usage_drop' as const, play: 'Adoption workshop', owner: 'CSM', within: '1 week' },
      { trigger: 'health_below_40' as const, play: 'Executive engagement', owner: 'VP CS', within: '48 hours' },
    ];
    const plan = executePlan();
    const after = applyEditsToData(plan, planRecovery(plan, playbook('recovery'), '2026-11-22', plays).edits);
    expect(after.meta.plan_type).toBe('recovery');
    const first = after.adoption_journey!.phases![2];
    expect([first.id, first.start]).toEqual(['ph-3', '2026-11-22']);
    expect(first.actions!.map((a) => `${a.id} ${a.when} ${a.what}`)).toEqual([
      'ac-1 2026-11-29 Save play for usage drop: Adoption workshop (CSM)',
      'ac-2 2026-11-24 Save play for health below 40: Executive engagement (VP CS)',
    ]);
    expect(checkRules(after).filter((i) => i.severity === 'error')).toEqual([]);
  });
  it.each([
    ['48 hours', 2],
    ['24 hours', 1],
    ['1 week', 7],
    ['3 days', 3],
    ['soon', 7],
  ])('reads "%s" as %s days', (text, days) => expect(withinDays(text)).toBe(days));
});
