/** `csp finalize`: develop -> finalize (domain/lifecycle.ts planFinalize), through the shared transition. */
import type { AppContext } from '../../cli/context.js';
import { planFinalize } from '../../domain/lifecycle.js';
import { reportTransition, runTransition } from './transition.js';

/** CLI entry. */
export async function main([account]: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void> {
  const dryRun = options.dryRun === true;
  const result = await runTransition(
    { command: 'csp finalize', account, decide: (plan, playbook, hub) => planFinalize(plan, playbook, hub.today), requireValid: true, snapshot: options.snapshot !== false, dryRun },
    ctx,
  );
  reportTransition(ctx, result, dryRun);
}
