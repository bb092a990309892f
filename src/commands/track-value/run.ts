/**
 * `csp track-value`: read the plan -> decide (domain/add.ts builds the measurement and resolves
 * the metric; a measurement already on that date is replaced) -> write the plan (read to write
 * under the account's lock) -> report the
 * metric's progress from baseline to target (domain/value.ts).
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { TrackValueCli } from './register.js';
import { openHub, planStore } from '../../infohub/hub.js';
import { AddError } from '../../domain/add.js';
import type { Plan } from '../../domain/plan.js';
import { planMeasurement, progressText, valueProgress, type ValueProgress } from '../../domain/value.js';
import type { Issue } from '../../domain/issue.js';
import { updateDocument } from '../../storage/documents.js';
import { askMissing, usageFromAddError } from '../shared/flags.js';
import { loadPlan, reportRemaining } from '../shared/plans.js';
import { changeAccount } from '../shared/locked.js';

/** Options of csp track-value, normalised. */
export interface TrackValueOptions {
  account: string;
  metric: string;
  value: string;
  date?: string;
  note?: string;
  dryRun: boolean;
}

/** What csp track-value did. */
export interface TrackValueResult {
  account: string;
  metric: string;
  date: string;
  value: number;
  replaced: boolean;
  changed: boolean;
  progress: ValueProgress;
  issues: Issue[];
}

/** Records the measurement. Throws UsageError for an unknown metric or a bad value or date. */
export async function runTrackValue(options: TrackValueOptions, ctx: AppContext): Promise<TrackValueResult> {
  const hub = await openHub(ctx);
  hub.existingAccount(options.account);
  return changeAccount(
    ctx,
    hub,
    options.account,
    'csp track-value',
    async () => {
      const doc = await loadPlan(hub, options.account);
      let planned;
      try {
        planned = planMeasurement(doc.data, {
          metric: options.metric,
          value: options.value,
          date: options.date,
          note: options.note,
          today: hub.today,
        });
      } catch (error) {
        if (error instanceof AddError) throw usageFromAddError(error);
        throw error;
      }
      const result = await updateDocument<Plan>(doc, planned.edits, planStore(hub, options.account), {
        dryRun: options.dryRun,
        today: hub.today,
      });
      const metric = result.data.value_tracking!.metrics![planned.index];
      return {
        account: options.account,
        metric: metric.id,
        date: planned.item.date,
        value: planned.item.value,
        replaced: planned.replaced,
        changed: result.changed,
        progress: valueProgress(metric, hub.today),
        issues: result.issues,
      };
    },
    { dryRun: options.dryRun },
  );
}

/** CLI entry: normalise options, prompt for what is missing on a terminal, run, report. */
export async function main(
  [account]: ArgsOf<TrackValueCli>,
  options: OptionsOf<TrackValueCli>,
  ctx: AppContext,
): Promise<void> {
  const answers = await askMissing(
    ctx,
    [
      { name: 'metric', flag: 'metric', message: 'Value metric (vm-N):', type: 'input' },
      { name: 'value', flag: 'value', message: 'Value:', type: 'input' },
    ],
    { metric: options.metric, value: options.value },
    `csp track-value ${account} --metric vm-1 --value <n>`,
  );
  const result = await runTrackValue(
    {
      account,
      metric: String(answers.metric),
      value: String(answers.value),
      ...(options.date !== undefined ? { date: options.date } : {}),
      ...(options.note !== undefined ? { note: options.note } : {}),
      dryRun: options.dryRun ?? false,
    },
    ctx,
  );
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({ ok: true, dryRun: options.dryRun ?? false, ...result });
    return;
  }
  const verb = options.dryRun ? 'would record' : result.replaced ? 'replaced the measurement with' : 'recorded';
  out.result(`${result.account} ${result.metric}: ${verb} ${result.value} on ${result.date}`);
  out.result(`  ${progressText(result.progress)}`);
  reportRemaining(
    ctx,
    result.issues.filter((i) => i.severity !== 'info'),
  );
}
