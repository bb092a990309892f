/** `csp draft <account>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, collect, typed, type Program } from '../../cli/action.js';

/** csp draft's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('draft')
    .description(
      "draft a plan's missing sections (objectives, criteria, evaluation, phases, risks, metrics, RACI) with AI or offline; shown as a diff, written on --apply or a yes",
    )
    .argument('<account>', 'account slug')
    .option('--ai', 'use the model (needs ANTHROPIC_API_KEY; the default when the key is set)')
    .option('--offline', 'use the deterministic drafter (playbook + similar accounts), even with a key')
    .option(
      '--sections <list>',
      'only these sections, comma-separated or repeated: objectives, success-criteria, technical-evaluation, adoption-journey, risks, value-metrics, raci',
      collect,
    )
    .option('--apply', 'write the draft without asking')
    .option('--dry-run', 'show the draft and write nothing')
    .addHelpText(
      'after',
      `
Only what is missing is drafted: nothing already in the plan is replaced. Drafted items carry
ai_generated and ai_confidence; meta.generation records the engine, model, inputs and the similar
accounts used. Without --apply, the diff is shown and a terminal asks; otherwise nothing is written.

Examples:
  $ csp draft acme --offline
  $ csp draft acme --sections objectives,risks --apply
  $ ANTHROPIC_API_KEY=... csp draft acme --ai --json`,
    );
}

/** csp draft as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type DraftCli = ReturnType<typeof define>;

/** Registers csp draft. */
export function registerDraft(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
