import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CrmReadError, readCrmExport, type ReadCrmOptions } from '../../../src/crm/index.js';
import { FIXTURES, MAVEN_DIR, SF_DIR } from './fixtures.js';

const PLAYBOOKS = fileURLToPath(new URL('../../../playbooks/crm/', import.meta.url));

function readError(path: string, options?: ReadCrmOptions): CrmReadError {
  try {
    readCrmExport(path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(CrmReadError);
    return error as CrmReadError;
  }
  throw new Error('the read succeeded');
}

describe('readCrmExport', () => {
  it.each([
    ['the Salesforce folder (JSON wins over CSV by priority)', SF_DIR, 'salesforce', 'data-plan.json'],
    ['data-plan.json', join(SF_DIR, 'data-plan.json'), 'salesforce', 'data-plan.json'],
    ['Accounts.json', join(SF_DIR, 'Accounts.json'), 'salesforce', 'data-plan.json'],
    ['Accounts.csv', join(SF_DIR, 'Accounts.csv'), 'salesforce-csv', 'Accounts.csv'],
    ['Opportunities.csv', join(SF_DIR, 'Opportunities.csv'), 'salesforce-csv', 'Accounts.csv'],
    ['the Maven folder', MAVEN_DIR, 'maven', 'accounts.csv'],
    ['Maven accounts.csv', join(MAVEN_DIR, 'accounts.csv'), 'maven', 'accounts.csv'],
  ])('detects %s', (_, path, source, firstFile) => {
    const exp = readCrmExport(path);
    expect(exp.source).toBe(source);
    expect(exp.mapping).toBe(join(PLAYBOOKS, `${source}.yaml`));
    expect(exp.files[0]).toBe(
      join(path.endsWith('.json') || path.endsWith('.csv') ? join(path, '..') : path, firstFile),
    );
    expect(exp.accounts).toHaveLength(source === 'maven' ? 85 : 50);
  });

  it('reads the files it names, with paths in refs and problems', () => {
    const exp = readCrmExport(SF_DIR);
    expect(exp.files).toEqual(
      ['data-plan.json', 'Accounts.json', 'Contacts.json', 'Opportunities.json'].map((f) => join(SF_DIR, f)),
    );
    expect(exp.accounts[0].ref).toEqual({ file: join(SF_DIR, 'Accounts.json'), line: 3 });
    expect(exp.problems.every((p) => p.file === join(SF_DIR, 'Opportunities.json'))).toBe(true);
  });

  it('takes the source when given', () => {
    expect(readCrmExport(SF_DIR, { source: 'salesforce-csv' }).source).toBe('salesforce-csv');
  });

  it('takes a mapping file when given', () => {
    const exp = readCrmExport(MAVEN_DIR, { mappingFile: join(PLAYBOOKS, 'maven.yaml') });
    expect(exp.mapping).toBe(join(PLAYBOOKS, 'maven.yaml'));
    expect(exp.accounts).toHaveLength(85);
  });

  it.each([
    ['a path that does not exist', join(FIXTURES, 'nope'), undefined, /does not exist/, /export folder/],
    ['a folder that is no known export', FIXTURES, undefined, /Cannot tell which CRM export/, /--crm-source/],
    [
      'an unknown source',
      SF_DIR,
      { source: 'hubspot' },
      /Unknown CRM source "hubspot"/,
      /maven, salesforce, salesforce-csv/,
    ],
    [
      'a source whose files are not there',
      MAVEN_DIR,
      { source: 'salesforce' },
      /Accounts\.json is missing/,
      /--crm-source/,
    ],
    ['a missing mapping file', MAVEN_DIR, { mappingFile: join(FIXTURES, 'none.yaml') }, /cannot be read/, /readable/],
  ])('raises CrmReadError for %s', (_, path, options, message, hint) => {
    const error = readError(path, options);
    expect(error.message).toMatch(message);
    expect(error.hint).toMatch(hint);
    expect(error.file).toBeTruthy();
  });

  it('does not let an unsafe source name escape the playbooks folder', () => {
    expect(readError(SF_DIR, { source: '../../package' }).message).toMatch(/Unknown CRM source/);
  });
});
