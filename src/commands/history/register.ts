/** `csp history`, `csp diff` and `csp restore`: registration (options, help, examples). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';

/** csp history's arguments, flags and help. */
function defineHistory(program: Program) {
  return program
    .command('history')
    .description(
      "list an account's plan versions: version, date, phase, status, author, commit and message, in commit order",
    )
    .argument('<account>', 'account slug')
    .addHelpText(
      'after',
      '\nVersions are the snapshots in success_plan/csp_history/ (csp snapshot, develop, finalize, handoff).\n\nExample:\n  $ csp history acme',
    );
}

/** csp history as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type HistoryCli = ReturnType<typeof defineHistory>;

/** csp diff's arguments, flags and help. */
function defineDiff(program: Program) {
  return program
    .command('diff')
    .description(
      'compare two versions of a plan section by section: objectives, criteria, milestones and risks by id, owner, phase...',
    )
    .argument('<account>', 'account slug')
    .argument('<from>', 'a version: v<N>, or a snapshot file name when two branches each made v<N>; or working')
    .argument('[to]', 'a version, or working: the current csp.yaml (default: working)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ csp diff acme v1 v3\n  $ csp diff acme v2            # v2 against the working plan\n  $ csp diff acme v1 v2 --json',
    );
}

/** csp diff as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type DiffCli = ReturnType<typeof defineDiff>;

/** csp restore's arguments, flags and help. */
function defineRestore(program: Program) {
  return program
    .command('restore')
    .description('bring a version back as the working plan (csp.yaml), after showing what it replaces')
    .argument('<account>', 'account slug')
    .argument('<version>', 'v<N>, or a snapshot file name')
    .option('-y, --yes', 'replace the working plan without asking (needed when not on a terminal)')
    .option('--dry-run', 'show what would be replaced, write nothing')
    .addHelpText(
      'after',
      '\nThe working plan is replaced byte for byte by the snapshot; nothing is committed. Changes to csp.yaml\nthat no commit holds are lost, and csp says so before it asks.\n\nExamples:\n  $ csp restore acme v2\n  $ csp restore acme v2 --yes   # in a script',
    );
}

/** csp restore as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type RestoreCli = ReturnType<typeof defineRestore>;

/** Registers csp history, csp diff and csp restore. */
export function registerHistory(program: Command): void {
  typedAction(defineHistory(typed(program)), () => import('./history.js'));

  typedAction(defineDiff(typed(program)), () => import('./diff.js'));

  typedAction(defineRestore(typed(program)), () => import('./restore.js'));
}
