/** `csp approve`: a CSM manager's approval (domain/lifecycle.ts planApprove). */
import type { AppContext } from '../../cli/context.js';
import { planApprove } from '../../domain/lifecycle.js';
import { askMissing, parseDateFlag } from '../shared/flags.js';
import { reportTransition, runTransition } from './transition.js';

/** CLI entry. */
export async function main([account]: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void> {
  const { by } = await askMissing(ctx, [{ name: 'by', flag: 'by', message: 'Approving manager:', type: 'input' }], options, `csp approve ${account} --by "<manager>"`);
  const dryRun = options.dryRun === true;
  const result = await runTransition(
    { command: 'csp approve', account, decide: (plan, _p, hub) => planApprove(plan, String(by).trim(), options.date ? parseDateFlag(String(options.date), 'date') : hub.today, { managers: hub.config.managers }), requireValid: false, snapshot: false, dryRun },
    ctx,
  );
  reportTransition(ctx, result, dryRun);
}
