/**
 * `csp recover`: execute-phase plan -> recovery plan (domain/motion.ts planRecovery), through the
 * shared transition (snapshot, commit). The save plays are those of --trigger, else those whose
 * triggers fire on the account's health signals, else the play for a health score under 40.
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { RecoverCli } from './register.js';
import { openHub, type Hub } from '../../infohub/hub.js';
import { planRecovery } from '../../domain/motion.js';
import { scoreHealth } from '../../customer-health/score.js';
import { firedTriggers, type SavePlay } from '../../customer-health/triggers.js';
import type { HealthModel } from '../../customer-health/model.js';
import type { HealthSignals } from '../../customer-health/signals.js';
import type { Stakeholder } from '../../domain/plan.js';
import { UsageError } from '../../errors.js';
import { parseDateFlag } from '../shared/flags.js';
import { loadHealthModel, readSignals } from '../shared/health.js';
import { reportTransition, runTransition } from '../lifecycle/transition.js';

/**
 * Chooses the save plays: those of --trigger, else those whose triggers fire on the account's
 * health signals as of asOf, else the play for a health score under 40 (SPEC "Health and
 * reminders"). Throws UsageError for a trigger the recovery playbook has no play for.
 */
function choosePlays(
  plays: readonly SavePlay[],
  triggers: readonly string[],
  health: { signals: HealthSignals | undefined; model: HealthModel } | undefined,
  stakeholders: readonly Stakeholder[],
  asOf: string,
): { plays: SavePlay[]; note?: string } {
  if (triggers.length > 0) {
    return {
      plays: triggers.map((t) => {
        const play = plays.find((p) => p.trigger === t);
        if (!play)
          throw new UsageError(`--trigger ${t} has no save play in the recovery playbook`, {
            code: 'bad-value',
            hint: `one of: ${plays.map((p) => p.trigger).join(', ')}`,
          });
        return play;
      }),
    };
  }
  const score = health?.signals ? scoreHealth(health.signals, health.model, asOf) : undefined;
  const fired = score ? firedTriggers(score, health!.model, stakeholders, plays, asOf) : [];
  const chosen = fired.map((f) => f.play).filter((p): p is SavePlay => p !== undefined);
  if (chosen.length > 0) return { plays: chosen };
  // NOTE: nothing in the signals calls for a save play: say so before proposing the default one.
  const standing =
    score?.score != null
      ? `customer health ${score.score}${score.band ? ` (${score.band})` : ''} on ${asOf}`
      : 'no health signals to score';
  return {
    plays: plays.filter((p) => p.trigger === 'health_below_40'),
    note: `no save-play trigger fired (${standing}): proposing the default play for a health score under 40; name the reason with --trigger <trigger> (${plays.map((p) => p.trigger).join(', ')})`,
  };
}

/** CLI entry. */
export async function main(
  [account]: ArgsOf<RecoverCli>,
  options: OptionsOf<RecoverCli>,
  ctx: AppContext,
): Promise<void> {
  const dryRun = options.dryRun ?? false;
  const start = options.start !== undefined ? parseDateFlag(options.start, 'start') : undefined;
  const triggers = options.trigger ?? [];
  // NOTE: the plan and the recovery playbook are read once, by the transition, under the lock;
  // only what health needs is read here, and only when --trigger does not choose the plays.
  const health = triggers.length > 0 ? undefined : await readHealth(await openHub(ctx), account);
  const result = await runTransition(
    {
      command: 'csp recover',
      account,
      playbook: 'recovery',
      decide: (plan, playbook, hub) => {
        const asOf = start ?? hub.today;
        const chosen = choosePlays(playbook.save_plays ?? [], triggers, health, plan.stakeholders ?? [], asOf);
        const recovery = planRecovery(plan, playbook, asOf, chosen.plays);
        return chosen.note ? { ...recovery, notes: [chosen.note, ...recovery.notes] } : recovery;
      },
      requireValid: false,
      snapshot: options.snapshot,
      dryRun,
      message: 'recovery plan started',
    },
    ctx,
  );
  reportTransition(ctx, result, dryRun);
}

/** The account's health signals and the team's health model, the model read only when there are signals. */
async function readHealth(
  hub: Hub,
  account: string,
): Promise<{ signals: HealthSignals; model: HealthModel } | undefined> {
  const signals = await readSignals(hub, account);
  return signals ? { signals, model: (await loadHealthModel(hub)).model } : undefined;
}
