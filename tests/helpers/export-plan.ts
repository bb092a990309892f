/**
 * The plans the export tests render. EXPORT_PLAN is the ONE place the format checks (the Mermaid
 * chart read by Mermaid's parser, the HTML opened in Chromium) take their plan from: point it at
 * an infohub-example account and they run on that. Tests that assert the particular content of
 * the committed fixture (its names, its internal notes) use FIXTURE_PLAN.
 */
import { readFileSync } from 'node:fs';
import { load, CORE_SCHEMA } from 'js-yaml';
import type { Plan } from '../../src/domain/plan.js';
import type { Provenance } from '../../src/export/view.js';
import { ROOT } from './cli.js';
import { tempRepo, type TempRepo } from './repo.js';

/** An account slug and the csp.yaml that holds its plan. */
export interface PlanSource {
  account: string;
  file: string;
}

/** The committed export fixture (tests/fixtures/export/SOURCE.md). */
export const FIXTURE_PLAN: PlanSource = {
  account: 'techcorp-industries',
  file: `${ROOT}tests/fixtures/export/csp.yaml`,
};

/** The provenance the export unit tests render with: a committed version 2 of the plan, exported on 2026-11-22. */
export const EXPORT_PROVENANCE: Provenance = {
  generatedOn: '2026-11-22',
  version: 2,
  commit: 'abc1234',
  uncommitted: false,
  inGit: true,
};

/** The plan the format checks run on. */
export const EXPORT_PLAN: PlanSource = FIXTURE_PLAN;

/** A plan's YAML text. */
export function exportPlanText(source: PlanSource = EXPORT_PLAN): string {
  return readFileSync(source.file, 'utf8');
}

/** A plan's data (a fresh copy each call). */
export function exportPlan(source: PlanSource = EXPORT_PLAN): Plan {
  return load(exportPlanText(source), { schema: CORE_SCHEMA }) as Plan;
}

/** The repository-relative path of an account's plan. */
export function planPath(account: string): string {
  return `infohub/${account}/success_plan/csp.yaml`;
}

/** A temp git repository with the plan at infohub/<account>/success_plan/csp.yaml (plus `extra` files), committed. */
export function exportRepo(extra: Record<string, string> = {}, source: PlanSource = EXPORT_PLAN): TempRepo {
  return tempRepo({ [planPath(source.account)]: exportPlanText(source), ...extra });
}
