/** `csp export <account>` / `csp export --all`: registration (options, help, examples). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';
import type { ExportFormat } from '../../export/document.js';
import type { Audience } from '../../export/redact.js';
import { AUDIENCE_CHOICES, parseChoice } from '../shared/flags.js';

// NOTE: written out here (checked against the export's type) so that registering the command does
// not load the export modules.
const FORMATS = ['md', 'html', 'pdf', 'json'] as const satisfies readonly ExportFormat[];

/** csp export's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('export')
    .description(
      'the plan as a document: markdown, HTML, PDF or JSON, for the customer (nothing internal in it) or the team',
    )
    .argument('[account]', 'account slug (or --all)')
    .option(
      '--audience <audience>',
      'customer (default: drops every field the schema marks internal) or internal',
      (value): Audience => parseChoice(value, 'audience', AUDIENCE_CHOICES),
    )
    .option(
      '--format <format>',
      'md, html, pdf or json (default: from the -o extension, else md)',
      (value): ExportFormat => parseChoice(value, 'format', FORMATS),
    )
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
    );
}

/** csp export as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type ExportCli = ReturnType<typeof define>;

/** Registers csp export. */
export function registerExport(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
