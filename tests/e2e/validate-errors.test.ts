/**
 * Issue 2: a broken file (bad YAML, a schema violation, a RED risk without mitigation) fails
 * validation with file:line:col, the rule and the fix; --format json gives the same as data.
 */
import { describe, expect, it } from 'vitest';
import { ROOT, runCsp } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';
import { readFileSync } from 'node:fs';

const PLAN = readFileSync(`${ROOT}tests/fixtures/plans-e2e/techcorp-csp.yaml`, 'utf8');
const FILE = 'infohub/techcorp-industries/success_plan/csp.yaml';

function repoWith(text: string) {
  return tempRepo({ [FILE]: text });
}

/** 1-based line of the first line containing needle. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('csp validate on broken plans', () => {
  it('passes the hand-written example plan', async () => {
    const repo = repoWith(PLAN);
    const run = await runCsp(['validate'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('techcorp-industries');
  });

  it('reports bad YAML at its line and column, exit 1', async () => {
    const broken = PLAN.replace(
      '  status: pending_review           # draft',
      '  status: [pending_review           # draft',
    );
    const repo = repoWith(broken);
    const run = await runCsp(['validate'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    // The parser notices the unclosed [ where the next key starts; the hint names both lines.
    expect(run.stdout).toContain(
      `${FILE}:${lineOf(broken, 'status: [pending') + 1}:3: error YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
    expect(run.stdout).toContain('check indentation and quoting on this line and the one before');
  });

  it('reports a schema violation at the offending node with the allowed values', async () => {
    const broken = PLAN.replace('    probability: medium\n', '    probability: sometimes\n');
    const repo = repoWith(broken);
    const run = await runCsp(['validate'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const line = lineOf(broken, 'probability: sometimes');
    expect(run.stdout).toContain(
      `${FILE}:${line}:18: error probability must be one of: high, medium, low (found "sometimes") [schema-enum] (at /risks/0/probability)`,
    );
    expect(run.stdout).toContain('probability: sometimes'); // the source line is quoted
  });

  it('reports a RED risk without mitigation, with the fix', async () => {
    const broken = PLAN.replace(
      '    rag: amber\n    mitigation: Quarterly executive briefing with the CTO from Q1     # shared with the customer\n',
      '    rag: red\n',
    );
    expect(broken).not.toBe(PLAN);
    const repo = repoWith(broken);
    const run = await runCsp(['validate'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const line = lineOf(broken, '- id: rk-1');
    expect(run.stdout).toContain(
      `${FILE}:${line}:5: error risk rk-1 "Single-threaded through the champion" is RED (rag: red) and has no mitigation [risk-red-unmitigated]`,
    );
    expect(run.stdout).toContain('fix: csp set techcorp-industries risks.rk-1.mitigation');
  });

  it('reports an impossible date and an unknown property, all errors of the file at once', async () => {
    const broken = PLAN.replace('plan_end: "2027-06-30"', 'plan_end: "2027-02-30"').replace(
      '  industry: Technology\n',
      '  industry: Technology\n  industy: typo\n',
    );
    const repo = repoWith(broken);
    const run = await runCsp(['validate', '--format', 'json'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const report = run.json();
    const issues = report.files[0].issues;
    const date = issues.find((i: any) => i.code === 'schema-format');
    expect(date).toMatchObject({
      severity: 'error',
      path: '/meta/plan_end',
      line: lineOf(broken, 'plan_end: "2027-02-30"'),
      file: FILE,
    });
    expect(date.message).toContain('2027-02-30');
    const unknown = issues.find((i: any) => i.code === 'schema-additionalProperties');
    expect(unknown).toMatchObject({ path: '/customer_context/industy', line: lineOf(broken, 'industy: typo'), col: 3 });
    expect(unknown.hint).toContain('x-industy');
  });

  it('reports a finalize-phase plan that is incomplete (Stage 4 blocks the proposal)', async () => {
    const broken = PLAN.replace(/\nrisks:\n(?: {2}.*\n| {4}.*\n)+/, '\nrisks: []\n');
    const repo = repoWith(broken);
    const run = await runCsp(['validate'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/error no risks documented \(required in phase finalize\) \[gate-risks\]/);
  });

  it('reports git conflict markers with their lines', async () => {
    const broken = PLAN.replace(
      '  status: pending_review           # draft | pending_review | approved | active\n',
      '<<<<<<< HEAD\n  status: pending_review\n=======\n  status: approved\n>>>>>>> theirs\n',
    );
    const repo = repoWith(broken);
    const run = await runCsp(['validate'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const l = lineOf(broken, '<<<<<<<');
    expect(run.stdout).toContain(`unresolved git merge conflict markers on lines ${l}, ${l + 2}, ${l + 4}`);
  });

  it('checks one file given by path, and a file outside any InfoHub', async () => {
    const repo = repoWith(PLAN);
    const one = await runCsp(['validate', FILE], { cwd: repo.dir });
    expect(one.code).toBe(0);
    repo.write('elsewhere/plan.yaml', PLAN.replace('plan_type: onboarding', 'plan_type: upsell'));
    const loose = await runCsp(['validate', 'elsewhere/plan.yaml'], { cwd: repo.dir });
    expect(loose.code).toBe(1);
    expect(loose.stdout).toContain(
      `elsewhere/plan.yaml:${lineOf(PLAN, 'plan_type:')}:14: error plan_type must be one of`,
    );
  });
});
