/** `csp develop`: initiate -> develop (domain/lifecycle.ts planDevelop), through the shared transition. */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { DevelopCli } from './register.js';
import { planDevelop } from '../../domain/lifecycle.js';
import { reportTransition, runTransition } from './transition.js';

/** CLI entry. */
export async function main(
  [account]: ArgsOf<DevelopCli>,
  options: OptionsOf<DevelopCli>,
  ctx: AppContext,
): Promise<void> {
  const dryRun = options.dryRun ?? false;
  const result = await runTransition(
    {
      command: 'csp develop',
      account,
      decide: (plan, playbook, hub) => planDevelop(plan, playbook, hub.today),
      requireValid: true,
      snapshot: options.snapshot,
      dryRun,
    },
    ctx,
  );
  reportTransition(ctx, result, dryRun);
}
