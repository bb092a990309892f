/** `csp init`'s new plan (src/domain/scaffold.ts newPlan): schema-valid, in schema key order, contacts deduplicated. */
import { describe, expect, it } from 'vitest';
import { newPlan, type NewPlanInput } from '../../../src/domain/scaffold.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { keyOrderAt } from '../../../src/schema/walk.js';
import { checkData } from '../../../src/validation/check.js';
import { shippedPlaybook } from '../helpers/plans.js';

const schema = loadSchema('csp');
const BASE: NewPlanInput = {
  account: 'acme',
  accountName: 'Acme Corp',
  planType: 'onboarding',
  owner: { name: 'Priya Natarajan' },
  planStart: '2026-12-01',
  today: '2026-11-22',
};
const FULL: NewPlanInput = {
  ...BASE,
  owner: { name: 'Priya Natarajan', email: 'priya@vendor.example' },
  stage: 'Stage 3',
  arrUsd: 250000,
  strategic: true,
  industry: 'Technology',
  segment: 'Enterprise',
  employees: 1200,
  region: 'EMEA',
  useCase: 'Support consolidation',
  background: 'Three tools today.',
  contractStart: '2026-12-01',
  contractEnd: '2027-11-30',
  renewalDate: '2027-11-30',
  crm: { source: 'salesforce', account_id: '001A', opportunity_id: '006B' },
  contacts: [{ name: 'Sarah Chen', title: 'VP Product', email: 'sarah@acme.example', crmId: '003C' }],
  stage2Date: '2026-10-01',
  closedWonDate: '2026-11-20',
};

/** Checks that every map's keys come in the order the schema lists them. */
function expectSchemaOrder(value: unknown, path: Array<string | number> = []): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => expectSchemaOrder(v, [...path, i]));
    return;
  }
  if (!value || typeof value !== 'object') return;
  const order = keyOrderAt(schema, path);
  if (order) {
    const keys = Object.keys(value);
    expect(keys, `keys at /${path.join('/')}`).toEqual(order.filter((k) => keys.includes(k)));
  }
  for (const [k, v] of Object.entries(value)) expectSchemaOrder(v, [...path, k]);
}

describe('newPlan', () => {
  it.each([
    ['from the required flags only', BASE],
    ['from every flag and a CRM record', FULL],
    ['a renewal plan', { ...BASE, planType: 'renewal' as const }],
    ['an expansion plan', { ...BASE, planType: 'expansion' as const }],
    ['a recovery plan', { ...BASE, planType: 'recovery' as const }],
  ])('%s: schema-valid, no errors or warnings, keys in schema order', async (_, input) => {
    const p = newPlan(input, shippedPlaybook(input.planType));
    expect((await checkData('csp', p)).filter((i) => i.severity !== 'info')).toEqual([]);
    expectSchemaOrder(p);
  });

  it('is an initiate draft owned by the SA, the SA as first vendor stakeholder, blanks for what the SA writes', () => {
    expect(newPlan(BASE, shippedPlaybook('onboarding'))).toEqual({
      schema_version: 1,
      meta: {
        account: 'acme',
        account_name: 'Acme Corp',
        plan_type: 'onboarding',
        phase: 'initiate',
        status: 'draft',
        owner: { name: 'Priya Natarajan', role: 'SA' },
        opportunity_stage: 'Stage 2',
        created: '2026-11-22',
        updated: '2026-11-22',
        plan_start: '2026-12-01',
        plan_end: '2027-03-15',
        last_customer_review: null,
        customer_sign_off: null,
      },
      customer_context: {
        industry: '',
        primary_use_case: '',
        background: '',
        contract: { start: null, end: null, renewal_date: null },
      },
      stakeholders: [{ id: 'sh-1', name: 'Priya Natarajan', title: 'Solutions Architect', side: 'vendor', role: 'SA' }],
      business_outcomes: { current_state: '', objectives: [] },
    });
  });

  it('its blanks are the gaps before develop (info), never errors', async () => {
    const issues = await checkData('csp', newPlan(BASE, shippedPlaybook('onboarding')));
    expect(issues.map((i) => [i.code, i.severity])).toEqual([
      ['gate-context-industry', 'info'],
      ['gate-context-use-case', 'info'],
      ['gate-context-background', 'info'],
      ['gate-stakeholder-customer', 'info'],
      ['gate-objectives-count', 'info'],
      ['gate-current-state', 'info'],
    ]);
  });

  it('fills meta and context from the flags and the CRM', () => {
    const p = newPlan(FULL, shippedPlaybook('onboarding'));
    expect(p.meta).toMatchObject({
      owner: { name: 'Priya Natarajan', role: 'SA', email: 'priya@vendor.example' },
      opportunity_stage: 'Stage 3',
      arr_usd: 250000,
      strategic: true,
      stage2_date: '2026-10-01',
      closed_won_date: '2026-11-20',
      crm: FULL.crm,
    });
    expect(p.customer_context).toEqual({
      industry: 'Technology',
      segment: 'Enterprise',
      employees: 1200,
      region: 'EMEA',
      primary_use_case: 'Support consolidation',
      background: 'Three tools today.',
      contract: { start: '2026-12-01', end: '2027-11-30', renewal_date: '2027-11-30' },
    });
    expect(p.stakeholders![1]).toEqual({
      id: 'sh-2',
      name: 'Sarah Chen',
      title: 'VP Product',
      email: 'sarah@acme.example',
      side: 'customer',
      role: 'other',
      crm_contact_id: '003C',
    });
  });

  it('deduplicates contacts by name, ignoring case, and skips a contact who is the owner', () => {
    const p = newPlan(
      {
        ...BASE,
        contacts: [
          { name: 'priya natarajan' },
          { name: 'Ann Lee', crmId: 'c1' },
          { name: 'ANN LEE', crmId: 'c2' },
          { name: 'Bo Wu' },
        ],
      },
      shippedPlaybook('onboarding'),
    );
    expect(p.stakeholders!.map((s) => [s.id, s.name, s.side])).toEqual([
      ['sh-1', 'Priya Natarajan', 'vendor'],
      ['sh-2', 'Ann Lee', 'customer'],
      ['sh-3', 'Bo Wu', 'customer'],
    ]);
  });

  it.each([
    ['onboarding: day 0 to day 104', 'onboarding', {}, ['2026-12-01', '2027-03-15', null]],
    ['expansion: day 0 to day 104', 'expansion', {}, ['2026-12-01', '2027-03-15', null]],
    ['recovery: day 0 to day 69', 'recovery', {}, ['2026-12-01', '2027-02-08', null]],
    [
      'renewal with a renewal date: T-120 to T+18',
      'renewal',
      { renewalDate: '2027-11-30' },
      ['2027-08-02', '2027-12-18', '2027-11-30'],
    ],
    [
      'renewal without one: renewal assumed 120 days after the start',
      'renewal',
      {},
      ['2026-12-01', '2027-04-18', '2027-03-31'],
    ],
  ] as const)('the timeline from the playbook, %s', (_, type, extra, [start, end, renewal]) => {
    const p = newPlan({ ...BASE, planType: type, ...extra }, shippedPlaybook(type));
    expect([p.meta.plan_start, p.meta.plan_end, p.customer_context!.contract!.renewal_date]).toEqual([
      start,
      end,
      renewal,
    ]);
  });
});
