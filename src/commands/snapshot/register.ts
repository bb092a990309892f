/** `csp snapshot <account>`: registration (options, help, example). */
import type { Command } from 'commander';
import { lazyAction } from '../../cli/action.js';

/** Registers csp snapshot. */
export function registerSnapshot(program: Command): void {
  program
    .command('snapshot')
    .description('save the plan as csp_history/csp_v<N>_<date>.yaml and commit it with the plan (nothing else you staged)')
    .argument('<account>', 'account slug')
    .option('-m, --message <text>', 'what this version is about (csp history shows it)')
    .option('--force', 'take a snapshot even when the plan is the same as the latest one')
    .addHelpText('after', '\nA plan identical to its latest snapshot is not snapshotted again ("nothing changed since v<N>", exit 0) unless --force.\n\nExample:\n  $ csp snapshot acme -m "after the technical evaluation"')
    .action(lazyAction(() => import('./run.js')));
}
