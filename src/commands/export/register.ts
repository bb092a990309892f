/** `csp export <account>` / `csp export --all`: registration (options, help, examples). */
import type { Command } from 'commander';
import { lazyAction } from '../../cli/action.js';

/** Registers csp export. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'the plan as a document: markdown, HTML, PDF or JSON, for the customer (nothing internal in it) or the team',
    )
    .argument('[account]', 'account slug (or --all)')
    .option('--audience <audience>', 'customer (default: drops every field the schema marks internal) or internal')
    .option('--format <format>', 'md, html, pdf or json (default: from the -o extension, else md)')
    .option(
      '-o, --output <path>',
      'the file to write (default: stdout; pdf needs it); with --all, the folder for one file per account',
    )
    .option('--all', 'export every account of the InfoHub (needs -o <folder>)')
    .option('--force', 'overwrite files that exist')
    .addHelpText(
      'after',
      `
The customer view leaves out every field the schema marks "x-visibility": "internal" (stakeholder
assessments, risk analysis, the handoff, internal notes) and team x- keys. Each export names the
plan version (latest snapshot), the date and the git commit it was made from.
PDF prints the HTML through Chromium (CSP_CHROMIUM or chromium_path in .csp.yaml, else
/usr/bin/chromium); without it, install it: sudo apt-get install chromium.

Examples:
  $ csp export acme                                   # customer markdown on stdout
  $ csp export acme --format html -o acme-plan.html
  $ csp export acme -o acme-plan.pdf                  # format from the extension
  $ csp export acme --audience internal --format md -o acme-internal.md
  $ csp export --all --audience customer --format pdf -o portal/`,
    )
    .action(lazyAction(() => import('./run.js')));
}
