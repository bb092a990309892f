/** `csp status [accounts...]`: registration (options, help, example). */
import type { Command } from 'commander';
import { lazyAction } from '../../cli/action.js';

/** Registers csp status. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('CSP health, customer health score, reminders and escalations for accounts on a date')
    .argument('[accounts...]', 'account slugs')
    .option('--as-of <date>', 'the date to compute for, YYYY-MM-DD (default: today)')
    .addHelpText(
      'after',
      `
For each account: the plan's health (complete / healthy / needs attention / at risk, with every
reason), the customer health score (each component, the inputs it used and where they came
from, the trend against the previous period), the save plays whose triggers fired and, in the
red band, the recovery plan to start; the reminders due; each objective with its decisions.

Examples:
  $ csp status acme
  $ csp status acme globex --as-of 2026-12-01 --json`,
    )
    .action(lazyAction(() => import('./run.js')));
}
