/** `csp status [accounts...]`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp status's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('status')
    .description(
      "without an account, the portfolio; with accounts, each plan's health, the customer health score, reminders and decisions on a date",
    )
    .argument('[accounts...]', 'account slugs (none: the portfolio of the whole InfoHub)')
    .option('--as-of <date>', 'the date to compute for, YYYY-MM-DD (default: today)')
    .option(
      '--from-crm <path>',
      'portfolio: a CRM export to compare with, listing the accounts that need a CSP and have none',
    )
    .option(
      '--crm-source <source>',
      'portfolio, with --from-crm: salesforce, salesforce-csv (or csv), maven, or a mapping file (default: detected)',
    )
    .option(
      '--min-arr <usd>',
      'portfolio: a CSP is required above this ARR, in US dollars (default: min_arr_usd in .csp.yaml, else 100000)',
    )
    .addHelpText(
      'after',
      `
The portfolio (no account): plans and ARR by phase, plan type, CSP health and customer health
band; stale plans (30 and 60 days); milestones due within 7 days and overdue; and the plan
metrics: plan adoption (accounts that need a CSP with one updated within 60 days), time to plan
(Stage 2 or Closed Won to the plan's creation), milestones done on time, objectives achieved.

Each account: the plan's health (complete / healthy / needs attention / at risk, with every
reason), the customer health score (each component, the inputs it used and where they came
from, the trend against the previous period), the save plays whose triggers fired and, in the
red band, the recovery plan to start; the reminders due; each objective with its decisions.

Examples:
  $ csp status
  $ csp status --as-of 2027-01-31 --from-crm exports/salesforce --json
  $ csp status acme
  $ csp status acme globex --as-of 2026-12-01 --json`,
    );
}

/** csp status as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type StatusCli = ReturnType<typeof define>;

/** Registers csp status. */
export function registerStatus(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
