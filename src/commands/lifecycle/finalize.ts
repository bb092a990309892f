/** `csp finalize`: develop -> finalize (domain/lifecycle.ts planFinalize), through the shared transition. */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { FinalizeCli } from './register.js';
import { planFinalize } from '../../domain/lifecycle.js';
import { reportTransition, runTransition } from './transition.js';

/** CLI entry. */
export async function main(
  [account]: ArgsOf<FinalizeCli>,
  options: OptionsOf<FinalizeCli>,
  ctx: AppContext,
): Promise<void> {
  const dryRun = options.dryRun ?? false;
  const result = await runTransition(
    {
      command: 'csp finalize',
      account,
      decide: (plan, playbook, hub) => planFinalize(plan, playbook, hub.today),
      requireValid: true,
      snapshot: options.snapshot,
      dryRun,
    },
    ctx,
  );
  reportTransition(ctx, result, dryRun);
}
