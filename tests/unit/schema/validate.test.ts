/** JSON Schema validation (src/schema/validate.ts): readable messages, and every document kind. */
import { describe, expect, it } from 'vitest';
import type { ErrorObject } from 'ajv';
import { describeAjvErrors, validateSchema } from '../../../src/schema/validate.js';
import type { DocKind } from '../../../src/schema/documents.js';
import type { Plan } from '../../../src/domain/plan.js';
import { plan } from '../helpers/plans.js';

/** A document node as a loose record, to break it on purpose. */
const loose = (node: unknown) => node as Record<string, unknown>;

const SOURCE = 'schemas/ (JSON Schema)';
const invalid = async (mutate: (p: Plan & Record<string, unknown>) => void) =>
  validateSchema('csp', plan('finalize', mutate as (p: Plan) => void));

describe('describeAjvErrors: one readable issue per problem, at the most precise path, with a fix', () => {
  it.each<[string, (p: Plan & Record<string, any>) => void, object]>([
    [
      'required',
      (p) => void delete loose(p.meta).owner,
      {
        code: 'schema-required',
        path: '/meta',
        message: 'missing required property "owner"',
        hint: 'add owner: under /meta',
      },
    ],
    [
      'required in an item',
      (p) => void delete loose(p.risks![0]).impact,
      {
        code: 'schema-required',
        path: '/risks/0',
        message: 'missing required property "impact"',
        hint: 'add impact: under /risks/0',
      },
    ],
    [
      'required at the top level',
      (p) => void delete loose(p).meta,
      {
        code: 'schema-required',
        path: '',
        message: 'missing required property "meta"',
        hint: 'add meta: under the top level',
      },
    ],
    [
      'additionalProperties, with the x- hint',
      (p) => void (loose(p.meta).colour = 'blue'),
      {
        code: 'schema-additionalProperties',
        path: '/meta/colour',
        message: 'unknown property "colour"',
        hint: 'check the spelling against the schema, or rename it x-colour to keep it as a team extension',
      },
    ],
    [
      'additionalProperties at the top level',
      (p) => void (p.sucess_criteria = []),
      {
        code: 'schema-additionalProperties',
        path: '/sucess_criteria',
        message: 'unknown property "sucess_criteria"',
        hint: 'check the spelling against the schema, or rename it x-sucess_criteria to keep it as a team extension',
      },
    ],
    [
      'enum',
      (p) => void (p.meta.status = 'done' as never),
      {
        code: 'schema-enum',
        path: '/meta/status',
        message: 'status must be one of: draft, pending_review, approved, active (found "done")',
      },
    ],
    [
      'enum in a RACI cell',
      (p) => void ((p.governance!.raci![0] as Record<string, string>).csm = 'Z'),
      {
        code: 'schema-enum',
        path: '/governance/raci/0/csm',
        message: 'csm must be one of: R, A, C, I, R/A, A/R, - (found "Z")',
      },
    ],
    [
      'format date: 2027-02-30',
      (p) => void (p.meta.plan_end = '2027-02-30'),
      {
        code: 'schema-format',
        path: '/meta/plan_end',
        message: 'plan_end must be a real calendar date written YYYY-MM-DD (found "2027-02-30")',
        hint: 'quote dates in YAML: due: "2027-03-31"',
      },
    ],
    [
      'format date: another form',
      (p) => void (p.adoption_journey!.phases![0].milestones![0].due = '12/02/2026'),
      {
        code: 'schema-format',
        path: '/adoption_journey/phases/0/milestones/0/due',
        message: 'due must be a real calendar date written YYYY-MM-DD (found "12/02/2026")',
        hint: 'quote dates in YAML: due: "2027-03-31"',
      },
    ],
    [
      'type: a string for an integer',
      (p) => void (loose(p.stakeholders![1]).relationship_score = 'high'),
      {
        code: 'schema-type',
        path: '/stakeholders/1/relationship_score',
        message: 'relationship_score must be integer (found string "high")',
      },
    ],
    [
      'type: a number for a string',
      (p) => void (loose(p.customer_context).industry = 42),
      { code: 'schema-type', path: '/customer_context/industry', message: 'industry must be string (found number 42)' },
    ],
    [
      'type: a list for a section',
      (p) => void (p.customer_context = [] as never),
      { code: 'schema-type', path: '/customer_context', message: 'customer_context must be object (found a list)' },
    ],
    [
      'type: a mapping for a measure (number or string)',
      (p) => void (loose(p.success_criteria![0]).baseline = { a: 1 }),
      {
        code: 'schema-type',
        path: '/success_criteria/0/baseline',
        message: 'baseline must be number or string (found a mapping)',
      },
    ],
    [
      'type: null where a date is required',
      (p) => void (loose(p.meta).plan_start = null),
      { code: 'schema-type', path: '/meta/plan_start', message: 'plan_start must be string (found null)' },
    ],
    [
      'const',
      (p) => void (loose(p).schema_version = 2),
      { code: 'schema-const', path: '/schema_version', message: 'schema_version must be 1 (found 2)' },
    ],
    [
      'pattern',
      (p) => void (p.stakeholders![0].id = 'person-1'),
      {
        code: 'schema-pattern',
        path: '/stakeholders/0/id',
        message: 'id "person-1" does not have the expected form (^sh-[0-9]+$)',
      },
    ],
    [
      'maxItems',
      (p) => void p.success_criteria!.push(...[3, 4, 5, 6].map((n) => ({ id: `sc-${n}`, criterion: 'c' }))),
      {
        code: 'schema-maxItems',
        path: '/success_criteria',
        message: 'success_criteria has more than 5 items',
        hint: 'keep at most 5: merge or remove some',
      },
    ],
    [
      'minLength',
      (p) => void (p.stakeholders![1].name = ''),
      { code: 'schema-minLength', path: '/stakeholders/1/name', message: 'name must not be empty' },
    ],
    [
      'maxLength',
      (p) => void (p.customer_context!.industry = 'x'.repeat(501)),
      {
        code: 'schema-maxLength',
        path: '/customer_context/industry',
        message: 'industry is longer than 500 characters',
      },
    ],
    [
      'minimum',
      (p) => void (p.meta.arr_usd = -1),
      { code: 'schema-minimum', path: '/meta/arr_usd', message: 'arr_usd must be >= 0 (found -1)' },
    ],
    [
      'maximum',
      (p) => void (p.stakeholders![1].relationship_score = 101),
      {
        code: 'schema-maximum',
        path: '/stakeholders/1/relationship_score',
        message: 'relationship_score must be <= 100 (found 101)',
      },
    ],
  ])('%s', async (_, mutate, issue) => {
    expect(await invalid(mutate)).toEqual([{ severity: 'error', source: SOURCE, ...issue }]);
  });

  it('shortens long values in messages', async () => {
    const [issue] = await invalid((p) => void (p.meta.status = 'x'.repeat(100) as never));
    expect(issue.message).toBe(
      `status must be one of: draft, pending_review, approved, active (found "${'x'.repeat(56)}...)`,
    );
  });

  it('reports several problems in one document, each once', async () => {
    const issues = await invalid((p) => {
      p.meta.status = 'done' as never;
      p.meta.plan_end = '2027-02-30';
      loose(p.meta).colour = 'blue';
    });
    expect(issues.map((i) => i.path)).toEqual(['/meta/colour', '/meta/status', '/meta/plan_end']);
  });

  it('keeps team extensions (x- keys) without validating them', async () => {
    expect(
      await invalid((p) => {
        p['x-team'] = { anything: [1, 2] };
        loose(p.meta)['x-region'] = 'EMEA';
        loose(p.risks![0])['x-jira'] = 'CS-12';
      }),
    ).toEqual([]);
  });

  it('drops duplicate issues (same path and message)', () => {
    const e: ErrorObject = {
      keyword: 'required',
      instancePath: '/meta',
      schemaPath: '#/x',
      params: { missingProperty: 'owner' },
    };
    expect(describeAjvErrors([e, { ...e, schemaPath: '#/y' }], {})).toHaveLength(1);
  });

  it("falls back to ajv's message for other keywords", () => {
    const e: ErrorObject = {
      keyword: 'uniqueItems',
      instancePath: '/list',
      schemaPath: '#/u',
      params: {},
      message: 'must NOT have duplicate items',
    };
    expect(describeAjvErrors([e], { list: [1, 1] })).toEqual([
      {
        code: 'schema-uniqueItems',
        severity: 'error',
        source: SOURCE,
        path: '/list',
        message: 'list must NOT have duplicate items',
      },
    ]);
  });
});

describe('validateSchema: every document kind', () => {
  const meta = {
    account: 'acme',
    account_name: 'Acme',
    plan_type: 'onboarding',
    phase: 'initiate',
    status: 'draft',
    owner: { name: 'P', role: 'SA' },
    created: '2026-01-01',
    updated: '2026-01-01',
  };
  const playbook = {
    plan_type: 'onboarding',
    title: 'T',
    timeline: { anchor: 'plan_start', start_day: 0, end_day: 10 },
    phases: [{ name: 'P', start_day: 0, end_day: 9, milestones: [{ title: 'M', day: 5 }] }],
  };

  it.each<[DocKind, string, unknown]>([
    ['csp', 'the minimal plan', { schema_version: 1, meta }],
    ['csp', 'a finalize plan', plan('finalize')],
    ['action_tracker', 'no actions', { schema_version: 1, account: 'acme', actions: [] }],
    [
      'action_tracker',
      'a synced milestone and a hand-added item with extra fields',
      {
        schema_version: 1,
        account: 'acme',
        actions: [
          {
            id: 'ms-1',
            title: 'Kickoff',
            due: '2026-12-02',
            status: 'done',
            source: 'csp#milestone/ms-1',
            sync: { hash: 'abcdef12', at: '2026-11-22' },
          },
          { id: 'act-1', title: 'Call', due: null, team_field: 'kept' },
        ],
      },
    ],
    [
      'risk_register',
      'a synced risk',
      {
        schema_version: 1,
        account: 'acme',
        risks: [
          {
            id: 'rk-1',
            title: 'Champion leaves',
            probability: 'medium',
            impact: 'high',
            rag: 'red',
            source: 'csp#risk/rk-1',
          },
        ],
      },
    ],
    [
      'decision_log',
      'a decision linked to an objective',
      {
        schema_version: 1,
        account: 'acme',
        decisions: [
          { id: 'dec-1', date: '2026-11-22', decision: 'SSO via Okta', objective: 'obj-1', status: 'decided' },
        ],
      },
    ],
    ['config', 'an empty file', {}],
    [
      'config',
      'every setting',
      {
        schema_version: 1,
        default_plan_type: 'renewal',
        min_arr_usd: 50000,
        require_manager_approval: true,
        playbooks_dir: 'team-playbooks',
        stage_mapping: 'stages.yaml',
        health_model: 'health.yaml',
        max_file_bytes: 1024,
        ai: { model: 'claude', max_tokens: 256, timeout_ms: 1000, max_retries: 0 },
      },
    ],
    ['playbook', 'the minimal playbook', playbook],
  ])('%s: %s is valid', async (kind, _, data) => {
    expect(await validateSchema(kind, data)).toEqual([]);
  });

  it.each<[DocKind, string, unknown, Array<[string, string]>]>([
    ['csp', 'no meta', { schema_version: 1 }, [['schema-required', '']]],
    [
      'csp',
      'an unsafe account slug',
      { schema_version: 1, meta: { ...meta, account: '../etc' } },
      [['schema-pattern', '/meta/account']],
    ],
    [
      'action_tracker',
      'an item without a title',
      { schema_version: 1, account: 'acme', actions: [{ id: 'ms-1' }] },
      [['schema-required', '/actions/0']],
    ],
    [
      'action_tracker',
      'a bad source and due date',
      { schema_version: 1, account: 'acme', actions: [{ id: 'ms-1', title: 't', due: '2027-02-30', source: 'crm#1' }] },
      [
        ['schema-format', '/actions/0/due'],
        ['schema-pattern', '/actions/0/source'],
      ],
    ],
    [
      'risk_register',
      'a bad probability',
      { schema_version: 1, account: 'acme', risks: [{ id: 'rk-1', title: 't', probability: 'huge' }] },
      [['schema-enum', '/risks/0/probability']],
    ],
    ['risk_register', 'no risks list', { schema_version: 1, account: 'acme' }, [['schema-required', '']]],
    [
      'decision_log',
      'a bad id and objective',
      {
        schema_version: 1,
        account: 'acme',
        decisions: [{ id: 'd-1', date: '2026-11-22', decision: 'x', objective: 'goal-1' }],
      },
      [
        ['schema-pattern', '/decisions/0/id'],
        ['schema-pattern', '/decisions/0/objective'],
      ],
    ],
    [
      'config',
      'a tiny max_file_bytes and an unknown key',
      { max_file_bytes: 10, colour: 'x' },
      [
        ['schema-additionalProperties', '/colour'],
        ['schema-minimum', '/max_file_bytes'],
      ],
    ],
    [
      'config',
      'a bad plan type and AI setting',
      { default_plan_type: 'upsell', ai: { max_tokens: 100 } },
      [
        ['schema-enum', '/default_plan_type'],
        ['schema-minimum', '/ai/max_tokens'],
      ],
    ],
    [
      'playbook',
      'a bad anchor and a day out of range',
      { ...playbook, timeline: { anchor: 'start', start_day: 0, end_day: 4000 } },
      [
        ['schema-enum', '/timeline/anchor'],
        ['schema-maximum', '/timeline/end_day'],
      ],
    ],
    ['playbook', 'no phases', { ...playbook, phases: [] }, [['schema-minItems', '/phases']]],
  ])('%s: %s is invalid', async (kind, _, data, expected) => {
    expect((await validateSchema(kind, data)).map((i) => [i.code, i.path])).toEqual(expected);
  });
});
