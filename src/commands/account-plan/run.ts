/**
 * `csp account-plan <account> --fiscal-year FY2026`: read (the account's CSP, its health, the
 * other accounts) -> decide (the offline drafter, drafting/account-plan.ts, or the model with a reply
 * checked against schemas/account_plan.schema.json and the account plan rules) -> write a NEW
 * file, account_plan/account_plan_FY2026.yaml, status draft (never overwriting one), with the
 * schema copies, as one transaction under the account's lock (taken after the drafting: a model
 * call is not made holding it) -> report.
 * The plan is a proposal the CSM edits, submits and a manager approves (step.ts).
 */
import { join } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AccountPlanCli } from './register.js';
import { openHub } from '../../infohub/hub.js';
import {
  accountPlanDocument,
  accountPlanFileName,
  draftAccountPlanOffline,
  type AccountPlanContent,
  type FiscalYear,
} from '../../drafting/account-plan.js';
import { draftInputs } from '../../drafting/draft.js';
import { cspHealth } from '../../domain/plan-health.js';
import type { Issue } from '../../domain/issue.js';
import { rankSimilarAccounts } from '../../similarity/similar.js';
import { PreconditionError } from '../../errors.js';
import { loadSchema } from '../../schema/schemas.js';
import { prepareCreate } from '../../storage/documents.js';
import { exists } from '../../storage/files.js';
import { schemaCopyWrites } from '../../storage/infohub.js';
import { transaction } from '../../storage/journal.js';
import { changeAccount } from '../shared/locked.js';
import { checkData } from '../../validation/check.js';
import { readOtherAccounts } from '../shared/accounts.js';
import { askModel, chooseEngine } from '../shared/ai.js';
import { askMissing } from '../shared/flags.js';
import { parseFiscalYearFlag } from './flags.js';
import { loadPlan, loadPlaybook } from '../shared/plans.js';

/** Options of csp account-plan, normalised. */
export interface AccountPlanOptions {
  account: string;
  fiscalYear: FiscalYear;
  ai?: boolean;
  offline?: boolean;
  owner?: string;
  dryRun: boolean;
}

/** What csp account-plan did. */
export interface AccountPlanResult {
  account: string;
  file: string;
  fiscalYear: string;
  engine: 'anthropic' | 'offline';
  offlineReason?: string;
  model: string | null;
  confidence: number;
  objectives: string[];
  similar: string[];
  text: string;
  written: boolean;
  issues: Issue[];
}

/** Drafts and writes the account plan. Throws PreconditionError when it exists (or the account has no CSP), ExternalError (the model). */
export async function runAccountPlan(options: AccountPlanOptions, ctx: AppContext): Promise<AccountPlanResult> {
  const hub = await openHub(ctx);
  const csp = await loadPlan(hub, options.account);
  const plan = csp.data;
  const paths = hub.paths(options.account);
  const file = join(paths.accountPlan, accountPlanFileName(options.fiscalYear));
  const alreadyExists = () =>
    new PreconditionError(`${hub.display(file)} already exists`, {
      code: 'file-exists',
      hint: `csp never overwrites it: edit it, move it on with csp account-plan submit ${options.account} --fiscal-year ${options.fiscalYear.label}, or remove it first (it is in git history)`,
    });
  if (exists(file)) throw alreadyExists();
  const engine = chooseEngine(ctx, hub, options);
  const playbook = await loadPlaybook(hub, plan.meta.plan_type);
  const health = cspHealth(plan, hub.today);
  const similar = rankSimilarAccounts(plan, readOtherAccounts(hub, options.account, plan).candidates);
  const meta = (
    content: AccountPlanContent,
    confidence: number,
    engineName: 'anthropic' | 'offline',
    model: string | null,
  ) =>
    accountPlanDocument(content, {
      account: options.account,
      accountName: plan.meta.account_name,
      fiscalYear: options.fiscalYear,
      createdBy: options.owner?.trim() || plan.meta.owner.name,
      today: hub.today,
      engine: engineName,
      model,
      inputs: [...draftInputs(plan, playbook), `csp health (${health.verdict})`],
      similar,
      confidence,
    });

  let doc;
  if (engine.kind === 'offline') {
    const { content, confidence } = draftAccountPlanOffline({
      plan,
      health,
      similar,
      fiscalYear: options.fiscalYear,
      today: hub.today,
    });
    doc = meta(content, confidence, 'offline', null);
  } else {
    const { accountPlanRequest } = await import('../../ai/account-plan-request.js');
    const request = accountPlanRequest({
      schema: loadSchema('account_plan'),
      cspSchema: loadSchema('csp'),
      plan,
      health,
      similar,
      fiscalYear: options.fiscalYear,
      today: hub.today,
      maxTokens: engine.settings.maxTokens,
    });
    const answer = await askModel(ctx, engine.settings, request, async (input) => {
      const { confidence, ...content } = input as AccountPlanContent & { confidence: number };
      const candidate = meta(content, confidence, 'anthropic', engine.settings.model);
      const errors = (await checkData('account_plan', candidate)).filter((i) => i.severity === 'error');
      return errors.length
        ? { ok: false as const, errors: errors.map((i) => `${i.path || '(document)'}: ${i.message}`) }
        : { ok: true as const, value: { content, confidence } };
    });
    doc = meta(answer.value.content, answer.value.confidence, 'anthropic', answer.reply.model);
  }
  const created = await prepareCreate(file, 'account_plan', doc, hub.store);
  if (!options.dryRun) {
    await changeAccount(ctx, hub, options.account, 'csp account-plan', async () => {
      if (exists(file)) throw alreadyExists();
      await transaction(
        hub,
        options.account,
        [{ path: file, before: null, after: created.text }, ...schemaCopyWrites(hub.root, ['account_plan'])],
        { command: 'csp account-plan' },
      );
    });
  }
  return {
    account: options.account,
    file: hub.display(file),
    fiscalYear: options.fiscalYear.label,
    engine: engine.kind,
    ...(engine.kind === 'offline' ? { offlineReason: engine.reason } : {}),
    model: doc.generation_context?.model ?? null,
    confidence: doc.ai_confidence ?? 0,
    objectives: doc.strategic_objectives.map((o) => `${o.id} (${o.priority}): ${o.objective}`),
    similar: similar.map((s) => s.account),
    text: created.text,
    written: !options.dryRun,
    issues: created.issues,
  };
}

/** Reads --fiscal-year (asked on a terminal, with this year as the default). Throws UsageError. */
async function fiscalYearOption(ctx: AppContext, value: string | undefined, usage: string): Promise<FiscalYear> {
  const year = ctx.clock.now().getFullYear();
  const answers = await askMissing(
    ctx,
    [{ name: 'fiscalYear', flag: 'fiscal-year', message: 'Fiscal year:', type: 'input', default: `FY${year}` }],
    { fiscalYear: value },
    usage,
  );
  return parseFiscalYearFlag(String(answers.fiscalYear), year);
}

/** CLI entry: normalise options, run, report. */
export async function main(
  [account]: ArgsOf<AccountPlanCli>,
  options: OptionsOf<AccountPlanCli>,
  ctx: AppContext,
): Promise<void> {
  const fiscalYear = await fiscalYearOption(
    ctx,
    options.fiscalYear,
    `csp account-plan ${account} --fiscal-year FY${ctx.clock.now().getFullYear()}`,
  );
  const result = await runAccountPlan(
    {
      account,
      fiscalYear,
      ai: options.ai ?? false,
      offline: options.offline ?? false,
      owner: options.owner,
      dryRun: options.dryRun ?? false,
    },
    ctx,
  );
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({ ok: true, ...result });
    return;
  }
  if (options.dryRun) {
    out.document(result.text);
    out.info('(dry run: nothing was written)');
    return;
  }
  if (result.offlineReason && result.offlineReason !== '--offline')
    out.info(out.style.dim(`${result.offlineReason}: drafting offline from the CSP and similar accounts`));
  out.result(`Created ${result.file}`);
  out.info(
    `${result.fiscalYear} account plan of ${account}, status draft, drafted by the ${result.engine === 'anthropic' ? `model ${result.model}` : 'offline drafter'} (confidence ${result.confidence}):`,
  );
  for (const o of result.objectives) out.info(`  ${o}`);
  if (result.similar.length) out.info(out.style.dim(`similar accounts used: ${result.similar.join(', ')}`));
  out.info(
    out.style.dim(`Review and edit it, then: csp account-plan submit ${account} --fiscal-year ${result.fiscalYear}`),
  );
}
