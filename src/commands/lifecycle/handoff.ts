/**
 * `csp handoff`: the SA hands the plan to the CA (--to), or the CA accepts it (--accept); both
 * snapshot and commit (domain/lifecycle.ts planHandoff, planAcceptHandoff). See README.md here.
 */
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { AppContext } from '../../cli/context.js';
import type { HandoffCli } from './register.js';
import {
  fileOwnershipMoves,
  ownershipMoves,
  planAcceptHandoff,
  planConfirmHandoff,
  planHandoff,
} from '../../domain/lifecycle.js';
import type { CompanionSpec } from './transition.js';
import { UsageError } from '../../errors.js';
import { gateIssues } from '../../domain/gates.js';
import { askMissing } from '../shared/flags.js';
import { reportTransition, runTransition } from './transition.js';

/**
 * On accept, the open items the outgoing owner held in the action tracker and risk register
 * (hand-added ones too, which csp sync never touches) move to the CA with the plan's (issue 15).
 */
const trackerMoves: CompanionSpec = {
  decide(plan, kind, items) {
    const handoff = plan.handoff;
    if (!handoff?.to) return { edits: [], ids: [] };
    return fileOwnershipMoves(
      plan,
      kind,
      items,
      handoff.from,
      handoff.to,
      ownershipMoves(plan, handoff.from, handoff.to).ids,
    );
  },
  note: (file, ids, plan) =>
    `moved to ${plan.handoff?.to ?? 'the CA'} in ${file} what ${plan.handoff?.from ?? 'the outgoing owner'} held: ${ids.join(', ')} (--keep-owners leaves them)`,
};

/** CLI entry. */
export async function main(
  [account]: ArgsOf<HandoffCli>,
  options: OptionsOf<HandoffCli>,
  ctx: AppContext,
): Promise<void> {
  const dryRun = options.dryRun ?? false;
  const snapshot = options.snapshot;
  const confirm = options.confirm;
  const acceptOpen = options.acceptOpen;
  const accept = options.accept ?? false;
  const keepOwners = options.keepOwners ?? false;
  if (acceptOpen !== undefined && !accept)
    throw new UsageError('--accept-open goes with --accept', {
      hint: `csp handoff ${account} --accept --accept-open "<why>"`,
    });
  if (keepOwners && !accept)
    throw new UsageError('--keep-owners goes with --accept', { hint: `csp handoff ${account} --accept --keep-owners` });
  if (accept || confirm.length > 0) {
    if (options.to)
      throw new UsageError(`${accept ? '--accept' : '--confirm'} and --to do not go together`, {
        hint: `the SA runs csp handoff ${account} --to "<CA>"; the CA then runs csp handoff ${account} --accept`,
      });
    const input = (hub: { today: string }) => ({
      by: options.by,
      date: hub.today,
      confirm,
      ...(acceptOpen !== undefined ? { acceptOpen } : {}),
      keepOwners,
    });
    const result = accept
      ? await runTransition(
          {
            command: 'csp handoff --accept',
            account,
            decide: (plan, _p, hub) => planAcceptHandoff(plan, input(hub), hub.config.requireManagerApproval),
            requireValid: true,
            snapshot,
            dryRun,
            message: 'handoff accepted',
            ...(keepOwners ? {} : { companions: trackerMoves }),
          },
          ctx,
        )
      : await runTransition(
          {
            command: 'csp handoff --confirm',
            account,
            decide: (plan, _p, hub) => planConfirmHandoff(plan, input(hub)),
            requireValid: false,
            snapshot: false,
            dryRun,
          },
          ctx,
        );
    reportTransition(ctx, result, dryRun);
    return;
  }
  const { to } = await askMissing(
    ctx,
    [{ name: 'to', flag: 'to', message: 'Hand off to which CA?', type: 'input' }],
    options,
    `csp handoff ${account} --to "<CA>"`,
  );
  const result = await runTransition(
    {
      command: 'csp handoff',
      account,
      decide: (plan, _p, hub) =>
        planHandoff(plan, {
          to: String(to).trim(),
          date: hub.today,
          openItems: options.openItem,
          notes: options.notes,
        }),
      requireValid: true,
      snapshot,
      dryRun,
      message: `handoff to ${String(to).trim()}`,
      // NOTE: leaving finalize needs the customer's review (SPEC "Lifecycle and gates"); acceptance comes next.
      gate: (after) => gateIssues(after, 'execute').filter((i) => i.code !== 'gate-handoff-accepted'),
    },
    ctx,
  );
  reportTransition(ctx, result, dryRun);
}
