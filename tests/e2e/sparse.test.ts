/**
 * Sparse clones of one InfoHub (issue 20): a CA who checks out only their accounts (cone mode),
 * and a clone that leaves every csp_history/ out of its working tree (non-cone). Clones are made
 * the way a server-less test can: a local bare remote, `git clone --no-checkout`, `git
 * sparse-checkout set ...`, `git checkout`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, isolatedEnv, runCsp } from '../helpers/cli.js';
import { tempDir, tempRepo } from '../helpers/repo.js';
import { fixturePlan, hubPath } from '../helpers/infohub.js';

const ACCOUNTS = ['acme', 'beta', 'gamma', 'delta'];
const snap = (version: number, date: string) => `${hubPath('acme', 'history')}/csp_v${version}_${date}.yaml`;

/**
 * A bare remote holding four plans; acme has three snapshots, each added by its own commit:
 * v1 the fixture, v2 with a new owner, v3 updated on a later day.
 */
function remote(): { bare: string; versions: string[] } {
  const origin = tempRepo();
  for (const account of ACCOUNTS) origin.write(hubPath(account, 'csp'), fixturePlan(account));
  origin.git('add', '-A');
  origin.git('commit', '-q', '-m', 'four plans');
  const v1 = fixturePlan('acme');
  const v2 = v1.replace('owner: { name: Priya Natarajan, role: SA }', 'owner: { name: Dana Cruz, role: SA }');
  const v3 = v2.replace('updated: "2026-11-02"', 'updated: "2026-11-21"');
  const versions = [v1, v2, v3];
  versions.forEach((text, i) => {
    origin.write(snap(i + 1, `2026-11-${20 + i}`), text);
    origin.write(hubPath('acme', 'csp'), text);
    origin.git('add', '-A');
    origin.git('commit', '-q', '-m', `snapshot v${i + 1}`);
  });
  const bare = join(tempDir('csp-remote-'), 'infohub.git');
  execFileSync('git', ['clone', '-q', '--bare', origin.dir, bare], { env: isolatedEnv(origin.dir) });
  return { bare, versions };
}

/** A clone of the remote with only what `patterns` selects in its working tree. */
function sparseClone(bare: string, patterns: string[], cone: boolean) {
  const dir = join(tempDir('csp-clone-'), 'clone');
  const env = isolatedEnv(dir);
  execFileSync('git', ['clone', '-q', '--no-checkout', bare, dir], { env });
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  git('config', 'user.name', 'Carl Ortiz');
  git('config', 'user.email', 'ca@example.com');
  git('config', 'commit.gpgsign', 'false');
  git('sparse-checkout', 'set', ...(cone ? [] : ['--no-cone']), ...patterns);
  git('checkout', '-q', 'main');
  const csp = (args: string[], env: Record<string, string> = {}) => runCsp(args, { cwd: dir, env });
  return { dir, git, csp, path: (rel: string) => join(dir, rel) };
}

describe('a clone that checks out only some accounts (cone mode)', () => {
  it('runs every command on its accounts, counts the others in the portfolio, validate and remind, and never recreates one', async () => {
    const { bare } = remote();
    const clone = sparseClone(bare, ['infohub/acme', 'infohub/beta'], true);
    expect(existsSync(clone.path(hubPath('gamma', 'csp')))).toBe(false);

    const portfolio = await clone.csp(['status', '--json']);
    expect(portfolio.code, portfolio.stderr).toBe(0);
    expect(portfolio.json()).toMatchObject({ plans: 2, notCheckedOut: 2 });
    const text = await clone.csp(['status']);
    expect(text.stdout).toContain(
      '2 accounts are in git but not checked out here (sparse checkout), so not included: git sparse-checkout add infohub/<account> brings one in',
    );

    const validate = await clone.csp(['validate', '--json']);
    expect(validate.code, validate.stdout).toBe(0);
    expect(validate.json()).toMatchObject({ ok: true, notCheckedOut: 2, counts: { errors: 0 } });
    const remind = await clone.csp(['remind', '--json']);
    expect(remind.code, remind.stderr).toBe(0);
    expect(remind.json()).toMatchObject({ notCheckedOut: 2, skipped: [] });

    for (const args of [
      ['status', 'acme', '--json'],
      ['set', 'acme', 'meta.owner.name', 'Carl Ortiz'],
      [
        'add',
        'stakeholder',
        'beta',
        '--name',
        'Lee Park',
        '--title',
        'CFO',
        '--role',
        'economic_buyer',
        '--side',
        'customer',
      ],
      ['sync', 'acme', 'beta'],
      ['snapshot', 'acme'],
      ['diff', 'acme', 'v1', 'v4'],
      ['restore', 'acme', 'v1', '--yes'],
      ['export', 'acme', '--format', 'json'],
      ['validate', 'infohub/acme', 'infohub/beta'],
    ]) {
      const run = await clone.csp(args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
    const history = await clone.csp(['history', 'acme', '--json']);
    expect(history.json().versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3, 4]);
    expect(clone.git('log', '-1', '--format=%s').trim()).toBe('csp(acme): snapshot v4 in finalize');

    // An account this clone leaves out: a hint that brings it in, and no new plan over the one git holds.
    const absent = await clone.csp(['status', 'gamma']);
    expect(absent.code).toBe(3);
    expect(absent.stderr).toContain('git sparse-checkout add infohub/gamma');
    const init = await clone.csp(['init', 'gamma', '--name', 'Gamma', '--owner', 'Carl Ortiz', '--json']);
    expect(init.code, init.stdout).toBe(3);
    expect(init.json().error).toMatchObject({ code: 'not-checked-out' });
    expect(existsSync(clone.path(hubPath('gamma', 'csp')))).toBe(false);
  });
});

describe('csp import and the CRM portfolio in a clone that checks out one account', () => {
  it('creates no plan git already holds, and counts those accounts as having one', async () => {
    const crm = join(ROOT, 'tests/fixtures/crm/maven-crm');
    const origin = tempRepo();
    const first = await runCsp(['import', crm, '--owner', 'Priya Natarajan', '--json'], { cwd: origin.dir });
    expect(first.code, first.stderr).toBe(0);
    const created = first
      .json()
      .accounts.filter((a: any) => a.action === 'created')
      .map((a: any) => a.account);
    expect(created.length).toBeGreaterThan(2);
    origin.git('add', '-A');
    origin.git('commit', '-q', '-m', 'imported plans');
    const bare = join(tempDir('csp-remote-'), 'infohub.git');
    execFileSync('git', ['clone', '-q', '--bare', origin.dir, bare], { env: isolatedEnv(origin.dir) });
    const clone = sparseClone(bare, [`infohub/${created[0]}`], true);

    const again = await clone.csp(['import', crm, '--owner', 'Carl Ortiz', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const outcome = new Map(
      again
        .json()
        .accounts.filter((a: any) => a.account)
        .map((a: any) => [a.account, a]),
    );
    expect(outcome.get(created[0])).toMatchObject({ action: 'unchanged' });
    for (const account of created.slice(1)) {
      expect(outcome.get(account)).toMatchObject({ action: 'skipped', error: 'not-checked-out' });
      expect(existsSync(clone.path(`infohub/${account}`))).toBe(false);
    }
    const portfolio = await clone.csp(['status', '--from-crm', crm, '--json']);
    expect(portfolio.code, portfolio.stderr).toBe(0);
    expect(portfolio.json()).toMatchObject({ plans: 1, notCheckedOut: created.length - 1, missingPlans: [] });
  });
});

describe('a clone that leaves csp_history/ out of its working tree (non-cone)', () => {
  it('lists, compares and restores versions from git', async () => {
    const { bare, versions } = remote();
    const clone = sparseClone(bare, ['/*', '!csp_history/'], false);
    expect(existsSync(clone.path(hubPath('acme', 'history')))).toBe(false);
    expect(existsSync(clone.path(hubPath('acme', 'csp')))).toBe(true);

    const history = await clone.csp(['history', 'acme', '--json']);
    expect(history.code, history.stderr).toBe(0);
    const hashes = clone.git('log', '--format=%H', '-3').trim().split('\n').reverse();
    expect(history.json().versions.map((v: any) => [v.version, v.date, v.status, v.commit, v.inWorkingTree])).toEqual([
      [1, '2026-11-20', 'pending_review', hashes[0], false],
      [2, '2026-11-21', 'pending_review', hashes[1], false],
      [3, '2026-11-22', 'pending_review', hashes[2], false],
    ]);

    const diff = await clone.csp(['diff', 'acme', 'v1', 'v3', '--json']);
    expect(diff.code, diff.stderr).toBe(0);
    const fields = diff.json().sections.flatMap((s: any) => s.changes.map((c: any) => c.field));
    expect(fields).toEqual(expect.arrayContaining(['owner.name', 'updated']));

    const exported = await clone.csp(['export', 'acme', '--format', 'json', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.json().exported[0].version).toBe(3);

    const restore = await clone.csp(['restore', 'acme', 'v1', '--yes']);
    expect(restore.code, restore.stderr).toBe(0);
    expect(readFileSync(clone.path(hubPath('acme', 'csp')), 'utf8')).toBe(versions[0]);
  });

  it('numbers the next snapshot after those only git holds, and commits it though the working tree leaves its folder out', async () => {
    const { bare, versions } = remote();
    const clone = sparseClone(bare, ['/*', '!csp_history/'], false);
    // The plan as v1 had it: the snapshot differs from v3, the last one.
    writeFileSync(clone.path(hubPath('acme', 'csp')), versions[0]);
    const snapshot = await clone.csp(['snapshot', 'acme', '--json'], { CSP_NOW: '2026-11-23' });
    expect(snapshot.code, snapshot.stderr).toBe(0);
    expect(snapshot.json()).toMatchObject({ version: 4 });
    expect(clone.git('show', '--name-only', '--format=%s', 'HEAD').trim().split('\n')).toEqual([
      'csp(acme): snapshot v4 in finalize',
      '',
      hubPath('acme', 'csp'),
      snap(4, '2026-11-23'),
    ]);
    expect(clone.git('show', `HEAD:${snap(4, '2026-11-23')}`)).toBe(versions[0]);
    expect(clone.git('status', '--porcelain')).toBe('');
    const after = await clone.csp(['history', 'acme', '--json']);
    expect(after.json().versions.map((v: any) => v.version)).toEqual([1, 2, 3, 4]);
  });
});
