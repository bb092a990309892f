/**
 * `csp handoff`: the SA hands the plan to the CA (--to), or the CA accepts it (--accept); both
 * snapshot and commit (domain/lifecycle.ts planHandoff, planAcceptHandoff). See README.md here.
 */
import type { AppContext } from '../../cli/context.js';
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
export async function main([account]: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void> {
  const dryRun = options.dryRun === true;
  const snapshot = options.snapshot !== false;
  const confirm = (options.confirm as string[] | undefined) ?? [];
  const acceptOpen = options.acceptOpen as string | undefined;
  if (acceptOpen !== undefined && options.accept !== true)
    throw new UsageError('--accept-open goes with --accept', {
      hint: `csp handoff ${account} --accept --accept-open "<why>"`,
    });
  if (options.keepOwners === true && options.accept !== true)
    throw new UsageError('--keep-owners goes with --accept', { hint: `csp handoff ${account} --accept --keep-owners` });
  if (options.accept === true || confirm.length > 0) {
    if (options.to)
      throw new UsageError(`${options.accept === true ? '--accept' : '--confirm'} and --to do not go together`, {
        hint: `the SA runs csp handoff ${account} --to "<CA>"; the CA then runs csp handoff ${account} --accept`,
      });
    const input = (hub: { today: string }) => ({
      by: options.by as string | undefined,
      date: hub.today,
      confirm,
      ...(acceptOpen !== undefined ? { acceptOpen } : {}),
      keepOwners: options.keepOwners === true,
    });
    const result =
      options.accept === true
        ? await runTransition(
            {
              command: 'csp handoff --accept',
              account,
              decide: (plan, _p, hub) => planAcceptHandoff(plan, input(hub), hub.config.requireManagerApproval),
              requireValid: true,
              snapshot,
              dryRun,
              message: 'handoff accepted',
              ...(options.keepOwners === true ? {} : { companions: trackerMoves }),
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
          openItems: (options.openItem as string[] | undefined) ?? [],
          notes: options.notes as string | undefined,
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
