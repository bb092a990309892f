/**
 * The edit engine's promise (issue 2 "Editing keeps the file a person wrote"): after an edit the
 * file parses to exactly the edited data, every line the edit does not concern is byte-identical,
 * and every comment survives. Each case runs on the hand-formatted example plan
 * (tests/fixtures/plans/hand-formatted.yaml: comments, aligned comments, flow maps, `>-`).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { editYamlText, minimalEdits, renderNewYaml, YamlEditError, type EditOptions } from '../../../src/yaml/edit.js';
import {
  append,
  applyEditsToData,
  getAt,
  remove,
  sameData,
  set,
  type DocPath,
  type Edit,
} from '../../../src/domain/edit.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import { keyOrderAt } from '../../../src/schema/walk.js';
import { HAND_FORMATTED, dataOf, expectedData, hunks, lostComments, type Hunk } from './helpers.js';

const schema = loadSchema('csp');
const OPTIONS: EditOptions = { keyOrder: (path) => keyOrderAt(schema, path) };

type Line = string | RegExp;
interface ExpectedHunk {
  after: string | null;
  removed?: Line[];
  added?: Line[];
}

const asMatcher = (l: Line) => (typeof l === 'string' ? l : expect.stringMatching(l));

/** Runs the edits and checks the three promises: data, untouched lines, comments. */
function checkEdit(original: string, edits: Edit[], expected: ExpectedHunk[], options: EditOptions = OPTIONS): string {
  const result = editYamlText(original, edits, options);
  // (a) it parses, without errors, to exactly the edited data
  expect(dataOf(result)).toEqual(expectedData(original, edits));
  // (b) the only changed or added lines are the expected ones, where expected
  const actual: Hunk[] = hunks(original, result);
  expect(actual).toEqual(
    expected.map((h) => ({
      after: h.after,
      removed: (h.removed ?? []).map(asMatcher),
      added: (h.added ?? []).map(asMatcher),
    })),
  );
  // (c) every comment survives
  expect(lostComments(original, result)).toEqual([]);
  return result;
}

const lineOf = (text: string, prefix: string) => text.split('\n').find((l) => l.startsWith(prefix))!;

describe('editYamlText on the hand-formatted plan', () => {
  const T = HAND_FORMATTED;

  it.each<[string, Edit[], ExpectedHunk[]]>([
    [
      'a plain scalar',
      [set(['meta', 'arr_usd'], 300000)],
      [
        {
          after: '  opportunity_stage: Stage 4       # Stage 1-4 | Closed Won | Closed Lost',
          removed: ['  arr_usd: 250000'],
          added: ['  arr_usd: 300000'],
        },
      ],
    ],
    [
      'a quoted date',
      [set(['meta', 'updated'], '2026-11-22')],
      [{ after: '  created: "2026-09-14"', removed: ['  updated: "2026-11-02"'], added: ['  updated: "2026-11-22"'] }],
    ],
    [
      'a plain string',
      [set(['customer_context', 'industry'], 'Software')],
      [{ after: 'customer_context:', removed: ['  industry: Technology'], added: ['  industry: Software'] }],
    ],
    [
      'a null to a string',
      [set(['handoff', 'from'], 'Priya Natarajan')],
      [
        {
          after: 'handoff:                            # internal only',
          removed: ['  from: null'],
          added: ['  from: Priya Natarajan'],
        },
      ],
    ],
    [
      'a value inside a flow map',
      [set(['meta', 'owner', 'name'], 'Dana Kim')],
      [
        {
          after: '  arr_usd: 250000',
          removed: ['  owner: { name: Priya Natarajan, role: SA }'],
          added: ['  owner: { name: Dana Kim, role: SA }'],
        },
      ],
    ],
    [
      'a value inside a flow map that is a sequence item',
      [set(['success_criteria', 1, 'target'], '90%')],
      [
        {
          after: lineOf(T, '  - { id: sc-1'),
          removed: [lineOf(T, '  - { id: sc-2')],
          added: [lineOf(T, '  - { id: sc-2').replace('target: 100%', 'target: 90%')],
        },
      ],
    ],
    [
      'a string that looks like a number (quoted)',
      [set(['customer_context', 'industry'], '123')],
      [{ after: 'customer_context:', removed: ['  industry: Technology'], added: ['  industry: "123"'] }],
    ],
    [
      'a string that looks like a boolean (quoted)',
      [set(['customer_context', 'industry'], 'true')],
      [{ after: 'customer_context:', removed: ['  industry: Technology'], added: ['  industry: "true"'] }],
    ],
    [
      'a string with ": " and " #" (quoted)',
      [set(['customer_context', 'industry'], 'a: b # c')],
      [{ after: 'customer_context:', removed: ['  industry: Technology'], added: ['  industry: "a: b # c"'] }],
    ],
    [
      'a string with a line break (double-quoted on one line)',
      [set(['customer_context', 'industry'], 'a\nb')],
      [{ after: 'customer_context:', removed: ['  industry: Technology'], added: ['  industry: "a\\nb"'] }],
    ],
  ])('sets an existing scalar: %s', (_, edits, expected) => {
    checkEdit(T, edits, expected);
  });

  it.each([
    ['a shorter value', 'approved', '  status: approved                 # draft | pending_review | approved | active'],
    [
      'a longer value',
      'pending_review_by_customer',
      '  status: pending_review_by_customer # draft | pending_review | approved | active',
    ],
    [
      'a value longer than the padding',
      'a-status-far-longer-than-the-space-before-the-comment',
      '  status: a-status-far-longer-than-the-space-before-the-comment # draft | pending_review | approved | active',
    ],
  ])('sets a scalar with a trailing comment, %s: the comment keeps its column while it fits', (_, value, line) => {
    const original = '  status: pending_review           # draft | pending_review | approved | active';
    const result = checkEdit(
      T,
      [set(['meta', 'status'], value)],
      [
        {
          after: '  phase: finalize                  # initiate | develop | finalize | execute',
          removed: [original],
          added: [line],
        },
      ],
    );
    const column = (l: string) => l.indexOf('#');
    if (value.length <= 'pending_review'.length + 10)
      expect(column(lineOf(result, '  status:'))).toBe(column(original));
  });

  it.each<[string, DocPath, unknown, string, string[]]>([
    // The schema orders owner before arr_usd and strategic after both; the file has owner after arr_usd.
    [
      'meta.strategic goes after the last key the schema orders before it (owner)',
      ['meta', 'strategic'],
      true,
      '  owner: { name: Priya Natarajan, role: SA }',
      ['  strategic: true'],
    ],
    [
      'meta.stage2_date goes after plan_end, and is quoted',
      ['meta', 'stage2_date'],
      '2026-08-01',
      '  plan_end: "2027-06-30"',
      ['  stage2_date: "2026-08-01"'],
    ],
    [
      'meta.manager_approval (a map) goes after customer_sign_off',
      ['meta', 'manager_approval'],
      { by: 'Lee', date: '2026-11-20' },
      '  customer_sign_off: null          # { by: name, date: YYYY-MM-DD } before status becomes active',
      ['  manager_approval:', '    by: Lee', '    date: "2026-11-20"'],
    ],
    ['handoff.date goes after to', ['handoff', 'date'], '2026-12-01', '  to: null', ['  date: "2026-12-01"']],
    [
      'technical_evaluation.scope goes after plan',
      ['technical_evaluation', 'scope'],
      'Sandbox only',
      lineOf(HAND_FORMATTED, '  plan: Two-week'),
      ['  scope: Sandbox only'],
    ],
    [
      'value metric linked_to goes after target',
      ['value_tracking', 'metrics', 0, 'linked_to'],
      'kr-1',
      '      target: 0.5',
      ['      linked_to: kr-1'],
    ],
    [
      'a key the schema does not know goes last',
      ['meta', 'x-team'],
      'blue',
      lineOf(HAND_FORMATTED, '  crm: {'),
      ['  x-team: blue'],
    ],
    [
      'a new list under an existing map',
      ['internal_notes', 'x-links'],
      ['a', 'b'],
      '  commercial_notes: Multi-year option at 8% uplift discussed with procurement.',
      ['  x-links:', '    - a', '    - b'],
    ],
    ['a new empty list', ['stakeholders', 2, 'x-tags'], [], '    role: SA', ['    x-tags: []']],
  ])('sets a new key: %s', (_, path, value, after, added) => {
    const result = checkEdit(T, [set(path, value)], [{ after, added }]);
    expect(result.startsWith('# An illustration')).toBe(true);
  });

  it('adds a key inside a flow map in flow style', () => {
    checkEdit(
      T,
      [set(['meta', 'owner', 'email'], 'priya@example.com')],
      [
        {
          after: '  arr_usd: 250000',
          removed: ['  owner: { name: Priya Natarajan, role: SA }'],
          added: ['  owner: { name: Priya Natarajan, role: SA, email: priya@example.com }'],
        },
      ],
    );
  });

  it('sets a map onto null with a trailing comment: a flow map, the comment stays on the line', () => {
    checkEdit(
      T,
      [set(['meta', 'customer_sign_off'], { by: 'Sarah Chen', date: '2026-11-20' })],
      [
        {
          after: '  last_customer_review: "2026-10-28"',
          removed: ['  customer_sign_off: null          # { by: name, date: YYYY-MM-DD } before status becomes active'],
          added: [
            '  customer_sign_off: { by: Sarah Chen, date: "2026-11-20" } # { by: name, date: YYYY-MM-DD } before status becomes active',
          ],
        },
      ],
    );
  });

  it('sets a long map onto null: a block under the key, the comment stays on the key line', () => {
    const value = {
      by: 'Sarah Chen, VP Product at TechCorp Industries',
      date: '2026-11-20',
      note: 'signed in the steering committee after the pilot QBR',
    };
    checkEdit(
      T,
      [set(['meta', 'customer_sign_off'], value)],
      [
        {
          after: '  last_customer_review: "2026-10-28"',
          removed: ['  customer_sign_off: null          # { by: name, date: YYYY-MM-DD } before status becomes active'],
          added: [
            /^ {2}customer_sign_off: +# \{ by: name, date: YYYY-MM-DD \} before status becomes active$/,
            '    by: Sarah Chen, VP Product at TechCorp Industries',
            '    date: "2026-11-20"',
            '    note: signed in the steering committee after the pilot QBR',
          ],
        },
      ],
    );
  });

  it.each<[string, DocPath, unknown, ExpectedHunk[]]>([
    [
      'a flow map: one line',
      ['meta', 'owner'],
      { name: 'Dana Kim', role: 'CA' },
      [
        {
          after: '  arr_usd: 250000',
          removed: ['  owner: { name: Priya Natarajan, role: SA }'],
          added: ['  owner: { name: Dana Kim, role: CA }'],
        },
      ],
    ],
    [
      'a block map with one changed key: only that line, its comment at its column',
      ['risks', 0],
      {
        id: 'rk-1',
        title: 'Single-threaded through the champion',
        probability: 'medium',
        impact: 'high',
        rag: 'amber',
        mitigation: 'Monthly executive briefing',
        analysis: "CTO leans to the incumbent; champion's reorg rumoured.",
        owner: 'sh-3',
        status: 'open',
      },
      [
        {
          after: '    rag: amber',
          removed: ['    mitigation: Quarterly executive briefing with the CTO from Q1     # shared with the customer'],
          added: ['    mitigation: Monthly executive briefing                            # shared with the customer'],
        },
      ],
    ],
    [
      'a block map with a new key: the key is added in schema order, nothing else moves',
      ['stakeholders', 2],
      {
        id: 'sh-3',
        name: 'Priya Natarajan',
        title: 'Solutions Architect',
        email: 'priya@example.com',
        side: 'vendor',
        role: 'SA',
      },
      [{ after: '    title: Solutions Architect', added: ['    email: priya@example.com'] }],
    ],
    [
      'a whole section with changes deep inside',
      ['governance'],
      {
        raci: [
          { activity: 'CRM integration', customer_exec: 'I', customer_admin: 'R', csm: 'A', support: 'C' },
          { activity: 'QBR preparation', customer_exec: 'A', customer_admin: 'C', csm: 'R', support: 'C' },
        ],
        cadence: {
          kickoff: '2026-12-02',
          weekly: 'Tuesday 10:00',
          monthly_review: '1st Thursday',
          qbr: ['2027-03-15', '2027-06-15'],
        },
        customer_reviews: [
          { date: '2026-10-28', with: 'sh-1', notes: 'Agreed success criteria sc-1 and sc-2' },
          { date: '2026-11-20', with: 'sh-1' },
        ],
      },
      [
        {
          after: lineOf(HAND_FORMATTED, '    - { activity: CRM'),
          removed: [lineOf(HAND_FORMATTED, '    - { activity: QBR')],
          added: [lineOf(HAND_FORMATTED, '    - { activity: QBR').replace('support: I', 'support: C')],
        },
        {
          after: lineOf(HAND_FORMATTED, '    - { date: "2026-10-28"'),
          added: ['    - { date: "2026-11-20", with: sh-1 }'],
        },
      ],
    ],
  ])('sets a map over an existing map with minimal per-key edits: %s', (_, path, value, expected) => {
    checkEdit(T, [set(path, value)], expected);
  });

  it('sets a value equal to the current one: the text is unchanged', () => {
    const owner = { name: 'Priya Natarajan', role: 'SA' };
    expect(editYamlText(T, [set(['meta', 'owner'], owner), set(['meta', 'arr_usd'], 250000)], OPTIONS)).toBe(T);
  });

  it.each<[string, DocPath, unknown, ExpectedHunk[]]>([
    [
      'a block sequence of block maps: a block map with the same indentation',
      ['stakeholders'],
      { id: 'sh-4', name: 'Dana Kim', side: 'vendor', role: 'CA' },
      [{ after: '    role: SA', added: ['  - id: sh-4', '    name: Dana Kim', '    side: vendor', '    role: CA'] }],
    ],
    [
      'a nested block sequence of block maps',
      ['business_outcomes', 'objectives'],
      { id: 'obj-4', statement: 'Cut churn', key_results: [] },
      [
        {
          after: lineOf(HAND_FORMATTED, '        - { id: kr-3'),
          added: ['    - id: obj-4', '      statement: Cut churn', '      key_results: []'],
        },
      ],
    ],
    [
      'a block sequence of flow maps: a flow map',
      ['success_criteria'],
      { id: 'sc-3', criterion: 'SSO for all users', due: '2027-03-01' },
      [
        {
          after: lineOf(HAND_FORMATTED, '  - { id: sc-2'),
          added: ['  - { id: sc-3, criterion: SSO for all users, due: "2027-03-01" }'],
        },
      ],
    ],
    [
      'a nested block sequence of flow maps',
      ['business_outcomes', 'objectives', 0, 'key_results'],
      { id: 'kr-9', metric: 'Decks per week', due: '2027-01-01' },
      [
        {
          after: lineOf(HAND_FORMATTED, '        - { id: kr-1'),
          added: ['        - { id: kr-9, metric: Decks per week, due: "2027-01-01" }'],
        },
      ],
    ],
    [
      'an empty flow sequence with a comment: a block sequence under the key, the comment on the key line',
      ['value_tracking', 'metrics', 0, 'measurements'],
      { date: '2027-01-01', value: 2.5 },
      [
        {
          after: '      target: 0.5',
          removed: ['      measurements: []              # { date, value } appended monthly after go-live'],
          added: [
            /^ {6}measurements: +# \{ date, value \} appended monthly after go-live$/,
            '        - date: "2027-01-01"',
            '          value: 2.5',
          ],
        },
      ],
    ],
    [
      'an empty flow sequence without a comment',
      ['handoff', 'open_items'],
      'Confirm SSO owner',
      [
        {
          after: '  checklist: []',
          removed: ['  open_items: []'],
          added: ['  open_items:', '    - Confirm SSO owner'],
        },
      ],
    ],
    [
      'a non-empty flow sequence without padding: [ac-1] -> [ac-1, ms-2]',
      ['adoption_journey', 'phases', 1, 'actions', 1, 'depends_on'],
      'ms-2',
      [
        {
          after: lineOf(HAND_FORMATTED, '        - { id: ac-1'),
          removed: [lineOf(HAND_FORMATTED, '        - { id: ac-2')],
          added: [lineOf(HAND_FORMATTED, '        - { id: ac-2').replace('[ac-1]', '[ac-1, ms-2]')],
        },
      ],
    ],
    [
      'a padded flow sequence: [ a, b ] keeps its padding',
      ['technical_evaluation', 'resources'],
      'PM (10%)',
      [
        {
          after: lineOf(HAND_FORMATTED, '  plan: Two-week'),
          removed: ['  resources: [ 1 SA (50%), customer admin (20%), integration engineer (2 weeks) ]'],
          added: ['  resources: [ 1 SA (50%), customer admin (20%), integration engineer (2 weeks), PM (10%) ]'],
        },
      ],
    ],
    [
      'a flow sequence of quoted dates inside a flow map: the new date quoted',
      ['governance', 'cadence', 'qbr'],
      '2027-09-15',
      [
        {
          after: lineOf(HAND_FORMATTED, '    - { activity: QBR'),
          removed: [lineOf(HAND_FORMATTED, '  cadence:')],
          added: [lineOf(HAND_FORMATTED, '  cadence:').replace('"2027-06-15"]', '"2027-06-15", "2027-09-15"]')],
        },
      ],
    ],
    [
      'a missing sequence: created as a block sequence',
      ['internal_notes', 'x-links'],
      'https://example.com/deck',
      [
        {
          after: '  commercial_notes: Multi-year option at 8% uplift discussed with procurement.',
          added: ['  x-links:', '    - https://example.com/deck'],
        },
      ],
    ],
    [
      'a sequence that is null: replaced by a flow sequence',
      ['handoff', 'to'],
      'x',
      [{ after: '  from: null', removed: ['  to: null'], added: ['  to: [ x ]'] }],
    ],
  ])('appends to %s', (_, path, value, expected) => {
    checkEdit(T, [append(path, value)], expected);
  });

  it.each<[string, DocPath, ExpectedHunk[]]>([
    [
      'a key of a block map',
      ['internal_notes', 'commercial_notes'],
      [
        {
          after: '  competitive_context: Incumbent offered a 30% discount to renew the two legacy tools.',
          removed: ['  commercial_notes: Multi-year option at 8% uplift discussed with procurement.'],
        },
      ],
    ],
    [
      'a key whose value is a flow map',
      ['meta', 'crm'],
      [
        {
          after: '  customer_sign_off: null          # { by: name, date: YYYY-MM-DD } before status becomes active',
          removed: [lineOf(HAND_FORMATTED, '  crm: {')],
        },
      ],
    ],
    [
      'a key whose value is a folded scalar',
      ['customer_context', 'background'],
      [
        {
          after: '  primary_use_case: Customer success operations at scale',
          removed: [
            '  background: >-',
            '    1,200-person software company consolidating three support tools; new VP CS wants one',
            '    system of record before the FY27 planning cycle.',
          ],
        },
      ],
    ],
    ['a key that is not there (nothing to do)', ['meta', 'nothing'], []],
  ])('deletes %s', (_, path, expected) => {
    checkEdit(T, [remove(path)], expected);
  });

  it.each<[string, DocPath, ExpectedHunk[]]>([
    [
      'the last block map of a sequence',
      ['stakeholders', 2],
      [
        {
          after: '    internal_assessment: Has not attended a meeting; prefers the incumbent.          # internal only',
          removed: [
            '  - id: sh-3',
            '    name: Priya Natarajan',
            '    title: Solutions Architect',
            '    side: vendor',
            '    role: SA',
          ],
        },
      ],
    ],
    [
      'the first block map of a nested sequence',
      ['business_outcomes', 'objectives', 0],
      [
        {
          after: '  objectives:',
          removed: [
            '    - id: obj-1',
            lineOf(HAND_FORMATTED, '      statement: Cut QBR'),
            '      owner: sh-1',
            '      key_results:',
            lineOf(HAND_FORMATTED, '        - { id: kr-1'),
          ],
        },
      ],
    ],
    [
      'a flow map item',
      ['success_criteria', 0],
      [{ after: 'success_criteria:', removed: [lineOf(HAND_FORMATTED, '  - { id: sc-1')] }],
    ],
    [
      'a flow map item of a nested sequence',
      ['adoption_journey', 'phases', 1, 'milestones', 0],
      [{ after: '      milestones:', removed: [lineOf(HAND_FORMATTED, '        - { id: ms-2')] }],
    ],
  ])('deletes a sequence item: %s', (_, path, expected) => {
    checkEdit(T, [remove(path)], expected);
  });

  it('adds a new top-level section in schema order, with a blank line before it', () => {
    // The same plan without its risks section (and its comments).
    const start = T.indexOf('risks:\n');
    const without = T.slice(0, start) + T.slice(T.indexOf('value_tracking:\n'));
    const risk = {
      id: 'rk-1',
      title: 'Champion leaves',
      probability: 'medium',
      impact: 'high',
      mitigation: 'Second sponsor',
    };
    checkEdit(
      without,
      [append(['risks'], risk)],
      [
        {
          after: lineOf(T, '        - { id: ac-2'),
          added: [
            '',
            'risks:',
            '  - id: rk-1',
            '    title: Champion leaves',
            '    probability: medium',
            '    impact: high',
            '    mitigation: Second sponsor',
          ],
        },
      ],
    );
  });

  it('adds a top-level section the schema does not know at the end, with a blank line before it', () => {
    checkEdit(
      T,
      [set(['x-team'], { squad: 'blue' })],
      [
        {
          after: '  commercial_notes: Multi-year option at 8% uplift discussed with procurement.',
          added: ['', 'x-team:', '  squad: blue'],
        },
      ],
    );
  });

  it('applies several edits of different kinds in one go', () => {
    const edits = [
      set(['meta', 'status'], 'approved'),
      set(['meta', 'customer_sign_off'], { by: 'Sarah Chen', date: '2026-11-20' }),
      append(['governance', 'customer_reviews'], { date: '2026-11-20', with: 'sh-1', signed_off: true }),
      set(['meta', 'last_customer_review'], '2026-11-20'),
      append(['stakeholders'], { id: 'sh-4', name: 'Dana Kim', side: 'vendor', role: 'CA' }),
    ];
    const result = editYamlText(T, edits, OPTIONS);
    expect(dataOf(result)).toEqual(expectedData(T, edits));
    expect(lostComments(T, result)).toEqual([]);
    const changed = hunks(T, result);
    expect(changed.flatMap((h) => h.removed)).toEqual([
      '  status: pending_review           # draft | pending_review | approved | active',
      '  last_customer_review: "2026-10-28"',
      '  customer_sign_off: null          # { by: name, date: YYYY-MM-DD } before status becomes active',
    ]);
    expect(changed.flatMap((h) => h.added)).toEqual([
      '  status: approved                 # draft | pending_review | approved | active',
      '  last_customer_review: "2026-11-20"',
      '  customer_sign_off: { by: Sarah Chen, date: "2026-11-20" } # { by: name, date: YYYY-MM-DD } before status becomes active',
      '  - id: sh-4',
      '    name: Dana Kim',
      '    side: vendor',
      '    role: CA',
      '    - { date: "2026-11-20", with: sh-1, signed_off: true }',
    ]);
  });

  it('verifies and never loses data: the result equals applyEditsToData for every case above combined', () => {
    const edits = [
      set(['meta', 'arr_usd'], 1),
      append(['success_criteria'], { id: 'sc-3', criterion: 'x' }),
      remove(['stakeholders', 2]),
      set(['handoff', 'date'], '2026-12-01'),
    ];
    expect(dataOf(editYamlText(T, edits, OPTIONS))).toEqual(applyEditsToData(dataOf(T), edits));
  });
});

describe('editYamlText: line endings, byte order mark, sequence indentation', () => {
  const edits: Edit[] = [
    set(['meta', 'arr_usd'], 300000),
    append(['stakeholders'], { id: 'sh-4', name: 'Dana Kim', side: 'vendor', role: 'CA' }),
    set(['meta', 'strategic'], true),
  ];

  it.each([
    ['CRLF', HAND_FORMATTED.replace(/\n/g, '\r\n'), '', '\r'],
    ['a BOM', '\uFEFF' + HAND_FORMATTED, '\uFEFF', ''],
    ['CRLF and a BOM', '\uFEFF' + HAND_FORMATTED.replace(/\n/g, '\r\n'), '\uFEFF', '\r'],
  ])('keeps %s', (_, original, bom, cr) => {
    const result = editYamlText(original, edits, OPTIONS);
    expect(result.startsWith(bom + '# An illustration')).toBe(true);
    expect(result.slice(bom.length).includes('\uFEFF')).toBe(false);
    if (cr) expect(result.replace(/\r\n/g, '')).not.toContain('\n');
    else expect(result).not.toContain('\r');
    expect(dataOf(result)).toEqual(expectedData(original, edits));
    expect(lostComments(original, result)).toEqual([]);
    expect(hunks(original, result)).toEqual([
      {
        after: '  opportunity_stage: Stage 4       # Stage 1-4 | Closed Won | Closed Lost' + cr,
        removed: ['  arr_usd: 250000' + cr],
        added: ['  arr_usd: 300000' + cr],
      },
      { after: '  owner: { name: Priya Natarajan, role: SA }' + cr, removed: [], added: ['  strategic: true' + cr] },
      {
        after: '    role: SA' + cr,
        removed: [],
        added: ['  - id: sh-4', '    name: Dana Kim', '    side: vendor', '    role: CA'].map((l) => l + cr),
      },
    ]);
  });

  const FLUSH = [
    '# a plan written with flush sequences',
    'meta:',
    '  account: acme   # slug',
    'stakeholders:',
    '- id: sh-1',
    '  name: Ana',
    'resources:',
    '- one',
    'notes: []   # none yet',
    '',
  ].join('\n');

  it.each<[string, Edit, ExpectedHunk[]]>([
    [
      'appends a block map without indenting the dash',
      append(['stakeholders'], { id: 'sh-2', name: 'Ben' }),
      [{ after: '  name: Ana', added: ['- id: sh-2', '  name: Ben'] }],
    ],
    [
      'appends a scalar without indenting the dash',
      append(['resources'], 'two'),
      [{ after: '- one', added: ['- two'] }],
    ],
    [
      'turns an empty flow sequence into a flush block sequence',
      append(['notes'], 'first'),
      [{ after: '- one', removed: ['notes: []   # none yet'], added: [/^notes: +# none yet$/, '- first'] }],
    ],
    [
      'writes a new list flush',
      set(['tags'], ['a', 'b']),
      [{ after: 'notes: []   # none yet', added: ['', 'tags:', '- a', '- b'] }],
    ],
    [
      'writes a nested new list flush',
      set(['meta', 'aliases'], ['a']),
      [{ after: '  account: acme   # slug', added: ['  aliases:', '  - a'] }],
    ],
  ])('keeps a file with indentSeq=false (`key:\\n- a`): %s', (_, edit, expected) => {
    checkEdit(FLUSH, [edit], expected, {});
  });
});

describe('editYamlText: small cases', () => {
  it.each<[string, string, Edit[], string]>([
    [
      'a key ordered before the first key goes first',
      'meta:\n  phase: initiate\n',
      [set(['meta', 'account'], 'acme')],
      'meta:\n  account: acme\n  phase: initiate\n',
    ],
    ['a file without a final newline', 'a: 1', [set(['b'], 2)], 'a: 1\nb: 2\n'],
    ['an empty flow map gets its first key', 'a: {}\n', [set(['a', 'b'], 1)], 'a: { b: 1 }\n'],
    ['a missing parent map is created', 'a:\n  b: 1\n', [set(['a', 'c', 'd'], 1)], 'a:\n  b: 1\n  c:\n    d: 1\n'],
    ['a single-quoted string stays single-quoted', "a: 'x'\n", [set(['a'], 'y')], "a: 'y'\n"],
    ['an empty "" placeholder is filled without quotes', 'a: ""\n', [set(['a'], 'y')], 'a: y\n'],
    ['an empty key (null) gets a sequence', 'a:\n', [append(['a'], 'y')], 'a:\n  - y\n'],
    ['a flow sequence with a comment inside it', 'a: [x, # c\n  y]\n', [append(['a'], 'z')], 'a: [x, # c\n  y, z]\n'],
  ])('%s', (_, original, edits, expected) => {
    const result = editYamlText(original, edits, OPTIONS);
    expect(result).toBe(expected);
    expect(dataOf(result)).toEqual(expectedData(original, edits));
  });

  it('puts the modeline first when the file has none, and keeps an existing one', () => {
    const modeline = '# yaml-language-server: $schema=../../.csp/schemas/csp.schema.json';
    expect(editYamlText('a: 1\n', [set(['a'], 2)], { modeline })).toBe(`${modeline}\na: 2\n`);
    expect(editYamlText(`${modeline}\na: 1\n`, [set(['a'], 2)], { modeline })).toBe(`${modeline}\na: 2\n`);
  });

  it.each([
    ['a syntax error', 'a: [1, 2\nb: 3\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
  ])('refuses text with %s (YamlEditError, nothing to write)', (_, text) => {
    expect(() => editYamlText(text, [set(['a'], 5)])).toThrow(YamlEditError);
  });
});

describe('editYamlText: the fallback (what a splice cannot do)', () => {
  it.each<[string, Edit[]]>([
    ['replacing a `>-` folded scalar', [set(['customer_context', 'background'], 'One system of record before FY27.')]],
    [
      'replacing a folded scalar by a multi-line text',
      [set(['customer_context', 'background'], 'Line one.\nLine two.')],
    ],
    ['shrinking a flow sequence', [set(['technical_evaluation', 'resources'], ['1 SA (50%)'])]],
    [
      'filling an empty flow sequence with several items at once',
      [
        set(
          ['handoff', 'checklist'],
          [
            { item: 'Intro call', done: false },
            { item: 'CRM owner', done: false },
          ],
        ),
      ],
    ],
  ])('%s: the data is right and every comment survives', (_, edits) => {
    const result = editYamlText(HAND_FORMATTED, edits, OPTIONS);
    expect(dataOf(result)).toEqual(expectedData(HAND_FORMATTED, edits));
    expect(lostComments(HAND_FORMATTED, result)).toEqual([]);
    // The file-level comments and the aligned comments of meta are untouched.
    expect(result.split('\n').slice(0, 20)).toEqual(HAND_FORMATTED.split('\n').slice(0, 20));
  });
});

describe('minimalEdits', () => {
  const data = { a: { b: 1, c: 2, d: { e: 3 } }, list: [1, 2, 3], empty: [], s: 'x' };

  it.each<[string, Edit[], Edit[]]>([
    ['a set that changes nothing disappears', [set(['a'], { b: 1, c: 2, d: { e: 3 } })], []],
    [
      'a map over a map becomes one set per changed key',
      [set(['a'], { b: 9, c: 2, d: { e: 4 } })],
      [set(['a', 'b'], 9), set(['a', 'd', 'e'], 4)],
    ],
    ['a dropped key becomes a delete', [set(['a'], { b: 1, d: { e: 3 } })], [remove(['a', 'c'])]],
    ['a new key becomes a set of that key', [set(['a'], { b: 1, c: 2, d: { e: 3 }, f: 5 })], [set(['a', 'f'], 5)]],
    [
      'a longer list: per-item sets and appends',
      [set(['list'], [1, 5, 3, 4])],
      [set(['list', 1], 5), append(['list'], 4)],
    ],
    ['a shorter list: deletes from the end', [set(['list'], [1])], [remove(['list', 2]), remove(['list', 1])]],
    ['a list over an empty list: appends', [set(['empty'], [1])], [append(['empty'], 1)]],
    ['a scalar over a map: a plain set', [set(['a'], 'x')], [set(['a'], 'x')]],
    ['appends and deletes pass through', [append(['list'], 4), remove(['s'])], [append(['list'], 4), remove(['s'])]],
    [
      'later edits see earlier ones',
      [set(['a', 'b'], 7), set(['a'], { b: 7, c: 2, d: { e: 3 } })],
      [set(['a', 'b'], 7)],
    ],
  ])('%s', (_, edits, expected) => {
    const out = minimalEdits(data, edits);
    expect(out).toEqual(expected);
    expect(applyEditsToData(data, out)).toEqual(applyEditsToData(data, edits));
  });
});

describe('renderNewYaml', () => {
  it('writes keys in the order given, a blank line before each top-level section, dates quoted, the modeline first', () => {
    const text = renderNewYaml(
      {
        schema_version: 1,
        meta: { account: 'acme', created: '2026-11-22' },
        stakeholders: [{ id: 'sh-1', name: 'Ana' }],
        note: 'x',
      },
      { modeline: '# yaml-language-server: $schema=x.json', header: '# header' },
    );
    expect(text).toBe(
      [
        '# yaml-language-server: $schema=x.json',
        '# header',
        'schema_version: 1',
        '',
        'meta:',
        '  account: acme',
        '  created: "2026-11-22"',
        '',
        'stakeholders:',
        '  - id: sh-1',
        '    name: Ana',
        'note: x',
        '',
      ].join('\n'),
    );
  });

  it('never folds long lines', () => {
    const long = 'word '.repeat(60).trim();
    expect(renderNewYaml({ a: long })).toBe(`a: ${long}\n`);
  });
});

describe('property: random plans and random set/append edits', () => {
  const key = fc.stringMatching(/^[a-z][a-z_]{0,6}$/);
  const text = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom(
      '',
      'yes',
      'no',
      'null',
      '~',
      'true',
      '0x1F',
      '1e3',
      '012',
      '2026-01-31',
      '- a',
      'a: b',
      'x #y',
      '#',
      "it's",
      '"q"',
      ' lead',
      'trail ',
      '[a]',
      '{a}',
      '*a',
      '&a',
      '!t',
      '@',
      '`',
      '%',
      'a\nb',
    ),
  );
  const scalar = fc.oneof(
    text,
    fc.integer({ min: -1000, max: 100000 }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.boolean(),
    fc.constant(null),
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, scalar, tie('map'), tie('list')),
    map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    list: fc.array(tie('value'), { maxLength: 3 }),
  }));
  const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 });

  /** Every path in data, with what is there. */
  function paths(data: unknown, at: DocPath = []): Array<{ path: DocPath; node: unknown }> {
    const out: Array<{ path: DocPath; node: unknown }> = at.length ? [{ path: at, node: data }] : [];
    if (Array.isArray(data)) data.forEach((v, i) => out.push(...paths(v, [...at, i])));
    else if (data && typeof data === 'object')
      for (const [k, v] of Object.entries(data)) out.push(...paths(v, [...at, k]));
    return out;
  }

  const scenario = doc.chain((data) => {
    const all = paths(data);
    const lists = all.filter((p) => Array.isArray(p.node));
    const maps = [
      { path: [] as DocPath, node: data as unknown },
      ...all.filter((p) => p.node !== null && typeof p.node === 'object' && !Array.isArray(p.node)),
    ];
    const edit = fc.oneof(
      fc.tuple(fc.constantFrom(...all), value).map(([p, v]): Edit => set(p.path, v)),
      fc.tuple(fc.constantFrom(...maps), key, value).map(([p, k, v]): Edit => set([...p.path, `${k}_new`], v)),
      ...(lists.length ? [fc.tuple(fc.constantFrom(...lists), value).map(([p, v]): Edit => append(p.path, v))] : []),
    );
    return fc.tuple(fc.constant(data), fc.array(edit, { minLength: 1, maxLength: 3 }));
  });

  /** True when each edit, in turn, works on what is there: set on an existing path or a new key of a map, append to a list. */
  function onExistingPaths(data: unknown, edits: readonly Edit[]): boolean {
    let state = data;
    for (const edit of edits) {
      const parent = getAt(state, edit.path.slice(0, -1));
      const node = getAt(state, edit.path);
      if (
        edit.op === 'append'
          ? !Array.isArray(node)
          : parent === null || typeof parent !== 'object' || (Array.isArray(parent) && node === undefined)
      )
        return false;
      state = applyEditsToData(state, [edit]);
    }
    return true;
  }

  it('the edited file re-parses to the edited data and keeps the comments', () => {
    fc.assert(
      fc.property(scenario, ([data, edits]) => {
        fc.pre(onExistingPaths(data, edits));
        const original = renderNewYaml(data, { header: '# a comment a person wrote' });
        const result = editYamlText(original, edits);
        const parsed = parseDocument(result, { uniqueKeys: true });
        expect(parsed.errors).toEqual([]);
        expect(sameData(parsed.toJS(), applyEditsToData(data, edits))).toBe(true);
        expect(lostComments(original, result)).toEqual([]);
      }),
      // NOTE: bounded to stay well under 3 s (about 0.5 s); 40,000 unseeded runs found no counterexample.
      { numRuns: Number(process.env.CSP_FUZZ_RUNS ?? 250) },
    );
  }, 20_000);
});

describe('a run of appends to one list (issue 19: one splice, not one parse per item)', () => {
  it.each([
    ['a block list with comments', 'actions:\n  # the first\n  - id: a-1  # keep\n    title: one\nother: 1  # tail\n'],
    ['an empty flow list', 'actions: []  # none yet\nother: 1\n'],
    ['a flow list with items', 'actions: [x, y]  # two\nother: 1\n'],
    ['a missing list', 'other: 1\n'],
  ])('appends many items to %s: the data of every item, in order, and every comment kept', (_, text) => {
    const items = Array.from({ length: 60 }, (_, i) =>
      text.includes('[x') ? `item-${i}` : { id: `a-${i + 2}`, title: `item ${i}: "quoted" # not a comment` },
    );
    const edits = items.map((v) => append(['actions'], v));
    const out = editYamlText(text, edits);
    expect(sameData(parseDocument(out).toJS(), applyEditsToData(parseDocument(text).toJS(), edits))).toBe(true);
    for (const comment of text.match(/#[^\n]*/g) ?? []) expect(out).toContain(comment);
  });
});
