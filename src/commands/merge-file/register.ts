/** `csp merge-file`: registration (arguments, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';
import { UsageError } from '../../errors.js';

/** --marker-size: a positive whole number (git's %L). Throws UsageError (exit 2). */
function markerSizeFlag(value: string): number {
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0))
    throw new UsageError(`--marker-size must be a positive whole number (found "${value}")`);
  return n;
}

/** --after: a process id (a positive whole number). Throws UsageError (exit 2). */
function pidFlag(value: string): number {
  const n = Number(value);
  if (!(Number.isInteger(n) && n > 0)) throw new UsageError(`--after must be a process id (found "${value}")`);
  return n;
}

/** csp merge-file's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('merge-file')
    .description('the git merge driver: merges csp documents by item id and field (csp hook install registers it)')
    .argument('[base]', 'the common ancestor version (git: %O)')
    .argument('[ours]', 'our version; the merged result is written here (git: %A)')
    .argument('[theirs]', 'their version (git: %B)')
    .option(
      '--finish',
      "after a merge or rebase (csp's post-merge, post-rewrite and post-commit hooks): commit the snapshots the driver kept under a new number and the references to the ids it renumbered",
    )
    .option(
      '--after <pid>',
      'with --finish: wait until this git process has exited first (what the driver starts after a stash pop or apply)',
      pidFlag,
    )
    .option('--path <path>', 'the path of the file in the repository (git: %P): tells which kind of document it is')
    .option('--marker-size <n>', 'conflict marker length for the line-by-line fallback (git: %L)', markerSizeFlag)
    .addHelpText(
      'after',
      `
git runs it for csp.yaml, snapshots, action_tracker.yaml, risk_register.yaml, decision_log.yaml,
health_signals.yaml and account plans once csp hook install has registered it in .git/config
and .gitattributes names those files (csp init and csp hook install write the lines).
Items merge by id, fields one by one; ids both sides added are renumbered on our side with their
references; phase and status never move back. A field changed two ways is left between conflict
markers and the exit code is 1. Anything it cannot merge as data is merged by git merge-file.

Examples:
  $ csp merge-file base.yaml ours.yaml theirs.yaml --path infohub/acme/success_plan/csp.yaml
  $ csp merge-file --finish    # what the post-merge, post-rewrite and post-commit hooks run
  $ csp merge-file --finish --after 4242    # the same once git process 4242 has exited (after a stash pop)
  $ csp hook install    # registers it: merge.csp.driver in .git/config, lines in .gitattributes`,
    );
}

/** csp merge-file as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type MergeFileCli = ReturnType<typeof define>;

/** Registers csp merge-file, the git merge driver. */
export function registerMergeFile(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
