/**
 * The plan the export tests render, taken from ONE place: point EXPORT_PLAN at another plan
 * (an infohub-example account, say) and every export test, the Mermaid check included, runs on it.
 */
import { readFileSync } from 'node:fs';
import { load, CORE_SCHEMA } from 'js-yaml';
import type { Plan } from '../../src/domain/plan.js';
import { ROOT } from './cli.js';
import { tempRepo, type TempRepo } from './repo.js';

/** The account slug and the csp.yaml of the plan the export tests use. */
export const EXPORT_PLAN = {
  account: 'techcorp-industries',
  file: `${ROOT}tests/fixtures/export/csp.yaml`,
};

/** The plan's YAML text. */
export function exportPlanText(): string {
  return readFileSync(EXPORT_PLAN.file, 'utf8');
}

/** The plan's data (a fresh copy each call). */
export function exportPlan(): Plan {
  return load(exportPlanText(), { schema: CORE_SCHEMA }) as Plan;
}

/** The InfoHub-relative path of an account's plan. */
export function planPath(account: string): string {
  return `infohub/${account}/success_plan/csp.yaml`;
}

/** A temp git repository with the plan at infohub/<account>/success_plan/csp.yaml, committed. */
export function exportRepo(extra: Record<string, string> = {}): TempRepo {
  return tempRepo({ [planPath(EXPORT_PLAN.account)]: exportPlanText(), ...extra });
}
