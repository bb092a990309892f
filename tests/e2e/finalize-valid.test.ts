/**
 * csp finalize requires a valid plan (issue 19, a surviving mutant: finalize with requireValid
 * false): an error already in the plan, one the transition does not introduce, still refuses it
 * (exit 1, the plan byte for byte as it was, no commit), while the same plan without it finalizes.
 */
import { describe, expect, it } from 'vitest';
import { runCsp } from '../helpers/cli.js';
import { exportRepo, planPath, FIXTURE_PLAN } from '../helpers/export-plan.js';

const account = FIXTURE_PLAN.account;

describe('csp finalize on a plan with an error it does not introduce', () => {
  it('refuses it and changes nothing; without the error it finalizes', async () => {
    const repo = exportRepo();
    const good = repo.read(planPath(account)).replace(/^( {2}phase:) .*$/m, '$1 develop');
    const bad = good.replace(/^( {2}industry:) Technology$/m, '$1 42');
    expect(bad).not.toBe(good);
    repo.write(planPath(account), bad);
    repo.git('commit', '-qam', 'develop, with a wrong industry');
    const refused = await runCsp(['finalize', account], { cwd: repo.dir });
    expect(refused.code, refused.stderr).toBe(1);
    expect(refused.stderr).toContain('industry must be string');
    expect(repo.read(planPath(account))).toBe(bad);
    expect(repo.git('log', '--format=%s').trim().split('\n')).toHaveLength(2);

    repo.write(planPath(account), good);
    const done = await runCsp(['finalize', account], { cwd: repo.dir });
    expect(done.code, done.stderr).toBe(0);
    expect(repo.read(planPath(account))).toMatch(/^ {2}phase: finalize/m);
  });
});
