/** Edits as data (src/domain/edit.ts) and issues (src/domain/issue.ts). */
import { describe, expect, it } from 'vitest';
import { append, applyEditsToData, getAt, remove, set, type Edit } from '../../../src/domain/edit.js';
import { fromPointer, hasFailures, sortIssues, toPointer, type Issue } from '../../../src/domain/issue.js';

describe('applyEditsToData', () => {
  const data = { a: { b: 1 }, list: [1, 2, 3], n: null as null | unknown[] };

  it.each<[string, Edit[], unknown]>([
    ['set replaces a value', [set(['a', 'b'], 2)], { a: { b: 2 }, list: [1, 2, 3], n: null }],
    [
      'set creates missing parent maps',
      [set(['x', 'y', 'z'], 1)],
      { a: { b: 1 }, list: [1, 2, 3], n: null, x: { y: { z: 1 } } },
    ],
    [
      'set creates a list for a numeric key below it',
      [set(['x', 0, 'y'], 'v')],
      { a: { b: 1 }, list: [1, 2, 3], n: null, x: [{ y: 'v' }] },
    ],
    ['set treats null as missing', [set(['n', 'k'], 1)], { a: { b: 1 }, list: [1, 2, 3], n: { k: 1 } }],
    ['set an index', [set(['list', 1], 9)], { a: { b: 1 }, list: [1, 9, 3], n: null }],
    ['append to a list', [append(['list'], 4)], { a: { b: 1 }, list: [1, 2, 3, 4], n: null }],
    ['append to null makes a list', [append(['n'], 'x')], { a: { b: 1 }, list: [1, 2, 3], n: ['x'] }],
    [
      'append to a missing key makes a list',
      [append(['a', 'c'], 'x')],
      { a: { b: 1, c: ['x'] }, list: [1, 2, 3], n: null },
    ],
    ['delete a key', [remove(['a', 'b'])], { a: {}, list: [1, 2, 3], n: null }],
    ['delete a list item', [remove(['list', 0])], { a: { b: 1 }, list: [2, 3], n: null }],
    ['delete under a missing parent does nothing', [remove(['x', 'y'])], { a: { b: 1 }, list: [1, 2, 3], n: null }],
    [
      'edits apply in order',
      [append(['list'], 4), remove(['list', 0]), set(['list', 0], 7)],
      { a: { b: 1 }, list: [7, 3, 4], n: null },
    ],
  ])('%s', (_, edits, expected) => {
    expect(applyEditsToData(data, edits)).toEqual(expected);
  });

  it('does not change its input, nor share the values it inserts', () => {
    const value = { deep: [1] };
    const out = applyEditsToData(data, [set(['v'], value), append(['list'], value)]);
    value.deep.push(2);
    expect(data).toEqual({ a: { b: 1 }, list: [1, 2, 3], n: null });
    expect(out).toMatchObject({ v: { deep: [1] }, list: [1, 2, 3, { deep: [1] }] });
  });

  it.each<[string, Edit]>([
    ['a path through a scalar', set(['a', 'b', 'c'], 1)],
    ['append to a map', append(['a'], 1)],
  ])('throws for %s (a caller bug)', (_, edit) => {
    expect(() => applyEditsToData(data, [edit])).toThrow(Error);
  });

  it.each([
    [['a', 'b'], 1],
    [['list', 2], 3],
    [['list', 5], undefined],
    [['a', 'b', 'c'], undefined],
    [['n', 'x'], undefined],
    [[], data],
  ] as const)('getAt %j', (path, value) => {
    expect(getAt(data, path)).toEqual(value);
  });
});

describe('JSON pointers', () => {
  it.each<[Array<string | number>, string]>([
    [[], ''],
    [['risks', 0, 'mitigation'], '/risks/0/mitigation'],
    [['a/b', 'c~d'], '/a~1b/c~0d'],
    [['~1'], '/~01'],
    [[''], '/'],
  ])('%j <-> %s', (segments, pointer) => {
    expect(toPointer(segments)).toBe(pointer);
    expect(fromPointer(pointer)).toEqual(segments);
  });

  it('reads numeric segments as indexes, but not numbers with leading zeros', () => {
    expect(fromPointer('/a/10/01/-1')).toEqual(['a', 10, '01', '-1']);
  });
});

describe('issues', () => {
  const issue = (over: Partial<Issue>): Issue => ({
    code: 'duplicate-id',
    severity: 'error',
    file: 'a.yaml',
    path: '',
    message: 'm',
    ...over,
  });

  it.each<[string, Issue[], boolean, boolean]>([
    ['no issues', [], false, false],
    ['an error', [issue({})], true, true],
    ['a warning', [issue({ severity: 'warning' })], false, true],
    ['a gap', [issue({ severity: 'info' })], false, false],
  ])('hasFailures: %s -> %s (strict: %s)', (_, issues, normal, strict) => {
    expect(hasFailures(issues)).toBe(normal);
    expect(hasFailures(issues, true)).toBe(strict);
  });

  it('sortIssues: by file, line, column, pointer, code', () => {
    const issues = [
      issue({ file: 'b.yaml', line: 1, code: 'yaml-syntax' }),
      issue({ line: 3, col: 5, code: 'owner-missing' }),
      issue({ line: 3, col: 2, path: '/b', code: 'raci-accountable' }),
      issue({ line: 3, col: 2, path: '/a', code: 'duplicate-id' }),
      issue({ line: 3, col: 2, path: '/a', code: 'dates-order' }),
      issue({ code: 'account-mismatch' }),
    ];
    expect(sortIssues(issues).map((i) => i.code)).toEqual([
      'account-mismatch',
      'dates-order',
      'duplicate-id',
      'raci-accountable',
      'owner-missing',
      'yaml-syntax',
    ]);
  });
});
