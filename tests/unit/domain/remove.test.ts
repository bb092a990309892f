/** `csp remove <kind>` in the pure core (src/domain/remove.ts): every kind, references, cascade, refusals. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import jsYaml from 'js-yaml';
import { planRemove, RemoveError, REMOVE_KINDS, type RemoveKind } from '../../../src/domain/remove.js';
import { ADD_KINDS } from '../../../src/domain/add.js';
import { applyEditsToData } from '../../../src/domain/edit.js';
import type { Plan } from '../../../src/domain/plan.js';
import type { DecisionLog } from '../../../src/domain/types.gen.js';
import { REPO_ROOT } from '../helpers/plans.js';

/** The fixture plan (finalize), with a measurement, an action depending on a milestone and a metric linked to a criterion. */
function fixture(): Plan {
  const p = jsYaml.load(readFileSync(`${REPO_ROOT}tests/fixtures/csp/csp.example.yaml`, 'utf8')) as Plan;
  p.adoption_journey!.phases![1].actions!.push({
    id: 'ac-3',
    what: 'Train CSMs',
    who: 'sh-1',
    when: '2026-12-22',
    depends_on: ['ms-2', 'ac-2'],
  } as never);
  p.value_tracking!.metrics![0].measurements = [{ date: '2026-11-20', value: 2.5 }];
  p.value_tracking!.metrics!.push({
    id: 'vm-2',
    name: 'Health coverage',
    baseline: 0,
    target: 100,
    linked_to: 'sc-2',
    measurements: [],
  } as never);
  return p;
}
const LOG: DecisionLog = {
  schema_version: 1,
  account: 'techcorp-industries',
  decisions: [
    {
      id: 'dec-1',
      date: '2026-11-20',
      decision: 'SSO first',
      objective: 'obj-2',
      links: ['ms-2', 'https://example.com'],
    },
    { id: 'dec-2', date: '2026-11-21', decision: 'Follow-up', links: ['dec-1'] },
  ],
};
const ids = (data: unknown): string[] =>
  JSON.stringify(data)
    .match(/"id":"[a-z]+-\d+"/g)!
    .map((m) => m.slice(6, -1));

describe('planRemove', () => {
  it('knows every kind csp add creates', () => {
    expect([...REMOVE_KINDS].sort()).toEqual([...ADD_KINDS].sort());
  });

  it.each<[RemoveKind, string, (p: Plan, log: DecisionLog) => void]>([
    ['stakeholder', 'sh-2', () => {}],
    ['objective', 'obj-3', () => {}],
    ['key-result', 'kr-3', () => {}],
    ['criterion', 'sc-1', () => {}],
    ['phase', 'ph-1', () => {}],
    ['milestone', 'ms-1', () => {}],
    ['action', 'ac-3', () => {}],
    ['risk', 'rk-1', () => {}],
    ['metric', 'vm-1', () => {}],
    ['decision', 'dec-2', () => {}],
  ])('removes a %s that nothing refers to (%s)', (kind, id) => {
    const p = fixture();
    if (kind === 'stakeholder') {
      // sh-2 owns things: give them to sh-1 first.
      for (const ph of p.adoption_journey!.phases!)
        for (const m of ph.milestones ?? []) if (m.owner === 'sh-2') m.owner = 'sh-1';
      for (const ph of p.adoption_journey!.phases!)
        for (const a of ph.actions ?? []) if (a.who === 'sh-2') a.who = 'sh-1';
      p.business_outcomes!.objectives![2].owner = 'sh-1';
    }
    if (kind === 'phase') p.adoption_journey!.phases![0].milestones = [];
    const r = planRemove(p, LOG, kind, id);
    expect(r.refused).toBe(false);
    expect(r.references).toEqual([]);
    const after = kind === 'decision' ? applyEditsToData(LOG, r.logEdits) : applyEditsToData(p, r.planEdits);
    expect(ids(after)).not.toContain(id);
    expect(ids(kind === 'decision' ? LOG : p)).toContain(id);
  });

  it('removes a measurement by <metric>@<date> or with a date, a resource by text or number, a RACI row by activity', () => {
    const p = fixture();
    for (const [kind, ref, date] of [
      ['measurement', 'vm-1@2026-11-20'],
      ['measurement', 'vm-1', '2026-11-20'],
    ] as const) {
      const r = planRemove(p, LOG, kind, ref, { date });
      expect(applyEditsToData(p, r.planEdits).value_tracking!.metrics![0].measurements).toEqual([]);
      expect(r.id).toBe('vm-1@2026-11-20');
    }
    expect(
      applyEditsToData(p, planRemove(p, LOG, 'resource', 'customer admin (20%)').planEdits).technical_evaluation!
        .resources,
    ).toEqual(['1 SA (50%)', 'integration engineer (2 weeks)']);
    expect(applyEditsToData(p, planRemove(p, LOG, 'resource', '1').planEdits).technical_evaluation!.resources).toEqual([
      'customer admin (20%)',
      'integration engineer (2 weeks)',
    ]);
    expect(
      applyEditsToData(p, planRemove(p, LOG, 'raci', 'qbr preparation').planEdits).governance!.raci!.map(
        (r) => r.activity,
      ),
    ).toEqual(['CRM integration']);
  });

  it('refuses a referenced item with the list, and --cascade cuts the references', () => {
    const p = fixture();
    const refused = planRemove(p, LOG, 'milestone', 'ms-2');
    expect(refused.refused).toBe(true);
    expect(refused.planEdits).toEqual([]);
    expect(refused.references.map((r) => r.description)).toEqual([
      'action ac-3 depends on ms-2',
      'decision dec-1 links ms-2',
    ]);
    expect(refused.references[0].field).toBe('adoption_journey.phases.ph-2.actions.ac-3.depends_on');
    const cascaded = planRemove(p, LOG, 'milestone', 'ms-2', { cascade: true });
    expect(cascaded.refused).toBe(false);
    const plan = applyEditsToData(p, cascaded.planEdits);
    expect(plan.adoption_journey!.phases![1].actions!.find((a) => a.id === 'ac-3')!.depends_on).toEqual(['ac-2']);
    expect(plan.adoption_journey!.phases![1].milestones!.map((m) => m.id)).toEqual(['ms-3']);
    expect(applyEditsToData(LOG, cascaded.logEdits).decisions[0].links).toEqual(['https://example.com']);
  });

  it('cuts an objective from its decisions and its key results from the metrics linked to them', () => {
    const p = fixture();
    p.value_tracking!.metrics![0].linked_to = 'kr-2';
    const refused = planRemove(p, LOG, 'objective', 'obj-2');
    expect(refused.removed).toEqual(['obj-2', 'kr-2']);
    expect(refused.references.map((r) => r.description)).toEqual([
      'value metric vm-1 is linked to kr-2',
      'decision dec-1 serves obj-2',
    ]);
    const done = planRemove(p, LOG, 'objective', 'obj-2', { cascade: true });
    expect(applyEditsToData(p, done.planEdits).value_tracking!.metrics![0].linked_to).toBeUndefined();
    expect(applyEditsToData(LOG, done.logEdits).decisions[0].objective).toBeUndefined();
    // A criterion linked from a metric; a decision linked from another.
    expect(planRemove(p, LOG, 'criterion', 'sc-2').references.map((r) => r.description)).toEqual([
      'value metric vm-2 is linked to sc-2',
    ]);
    expect(planRemove(p, LOG, 'decision', 'dec-1').references.map((r) => r.description)).toEqual([
      'decision dec-2 links dec-1',
    ]);
  });

  it('takes a phase with its milestones and actions only with --cascade, and cuts what depended on them', () => {
    const p = fixture();
    const refused = planRemove(p, LOG, 'phase', 'ph-2');
    expect(refused.refused).toBe(true);
    expect(refused.references.map((r) => r.description)).toContain('milestone ms-2 "CRM sync live" is in phase ph-2');
    const done = planRemove(p, LOG, 'phase', 'ph-2', { cascade: true });
    expect(done.removed).toEqual(['ph-2', 'ms-2', 'ms-3', 'ac-1', 'ac-2', 'ac-3']);
    expect(applyEditsToData(p, done.planEdits).adoption_journey!.phases!.map((ph) => ph.id)).toEqual(['ph-1']);
    expect(applyEditsToData(LOG, done.logEdits).decisions[0].links).toEqual(['https://example.com']);
  });

  it('refuses a stakeholder who still owns items, even with --cascade, naming the set command that reassigns each', () => {
    const p = fixture();
    for (const cascade of [false, true]) {
      const r = planRemove(p, LOG, 'stakeholder', 'sh-3', { cascade });
      expect(r.refused).toBe(true);
      expect(r.references.map((x) => x.description)).toEqual([
        'milestone ms-1 is owned by sh-3',
        'action ac-2 is owned by sh-3',
        'risk rk-1 is owned by sh-3',
      ]);
      expect(r.references[0].fix).toBe(
        'csp set techcorp-industries adoption_journey.phases.ph-1.milestones.ms-1.owner "<name>"',
      );
    }
    // Owned by name: the same; a name that is also the plan owner's still resolves.
    p.stakeholders!.push({ id: 'sh-4', name: 'Priya Natarajan', side: 'vendor', role: 'SA' } as never);
    p.risks![0].owner = 'Priya Natarajan';
    expect(planRemove(p, LOG, 'stakeholder', 'sh-4').refused).toBe(false);
  });

  it('names the known ids when the id names nothing', () => {
    expect(() => planRemove(fixture(), LOG, 'risk', 'rk-9')).toThrow(RemoveError);
    try {
      planRemove(fixture(), LOG, 'milestone', 'ms-9');
    } catch (error) {
      expect((error as RemoveError).hint).toBe('known: ms-1, ms-2, ms-3');
    }
    expect(() => planRemove(fixture(), LOG, 'measurement', 'vm-1')).toThrow(/by its date/);
  });
});
