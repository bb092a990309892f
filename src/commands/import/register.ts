/** `csp import <file|dir>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';
import { PLAN_TYPES } from '../../domain/plan.js';
import { UsageError } from '../../errors.js';
import { parseChoice } from '../shared/flags.js';

/** --min-arr as given (runImport reads the amount); an empty value is refused here. */
function minArrFlag(value: string): string {
  if (value.trim() === '') throw new UsageError('--min-arr needs an amount in US dollars, like 100000');
  return value;
}

/** csp import's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('import')
    .description(
      "create a CSP for every account of a CRM export that the SPEC's trigger requires, and keep the CRM's fields of existing plans current",
    )
    .argument('<path>', 'the export folder, or any file in it (data-plan.json, Accounts.csv, sales_pipeline.csv...)')
    .option(
      '--source <source>',
      'the export format: salesforce, salesforce-csv (or csv), maven, or a mapping file (default: detected)',
    )
    .option(
      '--min-arr <usd>',
      'a CSP is required above this ARR, in US dollars (default: min_arr_usd in .csp.yaml, else 100000)',
      minArrFlag,
    )
    .option('--strategic <file>', 'strategic accounts (one id or name a line): each gets a CSP whatever its ARR')
    .option(
      '--owner <name>',
      "owner of the new plans (the SA; the CA for Closed Won accounts); default: the CRM's owner of the deal (Maven sales_agent, Salesforce Owner.Name, or OwnerId named by --users)",
    )
    .option(
      '--users <file>',
      "the CRM's Users export (CSV with Id and Name columns, or sf data query --json): names the deals' owners the export gives by id only (Salesforce OwnerId)",
    )
    .option(
      '--plan-type <type>',
      'plan type of new plans for new customers: onboarding, expansion, renewal, recovery (accounts with won deals and an open one get expansion)',
      (value) => parseChoice(value, 'plan-type', PLAN_TYPES),
    )
    .option('--dry-run', 'decide and report, without writing')
    .addHelpText(
      'after',
      `
A CSP is required at Stage 2 or later with ARR above the threshold, for an SA-validated technical
evaluation, and for a strategic account (SPEC "Lifecycle and gates"). A new plan starts in the
phase its stage implies (Stage 2 initiate, Stage 3 develop, Stage 4 finalize, Closed Won execute);
what only a person can write is reported as backfill warnings until the next lifecycle command.
Running the import again updates what the CRM owns (stage, ARR, dates, contacts) and nothing else.
Rows the export gets wrong are reported with file:line, and the import goes on.

A new plan's owner is --owner, else the deal's owner in the CRM: Maven's sales_agent; Salesforce's
Owner.Name, or its OwnerId named through the org's Users export (--users), made with
  sf data query --query "SELECT Id, Name FROM User" --result-format csv > users.csv

Examples:
  $ csp import exports/salesforce --owner "Priya Natarajan" --dry-run
  $ csp import exports/salesforce --users exports/users.csv
  $ csp import exports/maven/sales_pipeline.csv --owner "Priya Natarajan" --strategic strategic.txt --json`,
    );
}

/** csp import as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type ImportCli = ReturnType<typeof define>;

/** Registers csp import. */
export function registerImport(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
