/** `csp approve`: a CSM manager's approval (domain/lifecycle.ts planApprove). */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { ApproveCli } from './register.js';
import { planApprove } from '../../domain/lifecycle.js';
import { askMissing, parseDateFlag } from '../shared/flags.js';
import { reportTransition, runTransition } from './transition.js';

/** CLI entry. */
export async function main(
  [account]: ArgsOf<ApproveCli>,
  options: OptionsOf<ApproveCli>,
  ctx: AppContext,
): Promise<void> {
  const { by } = await askMissing(
    ctx,
    [{ name: 'by', flag: 'by', message: 'Approving manager:', type: 'input' }],
    options,
    `csp approve ${account} --by "<manager>"`,
  );
  const dryRun = options.dryRun ?? false;
  const result = await runTransition(
    {
      command: 'csp approve',
      account,
      decide: (plan, _p, hub) =>
        planApprove(plan, String(by).trim(), options.date ? parseDateFlag(options.date, 'date') : hub.today, {
          managers: hub.config.managers,
        }),
      requireValid: false,
      snapshot: false,
      dryRun,
    },
    ctx,
  );
  reportTransition(ctx, result, dryRun);
}
