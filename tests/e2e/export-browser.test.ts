/**
 * The exports in a real browser engine: the HTML export opened in headless Chromium (no console
 * error, no request leaving the page, hostile text never runs), a screenshot of it, and the PDF
 * export's pages and text read back with poppler's pdfinfo and pdftotext. .ci/run installs
 * Chromium and poppler-utils; without them these tests fail with the install command.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareExport, pdfFooter, renderText } from '../../src/export/document.js';
import { CHROMIUM_ARGS, findChromium, openPdfPrinter } from '../../src/export/pdf.js';
import type { Provenance } from '../../src/export/view.js';
import { loadSchema } from '../../src/schema/schemas.js';
import { ROOT, runCsp } from '../helpers/cli.js';
import { EXPORT_PLAN, exportPlan, exportPlanText, exportRepo, FIXTURE_PLAN, planPath } from '../helpers/export-plan.js';
import { tempDir } from '../helpers/repo.js';
import { leakedTokens, plantSecrets } from '../helpers/secret-plans.js';

const account = FIXTURE_PLAN.account;
const fixtureText = () => exportPlanText(FIXTURE_PLAN);
const fixtureRepo = (extra: Record<string, string> = {}) => exportRepo(extra, FIXTURE_PLAN);
const executablePath = findChromium(process.env.CSP_CHROMIUM, process.env.PATH);
/** Screenshots are kept here (git-ignored) so a person can look at them after the run. */
const SHOTS = join(ROOT, 'test-results', 'export');
/** The CLI runs find Chromium as a user's would, or where CSP_CHROMIUM says. */
const chromiumEnv = { CSP_CHROMIUM: process.env.CSP_CHROMIUM };

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a file in a fresh page and records console errors, page errors, dialogs and every request. */
async function open(file: string) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  const url = pathToFileURL(file).href;
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u !== url) requests.push(u);
    return u === url || u.startsWith('data:') ? route.continue() : route.abort();
  });
  await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    problems,
    requests: () => requests.filter((u) => !u.startsWith('data:')),
    close: () => context.close(),
  };
}

describe('the HTML export in Chromium', () => {
  it('loads EXPORT_PLAN with no console error and no network request, and draws its pictures (screenshot)', async () => {
    const repo = exportRepo();
    const plan = exportPlan();
    const run = await runCsp(['export', EXPORT_PLAN.account, '--format', 'html', '-o', 'plan.html'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    const view = await open(repo.path('plan.html'));
    try {
      expect(view.problems).toEqual([]);
      expect(view.requests()).toEqual([]);
      expect(await view.page.title()).toBe(`Customer Success Plan: ${plan.meta.account_name}`);
      const phases = plan.adoption_journey?.phases ?? [];
      const dated = phases.filter((p) => p.start || p.end || p.milestones?.length);
      expect(await view.page.locator('svg.gantt').count()).toBe(dated.length ? 1 : 0);
      expect(await view.page.locator('svg.gantt path').count()).toBe(phases.flatMap((p) => p.milestones ?? []).length);
      const numeric = (plan.value_tracking?.metrics ?? []).filter(
        (m) => typeof m.baseline === 'number' && typeof m.target === 'number',
      );
      expect(await view.page.locator('.metric .fill').count()).toBe(numeric.length);
      expect(await view.page.locator('table.raci tbody tr').count()).toBe(plan.governance?.raci?.length ?? 0);
      if (dated.length) expect((await view.page.locator('svg.gantt').boundingBox())!.width).toBeGreaterThan(600);
      mkdirSync(SHOTS, { recursive: true });
      const shot = join(SHOTS, `${EXPORT_PLAN.account}.png`);
      await view.page.screenshot({ path: shot, fullPage: true });
      expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
      expect(statSync(shot).size).toBeGreaterThan(20_000);
    } finally {
      await view.close();
    }
  });

  it('shows hostile text as text: no script runs, no element or request is injected', async () => {
    const repo = fixtureRepo();
    const script = '<script>alert("xss")</script>';
    const img = '<img src="https://evil.example/x.png" onerror="alert(1)">';
    const hostile = fixtureText()
      .replace(/account_name: .+/, `account_name: '${script}'`)
      .replace(/industry: .+/, `industry: '${img}'`)
      .replace('title: Kickoff held', `title: '${script} kickoff'`)
      .replace(/mitigation: .+/, `mitigation: '</td></tr></table><iframe src="https://evil.example"></iframe>'`)
      .replace('activity: CRM integration', `activity: '<style>body{display:none}</style>'`);
    repo.write(planPath(account), hostile);
    const run = await runCsp(['export', account, '-o', 'plan.html'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    const view = await open(repo.path('plan.html'));
    try {
      expect(view.problems).toEqual([]);
      expect(view.requests()).toEqual([]);
      expect(await view.page.locator('script, iframe, img, body style, link').count()).toBe(0);
      // biome-ignore lint/performance/useDomNodeTextContent: the text as the browser renders it (hidden elements left out) is what a reader sees.
      const text = await view.page.locator('body').innerText();
      expect(text).toContain(script);
      expect(text).toContain(img);
      expect(text).toContain('<style>body{display:none}</style>');
      expect(await view.page.title()).toBe(`Customer Success Plan: ${script}`);
    } finally {
      await view.close();
    }
  });
});

describe('the PDF export', () => {
  // Reading order (no -layout), so that the text of a table cell stays together.
  const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
  const pdfPages = (file: string) =>
    Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

  it('renders through Chromium: A4 pages, numbered, with the plan text and nothing internal', async () => {
    const repo = fixtureRepo();
    const run = await runCsp(['export', account, '-o', 'plan.pdf'], { cwd: repo.dir, env: chromiumEnv });
    expect(run.code).toBe(0);
    const file = repo.path('plan.pdf');
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const pages = pdfPages(file);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(pages).toBeLessThanOrEqual(8);
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(
      /Page size:\s+59[45](\.\d+)? x 841(\.\d+)? pts \(A4\)/,
    );
    const text = pdfText(file);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`Page ${n} of ${pages}`);
    expect(text).toContain('Customer Success Plan: TechCorp Industries');
    for (const heading of [
      'Adoption journey',
      'Value tracking',
      'Risks and mitigations',
      'Joint responsibilities (RACI)',
      'Sign-off',
    ])
      expect(text).toContain(heading);
    // Table cells wrap: compare without white space.
    const squash = (t: string) => t.replace(/\s+/g, '');
    expect(squash(text)).toContain(squash('Quarterly executive briefing with the CTO from Q1'));
    expect(text).toMatch(/TechCorp Industries · Customer Success Plan · Draft · 2026-11-22/);
    for (const secret of [
      'single-threaded risk',
      'prefers the incumbent',
      'reorg rumoured',
      'Incumbent offered',
      'Multi-year option',
    ])
      expect(squash(text)).not.toContain(squash(secret));
  });

  it('leaves the commercial fields out of the customer PDF unless .csp.yaml shows them (issue 15)', async () => {
    const repo = fixtureRepo();
    const squash = (t: string) => t.replace(/\s+/g, '');
    const hidden = await runCsp(['export', account, '-o', 'plan.pdf'], { cwd: repo.dir, env: chromiumEnv });
    expect(hidden.code, hidden.stderr).toBe(0);
    expect(squash(pdfText(repo.path('plan.pdf')))).not.toContain('$250,000');
    expect(squash(pdfText(repo.path('plan.pdf')))).not.toContain('Stage4');
    repo.write('infohub/.csp.yaml', 'schema_version: 1\ncustomer_export:\n  show: [meta.arr_usd]\n');
    const shown = await runCsp(['export', account, '-o', 'shown.pdf'], { cwd: repo.dir, env: chromiumEnv });
    expect(shown.code, shown.stderr).toBe(0);
    expect(squash(pdfText(repo.path('shown.pdf')))).toContain('$250,000');
    expect(squash(pdfText(repo.path('shown.pdf')))).not.toContain('Stage4');
  });

  it('--all --format pdf prints one PDF per account with one browser', async () => {
    const second = fixtureText()
      .replace(/account: [\w-]+/, 'account: beta-corp')
      .replace(/account_name: .+/, 'account_name: Beta Corp');
    const repo = fixtureRepo({ [planPath('beta-corp')]: second });
    const run = await runCsp(['export', '--all', '--format', 'pdf', '-o', 'portal'], {
      cwd: repo.dir,
      env: chromiumEnv,
    });
    expect(run.code).toBe(0);
    expect(pdfText(repo.path('portal/beta-corp.pdf'))).toContain('Customer Success Plan: Beta Corp');
    expect(pdfText(repo.path(`portal/${account}.pdf`))).toContain('Customer Success Plan: TechCorp Industries');
  });

  it('never holds an internal value (property, few runs: each prints a PDF)', { timeout: 120_000 }, async () => {
    const schema = loadSchema('csp');
    const provenance: Provenance = {
      generatedOn: '2026-11-22',
      version: 1,
      commit: 'abc1234',
      uncommitted: false,
      inGit: true,
    };
    const dir = tempDir();
    const printer = await openPdfPrinter(executablePath);
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.gen(), async (g) => {
          const { plan, tokens } = plantSecrets(exportPlan(FIXTURE_PLAN), schema, g);
          const prepared = prepareExport(plan, schema, 'customer', provenance);
          const file = join(dir, `p${++n}.pdf`);
          writeFileSync(file, await printer.print(renderText(prepared, 'html'), pdfFooter(prepared.view)));
          expect(leakedTokens(pdfText(file), tokens, true)).toEqual([]);
          // Not vacuous: the same plan printed for the team shows its internal notes.
          const internal = prepareExport(plan, schema, 'internal', provenance);
          writeFileSync(file, await printer.print(renderText(internal, 'html'), pdfFooter(internal.view)));
          const shown = [
            plan.internal_notes?.competitive_context,
            ...(plan.risks ?? []).map((r) => r.analysis),
          ].flatMap((t) => (t ? [/qz[a-z0-9]{10}x/.exec(t)![0]] : []));
          expect(leakedTokens(pdfText(file), shown, true)).toEqual(shown);
        }),
        { numRuns: 3 },
      );
    } finally {
      await printer.close();
    }
  });
});
