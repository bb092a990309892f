/**
 * `csp recover`: execute-phase plan -> recovery plan (domain/motion.ts planRecovery), through the
 * shared transition (snapshot, commit). The save plays are those of --trigger, else those whose
 * triggers fire on the account's health signals, else the play for a health score under 40.
 */
import type { AppContext } from '../../cli/context.js';
import { openHub } from '../../cli/hub.js';
import { planRecovery } from '../../domain/motion.js';
import { scoreHealth } from '../../health/score.js';
import { firedTriggers, type SavePlay } from '../../health/triggers.js';
import { UsageError } from '../../errors.js';
import { parseDateFlag } from '../shared/flags.js';
import { loadHealthModel, loadSavePlays, readSignals } from '../shared/health.js';
import { loadPlan } from '../shared/plans.js';
import { reportTransition, runTransition } from '../lifecycle/transition.js';

/** Chooses the save plays. Throws UsageError for a trigger the recovery playbook has no play for. */
export async function choosePlays(account: string, triggers: string[], asOfGiven: string | undefined, ctx: AppContext): Promise<SavePlay[]> {
  const hub = await openHub(ctx);
  const asOf = asOfGiven ?? hub.today;
  const plays = await loadSavePlays(hub);
  if (triggers.length > 0) {
    return triggers.map((t) => {
      const play = plays.find((p) => p.trigger === t);
      if (!play) throw new UsageError(`--trigger ${t} has no save play in the recovery playbook`, { code: 'bad-value', hint: `one of: ${plays.map((p) => p.trigger).join(', ')}` });
      return play;
    });
  }
  const signals = await readSignals(hub, account);
  const plan = (await loadPlan(hub, account)).data;
  const { model } = await loadHealthModel(hub);
  const fired = signals ? firedTriggers(scoreHealth(signals, model, asOf), model, plan.stakeholders ?? [], plays, asOf) : [];
  const chosen = fired.map((f) => f.play).filter((p): p is SavePlay => p !== undefined);
  return chosen.length > 0 ? chosen : plays.filter((p) => p.trigger === 'health_below_40');
}

/** CLI entry. */
export async function main([account]: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void> {
  const dryRun = options.dryRun === true;
  const start = options.start !== undefined ? parseDateFlag(String(options.start), 'start') : undefined;
  const plays = await choosePlays(account, (options.trigger as string[] | undefined) ?? [], start, ctx);
  const result = await runTransition(
    {
      command: 'csp recover',
      account,
      playbook: 'recovery',
      decide: (plan, playbook, hub) => planRecovery(plan, playbook, start ?? hub.today, plays),
      requireValid: false,
      snapshot: options.snapshot !== false,
      dryRun,
      message: 'recovery plan started',
    },
    ctx,
  );
  reportTransition(ctx, result, dryRun);
}
