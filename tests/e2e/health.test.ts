/**
 * Customer health end to end: csp signal, csp signal import (the committed RavenStack subset
 * always, the full 500 accounts when /work/shared holds them), csp status with its recovery
 * suggestion and decisions, csp health backtest, csp recover.
 */
import { sharedData } from '../helpers/shared-data.js';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { ROOT, runCsp } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';
import { hubFiles } from './hub-fixture.js';

const SETS = [
  { name: 'committed subset', dir: `${ROOT}tests/fixtures/ravenstack-saas`, accounts: 42, churned: 12 },
  {
    name: 'full data set',
    dir: sharedData('data/ravenstack-saas/ravenstack_accounts.csv').replace(/\/ravenstack_accounts\.csv$/, ''),
    accounts: 500,
    churned: 110,
  },
];

describe('csp signal', () => {
  it('records dated signals, merging the same day, and shows the health score with them', async () => {
    const repo = tempRepo(hubFiles([{ account: 'acme', updated: '2026-11-20' }]));
    const first = await runCsp(
      [
        'signal',
        'acme',
        '--active-users',
        '85',
        '--licensed-users',
        '100',
        '--logins-per-week',
        '4.2',
        '--tickets',
        '3',
        '--last-contact',
        '2026-11-17',
        '--date',
        '2026-11-20',
      ],
      { cwd: repo.dir },
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      'acme: recorded 5 signals on 2026-11-20 in infohub/acme/health_signals.yaml (new file)',
    );
    expect(first.stderr).toContain('Customer health');
    const second = await runCsp(
      ['signal', 'acme', '--nps', '8', '--payment', 'current', '--auto-renew', 'yes', '--date', '2026-11-20', '--json'],
      { cwd: repo.dir },
    );
    const out = second.json();
    expect(out.health.score).toBeGreaterThan(80);
    expect(out.health.components.map((c: { id: string }) => c.id)).toEqual([
      'usage',
      'engagement',
      'support',
      'satisfaction',
      'financial',
    ]);
    const doc = yaml.load(repo.read('infohub/acme/health_signals.yaml'), { schema: yaml.CORE_SCHEMA }) as any;
    expect(doc.signals).toEqual([
      {
        date: '2026-11-20',
        source: 'csp signal',
        values: {
          active_users: 85,
          licensed_users: 100,
          logins_per_week: 4.2,
          last_contact: '2026-11-17',
          tickets: 3,
          nps: 8,
          payment: 'current',
          auto_renew: true,
        },
      },
    ]);
    expect(
      repo
        .read('infohub/acme/health_signals.yaml')
        .startsWith('# yaml-language-server: $schema=../.csp/schemas/health_signals.schema.json\n'),
    ).toBe(true);
    const validate = await runCsp(['validate', 'infohub/acme/health_signals.yaml'], { cwd: repo.dir });
    expect(validate.code).toBe(0);
  });

  it('refuses bad values (exit 2) and unknown accounts unless --create (exit 3)', async () => {
    const repo = tempRepo(hubFiles([{ account: 'acme', updated: '2026-11-20' }]));
    const bad = await runCsp(['signal', 'acme', '--nps', '11'], { cwd: repo.dir });
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--nps must be between 0 and 10 (found "11")')]);
    expect((await runCsp(['signal', 'acme'], { cwd: repo.dir })).code).toBe(2);
    const unknown = await runCsp(['signal', 'newco', '--nps', '8'], { cwd: repo.dir });
    expect([unknown.code, unknown.stderr]).toEqual([3, expect.stringContaining('--create')]);
    expect((await runCsp(['signal', 'newco', '--nps', '8', '--create'], { cwd: repo.dir })).code).toBe(0);
    const status = await runCsp(['status', 'newco', '--json'], { cwd: repo.dir });
    expect(status.json().accounts[0]).toMatchObject({
      account: 'newco',
      plan: null,
      cspHealth: null,
      customerHealth: { band: null },
    });
  });

  it('names a malformed CSV of signal import by its path and line, once (exit 3)', async () => {
    const repo = tempRepo({
      ...hubFiles([{ account: 'acme', updated: '2026-11-20' }]),
      'rs/ravenstack_accounts.csv': 'account_id,account_name\nA1,"Beta\n',
    });
    const run = await runCsp(['signal', 'import', 'rs', '--mapping', 'ravenstack'], { cwd: repo.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('csp: error: rs/ravenstack_accounts.csv line 2 is not valid CSV');
    expect(run.stderr.match(/ravenstack_accounts\.csv/g)).toHaveLength(1);
  });
});

describe.each(SETS)('RavenStack import and backtest ($name)', ({ dir, accounts, churned }) => {
  it('gives every account a health score traced to its rows, imports idempotently, and backtests the model', {
    timeout: 300_000,
  }, async () => {
    const repo = tempRepo({ 'infohub/.csp.yaml': 'schema_version: 1\n' });
    const run = await runCsp(['signal', 'import', dir, '--mapping', 'ravenstack', '--json'], {
      cwd: repo.dir,
      timeout: 240_000,
    });
    expect(run.code).toBe(0);
    const result = run.json();
    expect(result.counts).toEqual({ created: accounts, updated: 0, unchanged: 0, skipped: 0 });
    expect(result.asOf).toBe('2024-12-31');
    expect(readdirSync(repo.path('infohub')).filter((f) => !f.startsWith('.'))).toHaveLength(accounts);

    const again = await runCsp(['signal', 'import', dir, '--mapping', 'ravenstack', '--json'], {
      cwd: repo.dir,
      timeout: 240_000,
    });
    expect(again.json().counts).toEqual({ created: 0, updated: 0, unchanged: accounts, skipped: 0 });

    const slugs = result.accounts.map((a: { account: string }) => a.account);
    const status = await runCsp(['status', ...slugs, '--as-of', '2024-12-31', '--json'], {
      cwd: repo.dir,
      timeout: 240_000,
    });
    expect(status.code).toBe(0);
    const all = status.json().accounts;
    expect(all).toHaveLength(accounts);
    for (const s of all) {
      expect([s.account, typeof s.customerHealth.score, s.customerHealth.band]).toEqual([
        s.account,
        'number',
        expect.stringMatching(/^(green|yellow|red)$/),
      ]);
      for (const c of s.customerHealth.components)
        for (const i of c.inputs)
          if (i.score !== null)
            for (const src of i.sources)
              expect([s.account, src.file, Array.isArray(src.rows)]).toEqual([
                s.account,
                expect.stringMatching(/^ravenstack_.*\.csv$/),
                true,
              ]);
    }
    const red = all.find((s: any) => s.customerHealth.band === 'red');
    expect(red.recovery.command).toBe(`csp init ${red.account} --plan-type recovery --name "..." --owner "..."`);

    const backtest = await runCsp(
      [
        'health',
        'backtest',
        '--labels',
        `${dir}/ravenstack_accounts.csv`,
        '--fit',
        '--write-model',
        'fitted.yaml',
        '--json',
      ],
      { cwd: repo.dir, timeout: 240_000 },
    );
    expect(backtest.code).toBe(0);
    const b = backtest.json();
    expect(b.labels).toMatchObject({
      matched: accounts,
      idColumn: 'account_id',
      labelColumn: 'churn_flag',
      unmatched: [],
    });
    expect(b.all.auc).toMatchObject({ accounts, churned });
    expect(b.all.auc.auc).toBeGreaterThanOrEqual(0);
    expect(b.all.auc.auc).toBeLessThanOrEqual(1);
    expect(b.all.bands.reduce((n: number, x: { accounts: number }) => n + x.accounts, 0)).toBe(accounts);
    expect(b.fit.trainAccounts + b.fit.testAccounts).toBe(accounts);
    expect(b.summary[0]).toMatch(/^The model on all \d+ scored accounts: /);
    const fitted = await runCsp(
      ['health', 'backtest', '--labels', `${dir}/ravenstack_accounts.csv`, '--model', 'fitted.yaml', '--json'],
      { cwd: repo.dir, timeout: 240_000 },
    );
    expect(fitted.code).toBe(0);
    expect(fitted.json().model).toContain('weights fitted by csp health backtest');
  });
});

describe('csp signal import again', () => {
  it('adds the new quarter to files imported before, giving the same files as a fresh import, and keeps csp signal entries', {
    timeout: 120_000,
  }, async () => {
    const dir = `${ROOT}tests/fixtures/ravenstack-saas`;
    const before = tempRepo({
      'infohub/.csp.yaml': 'schema_version: 1\n',
      'mappings/rs.yaml': readFileSync(`${ROOT}playbooks/signal-mappings/ravenstack.yaml`, 'utf8'),
    });
    expect(
      (
        await runCsp(['signal', 'import', dir, '--mapping', 'mappings/rs.yaml', '--as-of', '2024-11-15'], {
          cwd: before.dir,
        })
      ).code,
    ).toBe(0);
    const fresh = tempRepo({ 'infohub/.csp.yaml': 'schema_version: 1\n' });
    expect((await runCsp(['signal', 'import', dir, '--mapping', 'ravenstack'], { cwd: fresh.dir })).code).toBe(0);
    const run = await runCsp(['signal', 'import', dir, '--mapping', 'ravenstack', '--json'], { cwd: before.dir });
    expect(run.json().counts).toEqual({ created: 0, updated: 42, unchanged: 0, skipped: 0 });
    for (const account of ['company-0', 'company-12', 'company-492'])
      expect(before.read(`infohub/${account}/health_signals.yaml`)).toBe(
        fresh.read(`infohub/${account}/health_signals.yaml`),
      );
    expect(
      (await runCsp(['signal', 'company-0', '--nps', '9', '--date', '2024-12-20'], { cwd: before.dir })).code,
    ).toBe(0);
    const third = await runCsp(['signal', 'import', dir, '--mapping', 'ravenstack', '--json'], { cwd: before.dir });
    expect(third.json().counts).toEqual({ created: 0, updated: 0, unchanged: 42, skipped: 0 });
    expect(before.read('infohub/company-0/health_signals.yaml')).toContain('source: csp signal');
  });
});

describe('csp status <account>', () => {
  const plan = {
    account: 'acme',
    name: 'Acme Corp',
    updated: '2026-11-20',
    lastReview: '2026-11-01',
    lastRefresh: '2026-11-01',
    measurements: [{ date: '2026-11-16', value: 14 }],
    milestones: [{ id: 'ms-1', title: 'CRM sync live', due: '2026-03-01', status: 'done' }],
    stakeholders: [
      { id: 'sh-1', name: 'Carl Ortiz', side: 'vendor', role: 'CA' },
      { id: 'sh-2', name: 'Sarah Chen', side: 'customer', role: 'champion', engagement: 'high', left: '2026-10-15' },
      { id: 'sh-3', name: 'Lee Park', side: 'customer', role: 'admin', engagement: 'medium' },
    ],
  };
  const files = hubFiles([plan], {
    'acme/decision_log.yaml': {
      schema_version: 1,
      account: 'acme',
      decisions: [
        { id: 'dec-1', date: '2026-10-01', decision: 'Pilot with two teams', objective: 'obj-1', status: 'decided' },
      ],
    },
    'acme/health_signals.yaml': {
      schema_version: 1,
      account: 'acme',
      signals: [
        {
          date: '2026-10-20',
          source: 'csp signal',
          values: { active_users: 70, licensed_users: 100, usage_events: 900, nps: 6 },
        },
        {
          date: '2026-11-20',
          source: 'csp signal',
          values: {
            active_users: 30,
            licensed_users: 100,
            usage_events: 400,
            nps: 4,
            csat: 2,
            last_contact: '2026-09-01',
          },
        },
      ],
    },
  });

  it('shows CSP health, the red customer health with its save plays and recovery plan, and decisions under their objective', async () => {
    const repo = tempRepo(files);
    const run = await runCsp(['status', 'acme'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Acme Corp (acme): onboarding plan, phase execute, active, owner Carl Ortiz (CA), updated 2026-11-20',
    );
    expect(run.stdout).toContain('CSP health: needs attention, complete');
    expect(run.stdout).toContain(
      'attention: the champion has left: Sarah Chen (left 2026-10-15), and no other champion is named',
    );
    expect(run.stdout).toMatch(/Customer health \d+(\.\d)? red, -\d+(\.\d)? down since 2026-10-2\d/);
    expect(run.stdout).toContain('Save play for usage drop: Adoption workshop (CSM, within 1 week)');
    expect(run.stdout).toContain('Save play for champion left: Stakeholder mapping (CSM, within 1 week)');
    expect(run.stdout).toContain('Save play for negative nps: Executive call (AE + CSM, within 1 week)');
    expect(run.stdout).toContain('Recovery plan suggested: health score');
    expect(run.stdout).toContain('    csp recover acme');
    expect(run.stdout).toContain(
      '  obj-1 Cut QBR preparation from 3 days to half a day by 2026-06-30 [in_progress]\n      dec-1 2026-10-01 Pilot with two teams (decided)',
    );
    expect(run.stdout).toContain('seat_utilisation: 30 percent');
    const json = (await runCsp(['status', 'acme', '--json'], { cwd: repo.dir })).json().accounts[0];
    expect(json.triggers.map((t: { trigger: string }) => t.trigger)).toEqual(
      expect.arrayContaining(['usage_drop', 'negative_nps', 'champion_left']),
    );
    expect(json.recovery.plays.map((p: { play: string }) => p.play)).toEqual(
      expect.arrayContaining(['Adoption workshop', 'Stakeholder mapping']),
    );
  });

  it('starts the recovery plan it suggested, with the save plays as actions', async () => {
    const repo = tempRepo(files);
    const run = await runCsp(['recover', 'acme'], { cwd: repo.dir });
    expect(run.code).toBe(0);
    const doc = yaml.load(repo.read('infohub/acme/success_plan/csp.yaml'), { schema: yaml.CORE_SCHEMA }) as any;
    expect(doc.meta.plan_type).toBe('recovery');
    const actions = doc.adoption_journey.phases[2].actions.map((a: { what: string }) => a.what);
    expect(actions).toContain('Save play for usage drop: Adoption workshop (CSM)');
    expect(actions).toContain('Save play for champion left: Stakeholder mapping (CSM)');
    const status = (await runCsp(['status', 'acme', '--json'], { cwd: repo.dir })).json().accounts[0];
    expect(status.recovery).toBeNull();
  });

  it("uses the team's own health model from .csp.yaml health_model", async () => {
    const model = yaml.load(readFileSync(`${ROOT}playbooks/health-model.yaml`, 'utf8'), {
      schema: yaml.CORE_SCHEMA,
    }) as any;
    model.name = 'Team model';
    model.bands = [
      { name: 'green', min: 10 },
      { name: 'red', min: 0 },
    ];
    const repo = tempRepo({
      ...files,
      'infohub/.csp.yaml': 'schema_version: 1\nhealth_model: models/team.yaml\n',
      'infohub/models/team.yaml': yaml.dump(model),
    });
    const json = (await runCsp(['status', 'acme', '--json'], { cwd: repo.dir })).json();
    expect(json.model).toBe('Team model (infohub/models/team.yaml)');
    expect(json.accounts[0].customerHealth.band).toBe('green');
    repo.write('infohub/models/team.yaml', yaml.dump({ ...model, bands: [{ name: 'green', min: 50 }] }));
    const broken = await runCsp(['status', 'acme'], { cwd: repo.dir });
    expect([broken.code, broken.stderr]).toEqual([1, expect.stringContaining('no band starts at 0')]);
  });

  it('fails with exit 3 for an unknown account; without one it is the portfolio', async () => {
    const repo = tempRepo(files);
    expect((await runCsp(['status', 'nosuch'], { cwd: repo.dir })).code).toBe(3);
    const portfolio = await runCsp(['status'], { cwd: repo.dir });
    expect(portfolio.code, portfolio.stderr).toBe(0);
    expect(portfolio.stdout).toContain('Portfolio as of');
  });
});
