/** `csp status [accounts...]`: registration (options, help, example). */
import type { Command } from 'commander';
import { lazyAction } from '../../cli/action.js';

/** Registers csp status. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('the portfolio: plans by phase, type and health, stale plans, milestones due and overdue, and the plan metrics (adoption, time to plan, on-time milestones, objectives achieved)')
    .argument('[accounts...]', 'account slugs to include (default: every plan of the InfoHub)')
    .option('--as-of <date>', 'the date to compute for, YYYY-MM-DD (default: today)')
    .option('--from-crm <path>', 'a CRM export to compare with: lists the accounts that need a CSP and have none')
    .option('--crm-source <source>', 'with --from-crm: salesforce, salesforce-csv (or csv), maven, or a mapping file (default: detected)')
    .option('--min-arr <usd>', 'a CSP is required above this ARR, in US dollars (default: min_arr_usd in .csp.yaml, else 100000)')
    .addHelpText(
      'after',
      `
Plan adoption counts the accounts that need a CSP (Stage 2+ above the ARR threshold, strategic, or
SA-validated) and have one updated within 60 days; time to plan runs from Stage 2 (or Closed Won) to
the plan's creation.

Examples:
  $ csp status
  $ csp status --as-of 2027-01-31 --from-crm exports/salesforce --json`,
    )
    .action(lazyAction(() => import('./run.js')));
}
