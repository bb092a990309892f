/**
 * `csp account-plan submit|approve|activate <account>`: read the account plan -> decide the status
 * change (drafting/account-plan.ts planAccountPlanStep) -> write it (refused if it would leave an
 * error) -> report. Reading and writing run under the account's lock (not with --dry-run). --fiscal-year may be left out when the account has exactly one plan.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AccountPlanStepCli } from './register.js';
import { openHub } from '../../infohub/hub.js';
import {
  ACCOUNT_PLAN_STEPS,
  AccountPlanTransitionError,
  accountPlanFileName,
  planAccountPlanStep,
  type AccountPlanStep,
} from '../../drafting/account-plan.js';
import { PreconditionError, UsageError } from '../../errors.js';
import type { AccountPlan } from '../../domain/types.gen.js';
import { docKindOf } from '../../schema/documents.js';
import { readDocument, updateDocument } from '../../storage/documents.js';
import { exists } from '../../storage/files.js';
import { changeAccount } from '../shared/locked.js';
import { parseFiscalYearFlag } from './flags.js';

/** What a step did. */
export interface StepResult {
  account: string;
  file: string;
  fiscalYear: string;
  from: string;
  status: string;
  by: string | null;
  changed: boolean;
}

/** Runs one workflow step. Throws UsageError (bad flags), PreconditionError (no plan, wrong status, the author approving). */
export async function runAccountPlanStep(
  step: AccountPlanStep,
  options: { account: string; fiscalYear?: string; by?: string; dryRun: boolean },
  ctx: AppContext,
): Promise<StepResult> {
  const hub = await openHub(ctx);
  const dir = hub.paths(options.account).accountPlan;
  const plans = exists(dir)
    ? readdirSync(dir)
        .filter((f) => docKindOf(join(dir, f)) === 'account_plan')
        .sort()
    : [];
  let name: string;
  if (options.fiscalYear) {
    name = accountPlanFileName(parseFiscalYearFlag(options.fiscalYear, ctx.clock.now().getFullYear()));
  } else if (plans.length === 1) name = plans[0];
  else {
    throw new UsageError(
      plans.length
        ? `${options.account} has ${plans.length} account plans: say which with --fiscal-year`
        : `${options.account} has no account plan`,
      {
        code: plans.length ? 'missing-flag' : 'no-account-plan',
        hint: plans.length
          ? `one of: ${plans.map((p) => p.replace(/^account_plan_|\.yaml$/g, '')).join(', ')}`
          : `draft one with csp account-plan ${options.account} --fiscal-year FY${ctx.clock.now().getFullYear()}`,
      },
    );
  }
  const file = join(dir, name);
  if (!exists(file))
    throw new PreconditionError(`${hub.display(file)} does not exist`, {
      code: 'no-account-plan',
      hint: `draft it with csp account-plan ${options.account} --fiscal-year ${name.replace(/^account_plan_|\.yaml$/g, '')}`,
    });
  return changeAccount(
    ctx,
    hub,
    options.account,
    `csp account-plan ${step}`,
    async () => {
      const doc = await readDocument<AccountPlan>(file, 'account_plan', hub.store);
      let edits;
      try {
        edits = planAccountPlanStep(doc.data, step, options.by?.trim() || undefined, hub.today);
      } catch (error) {
        if (error instanceof AccountPlanTransitionError)
          throw new PreconditionError(error.message, { code: 'wrong-state', hint: error.hint });
        throw error;
      }
      const result = await updateDocument(doc, edits, hub.store, { dryRun: options.dryRun, requireValid: true });
      return {
        account: options.account,
        file: hub.display(file),
        fiscalYear: doc.data.fiscal_year,
        from: doc.data.status,
        status: ACCOUNT_PLAN_STEPS[step].to,
        by: options.by ?? null,
        changed: result.changed,
      };
    },
    { dryRun: options.dryRun },
  );
}

/** CLI entry for a step. */
export async function main(
  step: AccountPlanStep,
  [account]: ArgsOf<AccountPlanStepCli>,
  options: OptionsOf<AccountPlanStepCli>,
  ctx: AppContext,
): Promise<void> {
  const result = await runAccountPlanStep(
    step,
    { account, fiscalYear: options.fiscalYear, by: options.by, dryRun: options.dryRun ?? false },
    ctx,
  );
  if (ctx.flags.json) {
    ctx.out.data({ ok: true, step, dryRun: options.dryRun ?? false, ...result });
    return;
  }
  ctx.out.result(
    `${result.account} ${result.fiscalYear} account plan: ${result.from} -> ${result.status}${result.by ? ` (by ${result.by})` : ''}${options.dryRun ? ' (dry run: nothing written)' : ''}`,
  );
  const next = (Object.keys(ACCOUNT_PLAN_STEPS) as AccountPlanStep[]).find(
    (s) => ACCOUNT_PLAN_STEPS[s].from === result.status,
  );
  if (next && !options.dryRun)
    ctx.out.info(
      ctx.out.style.dim(
        `next: csp account-plan ${next} ${account} --fiscal-year ${result.fiscalYear}${next === 'approve' ? ' --by "<manager>"' : ''}`,
      ),
    );
}
