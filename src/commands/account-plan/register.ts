/** `csp account-plan <account>` and its workflow steps: registration (options, help, examples). */
import type { Command } from 'commander';
import { lazyAction } from '../../cli/action.js';

/** Registers csp account-plan with its submit, approve and activate steps. */
export function registerAccountPlan(program: Command): void {
  const command = program
    .command('account-plan')
    .description('draft a fiscal-year account plan (account_plan/account_plan_FY<year>.yaml) with AI or offline; then submit, approve, activate')
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
    )
    .action(lazyAction(() => import('./run.js')));
  const steps = [
    ['submit', 'send the draft for review: draft -> pending_review'],
    ['approve', "a manager's approval: pending_review -> approved (needs --by, not the author)"],
    ['activate', 'start the year: approved -> active'],
  ] as const;
  for (const [name, description] of steps) {
    command
      .command(name)
      .description(description)
      .argument('<account>', 'account slug')
      .option('--fiscal-year <FY>', 'the fiscal year, FY2026 (optional when the account has one plan)')
      .option('--by <name>', name === 'approve' ? 'the approving manager' : 'who does it')
      .option('--dry-run', 'show the change without writing it')
      .exitOverride()
      .action(lazyAction(() => import('./step.js').then((m) => ({ main: (args, options, ctx) => m.main(name, args, options, ctx) }))));
  }
}
