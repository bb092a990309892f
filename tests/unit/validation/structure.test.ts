import { describe, expect, it } from 'vitest';
import { structuralIssues } from '../../../src/validation/structure.js';

const plan = {
  schema_version: 1,
  meta: {
    account: 'acme',
    account_name: 'Acme',
    plan_type: 'onboarding',
    phase: 'initiate',
    status: 'draft',
    owner: { name: 'Priya', role: 'SA' },
    created: '2026-11-22',
    updated: '2026-11-22',
  },
};

describe('structuralIssues: what keeps a document from being edited by path', () => {
  it.each([
    ['nothing', undefined, 'found an empty document'],
    ['null', null, 'found an empty document'],
    ['a list', [1, 2], 'found a list'],
    ['a string', 'hello', 'found the string "hello"'],
  ])('refuses %s as a document', async (_what, data, says) => {
    const issues = await structuralIssues('csp', data);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'not-a-mapping', severity: 'error', path: '' });
    expect(issues[0].message).toContain(says);
  });

  it('refuses a scalar where a section is expected, and a collection where a scalar is', async () => {
    const issues = await structuralIssues('csp', { ...plan, risks: 5, customer_context: { industry: ['a', 'b'] } });
    expect(issues.map((i) => i.path).sort()).toEqual(['/customer_context/industry', '/risks']);
  });

  it('refuses a plan without meta, or without the meta fields commands read', async () => {
    expect((await structuralIssues('csp', { schema_version: 1 })).map((i) => i.message)).toContain(
      'missing required property "meta"',
    );
    const { owner: _owner, ...noOwner } = plan.meta;
    expect((await structuralIssues('csp', { ...plan, meta: noOwner })).map((i) => i.message)).toEqual([
      'missing required property "owner"',
    ]);
    const { created: _created, ...noCreated } = plan.meta;
    expect(await structuralIssues('csp', { ...plan, meta: noCreated })).toEqual([]);
  });

  it('lets through what commands can fix: a wrong scalar type, a bad date, an unknown field', async () => {
    const data = { ...plan, meta: { ...plan.meta, arr_usd: 'lots', plan_end: '2027-02-30', colour: 'blue' } };
    expect(await structuralIssues('csp', data)).toEqual([]);
  });

  it('checks trackers too', async () => {
    expect(
      (await structuralIssues('action_tracker', { schema_version: 1, account: 'acme', actions: 'none' })).map(
        (i) => i.path,
      ),
    ).toEqual(['/actions']);
  });
});
