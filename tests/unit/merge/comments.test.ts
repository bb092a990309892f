import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rulesFromSchema } from '../../../src/merge/rules.js';
import { mergeYamlText } from '../../../src/merge/text.js';
import { loadSchema } from '../../../src/schema/schemas.js';
import type { DocKind } from '../../../src/schema/documents.js';

const opts = (kind: DocKind) => ({ rules: rulesFromSchema(loadSchema(kind)) });

// Per kind: a base text, the line theirs comments (a field ours leaves alone), the item line theirs
// puts a comment above, and a field ours changes elsewhere.
const cases: Array<[DocKind, string, string, string, [string, string]]> = [
  [
    'csp',
    `schema_version: 1\nmeta:\n  account: acme\n  updated: "2026-11-01"\ncustomer_context:\n  industry: Retail\n  segment: SMB\nstakeholders:\n  - id: sh-1\n    name: Sarah\n    role: champion\n  - id: sh-2\n    name: Bob\n    role: admin\n`,
    '  industry: Retail',
    '  - id: sh-2',
    ['  segment: SMB', '  segment: Enterprise'],
  ],
  [
    'action_tracker',
    `schema_version: 1\naccount: acme\nactions:\n  - id: ms-1\n    title: Kickoff\n    owner: Sarah\n    status: in_progress\n  - id: act-2\n    title: Train admins\n    status: not_started\n`,
    '    owner: Sarah',
    '  - id: act-2',
    ['    status: in_progress', '    status: done'],
  ],
  [
    'risk_register',
    `schema_version: 1\naccount: acme\nrisks:\n  - id: rk-1\n    title: Budget cut\n    probability: low\n    impact: high\n  - id: rk-2\n    title: Champion leaves\n    probability: medium\n    impact: high\n`,
    '    impact: high\n  - id: rk-2',
    '  - id: rk-2',
    ['    probability: medium', '    probability: high'],
  ],
  [
    'decision_log',
    `schema_version: 1\naccount: acme\ndecisions:\n  - id: dec-1\n    date: "2026-11-01"\n    decision: Use SSO\n  - id: dec-2\n    date: "2026-11-02"\n    decision: Phase two in Q1\n`,
    '    decision: Use SSO',
    '  - id: dec-2',
    ['    decision: Phase two in Q1', '    decision: Phase two in Q2'],
  ],
  [
    'health_signals',
    `schema_version: 1\naccount: acme\nsignals:\n  - date: "2026-10-31"\n    source: csp signal\n    values:\n      tickets: 3\n  - date: "2026-11-30"\n    source: csp signal\n    values:\n      tickets: 1\n`,
    '      tickets: 3',
    '  - date: "2026-11-30"',
    ['      tickets: 1', '      tickets: 2'],
  ],
  [
    'account_plan',
    `schema_version: 1\naccount: acme\nfiscal_year: FY2027\nstatus: draft\nupdated: "2026-11-01"\nqbr_schedule:\n  - quarter: Q1\n    focus: adoption\n  - quarter: Q2\n    focus: value\n`,
    '    focus: adoption',
    '  - quarter: Q2',
    ['updated: "2026-11-01"', 'updated: "2026-11-04"'],
  ],
];

describe('mergeYamlText keeps the comments theirs added to lines ours did not change, in every document kind', () => {
  it.each(cases)('%s', (kind, base, trailLine, itemLine, [from, to]) => {
    const trailed = trailLine.includes('\n')
      ? trailLine.replace('\n', '   # theirs: trailing\n')
      : `${trailLine}   # theirs: trailing`;
    const theirs = base.replace(trailLine, trailed).replace(itemLine, `  # theirs: above the item\n${itemLine}`);
    const ours = base.replace(from, `${to}  # ours`);
    const r = mergeYamlText(base, ours, theirs, opts(kind));
    expect(r.conflicts).toEqual([]);
    expect(r.text).toBe(ours.replace(trailLine, trailed).replace(itemLine, `  # theirs: above the item\n${itemLine}`));
    expect(parse(r.text)).toEqual(parse(ours));
  });

  it("keeps ours' comment where both commented a line, and a comment theirs changed where ours kept the base's", () => {
    const [, base] = cases[0];
    const commented = base.replace('  segment: SMB', '  segment: SMB   # base note');
    const ours = commented.replace('  industry: Retail', '  industry: Retail  # ours');
    const theirs = commented
      .replace('  industry: Retail', '  industry: Retail  # theirs')
      .replace('# base note', '# theirs note');
    const r = mergeYamlText(commented, ours, theirs, opts('csp'));
    expect(r.text).toContain('  industry: Retail  # ours\n');
    expect(r.text).toContain('  segment: SMB   # theirs note\n');
    expect(r.text).not.toContain('# theirs\n');
  });
});
