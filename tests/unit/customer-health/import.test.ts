import { describe, expect, it } from 'vitest';
import { readCsvTable } from '../../../src/crm/csv-table.js';
import {
  checkSignalMapping,
  importSignals,
  periodStart,
  type SignalMapping,
} from '../../../src/customer-health/import.js';

const MAPPING: SignalMapping = {
  schema_version: 1,
  source: 'demo',
  period: 'month',
  accounts: { file: 'accounts.csv', id: 'id', slug: 'name', name: 'name', since: 'signup' },
  tables: [
    { name: 'subs', file: 'subs.csv', id: 'sub', account: 'account', start: 'start', end: 'end' },
    { name: 'usage', file: 'usage.csv', id: 'uid', via: { table: 'subs', key: 'sub' }, date: 'day' },
    { name: 'tickets', file: 'tickets.csv', account: 'account', date: 'opened' },
  ],
  signals: {
    licensed_users: { table: 'subs', aggregate: 'latest', column: 'seats' },
    auto_renew: { table: 'subs', aggregate: 'latest', column: 'renew', as: 'boolean' },
    usage_events: { table: 'usage', aggregate: 'sum', column: 'count' },
    feature_adoption: { table: 'usage', aggregate: 'count_distinct', column: 'feature', percent_of: 4 },
    tickets: { table: 'tickets', aggregate: 'count' },
    escalations: { table: 'tickets', aggregate: 'count', where: { escalated: 'yes' } },
    csat: { table: 'tickets', aggregate: 'mean', column: 'csat' },
  },
};

const TABLES = new Map(
  Object.entries({
    'accounts.csv': 'id,name,signup\nA1,Acme Corp,2026-01-10\nA2,Globex,2026-03-01\nA3,Acme Corp,2026-01-01\n',
    'subs.csv':
      'sub,account,start,end,seats,renew\nS1,A1,2026-01-10,2026-02-15,10,True\nS2,A1,2026-02-10,,25,False\nS3,A2,2026-03-01,,5,True\nS9,ZZ,2026-01-01,,1,True\n',
    'usage.csv':
      'uid,sub,day,feature,count\nU1,S1,2026-01-12,f1,5\nU2,S1,2026-01-20,f2,3\nU3,S2,2026-02-11,f1,7\nU3,S2,2026-02-12,f3,1\nU4,S404,2026-02-01,f1,1\nU5,S2,not-a-date,f1,1\n',
    'tickets.csv':
      'account,opened,escalated,csat\nA1,2026-01-15,yes,4\nA1,2026-01-20,no,\nA1,2026-02-03T10:00:00Z,no,2\n',
  }).map(([file, text]) => [file, readCsvTable(file, text)]),
);

describe('importSignals', () => {
  const result = importSignals(MAPPING, TABLES, { asOf: '2026-02-20' });
  const acme = result.accounts.find((a) => a.slug === 'acme-corp')!;

  it('reports the rows it cannot use by file and line, and goes on', () => {
    expect(result.problems.map((p) => `${p.file}:${p.line} ${p.message}`)).toEqual([
      'accounts.csv:4 account A3 would be named acme-corp, like account A1; row skipped',
      'subs.csv:5 account ZZ is not in accounts.csv; row skipped',
      'usage.csv:6 sub S404 is not a row of subs; row skipped',
      'usage.csv:7 day "not-a-date" is not a date; row skipped',
      'usage.csv:5 uid U3 is used by 2 rows (lines 4, 5); they are all used, and cited with their line numbers',
    ]);
    expect(result.accounts.map((a) => a.slug)).toEqual(['acme-corp', 'globex']);
  });

  it('makes one entry per month up to the as-of date, the last one partial, each value with its rows', () => {
    expect(acme.entries.map((e) => [e.date, e.period_days])).toEqual([
      ['2026-01-31', 31],
      ['2026-02-20', 20],
    ]);
    const [jan, feb] = acme.entries;
    expect(jan.values).toEqual({
      licensed_users: 10,
      feature_adoption: 50,
      usage_events: 8,
      tickets: 2,
      escalations: 1,
      csat: 4,
      auto_renew: true,
    });
    expect(jan.evidence).toMatchObject({
      usage_events: { file: 'usage.csv', rows: ['U1', 'U2'] },
      tickets: { file: 'tickets.csv', rows: ['line 2', 'line 3'] },
      escalations: { rows: ['line 2'] },
      csat: { rows: ['line 2'] },
    });
    // On Feb 20, S1 has ended and S2 is active: 25 seats, no auto-renew.
    expect(feb.values).toEqual({
      licensed_users: 25,
      feature_adoption: 50,
      usage_events: 8,
      tickets: 1,
      escalations: 0,
      csat: 2,
      auto_renew: false,
    });
    expect(feb.evidence!.usage_events.rows).toEqual(['U3 (line 4)', 'U3 (line 5)']);
    expect(feb.evidence!.licensed_users.rows).toEqual(['S2']);
    expect(result.rowsUsed).toEqual({ subs: 2, usage: 4, tickets: 3 }); // S3 is Globex's, from March
  });

  it('starts an account at its sign-up with zero counts before any activity', () => {
    const globex = result.accounts.find((a) => a.slug === 'globex')!;
    expect(globex.entries).toEqual([]);
    const later = importSignals(MAPPING, TABLES, { asOf: '2026-03-05' }).accounts.find((a) => a.slug === 'globex')!;
    expect(later.entries.map((e) => [e.date, e.values])).toEqual([
      [
        '2026-03-05',
        { licensed_users: 5, feature_adoption: 0, usage_events: 0, tickets: 0, escalations: 0, auto_renew: true },
      ],
    ]);
  });

  it('takes the newest date in the data when no as-of date is given', () => {
    expect(importSignals(MAPPING, TABLES).asOf).toBe('2026-02-12');
  });
});

describe('checkSignalMapping', () => {
  it('reports a missing table, a table with no way to its account, and an aggregate without a column', () => {
    const bad: SignalMapping = {
      ...MAPPING,
      tables: [{ name: 'usage', file: 'usage.csv', date: 'day' }],
      signals: { tickets: { table: 'nope', aggregate: 'count' }, usage_events: { table: 'usage', aggregate: 'sum' } },
    };
    expect(checkSignalMapping(bad).map((i) => i.message)).toEqual([
      'table usage needs exactly one of account (its account column) or via (a table that has one)',
      'signal tickets reads table nope, which is not under tables',
      'signal usage_events: the sum aggregate needs a column',
    ]);
    expect(checkSignalMapping(MAPPING)).toEqual([]);
  });
});

describe('periodStart', () => {
  it.each([
    ['2024-02-29', 'month', '2024-02-01'],
    ['2024-12-31', 'quarter', '2024-10-01'],
    ['2024-04-01', 'quarter', '2024-04-01'],
  ] as const)('%s in its %s starts on %s', (date, period, start) => expect(periodStart(date, period)).toBe(start));
});
