/**
 * Validation of a document's text (src/validation/file.ts, check.ts; src/yaml/positions.ts):
 * every issue names file:line:col of the offending YAML node.
 */
import { describe, expect, it } from 'vitest';
import { placeIssues, validateText } from '../../../src/validation/file.js';
import { checkData } from '../../../src/validation/check.js';
import { createLocator } from '../../../src/yaml/positions.js';
import { renderNewYaml } from '../../../src/yaml/edit.js';
import type { Plan } from '../../../src/domain/plan.js';
import { plan } from '../helpers/plans.js';
import { HAND_FORMATTED } from '../yaml/helpers.js';

/** A document node as a loose record, to break it on purpose. */
const loose = (node: unknown) => node as Record<string, unknown>;

/** 1-based line and column of the first occurrence of `needle` in text. */
function where(text: string, needle: string): [number, number] {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`not found: ${needle}`);
  const before = text.slice(0, at).split('\n');
  return [before.length, before[before.length - 1].length + 1];
}

describe('validateText: positions', () => {
  const text = renderNewYaml(
    plan('finalize', (p) => {
      p.meta.status = 'done' as never;
      loose(p.meta).colour = 'blue';
      delete (p.meta as Partial<Plan['meta']>).owner;
      Object.assign(p.risks![0], { probability: 'high', impact: 'high', mitigation: '' });
      delete p.risks![0].rag;
    }),
  );

  it('places each issue at its node: values at the value, unknown keys at the key, missing keys at the parent, items at the dash', async () => {
    const { issues } = await validateText('acme/success_plan/csp.yaml', text, 'csp');
    const errors = issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.code, i.path, i.line, i.col])).toEqual([
      ['schema-required', '/meta', ...where(text, 'meta:')],
      ['schema-enum', '/meta/status', ...where(text, 'done')],
      ['schema-additionalProperties', '/meta/colour', ...where(text, 'colour:')],
      ['gate-risk-mitigations', '/risks/0', ...where(text, 'id: rk-1')],
      ['risk-red-unmitigated', '/risks/0', ...where(text, 'id: rk-1')],
    ]);
    expect(new Set(issues.map((i) => i.file))).toEqual(new Set(['acme/success_plan/csp.yaml']));
  });

  it('sorts issues by line and column', async () => {
    const { issues } = await validateText('csp.yaml', text, 'csp');
    const keys = issues.map((i) => (i.line ?? 0) * 10000 + (i.col ?? 0));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  });

  it('the hand-formatted example is a valid finalize plan: its one gap sits on the accepted value', async () => {
    const { issues } = await validateText('csp.yaml', HAND_FORMATTED, 'csp');
    expect(issues.map((i) => [i.severity, i.code, i.line, i.col])).toEqual([
      ['info', 'gate-handoff-accepted', ...where(HAND_FORMATTED, 'false\n\ninternal_notes')],
    ]);
  });

  it.each([
    ['a value inside a flow map', 'role: SA }', 'role: XX }', 'schema-enum', '/meta/owner/role', 'XX }'],
    [
      'a value inside a flow map in a sequence',
      'due: "2027-01-31"',
      'due: "2027-02-30"',
      'schema-format',
      '/success_criteria/1/due',
      '"2027-02-30"',
    ],
    [
      'a value inside a flow sequence',
      'depends_on: [ac-1]',
      'depends_on: [ac-9]',
      'reference-unknown',
      '/adoption_journey/phases/1/actions/1/depends_on/0',
      'ac-9]',
    ],
    [
      'a block value with a trailing comment',
      'phase: finalize ',
      'phase: finished ',
      'schema-enum',
      '/meta/phase',
      'finished ',
    ],
  ])('in the hand-formatted file: %s', async (_, from, to, code, path, at) => {
    const text = HAND_FORMATTED.replace(from, to);
    const { issues } = await validateText('csp.yaml', text, 'csp');
    expect(issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.path, i.line, i.col])).toEqual([
      [code, path, ...where(text, at)],
    ]);
  });

  it('returns the data when the text parses', async () => {
    const { data } = await validateText('csp.yaml', renderNewYaml(plan('execute')), 'csp');
    expect(data).toEqual(plan('execute'));
  });

  it.each([
    ['an unclosed flow sequence', 'a: [1, 2\nb: 3\n', 'yaml-syntax', 2, 1],
    ['a duplicate key', 'schema_version: 1\nmeta:\n  a: 1\n  a: 2\n', 'yaml-duplicate-key', 4, 3],
    ['a tab', 'a:\n\tb: 1\n', 'yaml-syntax', 2, 1],
    ['conflict markers', 'a: 1\n<<<<<<< HEAD\n', 'git-conflict-markers', 2, 1],
  ])('a file that does not parse: %s -> %s at %i:%i, no data', async (_, source, code, line, col) => {
    const { data, issues } = await validateText('x.yaml', source, 'csp');
    expect(data).toBeUndefined();
    expect(issues).toEqual([expect.objectContaining({ code, line, col, file: 'x.yaml', severity: 'error' })]);
    if (code === 'yaml-syntax') expect(issues[0].message).toMatch(/^YAML syntax error: \S/);
  });
});

describe('placeIssues', () => {
  it('keeps a position an issue already has, locates the others', async () => {
    const text = 'a:\n  b: 1\n';
    const placed = await placeIssues('f.yaml', text, [
      { code: 'owner-missing', severity: 'error', path: '/a/b', message: 'm' },
      { code: 'owner-unknown', severity: 'error', path: '', message: 'm', line: 9, col: 4 } as never,
    ]);
    expect(placed.map((i) => [i.code, i.file, i.line, i.col])).toEqual([
      ['owner-missing', 'f.yaml', 2, 6],
      ['owner-unknown', 'f.yaml', 9, 4],
    ]);
  });

  it('is empty for no issues', async () => {
    expect(await placeIssues('f.yaml', 'a: 1', [])).toEqual([]);
  });
});

describe('createLocator', () => {
  const text = [
    '# c',
    'meta:',
    '  owner: { name: Ann, role: SA }',
    '  status: done',
    'list:',
    '  - id: a',
    '    x: 1',
    '  - { id: b, x: 2 }',
    'empty:',
    '',
  ].join('\n');
  const locate = createLocator(text);

  it.each([
    ['', [2, 1]],
    ['/meta', [2, 1]],
    ['/meta/status', [4, 11]],
    ['/meta/owner', [3, 3]],
    ['/meta/owner/name', [3, 18]],
    ['/list/0', [6, 5]],
    ['/list/0/x', [7, 8]],
    ['/list/1', [8, 5]],
    ['/list/1/x', [8, 17]],
    ['/meta/missing', [2, 1]],
    ['/list/5/x', [5, 1]],
    ['/empty (a null value: just after the key)', [9, 7]],
  ])('%s -> %j', (pointer, [line, col]) => {
    expect(locate(pointer.split(' ')[0])).toEqual({ line, col });
  });

  it('with key: a scalar entry at its key', () => {
    expect(locate('/meta/status', { key: true })).toEqual({ line: 4, col: 3 });
  });

  it('an empty text is at 1:1', () => {
    expect(createLocator('')('/a')).toEqual({ line: 1, col: 1 });
  });
});

describe('checkData', () => {
  it('checks schema, then rules, then completeness', async () => {
    const p = plan('finalize', (x) => {
      x.meta.status = 'done' as never;
      x.adoption_journey!.phases![1].milestones![1].owner = 'Nobody';
      x.risks = [];
    });
    expect((await checkData('csp', p)).map((i) => i.code)).toEqual([
      'schema-enum',
      'owner-unknown',
      'gate-risks',
      'gate-handoff-accepted',
    ]);
  });

  it('passes the team settings to the rules', async () => {
    const p = plan('execute');
    expect(
      (await checkData('csp', p, { requireManagerApproval: true, expectedAccount: 'other' })).map((i) => i.code),
    ).toEqual(['account-mismatch', 'status-without-approval']);
  });

  it.each([
    ['a list where a section goes', (p: Record<string, unknown>) => void (p.stakeholders = 'Ann, Bo')],
    ['a scalar adoption journey', (p: Record<string, unknown>) => void (p.adoption_journey = 'later')],
    ['risks as a map', (p: Record<string, unknown>) => void (p.risks = { a: 1 })],
  ])('does not throw on a malformed plan (%s): the schema errors come back', async (_, mutate) => {
    const issues = await checkData('csp', plan('finalize', mutate as unknown as (p: Plan) => void));
    expect(issues.some((i) => i.code === 'schema-type')).toBe(true);
  });

  it.each([null, 'text', [], { meta: 'x' }])(
    'returns only schema issues for data that is not plan-shaped: %j',
    async (data) => {
      const issues = await checkData('csp', data);
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.every((i) => i.code.startsWith('schema-'))).toBe(true);
    },
  );

  it.each([
    ['action_tracker', 'actions', '/actions/2/id'],
    ['risk_register', 'risks', '/risks/2/id'],
    ['decision_log', 'decisions', '/decisions/2/id'],
  ] as const)('%s: duplicate ids', async (kind, list, path) => {
    const item = (id: string) => ({ id, title: 't', date: '2026-01-01', decision: 'd' });
    const id = kind === 'decision_log' ? ['dec-1', 'dec-2'] : ['x-1', 'x-2'];
    const data = { schema_version: 1, account: 'acme', [list]: [item(id[0]), item(id[1]), item(id[0])] };
    const issues = await checkData(kind, data);
    expect(issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ['duplicate-id', path, `id ${id[0]} is used twice (first at /${list}/0)`],
    ]);
  });
});
