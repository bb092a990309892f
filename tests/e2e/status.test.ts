/**
 * The portfolio (`csp status` with no account) and the whole-InfoHub scan behind it and behind
 * `csp validate`: the validation cache (git-ignored, invalidated by content), worker threads for
 * many files, the same answers either way.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeInfoHub } from '../../bench/generate-infohub.mjs';
import { ROOT, runCsp } from '../helpers/cli.js';
import { tempRepo } from '../helpers/repo.js';

const SF = join(ROOT, 'tests/fixtures/crm/sf-apex-recipes');

describe('csp status (the portfolio)', () => {
  it('sums the imported plans up by phase and health, lists what is due, and the accounts that need a CSP', async () => {
    const repo = tempRepo();
    const imported = await runCsp(['import', SF, '--infohub', 'infohub', '--owner', 'Priya', '--json'], {
      cwd: repo.dir,
    });
    const created = imported.json().accounts.filter((a: any) => a.action === 'created');
    const run = await runCsp(['status', '--infohub', 'infohub', '--json'], { cwd: repo.dir });
    expect(run.code, run.stderr).toBe(0);
    const p = run.json();
    expect(p.plans).toBe(created.length);
    for (const phase of ['initiate', 'develop', 'finalize', 'execute'])
      expect(p.byPhase[phase].count).toBe(created.filter((a: any) => a.phase === phase).length);
    expect(p.arrUsd).toBeCloseTo(
      created.reduce((s: number, a: any) => s + a.arrUsd, 0),
      2,
    );
    expect(p.importedPendingBackfill).toBe(created.length);
    expect(p.byHealth.incomplete).toBe(created.length);
    // The playbook's first milestones (kickoff on day 1, SSO on day 5) of every develop+ plan are due this week.
    expect(p.milestones.dueSoon.every((m: any) => m.days >= 0 && m.days <= 7)).toBe(true);
    expect(new Set(p.milestones.dueSoon.map((m: any) => m.account))).toEqual(
      new Set(created.filter((a: any) => a.phase !== 'initiate').map((a: any) => a.account)),
    );
    // Issue 15: empty imported drafts are not active plans (nothing of the customer is filled in yet)
    expect(p.metrics.adoption).toMatchObject({ of: created.length, count: 0, pct: 0, withPlan: created.length });
    expect(p.proposalsBlocked.length).toBe(
      created.filter((a: any) => a.stage === 'Stage 4' || a.stage === 'Closed Won').length,
    );
    expect(p.missingPlans).toBeNull();

    const lower = await runCsp(['status', '--infohub', 'infohub', '--from-crm', SF, '--min-arr', '10000', '--json'], {
      cwd: repo.dir,
    });
    expect(lower.code, lower.stderr).toBe(0);
    const missing = lower
      .json()
      .missingPlans.map((m: any) => m.name)
      .sort();
    expect(missing.length).toBeGreaterThan(0);
    const skipped = imported
      .json()
      .accounts.filter((a: any) => a.action === 'skipped' && /not above/.test(a.reason) && a.arrUsd > 10_000)
      .map((a: any) => a.name);
    expect(missing).toEqual(expect.arrayContaining(skipped));

    const text = await runCsp(['status', '--infohub', 'infohub', '--as-of', '2027-06-01'], { cwd: repo.dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Portfolio as of 2027-06-01');
    expect(text.stdout).toMatch(/Plans not updated for 60\+ days: \d+/);
    expect(text.stdout).toMatch(/Milestones overdue: \d+/);
    expect(text.stdout).toContain('plan adoption');
    expect(text.stdout).not.toMatch(/\x1b\[/);

    const bad = await runCsp(['status', 'nobody', '--infohub', 'infohub'], { cwd: repo.dir });
    expect(bad.code).toBe(3); // no plan for the account: a precondition, as everywhere in csp
  });
});

describe('whole-InfoHub validation: cache and workers', () => {
  it('a second run reuses the cache (git-ignored); a changed file is checked again', async () => {
    const repo = tempRepo();
    writeInfoHub(repo.path('infohub'), 30);
    const first = await runCsp(['validate', '--infohub', 'infohub', '--json'], { cwd: repo.dir });
    expect(first.code, first.stdout).toBe(0);
    // NOTE: the cache is under .git (issue 19: git must never carry it), so git status shows nothing.
    expect(
      readdirSync(repo.path('.git/csp/cache'), { recursive: true, encoding: 'utf8' }).filter((f) =>
        f.endsWith('scan-v2.ndjson'),
      ),
    ).toHaveLength(1);
    expect(existsSync(repo.path('infohub/.csp/cache'))).toBe(false);
    expect(repo.git('status', '--porcelain', '--', 'infohub/.csp/cache')).toBe('');
    const second = await runCsp(['validate', '--infohub', 'infohub', '--json'], { cwd: repo.dir });
    expect(second.json()).toEqual(first.json());

    const file = repo.path('infohub/account-00010/success_plan/csp.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/phase: execute/, 'phase: executing'));
    const third = await runCsp(['validate', '--infohub', 'infohub'], { cwd: repo.dir });
    expect(third.code).toBe(1);
    expect(third.stdout).toMatch(/account-00010\/success_plan\/csp\.yaml:\d+:\d+: error phase must be one of/);
  });

  it('many files are scanned in worker threads with the same result as one thread', async () => {
    const repo = tempRepo();
    writeInfoHub(repo.path('infohub'), 130); // 520 files: past the worker threshold
    const broken = repo.path('infohub/account-00077/risk_register.yaml');
    writeFileSync(broken, readFileSync(broken, 'utf8').replace('schema_version: 1', 'schema_version: 2'));
    // NOTE: --format json, not --json: with --json a failed check also prints its error as a second JSON document.
    const run = await runCsp(['validate', '--infohub', 'infohub', '--format', 'json'], {
      cwd: repo.dir,
      timeout: 120_000,
    });
    expect(run.code).toBe(1);
    const result = run.json();
    expect(result.counts.files).toBe(520);
    expect(result.counts.errors).toBe(1);
    expect(result.files.find((f: any) => f.issues.some((i: any) => i.severity === 'error')).file).toMatch(
      /account-00077\/risk_register\.yaml$/,
    );
    const one = await runCsp(['validate', 'infohub/account-00077/risk_register.yaml', '--format', 'json'], {
      cwd: repo.dir,
    });
    expect(one.json().files[0].issues).toEqual(
      result.files.find((f: any) => /account-00077\/risk_register/.test(f.file)).issues,
    );
    const status = await runCsp(['status', '--infohub', 'infohub', '--json'], { cwd: repo.dir, timeout: 120_000 });
    expect(status.code, status.stderr).toBe(0);
    expect(status.json().plans).toBe(130);
  });
});
