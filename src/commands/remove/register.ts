/** `csp remove <kind> <account> <id>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp remove's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('remove')
    .description(
      'remove one item from a plan (or a decision from the decision log), keeping comments and layout; refused while other items refer to it',
    )
    .argument(
      '<kind>',
      'stakeholder, objective, key-result, criterion, phase, milestone, action, risk, metric, measurement, resource, raci, decision',
    )
    .argument('<account>', 'account slug')
    .argument(
      '<id>',
      'the item: its id (ms-3, rk-2, sh-4...); a measurement as <metric>@<date> (vm-1@2026-12-31); a resource by its text or number; a RACI row by its activity',
    )
    .option(
      '--cascade',
      "also remove what refers to it: actions' depends_on entries, value metrics' linked_to, decisions' objective and links, a phase's milestones and actions (owners must be reassigned first)",
    )
    .option('--date <date>', 'measurement: the date of the one to remove, YYYY-MM-DD')
    .option('--dry-run', 'show what would be removed without writing it')
    .addHelpText(
      'after',
      `
An item other items refer to is not removed (exit 3): csp lists the references. --cascade removes
them with it; a stakeholder who still owns items is reassigned first with csp set. Synced copies
in action_tracker.yaml and risk_register.yaml are marked cancelled / closed by the next csp sync.

Examples:
  $ csp remove risk acme rk-2
  $ csp remove milestone acme ms-3 --cascade --dry-run
  $ csp remove measurement acme vm-1@2026-12-31
  $ csp remove decision acme dec-4 --json`,
    );
}

/** csp remove as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type RemoveCli = ReturnType<typeof define>;

/** Registers csp remove. */
export function registerRemove(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
