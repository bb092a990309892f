/** `csp remind [accounts...]`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp remind's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('remind')
    .description(
      'reminders and escalations due on a date: stale plans, milestones, value reviews, refreshes, customer reviews, the renewal timeline',
    )
    .argument('[accounts...]', 'account slugs (default: every account of the InfoHub)')
    .option('--as-of <date>', 'the date to compute for, YYYY-MM-DD (default: today)')
    .option('--new', 'only the reminders that fire on that date (a daily job posts each once)')
    .option('--upcoming <days>', 'also list what fires in the next days')
    .option('--ics <file>', 'write the reminders (and the next 90 days, or --upcoming) as an iCalendar file')
    .addHelpText(
      'after',
      `
Every reminder is outstanding from the day it fires until it is done or its next step fires;
"new" marks those that fire on the as-of date. Escalations go to .csp.yaml escalate_to (default:
the plan owner's manager). Exit 0 whatever is due: scripts read --json.

Examples:
  $ csp remind
  $ csp remind --as-of 2026-12-01 --new --json      # a daily cron job
  $ csp remind --ics reminders.ics --upcoming 120`,
    );
}

/** csp remind as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type RemindCli = ReturnType<typeof define>;

/** Registers csp remind. */
export function registerRemind(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
