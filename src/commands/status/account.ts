/**
 * `csp status <account>...`: read (the plan, its decision log, its health signals, the health
 * model and the recovery save plays) -> decide (status/account-status.ts) -> report, per account,
 * in text or --json. An account with health signals and no plan shows its customer health (and
 * the recovery plan to start when it is red); an account with neither is an error (exit 3).
 */
import { interruptedOperations, type Interrupted } from './interrupted.js';
import type { AppContext } from '../../cli/context.js';
import type { OptionsOf } from '../../cli/action.js';
import type { StatusCli } from './register.js';
import { openHub, type Hub } from '../../infohub/hub.js';
import { accountStatus, type AccountStatus } from '../../status/account-status.js';
import type { Plan } from '../../domain/plan.js';
import { PlanInvalidError } from '../../errors.js';
import type { DecisionLog } from '../../domain/types.gen.js';
import { exists, readTextFile } from '../../storage/files.js';
import { validateText } from '../../validation/file.js';
import { parseDateFlag } from '../shared/flags.js';
import { loadHealthModel, loadSavePlays, readSignals } from '../shared/health.js';
import { healthDetail, healthHeadline } from '../shared/health-text.js';
import { progressText } from '../../domain/value.js';
import { reminderLines } from '../shared/reminder-text.js';

/** Options of csp status for accounts, normalised. */
export interface AccountStatusOptions {
  accounts: string[];
  asOf?: string;
}

/** What csp status found. */
export interface AccountStatusResult {
  asOf: string;
  model: string;
  accounts: AccountStatus[];
  /** Notes about files that were read only in part (an invalid decision log). */
  warnings: string[];
  /** Operations a killed csp left half done on these accounts (csp repair finishes them). */
  interrupted: Interrupted[];
}

/** Computes the status of each account. Throws PreconditionError for an account with neither plan nor signals, PlanInvalidError for a plan with schema errors. */
export async function runAccountStatus(options: AccountStatusOptions, ctx: AppContext): Promise<AccountStatusResult> {
  const hub = await openHub(ctx);
  const asOf = options.asOf ?? hub.today;
  const { model, file } = await loadHealthModel(hub);
  const savePlays = await loadSavePlays(hub);
  const warnings: string[] = [];
  const accounts: AccountStatus[] = [];
  for (const account of options.accounts) {
    const paths = hub.paths(account);
    const hasSignals = exists(paths.healthSignals);
    if (!hasSignals) hub.existingAccount(account);
    const plan = exists(paths.csp) ? await readPlanChecked(hub, paths.csp) : undefined;
    const decisions =
      plan && exists(paths.decisionLog) ? await readDecisions(hub, paths.decisionLog, warnings) : undefined;
    const signals = hasSignals ? await readSignals(hub, account) : undefined;
    accounts.push(
      accountStatus({
        account,
        asOf,
        plan,
        decisions,
        signals,
        model,
        savePlays,
        reminders: { escalateTo: hub.config.escalateTo },
      }),
    );
  }
  return {
    asOf,
    model: `${model.name} (${hub.display(file)})`,
    accounts,
    warnings,
    interrupted: interruptedOperations(hub, options.accounts),
  };
}

async function readPlanChecked(hub: Hub, path: string): Promise<Plan> {
  const display = hub.display(path);
  const { data, issues } = await validateText(display, readTextFile(path, hub.config.maxFileBytes), 'csp');
  // NOTE: the status of a plan with rule or gate errors is exactly what a person needs to see;
  // only a plan that does not parse or breaks the schema cannot be reasoned about.
  const broken = issues.filter((i) => i.severity === 'error' && (data === undefined || i.code.startsWith('schema-')));
  if (broken.length > 0)
    throw new PlanInvalidError(`${display} cannot be read for csp status`, broken, {
      code: 'plan-invalid',
      hint: `fix it (csp validate ${display} lists every problem), then run csp status ${display.split('/').at(-3) ?? ''}`,
    });
  return data as Plan;
}

async function readDecisions(
  hub: Hub,
  path: string,
  warnings: string[],
): Promise<Pick<DecisionLog, 'decisions'> | undefined> {
  const display = hub.display(path);
  const { data, issues } = await validateText(display, readTextFile(path, hub.config.maxFileBytes), 'decision_log');
  const errors = issues.filter((i) => i.severity === 'error');
  if (errors.length > 0) {
    warnings.push(
      `${display} has ${errors.length} error${errors.length === 1 ? '' : 's'}; decisions are not shown (csp validate ${display})`,
    );
    return undefined;
  }
  return data as DecisionLog;
}

const VERDICT: Record<string, string> = { healthy: 'healthy', needs_attention: 'needs attention', at_risk: 'at risk' };

/** The text report of one account. */
function statusLines(s: AccountStatus, style: AppContext['out']['style']): string[] {
  const lines: string[] = [];
  const p = s.plan;
  lines.push(
    style.bold(`${s.name} (${s.account})`) +
      (p
        ? `: ${p.planType} plan, phase ${p.phase}, ${p.status}, owner ${p.owner} (${p.ownerRole}), updated ${p.updated}`
        : ': no CSP yet'),
  );
  if (s.cspHealth) {
    const h = s.cspHealth;
    const verdict =
      h.verdict === 'at_risk'
        ? style.red(VERDICT[h.verdict])
        : h.verdict === 'needs_attention'
          ? style.yellow(VERDICT[h.verdict])
          : style.green(VERDICT[h.verdict]);
    lines.push(`CSP health: ${verdict}, ${h.complete ? 'complete' : style.yellow('incomplete')}`);
    for (const r of h.reasons)
      lines.push(
        `  - ${r.level === 'at_risk' ? style.red('at risk') : r.level === 'attention' ? style.yellow('attention') : style.dim('incomplete')}: ${r.message}`,
      );
  }
  if (s.proposalBlocked.length > 0) {
    lines.push(
      style.red(
        `Proposal blocked: the plan is at ${s.plan?.stage ?? 'Stage 4'} and incomplete; csp validate fails until it holds:`,
      ),
    );
    for (const b of s.proposalBlocked) lines.push(`  - ${b.what}${style.dim(`  ->  ${b.hint}`)}`);
  }
  if (s.customerHealth) {
    lines.push(healthHeadline(s.customerHealth, style));
    lines.push(...healthDetail(s.customerHealth, style));
  } else {
    lines.push(
      `Customer health: ${style.dim('no signals')} (record them with csp signal ${s.account} ... or csp signal import <dir> --mapping <file>)`,
    );
  }
  for (const t of s.triggers) {
    const play = t.play
      ? `${t.play.play} (${t.play.owner}, within ${t.play.within})`
      : 'no save play in the recovery playbook';
    lines.push(`${style.yellow('Save play')} for ${t.trigger.replace(/_/g, ' ')}: ${play}`);
    lines.push(style.dim(`    because ${t.because.join('; ')}`));
  }
  if (s.recovery) {
    lines.push(style.red(`Recovery plan suggested: ${s.recovery.reason}.`));
    if (s.recovery.plays.length > 0)
      lines.push(
        `    start with: ${s.recovery.plays.map((x) => `${x.play} (${x.owner}, within ${x.within})`).join('; then ')}`,
      );
    lines.push(`    ${s.recovery.command}`);
  }
  if (s.reminders.length > 0) {
    lines.push(`Reminders on ${s.asOf}:`);
    lines.push(...reminderLines(s.reminders, style));
  } else if (p) lines.push(`Reminders on ${s.asOf}: none`);
  if (s.objectives.length > 0) {
    lines.push('Objectives and decisions:');
    for (const o of s.objectives) {
      lines.push(`  ${o.id} ${o.statement}${o.status ? style.dim(` [${o.status}]`) : ''}`);
      for (const d of o.decisions)
        lines.push(`      ${d.id} ${d.date} ${d.decision}${d.status ? style.dim(` (${d.status})`) : ''}`);
    }
  }
  for (const d of s.unlinkedDecisions)
    lines.push(style.yellow(`  decision ${d.id} names ${d.objective}, which is not an objective of the plan`));
  if (s.value.length > 0) {
    lines.push('Value:');
    for (const v of s.value) lines.push(`  ${progressText(v)}`);
  }
  return lines;
}

/** CLI entry: normalise options, run, report. */
export async function main(accounts: string[], options: OptionsOf<StatusCli>, ctx: AppContext): Promise<void> {
  const result = await runAccountStatus(
    { accounts, ...(options.asOf !== undefined ? { asOf: parseDateFlag(options.asOf, 'as-of') } : {}) },
    ctx,
  );
  const out = ctx.out;
  for (const w of [...result.warnings, ...result.interrupted.map((i) => i.message)]) out.warn(w);
  if (ctx.flags.json) {
    out.data({ ok: true, ...result });
    return;
  }
  result.accounts.forEach((s, i) => {
    if (i > 0) out.result('');
    for (const line of statusLines(s, out.style)) out.result(line);
  });
  out.info(out.style.dim(`as of ${result.asOf}; health model: ${result.model}`));
}
