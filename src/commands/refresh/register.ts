/** `csp refresh <account>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp refresh's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('refresh')
    .description(
      'the quarterly refresh: phase completion, what is next, risks to update and QBR talking points, as markdown in csp_artifacts/',
    )
    .argument('<account>', 'account slug')
    .option('--as-of <date>', 'the date of the refresh, YYYY-MM-DD (default: today)')
    .option('--force', 'replace the refresh document of the same date if it exists')
    .option('--dry-run', 'print the document without writing anything')
    .addHelpText(
      'after',
      `
Writes success_plan/csp_artifacts/refresh_<date>.md (never over an existing file unless --force)
and records meta.last_refresh in the plan, which closes the quarterly-refresh reminder. The
document is a starting point: edit it before the QBR.

Example:
  $ csp refresh acme`,
    );
}

/** csp refresh as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type RefreshCli = ReturnType<typeof define>;

/** Registers csp refresh. */
export function registerRefresh(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
