import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvExport, parseSalesforceTree, type CrmExport, type CrmOpportunity } from '../../../src/crm/index.js';
import { SF_DIR, folderFiles, mapping } from './fixtures.js';

const json = (): CrmExport =>
  parseSalesforceTree(
    folderFiles(SF_DIR, (n) => n.endsWith('.json')),
    mapping('salesforce'),
  );
const csv = (): CrmExport =>
  parseCsvExport(
    folderFiles(SF_DIR, (n) => n.endsWith('.csv')),
    mapping('salesforce-csv'),
  );
const opportunities = (exp: CrmExport): CrmOpportunity[] => exp.accounts.flatMap((a) => a.opportunities);
const byId = (exp: CrmExport, id: string): CrmOpportunity | undefined => opportunities(exp).find((o) => o.id === id);
const fileLines = (file: string): string[] => readFileSync(file, 'utf8').split('\n');

describe.each([
  ['JSON tree', json, 'Opportunities.json'],
  ['CSV report', csv, 'Opportunities.csv'],
])('the sf-apex-recipes %s export', (_, parse, oppFile) => {
  const exp = parse();

  it('has the SOURCE.md counts: 50 accounts, 150 contacts, 50 opportunities', () => {
    expect(exp.accounts).toHaveLength(50);
    expect(exp.accounts.flatMap((a) => a.contacts)).toHaveLength(150);
    expect(opportunities(exp)).toHaveLength(50);
  });

  it('maps the classic sales stages, Closed/Won included', () => {
    const counts: Record<string, number> = {};
    for (const o of opportunities(exp)) counts[String(o.stage)] = (counts[String(o.stage)] ?? 0) + 1;
    expect(counts).toEqual({
      'Stage 1': 4,
      'Stage 2': 21,
      'Stage 3': 3,
      'Stage 4': 10,
      'Closed Won': 3,
      'Closed Lost': 1,
      null: 8,
    });
    const won = opportunities(exp).filter((o) => o.rawStage === 'Closed/Won');
    expect(won.map((o) => o.stage)).toEqual(['Closed Won', 'Closed Won', 'Closed Won']);
  });

  it('keeps the 8 "Assigned dynamically" opportunities without a stage and reports each on its line', () => {
    const unknown = opportunities(exp)
      .filter((o) => o.rawStage === 'Assigned dynamically')
      .sort((a, b) => a.ref.line - b.ref.line);
    expect(unknown).toHaveLength(8);
    expect(unknown.every((o) => o.stage === null)).toBe(true);
    expect(exp.problems).toHaveLength(8);
    expect(exp.problems.map((p) => [p.code, p.severity, p.line])).toEqual(
      unknown.map((o) => ['crm-unknown-stage', 'warning', o.ref.line]),
    );
    expect(exp.problems.every((p) => p.file === join(SF_DIR, oppFile))).toBe(true);
    expect(exp.problems[0].message).toMatch(/stage "Assigned dynamically".*kept it without a stage/);
    expect(exp.problems[0].hint).toMatch(/opportunities\.stages/);
  });

  it('reads the amount string, the ISO close date and the @AccountRef link', () => {
    const first = byId(exp, 'OpportunityRef1');
    expect(first).toMatchObject({
      name: 'Cape starling',
      rawStage: 'Id. Decision Makers',
      stage: 'Stage 2',
      amountUsd: 119373.34,
      amountSource: 'amount',
      closeDate: '2020-12-22',
      engageDate: null,
    });
    expect(exp.accounts.find((a) => a.opportunities.includes(first!))?.id).toBe('AccountRef32');
    expect(byId(exp, 'OpportunityRef4')?.amountUsd).toBe(620786.7);
  });

  it('reads account fields: n/a industry is absent, numbers are numbers', () => {
    expect(exp.accounts[0]).toMatchObject({
      source: exp.source,
      id: 'AccountRef1',
      name: 'Zoonoodle 37',
      employees: 28549,
      annualRevenueUsd: 5117586,
      region: 'United States',
    });
    expect(exp.accounts[0]).not.toHaveProperty('industry');
    expect(exp.accounts[1].industry).toBe('Industrial Machinery/Components');
  });

  it('builds contact names from first and last name', () => {
    const contact = exp.accounts.flatMap((a) => a.contacts).find((c) => c.id === 'ContactRef1');
    expect(contact).toMatchObject({
      name: 'Lianna Sinisbury',
      firstName: 'Lianna',
      lastName: 'Sinisbury',
      email: 'lsinisbury0@dropbox.com',
      title: 'Statistician I',
    });
    expect(exp.accounts.find((a) => a.id === 'AccountRef10')?.contacts.map((c) => c.id)).toContain('ContactRef1');
  });

  it('points every ref at the line where its record starts', () => {
    const isJson = oppFile.endsWith('.json');
    for (const account of exp.accounts) {
      const line = fileLines(account.ref.file)[account.ref.line - 1];
      expect(isJson ? line.trim() : line.startsWith(account.name + ',')).toBe(isJson ? '{' : true);
      for (const o of account.opportunities) {
        const lines = fileLines(o.ref.file);
        if (isJson) {
          expect(lines[o.ref.line - 1].trim()).toBe('{');
          expect(lines.slice(o.ref.line, o.ref.line + 12).join('\n')).toContain(`"referenceId": "${o.id}"`);
        } else {
          expect(lines[o.ref.line - 1]).toContain(`"${o.name}"`);
        }
      }
    }
  });
});

describe('JSON tree and CSV report', () => {
  const strip = (exp: CrmExport): unknown =>
    exp.accounts.map(({ source: _s, ref: _r, description: _d, contacts, opportunities: opps, ...account }) => ({
      ...account,
      contacts: contacts.map(({ ref: _cr, ...c }) => c),
      opportunities: opps.map(({ ref: _or, description: _od, ...o }) => o),
    }));

  it('agree on accounts, contacts and opportunities except descriptions', () => {
    expect(strip(csv())).toEqual(strip(json()));
  });

  it('differ in descriptions as SOURCE.md says', () => {
    expect(json().accounts[0].description).toBe('Sample description');
    expect(csv().accounts[0].description).toBe('Sample description 35895');
  });
});

describe('naughty strings in descriptions', () => {
  const exp = json();
  it.each([
    ['OpportunityRef1', '"'],
    ['OpportunityRef2', '-1E02'],
    ['OpportunityRef5', '사회과학원 어학연구소'],
    ['OpportunityRef8', "<img src=x onerror=alert('hi') />"],
    ['OpportunityRef12', '../../../../../../../../../../../etc/passwd%00'],
    ['OpportunityRef14', '(╯°□°）╯︵ ┻━┻)'],
    ['OpportunityRef50', 'test'],
  ])('%s keeps its text, cleaned: %j', (id, description) => {
    expect(byId(exp, id)?.description).toBe(description);
  });
});

describe('the data plan', () => {
  const texts = folderFiles(SF_DIR, (n) => n.endsWith('.json'));
  const text = (name: string): string => texts[join(SF_DIR, name)];

  it('names the files of each sObject, overriding the mapping', () => {
    const plan = JSON.stringify([
      { sobject: 'Account', saveRefs: true, resolveRefs: false, files: ['Accts.json'] },
      { sobject: 'Opportunity', saveRefs: true, resolveRefs: true, files: ['Opps.json'] },
    ]);
    const exp = parseSalesforceTree(
      { 'x/data-plan.json': plan, 'x/Accts.json': text('Accounts.json'), 'x/Opps.json': text('Opportunities.json') },
      mapping('salesforce'),
    );
    expect(exp.accounts).toHaveLength(50);
    expect(exp.accounts.flatMap((a) => a.contacts)).toHaveLength(0);
    expect(opportunities(exp)).toHaveLength(50);
    expect(exp.files).toEqual(['x/data-plan.json', 'x/Accts.json', 'x/Opps.json']);
  });

  it('is optional: without it the mapping names the files', () => {
    const exp = parseSalesforceTree(
      {
        'Accounts.json': text('Accounts.json'),
        'Contacts.json': text('Contacts.json'),
        'Opportunities.json': text('Opportunities.json'),
      },
      mapping('salesforce'),
    );
    expect(exp.files).toEqual(['Accounts.json', 'Contacts.json', 'Opportunities.json']);
    expect(exp.accounts.flatMap((a) => a.contacts)).toHaveLength(150);
  });
});

describe('field names', () => {
  it('are matched ignoring case', () => {
    const accounts = JSON.stringify({
      records: [{ Name: 'Acme', Industry: 'Retail', attributes: { type: 'Account', referenceId: 'A1' } }],
    });
    const opps = JSON.stringify({
      records: [
        {
          Name: 'Deal',
          StageName: 'closed won',
          Amount: 1000,
          CloseDate: '2021-03-04',
          AccountId: '@A1',
          Attributes: { Type: 'Opportunity', ReferenceId: 'O1' },
        },
      ],
    });
    const exp = parseSalesforceTree(
      { 'Accounts.json': accounts, 'Contacts.json': '{"records": []}', 'Opportunities.json': opps },
      mapping('salesforce'),
    );
    expect(exp.problems).toEqual([]);
    expect(exp.accounts[0]).toMatchObject({ id: 'A1', name: 'Acme', industry: 'Retail' });
    expect(exp.accounts[0].opportunities[0]).toMatchObject({
      id: 'O1',
      stage: 'Closed Won',
      amountUsd: 1000,
      closeDate: '2021-03-04',
    });
  });
});
