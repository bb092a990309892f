/** `csp account-plan <account>` and its workflow steps: registration (options, help, examples). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp account-plan's arguments, flags and help. */
function defineAccountPlan(program: Program) {
  return program
    .command('account-plan')
    .description(
      'draft a fiscal-year account plan (account_plan/account_plan_FY<year>.yaml) with AI or offline; then submit, approve, activate',
    )
    .argument('<account>', 'account slug')
    .option('--fiscal-year <FY>', 'the fiscal year, FY2026 (a fiscal year is the calendar year)')
    .option('--ai', 'use the model (needs ANTHROPIC_API_KEY; the default when the key is set)')
    .option('--offline', 'use the deterministic drafter (the CSP, playbooks and similar accounts), even with a key')
    .option('--owner <name>', "who writes the plan (default: the CSP's owner)")
    .option('--dry-run', 'print the plan instead of writing it')
    .addHelpText(
      'after',
      `
Writes a new file with status draft (never overwrites). The workflow: draft -> submit ->
pending_review -> approve (a manager other than the author) -> approved -> activate -> active.

Examples:
  $ csp account-plan acme --fiscal-year FY2026 --offline
  $ csp account-plan submit acme --fiscal-year FY2026
  $ csp account-plan approve acme --fiscal-year FY2026 --by "Dana Manager"
  $ csp account-plan activate acme --fiscal-year FY2026`,
    );
}

/** csp account-plan as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type AccountPlanCli = ReturnType<typeof defineAccountPlan>;

/** A workflow step's arguments and flags (csp account-plan submit|approve|activate). */
function defineStep(command: AccountPlanCli, name: string, description: string) {
  return command
    .command(name)
    .description(description)
    .argument('<account>', 'account slug')
    .option('--fiscal-year <FY>', 'the fiscal year, FY2026 (optional when the account has one plan)')
    .option('--by <name>', name === 'approve' ? 'the approving manager' : 'who does it')
    .option('--dry-run', 'show the change without writing it')
    .addHelpText(
      'after',
      `\nExample:\n  $ csp account-plan ${name} acme --fiscal-year FY2026${name === 'approve' ? ' --by "Dana Ruiz"' : ''}`,
    )
    .exitOverride();
}

/** A workflow step as commander parses it. */
export type AccountPlanStepCli = ReturnType<typeof defineStep>;

/** Registers csp account-plan with its submit, approve and activate steps. */
export function registerAccountPlan(program: Command): void {
  const command = defineAccountPlan(typed(program));
  typedAction(command, () => import('./run.js'));
  const steps = [
    ['submit', 'send the draft for review: draft -> pending_review'],
    ['approve', "a manager's approval: pending_review -> approved (needs --by, not the author)"],
    ['activate', 'start the year: approved -> active'],
  ] as const;
  for (const [name, description] of steps) {
    typedAction(defineStep(command, name, description), () =>
      import('./step.js').then((m) => ({ main: (args, options, ctx) => m.main(name, args, options, ctx) })),
    );
  }
}
