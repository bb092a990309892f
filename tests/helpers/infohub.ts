/**
 * InfoHub content for end-to-end tests: the fixture CSP (tests/fixtures/csp/csp.example.yaml, a
 * full plan in the finalize phase) installed as an account's plan, and empty trackers.
 */
import { readFileSync } from 'node:fs';
import { ROOT } from './cli.js';
import { tempRepo, type TempRepo } from './repo.js';

/** The fixture plan's text with meta.account set to `account`. */
export function fixturePlan(account: string): string {
  return readFileSync(`${ROOT}tests/fixtures/csp/csp.example.yaml`, 'utf8').replace(
    /^ {2}account: techcorp-industries$/m,
    `  account: ${account}`,
  );
}

/** The path of an account's file in the repository's infohub/ folder. */
export function hubPath(account: string, file: 'csp' | 'action_tracker' | 'risk_register' | 'history'): string {
  const dir = `infohub/${account}`;
  return file === 'csp'
    ? `${dir}/success_plan/csp.yaml`
    : file === 'history'
      ? `${dir}/success_plan/csp_history`
      : `${dir}/${file}.yaml`;
}

/** Writes the fixture plan for each account into the repository (not committed). */
export function addAccounts(repo: TempRepo, ...accounts: string[]): void {
  for (const account of accounts) repo.write(hubPath(account, 'csp'), fixturePlan(account));
}

/** A temporary repository with the fixture plan of `account` committed (e2e tests of history and snapshots). */
export function committedPlanRepo(account = 'acme'): TempRepo {
  const repo = tempRepo();
  addAccounts(repo, account);
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', `${account} plan`);
  return repo;
}
