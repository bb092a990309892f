/** `csp init <account>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp init's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('init')
    .description('start a CSP for an account at Stage 2: phase initiate, from the playbook of its plan type')
    .argument('<account>', 'account slug: the folder name (lower-case letters, digits, - and _)')
    .option('--name <name>', "the customer's name (prompted on a terminal)")
    .option('--owner <name>', 'the SA who owns the plan (prompted on a terminal)')
    .option('--owner-email <email>', "the owner's email")
    .option(
      '--plan-type <type>',
      'onboarding, expansion, renewal or recovery (default: config default_plan_type, else onboarding)',
    )
    .option('--stage <stage>', 'opportunity stage: Stage 1-4, Closed Won (default: Stage 2)')
    .option('--arr <usd>', 'ARR of the opportunity in US dollars (250000, 250k, 1.2M)')
    .option('--industry <industry>', 'customer industry')
    .option('--segment <segment>', 'Enterprise, Mid-Market, SMB...')
    .option('--use-case <text>', 'primary use case')
    .option('--background <text>', 'business background from discovery')
    .option('--start <date>', "the plan's start date, YYYY-MM-DD (default: today)")
    .option('--renewal-date <date>', "the contract's renewal date, YYYY-MM-DD (renewal plans count back from it)")
    .option('--strategic', 'a strategic account (a CSP is required whatever the ARR)')
    .option('--from-crm <path>', 'a CRM export (Salesforce sf data tree JSON or CSV, Maven CRM CSVs): file or folder')
    .option('--crm-id <id>', 'the account in the export: its id (AccountRef12) or name')
    .option('--crm-source <source>', 'the export format when it cannot be detected: salesforce, salesforce-csv, maven')
    .option('--dry-run', 'print the plan instead of writing it')
    .addHelpText(
      'after',
      `
Creates <account>/success_plan/csp.yaml (never overwrites) and empty action_tracker.yaml,
risk_register.yaml and decision_log.yaml. Values not given are left as gaps to fill.

Examples:
  $ csp init acme --name "Acme Corp" --owner "Priya Natarajan" --arr 250k --industry Technology
  $ csp init quire-203 --from-crm ../shared/data/sf-apex-recipes --crm-id AccountRef2 --owner "Priya Natarajan"`,
    );
}

/** csp init as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type InitCli = ReturnType<typeof define>;

/** Registers csp init. */
export function registerInit(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
