/** `csp validate [paths...]`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp validate's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('validate')
    .description(
      'check plans, trackers and registers: JSON Schema, the SPEC guardrails and the phase gate (exit 1 on any error)',
    )
    .argument('[paths...]', 'files or folders to check (default: the whole InfoHub)')
    .option(
      '--format <format>',
      'text, json (same as --json), github (workflow annotations), junit (JUnit XML) or codeclimate (GitLab code quality JSON)',
      'text',
    )
    .option('--strict', 'fail on warnings too')
    .option('--quiet', 'print errors only: no warnings, gaps or summary')
    .option(
      '--staged',
      'check the staged content of staged documents (what git is about to commit), as the pre-commit hook does',
    )
    .option(
      '--changed-since <ref>',
      "check only the documents changed since the merge base of <ref> and HEAD (a pull request's diff), and every plan they affect",
    )
    .addHelpText(
      'after',
      `
Every problem is printed as file:line:col with the rule and the fix. Gaps are what the next phase
will need; they do not fail validation.

Examples:
  $ csp validate                                  # the whole InfoHub
  $ csp validate infohub/acme/success_plan/csp.yaml
  $ csp validate --infohub infohub-example --format json
  $ csp validate --staged                         # what the pre-commit hook runs (csp hook install)
  $ csp validate --changed-since origin/main --format github   # a pull request, in GitHub Actions
  $ csp validate --format codeclimate > gl-code-quality.json   # GitLab's code quality report
  $ csp validate --format junit > csp-junit.xml

In CI, --changed-since needs the ref and its history: git fetch origin main (or fetch-depth: 0).
csp ci github / csp ci gitlab writes a workflow that runs these.`,
    );
}

/** csp validate as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type ValidateCli = ReturnType<typeof define>;

/** Registers csp validate. */
export function registerValidate(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
