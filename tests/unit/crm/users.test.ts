/** The Users export that names the CRM's owner ids (csp import --users, issue 15). */
import { describe, expect, it } from 'vitest';
import { CrmReadError } from '../../../src/crm/read-error.js';
import { parseUsersExport, resolveOwnerIds } from '../../../src/crm/users.js';
import type { CrmExport } from '../../../src/crm/types.js';

describe('parseUsersExport', () => {
  it('reads a CSV with Id and Name (or FirstName and LastName), keying 18-character ids by their 15-character form', () => {
    expect([...parseUsersExport('u.csv', 'Id,Name\n0055g00000AbCdEAAZ,Dana Whitfield\n').names]).toEqual([
      ['0055g00000AbCdE', 'Dana Whitfield'],
    ]);
    expect([
      ...parseUsersExport('u.csv', '\uFEFFID,FIRSTNAME,LASTNAME\r\n0055g00000XyZ12,Marcus,Lee\r\n').names,
    ]).toEqual([['0055g00000XyZ12', 'Marcus Lee']]);
  });
  it('reads the JSON of sf data query --json, a {records} object or a plain array', () => {
    const records = [{ attributes: { type: 'User' }, Id: '0055g00000AbCdEAAZ', Name: 'Dana Whitfield' }];
    for (const text of [
      JSON.stringify({ status: 0, result: { records } }),
      JSON.stringify({ records }),
      JSON.stringify(records),
    ]) {
      expect(parseUsersExport('u.json', text).names.get('0055g00000AbCdE')).toBe('Dana Whitfield');
    }
  });
  it('refuses a file without Id and Name, or JSON without records', () => {
    expect(() => parseUsersExport('u.csv', 'Email\na@b.c\n')).toThrow(CrmReadError);
    expect(() => parseUsersExport('u.json', '{"x": 1}')).toThrow(/no list of user records/);
  });
});

describe('resolveOwnerIds', () => {
  const opp = (id: string, extra: Record<string, string>) => ({
    id,
    name: id,
    rawStage: 'Stage 2',
    stage: 'Stage 2' as const,
    amountUsd: 1,
    closeDate: null,
    engageDate: null,
    ref: { file: 'Opportunities.json', line: 3 },
    ...extra,
  });
  const exp: CrmExport = {
    source: 'salesforce',
    mapping: 'm.yaml',
    files: [],
    problems: [],
    accounts: [
      {
        source: 'salesforce',
        id: 'A1',
        name: 'A',
        contacts: [],
        ref: { file: 'Accounts.json', line: 1 },
        opportunities: [
          opp('O1', { ownerId: '0055g00000AbCdE' }),
          opp('O2', { ownerId: '0055g00000AbCdE', owner: 'Ana Souza' }),
          opp('O3', { ownerId: 'nobody' }),
        ],
      },
    ],
  };
  it('names owners by id where no name was exported, and warns on an unknown id', () => {
    const out = resolveOwnerIds(exp, { file: 'users.csv', names: new Map([['0055g00000AbCdE', 'Dana Whitfield']]) });
    expect(out.accounts[0].opportunities.map((o) => o.owner)).toEqual(['Dana Whitfield', 'Ana Souza', undefined]);
    expect(out.problems).toEqual([
      expect.objectContaining({ code: 'crm-unknown-owner', severity: 'warning', line: 3 }),
    ]);
    expect(exp.accounts[0].opportunities[0].owner).toBeUndefined();
  });
});
