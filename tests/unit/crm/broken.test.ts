import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CrmReadError,
  parseCsvExport,
  parseSalesforceTree,
  type CrmExport,
  type CrmMapping,
} from '../../../src/crm/index.js';
import { MAVEN_DIR, SF_DIR, folderFiles, mapping } from './fixtures.js';

const sfText = (name: string): string => readFileSync(join(SF_DIR, name), 'utf8');
const mavenText = (name: string): string => readFileSync(join(MAVEN_DIR, name), 'utf8');
const CRLF = '\r\n';

/** The sf-tree export in memory, with some files replaced. */
function sfTree(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const files: Record<string, string | undefined> = {
    'Accounts.json': sfText('Accounts.json'),
    'Contacts.json': sfText('Contacts.json'),
    'Opportunities.json': sfText('Opportunities.json'),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A small Maven export in memory: three accounts and the given pipeline rows. */
function maven(pipeline: string[], accounts?: string[]): Record<string, string> {
  return {
    'accounts.csv':
      (
        accounts ?? [
          'account,sector,year_established,revenue,employees,office_location,subsidiary_of',
          'Acme Corporation,technolgy,1996,1100.04,2822,United States,',
          'Betatech,medical,1986,647.18,1185,Kenya,',
        ]
      ).join(CRLF) + CRLF,
    'sales_pipeline.csv':
      ['opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value', ...pipeline].join(
        CRLF,
      ) + CRLF,
    'products.csv': mavenText('products.csv'),
    'sales_teams.csv': mavenText('sales_teams.csv'),
  };
}

/** Runs a parse that must fail and returns its CrmReadError (any other error fails the test). */
function readError(parse: () => CrmExport): CrmReadError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(CrmReadError);
    return error as CrmReadError;
  }
  throw new Error('the parse succeeded');
}

describe('broken JSON', () => {
  it('a truncated file is a CrmReadError naming the file and the last line', () => {
    const text = sfText('Opportunities.json');
    const truncated = text.slice(0, Math.floor(text.length / 2));
    const error = readError(() =>
      parseSalesforceTree(sfTree({ 'Opportunities.json': truncated }), mapping('salesforce')),
    );
    expect(error.file).toBe('Opportunities.json');
    expect(error.line).toBe(truncated.trimEnd().split('\n').length);
    expect(error.message).toMatch(/Opportunities\.json line \d+ is not valid JSON/);
    expect(error.hint).toMatch(/export it again/);
  });

  it('a syntax error in the middle gives its line', () => {
    const broken = '{\n  "records": [\n    { "name": "x", },\n  ]\n}\n';
    const error = readError(() => parseSalesforceTree(sfTree({ 'Accounts.json': broken }), mapping('salesforce')));
    expect(error.file).toBe('Accounts.json');
    expect(error.line).toBe(3);
  });

  it.each([
    ['no records array', '{"records": 5}'],
    ['an array at the top', '[{"name": "x"}]'],
    ['an empty file', ''],
  ])('%s is a CrmReadError', (_, text) => {
    const error = readError(() => parseSalesforceTree(sfTree({ 'Contacts.json': text }), mapping('salesforce')));
    expect(error.file).toBe('Contacts.json');
  });

  it('a record that is not an object is skipped and reported on its line', () => {
    const accounts =
      '{\n  "records": [\n    null,\n    "oops",\n    {\n      "name": "Acme",\n      "attributes": { "referenceId": "AccountRef1" }\n    }\n  ]\n}\n';
    const exp = parseSalesforceTree(
      sfTree({
        'Accounts.json': accounts,
        'Contacts.json': '{"records": []}',
        'Opportunities.json': '{"records": []}',
      }),
      mapping('salesforce'),
    );
    expect(exp.accounts.map((a) => [a.id, a.ref.line])).toEqual([['AccountRef1', 5]]);
    expect(exp.problems.map((p) => [p.code, p.severity, p.line])).toEqual([
      ['crm-bad-record', 'error', 3],
      ['crm-bad-record', 'error', 4],
    ]);
  });

  it('a field holding an object is reported and left empty', () => {
    const accounts = JSON.stringify(
      { records: [{ name: { first: 'A' }, attributes: { referenceId: 'A1' } }] },
      null,
      2,
    );
    const exp = parseSalesforceTree(
      sfTree({
        'Accounts.json': accounts,
        'Contacts.json': '{"records": []}',
        'Opportunities.json': '{"records": []}',
      }),
      mapping('salesforce'),
    );
    expect(exp.accounts[0].name).toBe('A1');
    expect(exp.problems.map((p) => p.code)).toEqual(['crm-bad-value', 'crm-missing-name']);
    expect(exp.problems[0].line).toBe(3);
  });

  it('a missing file is a CrmReadError naming it', () => {
    const error = readError(() => parseSalesforceTree(sfTree({ 'Contacts.json': undefined }), mapping('salesforce')));
    expect(error.file).toBe('Contacts.json');
    expect(error.message).toMatch(/Contacts\.json is missing/);
  });

  it('a broken data plan is a CrmReadError', () => {
    const error = readError(() =>
      parseSalesforceTree(sfTree({ 'data-plan.json': '{"sobject": "Account"}' }), mapping('salesforce')),
    );
    expect(error.file).toBe('data-plan.json');
  });
});

describe('bad rows in JSON', () => {
  const opp = (fields: Record<string, unknown>): Record<string, unknown> => ({
    name: 'Deal',
    StageName: 'Qualification',
    amount: '100.00',
    closedate: '2021-01-19T00:30:44Z',
    accountId: '@AccountRef1',
    ...fields,
  });
  const parseOpps = (records: Array<Record<string, unknown>>): CrmExport =>
    parseSalesforceTree(sfTree({ 'Opportunities.json': JSON.stringify({ records }, null, 2) }), mapping('salesforce'));

  it.each([
    [
      'an amount that is not a number',
      { amount: 'abc' },
      'crm-bad-amount',
      'warning',
      { amountUsd: null },
      /amountUsd "abc" \(amount\) is not an amount; kept the opportunity without amountUsd/,
    ],
    [
      'an impossible date',
      { closedate: '2021-02-30T10:00:00Z' },
      'crm-bad-date',
      'warning',
      { closeDate: null },
      /closeDate "2021-02-30T10:00:00Z" is not a valid date/,
    ],
    [
      'an unknown stage',
      { StageName: 'Assigned dynamically' },
      'crm-unknown-stage',
      'warning',
      { stage: null, rawStage: 'Assigned dynamically' },
      /kept it without a stage/,
    ],
    ['no stage', { StageName: '' }, 'crm-no-stage', 'warning', { stage: null, rawStage: '' }, /has no stage/],
  ])('%s: the row is kept and reported', (_, fields, code, severity, kept, message) => {
    const exp = parseOpps([
      opp({ attributes: { referenceId: 'O1' } }),
      opp({ ...fields, attributes: { referenceId: 'O2' } }),
    ]);
    expect(exp.accounts[0].opportunities.map((o) => o.id)).toEqual(['O1', 'O2']);
    expect(exp.accounts[0].opportunities[1]).toMatchObject(kept);
    expect(exp.problems).toHaveLength(1);
    expect(exp.problems[0]).toMatchObject({ file: 'Opportunities.json', line: 13, code, severity });
    expect(exp.problems[0].message).toMatch(message);
  });

  it.each([
    [
      'an unknown account',
      { accountId: '@AccountRef999', attributes: { referenceId: 'O2' } },
      'crm-unknown-account',
      'error',
    ],
    ['no account', { accountId: '', attributes: { referenceId: 'O2' } }, 'crm-no-account', 'warning'],
    ['no id', { attributes: {} }, 'crm-missing-id', 'error'],
    ['a duplicate id', { attributes: { referenceId: 'O1' } }, 'crm-duplicate-id', 'error'],
  ])('%s: the row is skipped and reported', (_, fields, code, severity) => {
    const exp = parseOpps([opp({ attributes: { referenceId: 'O1' } }), opp(fields)]);
    expect(exp.accounts.flatMap((a) => a.opportunities).map((o) => o.id)).toEqual(['O1']);
    expect(exp.problems.map((p) => [p.code, p.severity, p.line])).toEqual([[code, severity, 13]]);
    expect(exp.problems[0].message).toMatch(/skipped/);
  });
});

describe('broken CSV', () => {
  it('a row with an extra field is skipped and reported on its line; later rows keep their positions', () => {
    const lines = sfText('Opportunities.csv').split('\n');
    lines[3] = lines[3] + ',"extra"';
    const files = {
      ...folderFiles(SF_DIR, (n) => n.endsWith('.csv')),
      [join(SF_DIR, 'Opportunities.csv')]: lines.join('\n'),
    };
    const exp = parseCsvExport(files, mapping('salesforce-csv'));
    const bad = exp.problems.filter((p) => p.code === 'crm-bad-row');
    expect(bad).toEqual([
      expect.objectContaining({ file: join(SF_DIR, 'Opportunities.csv'), line: 4, severity: 'error' }),
    ]);
    expect(bad[0].message).toBe('Row has 7 fields but the header has 6; skipped the row.');
    const opps = exp.accounts.flatMap((a) => a.opportunities);
    expect(opps).toHaveLength(49);
    expect(opps.some((o) => o.id === 'OpportunityRef3')).toBe(false);
    expect(opps.find((o) => o.id === 'OpportunityRef4')).toMatchObject({ name: 'Crow, pied', ref: { line: 5 } });
  });

  it('a row with a missing field is skipped and reported', () => {
    const exp = parseCsvExport(
      maven([
        'AAA,Moses Frase,GTX Basic,Acme Corporation,Won,2016-10-20,2017-03-01',
        'BBB,Moses Frase,GTX Basic,Betatech,Won,2016-10-20,2017-03-01,550',
      ]),
      mapping('maven'),
    );
    expect(exp.problems.map((p) => [p.file, p.line, p.code])).toEqual([['sales_pipeline.csv', 2, 'crm-bad-row']]);
    expect(exp.accounts[1].opportunities.map((o) => o.id)).toEqual(['BBB']);
  });

  it('an unclosed quote is a CrmReadError at the line of the opening quote', () => {
    const error = readError(() =>
      parseCsvExport(
        maven([
          'AAA,Moses Frase,GTX Basic,Acme Corporation,Won,2016-10-20,2017-03-01,550',
          'BBB,"Moses Frase,GTX Basic,Betatech,Won,2016-10-20,2017-03-01,550',
          'CCC,Moses Frase,GTX Basic,Betatech,Won,2016-10-20,2017-03-01,550',
        ]),
        mapping('maven'),
      ),
    );
    expect(error).toMatchObject({ file: 'sales_pipeline.csv', line: 3 });
    expect(error.message).toMatch(/line 3 is not valid CSV: a quoted field is never closed/);
  });

  it('a quoted field spanning CRLF lines keeps later lines exact', () => {
    const exp = parseCsvExport(
      maven([
        'AAA,Moses Frase,GTX Basic,"Acme Corporation",Won,2016-10-20,2017-03-01,"5',
        '50"',
        'BBB,Moses Frase,GTX Basic,Betatech,Won,2016-10-20,2017-03-01,550',
      ]),
      mapping('maven'),
    );
    const opps = exp.accounts.flatMap((a) => a.opportunities);
    expect(opps.map((o) => [o.id, o.ref.line])).toEqual([
      ['AAA', 2],
      ['BBB', 4],
    ]);
    expect(exp.problems.map((p) => [p.code, p.line])).toEqual([['crm-bad-amount', 2]]);
  });

  it('an empty file is a CrmReadError', () => {
    const files = { ...maven([]), 'accounts.csv': '' };
    expect(readError(() => parseCsvExport(files, mapping('maven')))).toMatchObject({ file: 'accounts.csv', line: 1 });
  });

  it('a file without the id column is a CrmReadError that lists its header', () => {
    const error = readError(() => parseCsvExport(maven([], ['company,sector', 'Acme,retail']), mapping('maven')));
    expect(error).toMatchObject({ file: 'accounts.csv', line: 1 });
    expect(error.message).toMatch(/no column "account"/);
    expect(error.hint).toMatch(/company, sector/);
  });

  it('a file without an optional column gets one warning and the field is left empty', () => {
    const exp = parseCsvExport(maven([], ['account,sector', 'Acme Corporation,technolgy']), mapping('maven'));
    expect(exp.accounts).toEqual([expect.objectContaining({ id: 'Acme Corporation', industry: 'technology' })]);
    expect(exp.accounts[0]).not.toHaveProperty('employees');
    expect(exp.problems.map((p) => [p.code, p.line, p.message.match(/"(\w+)"/)?.[1]])).toEqual([
      ['crm-missing-column', 1, 'employees'],
      ['crm-missing-column', 1, 'revenue'],
      ['crm-missing-column', 1, 'office_location'],
      ['crm-missing-column', 1, 'subsidiary_of'],
    ]);
  });

  it('a product missing from products.csv leaves an open deal without an amount', () => {
    const exp = parseCsvExport(
      maven(['AAA,Moses Frase,GTX Ultra,Acme Corporation,Engaging,2016-10-20,,']),
      mapping('maven'),
    );
    expect(exp.accounts[0].opportunities[0]).toMatchObject({ amountUsd: null, product: 'GTX Ultra' });
    expect(exp.accounts[0].opportunities[0]).not.toHaveProperty('amountSource');
    expect(exp.problems.map((p) => [p.code, p.line, p.severity])).toEqual([['crm-unknown-lookup', 2, 'warning']]);
    expect(exp.problems[0].message).toBe('product "GTX Ultra" is not in products.csv; left amountUsd empty.');
  });
});

describe('never a TypeError', () => {
  const cases: Array<
    [string, CrmMapping, Record<string, string>, string, (f: Record<string, string>, m: CrmMapping) => CrmExport]
  > = [
    ['Opportunities.json', mapping('salesforce'), sfTree(), 'Opportunities.json', parseSalesforceTree],
    ['Accounts.json', mapping('salesforce'), sfTree(), 'Accounts.json', parseSalesforceTree],
    [
      'Opportunities.csv',
      mapping('salesforce-csv'),
      folderFiles(SF_DIR, (n) => n.endsWith('.csv')),
      join(SF_DIR, 'Opportunities.csv'),
      parseCsvExport,
    ],
    [
      'sales_pipeline.csv',
      mapping('maven'),
      folderFiles(MAVEN_DIR),
      join(MAVEN_DIR, 'sales_pipeline.csv'),
      parseCsvExport,
    ],
    ['accounts.csv', mapping('maven'), folderFiles(MAVEN_DIR), join(MAVEN_DIR, 'accounts.csv'), parseCsvExport],
  ];
  it.each(cases)(
    '%s cut at 20 places, or with a stray quote or brace there, parses or raises CrmReadError',
    (_, m, files, name, parse) => {
      const text = files[name];
      for (let i = 1; i <= 20; i++) {
        const at = Math.floor((text.length * i) / 21);
        for (const variant of [
          text.slice(0, at),
          text.slice(0, at) + '"' + text.slice(at),
          text.slice(0, at) + '}' + text.slice(at),
        ]) {
          try {
            const exp = parse({ ...files, [name]: variant }, m);
            expect(exp.problems.every((p) => p.line >= 1)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(CrmReadError);
            expect((error as CrmReadError).file).toBeTruthy();
          }
        }
      }
    },
  );
});
