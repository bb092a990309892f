/**
 * `csp status`: with no account, the portfolio (portfolio.ts). With accounts, for now, the
 * portfolio of those accounts.
 */
import type { AppContext } from '../../cli/context.js';

/** CLI entry: dispatches to the portfolio. */
export async function main(args: string[], options: Record<string, unknown>, ctx: AppContext): Promise<void> {
  const portfolio = await import('./portfolio.js');
  await portfolio.main(args, options, ctx);
}
