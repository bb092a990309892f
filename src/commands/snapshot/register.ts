/** `csp snapshot <account>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp snapshot's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('snapshot')
    .description(
      'save the plan as csp_history/csp_v<N>_<date>.yaml and commit it with the plan (nothing else you staged)',
    )
    .argument('<account>', 'account slug')
    .option('-m, --message <text>', 'what this version is about (csp history shows it)')
    .option('--force', 'take a snapshot even when the plan is the same as the latest one')
    .addHelpText(
      'after',
      '\nA plan identical to its latest snapshot is not snapshotted again ("nothing changed since v<N>", exit 0) unless --force.\n\nExample:\n  $ csp snapshot acme -m "after the technical evaluation"',
    );
}

/** csp snapshot as commander parses it (see ArgsOf / OptionsOf). */
export type SnapshotCli = ReturnType<typeof define>;

/** Registers csp snapshot. */
export function registerSnapshot(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
