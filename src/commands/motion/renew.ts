/** `csp renew`: execute-phase plan -> renewal plan (domain/motion.ts planRenewal), through the shared transition (snapshot, commit). */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { RenewCli } from './register.js';
import { isIsoDate } from '../../domain/dates.js';
import { TransitionError } from '../../domain/lifecycle.js';
import { planRenewal } from '../../domain/motion.js';
import { parseDateFlag } from '../shared/flags.js';
import { reportTransition, runTransition } from '../lifecycle/transition.js';

/** CLI entry. */
export async function main([account]: ArgsOf<RenewCli>, options: OptionsOf<RenewCli>, ctx: AppContext): Promise<void> {
  const dryRun = options.dryRun ?? false;
  const given = options.renewalDate !== undefined ? parseDateFlag(options.renewalDate, 'renewal-date') : undefined;
  const result = await runTransition(
    {
      command: 'csp renew',
      account,
      playbook: 'renewal',
      decide: (plan, playbook, hub) => {
        const renewal = given ?? plan.customer_context?.contract?.renewal_date;
        if (!isIsoDate(renewal))
          throw new TransitionError(
            `${account} has no renewal date`,
            `pass it: csp renew ${account} --renewal-date YYYY-MM-DD`,
          );
        return planRenewal(plan, playbook, renewal, hub.today);
      },
      requireValid: false,
      snapshot: options.snapshot,
      dryRun,
      message: 'renewal plan started',
    },
    ctx,
  );
  reportTransition(ctx, result, dryRun);
}
