/** `csp site`: registration (options, help, examples). */
import type { Command } from 'commander';
import { typedAction, typed, type Program } from '../../cli/action.js';
import { parseDateFlag } from '../shared/flags.js';

/** csp site's flags and help. */
function define(program: Program) {
  return program
    .command('site')
    .description('the portfolio dashboard and one internal page per account as a static site (for CI to publish)')
    .option('--out <folder>', 'the folder to write the site to (default: public)')
    .option('--as-of <date>', 'the date to compute for, YYYY-MM-DD (default: today)', (value) =>
      parseDateFlag(value, 'as-of'),
    )
    .option('--force', 'write into a folder that has other files (csp site replaces only its own files)')
    .addHelpText(
      'after',
      `
The index is the portfolio dashboard: healthy / at risk / critical shares, average health score,
renewal rate and NRR (from ARR in the health signals a year back), the health distribution
(80-100 Expand, 60-79 Monitor, 40-59 Intervene, 0-39 Save), renewals in the next 120 days,
overdue milestones, plans blocked at Stage 4 and the reminders due this week, with filters by
owner, phase, plan type and health band. Each account gets an internal page (the plan, its Gantt,
value progress, health breakdown and history): publish it only where the team can see it.
Nothing is fetched when the pages are viewed. csp site writes only into an empty folder, a new
one, or a site it wrote before, unless --force.

Examples:
  $ csp site                          # public/index.html
  $ csp site --out site/ --json
  $ csp site --as-of 2026-12-01 --out public`,
    );
}

/** csp site as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type SiteCli = ReturnType<typeof define>;

/** Registers csp site. */
export function registerSite(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
