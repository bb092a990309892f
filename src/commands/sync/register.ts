/** `csp sync [accounts...]`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp sync's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('sync')
    .description(
      "copy each CSP milestone into action_tracker.yaml and each CSP risk into risk_register.yaml, keeping people's own items, fields and comments",
    )
    .argument('[accounts...]', 'account slugs (default: every account of the InfoHub)')
    .option('--check', 'write nothing; exit 1 and list what a sync would change (for CI)')
    .option('--dry-run', 'print what a sync would do, write nothing')
    .option('--force', "on a conflict (an item changed in the CSP and in the file), take the CSP's values")
    .addHelpText(
      'after',
      `
Each synced item is keyed by its source (csp#milestone/ms-1, csp#risk/rk-1). A value changed in
the CSP is copied over; a value changed only in the tracker or register is kept; a value changed
on both sides since the last sync is a conflict: reported (exit 1), not overwritten. Milestones
and risks that left the CSP are marked cancelled / closed, not deleted. A second run writes nothing.

Examples:
  $ csp sync acme
  $ csp sync --dry-run
  $ csp sync --check          # in CI: exit 1 when the trackers are behind the plans`,
    );
}

/** csp sync as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type SyncCli = ReturnType<typeof define>;

/** Registers csp sync. */
export function registerSync(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
