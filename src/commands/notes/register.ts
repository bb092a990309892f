/** `csp notes <account> <file>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, typed, collect, type Program } from '../../cli/action.js';

/** csp notes' arguments, flags and help. */
function define(program: Program) {
  return program
    .command('notes')
    .description(
      'turn meeting notes or a transcript into proposed plan updates: decisions, actions, risks, milestone status, stakeholder changes',
    )
    .argument('<account>', 'account slug')
    .argument(
      '<file>',
      'the notes: WebVTT, SRT, "Speaker: text" (timestamps or not), Markdown, DOCX or QMSum JSON, told by content',
    )
    .option('--ai', 'use the model (needs ANTHROPIC_API_KEY; the default when the key is set)')
    .option('--offline', 'use the rule-based extractor, even with a key')
    .option('--apply', 'accept every proposed update and write it')
    .option('--accept <ids>', 'accept only these updates (n-1,n-3), comma-separated or repeated', collect)
    .option('--date <date>', "the meeting's date, YYYY-MM-DD (default: a Date: line in the notes, else today)")
    .option('--dry-run', 'show the proposal and the diff, write nothing')
    .addHelpText(
      'after',
      `
Decisions go to decision_log.yaml, action items to action_tracker.yaml, risks, milestone status
and stakeholder changes to csp.yaml. Every update is shown with the words of the notes it comes
from; nothing is written without --apply, --accept or a yes at a prompt. Instructions written in
the notes are treated as what was said, never obeyed.

Examples:
  $ csp notes acme meetings/2026-11-20-weekly.md
  $ csp notes acme meetings/2026-11-20-weekly.md --accept n-1,n-3
  $ csp notes acme transcript.json --offline --apply --json`,
    );
}

/** csp notes as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type NotesCli = ReturnType<typeof define>;

/** Registers csp notes. */
export function registerNotes(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
