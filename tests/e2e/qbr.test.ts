/**
 * csp qbr end to end: the PowerPoint deck read back from its zip (slides, speaker notes, native
 * charts, 16:9), a section with no data in one line, markdown on stdout, the customer deck with
 * nothing internal, usage errors, and one conversion with LibreOffice Impress (Debian's
 * libreoffice-impress, installed by .ci/run) whose PDF has one page per slide.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
});
