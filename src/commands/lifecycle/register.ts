/** The lifecycle commands: develop, finalize, review, approve, handoff (registration only). */
import type { Command } from 'commander';
import { typedAction, typed, type Program, collect } from '../../cli/action.js';

/** csp develop's arguments, flags and help. */
function defineDevelop(program: Program) {
  return program
    .command('develop')
    .description(
      'Stage 3: check the initiate gate, move to develop, scaffold success criteria, the technical evaluation and the playbook milestones; snapshot',
    )
    .argument('<account>', 'account slug')
    .option('--no-snapshot', 'do not snapshot and commit (outside git)')
    .option('--dry-run', 'check the gate and show what would change, without writing')
    .addHelpText('after', '\nExample:\n  $ csp develop acme');
}

/** csp develop as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type DevelopCli = ReturnType<typeof defineDevelop>;

/** csp finalize's arguments, flags and help. */
function defineFinalize(program: Program) {
  return program
    .command('finalize')
    .description(
      'Stage 4: check the develop gate, move to finalize (status pending_review), scaffold value metrics, RACI and cadence; snapshot',
    )
    .argument('<account>', 'account slug')
    .option('--no-snapshot', 'do not snapshot and commit (outside git)')
    .option('--dry-run', 'check the gate and show what would change, without writing')
    .addHelpText(
      'after',
      '\nA plan in finalize must be complete: every section, adoption phases, risks with mitigations, baselined value metrics.\n\nExample:\n  $ csp finalize acme',
    );
}

/** csp finalize as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type FinalizeCli = ReturnType<typeof defineFinalize>;

/** csp review's arguments, flags and help. */
function defineReview(program: Program) {
  return program
    .command('review')
    .description('record a customer review of the plan, and the customer sign-off with --signed-off')
    .argument('<account>', 'account slug')
    .option('--customer <person>', 'the customer who reviewed: a stakeholder id or name')
    .option('--signed-off', 'the customer signed the plan off (a plan becomes active only after this)')
    .option('--notes <text>', 'what was agreed')
    .option('--date <date>', 'the date of the review, YYYY-MM-DD (default: today)')
    .option('--dry-run', 'show the change without writing it')
    .addHelpText(
      'after',
      '\nExamples:\n  $ csp review acme --customer "Sarah Chen" --notes "Agreed sc-1 and sc-2"\n  $ csp review acme --customer sh-2 --signed-off',
    );
}

/** csp review as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type ReviewCli = ReturnType<typeof defineReview>;

/** csp approve's arguments, flags and help. */
function defineApprove(program: Program) {
  return program
    .command('approve')
    .description("record a CSM manager's approval (required where .csp.yaml sets require_manager_approval)")
    .argument('<account>', 'account slug')
    .option('--by <manager>', 'the approving manager')
    .option('--date <date>', 'the date of the approval, YYYY-MM-DD (default: today)')
    .option('--dry-run', 'show the change without writing it')
    .addHelpText('after', '\nExample:\n  $ csp approve acme --by "Dana Ruiz"');
}

/** csp approve as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type ApproveCli = ReturnType<typeof defineApprove>;

/** csp handoff's arguments, flags and help. */
function defineHandoff(program: Program) {
  return program
    .command('handoff')
    .description(
      'Closed Won: hand the plan from the SA to the CA (checklist, open items, ownership); the CA accepts with --accept; snapshot',
    )
    .argument('<account>', 'account slug')
    .option('--to <ca>', 'the CA (Customer/Account manager) taking over')
    .option(
      '--open-item <text>',
      'an open item for the CA (repeatable); open risks and milestones are added',
      collect,
      [],
    )
    .option('--notes <text>', 'handoff notes (internal)')
    .option('--accept', 'as the CA: accept the handoff; the plan moves to execute')
    .option('--by <ca>', 'with --accept or --confirm: who accepts (must be the CA it was handed to)')
    .option(
      '--confirm <item>',
      'as the CA: confirm a checklist item, by its number or words, or "all" (repeatable; with or without --accept)',
      collect,
      [],
    )
    .option(
      '--accept-open <why>',
      'with --accept: accept although checklist items are still open, saying why (recorded)',
    )
    .option(
      '--keep-owners',
      "with --accept: leave the outgoing owner's milestones, actions and risks (in the plan, the action tracker and the risk register) with them (default: they move to the CA)",
    )
    .option('--no-snapshot', 'do not snapshot and commit (outside git)')
    .option('--dry-run', 'show the change without writing it')
    .addHelpText(
      'after',
      '\nExamples:\n  $ csp handoff acme --to "Carl Ortiz" --open-item "Confirm SSO rollout date"\n  $ csp handoff acme --confirm 1 --confirm cadence --by "Carl Ortiz"\n  $ csp handoff acme --accept --by "Carl Ortiz" --confirm all\n  $ csp handoff acme --accept --by "Carl Ortiz" --accept-open "CRM owner change waits for sales ops"',
    );
}

/** csp handoff as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type HandoffCli = ReturnType<typeof defineHandoff>;

/** Registers develop, finalize, review, approve and handoff. */
export function registerLifecycle(program: Command): void {
  typedAction(defineDevelop(typed(program)), () => import('./develop.js'));
  typedAction(defineFinalize(typed(program)), () => import('./finalize.js'));
  typedAction(defineReview(typed(program)), () => import('./review.js'));
  typedAction(defineApprove(typed(program)), () => import('./approve.js'));
  typedAction(defineHandoff(typed(program)), () => import('./handoff.js'));
}
