/** `csp qbr <account>`: registration (options, help, examples). */
import type { Command } from 'commander';
import { lazyAction } from '../../cli/action.js';

/** Registers csp qbr. */
export function registerQbr(program: Command): void {
  program
    .command('qbr')
    .description(
      'the quarterly business review deck: PowerPoint (native charts, talking points as speaker notes), markdown or PDF',
    )
    .argument('<account>', 'account slug')
    .option('--quarter <quarter>', 'the quarter to review, YYYY-Qn (default: the current quarter)')
    .option('--format <format>', 'pptx, md or pdf (default: from the -o extension, else pptx)')
    .option(
      '--audience <audience>',
      'customer (default: nothing internal, same redaction as csp export) or internal (adds the health score)',
    )
    .option('--ebr', 'title it an executive business review')
    .option(
      '-o, --output <file>',
      'the file to write (default: <account>_qbr_<quarter>.<format>; md without -o goes to stdout)',
    )
    .option('--force', 'overwrite the file if it exists')
    .addHelpText(
      'after',
      `
Slides: executive summary, value delivered (baseline -> current -> target), milestones done this
quarter and next quarter's, adoption, risks with mitigations, the renewal timeline (T-120..T-0)
and the asks. The customer deck goes through the schema's redaction, as csp export does.

Examples:
  $ csp qbr acme                                  # acme_qbr_<this quarter>.pptx for the customer
  $ csp qbr acme --quarter 2027-Q1 -o acme-q1.pptx
  $ csp qbr acme --format md                      # markdown on stdout
  $ csp qbr acme --audience internal -o acme-q1-internal.pdf`,
    )
    .action(lazyAction(() => import('./run.js')));
}
