/**
 * `csp refresh`: read the plan (and the account's health signals) -> decide (domain/refresh.ts:
 * the document) -> write success_plan/csp_artifacts/refresh_<date>.md (refusing to replace one
 * without --force) and meta.last_refresh in the plan, as one transaction under the account's
 * lock -> report where it is and what it found.
 */
import { join } from 'node:path';
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { RefreshCli } from './register.js';
import { openHub, planStore } from '../../infohub/hub.js';
import { set } from '../../domain/edit.js';
import { planRefresh, type Refresh } from '../../domain/refresh.js';
import { scoreHealth } from '../../customer-health/score.js';
import { prepareUpdate } from '../../storage/documents.js';
import { readIfExists } from '../../storage/files.js';
import { transaction } from '../../storage/journal.js';
import { changeAccount } from '../shared/locked.js';
import { PreconditionError } from '../../errors.js';
import { parseDateFlag } from '../shared/flags.js';
import { loadHealthModel, readSignals } from '../shared/health.js';
import { loadPlan } from '../shared/plans.js';

/** Options of csp refresh, normalised. */
export interface RefreshOptions {
  account: string;
  asOf?: string;
  force: boolean;
  dryRun: boolean;
}

/** What csp refresh did. */
export interface RefreshResult {
  account: string;
  file: string;
  replaced: boolean;
  refresh: Refresh;
}

/** Writes the refresh document. Throws PreconditionError when it exists and --force was not given. */
export async function runRefresh(options: RefreshOptions, ctx: AppContext): Promise<RefreshResult> {
  const hub = await openHub(ctx);
  hub.existingAccount(options.account);
  return changeAccount(
    ctx,
    hub,
    options.account,
    'csp refresh',
    async () => {
      const doc = await loadPlan(hub, options.account);
      const asOf = options.asOf ?? hub.today;
      const signals = await readSignals(hub, options.account);
      const health = signals ? scoreHealth(signals, (await loadHealthModel(hub)).model, asOf) : undefined;
      const refresh = planRefresh(doc.data, asOf, health);
      const file = join(hub.paths(options.account).artifacts, `refresh_${asOf}.md`);
      const current = readIfExists(file);
      const replaced = current !== null;
      if (replaced && !options.force) {
        throw new PreconditionError(`${hub.display(file)} already exists`, {
          code: 'file-exists',
          hint: `csp never replaces an artifact unasked: edit it, or run csp refresh ${options.account} --force to write it again`,
        });
      }
      if (!options.dryRun) {
        const plan = await prepareUpdate(doc, [set(['meta', 'last_refresh'], asOf)], planStore(hub, options.account), {
          today: hub.today,
        });
        // NOTE: the artifact and meta.last_refresh are one transaction: a kill halfway is finished by the next command.
        await transaction(
          hub,
          options.account,
          [
            { path: file, before: current, after: refresh.markdown },
            { path: doc.path, before: doc.text, after: plan.text },
          ],
          { command: 'csp refresh' },
        );
      }
      return { account: options.account, file: hub.display(file), replaced, refresh };
    },
    { dryRun: options.dryRun },
  );
}

/** CLI entry: normalise options, run, report. */
export async function main(
  [account]: ArgsOf<RefreshCli>,
  options: OptionsOf<RefreshCli>,
  ctx: AppContext,
): Promise<void> {
  const result = await runRefresh(
    {
      account,
      ...(options.asOf !== undefined ? { asOf: parseDateFlag(options.asOf, 'as-of') } : {}),
      force: options.force ?? false,
      dryRun: options.dryRun ?? false,
    },
    ctx,
  );
  const out = ctx.out;
  if (ctx.flags.json) {
    out.data({ ok: true, dryRun: options.dryRun ?? false, ...result });
    return;
  }
  if (options.dryRun) {
    out.result(result.refresh.markdown);
    out.info('(dry run: nothing was written)');
    return;
  }
  const r = result.refresh;
  out.result(`${result.replaced ? 'Replaced' : 'Wrote'} ${result.file}`);
  out.info(
    `${r.phases.filter((p) => p.state === 'complete').length} of ${r.phases.length} phases complete, ${r.slipped.length} milestone${r.slipped.length === 1 ? '' : 's'} slipped, ${r.risks.length} risk${r.risks.length === 1 ? '' : 's'} to update, ${r.asks.length} ask${r.asks.length === 1 ? '' : 's'}; meta.last_refresh is ${r.asOf}`,
  );
}
