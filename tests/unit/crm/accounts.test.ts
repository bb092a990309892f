import { describe, expect, it } from 'vitest';
import type { OpportunityStage } from '../../../src/domain/stage.js';
import {
  accountArrUsd,
  exportReferenceDate,
  findAccount,
  findAccounts,
  parseSalesforceTree,
  planOpportunity,
  primaryOpportunity,
  saValidatedEvaluation,
  type CrmAccount,
  type CrmExport,
  type CrmOpportunity,
} from '../../../src/crm/index.js';
import { SF_DIR, folderFiles, mapping } from './fixtures.js';

type Deal = [id: string, stage: OpportunityStage | null, amountUsd: number | null, closeDate: string | null];

function account(deals: Deal[], fields: Partial<CrmAccount> = {}): CrmAccount {
  const opportunities: CrmOpportunity[] = deals.map(([id, stage, amountUsd, closeDate], i) => ({
    id,
    name: id,
    rawStage: stage ?? 'Assigned dynamically',
    stage,
    amountUsd,
    closeDate,
    engageDate: null,
    ref: { file: 'o.csv', line: i + 2 },
  }));
  return {
    source: 'test',
    id: 'A1',
    name: 'Acme',
    contacts: [],
    opportunities,
    ref: { file: 'a.csv', line: 2 },
    ...fields,
  };
}

describe('primaryOpportunity and accountArrUsd', () => {
  it.each<[string, Deal[], string | null, number | null]>([
    [
      'the most advanced open deal (ARR: the deals in progress plus the won one)',
      [
        ['s2', 'Stage 2', 500, null],
        ['s4', 'Stage 4', 100, null],
        ['won', 'Closed Won', 900, '2021-01-01'],
      ],
      's4',
      1500,
    ],
    [
      'Stage 1 when it is the only open deal (a lead adds no ARR)',
      [
        ['lost', 'Closed Lost', 900, '2021-01-01'],
        ['s1', 'Stage 1', 50, null],
      ],
      's1',
      null,
    ],
    [
      'on a stage tie, the larger amount',
      [
        ['small', 'Stage 3', 100, null],
        ['big', 'Stage 3', 200, null],
      ],
      'big',
      300,
    ],
    [
      'on a stage tie, an amount over none',
      [
        ['none', 'Stage 3', null, null],
        ['some', 'Stage 3', 1, null],
      ],
      'some',
      1,
    ],
    [
      'on a stage and amount tie, the later close date',
      [
        ['early', 'Stage 2', 100, '2021-01-01'],
        ['late', 'Stage 2', 100, '2021-06-01'],
      ],
      'late',
      200,
    ],
    [
      'with no open deal, the most recent Closed Won (ARR: wins of the 365 days up to the last close date)',
      [
        ['old', 'Closed Won', 900, '2020-01-01'],
        ['new', 'Closed Won', 10, '2021-01-01'],
        ['lost', 'Closed Lost', 5, '2022-01-01'],
      ],
      'new',
      10,
    ],
    [
      'a Closed Won with an amount over an open deal of unknown stage',
      [
        ['unknown', null, 999, null],
        ['won', 'Closed Won', 10, '2021-01-01'],
      ],
      'won',
      10,
    ],
    [
      'two wins in the year add up, a primary without an amount adds nothing',
      [
        ['w1', 'Closed Won', 60_000.5, '2021-03-01'],
        ['w2', 'Closed Won', 50_000.25, '2021-09-01'],
        ['s2', 'Stage 2', null, null],
      ],
      's2',
      110_000.75,
    ],
    [
      'a win with no close date counts',
      [
        ['w', 'Closed Won', 70, null],
        ['s3', 'Stage 3', 30, '2021-01-01'],
      ],
      's3',
      100,
    ],
    ['nothing when only Closed Lost', [['lost', 'Closed Lost', 100, '2021-01-01']], null, null],
    ['nothing when only unknown stages', [['unknown', null, 100, null]], null, null],
    ['nothing without deals', [], null, null],
    ['a primary deal without an amount gives no ARR', [['s2', 'Stage 2', null, null]], 's2', null],
    [
      'a Closed Lost deal never counts',
      [
        ['lost', 'Closed Lost', 900, '2021-01-01'],
        ['s2', 'Stage 2', 5, null],
      ],
      's2',
      5,
    ],
  ])('picks %s', (_, deals, primaryId, arr) => {
    const a = account(deals);
    expect(primaryOpportunity(a)?.id ?? null).toBe(primaryId);
    expect(accountArrUsd(a)).toBe(arr);
  });

  it('on the sf-apex-recipes export: AccountRef3 has only an unknown-stage deal and a Closed/Won one', () => {
    const exp = parseSalesforceTree(
      folderFiles(SF_DIR, (n) => n.endsWith('.json')),
      mapping('salesforce'),
    );
    const a = findAccount(exp, 'AccountRef3')!;
    expect(a.opportunities.map((o) => o.rawStage).sort()).toEqual(['Assigned dynamically', 'Closed/Won']);
    expect(primaryOpportunity(a)?.rawStage).toBe('Closed/Won');
    expect(accountArrUsd(a)).toBe(789007.48);
  });
});

describe('accountArrUsd with the export reference date', () => {
  it('counts only the wins of the 365 days up to the reference date', () => {
    const a = account([
      ['too-old', 'Closed Won', 1_000, '2019-12-31'],
      ['in', 'Closed Won', 100, '2020-01-01'],
      ['after', 'Closed Won', 7, '2021-01-02'],
    ]);
    expect(accountArrUsd(a, '2020-12-31')).toBe(100);
    expect(exportReferenceDate({ accounts: [a] })).toBe('2021-01-02');
  });

  it('planOpportunity: a Stage 1 lead does not hide a won deal', () => {
    const a = account([
      ['won', 'Closed Won', 100, '2021-01-01'],
      ['lead', 'Stage 1', 5, null],
    ]);
    expect(primaryOpportunity(a)?.id).toBe('lead');
    expect(planOpportunity(a)?.id).toBe('won');
    expect(planOpportunity(account([['lead', 'Stage 1', 5, null]]))?.id).toBe('lead');
  });

  it('flags an SA-validated evaluation unless the deal was lost', () => {
    const a = account([['s2', 'Stage 2', 1, null]]);
    expect(saValidatedEvaluation(a)).toBe(false);
    a.opportunities[0].saValidated = true;
    expect(saValidatedEvaluation(a)).toBe(true);
    a.opportunities[0].stage = 'Closed Lost';
    expect(saValidatedEvaluation(a)).toBe(false);
  });
});

describe('findAccount', () => {
  const exp: CrmExport = {
    source: 'test',
    mapping: 'test.yaml',
    files: [],
    problems: [],
    accounts: [
      account([], { id: 'AccountRef1', name: 'Zoonoodle 37' }),
      account([], { id: 'AccountRef2', name: 'AccountRef1' }),
      account([], { id: 'AccountRef3', name: 'zoonoodle 37' }),
    ],
  };
  it.each([
    ['AccountRef2', 'AccountRef2'],
    ['AccountRef1', 'AccountRef1'],
    // Issue 19: a name two accounts share picks neither (csp init lists both); findAccounts gives them.
    ['Zoonoodle 37', null],
    ['  ZOONOODLE 37 ', null],
    ['accountref1', 'AccountRef2'],
    ['Nobody', null],
  ])('%j -> %s', (query, id) => {
    expect(findAccount(exp, query)?.id ?? null).toBe(id);
  });
  it('lists every account a shared name picks, in file order; an exact id picks one', () => {
    expect(findAccounts(exp, '  ZOONOODLE 37 ').map((a) => a.id)).toEqual(['AccountRef1', 'AccountRef3']);
    expect(findAccounts(exp, 'AccountRef1').map((a) => a.id)).toEqual(['AccountRef1']);
  });
});
