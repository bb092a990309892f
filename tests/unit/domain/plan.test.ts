/** The plan model's questions (src/domain/plan.ts): ids, people, milestones, filled. */
import { describe, expect, it } from 'vitest';
import { actionsOf, filled, idsWithPrefix, milestonesOf, nextId, peopleOf } from '../../../src/domain/plan.js';
import { CA, SA, plan } from '../helpers/plans.js';

describe('ids', () => {
  it.each([
    ['ms', [], 'ms-1'],
    ['ms', ['ms-1', 'ms-2'], 'ms-3'],
    ['ms', ['ms-2', 'ms-10', 'ms-9'], 'ms-11'],
    ['sh', ['sh-x'], 'sh-1'],
    ['dec', ['dec-4'], 'dec-5'],
  ])('nextId(%s, %j) = %s', (prefix, existing, id) => {
    expect(nextId(prefix, existing)).toBe(id);
  });

  it('idsWithPrefix finds ids anywhere in the plan, exactly of that prefix', () => {
    const p = plan('finalize');
    expect(idsWithPrefix(p, 'ms')).toEqual(['ms-1', 'ms-2', 'ms-3']);
    expect(idsWithPrefix(p, 'kr')).toEqual(['kr-1', 'kr-2', 'kr-3']);
    expect(idsWithPrefix(p, 'ac')).toEqual(['ac-1', 'ac-2']);
    expect(idsWithPrefix(p, 'm')).toEqual([]);
  });
});

describe('milestonesOf and actionsOf', () => {
  it('lists milestones in document order with their phase and path', () => {
    expect(
      milestonesOf(plan('finalize')).map((m) => [m.milestone.id, m.phaseId, m.phaseName, m.path.join('/')]),
    ).toEqual([
      ['ms-1', 'ph-1', 'Foundation', 'adoption_journey/phases/0/milestones/0'],
      ['ms-2', 'ph-2', 'Adoption', 'adoption_journey/phases/1/milestones/0'],
      ['ms-3', 'ph-2', 'Adoption', 'adoption_journey/phases/1/milestones/1'],
    ]);
    expect(actionsOf(plan('finalize')).map((a) => [a.action.id, a.phaseId, a.path.join('/')])).toEqual([
      ['ac-1', 'ph-1', 'adoption_journey/phases/0/actions/0'],
      ['ac-2', 'ph-1', 'adoption_journey/phases/0/actions/1'],
    ]);
    expect(milestonesOf(plan('initiate'))).toEqual([]);
  });
});

describe('peopleOf', () => {
  const people = peopleOf(plan('execute'));

  it.each([
    ['sh-2', 'Sarah Chen'],
    [' sh-2 ', 'Sarah Chen'],
    ['sarah chen', 'Sarah Chen'],
    ['  SARAH CHEN ', 'Sarah Chen'],
    [CA, CA],
  ])('resolves %j to %s', (ref, name) => {
    expect(people.resolve(ref)?.name).toBe(name);
  });

  it.each(['sh-9', 'Sarah', 'SH-2', ''])('does not resolve %j', (ref) => {
    expect(people.resolve(ref)).toBeUndefined();
  });

  it('resolves the plan owner who is not a stakeholder, and describes them', () => {
    const p = plan('finalize', (x) => void (x.stakeholders = x.stakeholders!.filter((s) => s.name !== SA)));
    expect(peopleOf(p).resolve('priya natarajan')).toEqual({ name: SA });
    expect(peopleOf(p).describe()).toBe('Sarah Chen (sh-2), Marcus Webb (sh-3), Priya Natarajan (plan owner)');
    expect(peopleOf(plan('finalize')).describe()).toBe('Priya Natarajan (sh-1), Sarah Chen (sh-2), Marcus Webb (sh-3)');
  });

  it('says how to add someone when the plan has nobody', () => {
    const p = plan('initiate', (x) => {
      x.stakeholders = [];
      (x.meta.owner as { name?: string }).name = undefined;
    });
    expect(peopleOf(p).describe()).toBe('none yet: add one with `csp add stakeholder`');
  });
});

describe('filled', () => {
  it.each([
    ['text', true],
    ['  ', false],
    ['', false],
    [[], false],
    [['a'], true],
    [0, true],
    [false, true],
    [null, false],
    [undefined, false],
    [{}, true],
  ])('%j -> %s', (value, ok) => {
    expect(filled(value)).toBe(ok);
  });
});
