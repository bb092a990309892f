import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GATE_FAMILIES,
  ISSUE_CODES,
  isCheckCode,
  REQUIREMENT_IDS,
  type IssueCode,
} from '../../../src/domain/issue-codes.js';
import { REQUIREMENTS } from '../../../src/domain/gates.js';
import { isErrorCode } from '../../../src/errors.js';
import { ROOT } from '../../helpers/cli.js';

/** Every .ts file under src/, with its text. */
function sources(dir = join(ROOT, 'src')): Array<[string, string]> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e): Array<[string, string]> => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') ? [[path, readFileSync(path, 'utf8')]] : [];
  });
}

/** The backquoted codes in the first column of the markdown table under the heading. */
function tableCodes(doc: string, heading: string): string[] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(heading)) ?? '';
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

describe('ISSUE_CODES: the codes a validation issue carries, declared once', () => {
  it('lists each code once, sorted, kebab-case', () => {
    expect([...ISSUE_CODES]).toEqual([...new Set(ISSUE_CODES)].sort());
    for (const code of [...ISSUE_CODES, ...REQUIREMENT_IDS]) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(new Set(REQUIREMENT_IDS).size).toBe(REQUIREMENT_IDS.length);
  });

  it('every code is produced by some check in src/ (no dead code in the list)', () => {
    const texts = sources()
      .filter(([path]) => !path.endsWith(join('domain', 'issue-codes.ts')))
      .map(([, text]) => text);
    const unused = ISSUE_CODES.filter((code) => !texts.some((t) => t.includes(`'${code}'`)));
    expect(unused).toEqual([]);
  });

  it('the requirement ids are the phase gates, in their order', () => {
    expect(REQUIREMENTS.map((r) => r.id)).toEqual([...REQUIREMENT_IDS]);
  });

  it('docs/issue-codes.md lists exactly the declared codes and requirements', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'issue-codes.md'), 'utf8');
    expect(tableCodes(doc, "Codes of csp's own checks")).toEqual([...ISSUE_CODES]);
    expect(tableCodes(doc, 'Code families')).toEqual([...REQUIREMENT_IDS]);
    for (const family of [...GATE_FAMILIES, 'schema-']) expect(doc).toContain(`\`${family}<`);
  });

  it.each<[string, boolean]>([
    ['risk-red-unmitigated', true],
    ['yaml-syntax', true],
    ['schema-additionalProperties', true],
    ['gate-handoff-accepted', true],
    ['backfill-current-state', true],
    ['proposal-blocked-raci', true],
    ['file-unreadable', false],
    ['risk-red-unmitigate', false],
    ['gate-handoff', false],
    ['proposal-blocked-', false],
    ['yaml-bad-indent', false],
    ['schema-', false],
  ])('isCheckCode(%s) is %s', (code, declared) => {
    expect(isCheckCode(code)).toBe(declared);
  });

  it('an issue may carry an error code, and a misspelt code does not compile', () => {
    const carried: IssueCode = 'file-unreadable';
    // @ts-expect-error: not a declared code (tsc -p tsconfig.tests.json checks this line)
    const misspelt: IssueCode = 'risk-red-unmitigate';
    // @ts-expect-error: gate- takes a requirement id
    const unknownGate: IssueCode = 'gate-handoff';
    expect([misspelt, unknownGate].some(isCheckCode)).toBe(false);
    expect(isErrorCode(carried)).toBe(true);
  });
});
