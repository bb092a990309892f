/**
 * csp site (issue 16) end to end: the built csp writes the site of a small InfoHub, and headless
 * Chromium (playwright-core) opens it: the dashboard's counts, the filters, every link, no console
 * error or request, hostile plan text shown as text, and axe-core finding no serious or critical
 * accessibility violation. Also the output folder rules (never over a folder csp did not write).
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import yaml from 'js-yaml';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../src/export/pdf.js';
import { runCsp } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';
import { planData } from './hub-fixture.js';

const AS_OF = '2026-11-22';
const HOSTILE_NAME = '<script>alert("name")</script> Gamma \u001b[31m';
const HOSTILE_TITLE = '<img src=x onerror=alert(1)> Go-live';

/** The fixture: acme (green signals, ARR up, renewal in 28 days), beta (red signals, churned, an overdue milestone), gamma (no signals, Stage 4 with no success criteria: blocked; hostile name). */
function hub(): TempRepo {
  const acme = planData({
    account: 'acme',
    name: 'Acme Corp',
    updated: '2026-11-20',
    renewal: '2026-12-20',
    lastReview: '2026-11-10',
  });
  const beta = planData({
    account: 'beta',
    name: 'Beta Inc',
    updated: '2026-11-01',
    milestones: [{ id: 'ms-1', title: HOSTILE_TITLE, due: '2026-11-01', status: 'in_progress' }],
  });
  (beta.meta as Record<string, unknown>).owner = { name: 'Dana Scully', role: 'CA' };
  (beta.meta as Record<string, unknown>).arr_usd = 100000;
  const gamma = planData({ account: 'gamma', name: HOSTILE_NAME, phase: 'develop', updated: '2026-11-15' });
  Object.assign(gamma.meta as Record<string, unknown>, {
    opportunity_stage: 'Stage 4',
    plan_type: 'expansion',
    arr_usd: 50000,
  });
  delete gamma.success_criteria;
  const signals = (account: string, list: unknown[]) => yaml.dump({ schema_version: 1, account, signals: list });
  return tempRepo({
    'infohub/.csp.yaml': 'schema_version: 1\n',
    'infohub/acme/success_plan/csp.yaml': yaml.dump(acme),
    'infohub/acme/success_plan/csp_history/csp_v1_2026-10-01.yaml': yaml.dump(acme),
    'infohub/acme/health_signals.yaml': signals('acme', [
      { date: '2025-11-01', source: 'csp signal', values: { arr_usd: 200000 } },
      {
        date: '2026-10-20',
        source: 'csp signal',
        values: {
          active_users: 95,
          licensed_users: 100,
          usage_events: 1000,
          nps: 9,
          csat: 5,
          tickets: 1,
          meetings: 4,
          last_contact: '2026-11-18',
          arr_usd: 250000,
        },
      },
      {
        date: '2026-11-20',
        source: 'csp signal',
        values: {
          active_users: 96,
          licensed_users: 100,
          usage_events: 1050,
          nps: 9,
          csat: 5,
          tickets: 1,
          meetings: 4,
          last_contact: '2026-11-18',
          arr_usd: 250000,
        },
      },
    ]),
    'infohub/beta/success_plan/csp.yaml': yaml.dump(beta),
    'infohub/beta/health_signals.yaml': signals('beta', [
      { date: '2025-10-01', source: 'csp signal', values: { arr_usd: 100000 } },
      {
        date: '2026-10-20',
        source: 'csp signal',
        values: { active_users: 70, licensed_users: 100, usage_events: 900, nps: 6 },
      },
      {
        date: '2026-11-20',
        source: 'csp signal',
        values: {
          active_users: 20,
          licensed_users: 100,
          usage_events: 300,
          nps: 2,
          csat: 1,
          last_contact: '2026-08-01',
          arr_usd: 0,
        },
      },
    ]),
    'infohub/gamma/success_plan/csp.yaml': yaml.dump(gamma),
  });
}

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: findChromium(process.env.CSP_CHROMIUM, process.env.PATH),
    args: CHROMIUM_ARGS,
  });
});
afterAll(async () => {
  await browser?.close();
});

/** Opens a page of the site; records console errors and warnings, page errors, dialogs, and any request that is not a file of the site. */
async function open(file: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  const site = pathToFileURL(dirname(file)).href;
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(site) || u.startsWith(pathToFileURL(dirname(dirname(file))).href)) return route.continue();
    problems.push(`request: ${u}`);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems, close: () => context.close() };
}

const kpi = (page: Page, key: string) => page.locator(`[data-kpi="${key}"]`).first().innerText();
const count = (page: Page, list: string) => page.locator(`[data-count="${list}"]`).innerText();

async function build(repo: TempRepo, extra: string[] = []) {
  const run = await runCsp(['site', '--as-of', AS_OF, '--out', 'public', '--json', ...extra], { cwd: repo.dir });
  expect(run.code, run.stderr).toBe(0);
  return run.json();
}

describe('csp site', () => {
  it('writes the index, the accounts list and a page per account, and --json lists what it wrote', async () => {
    const repo = hub();
    const result = await build(repo);
    expect(result).toMatchObject({ ok: true, asOf: AS_OF, accounts: 3, unreadable: [], removed: 0 });
    expect(result.files).toEqual([
      'index.html',
      'accounts.html',
      'site-data.js',
      '.csp-site.json',
      'accounts/acme.html',
      'accounts/beta.html',
      'accounts/gamma.html',
    ]);
    for (const f of result.files) expect(existsSync(repo.path(join('public', f))), f).toBe(true);
    const acme = readFileSync(repo.path('public/accounts/acme.html'), 'utf8');
    expect(acme).toContain('snapshot v1');
    expect(acme).toContain('<svg class="gantt"');
    expect(acme).toContain('Customer health score');
  });

  it('shows the right counts for the fixture InfoHub, with no console error and no request', async () => {
    const repo = hub();
    await build(repo);
    const view = await open(repo.path('public/index.html'));
    try {
      const page = view.page;
      expect(await kpi(page, 'accounts')).toBe('3');
      expect(await kpi(page, 'range-none')).toBe('1');
      // acme scores green (80+), beta red (under 40); gamma has no signals.
      expect(await kpi(page, 'range-expand')).toBe('1');
      expect(await kpi(page, 'range-save')).toBe('1');
      expect(await kpi(page, 'healthy')).toBe('50%');
      expect(await kpi(page, 'critical')).toBe('50%');
      expect(await kpi(page, 'at-risk')).toBe('0%');
      // A year ago: acme 200,000 and beta 100,000; now 250,000 and 0.
      expect(await kpi(page, 'renewal-rate')).toBe('50%');
      expect(await kpi(page, 'nrr')).toBe('83.3%');
      expect(await count(page, 'renewals')).toBe('1');
      expect(await count(page, 'overdue')).toBe('1');
      // gamma (Stage 4, no success criteria) and acme (execute: its proposal gate lacks one thing too).
      expect(await count(page, 'blocked')).toBe('2');
      expect(Number(await count(page, 'reminders'))).toBeGreaterThan(0);
      expect(await page.locator('#renewals').innerText()).toContain('Acme Corp');
      expect(await page.locator('#renewals').innerText()).toContain('2026-12-20');
      expect(await page.locator('#blocked').innerText()).toContain('Gamma');
      // Hostile plan text is shown as text; nothing ran.
      expect(await page.locator('#overdue').innerText()).toContain(HOSTILE_TITLE);
      expect(await page.locator('#blocked').innerText()).toContain('<script>alert("name")</script> Gamma \\u001b[31m');
      expect(readFileSync(repo.path('public/index.html'), 'utf8')).not.toContain('\u001b');
      expect(view.problems).toEqual([]);
    } finally {
      await view.close();
    }
  });

  it('filters by owner, phase, plan type and health band', async () => {
    const repo = hub();
    await build(repo);
    const view = await open(repo.path('public/index.html'));
    try {
      const page = view.page;
      /** Sets a filter and waits until the page says how many accounts it shows (the rows load from site-data.js on the first change). */
      const choose = async (select: string, value: string, shown: string) => {
        await page.selectOption(select, value);
        await page.waitForFunction((text) => document.getElementById('shown')?.textContent === text, shown);
      };
      await choose('#f-owner', 'Dana Scully', '1 of 3 accounts');
      expect(await kpi(page, 'accounts')).toBe('1');
      expect(await count(page, 'overdue')).toBe('1');
      expect(await count(page, 'renewals')).toBe('0');
      await choose('#f-owner', '', 'All 3 accounts');
      await choose('#f-phase', 'develop', '1 of 3 accounts');
      expect(await kpi(page, 'accounts')).toBe('1');
      expect(await count(page, 'blocked')).toBe('1');
      await choose('#f-phase', '', 'All 3 accounts');
      await choose('#f-type', 'onboarding', '2 of 3 accounts');
      expect(await kpi(page, 'accounts')).toBe('2');
      expect(await count(page, 'blocked')).toBe('1');
      await choose('#f-band', 'expand', '1 of 3 accounts');
      expect(await kpi(page, 'accounts')).toBe('1');
      expect(await kpi(page, 'nrr')).toBe('125%');
      expect(await kpi(page, 'healthy')).toBe('100%');
      await choose('#f-type', 'expansion', '0 of 3 accounts');
      expect(await kpi(page, 'accounts')).toBe('0');
      expect(await page.locator('#renewals').innerText()).toContain('No renewal in the next 120 days.');
      // The lists a filter rebuilds link to the account pages too.
      await choose('#f-type', '', '1 of 3 accounts');
      expect(await page.locator('#renewals a').getAttribute('href')).toBe('accounts/acme.html');
      await page.click('button[type=reset]');
      await page.waitForFunction(() => document.getElementById('shown')?.textContent === 'All 3 accounts');
      expect(await kpi(page, 'accounts')).toBe('3');
      expect(view.problems).toEqual([]);
    } finally {
      await view.close();
    }
  });

  it('every link of every page resolves to a file of the site, and no page has a serious or critical accessibility violation', async () => {
    const repo = hub();
    await build(repo);
    const pages = [
      'index.html',
      'accounts.html',
      'accounts/acme.html',
      'accounts/beta.html',
      'accounts/gamma.html',
    ].map((p) => repo.path(join('public', p)));
    const seen = new Set<string>();
    for (const file of pages) {
      const view = await open(file);
      try {
        const hrefs = await view.page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
        expect(hrefs.length, file).toBeGreaterThan(0);
        for (const href of hrefs) {
          const target = fileURLToPath(href.split('#')[0]);
          expect(existsSync(target), `${file} links to ${href}`).toBe(true);
          seen.add(target);
        }
        // NOTE: axe runs on each kind of page (the account pages share one template; gamma's holds the hostile text): acme's and beta's would add time, not findings.
        if (!file.endsWith('beta.html') && !file.endsWith('acme.html')) {
          const axe = await new AxeBuilder({ page: view.page }).analyze();
          const bad = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          expect(
            bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
            file,
          ).toEqual([]);
        }
        expect(view.problems, file).toEqual([]);
      } finally {
        await view.close();
      }
    }
    // Every page is reachable from the index or the accounts list.
    for (const file of pages.slice(1)) expect(seen.has(file), file).toBe(true);
  }, 240_000);
});

describe('csp site output folder', () => {
  it('refuses a folder it did not write (exit 3) unless --force, which keeps the other files; rebuilds its own and drops pages of removed accounts', async () => {
    const repo = hub();
    mkdirSync(repo.path('public'));
    writeFileSync(repo.path('public/notes.txt'), 'keep me');
    const refused = await runCsp(['site', '--out', 'public'], { cwd: repo.dir });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('was not written by csp site');
    expect(refused.stderr).toContain('csp site --out public --force');
    expect(existsSync(repo.path('public/index.html'))).toBe(false);
    await build(repo, ['--force']);
    expect(readFileSync(repo.path('public/notes.txt'), 'utf8')).toBe('keep me');
    // A site csp wrote is rebuilt without --force; the page of an account that is gone is removed.
    repo.git('rm', '-rq', 'infohub/gamma');
    const again = await build(repo);
    expect(again.accounts).toBe(2);
    expect(again.removed).toBe(1);
    expect(existsSync(repo.path('public/accounts/gamma.html'))).toBe(false);
    expect(readFileSync(repo.path('public/notes.txt'), 'utf8')).toBe('keep me');
  });

  it('never writes into the InfoHub or over it', async () => {
    const repo = hub();
    const inside = await runCsp(['site', '--out', 'infohub/site'], { cwd: repo.dir });
    expect(inside.code).toBe(3);
    expect(inside.stderr).toContain('inside the InfoHub');
    const over = await runCsp(['site', '--out', '.', '--force'], { cwd: repo.dir });
    expect(over.code).toBe(3);
    expect(over.stderr).toContain('holds the InfoHub');
  });

  it('leaves a plan that cannot be read out of the site and says so', async () => {
    const repo = hub();
    repo.write('infohub/beta/success_plan/csp.yaml', 'meta: [unclosed\n');
    const result = await build(repo);
    expect(result.accounts).toBe(2);
    expect(result.unreadable.map((u: { account: string }) => u.account)).toEqual(['beta']);
    expect(readFileSync(repo.path('public/index.html'), 'utf8')).toContain('Plans left out');
  });
});
