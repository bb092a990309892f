/** `csp review`: a customer review and sign-off (domain/lifecycle.ts planReview). */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { ReviewCli } from './register.js';
import { planReview } from '../../domain/lifecycle.js';
import { askMissing, parseDateFlag } from '../shared/flags.js';
import { reportTransition, runTransition } from './transition.js';

/** CLI entry. */
export async function main(
  [account]: ArgsOf<ReviewCli>,
  options: OptionsOf<ReviewCli>,
  ctx: AppContext,
): Promise<void> {
  const { customer } = await askMissing(
    ctx,
    [
      {
        name: 'customer',
        flag: 'customer',
        message: 'Who at the customer reviewed the plan (stakeholder id or name)?',
        type: 'input',
      },
    ],
    options,
    `csp review ${account} --customer "<name>"`,
  );
  const dryRun = options.dryRun ?? false;
  const result = await runTransition(
    {
      command: 'csp review',
      account,
      decide: (plan, _playbook, hub) =>
        planReview(
          plan,
          {
            customer: String(customer),
            signedOff: options.signedOff ?? false,
            notes: options.notes,
            date: options.date ? parseDateFlag(options.date, 'date') : hub.today,
          },
          hub.config.requireManagerApproval,
        ),
      requireValid: false,
      snapshot: false,
      dryRun,
    },
    ctx,
  );
  reportTransition(ctx, result, dryRun);
}
