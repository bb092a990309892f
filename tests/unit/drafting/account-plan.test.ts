import { describe, expect, it } from 'vitest';
import {
  AccountPlanTransitionError,
  accountPlanDocument,
  checkAccountPlan,
  draftAccountPlanOffline,
  parseFiscalYear,
  planAccountPlanStep,
  quarterOf,
} from '../../../src/drafting/account-plan.js';
import { applyEditsToData } from '../../../src/domain/edit.js';
import { cspHealth } from '../../../src/domain/plan-health.js';
import { validateSchema } from '../../../src/schema/validate.js';
import type { AccountPlan } from '../../../src/domain/types.gen.js';
import { startedPlan } from '../domain/fixtures.js';

const FY = parseFiscalYear('FY2027')!;

function draft(plan = startedPlan()): AccountPlan {
  const health = cspHealth(plan, '2026-11-22');
  const { content, confidence } = draftAccountPlanOffline({
    plan,
    health,
    similar: [],
    fiscalYear: FY,
    today: '2026-11-22',
  });
  return accountPlanDocument(content, {
    account: 'acme',
    accountName: 'Acme Corp',
    fiscalYear: FY,
    createdBy: 'Priya Natarajan',
    today: '2026-11-22',
    engine: 'offline',
    model: null,
    inputs: ['csp'],
    similar: [],
    confidence,
  });
}

describe('fiscal years', () => {
  it.each([
    ['FY2026', { label: 'FY2026', start: '2026-01-01', end: '2026-12-31' }],
    ['fy 2027', { label: 'FY2027', start: '2027-01-01', end: '2027-12-31' }],
    ['2028', { label: 'FY2028', start: '2028-01-01', end: '2028-12-31' }],
    ['FY26', null],
    ['next year', null],
  ])('parses %s', (text, expected) => {
    expect(parseFiscalYear(text)).toEqual(expected);
  });

  it.each([
    ['2027-01-01', 'Q1'],
    ['2027-06-30', 'Q2'],
    ['2027-07-01', 'Q3'],
    ['2027-12-31', 'Q4'],
    ['2026-12-31', null],
  ])('puts %s in %s', (date, quarter) => {
    expect(quarterOf(FY, date)).toBe(quarter);
  });
});

describe('draftAccountPlanOffline', () => {
  it('gives a document the account plan schema and rules accept, with 3-5 objectives and the missing roles', async () => {
    const doc = draft();
    expect(await validateSchema('account_plan', doc)).toEqual([]);
    expect(checkAccountPlan(doc)).toEqual([]);
    expect(doc.strategic_objectives.length).toBeGreaterThanOrEqual(3);
    expect(doc.strategic_objectives.length).toBeLessThanOrEqual(5);
    expect(doc.stakeholder_plan!.missing_roles).toEqual(['executive_sponsor', 'technical_buyer', 'economic_buyer']);
    expect(doc.risk_mitigation!.map((r) => r.risk)).toContain(
      'No executive sponsor: the renewal depends on the champion alone',
    );
  });

  it('builds on the CSP: its objectives, key results and risks, and the renewal in the year', async () => {
    const plan = startedPlan();
    plan.customer_context!.contract = { start: '2026-10-01', end: '2027-09-30', renewal_date: '2027-09-30' };
    plan.business_outcomes!.objectives = [
      {
        id: 'obj-1',
        statement: 'Cut QBR preparation to half a day',
        owner: 'sh-2',
        status: 'in_progress',
        key_results: [
          {
            id: 'kr-1',
            metric: 'QBR prep days',
            unit: 'days',
            baseline: 3,
            current: 2,
            target: 0.5,
            due: '2027-05-31',
          },
        ],
      },
    ];
    plan.risks = [
      {
        id: 'rk-1',
        title: 'Champion may move teams',
        probability: 'medium',
        impact: 'high',
        mitigation: 'Executive briefing',
        owner: 'sh-2',
        status: 'open',
      },
    ];
    const doc = draft(plan);
    expect(doc.strategic_objectives[0]).toMatchObject({
      id: 'so-1',
      objective: 'Cut QBR preparation to half a day',
      owner: 'Sarah Chen',
      priority: 'critical',
      csp_objective: 'obj-1',
      success_metrics: [
        { metric: 'QBR prep days', current: 2, target: 0.5, unit: 'days', measurement: 'CSP key result kr-1' },
      ],
      quarterly_milestones: [{ quarter: 'Q2', milestone: 'QBR prep days at 0.5 days' }],
    });
    expect(doc.strategic_objectives[1].objective).toBe('Renew Acme Corp on time (2027-09-30) with no reduction in ARR');
    expect(doc.expansion_plan!.opportunities![0]).toMatchObject({
      type: 'renewal',
      value_usd: 250_000,
      timeline: 'Q3',
    });
    expect(doc.risk_mitigation![0]).toMatchObject({
      risk: 'Champion may move teams',
      owner: 'Sarah Chen',
      csp_risk: 'rk-1',
    });
    expect(await validateSchema('account_plan', doc)).toEqual([]);
  });
});

describe('the account plan workflow', () => {
  it('goes draft -> pending_review -> approved -> active', () => {
    let doc = draft();
    doc = applyEditsToData(doc, planAccountPlanStep(doc, 'submit', undefined, '2026-11-23'));
    expect(doc).toMatchObject({
      status: 'pending_review',
      submitted_by: 'Priya Natarajan',
      submitted_at: '2026-11-23',
    });
    doc = applyEditsToData(doc, planAccountPlanStep(doc, 'approve', 'Dana Manager', '2026-11-24'));
    expect(doc).toMatchObject({ status: 'approved', approved_by: 'Dana Manager', approved_at: '2026-11-24' });
    doc = applyEditsToData(doc, planAccountPlanStep(doc, 'activate', undefined, '2027-01-02'));
    expect(doc).toMatchObject({ status: 'active', activated_at: '2027-01-02', updated: '2027-01-02' });
    expect(checkAccountPlan(doc)).toEqual([]);
  });

  it.each([
    ['approve', 'draft', 'Dana Manager', /the next step is: csp account-plan submit/],
    ['activate', 'pending_review', undefined, /approve acme --fiscal-year FY2027 --by/],
    ['approve', 'pending_review', 'priya natarajan', /cannot approve it/],
    ['approve', 'pending_review', undefined, /a manager approves/],
  ] as const)('refuses %s from %s (by %s)', (step, status, by, hint) => {
    const doc = { ...draft(), status } as AccountPlan;
    let error: AccountPlanTransitionError | undefined;
    try {
      planAccountPlanStep(doc, step, by, '2026-11-23');
    } catch (e) {
      error = e as AccountPlanTransitionError;
    }
    expect(error).toBeInstanceOf(AccountPlanTransitionError);
    expect(`${error!.message} ${error!.hint}`).toMatch(hint);
  });

  it('reports an approved plan without an approval, a shrinking ARR and a QBR outside its quarter', () => {
    const doc = {
      ...draft(),
      status: 'approved' as const,
      expansion_plan: { current_arr_usd: 100, target_arr_usd: 50, opportunities: [] },
      qbr_schedule: [{ quarter: 'Q1' as const, date: '2027-05-01' }],
    };
    expect(checkAccountPlan(doc).map((i) => [i.code, i.severity])).toEqual([
      ['account-plan-unapproved', 'error'],
      ['account-plan-arr-down', 'warning'],
      ['account-plan-qbr-date', 'warning'],
    ]);
  });
});
