/** `csp track-value <account>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp track-value's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('track-value')
    .description(
      'record a dated measurement of a value metric and show its progress from baseline to target (the monthly value review)',
    )
    .argument('<account>', 'account slug')
    .option('--metric <id|name>', 'the value metric (vm-N or its name)')
    .option('--value <n>', 'the measured value')
    .option('--date <date>', 'the date measured, YYYY-MM-DD (default: today)')
    .option('--note <text>', 'where the number comes from')
    .option('--dry-run', 'show the change without writing it')
    .addHelpText(
      'after',
      `
A second measurement on the same date replaces the first. Recording any measurement closes the
month's value-review reminder.

Example:
  $ csp track-value acme --metric vm-1 --value 12 --note "November QBR prep, 3 people"`,
    );
}

/** csp track-value as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type TrackValueCli = ReturnType<typeof define>;

/** Registers csp track-value. */
export function registerTrackValue(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
