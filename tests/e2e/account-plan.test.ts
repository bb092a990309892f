import { describe, expect, it } from 'vitest';
import { load } from 'js-yaml';
import { runCsp } from '../helpers/cli.js';
import { tempDir, tempRepo, type TempRepo } from '../helpers/repo.js';
import { startAnthropicStub, toolUse } from '../helpers/anthropic-stub.js';

const FILE = 'infohub/acme/account_plan/account_plan_FY2027.yaml';
const KEY = 'sk-ant-test-account-plan-0123456789';

async function seeded(): Promise<TempRepo> {
  const repo = tempRepo();
  for (const args of [
    [
      'init',
      'acme',
      '--name',
      'Acme Corp',
      '--owner',
      'Priya Natarajan',
      '--arr',
      '250k',
      '--industry',
      'Technology',
      '--use-case',
      'CS operations',
      '--background',
      'Three tools',
      '--renewal-date',
      '2027-09-30',
    ],
    [
      'add',
      'stakeholder',
      'acme',
      '--name',
      'Sarah Chen',
      '--title',
      'VP Product',
      '--role',
      'champion',
      '--side',
      'customer',
      '--relationship-score',
      '78',
    ],
    ['init', 'globex', '--name', 'Globex', '--owner', 'Sam Lee', '--arr', '400k', '--industry', 'Technology'],
    ['draft', 'acme', '--offline', '--apply'],
  ]) {
    const run = await runCsp(args, { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
  }
  return repo;
}

describe('csp account-plan', () => {
  it('drafts a fiscal-year plan offline with every part of the PRD, then moves it draft -> pending_review -> approved -> active', async () => {
    const repo = await seeded();
    const run = await runCsp(['account-plan', 'acme', '--fiscal-year', 'FY2027'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Created ${FILE}`);
    const doc = load(repo.read(FILE)) as any;
    expect(repo.read(FILE).split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../../.csp/schemas/account_plan.schema.json',
    );
    expect(doc).toMatchObject({
      account: 'acme',
      fiscal_year: 'FY2027',
      status: 'draft',
      created_by: 'Priya Natarajan',
      ai_generated: true,
    });
    for (const part of [
      'executive_summary',
      'business_context',
      'strategic_objectives',
      'stakeholder_plan',
      'expansion_plan',
      'risk_mitigation',
      'qbr_schedule',
      'resource_plan',
      'action_plan_90day',
    ])
      expect(doc[part], part).toBeTruthy();
    expect(doc.strategic_objectives.length).toBeGreaterThanOrEqual(3);
    expect(doc.strategic_objectives.length).toBeLessThanOrEqual(5);
    expect(doc.strategic_objectives[0]).toMatchObject({ priority: 'critical', csp_objective: 'obj-1' });
    expect(doc.stakeholder_plan.missing_roles).toEqual(['executive_sponsor', 'technical_buyer', 'economic_buyer']);
    expect(doc.stakeholder_plan.relationship_goals[0]).toMatchObject({
      name: 'Sarah Chen',
      current_score: 78,
      target_score: 88,
    });
    expect(doc.expansion_plan.opportunities.map((o: any) => o.type)).toEqual(['renewal', 'upsell']);
    expect(doc.qbr_schedule.map((q: any) => q.quarter)).toEqual(['Q1', 'Q2', 'Q3', 'Q4']);
    expect(doc.generation_context).toMatchObject({
      engine: 'offline',
      model: null,
      similar_accounts: [expect.objectContaining({ account: 'globex' })],
    });

    const again = await runCsp(['account-plan', 'acme', '--fiscal-year', 'FY2027'], { cwd: repo.dir });
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('already exists');

    const early = await runCsp(['account-plan', 'approve', 'acme', '--by', 'Dana Manager'], { cwd: repo.dir });
    expect(early.code).toBe(3);
    expect(early.stderr).toContain('csp account-plan submit acme');
    expect((await runCsp(['account-plan', 'submit', 'acme'], { cwd: repo.dir })).code).toBe(0);
    const own = await runCsp(['account-plan', 'approve', 'acme', '--by', 'Priya Natarajan'], { cwd: repo.dir });
    expect(own.code).toBe(3);
    expect(own.stderr).toContain('cannot approve it');
    const approve = await runCsp(
      ['account-plan', 'approve', 'acme', '--fiscal-year', 'FY2027', '--by', 'Dana Manager', '--json'],
      { cwd: repo.dir },
    );
    expect(approve.code, approve.stderr).toBe(0);
    expect(approve.json()).toMatchObject({ from: 'pending_review', status: 'approved', by: 'Dana Manager' });
    expect((await runCsp(['account-plan', 'activate', 'acme'], { cwd: repo.dir })).code).toBe(0);
    expect(load(repo.read(FILE))).toMatchObject({
      status: 'active',
      approved_by: 'Dana Manager',
      approved_at: '2026-11-22',
      activated_at: '2026-11-22',
    });

    const validate = await runCsp(['validate', '--format', 'json'], { cwd: repo.dir });
    expect(validate.code, validate.stdout).toBe(0);
    expect(validate.json().files.map((f: any) => f.kind)).toContain('account_plan');
  });

  it('csp validate reports an account plan marked approved without an approval', async () => {
    const repo = await seeded();
    await runCsp(['account-plan', 'acme', '--fiscal-year', 'FY2027', '--offline'], { cwd: repo.dir });
    repo.write(FILE, repo.read(FILE).replace('status: draft', 'status: approved'));
    const run = await runCsp(['validate'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /account_plan_FY2027\.yaml:6:\d+: error status is approved but no manager's approval is recorded/,
    );
  });

  it('needs --fiscal-year without a terminal (exit 2)', async () => {
    const repo = await seeded();
    const run = await runCsp(['account-plan', 'acme'], { cwd: repo.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--fiscal-year');
  });

  it("writes the model's plan when it validates, and nothing when it does not", async () => {
    const repo = await seeded();
    const offline = await runCsp(
      ['account-plan', 'acme', '--fiscal-year', 'FY2027', '--offline', '--dry-run', '--json'],
      { cwd: repo.dir },
    );
    const draft = load(offline.json().text) as any;
    const parts = [
      'executive_summary',
      'business_context',
      'strategic_objectives',
      'stakeholder_plan',
      'expansion_plan',
      'risk_mitigation',
      'qbr_schedule',
      'resource_plan',
      'action_plan_90day',
    ];
    const content = Object.fromEntries(parts.map((p) => [p, draft[p]]));

    const broken = { ...content, strategic_objectives: content.strategic_objectives.slice(0, 2), confidence: 0.7 };
    const bad = await startAnthropicStub([toolUse('propose_account_plan', broken)]);
    const refused = await runCsp(['account-plan', 'acme', '--fiscal-year', 'FY2027'], {
      cwd: repo.dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: bad.url, TMPDIR: tempDir() },
    });
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('/strategic_objectives: strategic_objectives must NOT have fewer than 3 items');
    expect(refused.stderr).toMatch(/the replies are in .*replies\.json/);
    expect(repo.git('status', '--porcelain', '--', 'infohub/acme/account_plan')).toBe('');

    const good = await startAnthropicStub([
      toolUse('propose_account_plan', {
        ...content,
        executive_summary: 'Acme renews in Q3; priorities: adoption and a second team.',
        confidence: 0.8,
      }),
    ]);
    const run = await runCsp(['account-plan', 'acme', '--fiscal-year', 'FY2027'], {
      cwd: repo.dir,
      env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: good.url },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(Object.keys(good.requests[0].body.tools[0].input_schema.properties).sort()).toEqual(
      [...parts, 'confidence'].sort(),
    );
    const doc = load(repo.read(FILE)) as any;
    expect(doc).toMatchObject({
      status: 'draft',
      executive_summary: 'Acme renews in Q3; priorities: adoption and a second team.',
      ai_confidence: 0.8,
      generation_context: { engine: 'anthropic', model: 'claude-stub-1' },
    });
    expect(repo.read(FILE)).not.toContain(KEY);
  });
});
