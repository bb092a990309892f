/**
 * `csp status`: the dispatcher. With no account, the portfolio of the InfoHub (portfolio.ts);
 * with one or more accounts, the per-account view (account.ts). --as-of and --json mean the same
 * in both.
 */
import type { AppContext } from '../../cli/context.js';
import type { ArgsOf, OptionsOf } from '../../cli/action.js';
import type { StatusCli } from './register.js';
import { UsageError } from '../../errors.js';

/** CLI entry. */
export async function main(
  [accounts]: ArgsOf<StatusCli>,
  options: OptionsOf<StatusCli>,
  ctx: AppContext,
): Promise<void> {
  if (accounts.length === 0) return (await import('./portfolio.js')).main(accounts, options, ctx);
  for (const flag of ['fromCrm', 'crmSource', 'minArr'] as const) {
    if (options[flag] !== undefined)
      throw new UsageError(
        `--${flag.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())} goes with the portfolio (csp status without an account)`,
        { code: 'bad-flag' },
      );
  }
  return (await import('./account.js')).main(accounts, options, ctx);
}
