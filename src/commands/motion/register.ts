/** `csp renew` and `csp recover`: an executing plan turns into a renewal or recovery plan (registration). */
import type { Command } from 'commander';
import { typedAction, typed, type Program, collect } from '../../cli/action.js';

/** csp renew's arguments, flags and help. */
function defineRenew(program: Program) {
  return program
    .command('renew')
    .description(
      'start the renewal plan: the plan becomes a renewal plan with the T-120 to T-0 milestones counted back from the renewal date; snapshot',
    )
    .argument('<account>', 'account slug')
    .option(
      '--renewal-date <date>',
      "the contract's renewal date, YYYY-MM-DD (default: customer_context.contract.renewal_date)",
    )
    .option('--no-snapshot', 'do not snapshot and commit (outside git)')
    .option('--dry-run', 'show what would change, without writing')
    .addHelpText(
      'after',
      '\ncsp remind says when at T-120 (120 days before the renewal date).\n\nExample:\n  $ csp renew acme --renewal-date 2027-01-15',
    );
}

/** csp renew as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type RenewCli = ReturnType<typeof defineRenew>;

/** csp recover's arguments, flags and help. */
function defineRecover(program: Program) {
  return program
    .command('recover')
    .description(
      'start a recovery plan: the plan becomes a recovery plan (60 days) with the save plays for the health triggers as actions; snapshot',
    )
    .argument('<account>', 'account slug')
    .option(
      '--trigger <trigger>',
      'the save play to run: health_below_40, usage_drop, ticket_surge, champion_left, competitor_mention, negative_nps (repeatable; default: the triggers that fired)',
      collect,
    )
    .option('--start <date>', 'the first day of the recovery plan, YYYY-MM-DD (default: today)')
    .option('--no-snapshot', 'do not snapshot and commit (outside git)')
    .option('--dry-run', 'show what would change, without writing')
    .addHelpText(
      'after',
      '\ncsp status suggests it when the customer health score is in the red band.\n\nExample:\n  $ csp recover acme --trigger usage_drop',
    );
}

/** csp recover as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type RecoverCli = ReturnType<typeof defineRecover>;

/** Registers csp renew and csp recover. */
export function registerMotion(program: Command): void {
  typedAction(defineRenew(typed(program)), () => import('./renew.js'));
  typedAction(defineRecover(typed(program)), () => import('./recover.js'));
}
