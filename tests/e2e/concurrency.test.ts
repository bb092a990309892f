/**
 * Concurrency (issue 8): 2 to 20 csp processes change the same account at once. Every change is
 * in the result, or the process that could not get the account's lock in time failed with exit
 * 3, said so, and changed nothing. Also: snapshots of several accounts commit at once (git's
 * index lock), and a holder that hangs past the stale delay loses its lock and writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, isolatedEnv, runCsp, type CspRun } from '../helpers/cli.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';
import { parseYamlFast } from '../../src/yaml/read.js';

async function hubWith(accounts: string[]): Promise<TempRepo> {
  const repo = tempRepo();
  for (const account of accounts) {
    const run = await runCsp(['init', account, '--name', `Customer ${account}`, '--owner', 'Priya Natarajan'], {
      cwd: repo.dir,
    });
    expect(run.code, run.stderr).toBe(0);
  }
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'plans');
  return repo;
}

function risksOf(repo: TempRepo, account: string): Array<{ id: string; title: string }> {
  const parsed = parseYamlFast(repo.read(`infohub/${account}/success_plan/csp.yaml`));
  expect(parsed.issues).toEqual([]);
  return (parsed.data as { risks?: Array<{ id: string; title: string }> }).risks ?? [];
}

const addRisk = (repo: TempRepo, title: string, env: Record<string, string> = {}) =>
  runCsp(
    [
      'add',
      'risk',
      'acme',
      '--title',
      title,
      '--probability',
      'low',
      '--impact',
      'medium',
      '--mitigation',
      'Weekly check-in',
      '--owner',
      'Priya Natarajan',
    ],
    { cwd: repo.dir, env, timeout: 120_000 },
  );

/** Each run either added its risk (exit 0) or failed cleanly for the lock (exit 3) and added nothing. */
function expectAllOrNothing(runs: CspRun[], titles: string[], risks: Array<{ id: string; title: string }>) {
  runs.forEach((run, i) => {
    const present = risks.filter((r) => r.title === titles[i]).length;
    if (run.code === 0) expect(present, `${titles[i]} was reported added`).toBe(1);
    else {
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain('is being changed by another csp process');
      expect(present, `${titles[i]} failed but is in the plan`).toBe(0);
    }
  });
  const ids = risks.map((r) => r.id);
  expect(new Set(ids).size, 'ids are unique').toBe(ids.length);
}

describe('many csp processes on one account', () => {
  it.each([2, 8, 20])(
    '%i concurrent csp add: every risk is added once, with its own id',
    async (n) => {
      const repo = await hubWith(['acme']);
      const titles = Array.from({ length: n }, (_, i) => `Concurrent risk ${i + 1}`);
      // NOTE: a generous wait: 20 node processes start on 2 cores; each holds the lock for a few ms.
      const runs = await Promise.all(titles.map((t) => addRisk(repo, t, { CSP_LOCK_TIMEOUT_MS: '60000' })));
      const risks = risksOf(repo, 'acme');
      expectAllOrNothing(runs, titles, risks);
      expect(runs.map((r) => r.code)).toEqual(titles.map(() => 0));
      expect(risks).toHaveLength(n);
      expect((await runCsp(['validate'], { cwd: repo.dir })).code).toBe(0);
    },
    180_000,
  );

  it('adds, sets and snapshots at once: all land, snapshot versions are distinct and committed', async () => {
    const repo = await hubWith(['acme']);
    const env = { CSP_LOCK_TIMEOUT_MS: '60000' };
    const titles = Array.from({ length: 6 }, (_, i) => `Mixed risk ${i + 1}`);
    const runs = await Promise.all([
      ...titles.map((t) => addRisk(repo, t, env)),
      ...Array.from({ length: 5 }, (_, i) =>
        runCsp(['snapshot', 'acme', '-m', `snap ${i + 1}`, '--force'], { cwd: repo.dir, env, timeout: 120_000 }),
      ),
      runCsp(['set', 'acme', 'customer_context.industry', 'Technology'], { cwd: repo.dir, env, timeout: 120_000 }),
    ]);
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(risksOf(repo, 'acme')).toHaveLength(6);
    const history = repo.git('ls-files', 'infohub/acme/success_plan/csp_history').trim().split('\n');
    expect(history.map((f) => f.replace(/.*csp_v(\d+)_.*/, '$1')).sort()).toEqual(['1', '2', '3', '4', '5']);
    expect(repo.git('log', '--format=%s').match(/snapshot v\d/g)).toHaveLength(5);
    expect(() => repo.git('fsck', '--no-progress')).not.toThrow();
    expect((await runCsp(['validate'], { cwd: repo.dir })).code).toBe(0);
  }, 180_000);

  it('a process that cannot get the lock in time fails with exit 3 and changes nothing', async () => {
    const repo = await hubWith(['acme']);
    // The holder writes slowly (its write step sleeps 6 s), so it keeps the lock for seconds.
    const holder = addRisk(repo, 'Held risk', { CSP_TEST_SLOW_WRITES: '6000' });
    await waitFor(() => lockExists(repo));
    const titles = Array.from({ length: 5 }, (_, i) => `Impatient risk ${i + 1}`);
    const runs = await Promise.all(titles.map((t) => addRisk(repo, t, { CSP_LOCK_TIMEOUT_MS: '300' })));
    expect((await holder).code).toBe(0);
    const risks = risksOf(repo, 'acme');
    expectAllOrNothing(runs, titles, risks);
    for (const run of runs) {
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/csp add risk, process \d+/);
      expect(run.stderr).toContain('CSP_LOCK_TIMEOUT_MS');
    }
    expect(risks.map((r) => r.title)).toEqual(['Held risk']);
  }, 240_000);
});

describe('locks across accounts and hung holders', () => {
  it('snapshots of six accounts at once all commit (git index lock contention is waited out)', async () => {
    const accounts = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    const repo = await hubWith(accounts);
    const runs = await Promise.all(accounts.map((a) => runCsp(['snapshot', a], { cwd: repo.dir, timeout: 120_000 })));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    expect(repo.git('log', '--format=%s').match(/snapshot v1/g)).toHaveLength(6);
    expect(repo.git('status', '--porcelain')).toBe('');
  }, 240_000);

  it('a holder that hangs past the stale delay loses the lock, and writes nothing when it wakes', async () => {
    const repo = await hubWith(['acme']);
    const env = isolatedEnv(repo.dir, { CSP_TEST_SLOW_WRITES: '1000' });
    const args = [
      'add',
      'risk',
      'acme',
      '--title',
      'Hung risk',
      '--probability',
      'low',
      '--impact',
      'low',
      '--mitigation',
      'm',
      '--owner',
      'Priya Natarajan',
    ];
    const hung = spawn(process.execPath, [BIN, ...args], { cwd: repo.dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const done = new Promise<number | null>((resolve) => hung.on('close', resolve));
    await new Promise<void>((resolve) =>
      hung.stderr.on('data', (d) => ((stderr += d), stderr.includes('csp-test-write') && resolve())),
    );
    hung.kill('SIGSTOP');
    try {
      // Another csp takes the lock over once it is stale (2 s here), and adds its risk.
      const other = await addRisk(repo, 'Fresh risk', { CSP_LOCK_STALE_MS: '2000', CSP_LOCK_TIMEOUT_MS: '20000' });
      expect(other.code, other.stderr).toBe(0);
    } finally {
      hung.kill('SIGCONT');
    }
    expect(await done).toBe(3);
    expect(stderr).toContain('was taken over by another process');
    expect(risksOf(repo, 'acme').map((r) => r.title)).toEqual(['Fresh risk']);
    expect(lockExists(repo)).toBe(false);
  }, 240_000);
});

function lockExists(repo: TempRepo): boolean {
  try {
    readFileSync(join(repo.dir, 'infohub/.csp/locks/acme.lock/owner.json'));
    return true;
  } catch {
    return false;
  }
}

async function waitFor(test: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
