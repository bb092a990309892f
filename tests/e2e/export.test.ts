import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import { EXPORT_PLAN, exportPlan, exportPlanText, exportRepo, FIXTURE_PLAN, planPath } from '../helpers/export-plan.js';
import { mermaidBlocks, parseGantt } from '../helpers/mermaid.js';
import { tempDir } from '../helpers/repo.js';
import { validateSchema } from '../../src/schema/validate.js';
import { addDaysIso } from '../../src/domain/dates.js';

const account = FIXTURE_PLAN.account;
const fixtureText = () => exportPlanText(FIXTURE_PLAN);
const fixtureRepo = (extra: Record<string, string> = {}) => exportRepo(extra, FIXTURE_PLAN);
// Internal text of the fixture (stakeholder assessments, risk analysis, internal notes).
const INTERNAL = [
  'single-threaded risk if she moves teams',
  'prefers the incumbent',
  "champion's reorg rumoured",
  'Incumbent offered a 30% discount',
  'Multi-year option at 8% uplift',
];

describe('csp export', () => {
  it('prints the customer markdown of EXPORT_PLAN, whose Mermaid gantt chart Mermaid reads as the plan says', async () => {
    const repo = exportRepo();
    const plan = exportPlan();
    const run = await runCsp(['export', EXPORT_PLAN.account], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`# Customer Success Plan: ${plan.meta.account_name}`);
    const phases = plan.adoption_journey?.phases ?? [];
    const milestones = phases.flatMap((p) => p.milestones ?? []);
    const charts = mermaidBlocks(run.stdout);
    expect(charts).toHaveLength(milestones.length || phases.some((p) => p.start || p.end) ? 1 : 0);
    for (const chart of charts) {
      const tasks = await parseGantt(chart);
      expect(tasks.filter((t) => t.milestone).map((t) => t.start)).toEqual(milestones.map((m) => m.due));
      for (const p of phases.filter((x) => x.start && x.end))
        expect(tasks).toContainEqual(
          expect.objectContaining({ milestone: false, start: p.start, end: addDaysIso(p.end!, 1) }),
        );
    }
  });

  it('leaves out every internal value of the fixture, and says how many', async () => {
    const repo = fixtureRepo();
    const run = await runCsp(['export', account], { cwd: repo.dir });
    expect(run.code).toBe(0);
    for (const secret of INTERNAL) expect(run.stdout).not.toContain(secret);
    expect(run.stderr).toMatch(
      new RegExp(`${account}: customer md \\(no snapshot yet, commit [0-9a-f]{7,}; 10 internal values left out\\)`),
    );
  });

  it('shows the internal view to the team only when asked', async () => {
    const repo = fixtureRepo();
    const run = await runCsp(['export', account, '--audience', 'internal'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    for (const secret of INTERNAL) expect(run.stdout).toContain(secret);
    expect(run.stdout).toContain('INTERNAL: this export holds');
  });

  it('writes -o files, takes the format from the extension, and never overwrites without --force', async () => {
    const repo = fixtureRepo();
    const first = await runCsp(['export', account, '-o', 'out/plan.html'], { cwd: repo.dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/customer html -> out\/plan\.html/);
    const page = repo.read('out/plan.html');
    expect(page).toMatch(/^<!doctype html>/);
    repo.write('out/plan.html', 'hand-edited');
    const again = await runCsp(['export', account, '-o', 'out/plan.html'], { cwd: repo.dir });
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('out/plan.html already exists');
    expect(again.stderr).toContain('--force');
    expect(repo.read('out/plan.html')).toBe('hand-edited');
    const forced = await runCsp(['export', account, '-o', 'out/plan.html', '--force'], { cwd: repo.dir });
    expect(forced.code).toBe(0);
    expect(repo.read('out/plan.html')).toBe(page);
  });

  it('exports JSON that is still a valid CSP, without the internal sections, and reports with --json', async () => {
    const repo = fixtureRepo();
    const run = await runCsp(['export', account, '--format', 'json', '--json'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result.ok).toBe(true);
    expect(result.exported[0]).toMatchObject({ account, audience: 'customer', format: 'json', file: null });
    // The commercial fields (issue 15) are internal too: ARR, the stage, the CRM's ids.
    expect(result.exported[0].withheld).toEqual([
      '/meta/opportunity_stage',
      '/meta/arr_usd',
      '/meta/crm/source',
      '/meta/crm/account_id',
      '/meta/crm/opportunity_id',
      '/stakeholders/0/internal_assessment',
      '/stakeholders/1/internal_assessment',
      '/risks/0/analysis',
      '/handoff',
      '/internal_notes',
    ]);
    const plan = result.content;
    expect(plan['x-export']).toMatchObject({ audience: 'customer', generated_on: '2026-11-22' });
    expect(plan.handoff).toBeUndefined();
    expect(plan.internal_notes).toBeUndefined();
    expect(plan.risks[0].mitigation).toBeTruthy();
    expect(await validateSchema('csp', plan)).toEqual([]);
  });

  it('names the plan version (latest snapshot) and the commit, and says when csp.yaml has uncommitted changes', async () => {
    const repo = fixtureRepo({
      [`infohub/${account}/success_plan/csp_history/csp_v1_2026-10-01.yaml`]: fixtureText(),
      [`infohub/${account}/success_plan/csp_history/csp_v2_2026-11-02.yaml`]: fixtureText(),
    });
    const head = repo.git('rev-parse', '--short', 'HEAD').trim();
    const clean = await runCsp(['export', account], { cwd: repo.dir });
    expect(clean.stdout).toContain(`Version 2 · 2026-11-22 · commit ${head}`);
    repo.write(planPath(account), fixtureText().replace('Technology', 'Software'));
    const dirty = await runCsp(['export', account, '--format', 'html'], { cwd: repo.dir });
    expect(dirty.stdout).toContain(`Version 2 · 2026-11-22 · uncommitted changes on top of commit ${head}`);
    // Other changes in the repository do not make this plan's export "uncommitted".
    repo.git('checkout', '--', planPath(account));
    repo.write('notes.txt', 'unrelated');
    expect((await runCsp(['export', account], { cwd: repo.dir })).stdout).toContain(`commit ${head}\n`);
  });

  it('says "not in git" outside a repository', async () => {
    const dir = tempDir();
    const hub = join(dir, 'infohub');
    mkdirSync(join(hub, account, 'success_plan'), { recursive: true });
    writeFileSync(join(hub, account, 'success_plan', 'csp.yaml'), fixtureText());
    const run = await runCsp(['export', account, '--infohub', hub], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Draft (no snapshot yet) · 2026-11-22 · not in git');
  });

  it('--all writes one file per account, refuses to overwrite any, and goes on past a broken plan', async () => {
    const second = fixtureText()
      .replace(/account: [\w-]+/, 'account: beta-corp')
      .replace(/account_name: .+/, 'account_name: Beta Corp');
    const repo = fixtureRepo({ [planPath('beta-corp')]: second });
    const run = await runCsp(['export', '--all', '--audience', 'customer', '-o', 'portal'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(readdirSync(repo.path('portal')).sort()).toEqual(['beta-corp.md', `${account}.md`].sort());
    expect(repo.read('portal/beta-corp.md')).toContain('# Customer Success Plan: Beta Corp');
    for (const secret of INTERNAL) expect(repo.read('portal/beta-corp.md')).not.toContain(secret);

    const refused = await runCsp(['export', '--all', '-o', 'portal'], { cwd: repo.dir });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(
      /portal\/beta-corp\.md, portal\/techcorp-industries\.md already exist|already exist/,
    );

    repo.write(planPath('beta-corp'), second.replace('probability: medium', 'probability: sometimes'));
    const partial = await runCsp(['export', '--all', '--format', 'html', '-o', 'html'], { cwd: repo.dir });
    expect(partial.code).toBe(1);
    expect(partial.stderr).toContain('1 of 2 plans were not exported (beta-corp)');
    expect(partial.stderr).toMatch(/beta-corp\/success_plan\/csp\.yaml:\d+:\d+/);
    expect(existsSync(repo.path(`html/${account}.html`))).toBe(true);
    expect(existsSync(repo.path('html/beta-corp.html'))).toBe(false);
  });

  it.each([
    [['export', account, '--format', 'pdf'], 2, '--format pdf writes a file: pass -o <file>.pdf'],
    [['export', account, '--audience', 'partner'], 2, '--audience must be one of customer, internal'],
    [['export', account, '--format', 'docx'], 2, '--format must be one of md, html, pdf, json'],
    [['export', account, '--all', '-o', 'x'], 2, 'pass an account or --all, not both'],
    [['export', '--all'], 2, '--all writes one file per account and needs -o <folder>'],
    [['export'], 2, 'missing <account>'],
    [['export', 'nobody'], 3, 'no plan for account "nobody"'],
    [['export', account, '-o', 'infohub'], 2, '-o infohub is a folder'],
  ])('refuses %j with exit %i', async (args, code, message) => {
    const repo = fixtureRepo();
    const run = await runCsp(args, { cwd: repo.dir });
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
  });

  it('refuses a plan that does not match the schema, naming where (exit 1)', async () => {
    const repo = fixtureRepo();
    repo.write(planPath(account), fixtureText().replace('impact: high', 'impact: huge'));
    const run = await runCsp(['export', account], { cwd: repo.dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not match the CSP schema, so it is not exported');
    expect(run.stderr).toMatch(/csp\.yaml:\d+:\d+: error/);
  });

  it('says how to install Chromium when --format pdf cannot find it (exit 3), before writing anything', async () => {
    const repo = fixtureRepo();
    const run = await runCsp(['export', account, '-o', 'plan.pdf'], {
      cwd: repo.dir,
      env: { CSP_CHROMIUM: '/nonexistent/chromium' },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Chromium is not at /nonexistent/chromium');
    expect(run.stderr).toContain('sudo apt-get install -y chromium');
    expect(existsSync(repo.path('plan.pdf'))).toBe(false);
  });

  it('has help with examples', async () => {
    const repo = fixtureRepo();
    const help = await runCsp(['export', '--help'], { cwd: repo.dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('csp export --all --audience customer --format pdf -o portal/');
  });
});
