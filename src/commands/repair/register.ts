/** `csp repair [<account>...]`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp repair's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('repair')
    .description(
      'finish (or roll back) what an interrupted csp left half done, and remove its temp files; any command that changes an account does this first on its own',
    )
    .argument('[accounts...]', 'account slugs (default: every account with an interrupted operation)')
    .addHelpText(
      'after',
      '\nExample:\n  $ csp repair acme\n  $ csp validate   # reports interrupted operations as warnings',
    );
}

/** csp repair as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type RepairCli = ReturnType<typeof define>;

/** Registers csp repair. */
export function registerRepair(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
