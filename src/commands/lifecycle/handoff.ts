/**
 * `csp handoff`: the SA hands the plan to the CA (--to), or the CA accepts it (--accept); both
 * snapshot and commit (domain/lifecycle.ts planHandoff, planAcceptHandoff). See README.md here.
 */
import type { AppContext } from '../../cli/context.js';
import { planAcceptHandoff, planHandoff } from '../../domain/lifecycle.js';
import { UsageError } from '../../errors.js';
import { gateIssues } from '../../domain/gates.js';
import { askMissing } from '../shared/flags.js';
import { reportTransition, runTransition } from './transition.js';

/** CLI entry. */
export async function main([account]: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void> {
  const dryRun = options.dryRun === true;
  const snapshot = options.snapshot !== false;
  if (options.accept === true) {
    if (options.to) throw new UsageError('--accept and --to do not go together', { hint: `the SA runs csp handoff ${account} --to "<CA>"; the CA then runs csp handoff ${account} --accept` });
    const result = await runTransition(
      { command: 'csp handoff --accept', account, decide: (plan, _p, hub) => planAcceptHandoff(plan, options.by as string | undefined, hub.today, hub.config.requireManagerApproval), requireValid: true, snapshot, dryRun, message: 'handoff accepted' },
      ctx,
    );
    reportTransition(ctx, result, dryRun);
    return;
  }
  const { to } = await askMissing(ctx, [{ name: 'to', flag: 'to', message: 'Hand off to which CA?', type: 'input' }], options, `csp handoff ${account} --to "<CA>"`);
  const result = await runTransition(
    {
      command: 'csp handoff',
      account,
      decide: (plan, _p, hub) => planHandoff(plan, { to: String(to).trim(), date: hub.today, openItems: (options.openItem as string[] | undefined) ?? [], notes: options.notes as string | undefined }),
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
