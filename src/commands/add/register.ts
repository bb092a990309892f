/** `csp add <kind> <account>`: registration (options, help, example). */
import type { Command } from 'commander';
import { typedAction, collect, typed, type Program } from '../../cli/action.js';

/** csp add's arguments, flags and help. */
function define(program: Program) {
  return program
    .command('add')
    .description('add one item to a plan with a stable id, and print the id')
    .argument(
      '<kind>',
      'stakeholder, objective, key-result, criterion, phase, milestone, action, risk, metric, measurement, resource, raci, decision',
    )
    .argument('<account>', 'account slug')
    .option('--name <name>', 'stakeholder, phase or metric name')
    .option('--title <title>', "stakeholder's job title; milestone or risk title")
    .option(
      '--role <role>',
      'stakeholder role (champion, executive_sponsor, technical_buyer, economic_buyer, admin, end_user, SA, CA, AE...); for raci: role=R|A|C|I, repeatable',
      collect,
    )
    .option('--side <side>', 'stakeholder side: customer or vendor')
    .option('--email <email>', "stakeholder's email")
    .option('--engagement <level>', 'stakeholder engagement: high, medium, low')
    .option('--relationship-score <n>', 'stakeholder relationship score, 0-100')
    .option('--assessment <text>', 'internal assessment of the stakeholder (never shown to the customer)')
    .option('--statement <text>', 'objective: a SMART statement')
    .option('--objective <id>', 'key result or decision: the objective it belongs to (obj-N)')
    .option(
      '--metric <text>',
      "key result (or an objective's first key result): what is measured; measurement: the value metric (vm-N)",
    )
    .option('--unit <unit>', 'unit of a key result or metric (days, percent, count, USD...)')
    .option('--baseline <value>', 'the value today')
    .option('--target <value>', 'the value to reach')
    .option('--criterion <text>', 'success criterion')
    .option('--measurement <text>', 'success criterion: how it is measured')
    .option('--due <date>', 'due date, YYYY-MM-DD')
    .option('--phase <id|name>', 'milestone or action: its adoption phase (ph-N or name)')
    .option('--start <date>', 'phase start, YYYY-MM-DD')
    .option('--end <date>', 'phase end, YYYY-MM-DD')
    .option('--goal <text>', 'phase goal')
    .option('--owner <person>', 'owner: a stakeholder id or name, or the plan owner')
    .option('--deliverable <text>', 'milestone deliverable')
    .option('--status <status>', 'milestone status (not_started, in_progress, done, blocked, missed)')
    .option('--major', 'a major milestone (the customer reviews the plan at each one)')
    .option('--what <text>', 'action: what is to be done')
    .option('--who <person>', 'action: who does it')
    .option('--when <date>', 'action: by when, YYYY-MM-DD')
    .option('--depends-on <ids>', 'action: ids it depends on (ac-N, ms-N), comma-separated or repeated', collect)
    .option('--probability <level>', 'risk probability: high, medium, low')
    .option('--impact <level>', 'risk impact: high, medium, low')
    .addOption(
      program
        .createOption('--rag <rag>', 'risk RAG (default: from probability x impact)')
        .choices(['red', 'amber', 'green']),
    )
    .option('--mitigation <text>', 'risk mitigation (shared with the customer)')
    .option('--analysis <text>', 'risk analysis (internal)')
    .option('--linked-to <id>', 'metric: the key result or criterion it measures (kr-N, sc-N)')
    .option('--value <n>', 'measurement value')
    .option('--date <date>', 'measurement or decision date (default: today)')
    .option('--note <text>', 'measurement note')
    .option('--text <text>', 'resource requirement, e.g. "1 SA (50%)"')
    .option('--activity <text>', 'RACI activity')
    .option('--decision <text>', 'decision: what was decided')
    .option('--rationale <text>', 'decision: why')
    .option('--decided-by <name>', 'decision: who decided')
    .option('--dry-run', 'show the change without writing it')
    .addHelpText(
      'after',
      `
Examples:
  $ csp add stakeholder acme --name "Sarah Chen" --title "VP Product" --role champion --side customer
  $ csp add objective acme --statement "Cut QBR preparation from 3 days to half a day by 2027-06-30"
  $ csp add criterion acme --criterion "Health score for every account" --baseline 0% --target 100% --measurement "Portfolio report" --due 2027-01-31
  $ csp add milestone acme --phase ph-2 --title "CRM sync live" --due 2026-12-20 --owner "Sarah Chen"
  $ csp add risk acme --title "Single-threaded" --probability medium --impact high --mitigation "Exec briefing" --owner sh-3`,
    );
}

/** csp add as commander parses it (see ArgsOf / OptionsOf in cli/action.ts). */
export type AddCli = ReturnType<typeof define>;

/** Registers csp add. */
export function registerAdd(program: Command): void {
  typedAction(define(typed(program)), () => import('./run.js'));
}
