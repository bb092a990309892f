import { describe, expect, it } from 'vitest';
import { newErrors, type Issue, type IssueCode } from '../../../src/domain/issue.js';
import { ERROR_CODES, isErrorCode } from '../../../src/errors.js';

type Found = Pick<Issue, 'code' | 'path' | 'message' | 'severity'>;
const error = (code: IssueCode, path: string, message: string): Found => ({ code, path, message, severity: 'error' });

describe('newErrors: what an edit introduced, by code and path', () => {
  it.each<[string, Found[], Found[], string[]]>([
    [
      'an error whose message quotes a changed value is not new',
      [error('risk-red-unmitigated', '/risks/0', 'risk "Single-threaded" is red')],
      [error('risk-red-unmitigated', '/risks/0', 'risk "Single threaded" is red')],
      [],
    ],
    [
      'the same code at another path is new',
      [error('schema-type', '/a', 'must be string')],
      [error('schema-type', '/a', 'must be string'), error('schema-type', '/b', 'must be string')],
      ['/b'],
    ],
    [
      'another code at the same path is new',
      [error('schema-type', '/a', 'must be string')],
      [error('schema-format', '/a', 'must be string')],
      ['/a'],
    ],
    [
      'a second error of one code at one path is new, the one before had is not',
      [error('schema-required', '', 'missing required property "meta"')],
      [
        error('schema-required', '', 'missing required property "meta"'),
        error('schema-required', '', 'missing required property "risks"'),
      ],
      ['missing required property "risks"'],
    ],
    [
      'reworded and added at one path: one is new',
      [error('schema-required', '', 'missing "a"')],
      [error('schema-required', '', 'missing "b"'), error('schema-required', '', 'missing "c"')],
      ['missing "c"'],
    ],
    [
      'a fixed error leaves nothing new',
      [error('schema-type', '/a', 'x'), error('schema-type', '/b', 'x')],
      [error('schema-type', '/a', 'x')],
      [],
    ],
    [
      'warnings are never new errors',
      [],
      [{ code: 'risk-red-unmitigated', path: '/a', message: 'm', severity: 'warning' }],
      [],
    ],
  ])('%s', (_name, before, after, expected) => {
    const found = newErrors(before, after);
    expect(found.map((i) => (expected.some((e) => e.startsWith('/') || e === '') ? i.path : i.message))).toEqual(
      expected,
    );
  });
});

describe('ERROR_CODES: the codes a CspError carries, declared once', () => {
  it('lists each code once, sorted, kebab-case', () => {
    expect([...ERROR_CODES]).toEqual([...new Set(ERROR_CODES)].sort());
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
  it.each([
    ['file-exists', true],
    ['fs-eacces', true],
    ['file-exist', false],
    ['schema-required', false],
  ])('isErrorCode(%s) is %s', (code, declared) => {
    expect(isErrorCode(code)).toBe(declared);
  });
});
