/**
 * csp qbr end to end: the PowerPoint deck read back from its zip (slides, speaker notes, native
 * charts, 16:9), a section with no data in one line, markdown on stdout, the customer deck with
 * nothing internal, usage errors, and one conversion with LibreOffice Impress (Debian's
 * libreoffice-impress, installed by .ci/run) whose PDF has one page per slide.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import { exportPlanText, exportRepo, FIXTURE_PLAN, planPath } from '../helpers/export-plan.js';
import { readPptx } from '../helpers/pptx.js';

const account = FIXTURE_PLAN.account;
const TITLES = [
  'Executive summary',
  'Value delivered',
  'Milestones',
  'Adoption',
  'Risks and mitigations',
  'Renewal timeline',
  'Asks and next steps',
];
const EBR_TITLES = [
  'Executive summary',
  'Partnership summary',
  'Strategic alignment and direction',
  'Value delivered this quarter',
  'Value over the last four quarters',
  'Adoption and engagement',
  'Executive sponsor alignment',
  'Roadmap alignment',
  'Risks and mitigations',
  'Renewal outlook',
  'Executive asks',
];
/** An account plan for FY2026 with the given status (csp qbr --ebr reads an approved or active one). */
const accountPlanYaml = (status: string) => `schema_version: 1
account: techcorp-industries
account_name: TechCorp Industries
fiscal_year: FY2026
status: ${status}
created_by: Priya Natarajan
created: "2026-01-10"
executive_summary: One platform for customer health before the FY27 planning cycle.
business_context:
  industry: Technology
  competitive_landscape: Incumbent discounting hard to keep the two legacy tools.
strategic_objectives:
  - id: so-1
    objective: One system of record for customer health
    success_metrics:
      - { metric: Accounts with a health score, current: 40, target: 100, unit: percent }
    quarterly_milestones:
      - { quarter: Q4, milestone: Health scores for every account, done: false }
`;
const SIGNALS = `schema_version: 1
account: techcorp-industries
signals:
  - { date: "2026-10-31", values: { active_users: 30, licensed_users: 60, nps: 6.5 } }
  - { date: "2026-11-20", values: { active_users: 42, licensed_users: 60 } }
`;
const INTERNAL = [
  'single-threaded risk',
  'prefers the incumbent',
  'reorg rumoured',
  'Incumbent offered',
  'Multi-year option',
  '$250,000',
];

describe('csp qbr', () => {
  it('writes a 16:9 PowerPoint deck: a title slide and one slide per section, native charts, refresh talking points as notes, nothing internal', async () => {
    const repo = exportRepo();
    const run = await runCsp(['qbr', account, '--quarter', '2026-Q4', '-o', 'deck.pptx'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('deck.pptx');
    const deck = await readPptx(readFileSync(repo.path('deck.pptx')));
    expect(deck.size).toEqual({ cx: 12192000, cy: 6858000 });
    expect(deck.slides).toHaveLength(1 + TITLES.length);
    expect(deck.slides[0]).toContain('Quarterly Business Review: TechCorp Industries');
    TITLES.forEach((t, i) => expect(deck.slides[i + 1]).toContain(t));
    // Value delivered: baseline -> current -> target with the change, from the measurements.
    expect(deck.slides[2]).toMatch(/Baseline.*Current.*Target.*Change/);
    expect(deck.charts.length).toBeGreaterThanOrEqual(1);
    expect(deck.charts.join('')).toContain('<c:barChart>');
    // Risks with their mitigation, never the analysis.
    expect(deck.slides[5]).toContain('Quarterly executive briefing with the CTO from Q1');
    // Speaker notes: the talking points csp refresh writes (value against the criteria, asks).
    expect(deck.notes.join('\n')).toMatch(/sc-1 /);
    for (const secret of INTERNAL) expect(deck.all).not.toContain(secret);
    expect(deck.all).not.toContain('CTO leans to the incumbent');
  });

  it('says in one line when a section has no data, and shows the renewal timeline when the renewal is near', async () => {
    const bare = exportPlanText(FIXTURE_PLAN).replace(/\nrisks:\n(  .*\n|\n)*?(?=\S)/, '\n');
    const repo = exportRepo({ [planPath(account)]: bare });
    const run = await runCsp(['qbr', account, '--quarter', '2027-Q3', '--format', 'md'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    const risks = run.stdout.split('## Risks and mitigations')[1].split('## ')[0];
    expect(risks.trim()).toBe('No open risks.');
    const renewal = run.stdout.split('## Renewal timeline')[1].split('## ')[0];
    for (const step of ['T-120', 'T-90', 'T-60', 'T-30', 'T-0']) expect(renewal).toContain(step);
    expect(renewal).toContain('2027-08-02');
    const far = await runCsp(['qbr', account, '--quarter', '2026-Q4', '--format', 'md'], { cwd: repo.dir });
    expect(far.stdout.split('## Renewal timeline')[1].split('## ')[0].trim()).toMatch(
      /^Renewal on 2027-11-30: the T-120 renewal timeline starts 2027-08-02, after next quarter\.$/,
    );
  });

  it('the internal deck adds the internal banner; the customer markdown leaves every internal value out', async () => {
    const repo = exportRepo();
    const customer = await runCsp(['qbr', account, '--format', 'md'], { cwd: repo.dir });
    expect(customer.code, customer.stderr).toBe(0);
    for (const secret of INTERNAL) expect(customer.stdout).not.toContain(secret);
    const internal = await runCsp(['qbr', account, '--format', 'md', '--audience', 'internal'], { cwd: repo.dir });
    expect(internal.stdout).toContain('INTERNAL');
  });

  it('refuses a bad quarter (2), an existing file without --force (3), and names the fix', async () => {
    const repo = exportRepo({ 'deck.pptx': 'x' });
    const bad = await runCsp(['qbr', account, '--quarter', '2027-Q5'], { cwd: repo.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('YYYY-Qn');
    const exists = await runCsp(['qbr', account, '-o', 'deck.pptx'], { cwd: repo.dir });
    expect(exists.code).toBe(3);
    expect(exists.stderr).toContain('--force');
  });

  it('prints the deck to PDF through Chromium (format from the -o extension): 16:9 pages, the sections, nothing internal', {
    timeout: 60_000,
  }, async () => {
    const repo = exportRepo();
    const run = await runCsp(['qbr', account, '--quarter', '2026-Q4', '-o', 'deck.pdf', '--json'], {
      cwd: repo.dir,
      env: { CSP_CHROMIUM: process.env.CSP_CHROMIUM },
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      ok: true,
      format: 'pdf',
      quarter: '2026-Q4',
      audience: 'customer',
      slides: 1 + TITLES.length,
    });
    const info = execFileSync('pdfinfo', [repo.path('deck.pdf')], { encoding: 'utf8' });
    const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info)!;
    expect(Number(w) / Number(h)).toBeCloseTo(16 / 9, 1);
    expect(Number(/^Pages:\s+(\d+)/m.exec(info)![1])).toBeGreaterThanOrEqual(1 + TITLES.length);
    const text = execFileSync('pdftotext', [repo.path('deck.pdf'), '-'], { encoding: 'utf8' });
    for (const t of TITLES) expect(text).toContain(t);
    const squash = (t: string) => t.replace(/\s+/g, '');
    for (const secret of INTERNAL) expect(squash(text)).not.toContain(squash(secret));
  });

  it('opens in LibreOffice Impress: converted to PDF, one page per slide', { timeout: 180_000 }, async () => {
    const repo = exportRepo();
    const run = await runCsp(['qbr', account, '--quarter', '2026-Q4', '-o', 'deck.pptx'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    execFileSync(
      'nice',
      [
        '-n',
        '10',
        'soffice',
        `-env:UserInstallation=file://${repo.path('.lo-profile')}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        repo.dir,
        repo.path('deck.pptx'),
      ],
      { stdio: 'ignore', timeout: 170_000 },
    );
    const info = execFileSync('pdfinfo', [repo.path('deck.pdf')], { encoding: 'utf8' });
    expect(Number(/^Pages:\s+(\d+)/m.exec(info)![1])).toBe(1 + TITLES.length);
    expect(execFileSync('pdftotext', [repo.path('deck.pdf'), '-'], { encoding: 'utf8' })).toContain('Value delivered');
  });

  it('--ebr builds the executive business review: its own sections from the plan, signals and the approved account plan, nothing internal', async () => {
    const repo = exportRepo({
      [`infohub/${account}/account_plan/account_plan_FY2026.yaml`]: accountPlanYaml('approved'),
      [`infohub/${account}/health_signals.yaml`]: SIGNALS,
    });
    const run = await runCsp(['qbr', account, '--ebr', '--quarter', '2026-Q4', '--json'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.json()).toMatchObject({ file: `${account}_ebr_2026-Q4.pptx`, slides: 1 + EBR_TITLES.length });
    const deck = await readPptx(readFileSync(repo.path(`${account}_ebr_2026-Q4.pptx`)));
    expect(deck.slides[0]).toContain('Executive Business Review: TechCorp Industries');
    EBR_TITLES.forEach((t, i) => expect(deck.slides[i + 1]).toContain(t));
    expect(deck.slides[2]).toMatch(/Licensed seats:\s*60/);
    expect(deck.slides[3]).toContain('One platform for customer health before the FY27 planning cycle.');
    expect(deck.slides[7]).toContain('Sarah Chen');
    expect(deck.slides[8]).toContain('Health scores for every account');
    for (const secret of [...INTERNAL, 'Incumbent discounting', 'NPS']) expect(deck.all).not.toContain(secret);
    // The team's EBR adds NPS and ARR; a draft account plan is not shown to anyone.
    writeFileSync(repo.path(`infohub/${account}/account_plan/account_plan_FY2026.yaml`), accountPlanYaml('draft'));
    const internal = await runCsp(
      ['qbr', account, '--ebr', '--quarter', '2026-Q4', '--format', 'md', '--audience', 'internal'],
      {
        cwd: repo.dir,
      },
    );
    expect(internal.code, internal.stderr).toBe(0);
    expect(internal.stdout).toContain('**NPS (internal):** 6.5');
    expect(internal.stdout).toContain('**Current ARR:** $250,000');
    expect(internal.stdout).not.toContain('One platform for customer health');
  });

  it('a long table continues on the next slide: 25 milestones and 20 risks all present, titled "(n of N)"', async () => {
    const plan = exportPlanText(FIXTURE_PLAN)
      .replace(
        /(        - \{ id: ms-5, .*\n)/,
        (line) =>
          line +
          Array.from(
            { length: 25 },
            (_, i) =>
              `        - { id: ms-${100 + i}, title: Rollout step ${100 + i}, due: "2027-02-${String(1 + i).padStart(2, '0')}", owner: sh-1, status: not_started }\n`,
          ).join(''),
      )
      .replace(
        /\nrisks:\n/,
        `\nrisks:\n${Array.from(
          { length: 20 },
          (_, i) =>
            `  - { id: rk-${100 + i}, title: Rollout risk ${100 + i}, probability: low, impact: low, mitigation: Weekly check ${100 + i}, owner: sh-3, status: open }\n`,
        ).join('')}`,
      );
    const repo = exportRepo({ [planPath(account)]: plan });
    const md = await runCsp(['qbr', account, '--quarter', '2026-Q4', '--format', 'md'], { cwd: repo.dir });
    expect(md.code, md.stderr).toBe(0);
    const pptxRun = await runCsp(['qbr', account, '--quarter', '2026-Q4', '-o', 'long.pptx', '--json'], {
      cwd: repo.dir,
    });
    expect(pptxRun.code, pptxRun.stderr).toBe(0);
    const deck = await readPptx(readFileSync(repo.path('long.pptx')));
    expect(deck.slides).toHaveLength(pptxRun.json().slides);
    const slides = deck.slides.join('\n');
    for (const text of [md.stdout, slides]) {
      for (let i = 100; i < 125; i++) expect(text).toContain(`Rollout step ${i}`);
      for (let i = 100; i < 120; i++) expect(text).toContain(`Rollout risk ${i}`);
      expect(text).toMatch(/Milestones \(2 of \d\)/);
      expect(text).toMatch(/Risks and mitigations \(2 of \d\)/);
      expect(text).not.toMatch(/and \d+ more/);
    }
  });
});
