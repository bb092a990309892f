import { describe, expect, it } from 'vitest';
import { draftTool } from '../../../src/ai/draft-request.js';
import { notesTool } from '../../../src/ai/notes-request.js';
import { accountPlanTool } from '../../../src/ai/account-plan-request.js';
import { schemaErrors } from '../../../src/ai/structured.js';
import { referencedDefinitions, stripExtensions } from '../../../src/ai/tool-schemas.js';
import { withoutInternal } from '../../../src/ai/context.js';
import { draftNeeds } from '../../../src/drafting/draft.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { startedPlan } from '../domain/fixtures.js';

const csp = loadSchema('csp');
const risk = {
  id: 'rk-1',
  title: 'Champion moves teams',
  probability: 'medium',
  impact: 'high',
  mitigation: 'Exec briefing',
  owner: 'Sarah Chen',
};

describe('the draft tool schema (derived from csp.schema.json)', () => {
  const tool = draftTool(csp, draftNeeds(startedPlan(), ['risks']));

  it('has exactly the requested section, and carries the definitions it refers to without x- keys', () => {
    expect(Object.keys(tool.inputSchema.properties as object).sort()).toEqual(['confidence', 'rationale', 'risks']);
    expect(tool.inputSchema.additionalProperties).toBe(false);
    expect(Object.keys(tool.inputSchema.definitions as object)).toEqual(
      referencedDefinitions(csp, { properties: tool.inputSchema.properties }),
    );
    expect(JSON.stringify(tool.inputSchema)).not.toMatch(/"x-/);
  });

  it.each([
    ['a good reply', { risks: [risk], confidence: 0.8 }, []],
    [
      'a field outside the section',
      { risks: [risk], confidence: 0.8, meta: { status: 'active' } },
      ['/meta: unknown property "meta"'],
    ],
    [
      'another section',
      { risks: [risk], confidence: 0.8, objectives: [] },
      ['/objectives: unknown property "objectives"'],
    ],
    [
      'a risk without a mitigation',
      { risks: [{ ...risk, mitigation: undefined }], confidence: 0.8 },
      ['/risks/0: missing required property "mitigation"'],
    ],
    [
      'an unknown field on an item',
      { risks: [{ ...risk, approved: true }], confidence: 0.8 },
      ['/risks/0/approved: unknown property "approved"'],
    ],
    ['a confidence above 1', { risks: [risk], confidence: 3 }, ['/confidence: confidence must be <= 1 (found 3)']],
  ])('judges %s', (_name, input, errors) => {
    expect(schemaErrors(tool.inputSchema, JSON.parse(JSON.stringify(input)))).toEqual(errors);
  });

  it('asks for 3-5 objectives with key results when a plan has none', () => {
    const objectives = draftTool(csp, draftNeeds(startedPlan(), ['objectives']));
    const errors = schemaErrors(objectives.inputSchema, {
      objectives: [{ id: 'obj-1', statement: 'x', owner: 'Sarah Chen', key_results: [] }],
      confidence: 0.5,
    });
    expect(errors).toEqual([
      '/objectives: objectives must NOT have fewer than 3 items',
      '/objectives/0/key_results: key_results must NOT have fewer than 1 items',
    ]);
  });
});

describe('the notes tool schema', () => {
  it("only offers the plan's own milestones and the five kinds of update", () => {
    const plan = startedPlan();
    plan.adoption_journey = {
      phases: [{ id: 'ph-1', name: 'Start', milestones: [{ id: 'ms-1', title: 'Kickoff', due: '2026-12-02' }] }],
    };
    const tool = notesTool(csp, loadSchema('decision_log'), plan);
    expect(Object.keys(tool.inputSchema.properties as object).sort()).toEqual([
      'actions',
      'decisions',
      'milestone_updates',
      'risks',
      'stakeholder_changes',
    ]);
    const empty = { decisions: [], actions: [], risks: [], stakeholder_changes: [], milestone_updates: [] };
    expect(
      schemaErrors(tool.inputSchema, {
        ...empty,
        milestone_updates: [{ milestone: 'meta', status: 'done', evidence: 'x', confidence: 1 }],
      }),
    ).toEqual(['/milestone_updates/0/milestone: milestone must be one of: ms-1 (found "meta")']);
    expect(schemaErrors(tool.inputSchema, { ...empty, set_status: 'active' })).toEqual([
      '/set_status: unknown property "set_status"',
    ]);
  });
});

describe('the account plan tool schema', () => {
  it('holds the nine parts of the PRD and the confidence', () => {
    const tool = accountPlanTool(loadSchema('account_plan'));
    expect(Object.keys(tool.inputSchema.properties as object)).toEqual([
      'executive_summary',
      'business_context',
      'strategic_objectives',
      'stakeholder_plan',
      'expansion_plan',
      'risk_mitigation',
      'qbr_schedule',
      'resource_plan',
      'action_plan_90day',
      'confidence',
    ]);
    expect(JSON.stringify(tool.inputSchema)).not.toContain('generation_context');
  });
});

describe('what the model is sent', () => {
  it('leaves out the fields the schema marks internal', () => {
    const plan = startedPlan();
    plan.risks = [
      {
        id: 'rk-1',
        title: 't',
        probability: 'low',
        impact: 'low',
        mitigation: 'm',
        analysis: 'CTO prefers the incumbent',
      },
    ];
    plan.internal_notes = { commercial_notes: '30% discount possible' };
    const sent = JSON.stringify(withoutInternal(csp, plan));
    expect(sent).not.toContain('Strong advocate');
    expect(sent).not.toContain('CTO prefers the incumbent');
    expect(sent).not.toContain('30% discount');
    expect(sent).toContain('Sarah Chen');
    expect(sent).toContain('"mitigation":"m"');
  });

  it('stripExtensions drops x- keys and the team-extension pattern', () => {
    expect(
      stripExtensions({
        type: 'object',
        'x-visibility': 'internal',
        patternProperties: { '^x-': {} },
        properties: { a: { 'x-crm-owned': true, type: 'string' } },
      }),
    ).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
  });
});
