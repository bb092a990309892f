import { describe, expect, it } from 'vitest';
import { diffPlans, leaves } from '../../../src/history/diff.js';

const base = {
  schema_version: 1,
  meta: { account: 'acme', phase: 'develop', owner: { name: 'Priya', role: 'SA' }, last_customer_review: null },
  business_outcomes: {
    current_state: 'Three tools',
    objectives: [{ id: 'obj-1', statement: 'Cut QBR prep', key_results: [{ id: 'kr-1', target: 0.5 }] }],
  },
  success_criteria: [{ id: 'sc-1', criterion: 'Live QBR deck', due: '2027-02-28' }],
  adoption_journey: {
    phases: [
      { id: 'ph-1', name: 'Foundation', milestones: [{ id: 'ms-1', title: 'Kickoff', due: '2026-12-02' }] },
      { id: 'ph-2', name: 'Implementation', milestones: [] },
    ],
  },
  risks: [{ id: 'rk-1', title: 'Single-threaded', probability: 'medium', impact: 'high', status: 'open' }],
};

const clone = () => structuredClone(base) as any;

describe('diffPlans', () => {
  it('finds nothing between a plan and itself, and treats null, empty and absent alike', () => {
    const b = clone();
    delete b.meta.last_customer_review;
    b.governance = { raci: [] };
    expect(diffPlans(base, b)).toEqual({ sections: [], counts: { added: 0, removed: 0, changed: 0 } });
  });

  it('reports owner and phase as meta fields', () => {
    const b = clone();
    b.meta.owner = { name: 'Dana', role: 'CA' };
    b.meta.phase = 'finalize';
    expect(diffPlans(base, b).sections).toEqual([
      {
        section: 'meta',
        changes: [
          { change: 'changed', field: 'phase', before: 'develop', after: 'finalize' },
          { change: 'changed', field: 'owner.name', before: 'Priya', after: 'Dana' },
          { change: 'changed', field: 'owner.role', before: 'SA', after: 'CA' },
        ],
      },
    ]);
  });

  it('matches milestones by id across phases: a move is a change of phase, not a removal', () => {
    const b = clone();
    b.adoption_journey.phases[0].milestones = [];
    b.adoption_journey.phases[1].milestones = [
      { id: 'ms-1', title: 'Kickoff', due: '2026-12-09' },
      { id: 'ms-2', title: 'Go live', due: '2027-01-10' },
    ];
    const diff = diffPlans(base, b);
    expect(diff.sections).toEqual([
      {
        section: 'milestones',
        changes: [
          {
            change: 'changed',
            id: 'ms-1',
            label: 'Kickoff',
            fields: [
              { field: 'due', before: '2026-12-02', after: '2026-12-09' },
              { field: 'phase', before: 'ph-1', after: 'ph-2' },
            ],
          },
          {
            change: 'added',
            id: 'ms-2',
            label: 'Go live',
            after: { id: 'ms-2', title: 'Go live', due: '2027-01-10', phase: 'ph-2' },
          },
        ],
      },
    ]);
    expect(diff.counts).toEqual({ added: 1, removed: 0, changed: 1 });
  });

  it.each([
    [
      'objectives',
      (p: any) => (p.business_outcomes.objectives[0].key_results[0].target = 1),
      { change: 'changed', id: 'obj-1', fields: [{ field: 'key_results[kr-1].target', before: 0.5, after: 1 }] },
    ],
    [
      'success criteria',
      (p: any) => p.success_criteria.push({ id: 'sc-2', criterion: 'Health scores' }),
      { change: 'added', id: 'sc-2', label: 'Health scores' },
    ],
    ['risks', (p: any) => p.risks.splice(0, 1), { change: 'removed', id: 'rk-1', label: 'Single-threaded' }],
    [
      'business outcomes',
      (p: any) => (p.business_outcomes.current_state = 'Two tools'),
      { change: 'changed', field: 'current_state', before: 'Three tools', after: 'Two tools' },
    ],
    ['other', (p: any) => (p.x_custom = { note: 'hi' }), { change: 'added', field: 'x_custom.note', after: 'hi' }],
  ])('reports a change in %s', (section, edit, change) => {
    const b = clone();
    edit(b);
    const found = diffPlans(base, b).sections;
    expect(found.map((s) => s.section)).toEqual([section]);
    expect(found[0].changes).toEqual([expect.objectContaining(change)]);
  });

  it('copes with data that is not a plan at all', () => {
    expect(diffPlans(null, 'text').sections).toEqual([]);
    expect(diffPlans({ risks: 'none' }, { risks: [{ title: 'no id' }] }).sections).toEqual([]);
  });
});

describe('leaves', () => {
  it('keys lists of items by id and other lists by position', () => {
    expect([...leaves({ a: [{ id: 'x-1', v: 1 }], b: [{ date: 'd', value: 2 }], c: ['p', 'q'] })]).toEqual([
      ['a[x-1].v', 1],
      ['b[0].date', 'd'],
      ['b[0].value', 2],
      ['c[0]', 'p'],
      ['c[1]', 'q'],
    ]);
  });
});
