/** `csp qbr <account>`: registration (options, help, examples). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';
import type { Audience } from '../../export/redact.js';
import { AUDIENCE_CHOICES, parseChoice } from '../shared/flags.js';
import type { QbrFormat } from './run.js';

// NOTE: written out here (checked against QbrFormat) so that registering the command does not load run.ts.
const FORMATS = ['pptx', 'md', 'pdf'] as const satisfies readonly QbrFormat[];

/** csp qbr's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('qbr')
    .description(
      'the quarterly business review deck: PowerPoint (native charts, talking points as speaker notes), markdown or PDF',
    )
    .argument('<account>', 'account slug')
    .option('--quarter <quarter>', 'the quarter to review, YYYY-Qn (default: the current quarter)')
    .option(
      '--format <format>',
      'pptx, md or pdf (default: from the -o extension, else pptx)',
      (value): QbrFormat => parseChoice(value, 'format', FORMATS),
    )
    .option(
      '--audience <audience>',
      'customer (default: nothing internal, same redaction as csp export) or internal (adds the health score)',
      (value): Audience => parseChoice(value, 'audience', AUDIENCE_CHOICES),
    )
    .option(
      '--ebr',
      'the executive business review: adds partnership summary, strategic alignment, value over four quarters, sponsors, roadmap, executive asks',
    )
    .option(
      '-o, --output <file>',
      'the file to write (default: <account>_qbr_<quarter>.<format>, _ebr_ with --ebr; md without -o goes to stdout)',
    )
    .option('--force', 'overwrite the file if it exists')
    .addHelpText(
      'after',
      `
Slides: executive summary, value delivered (baseline -> current -> target), milestones done this
quarter and next quarter's, adoption, risks with mitigations, the renewal timeline (T-120..T-0)
and the asks. --ebr builds the executive business review instead: partnership summary, strategic
alignment and direction (with the fiscal year's approved account plan), value this quarter and over
the last four, adoption and engagement, executive sponsor alignment, roadmap alignment, risks, the
renewal outlook and the executive asks. A table too long for one slide continues on the next
("Milestones (2 of 3)"). The customer deck goes through the schema's redaction, as csp export does.

Examples:
  $ csp qbr acme                                  # acme_qbr_<this quarter>.pptx for the customer
  $ csp qbr acme --quarter 2027-Q1 -o acme-q1.pptx
  $ csp qbr acme --format md                      # markdown on stdout
  $ csp qbr acme --audience internal -o acme-q1-internal.pdf
  $ csp qbr acme --ebr --quarter 2027-Q4                # acme_ebr_2027-Q4.pptx`,
    );
}

/** csp qbr as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type QbrCli = ReturnType<typeof define>;

/** Registers csp qbr. */
export function registerQbr(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
