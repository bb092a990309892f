/** `csp review`: a customer review and sign-off (domain/lifecycle.ts planReview). */
import type { AppContext } from '../../cli/context.js';
import { planReview } from '../../domain/lifecycle.js';
import { askMissing, parseDateFlag } from '../shared/flags.js';
import { reportTransition, runTransition } from './transition.js';

/** CLI entry. */
export async function main([account]: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void> {
  const { customer } = await askMissing(ctx, [{ name: 'customer', flag: 'customer', message: 'Who at the customer reviewed the plan (stakeholder id or name)?', type: 'input' }], options, `csp review ${account} --customer "<name>"`);
  const dryRun = options.dryRun === true;
  const result = await runTransition(
    {
      command: 'csp review',
      account,
      decide: (plan, _playbook, hub) =>
        planReview(
          plan,
          { customer: String(customer), signedOff: options.signedOff === true, notes: options.notes as string | undefined, date: options.date ? parseDateFlag(String(options.date), 'date') : hub.today },
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
