/** `csp hook install`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp hook and its install subcommand (arguments, flags and help); returns the subcommand. */
function define(program: Program) {
  const hook = program
    .command('hook')
    .description('the git pre-commit hook that blocks commits of invalid plans, and the merge driver')
    .addHelpText('after', '\nExample:\n  $ csp hook install');
  return hook
    .command('install')
    .description(
      'write .git/hooks/pre-commit (csp validate --staged on every commit) and register the merge driver (csp merge-file)',
    )
    .option('--force', "replace a pre-commit hook that is not csp's (it is kept as pre-commit.csp-backup)")
    .option('--chain', 'keep an existing pre-commit hook and run it first (moved to pre-commit.csp-chained)')
    .addHelpText(
      'after',
      `
Where core.hooksPath is set (husky and similar), git ignores .git/hooks: csp hook install then
writes nothing and prints the line to add to your hook manager instead.
A commit is refused when a staged CSP, tracker or register has an error; git commit --no-verify skips it.
It also registers csp merge-file as the merge driver "csp" in .git/config and adds the lines that
attach it to csp's documents to .gitattributes (commit that file): git merge, pull, rebase,
cherry-pick and stash pop then merge plans by item id and field. Run it once in each clone.

Examples:
  $ csp hook install
  $ csp hook install --chain    # keep the hook you already have`,
    );
}

/** csp hook install as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type HookInstallCli = ReturnType<typeof define>;

/** Registers csp hook (install). */
export function registerHook(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
