import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import jsYaml from 'js-yaml';
import type { CrmAccount, CrmOpportunity } from '../../../src/crm/index.js';
import {
  CRM_OWNED_PATHS,
  crmFacts,
  crmUpdate,
  importTrigger,
  importedPlan,
  isListed,
  parseStrategicList,
  planTypeFor,
} from '../../../src/crm/import.js';
import { applyEditsToData } from '../../../src/domain/edit.js';
import { phaseCompleteness } from '../../../src/domain/gates.js';
import { planDevelop } from '../../../src/domain/lifecycle.js';
import type { Playbook } from '../../../src/domain/playbook.js';
import type { OpportunityStage } from '../../../src/domain/stage.js';
import { checkData } from '../../../src/validation/check.js';
import { PACKAGE_ROOT, loadSchema } from '../../../src/schema/schemas.js';

type Deal = [
  id: string,
  stage: OpportunityStage | null,
  amountUsd: number | null,
  closeDate?: string | null,
  extra?: Partial<CrmOpportunity>,
];

function account(deals: Deal[], fields: Partial<CrmAccount> = {}): CrmAccount {
  return {
    source: 'test',
    id: 'A1',
    name: 'Acme Corp',
    contacts: [],
    opportunities: deals.map(([id, stage, amountUsd, closeDate = null, extra = {}], i) => ({
      id,
      name: id,
      rawStage: stage ?? 'odd',
      stage,
      amountUsd,
      closeDate,
      engageDate: null,
      ref: { file: 'o.csv', line: i + 2 },
      ...extra,
    })),
    ref: { file: 'a.csv', line: 2 },
    ...fields,
  };
}

const playbook = (type: string) =>
  jsYaml.load(readFileSync(`${PACKAGE_ROOT}playbooks/${type}.yaml`, 'utf8'), {
    schema: jsYaml.CORE_SCHEMA,
  }) as Playbook;
const settings = { minArrUsd: 100_000, referenceDate: '2021-06-30', strategic: false };

describe('importTrigger (SPEC "Lifecycle and gates": Stage 2+ over $100K, SA-validated, strategic)', () => {
  it.each<[string, Deal[], Partial<typeof settings>, boolean, string[], string, RegExp | null]>([
    ['Stage 2 above $100K', [['o', 'Stage 2', 150_000]], {}, true, ['arr'], 'initiate', null],
    [
      'exactly $100K is not above',
      [['o', 'Stage 2', 100_000]],
      {},
      false,
      [],
      'initiate',
      /ARR \$100,000 is not above \$100,000/,
    ],
    ['Stage 3 develops', [['o', 'Stage 3', 200_000]], {}, true, ['arr'], 'develop', null],
    ['Stage 4 finalizes', [['o', 'Stage 4', 200_000]], {}, true, ['arr'], 'finalize', null],
    ['Closed Won executes', [['o', 'Closed Won', 200_000, '2021-01-01']], {}, true, ['arr'], 'execute', null],
    [
      'won deals add up over the year',
      [
        ['w1', 'Closed Won', 60_000, '2021-01-01'],
        ['w2', 'Closed Won', 50_000, '2021-05-01'],
        ['e', 'Stage 2', 1_000],
      ],
      {},
      true,
      ['arr'],
      'initiate',
      null,
    ],
    [
      'a win older than a year does not count',
      [
        ['w1', 'Closed Won', 150_000, '2020-01-01'],
        ['e', 'Stage 2', 1_000],
      ],
      {},
      false,
      [],
      'initiate',
      /ARR \$1,000 is not above/,
    ],
    [
      'Stage 1 is below Stage 2 whatever the amount',
      [['o', 'Stage 1', 900_000]],
      {},
      false,
      [],
      'initiate',
      /Stage 1: a CSP starts at Stage 2/,
    ],
    [
      'a strategic account at Stage 1',
      [['o', 'Stage 1', 10]],
      { strategic: true },
      true,
      ['strategic'],
      'initiate',
      null,
    ],
    [
      'only lost deals',
      [['o', 'Closed Lost', 900_000, '2021-01-01']],
      {},
      false,
      [],
      'initiate',
      /only Closed Lost or unknown/,
    ],
    ['no deals', [], {}, false, [], 'initiate', /no opportunities/],
    ['no amount', [['o', 'Stage 3', null]], {}, false, [], 'develop', /ARR is unknown/],
    [
      'an SA-validated evaluation below the threshold',
      [['o', 'Stage 3', 5_000, null, { saValidated: true }]],
      {},
      true,
      ['sa-validated'],
      'develop',
      null,
    ],
    [
      'a lower threshold (--min-arr)',
      [['o', 'Stage 2', 60_000]],
      { minArrUsd: 50_000 },
      true,
      ['arr'],
      'initiate',
      null,
    ],
  ])('%s', (_, deals, extra, required, reasons, phase, why) => {
    const d = importTrigger(account(deals), { ...settings, ...extra });
    expect(d.required).toBe(required);
    expect(d.reasons).toEqual(reasons);
    expect(d.phase).toBe(phase);
    if (why) expect(d.skipReason).toMatch(why);
    else expect(d.skipReason).toBeUndefined();
  });
});

describe('importedPlan: every phase gives a plan that validates, with what is left as backfill warnings', () => {
  const contacts = [
    { id: 'C1', name: 'Sarah Chen', title: 'VP Operations', email: 'sarah@acme.test', ref: { file: 'c.csv', line: 2 } },
  ];
  it.each<[OpportunityStage, string, string[]]>([
    ['Stage 2', 'initiate', []],
    ['Stage 3', 'develop', ['backfill-context-use-case', 'backfill-current-state', 'backfill-objectives-count']],
    // issue 15: at Stage 4 and Closed Won what the proposal needs is an error (the proposal is blocked), not a backfill warning
    [
      'Stage 4',
      'finalize',
      [
        'proposal-blocked-success-criteria',
        'proposal-blocked-tech-eval-plan',
        'proposal-blocked-risks',
        'proposal-blocked-value-metrics',
      ],
    ],
    [
      'Closed Won',
      'execute',
      [
        'backfill-customer-review',
        'backfill-handoff-accepted',
        'proposal-blocked-current-state',
        'proposal-blocked-objectives-count',
      ],
    ],
  ])('%s -> %s', async (stage, phase, someWarnings) => {
    const a = account([['o', stage, 250_000, '2021-06-01', { owner: 'Moses Frase', engageDate: '2021-02-01' }]], {
      industry: 'Retail',
      contacts,
    });
    const decision = importTrigger(a, settings);
    const plan = importedPlan(
      {
        account: a,
        slug: 'acme-corp',
        decision,
        planType: 'onboarding',
        owner: 'Priya Natarajan',
        strategic: false,
        today: '2026-11-22',
      },
      playbook('onboarding'),
    );
    expect(plan.meta.phase).toBe(phase);
    expect(plan.meta.imported).toEqual({ source: 'test', date: '2026-11-22', phase });
    expect(plan.meta.arr_usd).toBe(250_000);
    expect(plan.meta.opportunity_stage).toBe(stage);
    expect(plan.stakeholders).toContainEqual(
      expect.objectContaining({ name: 'Sarah Chen', side: 'customer', crm_contact_id: 'C1' }),
    );
    expect(plan.stakeholders).toContainEqual(
      expect.objectContaining({ name: 'Moses Frase', side: 'vendor', role: 'AE' }),
    );
    expect(plan.meta.owner.role).toBe(phase === 'execute' ? 'CA' : 'SA');
    if (stage === 'Closed Won') expect(plan.meta.closed_won_date).toBe('2021-06-01');
    else expect(plan.meta.stage2_date).toBe('2021-02-01');
    const issues = await checkData('csp', plan);
    expect(issues.filter((i) => i.severity === 'error' && !i.code.startsWith('proposal-blocked-'))).toEqual([]);
    const codes = issues
      .filter((i) => i.severity === 'warning' || i.code.startsWith('proposal-blocked-'))
      .map((i) => i.code);
    for (const c of someWarnings) expect(codes).toContain(c);
    expect(
      codes.every((c) => c.startsWith('backfill-') || c.startsWith('proposal-blocked-') || c === 'contingency-buffer'),
    ).toBe(true);
    // Nothing about the customer is invented: no objectives, no current state, no criteria.
    expect(plan.business_outcomes?.objectives).toEqual([]);
    expect(plan.business_outcomes?.current_state).toBe('');
    expect(plan.success_criteria ?? []).toEqual([]);
  });

  it('a backfill warning becomes an error once a person moves the plan on (develop removes meta.imported)', () => {
    const a = account([['o', 'Stage 3', 250_000]]);
    const plan = importedPlan(
      {
        account: a,
        slug: 'acme-corp',
        decision: importTrigger(a, settings),
        planType: 'onboarding',
        owner: 'Priya',
        strategic: false,
        today: '2026-11-22',
      },
      playbook('onboarding'),
    );
    const warning = phaseCompleteness(plan).find((i) => i.code === 'backfill-current-state')!;
    expect(warning.severity).toBe('warning');
    expect(warning.message).toBe('imported at Stage 3: the current-state assessment still to be filled in');
    const back = {
      ...plan,
      meta: {
        ...plan.meta,
        phase: 'initiate' as const,
        imported: { ...plan.meta.imported!, phase: 'initiate' as const },
      },
    };
    const moved = applyEditsToData(back, planDevelop(back, playbook('onboarding'), '2026-11-22').edits);
    expect(moved.meta.imported).toBeUndefined();
    expect(phaseCompleteness(moved).find((i) => i.code === 'gate-current-state')?.severity).toBe('error');
  });
});

describe('crmUpdate: only the CRM-owned fields, and nothing the second time', () => {
  const a = account([['o', 'Stage 2', 150_000, null, { engageDate: '2021-02-01' }]], {
    contacts: [
      { id: 'C1', name: 'Sarah Chen', title: 'VP Operations', ref: { file: 'c', line: 2 } },
      { id: 'C2', name: 'Raj Patel', title: 'CTO', email: 'raj@acme.test', ref: { file: 'c', line: 3 } },
      { id: 'C3', name: 'Lee Wong', ref: { file: 'c', line: 4 } },
    ],
  });
  const base = importedPlan(
    {
      account: { ...a, contacts: [a.contacts[0]] },
      slug: 'acme-corp',
      decision: importTrigger(a, settings),
      planType: 'onboarding',
      owner: 'Priya',
      strategic: false,
      today: '2026-11-01',
    },
    playbook('onboarding'),
  );
  // What people wrote after the first import.
  const edited = structuredClone(base);
  edited.customer_context!.background = 'Discovery notes written by the SA';
  edited.stakeholders!.push({ id: 'sh-9', name: 'raj patel', side: 'customer', role: 'champion', engagement: 'high' });
  edited.stakeholders![1].role = 'executive_sponsor';

  it('updates stage, ARR and contacts; links by name; appends new contacts; keeps what people wrote', () => {
    const later = account([['o', 'Stage 3', 180_000, null, { engageDate: '2021-02-01' }]], {
      contacts: [{ ...a.contacts[0], title: 'COO' }, a.contacts[1], a.contacts[2]],
    });
    const update = crmUpdate(edited, crmFacts(later, importTrigger(later, settings)), '2026-11-22');
    const after = applyEditsToData(edited, update.edits);
    expect(after.meta.opportunity_stage).toBe('Stage 3');
    expect(after.meta.arr_usd).toBe(180_000);
    expect(after.meta.phase).toBe('initiate');
    expect(after.meta.crm?.synced).toBe('2026-11-22');
    expect(after.customer_context?.background).toBe('Discovery notes written by the SA');
    const sarah = after.stakeholders!.find((s) => s.crm_contact_id === 'C1')!;
    expect(sarah).toMatchObject({ title: 'COO', role: 'executive_sponsor' });
    expect(after.stakeholders!.find((s) => s.id === 'sh-9')).toMatchObject({
      crm_contact_id: 'C2',
      role: 'champion',
      name: 'Raj Patel',
      title: 'CTO',
      engagement: 'high',
    });
    expect(after.stakeholders!.find((s) => s.crm_contact_id === 'C3')).toMatchObject({
      id: 'sh-10',
      name: 'Lee Wong',
      side: 'customer',
      role: 'other',
    });
    expect(update.changes).toContain('stage: Stage 2 -> Stage 3');
    expect(crmUpdate(after, crmFacts(later, importTrigger(later, settings)), '2026-11-30')).toEqual({
      edits: [],
      changes: [],
    });
  });

  it('edits only paths the schema marks x-crm-owned (or stakeholders linked to a CRM contact)', () => {
    const later = account([['o', 'Closed Won', 1, '2021-06-01']], { id: 'A2', contacts: a.contacts });
    const { edits } = crmUpdate(edited, crmFacts(later, importTrigger(later, settings)), '2026-11-22');
    const owned = new Set<string>(CRM_OWNED_PATHS);
    for (const e of edits) {
      const path = e.path
        .map((k) => (typeof k === 'number' ? '[]' : k))
        .join('.')
        .replace(/\.\[\]/g, '[]');
      const ok =
        owned.has(path) ||
        [...owned].some((p) => path.startsWith(`${p}.`)) ||
        path === 'stakeholders' ||
        /^stakeholders\[\]\.(name|title|email|crm_contact_id)$/.test(path);
      expect(ok, path).toBe(true);
    }
    const schema = JSON.stringify(loadSchema('csp'));
    const marked = (schema.match(/"x-crm-owned":true/g) ?? []).length;
    expect(marked).toBe(CRM_OWNED_PATHS.length);
  });
});

describe('strategic list, plan type', () => {
  it('reads one id or name a line, ignoring blanks and comments, matching any case', () => {
    const list = parseStrategicList('# key accounts\nAcme Corp\r\n\n  A7  \n');
    expect(list).toEqual([
      { line: 2, name: 'Acme Corp' },
      { line: 4, name: 'A7' },
    ]);
    const set = new Set(list.map((l) => l.name.toLowerCase()));
    expect(isListed(account([]), 'acme-corp', set)).toBe(true);
    expect(isListed(account([], { name: 'Other', id: 'a7' }), 'other', set)).toBe(true);
    expect(isListed(account([], { name: 'Other', id: 'A8' }), 'other', set)).toBe(false);
  });

  it('an existing customer with a new open deal gets an expansion plan', () => {
    const customer = account([
      ['w', 'Closed Won', 1, '2021-01-01'],
      ['e', 'Stage 2', 1],
    ]);
    expect(planTypeFor(customer, importTrigger(customer, settings), 'onboarding')).toBe('expansion');
    const fresh = account([['e', 'Stage 2', 1]]);
    expect(planTypeFor(fresh, importTrigger(fresh, settings), 'onboarding')).toBe('onboarding');
  });
});
