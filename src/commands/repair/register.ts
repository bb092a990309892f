/** `csp repair [<account>...]`: registration (options, help, example). */
import type { Command } from 'commander';
import { lazyAction } from '../../cli/action.js';

/** Registers csp repair. */
export function registerRepair(program: Command): void {
  program
    .command('repair')
    .description('finish (or roll back) what an interrupted csp left half done, and remove its temp files; any command that changes an account does this first on its own')
    .argument('[accounts...]', 'account slugs (default: every account with an interrupted operation)')
    .addHelpText('after', '\nExample:\n  $ csp repair acme\n  $ csp validate   # reports interrupted operations as warnings')
    .action(lazyAction(() => import('./run.js')));
}
