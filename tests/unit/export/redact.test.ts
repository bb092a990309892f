import { describe, expect, it } from 'vitest';
import { commercialPaths, internalPaths, redact } from '../../../src/export/redact.js';
import { loadSchema, type JsonSchema } from '../../../src/schema/schemas.js';
import { validateSchema } from '../../../src/schema/validate.js';
import { exportPlan, FIXTURE_PLAN } from '../../helpers/export-plan.js';

const schema = loadSchema('csp');
const copy = (): JsonSchema => structuredClone(schema);
const defs = (s: JsonSchema) =>
  s.definitions as Record<string, JsonSchema & { properties: Record<string, JsonSchema> }>;

describe('redact for the customer (driven by the schema annotations)', () => {
  it('drops every field the shipped schema marks internal, and keeps risk mitigations', () => {
    const plan = exportPlan(FIXTURE_PLAN);
    const { data, withheld } = redact(plan, schema, 'customer');
    // The commercial fields (issue 15) first: ARR, the stage and the CRM's ids are internal by default.
    expect(withheld).toEqual([
      '/meta/opportunity_stage',
      '/meta/arr_usd',
      '/meta/crm/source',
      '/meta/crm/account_id',
      '/meta/crm/opportunity_id',
      '/stakeholders/0/internal_assessment',
      '/stakeholders/1/internal_assessment',
      '/risks/0/analysis',
      '/handoff',
      '/internal_notes',
    ]);
    expect(data.handoff).toBeUndefined();
    expect(data.internal_notes).toBeUndefined();
    expect(data.stakeholders!.every((s) => s.internal_assessment === undefined)).toBe(true);
    expect(data.risks![0].analysis).toBeUndefined();
    expect(data.risks![0].mitigation).toBe(plan.risks![0].mitigation);
    expect(data.stakeholders![0].name).toBe('Sarah Chen');
  });

  it('lists the internal paths of the shipped schema', () => {
    expect(internalPaths(schema).sort()).toEqual([
      'handoff',
      'internal_notes',
      'meta.approvals',
      'meta.arr_usd',
      'meta.closed_won_date',
      'meta.crm.account_id',
      'meta.crm.opportunity_id',
      'meta.crm.opportunity_name',
      'meta.crm.raw_stage',
      'meta.crm.source',
      'meta.crm.synced',
      'meta.generation',
      'meta.imported',
      'meta.opportunity_stage',
      'meta.sa_validated_evaluation',
      'meta.stage2_date',
      'meta.strategic',
      'risks.*.analysis',
      'stakeholders.*.internal_assessment',
    ]);
  });

  it('leaves the internal view and its input untouched', () => {
    const plan = exportPlan(FIXTURE_PLAN);
    const before = structuredClone(plan);
    expect(redact(plan, schema, 'internal')).toEqual({ data: before, withheld: [] });
    redact(plan, schema, 'customer');
    expect(plan).toEqual(before);
  });

  it('gives a customer view that is still a valid CSP', async () => {
    const { data } = redact(exportPlan(FIXTURE_PLAN), schema, 'customer');
    expect(await validateSchema('csp', data)).toEqual([]);
  });

  it('redacts a field newly annotated internal with no code change', () => {
    const annotated = copy();
    defs(annotated).customerContext.properties.background['x-visibility'] = 'internal';
    defs(annotated).milestone.properties.deliverable['x-visibility'] = 'internal';
    const { data, withheld } = redact(exportPlan(FIXTURE_PLAN), annotated, 'customer');
    expect(data.customer_context!.background).toBeUndefined();
    expect(data.customer_context!.industry).toBe('Technology');
    expect(
      data.adoption_journey!.phases!.flatMap((p) => p.milestones ?? []).some((m) => m.deliverable !== undefined),
    ).toBe(false);
    expect(withheld).toContain('/customer_context/background');
    expect(withheld).toContain('/adoption_journey/phases/0/milestones/0/deliverable');
    expect(internalPaths(annotated)).toContain('adoption_journey.phases.*.milestones.*.deliverable');
  });

  it('redacts a whole definition, and array items whose items schema is internal', () => {
    const annotated = copy();
    defs(annotated).technicalEvaluation['x-visibility'] = 'internal';
    (defs(annotated).valueMetric.properties.measurements.items as JsonSchema)['x-visibility'] = 'internal';
    const { data, withheld } = redact(exportPlan(FIXTURE_PLAN), annotated, 'customer');
    expect(data.technical_evaluation).toBeUndefined();
    expect(data.value_tracking!.metrics!.map((m) => m.measurements)).toEqual([[], []]);
    expect(withheld).toContain('/value_tracking/metrics/0/measurements/1');
  });

  it.each([
    ['an unknown visibility value', 'secret'],
    ['a boolean', true],
  ])('treats %s as internal (fail closed)', (_, value) => {
    const annotated = copy();
    defs(annotated).customerContext.properties.segment['x-visibility'] = value;
    expect(redact(exportPlan(FIXTURE_PLAN), annotated, 'customer').data.customer_context!.segment).toBeUndefined();
  });

  it('keeps a field annotated "customer"', () => {
    const annotated = copy();
    defs(annotated).customerContext.properties.segment['x-visibility'] = 'customer';
    expect(redact(exportPlan(FIXTURE_PLAN), annotated, 'customer').data.customer_context!.segment).toBe('Enterprise');
  });

  it('drops team x- keys everywhere unless the schema annotates them for the customer', () => {
    const plan = exportPlan(FIXTURE_PLAN) as unknown as Record<string, any>;
    plan['x-deal-desk'] = { discount: 30 };
    plan.meta['x-sfdc-owner'] = 'jane';
    plan.stakeholders[0]['x-notes'] = 'private';
    plan.adoption_journey.phases[0].milestones[0]['x-jira'] = 'CS-12';
    const { data, withheld } = redact(plan, schema, 'customer');
    expect(JSON.stringify(data)).not.toMatch(/x-deal-desk|x-sfdc-owner|x-notes|x-jira/);
    expect(withheld).toEqual(
      expect.arrayContaining([
        '/x-deal-desk',
        '/meta/x-sfdc-owner',
        '/stakeholders/0/x-notes',
        '/adoption_journey/phases/0/milestones/0/x-jira',
      ]),
    );

    const annotated = copy();
    (defs(annotated).milestone as any).patternProperties['^x-'] = { 'x-visibility': 'customer' };
    const shared = redact(plan, annotated, 'customer').data as any;
    expect(shared.adoption_journey.phases[0].milestones[0]['x-jira']).toBe('CS-12');
    expect(shared.stakeholders[0]['x-notes']).toBeUndefined();
  });

  it('drops keys the schema does not describe, but keeps RACI role columns (additionalProperties)', () => {
    const plan = exportPlan(FIXTURE_PLAN) as unknown as Record<string, any>;
    plan.meta.secret_field = 'not in the schema';
    plan.risks[0].notes = 'not in the schema';
    const { data, withheld } = redact(plan, schema, 'customer');
    expect((data as any).meta.secret_field).toBeUndefined();
    expect((data as any).risks[0].notes).toBeUndefined();
    expect(withheld).toEqual(expect.arrayContaining(['/meta/secret_field', '/risks/0/notes']));
    expect((data as any).governance.raci[0]).toEqual({
      activity: 'CRM integration',
      customer_exec: 'I',
      customer_admin: 'R',
      csm: 'A',
      support: 'C',
    });
  });

  it('follows allOf/anyOf branches and $refs, failing closed when any branch says internal', () => {
    const s: JsonSchema = {
      type: 'object',
      definitions: { secret: { type: 'string', 'x-visibility': 'internal' }, open: { type: 'string' } },
      properties: {
        a: {
          anyOf: [
            { type: 'object', properties: { k: { $ref: '#/definitions/open' } } },
            { type: 'object', properties: { k: { $ref: '#/definitions/secret' } } },
          ],
        },
        b: { allOf: [{ type: 'object', properties: { k: { type: 'string' } } }] },
        c: {
          type: 'array',
          items: [{ type: 'string' }, { type: 'string', 'x-visibility': 'internal' }],
          additionalItems: false,
        },
        d: {},
      },
    };
    const { data } = redact(
      { a: { k: 'x' }, b: { k: 'y' }, c: ['one', 'two', 'three'], d: { anything: { deep: 1 } } },
      s,
      'customer',
    );
    expect(data).toEqual({ a: {}, b: { k: 'y' }, c: ['one'], d: { anything: { deep: 1 } } });
  });
});

describe('commercial fields (issue 15)', () => {
  it('are internal by default, and shown to customers only where the team lists them', () => {
    const plan = exportPlan(FIXTURE_PLAN);
    plan.meta.crm = {
      source: 'salesforce',
      account_id: '001',
      opportunity_id: '006',
      opportunity_name: 'Acme - Expansion',
      raw_stage: 'Negotiation',
    };
    const hidden = redact(plan, schema, 'customer').data;
    expect(hidden.meta.arr_usd).toBeUndefined();
    expect(hidden.meta.opportunity_stage).toBeUndefined();
    expect(hidden.meta.crm).toEqual({});
    const shown = redact(plan, schema, 'customer', { show: ['meta.arr_usd', 'meta.crm.opportunity_name'] }).data;
    expect(shown.meta.arr_usd).toBe(plan.meta.arr_usd);
    expect(shown.meta.crm).toEqual({ opportunity_name: 'Acme - Expansion' });
    expect(shown.meta.opportunity_stage).toBeUndefined();
    // Only commercial fields can be shown: listing another internal field does nothing.
    expect(
      redact(plan, schema, 'customer', { show: ['risks.*.analysis', 'internal_notes'] }).data.internal_notes,
    ).toBeUndefined();
  });

  it('are the fields the config schema lets a team show (one list, from the csp schema)', () => {
    const config = loadSchema('config') as any;
    expect([...config.properties.customer_export.properties.show.items.enum].sort()).toEqual(
      commercialPaths(schema).sort(),
    );
  });
});
