/**
 * `csp status`: the dispatcher. One or more accounts go to the per-account view (account.ts).
 * --as-of and --json mean the same in every view.
 */
import type { AppContext } from '../../cli/context.js';
import { UsageError } from '../../errors.js';

/** CLI entry. */
export async function main(accounts: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void> {
  if (accounts.length === 0) {
    // NOTE: `csp status` with no account is the portfolio view (issue 4, commands/status/portfolio.ts); the lead wires it here at merge.
    throw new UsageError('name one or more accounts', { code: 'missing-argument', hint: 'csp status <account>...' });
  }
  return (await import('./account.js')).main(accounts, options, ctx);
}
