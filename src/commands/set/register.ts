/** `csp set <account> <field> <value>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp set's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('set')
    .description('set one scalar field of a plan, checked against the schema (comments and layout are kept)')
    .argument('<account>', 'account slug')
    .argument(
      '<field>',
      'dotted path (customer_context.industry), ids for list items (risks.rk-2.mitigation), or a JSON pointer',
    )
    .argument('<value>', 'the value; "null" clears a field that may be null')
    .option('--dry-run', 'show the change without writing it')
    .addHelpText(
      'after',
      `
Phase, status, sign-off, approval and ids are changed by their commands (develop, finalize,
review, approve, handoff), not by set.

Examples:
  $ csp set acme business_outcomes.current_state "Three tools, no shared health view"
  $ csp set acme technical_evaluation.plan "Two-week sandbox with CRM sync and SSO"
  $ csp set acme technical_evaluation.timeline.start 2026-12-01
  $ csp set acme risks.rk-1.mitigation "Quarterly executive briefing with the CTO"
  $ csp set acme adoption_journey.phases.ph-2.milestones.ms-3.status done`,
    );
}

/** csp set as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type SetCli = ReturnType<typeof define>;

/** Registers csp set. */
export function registerSet(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
