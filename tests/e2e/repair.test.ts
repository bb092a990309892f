/**
 * An operation killed halfway is reported by csp validate (a warning; an error with --strict)
 * and finished by csp repair, or by the next command that changes the account (issue 8).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCsp } from '../helpers/cli.js';
import { runAndKill } from '../helpers/faults.js';
import { tempRepo, type TempRepo } from '../helpers/repo.js';

async function interruptedSnapshot(): Promise<TempRepo> {
  const repo = tempRepo();
  expect(
    (await runCsp(['init', 'acme', '--name', 'Acme Corp', '--owner', 'Priya Natarajan'], { cwd: repo.dir })).code,
  ).toBe(0);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'plan');
  // Killed while it sleeps before the commit: the snapshot file is written, the commit is not.
  const run = await runAndKill(['snapshot', 'acme', '-m', 'before the QBR'], {
    cwd: repo.dir,
    slowMs: 3000,
    atStep: 3,
    delayMs: 200,
  });
  expect(run.killed).toBe(true);
  expect(run.steps).toEqual(['rename acme.json', 'write csp_v1_2026-11-22.yaml', 'rename csp_v1_2026-11-22.yaml']);
  return repo;
}

describe('interrupted operations', () => {
  it('validate warns (exit 0), fails with --strict, and lists it in JSON; repair finishes it', async () => {
    const repo = await interruptedSnapshot();
    const text = await runCsp(['validate'], { cwd: repo.dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('infohub/.csp/journal/acme.json: warning csp snapshot on acme was interrupted');
    expect(text.stdout).toContain('run csp repair acme');
    expect((await runCsp(['validate', '--strict'], { cwd: repo.dir })).code).toBe(1);
    const json = (await runCsp(['validate', '--json'], { cwd: repo.dir })).json();
    expect(json.interrupted).toMatchObject([{ code: 'interrupted-operation', severity: 'warning' }]);
    // csp status says so too, in the account view and in the portfolio.
    const status = await runCsp(['status', 'acme'], { cwd: repo.dir });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stderr).toContain('acme: csp snapshot was interrupted');
    expect(status.stderr).toContain('run csp repair acme');
    const portfolio = await runCsp(['status', '--json'], { cwd: repo.dir });
    expect(portfolio.json().interrupted).toMatchObject([{ account: 'acme', command: 'csp snapshot' }]);

    const recover = await runCsp(['repair', '--json'], { cwd: repo.dir });
    expect(recover.code, recover.stderr).toBe(0);
    expect(recover.json().accounts).toMatchObject([
      { account: 'acme', outcome: 'finished', recovery: { command: 'csp snapshot' } },
    ]);
    expect(repo.git('log', '-1', '--format=%s')).toContain('csp(acme): snapshot v1 in initiate - before the QBR');
    expect(repo.git('status', '--porcelain')).toBe('');
    expect(existsSync(join(repo.dir, 'infohub/.csp/journal'))).toBe(false);
    expect(existsSync(join(repo.dir, 'infohub/.csp/locks'))).toBe(false);
    expect((await runCsp(['validate', '--strict'], { cwd: repo.dir })).code).not.toBe(1);
    expect((await runCsp(['repair'], { cwd: repo.dir })).stdout).toContain('nothing to repair');
  }, 240_000);

  it('the next command on the account finishes it first, and says so', async () => {
    const repo = await interruptedSnapshot();
    const add = await runCsp(
      [
        'add',
        'risk',
        'acme',
        '--title',
        'Next',
        '--probability',
        'low',
        '--impact',
        'low',
        '--mitigation',
        'm',
        '--owner',
        'Priya Natarajan',
      ],
      { cwd: repo.dir },
    );
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toMatch(
      /warning: finished an interrupted csp snapshot on acme \(started .*\): infohub\/acme\/success_plan\/csp_history\/csp_v1_2026-11-22\.yaml, commit [0-9a-f]{8}/,
    );
    expect(repo.git('log', '--format=%s')).toContain('snapshot v1');
  }, 240_000);

  it('rolls back when the commit cannot be made any more', async () => {
    const repo = await interruptedSnapshot();
    repo.git('config', '--unset', 'user.email');
    repo.git('config', '--unset', 'user.name');
    const recover = await runCsp(['repair'], { cwd: repo.dir, env: { GIT_AUTHOR_NAME: '', EMAIL: '' } });
    expect(recover.code, recover.stderr).toBe(0);
    expect(recover.stdout).toMatch(/rolled back an interrupted csp snapshot on acme .*git failed/);
    expect(existsSync(join(repo.dir, 'infohub/acme/success_plan/csp_history/csp_v1_2026-11-22.yaml'))).toBe(false);
    expect(repo.git('log', '--format=%s')).not.toContain('snapshot');
  }, 240_000);
});
