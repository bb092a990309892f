import { describe, expect, it } from 'vitest';
import { applyEditsToData, append, set } from '../../../src/domain/edit.js';
import {
  DRAFT_SECTIONS,
  DraftError,
  draftEdits,
  draftNeeds,
  draftOffline,
  editsOutside,
  keyResultOf,
  parseSections,
} from '../../../src/drafting/draft.js';
import { gateIssues } from '../../../src/domain/gates.js';
import { checkRules } from '../../../src/domain/rules.js';
import { cspHealth } from '../../../src/domain/plan-health.js';
import type { SimilarAccount } from '../../../src/similarity/similar.js';
import { playbook, startedPlan } from '../domain/fixtures.js';

const generation = { date: '2026-11-22', engine: 'offline' as const, model: null };

describe('draftNeeds', () => {
  it('asks for every section of a plan that has only its context', () => {
    const needs = draftNeeds(startedPlan());
    expect(needs.map((n) => n.section)).toEqual([...DRAFT_SECTIONS]);
    expect(needs[0].addObjectives).toEqual({ min: 3, max: 5 });
    expect(needs.find((n) => n.section === 'technical-evaluation')?.techEvalFields).toEqual([
      'plan',
      'scope',
      'resources',
      'timeline',
    ]);
  });

  it('never asks for what is filled in: objectives are topped up, bare objectives get key results', () => {
    const plan = startedPlan();
    plan.business_outcomes!.objectives = [
      {
        id: 'obj-1',
        statement: 'Cut QBR preparation from 3 days to half a day',
        key_results: [{ id: 'kr-1', metric: 'QBR prep days', baseline: 3, target: 0.5 }],
      },
      { id: 'obj-2', statement: 'Retire two legacy tools' },
      { id: 'obj-3', statement: 'Reach 80% weekly active use' },
    ];
    plan.risks = [{ id: 'rk-1', title: 'x', probability: 'low', impact: 'low', mitigation: 'y' }];
    const needs = draftNeeds(plan, ['objectives', 'risks']);
    expect(needs).toEqual([
      {
        section: 'objectives',
        description: 'key results for obj-2, obj-3',
        objectivesWithoutKeyResults: ['obj-2', 'obj-3'],
      },
    ]);
  });

  it.each([
    [['objectives,risks'], ['objectives', 'risks']],
    [
      ['criteria', 'phases'],
      ['success-criteria', 'adoption-journey'],
    ],
    [
      ['RACI', 'value_tracking'],
      ['raci', 'value-metrics'],
    ],
  ])('parses --sections %j', (given, sections) => {
    expect(parseSections(given)).toEqual(sections);
  });

  it('refuses an unknown section', () => {
    expect(() => parseSections(['objectives,budget'])).toThrow(DraftError);
  });
});

describe('draftOffline', () => {
  it('drafts a plan that meets every requirement of the finalize gate and breaks no rule', () => {
    const plan = startedPlan();
    const draft = draftOffline({
      plan,
      playbook: playbook(),
      similar: [],
      needs: draftNeeds(plan),
      today: '2026-11-22',
    });
    const { edits } = draftEdits(plan, draft.content, generation, draft.confidence);
    const after = applyEditsToData(plan, edits);
    expect(gateIssues(after, 'finalize')).toEqual([]);
    expect(checkRules(after).filter((i) => i.severity !== 'info')).toEqual([]);
    expect(after.business_outcomes!.objectives!.length).toBe(4);
  });

  it.each(['onboarding', 'expansion', 'renewal', 'recovery'] as const)(
    'meets the finalize gate for a %s plan',
    (type) => {
      const plan = startedPlan({ planType: type });
      const draft = draftOffline({
        plan,
        playbook: playbook(type),
        similar: [],
        needs: draftNeeds(plan),
        today: '2026-11-22',
      });
      const after = applyEditsToData(plan, draftEdits(plan, draft.content, generation, draft.confidence).edits);
      expect(gateIssues(after, 'finalize')).toEqual([]);
      expect(checkRules(after).filter((i) => i.severity === 'error')).toEqual([]);
    },
  );

  it('is deterministic and marks every drafted item with ai_generated and a confidence in 0-1', () => {
    const plan = startedPlan();
    const a = draftOffline({ plan, playbook: playbook(), similar: [], needs: draftNeeds(plan), today: '2026-11-22' });
    const b = draftOffline({ plan, playbook: playbook(), similar: [], needs: draftNeeds(plan), today: '2026-11-22' });
    expect(a).toEqual(b);
    const after = applyEditsToData(plan, draftEdits(plan, a.content, generation, a.confidence).edits);
    const items = [
      ...after.business_outcomes!.objectives!,
      ...after.success_criteria!,
      ...after.risks!,
      ...after.value_tracking!.metrics!,
      ...after.adoption_journey!.phases!,
    ];
    for (const item of items) {
      expect(item.ai_generated).toBe(true);
      expect(item.ai_confidence).toBeGreaterThan(0);
      expect(item.ai_confidence).toBeLessThanOrEqual(1);
    }
  });

  it('fills what the playbook lacks from a similar account, with our name, and is surer of shared suggestions', () => {
    const plan = startedPlan();
    const peer = startedPlan({ account: 'globex', name: 'Globex' });
    peer.business_outcomes!.objectives = [
      {
        id: 'obj-1',
        statement: 'Give every Globex CSM a health score for each account by Q2',
        key_results: [
          {
            id: 'kr-1',
            metric: 'Accounts with a health score',
            unit: 'percent',
            baseline: 0,
            target: 100,
            due: '2027-03-01',
          },
        ],
      },
    ];
    peer.risks = [
      {
        id: 'rk-1',
        title: 'Low adoption after go-live',
        probability: 'medium',
        impact: 'high',
        mitigation: 'Weekly adoption review',
      },
      {
        id: 'rk-2',
        title: 'Globex data warehouse migration competes for the same engineers',
        probability: 'high',
        impact: 'medium',
        mitigation: 'Agree engineer time with Globex IT at kickoff',
      },
    ];
    const similar: SimilarAccount[] = [
      {
        account: 'globex',
        planType: 'onboarding',
        industry: 'Technology',
        arrUsd: 250_000,
        health: 'healthy',
        complete: false,
        because: [],
        plan: peer,
      },
    ];
    const book = { ...playbook(), objectives: playbook().objectives!.slice(0, 2) };
    const draft = draftOffline({ plan, playbook: book, similar, needs: draftNeeds(plan), today: '2026-11-22' });
    const statements = draft.content.objectives!.map((o) => o.statement);
    expect(statements).toContain('Give every Acme Corp CSM a health score for each account by Q2');
    expect(draft.content.objectives!.find((o) => o.statement.startsWith('Give'))!.key_results![0].due).toBe(
      '2027-03-01',
    );
    const risks = draft.content.risks!;
    expect(risks.map((r) => r.title)).toContain('Acme Corp data warehouse migration competes for the same engineers');
    expect(risks.find((r) => r.title === 'Low adoption after go-live')!.ai_confidence).toBe(0.7);
    expect(risks.find((r) => r.title.startsWith('Customer resources'))!.ai_confidence).toBe(0.6);
  });
});

describe('draftEdits', () => {
  it("gives drafted items fresh ids after the plan's, and links between them follow", () => {
    const plan = startedPlan();
    plan.business_outcomes!.objectives = [
      { id: 'obj-1', statement: 'Existing', key_results: [{ id: 'kr-1', metric: 'm', baseline: 1 }] },
    ];
    const content = {
      objectives: [
        {
          id: 'obj-1',
          statement: 'New one',
          key_results: [{ id: 'kr-1', metric: 'New metric', baseline: 0, target: 5 }],
        },
      ],
      value_metrics: [{ id: 'vm-1', name: 'New metric', baseline: 0, target: 5, linked_to: 'kr-1' }],
    };
    const { edits, items, record } = draftEdits(plan, content, generation, 0.8);
    const after = applyEditsToData(plan, edits);
    expect(after.business_outcomes!.objectives![1]).toMatchObject({
      id: 'obj-2',
      key_results: [{ id: 'kr-2', ai_generated: true, ai_confidence: 0.8 }],
    });
    expect(after.value_tracking!.metrics![0]).toMatchObject({ id: 'vm-1', linked_to: 'kr-2' });
    expect(items.map((i) => i.id)).toEqual(['obj-2', 'vm-1']);
    expect(record).toMatchObject({
      command: 'draft',
      engine: 'offline',
      sections: ['objectives', 'value-metrics'],
      items: ['obj-2', 'vm-1'],
      confidence: 0.8,
    });
    expect(after.meta.generation).toEqual([record]);
  });

  it('editsOutside names edits beyond the requested sections', () => {
    const edits = [
      append(['risks'], {}),
      set(['meta', 'status'], 'active'),
      append(['meta', 'generation'], {}),
      append(['business_outcomes', 'objectives'], {}),
    ];
    expect(editsOutside(edits, ['risks']).map((e) => e.path.join('.'))).toEqual([
      'meta.status',
      'business_outcomes.objectives',
    ]);
  });
});

describe('a drafted plan is complete for CSP health', () => {
  it('has no incompleteness reason left but the customer review', () => {
    const plan = startedPlan();
    const draft = draftOffline({
      plan,
      playbook: playbook(),
      similar: [],
      needs: draftNeeds(plan),
      today: '2026-11-22',
    });
    const after = applyEditsToData(plan, draftEdits(plan, draft.content, generation, draft.confidence).edits);
    expect(cspHealth(after, '2026-11-22').reasons.filter((r) => r.level === 'incomplete')).toEqual([]);
  });
});

describe('keyResultOf', () => {
  it.each([
    [
      'Cut trial site onboarding from 11 weeks to 6 weeks by 2027-06-30',
      { metric: 'Trial site onboarding', unit: 'weeks', baseline: 11, target: 6, due: '2027-06-30' },
    ],
    [
      'Reduce ticket backlog from 120 to 40 tickets',
      { metric: 'Ticket backlog', unit: 'tickets', baseline: 120, target: 40 },
    ],
    ['Reach 80% weekly active use among 60 CSMs', { metric: 'Weekly active use', unit: 'percent', target: 80 }],
    ['Give every study manager a live view of site status by 2027-03-31', null],
  ])('reads the key result a SMART objective states: %s', (statement, kr) => {
    expect(keyResultOf(statement)).toEqual(kr);
  });

  it('uses it for an objective of the plan that has no key result', () => {
    const plan = startedPlan();
    plan.business_outcomes!.objectives = [
      {
        id: 'obj-1',
        statement: 'Cut trial site onboarding from 11 weeks to 6 weeks by 2027-06-30',
        owner: 'Sarah Chen',
      },
      { id: 'obj-2', statement: 'Retire two legacy tools by 2027-01-31' },
      { id: 'obj-3', statement: 'Reach 80% weekly active use of licensed users by day 60' },
    ];
    const draft = draftOffline({
      plan,
      playbook: playbook(),
      similar: [],
      needs: draftNeeds(plan, ['objectives']),
      today: '2026-11-22',
    });
    expect(
      draft.content.key_results!.map((k) => [
        k.objective,
        k.key_result.metric,
        k.key_result.baseline,
        k.key_result.target,
        k.key_result.due,
        k.key_result.ai_confidence,
      ]),
    ).toEqual([
      ['obj-1', 'Trial site onboarding', 11, 6, '2027-06-30', 0.6],
      ['obj-2', 'Retire two legacy tools by 2027-01-31: done', 0, 100, '2027-01-31', 0.4],
      ['obj-3', 'Weekly active use', undefined, 80, '2027-03-01', 0.6],
    ]);
  });
});
